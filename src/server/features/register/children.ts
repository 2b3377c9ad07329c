// Children of a commune's register: listing, reading and writing. What a viewer sees of a child is
// decided by the core policy (src/core/privacy/policy.ts) and nothing here: this file loads the facts,
// asks the policy, and returns and logs exactly what it allowed.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { viOrder } from '../../db/collation.ts';
import {
  CIRCUMSTANCE_GROUPS,
  BUILTIN_SUBGROUPS,
  isSensitiveCircumstance,
} from '../../../core/register/circumstances.ts';
import {
  caseShown,
  circumstanceShown,
  grantedGroups,
  projectChild,
  supportShown,
  villageLimit,
  visibleTopGroups,
  type CaseFacts,
  type ChildSubject,
} from '../../../core/privacy/policy.ts';
import {
  AGE_BANDS,
  ageOn,
  checkChild,
  checkChildDated,
  circumstanceSchema,
  healthRecordSchema,
  searchKey,
  supportEntrySchema,
  type ChildFields,
  type RecordIssue,
} from '../../../core/register/records.ts';
import { forbidden, notFound, phrase, Refusal, type RefusalKind } from '../../platform/refusal.ts';
import { writeAudit } from '../audit/index.ts';
import { deniedRead, isCommuneStaff, logReads, type RegisterContext } from './access.ts';
import { todayInVietnam } from '../../platform/clock.ts';
import { mergeChildEdit, type ChildEditConflict, type ChildEditField } from '../../../core/register/child-edit.ts';

/** Register issues as the API's 400: each names the field (translated) and the value. */
export function recordIssuesError(issues: RecordIssue[], kind: RefusalKind = 'invalid'): Refusal {
  return new Refusal(
    kind,
    'register:error.invalid_record',
    { count: issues.length },
    issues.map((i) => ({
      field: i.field,
      value: i.value ?? null,
      message: phrase(`register:issue.${i.code}`, {
        ...i.params,
        field: phrase(`register:field.${i.field.split('.').pop()}`),
        value: i.value ?? '',
        other: i.params?.other
          ? phrase(`register:field.${String(i.params.other)}`, { defaultValue: String(i.params.other) })
          : '',
      }),
    })),
  );
}

/** Seeds the 14 groups of the law and the shipped sub-groups; officials' own sub-groups stay. */
export async function ensureCircumstanceGroups(db: Kysely<Database>): Promise<void> {
  const rows = [
    ...CIRCUMSTANCE_GROUPS.map((g) => ({
      code: g.code,
      parent_code: null,
      letter: g.letter,
      label_vi: g.label.vi,
      label_en: g.label.en,
      sensitive: g.sensitive,
      builtin: true,
    })),
    ...BUILTIN_SUBGROUPS.map((g) => ({
      code: g.code,
      parent_code: g.parent,
      letter: '',
      label_vi: g.label.vi,
      label_en: g.label.en,
      sensitive: isSensitiveCircumstance(g.parent),
      builtin: true,
    })),
  ];
  await db
    .insertInto('circumstance_group')
    .values(rows)
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
}

/** The facts of each child's cases that the policy reads (kind, worker, who assigned the worker). */
export async function caseFactsByChild(db: Kysely<Database>, childIds: number[]): Promise<Map<number, CaseFacts[]>> {
  const map = new Map<number, CaseFacts[]>();
  if (!childIds.length) return map;
  const rows = await db
    .selectFrom('protection_case')
    .select(['id', 'child_id', 'kind', 'case_worker_id', 'assigned_by'])
    .where('child_id', '=', sql<number>`ANY(${sql.val(childIds)}::int[])`)
    .execute();
  for (const r of rows) {
    const list = map.get(r.child_id) ?? [];
    list.push({ id: r.id, kind: r.kind, caseWorkerId: r.case_worker_id, assignedBy: r.assigned_by });
    map.set(r.child_id, list);
  }
  return map;
}

export const subjectOf = (
  ctx: RegisterContext,
  child: { village_id: number },
  cases: readonly CaseFacts[],
): ChildSubject => ({ communeId: ctx.communeId, villageId: child.village_id, cases });

export interface ChildFilter {
  villageId?: number;
  q?: string;
  ageBand?: string;
  group?: string;
  includeLeft?: boolean;
  page: number;
  pageSize: number;
}

/**
 * The codes a group filter matches: the group and its sub-groups, looked up in the list of groups, so
 * that no text from the request ever becomes a pattern. An unknown code is a 400 naming the value.
 */
async function groupCodes(db: Kysely<Database>, ctx: RegisterContext, group: string): Promise<string[]> {
  const rows = await db
    .selectFrom('circumstance_group')
    .select(['code', 'parent_code', 'sensitive'])
    .where((eb) => eb.or([eb('code', '=', group), eb('parent_code', '=', group)]))
    .execute();
  const self = rows.find((r) => r.code === group);
  if (!self) throw recordIssuesError([{ field: 'group', value: group, code: 'unknown_group' }]);
  // Decided by the role alone: filtering by a sensitive group would list who is in it.
  if (self.sensitive && ctx.access !== 'chairman') throw new Refusal('forbidden', 'register:error.sensitive_filter');
  return rows.map((r) => r.code);
}

/** One page of the commune's children (a collaborator: their villages) with the groups the viewer may see; every child shown is logged. */
export async function listChildren(db: Kysely<Database>, ctx: RegisterContext, filter: ChildFilter) {
  const today = todayInVietnam();
  const villages = villageLimit(ctx.viewer, ctx.communeId);
  const codes = filter.group ? await groupCodes(db, ctx, filter.group) : null;
  let q = db.selectFrom('child as c').where('c.unit_id', '=', ctx.communeId);
  if (villages) q = q.where('c.village_id', 'in', villages.length ? villages : [-1]);
  if (filter.villageId) q = q.where('c.village_id', '=', filter.villageId);
  if (!filter.includeLeft) q = q.where('c.died_on', 'is', null).where('c.moved_out_on', 'is', null);
  if (filter.q?.trim()) {
    const key = searchKey(filter.q);
    const code = filter.q.trim();
    // A name starts with the words typed (the index's range), or a later word does; the code matches exactly.
    // Plain comparisons and strpos: nothing typed is read as a pattern.
    q = q.where((eb) =>
      eb.or([
        eb.and([eb('c.search_name', '>=', key), eb('c.search_name', '<', sql<string>`${key} || chr(1114111)`)]),
        eb(sql`strpos(c.search_name, ${` ${key}`})`, '>', 0),
        eb('c.code', '=', code),
      ]),
    );
  }
  const band = AGE_BANDS.find((b) => b.code === filter.ageBand);
  if (band) {
    // Age on today's date: born after (today − to years) and on or before (today − from years).
    q = q
      .where('c.birth_date', '>', sql<string>`(${today}::date - make_interval(years => ${band.to}))::date`)
      .where('c.birth_date', '<=', sql<string>`(${today}::date - make_interval(years => ${band.from}))::date`);
  }
  if (codes) {
    q = q.where('c.id', 'in', (eb) =>
      eb
        .selectFrom('child_circumstance as ci')
        .select('ci.child_id')
        .where('ci.unit_id', '=', ctx.communeId)
        .where('ci.group_code', 'in', codes)
        .where('ci.ended_on', 'is', null),
    );
  }
  const [{ total }] = (await q.select((eb) => eb.fn.countAll<string>().as('total')).execute()) as [{ total: string }];
  // Vietnamese name order (the index child_name_order_idx of migration 0026 gives the page without a sort);
  // villages and households are joined to the fifty rows of the page only.
  const page = q
    .select(['c.id', 'c.full_name as order_name'])
    .orderBy(viOrder('c.full_name'))
    .orderBy('c.id')
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize)
    .as('pg');
  const rows = await db
    .selectFrom(page)
    .innerJoin('child as c', 'c.id', 'pg.id')
    .innerJoin('village as v', 'v.id', 'c.village_id')
    .innerJoin('household as h', 'h.id', 'c.household_id')
    .select([
      'c.id',
      'c.code',
      'c.full_name',
      'c.birth_date',
      'c.sex',
      'c.village_id',
      'v.name as village_name',
      'h.code as household_code',
      'c.died_on',
      'c.moved_out_on',
    ])
    .orderBy(viOrder('pg.order_name'))
    .orderBy('c.id')
    .execute();
  const ids = rows.map((r) => r.id);
  const [groups, cases] = await Promise.all([
    ids.length
      ? db
          .selectFrom('child_circumstance')
          .select(['child_id', 'group_code'])
          .where('child_id', 'in', ids)
          .where('ended_on', 'is', null)
          .execute()
      : [],
    caseFactsByChild(db, ids),
  ]);
  const shown = rows.flatMap((r) => {
    const granted = grantedGroups(ctx.viewer, subjectOf(ctx, r, cases.get(r.id) ?? []));
    if (!granted.has('identity')) return [];
    const visible = visibleTopGroups(
      granted,
      groups.filter((g) => g.child_id === r.id).map((g) => g.group_code),
    );
    const fields = [
      'identity',
      ...(granted.has('profile') ? ['profile'] : []),
      'circumstances',
      ...(visible.some(isSensitiveCircumstance) ? ['sensitive_circumstances'] : []),
    ];
    return [{ r, visible, fields }];
  });
  await logReads(
    db,
    ctx,
    'list',
    shown.map(({ r, fields }) => ({ childId: r.id, fields })),
  );
  return {
    total: Number(total),
    page: filter.page,
    pageSize: filter.pageSize,
    rows: shown.map(({ r, visible }) => ({
      id: r.id,
      code: r.code,
      fullName: r.full_name,
      birthDate: r.birth_date,
      age: ageOn(r.birth_date, today),
      sex: r.sex,
      villageId: r.village_id,
      villageName: r.village_name,
      householdCode: r.household_code,
      left: r.died_on ? ('died' as const) : r.moved_out_on ? ('moved' as const) : null,
      groups: visible,
    })),
  };
}

/** The child's stored row when the viewer may see the child at all; otherwise the refusal is logged and answered as "no such child". */
async function childInScope(db: Kysely<Database>, ctx: RegisterContext, childId: number) {
  const child = await db
    .selectFrom('child')
    .selectAll()
    .where('id', '=', childId)
    .where('unit_id', '=', ctx.communeId)
    .executeTakeFirst();
  if (!child) return deniedRead(db, ctx, 'child', childId);
  const cases = (await caseFactsByChild(db, [childId])).get(childId) ?? [];
  const granted = grantedGroups(ctx.viewer, subjectOf(ctx, child, cases));
  if (!granted.has('identity')) return deniedRead(db, ctx, 'child', childId, { childId });
  return { child, cases, granted };
}

/** Everything stored about one child, in the shape the policy projects. */
async function loadChildRecord(db: Kysely<Database>, ctx: RegisterContext, childId: number) {
  const { child, cases: facts } = await childInScope(db, ctx, childId);
  const [household, village, circumstances, supports, health, cases] = await Promise.all([
    db.selectFrom('household').selectAll().where('id', '=', child.household_id).executeTakeFirstOrThrow(),
    db.selectFrom('village').select(['id', 'name']).where('id', '=', child.village_id).executeTakeFirstOrThrow(),
    db
      .selectFrom('child_circumstance as ci')
      .innerJoin('circumstance_group as g', 'g.code', 'ci.group_code')
      .select(['ci.id', 'ci.group_code', 'g.label_vi', 'g.label_en', 'ci.started_on', 'ci.ended_on', 'ci.note'])
      .where('ci.child_id', '=', childId)
      .orderBy('ci.started_on')
      .orderBy('ci.id')
      .execute(),
    db
      .selectFrom('child_support')
      .selectAll()
      .where('child_id', '=', childId)
      .orderBy('given_on')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('child_health_record')
      .selectAll()
      .where('child_id', '=', childId)
      .orderBy('checked_on')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('protection_case')
      .select(['id', 'kind', 'reported_on', 'closed_on', 'case_worker_id', 'assigned_by'])
      .where('child_id', '=', childId)
      .orderBy('reported_on')
      .orderBy('id')
      .execute(),
  ]);
  const today = todayInVietnam();
  return {
    child,
    facts,
    record: {
      subject: subjectOf(ctx, child, facts),
      identity: {
        code: child.code,
        fullName: child.full_name,
        birthDate: child.birth_date,
        age: ageOn(child.birth_date, today),
        sex: child.sex,
        idNumber: child.id_number,
        guardianName: child.guardian_name,
        guardianRelation: child.guardian_relation,
        village: { id: village.id, name: village.name },
        household: { id: household.id, code: household.code, head: household.head_name, address: household.address },
      },
      profile: {
        birthRegisteredOn: child.birth_registered_on,
        movedOutOn: child.moved_out_on,
        diedOn: child.died_on,
        note: child.note,
      },
      education: { education: child.education },
      health: { fullyImmunizedOn: child.fully_immunized_on, disability: child.disability },
      healthRecords: health.map((h) => ({
        id: h.id,
        kind: h.kind,
        checkedOn: h.checked_on,
        weightKg: h.weight_kg === null ? null : Number(h.weight_kg),
        heightCm: h.height_cm === null ? null : Number(h.height_cm),
        underweight: h.underweight,
        stunted: h.stunted,
        note: h.note,
      })),
      circumstances: circumstances.map((c) => ({
        id: c.id,
        group: c.group_code,
        label: { vi: c.label_vi, en: c.label_en },
        startedOn: c.started_on,
        endedOn: c.ended_on,
        note: c.note,
      })),
      supports: supports.map((s) => ({
        id: s.id,
        caseId: s.case_id,
        kind: s.kind,
        givenOn: s.given_on,
        provider: s.provider,
        note: s.note,
      })),
      cases: cases.map((c) => ({
        id: c.id,
        kind: c.kind,
        caseWorkerId: c.case_worker_id,
        assignedBy: c.assigned_by,
        reportedOn: c.reported_on,
        closedOn: c.closed_on,
      })),
    },
  };
}

/** A child's record as this viewer may see it: parts not shown are absent. The read is logged with the parts shown. */
export async function readChild(db: Kysely<Database>, ctx: RegisterContext, childId: number) {
  const { child, record } = await loadChildRecord(db, ctx, childId);
  const projected = projectChild(ctx.viewer, record);
  if (!projected) return deniedRead(db, ctx, 'child', childId, { childId });
  const { view, shown } = projected;
  // Another child of the commune with the same identity number: the staff, who see the whole commune, resolve it.
  const sameIdNumber =
    isCommuneStaff(ctx) && child.id_number
      ? await db
          .selectFrom('child')
          .select(['id', 'code', 'full_name'])
          .where('unit_id', '=', ctx.communeId)
          .where('id_number', '=', child.id_number)
          .where('id', '<>', child.id)
          .orderBy('id')
          .execute()
      : [];
  await logReads(db, ctx, 'view', [{ childId, fields: shown }]);
  return {
    id: child.id,
    access: ctx.access,
    fieldGroups: shown,
    ...view.identity,
    ...(isCommuneStaff(ctx)
      ? { sameIdNumber: sameIdNumber.map((s) => ({ id: s.id, code: s.code, fullName: s.full_name })) }
      : {}),
    ...view.profile,
    ...view.education,
    ...view.health,
    ...(view.healthRecords ? { healthRecords: view.healthRecords } : {}),
    ...(view.circumstances ? { circumstances: view.circumstances } : {}),
    ...(view.supports ? { supports: view.supports } : {}),
    ...(view.cases
      ? { cases: view.cases.map((c) => ({ id: c.id, kind: c.kind, reportedOn: c.reportedOn, closedOn: c.closedOn })) }
      : {}),
  };
}

/**
 * The village a child is written into. A collaborator names only a village they keep: a village of
 * another name, existing or not, is refused the same way, so the answer says nothing about other villages.
 */
async function findOrCreateVillage(db: Kysely<Database>, ctx: RegisterContext, name: string): Promise<number> {
  const villages = villageLimit(ctx.viewer, ctx.communeId);
  const existing = await db
    .selectFrom('village')
    .select('id')
    .where('unit_id', '=', ctx.communeId)
    .where('name', '=', name)
    .executeTakeFirst();
  if (villages && (!existing || !villages.includes(existing.id))) throw forbidden();
  if (existing) return existing.id;
  const row = await db
    .insertInto('village')
    .values({ unit_id: ctx.communeId, province_id: ctx.provinceId, name })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * The household a child belongs to: found by code in the commune, created when new; its head, address and
 * village are updated only by a writer who may write the household's own village too.
 */
async function placeHousehold(
  db: Kysely<Database>,
  ctx: RegisterContext,
  villageId: number,
  f: ChildFields,
): Promise<number> {
  const villages = villageLimit(ctx.viewer, ctx.communeId);
  const existing = await db
    .selectFrom('household')
    .select(['id', 'village_id'])
    .where('unit_id', '=', ctx.communeId)
    .where('code', '=', f.householdCode)
    .forUpdate()
    .executeTakeFirst();
  if (existing && villages && !villages.includes(existing.village_id))
    throw recordIssuesError(
      [{ field: 'householdCode', value: f.householdCode, code: 'household_code_taken' }],
      'conflict',
    );
  const row = await db
    .insertInto('household')
    .values({
      unit_id: ctx.communeId,
      province_id: ctx.provinceId,
      village_id: villageId,
      code: f.householdCode,
      head_name: f.householdHead,
      address: f.address,
    })
    .onConflict((oc) =>
      oc
        .columns(['unit_id', 'code'])
        .doUpdateSet({ village_id: villageId, head_name: f.householdHead, address: f.address }),
    )
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

/**
 * Unique codes, and identity numbers unique among the children the writer can see (a collaborator: their
 * villages; the staff: the commune). A number held outside that scope is not reported: the answer would
 * tell the writer that a child they may not see exists. The staff see such duplicates on the record.
 */
async function checkUnique(
  db: Kysely<Database>,
  ctx: RegisterContext,
  f: ChildFields,
  childId: number | null,
): Promise<RecordIssue[]> {
  const issues: RecordIssue[] = [];
  const sameCode = await db
    .selectFrom('child')
    .select('id')
    .where('unit_id', '=', ctx.communeId)
    .where('code', '=', f.code)
    .$if(childId !== null, (q) => q.where('id', '<>', childId!))
    .executeTakeFirst();
  if (sameCode) issues.push({ field: 'code', value: f.code, code: 'code_taken' });
  if (f.idNumber) {
    const villages = villageLimit(ctx.viewer, ctx.communeId);
    const sameId = await db
      .selectFrom('child')
      .select('id')
      .where('unit_id', '=', ctx.communeId)
      .where('id_number', '=', f.idNumber)
      .$if(villages !== null, (q) => q.where('village_id', 'in', villages!.length ? villages! : [-1]))
      .$if(childId !== null, (q) => q.where('id', '<>', childId!))
      .executeTakeFirst();
    if (sameId) issues.push({ field: 'idNumber', value: f.idNumber, code: 'id_number_taken' });
  }
  return issues;
}

/** The refusal of an edit whose fields someone else changed meanwhile; the route answers 409 with `conflicts`. */
export class ChildEditConflicts extends Refusal {
  constructor(
    readonly conflicts: Array<
      ChildEditConflict & { theirs: { value: unknown; byName: string | null; at: string | null } }
    >,
  ) {
    super(
      'conflict',
      'register:error.edit_conflict',
      { count: conflicts.length },
      conflicts.map((c) => ({
        field: c.field,
        value: c.mine,
        message: phrase('register:issue.changed_meanwhile', {
          field: phrase(`register:field.${c.field}`),
          theirs: shownChildValue(c.field, c.theirs.value),
          mine: shownChildValue(c.field, c.mine),
          name: c.theirs.byName ?? phrase('register:someone'),
        }),
      })),
    );
  }
}

/** A child's value in a message: a choice by its name, empty as a dash (days are shown dd/mm/yyyy by the edge). */
function shownChildValue(field: string, value: unknown): unknown {
  if (value === null || value === undefined || value === '') return '—';
  if (field === 'sex' || field === 'education') return phrase(`register:${field}.${String(value)}`);
  return value;
}

/** A child's record as stored now, in the shape the edit body has, with who last changed it (locked for the edit). */
async function storedChildValues(trx: Kysely<Database>, childId: number) {
  const r = await trx
    .selectFrom('child as c')
    .innerJoin('village as v', 'v.id', 'c.village_id')
    .innerJoin('household as h', 'h.id', 'c.household_id')
    .leftJoin('app_user as u', 'u.id', 'c.updated_by')
    .select([
      'c.code',
      'v.name as village_name',
      'h.code as household_code',
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
      'c.updated_at',
      'u.full_name as updated_by_name',
    ])
    .where('c.id', '=', childId)
    .forUpdate('c')
    .executeTakeFirstOrThrow();
  const values: Record<ChildEditField, unknown> = {
    code: r.code,
    villageName: r.village_name,
    householdCode: r.household_code,
    householdHead: r.head_name,
    address: r.address ?? '',
    fullName: r.full_name,
    birthDate: r.birth_date,
    sex: r.sex,
    idNumber: r.id_number,
    guardianName: r.guardian_name ?? '',
    guardianRelation: r.guardian_relation ?? '',
    birthRegisteredOn: r.birth_registered_on,
    education: r.education,
    fullyImmunizedOn: r.fully_immunized_on,
    disability: r.disability ?? '',
    movedOutOn: r.moved_out_on,
    diedOn: r.died_on,
    note: r.note ?? '',
  };
  return { values, byName: r.updated_by_name, at: r.updated_at ? new Date(r.updated_at).toISOString() : null };
}

/**
 * Adds a child (childId null) or edits one. An edit may carry `base`, the values the client edited from (issue 21):
 * a field it did not change keeps what is stored now, and a field someone else changed meanwhile to another value
 * refuses the whole edit (409, both values) instead of being overwritten.
 */
export async function saveChild(
  db: Kysely<Database>,
  ctx: RegisterContext,
  input: unknown,
  childId: number | null,
  base: Record<string, unknown> | null = null,
) {
  const checked = checkChild(input, todayInVietnam());
  if (!checked.ok) throw recordIssuesError(checked.issues);
  let f = checked.value;
  if (childId !== null) await childInScope(db, ctx, childId);
  return db.transaction().execute(async (trx) => {
    if (childId !== null && base) {
      const stored = await storedChildValues(trx, childId);
      const { merged, conflicts } = mergeChildEdit(input as Record<string, unknown>, base, stored.values);
      if (conflicts.length)
        throw new ChildEditConflicts(
          conflicts.map((c) => ({ ...c, theirs: { value: c.theirs, byName: stored.byName, at: stored.at } })),
        );
      const again = checkChild(merged, todayInVietnam());
      if (!again.ok) throw recordIssuesError(again.issues);
      f = again.value;
    }
    const clashes = await checkUnique(trx, ctx, f, childId);
    if (clashes.length) throw recordIssuesError(clashes, 'conflict');
    const villageId = await findOrCreateVillage(trx, ctx, f.villageName);
    const householdId = await placeHousehold(trx, ctx, villageId, f);
    const values = {
      ...childColumns(f),
      village_id: villageId,
      household_id: householdId,
      updated_by: ctx.viewer.userId,
      updated_at: sql<Date>`now()`,
    };
    const id =
      childId === null
        ? (
            await trx
              .insertInto('child')
              .values({ ...values, unit_id: ctx.communeId, province_id: ctx.provinceId })
              .returning('id')
              .executeTakeFirstOrThrow()
          ).id
        : (
            await trx
              .updateTable('child')
              .set(values)
              .where('id', '=', childId)
              .returning('id')
              .executeTakeFirstOrThrow()
          ).id;
    // The audit names the record and the fields, never the child's identity.
    await writeAudit(trx, {
      userId: ctx.viewer.userId,
      action: childId === null ? 'create_child' : 'update_child',
      entity: 'child',
      entityId: id,
      after: { fields: Object.keys(input as object) },
      ip: ctx.ip,
    });
    return id;
  });
}

export type DatedKind = 'circumstances' | 'supports' | 'health-records';

/** Adds a dated record to a child: a special circumstance, a support given, or a health record. */
export async function addDated(
  db: Kysely<Database>,
  ctx: RegisterContext,
  childId: number,
  kind: DatedKind,
  input: unknown,
) {
  const { child, cases, granted } = await childInScope(db, ctx, childId);
  const today = todayInVietnam();
  const life = { birthDate: child.birth_date, diedOn: child.died_on };
  if (kind === 'supports' && !granted.has('supports')) throw forbidden();
  return db.transaction().execute(async (trx) => {
    let id: number;
    if (kind === 'circumstances') {
      const c = checkChildDated(circumstanceSchema, input, life, today, [
        { field: 'startedOn' },
        { field: 'endedOn', notBefore: 'startedOn' },
      ]);
      if (!c.ok) throw recordIssuesError(c.issues);
      const group = await trx
        .selectFrom('circumstance_group')
        .select(['code', 'sensitive'])
        .where('code', '=', c.value.group)
        .executeTakeFirst();
      if (!group) throw recordIssuesError([{ field: 'group', value: c.value.group, code: 'unknown_group' }]);
      // Decided by the role: a collaborator records no sensitive group. An officer may record one he will not see.
      if (group.sensitive && ctx.access === 'collaborator') throw forbidden();
      id = (
        await trx
          .insertInto('child_circumstance')
          .values({
            child_id: childId,
            unit_id: ctx.communeId,
            province_id: ctx.provinceId,
            group_code: group.code,
            started_on: c.value.startedOn,
            ended_on: c.value.endedOn,
            note: c.value.note,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    } else if (kind === 'supports') {
      const c = checkChildDated(supportEntrySchema, input, life, today, [{ field: 'givenOn' }]);
      if (!c.ok) throw recordIssuesError(c.issues);
      // A support for a case: only a case of this child that the writer sees; any other id gets the same answer.
      const caseId = c.value.caseId;
      if (caseId !== null) {
        const facts = cases.find((x) => x.id === caseId);
        if (!facts || !caseShown(ctx.viewer, granted, facts))
          throw recordIssuesError([{ field: 'caseId', value: caseId, code: 'unknown_case' }]);
      }
      id = (
        await trx
          .insertInto('child_support')
          .values({
            child_id: childId,
            unit_id: ctx.communeId,
            province_id: ctx.provinceId,
            case_id: caseId,
            kind: c.value.kind,
            given_on: c.value.givenOn,
            provider: c.value.provider,
            note: c.value.note,
            created_by: ctx.viewer.userId,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    } else {
      const c = checkChildDated(healthRecordSchema, input, life, today, [{ field: 'checkedOn' }]);
      if (!c.ok) throw recordIssuesError(c.issues);
      id = (
        await trx
          .insertInto('child_health_record')
          .values({
            child_id: childId,
            unit_id: ctx.communeId,
            province_id: ctx.provinceId,
            kind: c.value.kind,
            checked_on: c.value.checkedOn,
            weight_kg: c.value.weightKg,
            height_cm: c.value.heightCm,
            underweight: c.value.underweight,
            stunted: c.value.stunted,
            note: c.value.note,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    }
    await writeAudit(trx, {
      userId: ctx.viewer.userId,
      action: `add_${kind}`,
      entity: 'child',
      entityId: childId,
      after: { id },
      ip: ctx.ip,
    });
    return id;
  });
}

/**
 * Removes a dated record the viewer can see (a collaborator: health records only). A record the viewer
 * may not see is answered as one that does not exist.
 */
export async function removeDated(
  db: Kysely<Database>,
  ctx: RegisterContext,
  childId: number,
  kind: DatedKind,
  id: number,
) {
  const { cases, granted } = await childInScope(db, ctx, childId);
  if (ctx.access === 'collaborator' && kind !== 'health-records') throw forbidden();
  const caseOf = (caseId: number) => cases.find((c) => c.id === caseId);
  let visible: boolean;
  if (kind === 'circumstances') {
    const row = await db
      .selectFrom('child_circumstance')
      .select('group_code')
      .where('id', '=', id)
      .where('child_id', '=', childId)
      .executeTakeFirst();
    visible = !!row && circumstanceShown(granted, row.group_code);
  } else if (kind === 'supports') {
    const row = await db
      .selectFrom('child_support')
      .select('case_id')
      .where('id', '=', id)
      .where('child_id', '=', childId)
      .executeTakeFirst();
    visible = !!row && supportShown(ctx.viewer, granted, caseOf, { caseId: row.case_id });
  } else {
    visible =
      granted.has('health') &&
      !!(await db
        .selectFrom('child_health_record')
        .select('id')
        .where('id', '=', id)
        .where('child_id', '=', childId)
        .executeTakeFirst());
  }
  if (!visible) await deniedRead(db, ctx, kind, id, { childId });
  const table = (
    { circumstances: 'child_circumstance', supports: 'child_support', 'health-records': 'child_health_record' } as const
  )[kind];
  await db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom(table)
      .where('id', '=', id)
      .where('child_id', '=', childId)
      .returning('id')
      .executeTakeFirst();
    if (!removed) throw notFound(kind, id);
    await writeAudit(trx, {
      userId: ctx.viewer.userId,
      action: `remove_${kind}`,
      entity: 'child',
      entityId: childId,
      before: { id },
      ip: ctx.ip,
    });
  });
}

export async function listVillages(db: Kysely<Database>, ctx: RegisterContext) {
  const limit = villageLimit(ctx.viewer, ctx.communeId);
  const rows = await db
    .selectFrom('village as v')
    .select([
      'v.id',
      'v.name',
      (eb) =>
        eb
          .selectFrom('child as c')
          .select((e) => e.fn.countAll<string>().as('n'))
          .whereRef('c.village_id', '=', 'v.id')
          .where('c.died_on', 'is', null)
          .where('c.moved_out_on', 'is', null)
          .as('children'),
    ])
    .where('v.unit_id', '=', ctx.communeId)
    .$if(limit !== null, (q) => q.where('v.id', 'in', limit!.length ? limit! : [-1]))
    .orderBy(viOrder('v.name'))
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, children: Number(r.children ?? 0) }));
}

/** The read log of the commune (chairman only), newest first, optionally for one child. */
export async function accessLog(
  db: Kysely<Database>,
  ctx: RegisterContext,
  filter: { childId?: number; limit: number },
) {
  if (ctx.access !== 'chairman') throw forbidden();
  const rows = await db
    .selectFrom('child_access_log as l')
    .innerJoin('app_user as u', 'u.id', 'l.user_id')
    .leftJoin('child as c', 'c.id', 'l.child_id')
    .select([
      'l.id',
      'l.at',
      'l.action',
      'l.fields',
      'l.child_id',
      'l.case_id',
      'c.code as child_code',
      'u.username',
      'u.full_name',
      'l.ip',
    ])
    .where('l.unit_id', '=', ctx.communeId)
    .$if(filter.childId !== undefined, (q) => q.where('l.child_id', '=', filter.childId!))
    .orderBy('l.id', 'desc')
    .limit(filter.limit)
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    at: new Date(r.at).toISOString(),
    action: r.action,
    fields: r.fields,
    childId: r.child_id,
    childCode: r.child_code,
    caseId: r.case_id,
    user: { username: r.username, fullName: r.full_name },
    ip: r.ip,
  }));
}
