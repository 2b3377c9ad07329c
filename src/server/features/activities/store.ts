// The activity log of a commune or province: rows of `activity` (what was done, when, where, who took part,
// money, the plan task and budget line it serves) and their evidence files, whose bytes live in the evidence
// file store. Every write is audited in its transaction.
import type { Kysely } from 'kysely';
import {
  activityInput,
  checkActivity,
  type ActivityInput,
  type ActivityIssue,
  type ActivityKind,
  type ActivityPatch,
} from '../../../core/activities/activity.ts';
import { activityStatistics } from '../../../core/activities/statistics.ts';
import type { Database } from '../../db/schema.ts';
import { todayInVietnam } from '../../platform/clock.ts';
import { phrase, Refusal } from '../../platform/refusal.ts';
import { writeAudit } from '../audit/index.ts';
import { sha256, storeThenRecord, type FileStore } from '../evidence/index.ts';
import type { PlanContext } from '../plans/index.ts';
import type { ActivityFileT, ActivityListT, ActivityRecordT } from './contracts.ts';

type Db = Kysely<Database>;

/** Not found, naming the record in words ("hoạt động", "tệp minh chứng") and its id. */
const notFound = (what: 'activity' | 'activity_file', id: number) =>
  new Refusal('not_found', 'common:error.not_found', { what: phrase(`activities:what.${what}`), id: String(id) });

/** Issues as the API's 400: each names the field (in words) and the value sent. */
function issuesError(issues: ActivityIssue[]): Refusal {
  return new Refusal(
    'invalid',
    'activities:error.invalid',
    { count: issues.length },
    issues.map((i) => ({
      field: i.field,
      value: i.value ?? null,
      message: phrase(`activities:${i.key}`, { ...i.params, field: phrase(`activities:field.${i.field}`) }),
    })),
  );
}

function activityQuery(db: Db) {
  return db
    .selectFrom('activity as a')
    .leftJoin('plan_task as t', 't.id', 'a.task_id')
    .leftJoin('plan_budget_line as b', 'b.id', 'a.budget_line_id')
    .select([
      'a.id',
      'a.unit_id',
      'a.kind',
      'a.form',
      'a.held_on',
      'a.title',
      'a.place',
      'a.quantity',
      'a.children_male',
      'a.children_female',
      'a.adults_male',
      'a.adults_female',
      'a.amount',
      'a.task_id',
      't.text as task_text',
      'a.budget_line_id',
      'b.item as budget_item',
      'a.note',
      'a.updated_at',
    ]);
}
type Row = Awaited<ReturnType<ReturnType<typeof activityQuery>['executeTakeFirstOrThrow']>>;

const toFile = (f: {
  id: number;
  activity_id: number;
  file_name: string;
  media_type: string;
  size_bytes: number;
  sha256: string;
  uploaded_at: Date | string;
}): ActivityFileT => ({
  id: f.id,
  activityId: f.activity_id,
  fileName: f.file_name,
  mediaType: f.media_type,
  sizeBytes: f.size_bytes,
  sha256: f.sha256,
  uploadedAt: new Date(f.uploaded_at).toISOString(),
  downloadUrl: `/api/activity-files/${f.id}/download`,
});

const toRecord = (r: Row, files: ActivityFileT[], canWrite: boolean): ActivityRecordT => ({
  id: r.id,
  unitId: r.unit_id,
  kind: r.kind,
  form: r.form,
  heldOn: r.held_on,
  title: r.title,
  place: r.place,
  quantity: r.quantity,
  childrenMale: r.children_male,
  childrenFemale: r.children_female,
  adultsMale: r.adults_male,
  adultsFemale: r.adults_female,
  amount: r.amount === null ? null : Number(r.amount),
  taskId: r.task_id,
  taskText: r.task_text,
  budgetLineId: r.budget_line_id,
  budgetLineItem: r.budget_item,
  note: r.note,
  files,
  updatedAt: new Date(r.updated_at).toISOString(),
  canWrite,
});

async function filesOf(db: Db, activityIds: number[]): Promise<Map<number, ActivityFileT[]>> {
  const out = new Map<number, ActivityFileT[]>();
  if (!activityIds.length) return out;
  const rows = await db
    .selectFrom('activity_file')
    .select(['id', 'activity_id', 'file_name', 'media_type', 'size_bytes', 'sha256', 'uploaded_at'])
    .where('activity_id', 'in', activityIds)
    .orderBy('id')
    .execute();
  for (const f of rows) out.set(f.activity_id, [...(out.get(f.activity_id) ?? []), toFile(f)]);
  return out;
}

/** The unit an activity belongs to, for the access check; not found names the id. */
export async function activityUnit(db: Db, id: number): Promise<number> {
  const row = await db.selectFrom('activity').select('unit_id').where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('activity', id);
  return row.unit_id;
}

export async function readActivity(db: Db, ctx: PlanContext, id: number): Promise<ActivityRecordT> {
  const row = await activityQuery(db).where('a.id', '=', id).where('a.unit_id', '=', ctx.unitId).executeTakeFirst();
  if (!row) throw notFound('activity', id);
  return toRecord(row, (await filesOf(db, [id])).get(id) ?? [], ctx.canWrite);
}

/** The tasks and budget lines of the unit's plans that span the year: what an activity of the year may serve. */
async function servable(db: Db, unitId: number, year: number) {
  const plans = db
    .selectFrom('plan as p')
    .where('p.unit_id', '=', unitId)
    .where('p.year', '<=', year)
    .where((eb) => eb(eb.fn.coalesce('p.year_to', 'p.year'), '>=', year));
  const [tasks, lines] = await Promise.all([
    plans
      .innerJoin('plan_task as t', 't.plan_id', 'p.id')
      .select(['t.id', 't.plan_id', 'p.title as plan_title', 't.text', 't.recurrence', 't.position'])
      .orderBy('p.id')
      .orderBy('t.position')
      .execute(),
    plans
      .innerJoin('plan_budget_line as b', 'b.plan_id', 'p.id')
      .select(['b.id', 'b.plan_id', 'p.title as plan_title', 'b.item', 'b.source', 'b.year', 'b.estimate'])
      .where((eb) => eb.or([eb('b.year', 'is', null), eb('b.year', '=', year)]))
      .orderBy('p.id')
      .orderBy('b.position')
      .execute(),
  ]);
  return {
    tasks: tasks.map((t) => ({
      id: t.id,
      planId: t.plan_id,
      planTitle: t.plan_title,
      text: t.text,
      recurrence: t.recurrence,
    })),
    budgetLines: lines.map((b) => ({
      id: b.id,
      planId: b.plan_id,
      planTitle: b.plan_title,
      item: b.item,
      source: b.source,
      year: b.year,
      estimate: Number(b.estimate),
    })),
  };
}

/** A unit's activities of a year (newest first), the year's totals and what the form offers. */
export async function listActivities(
  db: Db,
  ctx: PlanContext,
  year: number,
  kind?: ActivityKind,
): Promise<ActivityListT> {
  const rows = await activityQuery(db)
    .where('a.unit_id', '=', ctx.unitId)
    .where('a.held_on', '>=', `${year}-01-01`)
    .where('a.held_on', '<=', `${year}-12-31`)
    .orderBy('a.held_on', 'desc')
    .orderBy('a.id', 'desc')
    .execute();
  const files = await filesOf(
    db,
    rows.map((r) => r.id),
  );
  const totals = activityStatistics(
    rows.map((r) => ({
      kind: r.kind,
      form: r.form,
      quantity: r.quantity,
      childrenMale: r.children_male,
      childrenFemale: r.children_female,
      adultsMale: r.adults_male,
      adultsFemale: r.adults_female,
      amount: r.amount === null ? null : Number(r.amount),
      budgetLineId: r.budget_line_id,
    })),
  );
  const options = await servable(db, ctx.unitId, year);
  return {
    unitId: ctx.unitId,
    unitName: ctx.unitName,
    year,
    canWrite: ctx.canWrite,
    items: rows.filter((r) => !kind || r.kind === kind).map((r) => toRecord(r, files.get(r.id) ?? [], ctx.canWrite)),
    totals,
    ...options,
  };
}

/** The checks a record must pass whole: its own, and the task and budget line being the unit's own plans'. */
async function check(db: Db, ctx: PlanContext, input: ActivityInput) {
  const issues = checkActivity(input, todayInVietnam());
  const ownRow = async (table: 'plan_task' | 'plan_budget_line', id: number) =>
    (await db
      .selectFrom(table)
      .select('id')
      .where('id', '=', id)
      .where('unit_id', '=', ctx.unitId)
      .executeTakeFirst()) !== undefined;
  if (input.taskId !== null) {
    if (!(await ownRow('plan_task', input.taskId)))
      issues.push({
        field: 'taskId',
        value: input.taskId,
        key: 'error.task_not_of_unit',
        params: { value: input.taskId },
      });
  }
  if (input.budgetLineId !== null) {
    if (!(await ownRow('plan_budget_line', input.budgetLineId)))
      issues.push({
        field: 'budgetLineId',
        value: input.budgetLineId,
        key: 'error.line_not_of_unit',
        params: { value: input.budgetLineId },
      });
    else if (input.amount === null)
      issues.push({ field: 'amount', value: null, key: 'error.amount_for_line', params: {} });
  }
  if (issues.length) throw issuesError(issues);
}

const columns = (input: ActivityInput) => ({
  kind: input.kind,
  form: input.form,
  held_on: input.heldOn,
  title: input.title,
  place: input.place,
  quantity: input.quantity,
  children_male: input.childrenMale,
  children_female: input.childrenFemale,
  adults_male: input.adultsMale,
  adults_female: input.adultsFemale,
  amount: input.amount,
  task_id: input.taskId,
  budget_line_id: input.budgetLineId,
  note: input.note,
});

export async function createActivity(db: Db, ctx: PlanContext, input: ActivityInput): Promise<ActivityRecordT> {
  await check(db, ctx, input);
  const id = await db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('activity')
      .values({ unit_id: ctx.unitId, province_id: ctx.provinceId, ...columns(input), created_by: ctx.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      userId: ctx.userId,
      action: 'create',
      entity: 'activity',
      entityId: id,
      after: { unitId: ctx.unitId, ...input },
      ip: ctx.ip,
    });
    return id;
  });
  return readActivity(db, ctx, id);
}

const inputOf = (r: Row): ActivityInput => ({
  kind: r.kind,
  form: r.form,
  heldOn: r.held_on,
  title: r.title,
  place: r.place,
  quantity: r.quantity,
  childrenMale: r.children_male,
  childrenFemale: r.children_female,
  adultsMale: r.adults_male,
  adultsFemale: r.adults_female,
  amount: r.amount === null ? null : Number(r.amount),
  taskId: r.task_id,
  budgetLineId: r.budget_line_id,
  note: r.note,
});

/** The fields sent replace the record's; the whole is checked again, and the change audited with both sides. */
export async function updateActivity(
  db: Db,
  ctx: PlanContext,
  id: number,
  patch: ActivityPatch,
): Promise<ActivityRecordT> {
  await db.transaction().execute(async (trx) => {
    const row = await activityQuery(trx)
      .where('a.id', '=', id)
      .where('a.unit_id', '=', ctx.unitId)
      .forUpdate('a')
      .executeTakeFirst();
    if (!row) throw notFound('activity', id);
    const before = inputOf(row);
    const sent = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    const after = activityInput.parse({ ...before, ...sent });
    // A kind without forms takes none: changing the kind alone does not leave the old form behind.
    if (patch.kind && patch.form === undefined && patch.kind !== before.kind) after.form = '';
    await check(trx, ctx, after);
    await trx
      .updateTable('activity')
      .set({ ...columns(after), updated_by: ctx.userId, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    await writeAudit(trx, {
      userId: ctx.userId,
      action: 'update',
      entity: 'activity',
      entityId: id,
      before,
      after,
      ip: ctx.ip,
    });
  });
  return readActivity(db, ctx, id);
}

/** Deletes the record and its files' rows; the bytes go once the deletion is committed. */
export async function deleteActivity(db: Db, store: FileStore, ctx: PlanContext, id: number) {
  const keys = await db.transaction().execute(async (trx) => {
    const row = await activityQuery(trx)
      .where('a.id', '=', id)
      .where('a.unit_id', '=', ctx.unitId)
      .forUpdate('a')
      .executeTakeFirst();
    if (!row) throw notFound('activity', id);
    const files = await trx
      .selectFrom('activity_file')
      .select(['id', 'file_name', 'sha256', 'storage_key'])
      .where('activity_id', '=', id)
      .execute();
    await trx.deleteFrom('activity').where('id', '=', id).execute();
    await writeAudit(trx, {
      userId: ctx.userId,
      action: 'delete',
      entity: 'activity',
      entityId: id,
      before: { ...inputOf(row), files: files.map((f) => ({ fileName: f.file_name, sha256: f.sha256 })) },
      ip: ctx.ip,
    });
    return files.map((f) => f.storage_key);
  });
  for (const key of keys) await store.remove(key).catch(() => undefined);
  return { id };
}

/** Stores the bytes, then the row and its audit entry; the same bytes on the same activity answer the existing file. */
export async function addActivityFile(
  db: Db,
  store: FileStore,
  ctx: PlanContext,
  activityId: number,
  file: { fileName: string; mediaType: string; data: Buffer },
): Promise<{ file: ActivityFileT; duplicate: boolean }> {
  const checksum = sha256(file.data);
  const twinOf = (q: Db) =>
    q
      .selectFrom('activity_file')
      .select(['id', 'activity_id', 'file_name', 'media_type', 'size_bytes', 'sha256', 'uploaded_at'])
      .where('activity_id', '=', activityId)
      .where('sha256', '=', checksum)
      .executeTakeFirst();
  const existing = await twinOf(db);
  if (existing) return { file: toFile(existing), duplicate: true };
  return storeThenRecord(store, file.data, (key) =>
    db.transaction().execute(async (trx) => {
      const activity = await trx
        .selectFrom('activity')
        .select('id')
        .where('id', '=', activityId)
        .where('unit_id', '=', ctx.unitId)
        .forUpdate()
        .executeTakeFirst();
      if (!activity) throw notFound('activity', activityId);
      const twin = await twinOf(trx);
      if (twin) return { file: toFile(twin), duplicate: true };
      const row = await trx
        .insertInto('activity_file')
        .values({
          activity_id: activityId,
          unit_id: ctx.unitId,
          province_id: ctx.provinceId,
          file_name: file.fileName,
          media_type: file.mediaType,
          size_bytes: file.data.length,
          sha256: checksum,
          storage_key: key,
          uploaded_by: ctx.userId,
        })
        .returning(['id', 'activity_id', 'file_name', 'media_type', 'size_bytes', 'sha256', 'uploaded_at'])
        .executeTakeFirstOrThrow();
      await writeAudit(trx, {
        userId: ctx.userId,
        action: 'upload',
        entity: 'activity_file',
        entityId: row.id,
        after: {
          activityId,
          fileName: row.file_name,
          mediaType: row.media_type,
          sizeBytes: row.size_bytes,
          sha256: checksum,
        },
        ip: ctx.ip,
      });
      return { file: toFile(row), duplicate: false };
    }),
  );
}

export async function loadActivityFile(db: Db, id: number) {
  const row = await db
    .selectFrom('activity_file')
    .select(['id', 'activity_id', 'unit_id', 'file_name', 'media_type', 'sha256', 'storage_key'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('activity_file', id);
  return row;
}

export async function deleteActivityFile(db: Db, store: FileStore, ctx: PlanContext, id: number) {
  const key = await db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('activity_file')
      .selectAll()
      .where('id', '=', id)
      .where('unit_id', '=', ctx.unitId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw notFound('activity_file', id);
    await trx.deleteFrom('activity_file').where('id', '=', id).execute();
    await writeAudit(trx, {
      userId: ctx.userId,
      action: 'delete',
      entity: 'activity_file',
      entityId: id,
      before: { activityId: row.activity_id, fileName: row.file_name, sha256: row.sha256 },
      ip: ctx.ip,
    });
    return row.storage_key;
  });
  await store.remove(key).catch(() => undefined);
  return { id };
}
