// Unit groups: a province uploads a grouping (old or current commune code → group), lists and replaces or
// deletes it; re-checks draw per group; a record from before 01/07/2025 names the former district that
// issued it. Which current commune falls in which group is src/core/groups/assign.ts.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { assignCommunes, communesByGroup, type GroupKind, type GroupRef } from '../../../core/groups/assign.ts';
import { readGroupingRows, type GroupingFileIssue } from '../../../core/groups/grouping-file.ts';
import { compareVi } from '../../../core/collation.ts';
import {
  display,
  isZip,
  numberText,
  openXlsx,
  plain,
  readCsv,
  XlsxError,
  xlsxReason,
} from '../../platform/spreadsheet.ts';
import { fieldRefusal, forbidden, notFound, phrase, Refusal, type IssueCode } from '../../platform/refusal.ts';
import { writeAudit } from '../audit/index.ts';
import { readsProvince, type SessionUser } from '../auth/index.ts';
import type { Grouping, Groupings, HistoricalIssuer, IssuerRecord } from './contracts.ts';

type Db = Kysely<Database>;

/** The day the units of 2025 took effect: records dated before it were issued by districts. */
export const REFORM_DAY = '2025-07-01';
/** A former district's last day. */
const LAST_DISTRICT_DAY = '2025-06-30';

const writesProvince = (user: SessionUser, provinceId: number) =>
  user.roles.some((r) => r.role === 'province_official' && r.unitId === provinceId);

/** The province, for a reader (its province roles, the administrator) or a writer (its province official). */
async function provinceOf(db: Db, user: SessionUser, unitId: number, write: boolean): Promise<number> {
  const unit = await db.selectFrom('unit').select(['id', 'level']).where('id', '=', unitId).executeTakeFirst();
  if (!unit) throw notFound('unit', unitId);
  if (!(write ? writesProvince(user, unit.id) : readsProvince(user, unit.id))) throw forbidden();
  if (unit.level !== 'province')
    throw fieldRefusal('invalid', 'groups:error.not_province', 'unitId', unitId, { value: unitId });
  return unit.id;
}

const currentCommunes = (db: Db, provinceId: number) =>
  db
    .selectFrom('unit')
    .select(['id', 'code', 'name'])
    .where('parent_id', '=', provinceId)
    .where('level', '=', 'commune')
    .where('valid_to', 'is', null)
    .execute();

/** The old communes each current commune of the province was formed from. */
async function predecessorsOf(db: Db, provinceId: number) {
  const rows = await db
    .selectFrom('unit_lineage as l')
    .innerJoin('unit as c', 'c.id', 'l.successor_id')
    .innerJoin('unit as o', 'o.id', 'l.predecessor_id')
    .select(['l.successor_id', 'o.id', 'o.code'])
    .where('c.parent_id', '=', provinceId)
    .where('c.valid_to', 'is', null)
    .execute();
  const map = new Map<number, number[]>();
  for (const r of rows) map.set(r.successor_id, [...(map.get(r.successor_id) ?? []), r.id]);
  return { map, old: rows };
}

/** Every grouping of a province, each group with the current communes it holds, in Vietnamese order. */
export async function groupingsOf(db: Db, provinceId: number): Promise<Grouping[]> {
  const groups = await db
    .selectFrom('unit_group')
    .select(['id', 'kind', 'grouping', 'code', 'name'])
    .where('province_id', '=', provinceId)
    .execute();
  if (!groups.length) return [];
  const members = await db
    .selectFrom('unit_group_member')
    .select(['group_id', 'unit_id'])
    .where('province_id', '=', provinceId)
    .execute();
  const communes = await currentCommunes(db, provinceId);
  const { map: predecessors } = await predecessorsOf(db, provinceId);
  const names = [...new Set(groups.map((g) => g.grouping))].sort(compareVi);
  return names.map((name) => {
    const own = groups.filter((g) => g.grouping === name);
    const ids = new Set(own.map((g) => g.id));
    const memberOf = new Map<number, GroupRef>();
    const count = new Map<number, number>();
    for (const m of members) {
      if (!ids.has(m.group_id)) continue;
      const g = own.find((x) => x.id === m.group_id)!;
      memberOf.set(m.unit_id, { id: g.id, name: g.name });
      count.set(g.id, (count.get(g.id) ?? 0) + 1);
    }
    const assigned = assignCommunes(communes, memberOf, predecessors);
    const { groups: filled, unassigned } = communesByGroup(communes, assigned);
    const byId = new Map(filled.map((f) => [f.group.id, f.communes]));
    return {
      grouping: name,
      kind: own[0]!.kind,
      groups: own
        .sort((a, b) => compareVi(a.name, b.name))
        .map((g) => ({
          id: g.id,
          name: g.name,
          code: g.code,
          members: count.get(g.id) ?? 0,
          communes: byId.get(g.id) ?? [],
        })),
      unassigned,
    };
  });
}

/** Refuses a caller who may not replace the province's groupings, before their file is read. */
export const checkGroupingWriter = (db: Db, user: SessionUser, unitId: number) => provinceOf(db, user, unitId, true);

export async function listGroupings(db: Db, user: SessionUser, unitId: number): Promise<Groupings> {
  const provinceId = await provinceOf(db, user, unitId, false);
  return { provinceId, groupings: await groupingsOf(db, provinceId) };
}

/** Rows of an uploaded file as text: a CSV, or the first worksheet of an .xlsx. */
async function fileRows(file: { name: string; data: Buffer }): Promise<string[][]> {
  if (!isZip(file.data)) {
    const csv = readCsv(file.data);
    if ('problem' in csv) throw new Refusal('invalid', `groups:error.${csv.problem}`, { file: file.name });
    return csv.rows;
  }
  let book;
  try {
    book = await openXlsx(file.data);
  } catch (e) {
    if (e instanceof XlsxError)
      throw new Refusal('invalid', 'groups:error.unreadable', { file: file.name, reason: xlsxReason(e.problem) });
    throw e;
  }
  try {
    const sheet = book.sheets.find((s) => s.worksheet && s.state === 'visible');
    const rows: string[][] = [];
    if (!sheet) return rows;
    for await (const batch of book.rows(sheet))
      for (const row of batch) {
        while (rows.length < row.number - 1) rows.push([]);
        rows[row.number - 1] = row.values.slice(1).map((v) => {
          const p = plain(v);
          if (p === null) return '';
          if (typeof p === 'number') return numberText(p);
          return String(display(p) ?? '');
        });
      }
    return rows;
  } catch (e) {
    if (e instanceof XlsxError)
      throw new Refusal('invalid', 'groups:error.unreadable', { file: file.name, reason: xlsxReason(e.problem) });
    throw e;
  } finally {
    book.close();
  }
}

const fileIssue = (i: GroupingFileIssue | (Omit<GroupingFileIssue, 'code'> & { code: string })): IssueCode => ({
  field: i.field,
  value: i.value,
  row: i.row,
  message: phrase(`groups:file.${i.code}`, { row: i.row, field: i.field, value: i.value, ...i.params }),
});

/** Names a grouping as typed, trimmed; refused when empty or too long. */
function groupingName(value: string): string {
  const name = value.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (!name || name.length > 100)
    throw fieldRefusal('invalid', 'groups:error.grouping_name', 'grouping', value, { value });
  return name;
}

/** Groups of the grouping that a plan, round or decision names as its issuer: they may not go. */
async function referencedGroups(db: Db, ids: number[]): Promise<Set<number>> {
  if (!ids.length) return new Set();
  const rows = await db
    .selectFrom('plan')
    .select('issuer_group_id as id')
    .where('issuer_group_id', 'in', ids)
    .union(db.selectFrom('round').select('issuer_group_id as id').where('issuer_group_id', 'in', ids))
    .union(db.selectFrom('recognition_decision').select('issuer_group_id as id').where('issuer_group_id', 'in', ids))
    .execute();
  return new Set(rows.map((r) => r.id as number));
}

/**
 * Replaces a grouping with the file's rows, all or nothing. A group kept by name keeps its id (records that
 * name it as issuer stay linked); a group no longer in the file that a record names is refused.
 */
export async function replaceGrouping(
  db: Db,
  user: SessionUser,
  unitId: number,
  input: { grouping: string; kind: GroupKind },
  file: { name: string; data: Buffer },
  meta: { ip?: string },
): Promise<Grouping> {
  const provinceId = await provinceOf(db, user, unitId, true);
  const grouping = groupingName(input.grouping);
  const read = readGroupingRows(await fileRows(file));
  if (read.issues.length)
    throw new Refusal('invalid', 'groups:error.file', { file: file.name }, read.issues.slice(0, 50).map(fileIssue));

  // Codes point to old communes (a former district's) or to the province's current communes.
  const current = new Map((await currentCommunes(db, provinceId)).map((c) => [c.code, c.id]));
  const old = new Map((await predecessorsOf(db, provinceId)).old.map((o) => [o.code, o.id]));
  const issues: IssueCode[] = [];
  const members: Array<{ unitId: number; group: string; groupCode: string }> = [];
  const seenUnit = new Set<number>();
  for (const row of read.rows) {
    const unit =
      input.kind === 'former_district' ? (old.get(row.code) ?? current.get(row.code)) : current.get(row.code);
    if (unit === undefined) {
      const key = input.kind === 'former_district' ? 'code_unknown_old' : 'code_unknown_current';
      issues.push(fileIssue({ row: row.row, field: 'code', value: row.code, code: key }));
      continue;
    }
    if (seenUnit.has(unit)) continue; // an old commune split between two current communes listed under both codes
    seenUnit.add(unit);
    members.push({ unitId: unit, group: row.group, groupCode: row.groupCode });
  }
  if (issues.length) throw new Refusal('invalid', 'groups:error.file', { file: file.name }, issues.slice(0, 50));

  const groupNames = new Map<string, string>();
  for (const m of members)
    if (!groupNames.has(m.group) || !groupNames.get(m.group)) groupNames.set(m.group, m.groupCode);

  await db.transaction().execute(async (trx) => {
    // One replacement of a province's grouping at a time.
    await sql`SELECT id FROM unit WHERE id = ${provinceId} FOR UPDATE`.execute(trx);
    const existing = await trx
      .selectFrom('unit_group')
      .select(['id', 'name'])
      .where('province_id', '=', provinceId)
      .where('grouping', '=', grouping)
      .execute();
    const gone = existing.filter((g) => !groupNames.has(g.name));
    const referenced = await referencedGroups(
      trx,
      gone.map((g) => g.id),
    );
    const blocked = gone.find((g) => referenced.has(g.id));
    if (blocked)
      throw fieldRefusal('conflict', 'groups:error.group_in_use', 'group', blocked.name, { name: blocked.name });
    if (gone.length)
      await trx
        .deleteFrom('unit_group')
        .where(
          'id',
          'in',
          gone.map((g) => g.id),
        )
        .execute();
    const ids = new Map(existing.map((g) => [g.name, g.id]));
    for (const [name, code] of groupNames) {
      const values = {
        kind: input.kind,
        code,
        valid_to: input.kind === 'former_district' ? LAST_DISTRICT_DAY : null,
      };
      const id = ids.get(name);
      if (id !== undefined) {
        await trx.updateTable('unit_group').set(values).where('id', '=', id).execute();
        await trx.deleteFrom('unit_group_member').where('group_id', '=', id).execute();
      } else {
        const row = await trx
          .insertInto('unit_group')
          .values({ province_id: provinceId, grouping, name, created_by: user.id, ...values })
          .returning('id')
          .executeTakeFirstOrThrow();
        ids.set(name, row.id);
      }
    }
    for (let i = 0; i < members.length; i += 1000)
      await trx
        .insertInto('unit_group_member')
        .values(members.slice(i, i + 1000).map((m) => ({ group_id: ids.get(m.group)!, unit_id: m.unitId })))
        .execute();
    await writeAudit(trx, {
      userId: user.id,
      action: 'grouping_replace',
      entity: 'unit',
      entityId: provinceId,
      before: existing.length ? { grouping, groups: existing.map((g) => g.name) } : undefined,
      after: { grouping, kind: input.kind, file: file.name, groups: [...groupNames.keys()], members: members.length },
      ip: meta.ip,
    });
  });
  const all = await groupingsOf(db, provinceId);
  return all.find((g) => g.grouping === grouping)!;
}

export async function deleteGrouping(
  db: Db,
  user: SessionUser,
  unitId: number,
  groupingValue: string,
  meta: { ip?: string },
): Promise<void> {
  const provinceId = await provinceOf(db, user, unitId, true);
  const grouping = groupingName(groupingValue);
  await db.transaction().execute(async (trx) => {
    const groups = await trx
      .selectFrom('unit_group')
      .select(['id', 'name'])
      .where('province_id', '=', provinceId)
      .where('grouping', '=', grouping)
      .forUpdate()
      .execute();
    // Deleting what is not there leaves it not there: a repeated delete is not an error.
    if (!groups.length) return;
    const referenced = await referencedGroups(
      trx,
      groups.map((g) => g.id),
    );
    const blocked = groups.find((g) => referenced.has(g.id));
    if (blocked)
      throw fieldRefusal('conflict', 'groups:error.group_in_use', 'group', blocked.name, { name: blocked.name });
    await trx
      .deleteFrom('unit_group')
      .where(
        'id',
        'in',
        groups.map((g) => g.id),
      )
      .execute();
    await writeAudit(trx, {
      userId: user.id,
      action: 'grouping_delete',
      entity: 'unit',
      entityId: provinceId,
      before: { grouping, groups: groups.map((g) => g.name) },
      ip: meta.ip,
    });
  });
}

/** For a stratified re-check: the group of each current commune of the province in this grouping (null: none). */
export async function groupOfCommunes(db: Db, provinceId: number, grouping: string) {
  const found = (await groupingsOf(db, provinceId)).find((g) => g.grouping === grouping);
  if (!found) return null;
  const out = new Map<number, string>();
  for (const g of found.groups) for (const c of g.communes) out.set(c.id, g.name);
  return out;
}

// ───────────────────────────── historical issuers ─────────────────────────────

const TABLE = { plan: 'plan', round: 'round', decision: 'recognition_decision' } as const;

/** The record's province and the day it is dated by. */
async function recordOf(db: Db, record: IssuerRecord, id: number) {
  if (record === 'plan') {
    const p = await db
      .selectFrom('plan')
      .select(['province_id', 'issued_on', 'year', 'issuer_group_id'])
      .where('id', '=', id)
      .executeTakeFirst();
    // An unissued plan is dated by its first year.
    return p && { provinceId: p.province_id, datedOn: p.issued_on ?? `${p.year}-01-01`, groupId: p.issuer_group_id };
  }
  if (record === 'round') {
    const r = await db
      .selectFrom('round')
      .select(['province_id', 'decision_due', 'issuer_group_id'])
      .where('id', '=', id)
      .executeTakeFirst();
    return r && { provinceId: r.province_id, datedOn: r.decision_due, groupId: r.issuer_group_id };
  }
  const d = await db
    .selectFrom('recognition_decision')
    .select(['province_id', 'signed_on', 'issuer_group_id'])
    .where('id', '=', id)
    .executeTakeFirst();
  return d && { provinceId: d.province_id, datedOn: d.signed_on, groupId: d.issuer_group_id };
}

/** The former district named as a record's issuer, for the views that read plans, rounds and decisions. */
export async function issuerGroupOf(db: Db, groupId: number | null) {
  if (groupId === null) return null;
  const g = await db
    .selectFrom('unit_group')
    .select(['id', 'name', 'code'])
    .where('id', '=', groupId)
    .executeTakeFirst();
  return g ?? null;
}

/** Sets (or clears, with null) the former district that issued a plan, round or decision from before 01/07/2025. */
export async function setHistoricalIssuer(
  db: Db,
  user: SessionUser,
  record: IssuerRecord,
  id: number,
  groupId: number | null,
  meta: { ip?: string },
): Promise<HistoricalIssuer> {
  const found = await recordOf(db, record, id);
  if (!found) throw notFound(record, id);
  if (!writesProvince(user, found.provinceId)) throw forbidden();
  if (groupId !== null) {
    if (found.datedOn >= REFORM_DAY)
      throw fieldRefusal('conflict', 'groups:error.issuer_after_reform', 'issuerGroupId', groupId, {
        date: found.datedOn.split('-').reverse().join('/'),
        value: groupId,
      });
    const group = await db
      .selectFrom('unit_group')
      .select(['province_id', 'kind'])
      .where('id', '=', groupId)
      .executeTakeFirst();
    if (!group || group.province_id !== found.provinceId || group.kind !== 'former_district')
      throw fieldRefusal('invalid', 'groups:error.issuer_not_district', 'issuerGroupId', groupId, { value: groupId });
  }
  await db.transaction().execute(async (trx) => {
    await trx.updateTable(TABLE[record]).set({ issuer_group_id: groupId }).where('id', '=', id).execute();
    await writeAudit(trx, {
      userId: user.id,
      action: 'issuer_group_set',
      entity: record === 'decision' ? 'round' : record,
      entityId: record === 'decision' ? await roundOfDecision(trx, id) : id,
      before: { record, id, issuerGroupId: found.groupId },
      after: { record, id, issuerGroupId: groupId },
      ip: meta.ip,
    });
  });
  return { record, id, datedOn: found.datedOn, issuerGroup: await issuerGroupOf(db, groupId) };
}

const roundOfDecision = async (db: Db, id: number) =>
  (await db.selectFrom('recognition_decision').select('round_id').where('id', '=', id).executeTakeFirstOrThrow())
    .round_id;
