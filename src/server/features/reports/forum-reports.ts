// Reports on children's forums: each forum held by a commune (or by the province itself) is reported to the level
// above within 15 days (forumReportDue). The forum is looked up under the unit asking, and the province lists its
// communes' forums with whether each report came in on time, late, is missing or not yet due.
import type { Kysely } from 'kysely';
import { timeliness } from '../../../core/plans/reports.ts';
import { FORUM_MIN_CHILDREN, forumReportDue } from '../../../core/reports/forms.ts';
import type { Database } from '../../db/schema.ts';
import { viOrder } from '../../db/collation.ts';
import { todayInVietnam } from '../../platform/clock.ts';
import { notFound } from '../../platform/refusal.ts';
import type { PlanContext } from '../plans/index.ts';
import type { ForumReportList, ForumReportRow } from './contracts.ts';
import { submittedDay, type ForumRef, type ReportRef } from './store.ts';

const childrenOf = (f: {
  boys_under11: number;
  boys_11to15: number;
  boys_16to17: number;
  girls_under11: number;
  girls_11to15: number;
  girls_16to17: number;
}) => f.boys_under11 + f.boys_11to15 + f.boys_16to17 + f.girls_under11 + f.girls_11to15 + f.girls_16to17;

/** The forum of this unit (a forum of another unit is not found here: its report is that unit's). */
export async function forumReportRef(db: Kysely<Database>, ctx: PlanContext, forumId: number): Promise<ReportRef> {
  const f = await db
    .selectFrom('child_forum')
    .selectAll()
    .where('id', '=', forumId)
    .where('unit_id', '=', ctx.unitId)
    .executeTakeFirst();
  if (!f) throw notFound('forum', forumId);
  const children = childrenOf(f);
  const forum: ForumRef = {
    id: f.id,
    title: f.title,
    heldOn: f.held_on,
    kind: f.kind,
    level: f.level,
    children,
    under30: f.kind === 'forum' && children < FORUM_MIN_CHILDREN,
  };
  return { kind: 'forum', year: Number(f.held_on.slice(0, 4)), forum };
}

/**
 * The year's forums and their reports: a province sees its own forums and its communes'; a commune its own.
 * Consultations are listed too: they are reported the same way.
 */
export async function listForumReports(
  db: Kysely<Database>,
  ctx: PlanContext,
  year: number,
  today = todayInVietnam(),
): Promise<ForumReportList> {
  const unitIds =
    ctx.level === 'province'
      ? [
          ctx.unitId,
          ...(
            await db
              .selectFrom('unit')
              .select('id')
              .where('parent_id', '=', ctx.unitId)
              .where('level', '=', 'commune')
              .execute()
          ).map((u) => u.id),
        ]
      : [ctx.unitId];
  const forums = await db
    .selectFrom('child_forum as f')
    .innerJoin('unit as u', 'u.id', 'f.unit_id')
    .leftJoin('periodic_report as r', 'r.forum_id', 'f.id')
    .select([
      'f.id',
      'f.unit_id',
      'u.name as unit_name',
      'f.title',
      'f.kind',
      'f.level',
      'f.held_on',
      'f.boys_under11',
      'f.boys_11to15',
      'f.boys_16to17',
      'f.girls_under11',
      'f.girls_11to15',
      'f.girls_16to17',
      'r.status',
      'r.submitted_at',
      'r.due_on',
    ])
    .where('f.unit_id', 'in', unitIds)
    .where('f.held_on', '>=', `${year}-01-01`)
    .where('f.held_on', '<=', `${year}-12-31`)
    .orderBy(viOrder('u.name'))
    .orderBy('f.held_on')
    .orderBy('f.id')
    .execute();
  const completeness = { forums: forums.length, onTime: 0, late: 0, missing: 0, pending: 0 };
  const rows: ForumReportRow[] = forums.map((f) => {
    const submitted = f.status === 'submitted';
    const submittedOn = submitted ? submittedDay(f.submitted_at) : null;
    const dueOn = submitted && f.due_on ? f.due_on : forumReportDue(f.held_on);
    const t = timeliness(dueOn, submittedOn, today);
    completeness[t === 'on_time' ? 'onTime' : t] += 1;
    const children = childrenOf(f);
    return {
      forumId: f.id,
      unitId: f.unit_id,
      unitName: f.unit_name,
      title: f.title,
      kind: f.kind,
      level: f.level,
      heldOn: f.held_on,
      children,
      under30: f.kind === 'forum' && children < FORUM_MIN_CHILDREN,
      dueOn,
      status: submitted ? 'submitted' : 'draft',
      submittedOn,
      timeliness: t,
    };
  });
  return {
    unit: { id: ctx.unitId, name: ctx.unitName, level: ctx.level },
    year,
    today,
    completeness,
    rows,
  };
}
