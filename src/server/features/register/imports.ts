// Importing the paper register: parse and check every row, show a preview, then write everything in
// one transaction or nothing. The checked rows are kept between preview and commit so that the commit
// writes exactly what the officer saw.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { viOrder } from '../../db/collation.ts';
import { compareVi } from '../../../core/collation.ts';
import {
  searchKey,
  type ChildFields,
  type CircumstanceFields,
  type HealthRecordFields,
  type SupportFields,
} from '../../../core/register/records.ts';
import { circumstanceShown, grantedGroups, supportShown } from '../../../core/privacy/policy.ts';
import { isSensitiveCircumstance } from '../../../core/register/circumstances.ts';
import type { Locale } from '../../../i18n/index.ts';
import { Refusal, forbidden, notFound } from '../../platform/refusal.ts';
import { writeAudit } from '../audit/index.ts';
import { isCommuneStaff, logReads, type RegisterContext } from './access.ts';
import { caseFactsByChild, subjectOf } from './children.ts';
import { todayInVietnam } from '../../platform/clock.ts';
import { jobFor, startJob, type JobView, type Progress } from './jobs.ts';
import type { Job } from './contracts.ts';
import { parseRegisterFile, type ExistingChild, type ParsedDated } from './import/parse.ts';
import type { RowIssue } from '../../platform/spreadsheet.ts';
import { writeRegisterWorkbook, type RegisterWorkbookContent } from './import/write.ts';

/** Importing writes the whole commune's register: its officer and chairman, not a village collaborator. */
export const mayImport = isCommuneStaff;
const BATCH = 5000;
/** The preview shows this many issues; the count says how many there are in all. */
const ISSUES_SHOWN = 500;

interface StoredRows {
  children: ChildFields[];
  circumstances: (CircumstanceFields & { childCode: string })[];
  supports: (SupportFields & { childCode: string })[];
  healthRecords: (HealthRecordFields & { childCode: string })[];
}

export interface ImportPreview {
  importId: number | null;
  fileName: string;
  summary: {
    rows: number;
    children: { new: number; updated: number };
    circumstances: number;
    supports: number;
    healthRecords: number;
    newVillages: string[];
  };
  issues: RowIssue[];
  issueCount: number;
}

async function existingChildren(db: Kysely<Database>, communeId: number): Promise<Map<string, ExistingChild>> {
  const rows = await db
    .selectFrom('child as c')
    .innerJoin('household as h', 'h.id', 'c.household_id')
    .select(['c.code', 'c.birth_date', 'c.died_on', 'h.code as household_code', 'c.id_number'])
    .where('c.unit_id', '=', communeId)
    .execute();
  return new Map(
    rows.map((r) => [
      r.code,
      {
        code: r.code,
        birthDate: r.birth_date,
        diedOn: r.died_on,
        householdCode: r.household_code,
        idNumber: r.id_number,
      },
    ]),
  );
}

const dated = <T>(rows: ParsedDated<T>[]) => rows.map((r) => ({ ...r.fields, childCode: r.childCode }));

/** Reads and checks a file; keeps the rows for the commit only when every row is right. */
export async function previewImport(
  db: Kysely<Database>,
  ctx: RegisterContext,
  data: Buffer,
  fileName: string,
  locale: Locale,
  progress: Progress,
): Promise<ImportPreview> {
  if (!mayImport(ctx)) throw forbidden();
  progress('reading', 0, 0);
  const existing = await existingChildren(db, ctx.communeId);
  const groups = new Set((await db.selectFrom('circumstance_group').select('code').execute()).map((g) => g.code));
  const parsed = await parseRegisterFile(data, fileName, {
    today: todayInVietnam(),
    locale,
    existing,
    groups,
    onProgress: (done, total) => progress('checking', done, total),
  });
  // Identity numbers are checked within the commune only (the parser, against `existing`): whether a number is held in another commune is not this officer's to know.
  const issues = parsed.issues;
  const villages = new Set(
    (await db.selectFrom('village').select('name').where('unit_id', '=', ctx.communeId).execute()).map((v) => v.name),
  );
  const newVillages = [...new Set(parsed.children.map((c) => c.fields.villageName))]
    .filter((v) => !villages.has(v))
    .sort(compareVi);
  const updated = parsed.children.filter((c) => existing.has(c.fields.code)).length;
  const summary = {
    rows: parsed.rowCount,
    children: { new: parsed.children.length - updated, updated },
    circumstances: parsed.circumstances.length,
    supports: parsed.supports.length,
    healthRecords: parsed.healthRecords.length,
    newVillages,
  };
  // Previews hold identities: one left for a day is dropped rather than kept.
  await db
    .updateTable('register_import')
    .set({ status: 'discarded', rows: JSON.stringify({}) })
    .where('status', '=', 'preview')
    .where('created_at', '<', sql<Date>`now() - interval '1 day'`)
    .execute();
  let importId: number | null = null;
  if (!issues.length && parsed.rowCount > 0) {
    progress('saving_preview', 0, 1);
    const rows: StoredRows = {
      children: parsed.children.map((c) => c.fields),
      circumstances: dated(parsed.circumstances),
      supports: dated(parsed.supports),
      healthRecords: dated(parsed.healthRecords),
    };
    importId = (
      await db
        .insertInto('register_import')
        .values({
          unit_id: ctx.communeId,
          file_name: fileName,
          status: 'preview',
          summary: JSON.stringify(summary),
          rows: JSON.stringify(rows),
          created_by: ctx.viewer.userId,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  }
  return { importId, fileName, summary, issues: issues.slice(0, ISSUES_SHOWN), issueCount: issues.length };
}

/** Column arrays for INSERT … SELECT FROM unnest(…): one statement per batch of rows. */
function columns<T>(rows: T[], pick: { [K: string]: (r: T) => unknown }) {
  return Object.fromEntries(Object.entries(pick).map(([k, f]) => [k, rows.map(f)]));
}

/** A column of a dated table: name, SQL type, how to read it from a row, and whether it identifies the record. */
type DatedColumn<T> = [
  name: string,
  type: 'text' | 'date' | 'int' | 'numeric' | 'boolean',
  pick: (r: T) => unknown,
  key?: boolean,
];

/** Inserts a child's dated records by child code in batches, skipping any already recorded (same child and key columns). */
async function insertDated<T extends { childCode: string }>(
  trx: Kysely<Database>,
  ctx: RegisterContext,
  table: 'child_circumstance' | 'child_support' | 'child_health_record',
  rows: T[],
  cols: DatedColumn<T>[],
  step: (n: number) => void,
) {
  const names = sql.raw(cols.map(([n]) => n).join(', '));
  const picked = sql.raw(cols.map(([n]) => `x.${n}`).join(', '));
  const same = sql.raw(
    cols
      .filter(([, , , key]) => key)
      .map(([n]) => `e.${n} = x.${n}`)
      .join(' AND '),
  );
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH);
    const arrays = sql.join([
      sql`${sql.val(batch.map((r) => r.childCode))}::text[]`,
      ...cols.map(([, type, pick]) => sql`${sql.val(batch.map(pick))}::${sql.raw(type)}[]`),
    ]);
    await sql`INSERT INTO ${sql.table(table)} (child_id, unit_id, province_id, ${names})
      SELECT c.id, ${ctx.communeId}, ${ctx.provinceId}, ${picked}
      FROM unnest(${arrays}) AS x(child_code, ${names})
      JOIN child c ON c.unit_id = ${ctx.communeId} AND c.code = x.child_code
      WHERE NOT EXISTS (SELECT 1 FROM ${sql.table(table)} e WHERE e.child_id = c.id AND ${same})`.execute(trx);
    step(batch.length);
  }
}

/** Writes a previewed import in one transaction: villages, households, children, then their dated records. */
export async function commitImport(db: Kysely<Database>, ctx: RegisterContext, importId: number, progress: Progress) {
  if (!mayImport(ctx)) throw forbidden();
  return db.transaction().execute(async (trx) => {
    const imp = await trx
      .selectFrom('register_import')
      .select(['id', 'status', 'rows', 'file_name'])
      .where('id', '=', importId)
      .where('unit_id', '=', ctx.communeId)
      .forUpdate()
      .executeTakeFirst();
    if (!imp) throw notFound('import', importId);
    if (imp.status !== 'preview') throw new Refusal('conflict', 'registerImport:error.already', { status: imp.status });
    const rows = imp.rows as StoredRows;
    const total = rows.children.length + rows.circumstances.length + rows.supports.length + rows.healthRecords.length;
    let done = 0;
    const u = ctx.communeId;
    const p = ctx.provinceId;
    await sql`INSERT INTO village (unit_id, province_id, name) SELECT ${u}, ${p}, n FROM unnest(${sql.val([...new Set(rows.children.map((c) => c.villageName))])}::text[]) AS n
      ON CONFLICT (unit_id, name) DO NOTHING`.execute(trx);
    // One row per household: the last row that names it wins (the parser has refused disagreeing rows).
    const households = [...new Map(rows.children.map((c) => [c.householdCode, c])).values()];
    for (let i = 0; i < households.length; i += BATCH) {
      const b = columns(households.slice(i, i + BATCH), {
        code: (c) => c.householdCode,
        head: (c) => c.householdHead,
        address: (c) => c.address,
        village: (c) => c.villageName,
      });
      await sql`INSERT INTO household (unit_id, province_id, village_id, code, head_name, address)
        SELECT ${u}, ${p}, v.id, x.code, x.head, x.address
        FROM unnest(${sql.val(b.code)}::text[], ${sql.val(b.head)}::text[], ${sql.val(b.address)}::text[], ${sql.val(b.village)}::text[]) AS x(code, head, address, village)
        JOIN village v ON v.unit_id = ${u} AND v.name = x.village
        ON CONFLICT (unit_id, code) DO UPDATE SET village_id = excluded.village_id, head_name = excluded.head_name, address = excluded.address`.execute(
        trx,
      );
    }
    for (let i = 0; i < rows.children.length; i += BATCH) {
      const batch = rows.children.slice(i, i + BATCH);
      const b = columns(batch, {
        code: (c) => c.code,
        household: (c) => c.householdCode,
        name: (c) => c.fullName,
        search: (c) => searchKey(c.fullName),
        birth: (c) => c.birthDate,
        sex: (c) => c.sex,
        idn: (c) => c.idNumber,
        guardian: (c) => c.guardianName,
        relation: (c) => c.guardianRelation,
        registered: (c) => c.birthRegisteredOn,
        education: (c) => c.education,
        immunized: (c) => c.fullyImmunizedOn,
        disability: (c) => c.disability,
        moved: (c) => c.movedOutOn,
        died: (c) => c.diedOn,
        note: (c) => c.note,
      });
      await sql`INSERT INTO child (unit_id, province_id, village_id, household_id, code, full_name, search_name, birth_date, sex, id_number, guardian_name, guardian_relation,
          birth_registered_on, education, fully_immunized_on, disability, moved_out_on, died_on, note, updated_by)
        SELECT ${u}, ${p}, h.village_id, h.id, x.code, x.name, x.search, x.birth, x.sex, x.idn, x.guardian, x.relation, x.registered, x.education, x.immunized, x.disability, x.moved, x.died, x.note, ${ctx.viewer.userId}
        FROM unnest(${sql.val(b.code)}::text[], ${sql.val(b.household)}::text[], ${sql.val(b.name)}::text[], ${sql.val(b.search)}::text[], ${sql.val(b.birth)}::date[], ${sql.val(b.sex)}::text[],
          ${sql.val(b.idn)}::text[], ${sql.val(b.guardian)}::text[], ${sql.val(b.relation)}::text[], ${sql.val(b.registered)}::date[], ${sql.val(b.education)}::text[],
          ${sql.val(b.immunized)}::date[], ${sql.val(b.disability)}::text[], ${sql.val(b.moved)}::date[], ${sql.val(b.died)}::date[], ${sql.val(b.note)}::text[])
          AS x(code, household, name, search, birth, sex, idn, guardian, relation, registered, education, immunized, disability, moved, died, note)
        JOIN household h ON h.unit_id = ${u} AND h.code = x.household
        ON CONFLICT (unit_id, code) DO UPDATE SET village_id = excluded.village_id, household_id = excluded.household_id, full_name = excluded.full_name,
          search_name = excluded.search_name, birth_date = excluded.birth_date, sex = excluded.sex, id_number = excluded.id_number, guardian_name = excluded.guardian_name,
          guardian_relation = excluded.guardian_relation, birth_registered_on = excluded.birth_registered_on, education = excluded.education,
          fully_immunized_on = excluded.fully_immunized_on, disability = excluded.disability, moved_out_on = excluded.moved_out_on, died_on = excluded.died_on,
          note = excluded.note, updated_by = excluded.updated_by, updated_at = now()`.execute(trx);
      done += batch.length;
      progress('writing', done, total);
    }
    // Dated records are added unless the same record is there already, so that importing a file twice adds nothing.
    const step = (n: number) => progress('writing', (done += n), total);
    await insertDated(
      trx,
      ctx,
      'child_circumstance',
      rows.circumstances,
      [
        ['group_code', 'text', (r) => r.group, true],
        ['started_on', 'date', (r) => r.startedOn, true],
        ['ended_on', 'date', (r) => r.endedOn],
        ['note', 'text', (r) => r.note],
      ],
      step,
    );
    await insertDated(
      trx,
      ctx,
      'child_support',
      rows.supports,
      [
        ['kind', 'text', (r) => r.kind, true],
        ['given_on', 'date', (r) => r.givenOn, true],
        ['provider', 'text', (r) => r.provider],
        ['note', 'text', (r) => r.note],
        ['created_by', 'int', () => ctx.viewer.userId],
      ],
      step,
    );
    await insertDated(
      trx,
      ctx,
      'child_health_record',
      rows.healthRecords,
      [
        ['kind', 'text', (r) => r.kind, true],
        ['checked_on', 'date', (r) => r.checkedOn, true],
        ['weight_kg', 'numeric', (r) => r.weightKg],
        ['height_cm', 'numeric', (r) => r.heightCm],
        ['underweight', 'boolean', (r) => r.underweight],
        ['stunted', 'boolean', (r) => r.stunted],
        ['note', 'text', (r) => r.note],
      ],
      step,
    );
    await trx
      .updateTable('register_import')
      .set({ status: 'committed', committed_at: sql<Date>`now()`, rows: JSON.stringify({}) })
      .where('id', '=', importId)
      .execute();
    const result = {
      children: rows.children.length,
      circumstances: rows.circumstances.length,
      supports: rows.supports.length,
      healthRecords: rows.healthRecords.length,
    };
    await writeAudit(trx, {
      userId: ctx.viewer.userId,
      action: 'import',
      entity: 'register',
      entityId: ctx.communeId,
      after: { importId, file: imp.file_name, ...result },
      ip: ctx.ip,
    });
    return result;
  });
}

export async function discardImport(db: Kysely<Database>, ctx: RegisterContext, importId: number) {
  if (!mayImport(ctx)) throw forbidden();
  const row = await db
    .updateTable('register_import')
    .set({ status: 'discarded', rows: JSON.stringify({}) })
    .where('id', '=', importId)
    .where('unit_id', '=', ctx.communeId)
    .where('status', '=', 'preview')
    .returning('id')
    .executeTakeFirst();
  if (!row) throw notFound('import', importId);
}

/** The commune's register as a workbook (officer and chairman only); every child exported is logged. */
export async function exportRegister(db: Kysely<Database>, ctx: RegisterContext, locale: Locale): Promise<Buffer> {
  if (!mayImport(ctx)) throw forbidden();
  const u = ctx.communeId;
  const children = await db
    .selectFrom('child as c')
    .innerJoin('village as v', 'v.id', 'c.village_id')
    .innerJoin('household as h', 'h.id', 'c.household_id')
    .select([
      'c.id',
      'c.code',
      'c.village_id',
      'v.name as village',
      'h.code as household',
      'h.head_name',
      'h.address',
      'c.full_name',
      'c.birth_date',
      'c.sex',
      'c.id_number',
      'c.guardian_name',
      'c.guardian_relation',
      'c.birth_registered_on',
      'c.education',
      'c.fully_immunized_on',
      'c.disability',
      'c.moved_out_on',
      'c.died_on',
      'c.note',
    ])
    .where('c.unit_id', '=', u)
    .orderBy(viOrder('v.name'))
    .orderBy('c.code')
    .execute();
  const codeOf = new Map(children.map((c) => [c.id, c.code]));
  const facts = await caseFactsByChild(
    db,
    children.map((c) => c.id),
  );
  const granted = new Map(
    children.map((c) => [c.id, grantedGroups(ctx.viewer, subjectOf(ctx, c, facts.get(c.id) ?? []))]),
  );
  const caseOf = (childId: number) => (caseId: number) => facts.get(childId)?.find((f) => f.id === caseId);
  const [circumstances, supports, health] = await Promise.all([
    db.selectFrom('child_circumstance').selectAll().where('unit_id', '=', u).orderBy('id').execute(),
    db.selectFrom('child_support').selectAll().where('unit_id', '=', u).orderBy('id').execute(),
    db.selectFrom('child_health_record').selectAll().where('unit_id', '=', u).orderBy('id').execute(),
  ]);
  const content: RegisterWorkbookContent = {
    children: children.map((c) => ({
      code: c.code,
      villageName: c.village,
      householdCode: c.household,
      householdHead: c.head_name,
      address: c.address,
      fullName: c.full_name,
      birthDate: c.birth_date,
      sex: c.sex,
      idNumber: c.id_number,
      guardianName: c.guardian_name,
      guardianRelation: c.guardian_relation,
      birthRegisteredOn: c.birth_registered_on,
      education: c.education as ChildFields['education'],
      fullyImmunizedOn: c.fully_immunized_on,
      disability: c.disability,
      movedOutOn: c.moved_out_on,
      diedOn: c.died_on,
      note: c.note,
    })),
    // Each record as the policy shows it to this viewer: what they may not see is not in the file.
    circumstances: circumstances
      .filter((r) => granted.has(r.child_id) && circumstanceShown(granted.get(r.child_id)!, r.group_code))
      .map((r) => ({
        childCode: codeOf.get(r.child_id)!,
        group: r.group_code,
        startedOn: r.started_on,
        endedOn: r.ended_on,
        note: r.note,
      })),
    supports: supports
      .filter(
        (r) =>
          granted.has(r.child_id) &&
          supportShown(ctx.viewer, granted.get(r.child_id)!, caseOf(r.child_id), { caseId: r.case_id }),
      )
      .map((r) => ({
        childCode: codeOf.get(r.child_id)!,
        kind: r.kind,
        givenOn: r.given_on,
        provider: r.provider,
        note: r.note,
      })),
    healthRecords: health.map((r) => ({
      childCode: codeOf.get(r.child_id)!,
      kind: r.kind,
      checkedOn: r.checked_on,
      weightKg: r.weight_kg === null ? null : Number(r.weight_kg),
      heightCm: r.height_cm === null ? null : Number(r.height_cm),
      underweight: r.underweight,
      stunted: r.stunted,
      note: r.note,
    })),
  };
  // The log holds, per child, the groups the file carries of that child.
  const sensitiveShown = new Set(
    content.circumstances.filter((c) => isSensitiveCircumstance(c.group)).map((c) => c.childCode),
  );
  const EXPORTED = ['identity', 'profile', 'education', 'health', 'circumstances', 'supports'] as const;
  await logReads(
    db,
    ctx,
    'export',
    children.map((c) => ({
      childId: c.id,
      fields: [
        ...EXPORTED.filter((g) => granted.get(c.id)!.has(g)),
        ...(sensitiveShown.has(c.code) ? ['sensitive_circumstances'] : []),
      ],
    })),
  );
  await writeAudit(db, {
    userId: ctx.viewer.userId,
    action: 'export',
    entity: 'register',
    entityId: u,
    after: { children: children.length },
    ip: ctx.ip,
  });
  return writeRegisterWorkbook(content, locale);
}

export const templateWorkbook = (locale: Locale) =>
  writeRegisterWorkbook({ children: [], circumstances: [], supports: [], healthRecords: [] }, locale);

/** How a failed job is shown on the page; the HTTP layer gives it, as it translates. */
export type DescribeJobError = (e: unknown) => JobView['error'];

/** Checks an uploaded register file in the background; the page polls the job for the preview. */
export function startImportPreview(
  db: Kysely<Database>,
  ctx: RegisterContext,
  file: { name: string; data: Buffer },
  locale: Locale,
  describeError: DescribeJobError,
) {
  if (!mayImport(ctx)) throw forbidden();
  const job = startJob(
    'import_preview',
    ctx.viewer.userId,
    (progress) => previewImport(db, ctx, file.data, file.name, locale, progress),
    describeError,
  );
  return { jobId: job.id };
}

/** Writes a previewed import in the background; the page polls the job for the counts written. */
export function startImportCommit(
  db: Kysely<Database>,
  ctx: RegisterContext,
  importId: number,
  describeError: DescribeJobError,
) {
  if (!mayImport(ctx)) throw forbidden();
  const job = startJob(
    'import_commit',
    ctx.viewer.userId,
    (progress) => commitImport(db, ctx, importId, progress),
    describeError,
  );
  return { jobId: job.id };
}

/** A job of this user; the register's only jobs are imports, so its result is a preview or the counts written. */
export function readImportJob(jobId: string, userId: number): Job {
  const job = jobFor(jobId, userId);
  if (!job) throw new Refusal('not_found', 'common:error.not_found', { what: 'job', id: jobId });
  return job as Job;
}
