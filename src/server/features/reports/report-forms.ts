// Report forms as a province keeps them: the national preset of each kind, or the province's adjusted copy, saved
// as a new version (the reports already sent keep the version they were drafted on). Audited.
import type { Kysely } from 'kysely';
import { PRESET_FORMS, ReportFormSchema, type ReportForm, type ReportKind } from '../../../core/reports/forms.ts';
import { STATISTICS } from '../../../core/reports/statistics.ts';
import type { Database } from '../../db/schema.ts';
import { writeAudit } from '../audit/index.ts';
import type { PlanContext } from '../plans/index.ts';
import { requireProvinceOfficial } from './consolidate.ts';
import type { ReportFormsView } from './contracts.ts';
import { formFor } from './statistics.ts';

const catalogue = (): ReportFormsView['catalogue'] =>
  STATISTICS.map((s) => ({
    code: s.code,
    kind: s.kind,
    source: s.kind === 'rate' ? 'derived' : s.source,
    unit: s.unit,
    label: s.label,
  }));

/** The form the unit reports on, the preset, and the catalogue to build an adjusted copy from. */
export async function reportForms(db: Kysely<Database>, ctx: PlanContext, kind: ReportKind): Promise<ReportFormsView> {
  const { form, provinceId } = await formFor(db, ctx.provinceId, kind);
  return {
    kind,
    effective: { ...form, provinceId },
    preset: PRESET_FORMS[kind],
    catalogue: catalogue(),
    canEdit: ctx.level === 'province' && ctx.canWrite,
  };
}

/** Saves the province's adjusted copy of a kind's form as its next version. */
export async function saveReportForm(
  db: Kysely<Database>,
  ctx: PlanContext,
  kind: ReportKind,
  input: Omit<ReportForm, 'kind' | 'version'>,
): Promise<ReportFormsView> {
  requireProvinceOfficial(ctx);
  await db.transaction().execute(async (trx) => {
    const last = await trx
      .selectFrom('report_form')
      .select((eb) => eb.fn.max('version').as('version'))
      .where('province_id', '=', ctx.unitId)
      .where('kind', '=', kind)
      .executeTakeFirst();
    const version = Number(last?.version ?? 0) + 1;
    // Checked again as a whole: the route checked the body, this checks what is stored.
    const form = ReportFormSchema.parse({ ...input, kind, version });
    const row = await trx
      .insertInto('report_form')
      .values({ province_id: ctx.unitId, kind, version, definition: JSON.stringify(form), created_by: ctx.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      userId: ctx.userId,
      action: 'create',
      entity: 'report_form',
      entityId: row.id,
      after: { kind, version, tables: form.tables.map((t) => ({ id: t.id, rows: t.rows.map((r) => r.statistic) })) },
      ip: ctx.ip,
    });
  });
  return reportForms(db, ctx, kind);
}
