// Children of a commune's register: listing, reading and writing, each shaped by what the viewer may see.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { CIRCUMSTANCE_GROUPS, BUILTIN_SUBGROUPS, isSensitiveCircumstance, topGroup } from '../../../core/register/circumstances.ts';
import {
  caseVisibility,
  circumstanceVisible,
  fieldGroups,
  seesSensitive,
  villageLimit,
  type FieldGroup,
} from '../../../core/register/privacy.ts';
import {
  AGE_BANDS,
  ageOn,
  checkChild,
  checkChildDated,
  circumstanceSchema,
  healthRecordSchema,
  searchKey,
  supportSchema,
  type CaseKind,
  type ChildFields,
  type RecordIssue,
} from '../../../core/register/records.ts';
import { translator, type Locale } from '../../../i18n/index.ts';
import { AppError, forbidden, notFound } from '../../http/errors.ts';
import { writeAudit } from '../audit/audit.ts';
import { logReads, type RegisterContext } from './access.ts';

export const todayIso = () => new Date().toISOString().slice(0, 10);

/** Register issues as the API's 400: each names the field (translated) and the value. */
export function recordIssuesError(issues: RecordIssue[], locale: Locale, status = 400): AppError {
  const t = translator(locale);
  return new AppError(
    status,
    'register:error.invalid_record',
    { count: issues.length },
    issues.map((i) => ({
      field: i.field,
      value: i.value ?? null,
      message: t(`register:issue.${i.code}`, { ...i.params, field: t(`register:field.${i.field.split('.').pop()}`), value: i.value ?? '', other: i.params?.other ? t(`register:field.${String(i.params.other)}`, { defaultValue: String(i.params.other) }) : '' }),
    })),
  );
}

/** Seeds the 14 groups of the law and the shipped sub-groups; officials' own sub-groups stay. */
export async function ensureCircumstanceGroups(db: Kysely<Database>): Promise<void> {
  const rows = [
    ...CIRCUMSTANCE_GROUPS.map((g) => ({ code: g.code, parent_code: null, letter: g.letter, label_vi: g.label.vi, label_en: g.label.en, sensitive: g.sensitive, builtin: true })),
    ...BUILTIN_SUBGROUPS.map((g) => ({ code: g.code, parent_code: g.parent, letter: '', label_vi: g.label.vi, label_en: g.label.en, sensitive: isSensitiveCircumstance(g.parent), builtin: true })),
  ];
  await db.insertInto('circumstance_group').values(rows).onConflict((oc) => oc.column('code').doNothing()).execute();
}

/** The workers of each child's cases: who besides the chairman may see that child's sensitive items. */
export async function caseWorkersByChild(db: Kysely<Database>, childIds: number[]): Promise<Map<number, (number | null)[]>> {
  const map = new Map<number, (number | null)[]>();
  if (!childIds.length) return map;
  const rows = await db.selectFrom('protection_case').select(['child_id', 'case_worker_id']).where('child_id', '=', sql<number>`ANY(${sql.val(childIds)}::int[])`).execute();
  for (const r of rows) map.set(r.child_id, [...(map.get(r.child_id) ?? []), r.case_worker_id]);
  return map;
}

export interface ChildFilter {
  villageId?: number;
  q?: string;
  ageBand?: string;
  group?: string;
  includeLeft?: boolean;
  page: number;
  pageSize: number;
}

/** One page of the commune's children with the visible special-circumstance groups; every child shown is logged. */
export async function listChildren(db: Kysely<Database>, ctx: RegisterContext, filter: ChildFilter) {
  const today = todayIso();
  const villages = villageLimit(ctx.viewer, ctx.communeId);
  if (filter.group && isSensitiveCircumstance(filter.group) && ctx.access !== 'chairman') throw new AppError(403, 'register:error.sensitive_filter');
  let q = db.selectFrom('child as c').where('c.unit_id', '=', ctx.communeId);
  if (villages) q = q.where('c.village_id', 'in', villages.length ? villages : [-1]);
  if (filter.villageId) q = q.where('c.village_id', '=', filter.villageId);
  if (!filter.includeLeft) q = q.where('c.died_on', 'is', null).where('c.moved_out_on', 'is', null);
  if (filter.q) {
    const key = searchKey(filter.q);
    q = q.where((eb) => eb.or([eb('c.search_name', 'like', `${key.replace(/[%_\\]/g, '\\$&')}%`), eb('c.search_name', 'like', `% ${key.replace(/[%_\\]/g, '\\$&')}%`), eb('c.code', '=', filter.q!.trim())]));
  }
  const band = AGE_BANDS.find((b) => b.code === filter.ageBand);
  if (band) {
    // Age on today's date: born after (today − to years) and on or before (today − from years).
    q = q
      .where('c.birth_date', '>', sql<string>`(${today}::date - make_interval(years => ${band.to}))::date`)
      .where('c.birth_date', '<=', sql<string>`(${today}::date - make_interval(years => ${band.from}))::date`);
  }
  if (filter.group) {
    const group = filter.group;
    q = q.where('c.id', 'in', (eb) =>
      eb.selectFrom('child_circumstance as ci').select('ci.child_id').where('ci.unit_id', '=', ctx.communeId).where((w) => w.or([w('ci.group_code', '=', group), w('ci.group_code', 'like', `${group}.%`)])).where('ci.ended_on', 'is', null),
    );
  }
  const [{ total }] = (await q.select((eb) => eb.fn.countAll<string>().as('total')).execute()) as [{ total: string }];
  // Name order (search_name is ASCII in the "C" collation, so its index gives the page without a sort);
  // villages and households are joined to the fifty rows of the page only.
  const page = q.select(['c.id', 'c.search_name']).orderBy('c.search_name').orderBy('c.id').limit(filter.pageSize).offset((filter.page - 1) * filter.pageSize).as('pg');
  const rows = await db
    .selectFrom(page)
    .innerJoin('child as c', 'c.id', 'pg.id')
    .innerJoin('village as v', 'v.id', 'c.village_id')
    .innerJoin('household as h', 'h.id', 'c.household_id')
    .select(['c.id', 'c.code', 'c.full_name', 'c.birth_date', 'c.sex', 'c.village_id', 'v.name as village_name', 'h.code as household_code', 'c.died_on', 'c.moved_out_on'])
    .orderBy('pg.search_name')
    .orderBy('c.id')
    .execute();
  const ids = rows.map((r) => r.id);
  const groups = ids.length
    ? await db.selectFrom('child_circumstance').select(['child_id', 'group_code']).where('child_id', 'in', ids).where('ended_on', 'is', null).execute()
    : [];
  const workers = await caseWorkersByChild(db, ids);
  await logReads(db, ctx, 'list', ids.map((id) => ({ childId: id, fields: ['identity', 'profile'] })));
  return {
    total: Number(total),
    page: filter.page,
    pageSize: filter.pageSize,
    rows: rows.map((r) => ({
      id: r.id,
      code: r.code,
      fullName: r.full_name,
      birthDate: r.birth_date,
      age: ageOn(r.birth_date, today),
      sex: r.sex,
      villageId: r.village_id,
      villageName: r.village_name,
      householdCode: r.household_code,
      left: r.died_on ? 'died' : r.moved_out_on ? 'moved' : null,
      groups: [
        ...new Set(
          groups.filter((g) => g.child_id === r.id && circumstanceVisible(ctx.access, ctx.viewer.userId, g.group_code, workers.get(r.id) ?? [])).map((g) => topGroup(g.group_code)),
        ),
      ],
    })),
  };
}

/** Loads a child of the commune the viewer may reach (a collaborator: only their village). */
async function childInScope(db: Kysely<Database>, ctx: RegisterContext, childId: number) {
  const child = await db.selectFrom('child').selectAll().where('id', '=', childId).where('unit_id', '=', ctx.communeId).executeTakeFirst();
  if (!child) throw notFound('child', childId);
  const villages = villageLimit(ctx.viewer, ctx.communeId);
  if (villages && !villages.includes(child.village_id)) throw forbidden();
  return child;
}

/** A child's whole record as this viewer may see it; the read is logged with the parts shown. */
export async function readChild(db: Kysely<Database>, ctx: RegisterContext, childId: number) {
  const child = await childInScope(db, ctx, childId);
  const groupsShown: FieldGroup[] = fieldGroups(ctx.access);
  const [household, village, circumstances, supports, health, cases] = await Promise.all([
    db.selectFrom('household').selectAll().where('id', '=', child.household_id).executeTakeFirstOrThrow(),
    db.selectFrom('village').select(['id', 'name']).where('id', '=', child.village_id).executeTakeFirstOrThrow(),
    db.selectFrom('child_circumstance as ci').innerJoin('circumstance_group as g', 'g.code', 'ci.group_code').select(['ci.id', 'ci.group_code', 'g.label_vi', 'g.label_en', 'ci.started_on', 'ci.ended_on', 'ci.note']).where('ci.child_id', '=', childId).orderBy('ci.started_on').execute(),
    db.selectFrom('child_support').selectAll().where('child_id', '=', childId).orderBy('given_on').execute(),
    db.selectFrom('child_health_record').selectAll().where('child_id', '=', childId).orderBy('checked_on').execute(),
    db.selectFrom('protection_case').select(['id', 'kind', 'reported_on', 'closed_on', 'case_worker_id']).where('child_id', '=', childId).orderBy('reported_on').execute(),
  ]);
  const workers = cases.map((c) => c.case_worker_id);
  const sensitiveOk = seesSensitive(ctx.access, ctx.viewer.userId, workers);
  // A support given for a sensitive case would give the case away.
  const supportVisible = (s: { case_id: number | null }) => s.case_id === null || sensitiveOk;
  await logReads(db, ctx, 'view', [{ childId, fields: groupsShown }]);
  return {
    id: child.id,
    access: ctx.access,
    fieldGroups: groupsShown,
    code: child.code,
    fullName: child.full_name,
    birthDate: child.birth_date,
    age: ageOn(child.birth_date, todayIso()),
    sex: child.sex,
    idNumber: child.id_number,
    guardianName: child.guardian_name,
    guardianRelation: child.guardian_relation,
    village: { id: village.id, name: village.name },
    household: { id: household.id, code: household.code, head: household.head_name, address: household.address },
    birthRegisteredOn: child.birth_registered_on,
    education: child.education,
    fullyImmunizedOn: child.fully_immunized_on,
    disability: child.disability,
    movedOutOn: child.moved_out_on,
    diedOn: child.died_on,
    note: child.note,
    circumstances: circumstances.map((c) =>
      circumstanceVisible(ctx.access, ctx.viewer.userId, c.group_code, workers)
        ? { id: c.id, restricted: false as const, group: c.group_code, label: { vi: c.label_vi, en: c.label_en }, startedOn: c.started_on, endedOn: c.ended_on, note: c.note }
        : { id: c.id, restricted: true as const },
    ),
    supports: groupsShown.includes('supports')
      ? supports.map((s) => (supportVisible(s) ? { id: s.id, restricted: false as const, kind: s.kind, givenOn: s.given_on, provider: s.provider, note: s.note } : { id: s.id, restricted: true as const }))
      : null,
    healthRecords: health.map((h) => ({ id: h.id, kind: h.kind, checkedOn: h.checked_on, weightKg: h.weight_kg === null ? null : Number(h.weight_kg), heightCm: h.height_cm === null ? null : Number(h.height_cm), underweight: h.underweight, stunted: h.stunted, note: h.note })),
    cases: groupsShown.includes('cases')
      ? cases.map((c) => {
          const visibility = caseVisibility(ctx.access, ctx.viewer.userId, { kind: c.kind as CaseKind, caseWorkerId: c.case_worker_id });
          return visibility === 'full' ? { id: c.id, restricted: false as const, kind: c.kind, reportedOn: c.reported_on, closedOn: c.closed_on } : { id: c.id, restricted: true as const };
        })
      : null,
  };
}

async function findOrCreateVillage(db: Kysely<Database>, ctx: RegisterContext, name: string): Promise<number> {
  const existing = await db.selectFrom('village').select('id').where('unit_id', '=', ctx.communeId).where('name', '=', name).executeTakeFirst();
  if (existing) return existing.id;
  const villages = villageLimit(ctx.viewer, ctx.communeId);
  if (villages) throw forbidden(); // a collaborator works within their village
  const row = await db.insertInto('village').values({ unit_id: ctx.communeId, province_id: ctx.provinceId, name }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** The household a child belongs to: found by code in the commune, created when new, updated head/address. */
async function placeHousehold(db: Kysely<Database>, ctx: RegisterContext, villageId: number, f: ChildFields): Promise<number> {
  const row = await db
    .insertInto('household')
    .values({ unit_id: ctx.communeId, province_id: ctx.provinceId, village_id: villageId, code: f.householdCode, head_name: f.householdHead, address: f.address })
    .onConflict((oc) => oc.columns(['unit_id', 'code']).doUpdateSet({ village_id: villageId, head_name: f.householdHead, address: f.address }))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const childColumns = (f: ChildFields) => ({
  code: f.code,
  full_name: f.fullName,
  search_name: searchKey(f.fullName),
  birth_date: f.birthDate,
  sex: f.sex,
  id_number: f.idNumber,
  guardian_name: f.guardianName,
  guardian_relation: f.guardianRelation,
  birth_registered_on: f.birthRegisteredOn,
  education: f.education,
  fully_immunized_on: f.fullyImmunizedOn,
  disability: f.disability,
  moved_out_on: f.movedOutOn,
  died_on: f.diedOn,
  note: f.note,
});

/** Unique codes and identity numbers: a clash is the officer's to fix, named with the value. */
async function checkUnique(db: Kysely<Database>, ctx: RegisterContext, f: ChildFields, childId: number | null): Promise<RecordIssue[]> {
  const issues: RecordIssue[] = [];
  const sameCode = await db.selectFrom('child').select('id').where('unit_id', '=', ctx.communeId).where('code', '=', f.code).$if(childId !== null, (q) => q.where('id', '<>', childId!)).executeTakeFirst();
  if (sameCode) issues.push({ field: 'code', value: f.code, code: 'code_taken' });
  if (f.idNumber) {
    const sameId = await db.selectFrom('child').select(['id', 'unit_id']).where('id_number', '=', f.idNumber).$if(childId !== null, (q) => q.where('id', '<>', childId!)).executeTakeFirst();
    if (sameId) issues.push({ field: 'idNumber', value: f.idNumber, code: 'id_number_taken' });
  }
  return issues;
}

export async function saveChild(db: Kysely<Database>, ctx: RegisterContext, input: unknown, childId: number | null, locale: Locale) {
  const checked = checkChild(input, todayIso());
  if (!checked.ok) throw recordIssuesError(checked.issues, locale);
  const f = checked.value;
  return db.transaction().execute(async (trx) => {
    if (childId !== null) await childInScope(trx, ctx, childId);
    const clashes = await checkUnique(trx, ctx, f, childId);
    if (clashes.length) throw recordIssuesError(clashes, locale, 409);
    const villageId = await findOrCreateVillage(trx, ctx, f.villageName);
    const villages = villageLimit(ctx.viewer, ctx.communeId);
    if (villages && !villages.includes(villageId)) throw forbidden();
    const householdId = await placeHousehold(trx, ctx, villageId, f);
    const values = { ...childColumns(f), village_id: villageId, household_id: householdId, updated_by: ctx.viewer.userId, updated_at: sql<Date>`now()` };
    const id = childId === null
      ? (await trx.insertInto('child').values({ ...values, unit_id: ctx.communeId, province_id: ctx.provinceId }).returning('id').executeTakeFirstOrThrow()).id
      : (await trx.updateTable('child').set(values).where('id', '=', childId).returning('id').executeTakeFirstOrThrow()).id;
    // The audit names the record and the fields, never the child's identity.
    await writeAudit(trx, { userId: ctx.viewer.userId, action: childId === null ? 'create_child' : 'update_child', entity: 'child', entityId: id, after: { fields: Object.keys(input as object) }, ip: ctx.ip });
    return id;
  });
}

export type DatedKind = 'circumstances' | 'supports' | 'health-records';

/** Adds a dated record to a child: a special circumstance, a support given, or a health record. */
export async function addDated(db: Kysely<Database>, ctx: RegisterContext, childId: number, kind: DatedKind, input: unknown, locale: Locale) {
  const child = await childInScope(db, ctx, childId);
  const today = todayIso();
  const life = { birthDate: child.birth_date, diedOn: child.died_on };
  if (kind === 'supports' && ctx.access === 'collaborator') throw forbidden();
  return db.transaction().execute(async (trx) => {
    let id: number;
    if (kind === 'circumstances') {
      const c = checkChildDated(circumstanceSchema, input, life, today, [{ field: 'startedOn' }, { field: 'endedOn', notBefore: 'startedOn' }]);
      if (!c.ok) throw recordIssuesError(c.issues, locale);
      const group = await trx.selectFrom('circumstance_group').select(['code', 'sensitive']).where('code', '=', c.value.group).executeTakeFirst();
      if (!group) throw recordIssuesError([{ field: 'group', value: c.value.group, code: 'unknown_group' }], locale);
      if (group.sensitive && ctx.access === 'collaborator') throw forbidden();
      id = (await trx.insertInto('child_circumstance').values({ child_id: childId, unit_id: ctx.communeId, province_id: ctx.provinceId, group_code: group.code, started_on: c.value.startedOn, ended_on: c.value.endedOn, note: c.value.note }).returning('id').executeTakeFirstOrThrow()).id;
    } else if (kind === 'supports') {
      const c = checkChildDated(supportSchema, input, life, today, [{ field: 'givenOn' }]);
      if (!c.ok) throw recordIssuesError(c.issues, locale);
      id = (await trx.insertInto('child_support').values({ child_id: childId, unit_id: ctx.communeId, province_id: ctx.provinceId, kind: c.value.kind, given_on: c.value.givenOn, provider: c.value.provider, note: c.value.note, created_by: ctx.viewer.userId }).returning('id').executeTakeFirstOrThrow()).id;
    } else {
      const c = checkChildDated(healthRecordSchema, input, life, today, [{ field: 'checkedOn' }]);
      if (!c.ok) throw recordIssuesError(c.issues, locale);
      id = (await trx.insertInto('child_health_record').values({ child_id: childId, unit_id: ctx.communeId, province_id: ctx.provinceId, kind: c.value.kind, checked_on: c.value.checkedOn, weight_kg: c.value.weightKg, height_cm: c.value.heightCm, underweight: c.value.underweight, stunted: c.value.stunted, note: c.value.note }).returning('id').executeTakeFirstOrThrow()).id;
    }
    await writeAudit(trx, { userId: ctx.viewer.userId, action: `add_${kind}`, entity: 'child', entityId: childId, after: { id }, ip: ctx.ip });
    return id;
  });
}

const DATED_TABLE = { circumstances: 'child_circumstance', supports: 'child_support', 'health-records': 'child_health_record' } as const;

export async function removeDated(db: Kysely<Database>, ctx: RegisterContext, childId: number, kind: DatedKind, id: number) {
  await childInScope(db, ctx, childId);
  if (ctx.access === 'collaborator' && kind !== 'health-records') throw forbidden();
  await db.transaction().execute(async (trx) => {
    const table = DATED_TABLE[kind];
    const removed = await trx.deleteFrom(table).where('id', '=', id).where('child_id', '=', childId).returning('id').executeTakeFirst();
    if (!removed) throw notFound(kind, id);
    await writeAudit(trx, { userId: ctx.viewer.userId, action: `remove_${kind}`, entity: 'child', entityId: childId, before: { id }, ip: ctx.ip });
  });
}

export async function listVillages(db: Kysely<Database>, ctx: RegisterContext) {
  const limit = villageLimit(ctx.viewer, ctx.communeId);
  const rows = await db
    .selectFrom('village as v')
    .select(['v.id', 'v.name', (eb) => eb.selectFrom('child as c').select((e) => e.fn.countAll<string>().as('n')).whereRef('c.village_id', '=', 'v.id').where('c.died_on', 'is', null).where('c.moved_out_on', 'is', null).as('children')])
    .where('v.unit_id', '=', ctx.communeId)
    .$if(limit !== null, (q) => q.where('v.id', 'in', limit!.length ? limit! : [-1]))
    .orderBy('v.name')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, children: Number(r.children ?? 0) }));
}

/** The read log of the commune (chairman only), newest first, optionally for one child. */
export async function accessLog(db: Kysely<Database>, ctx: RegisterContext, filter: { childId?: number; limit: number }) {
  if (ctx.access !== 'chairman') throw forbidden();
  const rows = await db
    .selectFrom('child_access_log as l')
    .innerJoin('app_user as u', 'u.id', 'l.user_id')
    .leftJoin('child as c', 'c.id', 'l.child_id')
    .select(['l.id', 'l.at', 'l.action', 'l.fields', 'l.child_id', 'l.case_id', 'c.code as child_code', 'u.username', 'u.full_name', 'l.ip'])
    .where('l.unit_id', '=', ctx.communeId)
    .$if(filter.childId !== undefined, (q) => q.where('l.child_id', '=', filter.childId!))
    .orderBy('l.id', 'desc')
    .limit(filter.limit)
    .execute();
  return rows.map((r) => ({ id: Number(r.id), at: new Date(r.at).toISOString(), action: r.action, fields: r.fields, childId: r.child_id, childCode: r.child_code, caseId: r.case_id, user: { username: r.username, fullName: r.full_name }, ip: r.ip }));
}
