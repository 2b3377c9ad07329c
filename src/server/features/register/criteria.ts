// The register's counts beside the criterion values: computed as of the period's end, adoptable
// one by one, the records behind each count for those allowed, and suppressed summaries upward.
import { sql, type Kysely } from 'kysely';
import type { Database, ValueOrigin } from '../../db/schema.ts';
import { viOrder } from '../../db/collation.ts';
import { byVi } from '../../../core/collation.ts';
import { hiddenRecords, type CaseFacts, type HiddenRecords } from '../../../core/privacy/policy.ts';
import { DEFAULT_MIN_COUNT } from '../../../core/register/suppression.ts';
import { formatDate } from '../../../i18n/format.ts';
import { translator, type Locale } from '../../../i18n/index.ts';
import { Refusal, forbidden, notFound } from '../../platform/refusal.ts';
import { readAssessment, saveValues } from '../assessments/index.ts';
import { loadPeriod } from '../../platform/periods.ts';
import { readsProvince } from '../auth/index.ts';
import type { SessionUser } from '../auth/index.ts';
import { isCommuneStaff, logReads, type RegisterContext } from './access.ts';
import { subjectOf } from './children.ts';
import { DERIVED, deriveInputs, derivedRecordIds, type PeriodRange } from './derive.ts';
import { forumInputs } from '../forums/index.ts';
import { surveyInputs } from '../surveys/index.ts';
import { communeLenses } from '../assessments/index.ts';
import { SUPPRESSED } from '../../../core/privacy/disclosure.ts';

async function periodRange(db: Kysely<Database>, periodId: number): Promise<PeriodRange & { year: number }> {
  const p = await loadPeriod(db, periodId);
  return { startsOn: p.starts_on, endsOn: p.ends_on, year: p.year };
}

type DerivedValue = number | boolean;
type Origin = Exclude<ValueOrigin, 'manual'>;

/**
 * Where computed criterion inputs come from: the register, the satisfaction surveys (C13), and the
 * forums and events (C11, C12). Each gives the values of many communes for a period; the assessment
 * form shows them all the same way, and adopting one records its source.
 */
const SOURCES: {
  origin: Origin;
  codes: readonly string[];
  compute(
    db: Kysely<Database>,
    communeIds: number[],
    period: PeriodRange & { id: number },
  ): Promise<Map<number, Record<string, DerivedValue>>>;
}[] = [
  {
    origin: 'register',
    codes: DERIVED.map((d) => d.code),
    compute: (db, ids, period) => deriveInputs(db, ids, period),
  },
  {
    origin: 'survey',
    codes: ['C13.respondents', 'C13.satisfied'],
    compute: (db, ids, period) => surveyInputs(db, ids, period.id),
  },
  {
    origin: 'forum',
    codes: ['C11.forum', 'C11.answered', 'C11.consulted', 'C12.events'],
    compute: async (db, ids, period) =>
      new Map([...(await forumInputs(db, ids, period))].map(([id, v]) => [id, { ...v }])),
  },
];

async function computedValues(db: Kysely<Database>, communeId: number, period: PeriodRange & { id: number }) {
  const found = await Promise.all(
    SOURCES.map(async (s) => ({
      source: s,
      values: (await s.compute(db, [communeId], period)).get(communeId) ?? null,
    })),
  );
  return found;
}

/** Each computed input of the assessment's rule set: the computed value, the stored value and where it came from. */
export async function derivedForCommune(db: Kysely<Database>, ctx: RegisterContext, periodId: number) {
  if (!isCommuneStaff(ctx)) throw forbidden();
  const period = await periodRange(db, periodId);
  const found = await computedValues(db, ctx.communeId, { ...period, id: periodId });
  const assessment = await readAssessment(db, ctx.communeId, periodId);
  const inputs = new Set(assessment.ruleSet.definition.inputs.map((i) => i.code));
  const register = DERIVED.filter((d) => inputs.has(d.code)).map((d) => ({
    code: d.code,
    source: d.source,
    origin: 'register' as Origin,
    sensitive: d.sensitive,
    computed: found[0]!.values ? (found[0]!.values[d.code] ?? 0) : null,
  }));
  const others = found.slice(1).flatMap(({ source, values }) =>
    source.codes
      .filter((code) => inputs.has(code))
      .map((code) => ({
        code,
        source: source.origin as Exclude<Origin, 'register'>,
        origin: source.origin,
        sensitive: false,
        computed: values ? (values[code] ?? null) : null,
      })),
  );
  return {
    period: { id: periodId, year: period.year, startsOn: period.startsOn, endsOn: period.endsOn },
    hasRegister: found[0]!.values !== null,
    inputs: [...register, ...others].map((d) => {
      const stored = assessment.values[d.code];
      return {
        ...d,
        stored: stored
          ? { value: stored.value, origin: stored.origin, sourceNote: stored.sourceNote, enteredAt: stored.enteredAt }
          : null,
        differs: d.computed !== null && stored !== undefined && stored.value !== d.computed,
      };
    }),
  };
}

/** What the viewer may not see among the commune's circumstances, supports and cases (the policy's answer, by id). */
async function hiddenForCommune(db: Kysely<Database>, ctx: RegisterContext): Promise<HiddenRecords> {
  const u = ctx.communeId;
  const [circumstances, supports, cases] = await Promise.all([
    db.selectFrom('child_circumstance').select(['id', 'child_id', 'group_code']).where('unit_id', '=', u).execute(),
    db.selectFrom('child_support').select(['id', 'child_id', 'case_id']).where('unit_id', '=', u).execute(),
    db
      .selectFrom('protection_case')
      .select(['id', 'child_id', 'kind', 'case_worker_id', 'assigned_by'])
      .where('unit_id', '=', u)
      .execute(),
  ]);
  const childIds = [...new Set([...circumstances, ...supports, ...cases].map((r) => r.child_id))];
  const villages = childIds.length
    ? await db
        .selectFrom('child')
        .select(['id', 'village_id'])
        .where('id', '=', sql<number>`ANY(${sql.val(childIds)}::int[])`)
        .execute()
    : [];
  const children = new Map(
    villages.map((c) => [
      c.id,
      {
        id: c.id,
        subject: subjectOf(ctx, c, [] as CaseFacts[]),
        circumstances: [] as { id: number; group: string }[],
        supports: [] as { id: number; caseId: number | null }[],
      },
    ]),
  );
  for (const c of cases)
    (children.get(c.child_id)!.subject.cases as CaseFacts[]).push({
      id: c.id,
      kind: c.kind,
      caseWorkerId: c.case_worker_id,
      assignedBy: c.assigned_by,
    });
  for (const c of circumstances) children.get(c.child_id)!.circumstances.push({ id: c.id, group: c.group_code });
  for (const s of supports) children.get(s.child_id)!.supports.push({ id: s.id, caseId: s.case_id });
  return hiddenRecords(ctx.viewer, children.values());
}

/**
 * The records behind one count. `count` is the exact figure the staff score with; the records listed are
 * those that make the count's condition true among what this viewer may see, so a child is listed exactly
 * when what the viewer sees of the child explains it, and nothing marks what was left out. Logged.
 */
export async function derivedRecords(db: Kysely<Database>, ctx: RegisterContext, periodId: number, code: string) {
  if (!isCommuneStaff(ctx)) throw forbidden();
  const def = DERIVED.find((d) => d.code === code);
  if (!def) throw notFound('derived input', code);
  const period = await periodRange(db, periodId);
  const all = await derivedRecordIds(db, ctx.communeId, period, code);
  const count = all.length;
  if (def.source === 'village') {
    const rows = all.length
      ? await db.selectFrom('village').select(['id', 'name']).where('id', 'in', all).orderBy(viOrder('name')).execute()
      : [];
    return {
      code,
      source: def.source,
      count,
      records: rows.map((r) => ({ kind: 'village' as const, id: r.id, name: r.name })),
    };
  }
  const ids = await derivedRecordIds(db, ctx.communeId, period, code, await hiddenForCommune(db, ctx));
  const byChild =
    def.source === 'case'
      ? ids.length
        ? await db
            .selectFrom('protection_case')
            .select(['id', 'child_id'])
            .where('id', 'in', ids)
            .orderBy('id')
            .execute()
        : []
      : ids.map((id) => ({ id, child_id: id }));
  const shown = [...new Set(byChild.map((c) => c.child_id))].slice(0, 1000);
  const children = shown.length
    ? await db
        .selectFrom('child as c')
        .innerJoin('village as v', 'v.id', 'c.village_id')
        .select(['c.id', 'c.code', 'c.full_name', 'c.birth_date', 'v.name as village'])
        .where('c.id', 'in', shown)
        .execute()
    : [];
  const byId = new Map(children.map((c) => [c.id, c]));
  const records = shown.map((childId) => {
    const c = byId.get(childId)!;
    return {
      kind: 'child' as const,
      id: c.id,
      code: c.code,
      fullName: c.full_name,
      birthDate: c.birth_date,
      village: c.village,
      caseIds: def.source === 'case' ? byChild.filter((x) => x.child_id === childId).map((x) => x.id) : [],
    };
  });
  records.sort(byVi((r) => r.fullName));
  await logReads(
    db,
    ctx,
    'derived',
    records.map((r) => ({ childId: r.id, fields: ['identity', code] })),
  );
  return { code, source: def.source, count, records };
}

/** Saves computed values as the criterion values (officer or chairman), noting where each came from. */
export async function adoptDerived(
  db: Kysely<Database>,
  ctx: RegisterContext,
  periodId: number,
  codes: string[],
  note: string | undefined,
  locale: Locale,
) {
  if (!isCommuneStaff(ctx)) throw forbidden();
  const period = await periodRange(db, periodId);
  const found = await computedValues(db, ctx.communeId, { ...period, id: periodId });
  const value = new Map<string, { value: DerivedValue; origin: Origin }>();
  for (const { source, values } of found)
    if (values)
      for (const code of source.codes)
        if (code in values) value.set(code, { value: values[code]!, origin: source.origin });
  const unknown = codes.filter((c) => !value.has(c));
  if (unknown.length) throw new Refusal('conflict', 'register:error.not_derived', { codes: unknown.join(', ') });
  const t = translator(locale);
  const noteOf = (code: string) =>
    note?.trim() || t(`register:adopted_note_${value.get(code)!.origin}`, { date: formatDate(period.endsOn) });
  return saveValues(
    db,
    ctx.communeId,
    periodId,
    {
      values: Object.fromEntries(codes.map((c) => [c, value.get(c)!.value])),
      notes: Object.fromEntries(codes.map((c) => [c, noteOf(c)])),
      origins: Object.fromEntries(codes.map((c) => [c, value.get(c)!.origin])),
    },
    { userId: ctx.viewer.userId, ip: ctx.ip },
  );
}

/** The register's counts of every current commune of a province, small counts suppressed (province roles). */
export async function provinceSummary(
  db: Kysely<Database>,
  user: SessionUser,
  provinceId: number,
  periodId: number,
  minCount = DEFAULT_MIN_COUNT,
) {
  if (!readsProvince(user, provinceId)) throw forbidden();
  const period = await periodRange(db, periodId);
  const communes = await db
    .selectFrom('unit')
    .select(['id', 'code', 'name'])
    .where('parent_id', '=', provinceId)
    .where('level', '=', 'commune')
    .where('valid_to', 'is', null)
    .orderBy(viOrder('name'))
    .execute();
  const counts = await deriveInputs(
    db,
    communes.map((c) => c.id),
    period,
  );
  const codes = DERIVED.map((d) => d.code);
  // Small sensitive counts and one of each small whole − part difference withheld, by the rule every
  // answer applies (src/core/privacy/disclosure.ts): exact to those who score them, as in the assessment.
  const lenses = await communeLenses(db, user, provinceId, [...counts.keys()], periodId, minCount);
  const cells = (id: number) => {
    const values = Object.fromEntries(codes.map((code) => [code, counts.get(id)![code] ?? 0]));
    const hidden = lenses.get(id)!.hidden(values);
    return Object.fromEntries(
      codes.map((code) => [code, hidden.has(code) ? SUPPRESSED : { value: values[code]!, suppressed: false as const }]),
    );
  };
  return {
    period: { id: periodId, year: period.year },
    minCount,
    codes,
    communes: communes
      .filter((c) => counts.has(c.id))
      .map((c) => ({ id: c.id, code: c.code, name: c.name, counts: cells(c.id) })),
    withoutRegister: communes.filter((c) => !counts.has(c.id)).length,
  };
}
