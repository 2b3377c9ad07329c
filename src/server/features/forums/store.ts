// Children's forums and consultations with their recommendations and answers, and events for children
// (Thông tư 29/2019/TT-BLĐTBXH; criteria 11 and 12). A commune's officer and chairman write the commune's,
// its province reads them; the province official records the province's own forums, which communes do not
// see. Every refusal names the field and the value, and nothing is stored on a refusal.
import type { Kysely, Selectable } from 'kysely';
import { belowForumMinimum } from '../../../core/forums/kinds.ts';
import { timeliness } from '../../../core/plans/reports.ts';
import { forumReportDue } from '../../../core/reports/forms.ts';
import type { ChildEventKind, ChildForumTable, Database, ForumKind, ForumLevel } from '../../db/schema.ts';
import { forbidden, notFound, phrase, Refusal, rowField } from '../../platform/refusal.ts';
import { writeAudit } from '../audit/index.ts';
import { actsForCommune, readsProvince } from '../auth/index.ts';
import type { SessionUser } from '../auth/index.ts';
import { todayInVietnam } from '../../platform/clock.ts';
import type { ChildEvent, Forum, ForumRecommendation } from './contracts.ts';

/** Participants by age band and sex: API field → column. */
export const BANDS = {
  boysUnder11: 'boys_under11',
  girlsUnder11: 'girls_under11',
  boys11to15: 'boys_11to15',
  girls11to15: 'girls_11to15',
  boys16to17: 'boys_16to17',
  girls16to17: 'girls_16to17',
} as const;
export type BandField = keyof typeof BANDS;
const BAND_FIELDS = Object.keys(BANDS) as BandField[];

export interface ForumContext {
  userId: number;
  /** The unit the forums are recorded under: a commune, or the province itself (its own forums). */
  communeId: number;
  provinceId: number;
  /** Absent: a commune (callers from before province forums). */
  level?: 'commune' | 'province';
  canWrite: boolean;
  ip?: string;
}

const ownsProvince = (user: SessionUser, provinceId: number) =>
  user.roles.some((r) => r.role === 'province_official' && r.unitId === provinceId);

/**
 * A unit's forums as this user may use them. A commune's: its officer and chairman write, the province roles
 * of its province read. A province's own: its province official writes, its province roles read; its
 * communes do not see them.
 */
export async function forumContext(
  db: Kysely<Database>,
  user: SessionUser | null,
  unitId: number,
  ip?: string,
): Promise<ForumContext> {
  if (!user) throw new Refusal('unauthenticated', 'common:error.unauthenticated');
  const unit = await db
    .selectFrom('unit')
    .select(['id', 'level', 'parent_id'])
    .where('id', '=', unitId)
    .executeTakeFirst();
  if (!unit) throw notFound('unit', unitId);
  if (unit.level === 'province') {
    const canWrite = ownsProvince(user, unit.id);
    if (!canWrite && !readsProvince(user, unit.id)) throw forbidden();
    return { userId: user.id, communeId: unit.id, provinceId: unit.id, level: 'province', canWrite, ip };
  }
  if (unit.parent_id === null) throw new Refusal('invalid', 'common:error.not_commune', { id: unitId });
  const canWrite = actsForCommune(user, unit.id);
  if (!canWrite && !readsProvince(user, unit.parent_id)) throw forbidden();
  return { userId: user.id, communeId: unit.id, provinceId: unit.parent_id, level: 'commune', canWrite, ip };
}

function requireWrite(ctx: ForumContext) {
  if (!ctx.canWrite)
    throw new Refusal(
      'forbidden',
      ctx.level === 'province' ? 'forums:error.read_only_province' : 'forums:error.read_only',
    );
}

export interface Issue {
  field: string;
  value: unknown;
  code: 'in_future' | 'before' | 'negative' | 'required' | 'answered_before_change' | 'province_only' | 'not_province';
  params?: { other?: string; otherValue?: string; today?: string };
}

/** Issues as the API's 400: each names the field (translated) and the value. */
export function issuesError(issues: Issue[]): Refusal {
  const label = (field: string) => {
    const parts = field.split('.');
    const own = phrase(`forums:field.${parts[parts.length - 1]}`);
    return parts[0] === 'recommendations' && parts.length === 3
      ? rowField(phrase('forums:field.recommendations'), Number(parts[1]), own)
      : own;
  };
  return new Refusal(
    'invalid',
    'forums:error.invalid',
    { count: issues.length },
    issues.map((i) => ({
      field: i.field,
      value: i.value ?? null,
      message: phrase(`forums:issue.${i.code}`, {
        ...i.params,
        field: label(i.field),
        // A level is named in words ("Cấp xã"), not by its code.
        value: i.field === 'level' ? phrase(`forums:level.${String(i.value)}`) : (i.value ?? ''),
        other: i.params?.other ? label(i.params.other) : '',
      }),
    })),
  );
}

const notFuture = (issues: Issue[], field: string, value: string | null | undefined, today: string) => {
  if (value && value > today) issues.push({ field, value, code: 'in_future', params: { today } });
};
const notBefore = (
  issues: Issue[],
  field: string,
  value: string | null | undefined,
  other: string,
  otherValue: string,
) => {
  if (value && value < otherValue) issues.push({ field, value, code: 'before', params: { other, otherValue } });
};

export type Participants = Record<BandField, number>;

export interface RecommendationInput {
  id?: number;
  text: string;
  agency: string;
  dueOn?: string | null;
}

export interface ForumInput extends Partial<Participants> {
  kind: ForumKind;
  level: ForumLevel;
  heldOn: string;
  title: string;
  note?: string;
  recommendations?: RecommendationInput[];
}

export interface EventInput {
  kind: ChildEventKind;
  heldOn: string;
  title: string;
  participants: number;
  note?: string;
}

function checkForum(ctx: ForumContext, input: ForumInput, today: string): Issue[] {
  const issues: Issue[] = [];
  // A province-level forum is the province's own record; a commune records its commune, village and school ones.
  if (ctx.level === 'province' && input.level !== 'province')
    issues.push({ field: 'level', value: input.level, code: 'province_only' });
  if (ctx.level !== 'province' && input.level === 'province')
    issues.push({ field: 'level', value: input.level, code: 'not_province' });
  notFuture(issues, 'heldOn', input.heldOn, today);
  if (!input.title.trim()) issues.push({ field: 'title', value: input.title, code: 'required' });
  for (const f of BAND_FIELDS) if ((input[f] ?? 0) < 0) issues.push({ field: f, value: input[f], code: 'negative' });
  (input.recommendations ?? []).forEach((r, i) => {
    if (!r.text.trim()) issues.push({ field: `recommendations.${i}.text`, value: r.text, code: 'required' });
    if (!r.agency.trim()) issues.push({ field: `recommendations.${i}.agency`, value: r.agency, code: 'required' });
    notBefore(issues, `recommendations.${i}.dueOn`, r.dueOn, 'heldOn', input.heldOn);
  });
  return issues;
}

export type RecommendationView = ForumRecommendation;
export type ForumView = Forum;

const participantsOf = (
  row: Pick<Selectable<ChildForumTable>, (typeof BANDS)[BandField]>,
): Participants & { total: number } => {
  const p = Object.fromEntries(BAND_FIELDS.map((f) => [f, row[BANDS[f]]])) as Participants;
  return { ...p, total: BAND_FIELDS.reduce((s, f) => s + p[f], 0) };
};

export interface Range {
  from?: string;
  to?: string;
}

interface ForumFilter extends Range {
  forumId?: number;
}

/** The commune's forums (newest first), each with its recommendations and their answers. */
export async function listForums(
  db: Kysely<Database>,
  ctx: ForumContext,
  range: ForumFilter = {},
): Promise<ForumView[]> {
  let q = db.selectFrom('child_forum').selectAll().where('unit_id', '=', ctx.communeId);
  if (range.from) q = q.where('held_on', '>=', range.from);
  if (range.to) q = q.where('held_on', '<=', range.to);
  if (range.forumId) q = q.where('id', '=', range.forumId);
  const forums = await q.orderBy('held_on', 'desc').orderBy('id', 'desc').execute();
  if (!forums.length) return [];
  const ids = forums.map((f) => f.id);
  const [recs, reports] = await Promise.all([
    db.selectFrom('forum_recommendation').selectAll().where('forum_id', 'in', ids).orderBy('id').execute(),
    db
      .selectFrom('periodic_report')
      .select(['forum_id', 'status', 'submitted_at'])
      .where('forum_id', 'in', ids)
      .execute(),
  ]);
  const today = todayInVietnam();
  return forums.map((f) => {
    const participants = participantsOf(f);
    const report = reports.find((r) => r.forum_id === f.id);
    const dueOn = forumReportDue(f.held_on);
    const submittedOn =
      report?.status === 'submitted' && report.submitted_at ? todayInVietnam(new Date(report.submitted_at)) : null;
    return {
      id: f.id,
      unitId: f.unit_id,
      kind: f.kind,
      level: f.level,
      heldOn: f.held_on,
      title: f.title,
      note: f.note,
      participants,
      belowMinimum: belowForumMinimum(f.kind, participants.total),
      report: {
        dueOn,
        status: timeliness(dueOn, submittedOn, today),
        drafted: report !== undefined,
        submittedOn,
      },
      recommendations: recs
        .filter((r) => r.forum_id === f.id)
        .map((r) => ({
          id: r.id,
          text: r.text,
          agency: r.agency,
          dueOn: r.due_on,
          answer: r.answer,
          answeredOn: r.answered_on,
          answeredBy: r.answered_by,
        })),
    };
  });
}

export async function readForum(db: Kysely<Database>, ctx: ForumContext, forumId: number): Promise<ForumView> {
  const [forum] = await listForums(db, ctx, { forumId });
  if (!forum) throw notFound('forum', forumId);
  return forum;
}

const forumColumns = (input: ForumInput) => ({
  kind: input.kind,
  level: input.level,
  held_on: input.heldOn,
  title: input.title.trim(),
  note: input.note ?? '',
  ...(Object.fromEntries(BAND_FIELDS.map((f) => [BANDS[f], input[f] ?? 0])) as Record<
    (typeof BANDS)[BandField],
    number
  >),
});

/** Records a forum with its recommendations; answers it as it now reads. */
export async function createForum(db: Kysely<Database>, ctx: ForumContext, input: ForumInput): Promise<ForumView> {
  requireWrite(ctx);
  const issues = checkForum(ctx, input, todayInVietnam());
  if (issues.length) throw issuesError(issues);
  const id = await db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('child_forum')
      .values({
        unit_id: ctx.communeId,
        province_id: ctx.provinceId,
        ...forumColumns(input),
        created_by: ctx.userId,
        updated_by: ctx.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const recs = input.recommendations ?? [];
    if (recs.length)
      await trx
        .insertInto('forum_recommendation')
        .values(
          recs.map((r) => ({
            forum_id: id,
            unit_id: ctx.communeId,
            province_id: ctx.provinceId,
            text: r.text.trim(),
            agency: r.agency.trim(),
            due_on: r.dueOn ?? null,
          })),
        )
        .execute();
    await writeAudit(trx, {
      userId: ctx.userId,
      action: 'create',
      entity: 'child_forum',
      entityId: id,
      after: input,
      ip: ctx.ip,
    });
    return id;
  });
  return readForum(db, ctx, id);
}

/** Changes a forum; when `recommendations` is given, listed ones (with id) are changed, new ones added, unanswered unlisted ones removed. */
export async function updateForum(
  db: Kysely<Database>,
  ctx: ForumContext,
  forumId: number,
  input: ForumInput,
): Promise<ForumView> {
  requireWrite(ctx);
  const issues = checkForum(ctx, input, todayInVietnam());
  await db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('child_forum')
      .selectAll()
      .where('id', '=', forumId)
      .where('unit_id', '=', ctx.communeId)
      .executeTakeFirst();
    if (!before) throw notFound('forum', forumId);
    const existing = await trx
      .selectFrom('forum_recommendation')
      .selectAll()
      .where('forum_id', '=', forumId)
      .orderBy('id')
      .execute();
    const given = input.recommendations;
    const keptIds = new Set(given ? given.filter((r) => r.id).map((r) => r.id!) : existing.map((r) => r.id));
    given?.forEach((r) => {
      if (r.id && !existing.some((e) => e.id === r.id)) throw notFound('recommendation', r.id);
    });
    const removed = given ? existing.filter((e) => !keptIds.has(e.id)) : [];
    const answeredRemoved = removed.find((e) => e.answered_on);
    if (answeredRemoved) throw new Refusal('conflict', 'forums:error.answered_removed', { id: answeredRemoved.id });
    const earliestAnswer = existing
      .filter((e) => keptIds.has(e.id) && e.answered_on)
      .map((e) => e.answered_on!)
      .sort()[0];
    if (earliestAnswer && input.heldOn > earliestAnswer)
      issues.push({
        field: 'heldOn',
        value: input.heldOn,
        code: 'answered_before_change',
        params: { otherValue: earliestAnswer },
      });
    if (issues.length) throw issuesError(issues);

    await trx
      .updateTable('child_forum')
      .set({ ...forumColumns(input), updated_by: ctx.userId, updated_at: new Date() })
      .where('id', '=', forumId)
      .execute();
    if (given) {
      if (removed.length)
        await trx
          .deleteFrom('forum_recommendation')
          .where(
            'id',
            'in',
            removed.map((e) => e.id),
          )
          .execute();
      for (const r of given) {
        const values = { text: r.text.trim(), agency: r.agency.trim(), due_on: r.dueOn ?? null };
        if (r.id) await trx.updateTable('forum_recommendation').set(values).where('id', '=', r.id).execute();
        else
          await trx
            .insertInto('forum_recommendation')
            .values({ forum_id: forumId, unit_id: ctx.communeId, province_id: ctx.provinceId, ...values })
            .execute();
      }
    }
    await writeAudit(trx, {
      userId: ctx.userId,
      action: 'update',
      entity: 'child_forum',
      entityId: forumId,
      before: { ...before, recommendations: existing },
      after: input,
      ip: ctx.ip,
    });
  });
  return readForum(db, ctx, forumId);
}

/** Records (or corrects) the answer to a recommendation: not in the future, not before the forum. */
export async function answerRecommendation(
  db: Kysely<Database>,
  ctx: ForumContext,
  forumId: number,
  recommendationId: number,
  input: { answer: string; answeredOn: string },
): Promise<ForumView> {
  requireWrite(ctx);
  await db.transaction().execute(async (trx) => {
    const forum = await trx
      .selectFrom('child_forum')
      .select(['id', 'held_on'])
      .where('id', '=', forumId)
      .where('unit_id', '=', ctx.communeId)
      .executeTakeFirst();
    if (!forum) throw notFound('forum', forumId);
    const before = await trx
      .selectFrom('forum_recommendation')
      .selectAll()
      .where('id', '=', recommendationId)
      .where('forum_id', '=', forumId)
      .executeTakeFirst();
    if (!before) throw notFound('recommendation', recommendationId);
    const issues: Issue[] = [];
    if (!input.answer.trim()) issues.push({ field: 'answer', value: input.answer, code: 'required' });
    notFuture(issues, 'answeredOn', input.answeredOn, todayInVietnam());
    notBefore(issues, 'answeredOn', input.answeredOn, 'heldOn', forum.held_on);
    if (issues.length) throw issuesError(issues);
    await trx
      .updateTable('forum_recommendation')
      .set({ answer: input.answer.trim(), answered_on: input.answeredOn, answered_by: ctx.userId })
      .where('id', '=', recommendationId)
      .execute();
    await writeAudit(trx, {
      userId: ctx.userId,
      action: 'answer',
      entity: 'forum_recommendation',
      entityId: recommendationId,
      before,
      after: input,
      ip: ctx.ip,
    });
  });
  return readForum(db, ctx, forumId);
}

export type EventView = ChildEvent;

export async function listEvents(db: Kysely<Database>, ctx: ForumContext, range: Range = {}): Promise<EventView[]> {
  let q = db.selectFrom('child_event').selectAll().where('unit_id', '=', ctx.communeId);
  if (range.from) q = q.where('held_on', '>=', range.from);
  if (range.to) q = q.where('held_on', '<=', range.to);
  const rows = await q.orderBy('held_on', 'desc').orderBy('id', 'desc').execute();
  return rows.map((e) => ({
    id: e.id,
    kind: e.kind,
    heldOn: e.held_on,
    title: e.title,
    participants: e.participants,
    note: e.note,
  }));
}

export async function createEvent(db: Kysely<Database>, ctx: ForumContext, input: EventInput): Promise<EventView> {
  requireWrite(ctx);
  const issues: Issue[] = [];
  notFuture(issues, 'heldOn', input.heldOn, todayInVietnam());
  if (!input.title.trim()) issues.push({ field: 'title', value: input.title, code: 'required' });
  if (input.participants < 0) issues.push({ field: 'participants', value: input.participants, code: 'negative' });
  if (issues.length) throw issuesError(issues);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('child_event')
      .values({
        unit_id: ctx.communeId,
        province_id: ctx.provinceId,
        kind: input.kind,
        held_on: input.heldOn,
        title: input.title.trim(),
        participants: input.participants,
        note: input.note ?? '',
        created_by: ctx.userId,
      })
      .returning(['id', 'kind', 'held_on', 'title', 'participants', 'note'])
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      userId: ctx.userId,
      action: 'create',
      entity: 'child_event',
      entityId: row.id,
      after: input,
      ip: ctx.ip,
    });
    return {
      id: row.id,
      kind: row.kind,
      heldOn: row.held_on,
      title: row.title,
      participants: row.participants,
      note: row.note,
    };
  });
}
