// The counted statistics of units over a data period, as the data stood at its last day: the register (children,
// special circumstances, support, protection cases by kind, form and cause), the hazard-site list, and the forums
// and events, and the activity log. One query per source, grouped by unit; the report forms, the consolidated report and the statistics
// export all read these. Only counts leave here: no child, case or site.
import { format, parseISO, subYears } from 'date-fns';
import { sql, type Kysely } from 'kysely';
import { STATISTICS } from '../../../core/reports/statistics.ts';
import { activityStatistics, type ActivityFact } from '../../../core/activities/statistics.ts';
import type { Database } from '../../db/schema.ts';

export interface StatisticsScope {
  unitIds: number[];
  /** First and last day of the data period (yyyy-mm-dd, both included). */
  from: string;
  to: string;
}

export type Measures = Record<string, number>;

const yearsBefore = (iso: string, years: number) => format(subYears(parseISO(iso), years), 'yyyy-MM-dd');

/** Every counted statistic of each unit (0 where nothing was found), by unit id. */
export async function measureStatistics(db: Kysely<Database>, scope: StatisticsScope): Promise<Map<number, Measures>> {
  const out = new Map<number, Measures>();
  for (const id of scope.unitIds) out.set(id, emptyMeasures());
  if (!scope.unitIds.length) return out;
  const add = (unitId: number, code: string, n: number | string | null | undefined) => {
    const m = out.get(unitId);
    if (m && n != null) m[code] = (m[code] ?? 0) + Number(n);
  };
  const [children, special, cases, details, drowned, hazards, forums, recommendations, events, activities, planned] =
    await Promise.all([
      childrenCounts(db, scope),
      specialCounts(db, scope),
      caseCounts(db, scope),
      caseDetail(db, scope),
      drowningCounts(db, scope),
      hazardCounts(db, scope),
      forumCounts(db, scope),
      recommendationCounts(db, scope),
      eventCounts(db, scope),
      activityFacts(db, scope),
      plannedBudget(db, scope),
    ]);
  for (const r of children) {
    add(r.unit_id, 'children.total', r.total);
    add(r.unit_id, 'children.under6', r.under6);
  }
  for (const r of special) {
    add(r.unit_id, 'children.special', r.special);
    add(r.unit_id, 'children.special_supported', r.supported);
  }
  for (const r of cases) {
    add(r.unit_id, `${r.kind}.total`, r.children);
    if (r.kind === 'abuse') add(r.unit_id, 'abuse.supported', r.supported);
  }
  for (const r of details) {
    if (r.kind === 'abuse' && r.abuse_kind) add(r.unit_id, `abuse.${r.abuse_kind}`, r.children);
    if (r.kind === 'injury' || r.kind === 'death') add(r.unit_id, `${r.kind}.${r.cause ?? 'unrecorded'}`, r.children);
  }
  for (const r of drowned) add(r.unit_id, 'drowning.total', r.children);
  for (const r of hazards) {
    add(r.unit_id, 'hazard.listed', r.listed);
    add(r.unit_id, 'hazard.fixed', r.fixed);
    add(r.unit_id, 'hazard.open', Number(r.listed) - Number(r.fixed));
    add(r.unit_id, 'hazard.fenced', r.fenced);
    add(r.unit_id, 'hazard.signposted', r.signposted);
    add(r.unit_id, 'hazard.unsafe', r.unsafe);
  }
  for (const r of forums) {
    add(r.unit_id, 'forum.held', r.forums);
    add(r.unit_id, 'consultation.held', r.consultations);
    add(r.unit_id, 'forum.children', Number(r.boys) + Number(r.girls));
    add(r.unit_id, 'forum.boys', r.boys);
    add(r.unit_id, 'forum.girls', r.girls);
    add(r.unit_id, 'forum.under30', r.under30);
  }
  for (const r of recommendations) {
    add(r.unit_id, 'recommendation.total', r.total);
    add(r.unit_id, 'recommendation.answered', r.answered);
  }
  for (const r of events) {
    add(r.unit_id, 'event.total', r.total);
    add(r.unit_id, 'event.action_month', r.action_month);
    add(r.unit_id, 'event.participants', r.participants);
  }
  const facts = new Map<number, ActivityFact[]>();
  for (const { unit_id, ...fact } of activities) facts.set(unit_id, [...(facts.get(unit_id) ?? []), fact]);
  for (const [unitId, list] of facts)
    for (const [code, n] of Object.entries(activityStatistics(list))) add(unitId, code, n);
  // Only where an issued plan has budget lines: a unit that types its allocation is not shown a 0.
  for (const r of planned) add(r.unit_id, 'budget.planned', r.estimate);
  return out;
}

/** The counted statistics of one forum, for its own report. */
export async function measureForum(db: Kysely<Database>, forumId: number): Promise<Measures> {
  const m = emptyMeasures();
  const f = await db
    .selectFrom('child_forum')
    .select(['kind', 'boys_under11', 'boys_11to15', 'boys_16to17', 'girls_under11', 'girls_11to15', 'girls_16to17'])
    .where('id', '=', forumId)
    .executeTakeFirst();
  if (!f) return m;
  const boys = f.boys_under11 + f.boys_11to15 + f.boys_16to17;
  const girls = f.girls_under11 + f.girls_11to15 + f.girls_16to17;
  m[f.kind === 'forum' ? 'forum.held' : 'consultation.held'] = 1;
  m['forum.boys'] = boys;
  m['forum.girls'] = girls;
  m['forum.children'] = boys + girls;
  m['forum.under30'] = f.kind === 'forum' && boys + girls < 30 ? 1 : 0;
  const recs = await db
    .selectFrom('forum_recommendation')
    .select([sql<number>`count(*)::int`.as('total'), sql<number>`count(answered_on)::int`.as('answered')])
    .where('forum_id', '=', forumId)
    .executeTakeFirstOrThrow();
  m['recommendation.total'] = recs.total;
  m['recommendation.answered'] = recs.answered;
  return m;
}

/** Every counted (not typed, not rate) statistic at 0. */
function emptyMeasures(): Measures {
  const m: Measures = {};
  for (const code of COUNTED) m[code] = 0;
  return m;
}

const COUNTED = STATISTICS.filter((s) => s.kind !== 'rate' && s.source !== 'entered').map((s) => s.code);

/** Children under 16 living in the unit on the last day: born by then, not moved out or dead by then. */
function livingChildren(db: Kysely<Database>, scope: StatisticsScope) {
  return db
    .selectFrom('child as c')
    .where('c.unit_id', 'in', scope.unitIds)
    .where('c.birth_date', '<=', scope.to)
    .where('c.birth_date', '>', yearsBefore(scope.to, 16))
    .where((eb) => eb.or([eb('c.moved_out_on', 'is', null), eb('c.moved_out_on', '>', scope.to)]))
    .where((eb) => eb.or([eb('c.died_on', 'is', null), eb('c.died_on', '>', scope.to)]));
}

function childrenCounts(db: Kysely<Database>, scope: StatisticsScope) {
  return livingChildren(db, scope)
    .select([
      'c.unit_id',
      sql<number>`count(*)::int`.as('total'),
      sql<number>`count(*) FILTER (WHERE c.birth_date > ${yearsBefore(scope.to, 6)})::int`.as('under6'),
    ])
    .groupBy('c.unit_id')
    .execute();
}

/** Children in a special circumstance on the last day, and those of them supported within the period. */
function specialCounts(db: Kysely<Database>, scope: StatisticsScope) {
  return livingChildren(db, scope)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('child_circumstance as s')
          .select(sql`1`.as('one'))
          .whereRef('s.child_id', '=', 'c.id')
          .where('s.started_on', '<=', scope.to)
          .where((e) => e.or([e('s.ended_on', 'is', null), e('s.ended_on', '>=', scope.to)])),
      ),
    )
    .select([
      'c.unit_id',
      sql<number>`count(*)::int`.as('special'),
      sql<number>`count(*) FILTER (WHERE EXISTS (
        SELECT 1 FROM child_support g WHERE g.child_id = c.id AND g.given_on BETWEEN ${scope.from} AND ${scope.to}))::int`.as(
        'supported',
      ),
    ])
    .groupBy('c.unit_id')
    .execute();
}

/** Cases that happened in the period and were known by its last day. */
function casesInPeriod(db: Kysely<Database>, scope: StatisticsScope) {
  return db
    .selectFrom('protection_case as p')
    .where('p.unit_id', 'in', scope.unitIds)
    .where('p.occurred_on', '>=', scope.from)
    .where('p.occurred_on', '<=', scope.to)
    .where('p.reported_on', '<=', scope.to);
}

/** Children per kind of case (a child with two cases of a kind counts once), and abused children supported. */
function caseCounts(db: Kysely<Database>, scope: StatisticsScope) {
  return casesInPeriod(db, scope)
    .select([
      'p.unit_id',
      'p.kind',
      sql<number>`count(DISTINCT p.child_id)::int`.as('children'),
      sql<number>`count(DISTINCT p.child_id) FILTER (WHERE p.plan_approved_on <= ${scope.to} OR EXISTS (
        SELECT 1 FROM child_support g WHERE g.case_id = p.id AND g.given_on <= ${scope.to}))::int`.as('supported'),
    ])
    .groupBy(['p.unit_id', 'p.kind'])
    .execute();
}

/** Children per form of abuse and per cause of injury or death. */
function caseDetail(db: Kysely<Database>, scope: StatisticsScope) {
  return casesInPeriod(db, scope)
    .where('p.kind', 'in', ['abuse', 'injury', 'death'])
    .select([
      'p.unit_id',
      'p.kind',
      'p.abuse_kind',
      'p.cause',
      sql<number>`count(DISTINCT p.child_id)::int`.as('children'),
    ])
    .groupBy(['p.unit_id', 'p.kind', 'p.abuse_kind', 'p.cause'])
    .execute();
}

/** Children who drowned, fatally or not (a child with both cases counts once). */
function drowningCounts(db: Kysely<Database>, scope: StatisticsScope) {
  return casesInPeriod(db, scope)
    .where('p.cause', '=', 'drowning')
    .select(['p.unit_id', sql<number>`count(DISTINCT p.child_id)::int`.as('children')])
    .groupBy('p.unit_id')
    .execute();
}

/** The hazard list on the last day: sites listed by then, removed by then, and how the others are made safe. */
function hazardCounts(db: Kysely<Database>, scope: StatisticsScope) {
  const to = scope.to;
  const open = sql`(h.fixed_on IS NULL OR h.fixed_on > ${to})`;
  const fenced = sql`(h.fenced_on IS NOT NULL AND h.fenced_on <= ${to})`;
  const signed = sql`(h.signposted_on IS NOT NULL AND h.signposted_on <= ${to})`;
  return db
    .selectFrom('hazard_site as h')
    .where('h.unit_id', 'in', scope.unitIds)
    .where('h.found_on', '<=', to)
    .select([
      'h.unit_id',
      sql<number>`count(*)::int`.as('listed'),
      sql<number>`count(*) FILTER (WHERE NOT ${open})::int`.as('fixed'),
      sql<number>`count(*) FILTER (WHERE ${open} AND ${fenced})::int`.as('fenced'),
      sql<number>`count(*) FILTER (WHERE ${open} AND ${signed})::int`.as('signposted'),
      sql<number>`count(*) FILTER (WHERE ${open} AND NOT ${fenced} AND NOT ${signed})::int`.as('unsafe'),
    ])
    .groupBy('h.unit_id')
    .execute();
}

const BOYS = sql<number>`(f.boys_under11 + f.boys_11to15 + f.boys_16to17)`;
const GIRLS = sql<number>`(f.girls_under11 + f.girls_11to15 + f.girls_16to17)`;

function forumCounts(db: Kysely<Database>, scope: StatisticsScope) {
  return db
    .selectFrom('child_forum as f')
    .where('f.unit_id', 'in', scope.unitIds)
    .where('f.held_on', '>=', scope.from)
    .where('f.held_on', '<=', scope.to)
    .select([
      'f.unit_id',
      sql<number>`count(*) FILTER (WHERE f.kind = 'forum')::int`.as('forums'),
      sql<number>`count(*) FILTER (WHERE f.kind = 'consultation')::int`.as('consultations'),
      sql<number>`coalesce(sum(${BOYS}), 0)::int`.as('boys'),
      sql<number>`coalesce(sum(${GIRLS}), 0)::int`.as('girls'),
      sql<number>`count(*) FILTER (WHERE f.kind = 'forum' AND ${BOYS} + ${GIRLS} < 30)::int`.as('under30'),
    ])
    .groupBy('f.unit_id')
    .execute();
}

/** Recommendations of the period's forums, and those answered by its last day. */
function recommendationCounts(db: Kysely<Database>, scope: StatisticsScope) {
  return db
    .selectFrom('forum_recommendation as r')
    .innerJoin('child_forum as f', 'f.id', 'r.forum_id')
    .where('f.unit_id', 'in', scope.unitIds)
    .where('f.held_on', '>=', scope.from)
    .where('f.held_on', '<=', scope.to)
    .select([
      'f.unit_id',
      sql<number>`count(*)::int`.as('total'),
      sql<number>`count(*) FILTER (WHERE r.answered_on <= ${scope.to})::int`.as('answered'),
    ])
    .groupBy('f.unit_id')
    .execute();
}

function eventCounts(db: Kysely<Database>, scope: StatisticsScope) {
  return db
    .selectFrom('child_event as e')
    .where('e.unit_id', 'in', scope.unitIds)
    .where('e.held_on', '>=', scope.from)
    .where('e.held_on', '<=', scope.to)
    .select([
      'e.unit_id',
      sql<number>`count(*)::int`.as('total'),
      sql<number>`count(*) FILTER (WHERE e.kind = 'action_month')::int`.as('action_month'),
      sql<number>`coalesce(sum(e.participants), 0)::int`.as('participants'),
    ])
    .groupBy('e.unit_id')
    .execute();
}

/** The activities held in the period, as the pure counting reads them (src/core/activities/statistics.ts). */
async function activityFacts(db: Kysely<Database>, scope: StatisticsScope) {
  const rows = await db
    .selectFrom('activity')
    .select([
      'unit_id',
      'kind',
      'form',
      'quantity',
      'children_male',
      'children_female',
      'adults_male',
      'adults_female',
      'amount',
      'budget_line_id',
    ])
    .where('unit_id', 'in', scope.unitIds)
    .where('held_on', '>=', scope.from)
    .where('held_on', '<=', scope.to)
    .execute();
  return rows.map((r) => ({
    unit_id: r.unit_id,
    kind: r.kind,
    form: r.form,
    quantity: r.quantity,
    childrenMale: r.children_male,
    childrenFemale: r.children_female,
    adultsMale: r.adults_male,
    adultsFemale: r.adults_female,
    amount: r.amount === null ? null : Number(r.amount),
    budgetLineId: r.budget_line_id,
  }));
}

/**
 * The budget the unit's issued plans allocate to the year the period ends in: their lines for that year, and the
 * undated lines of a one-year plan (a multi-year plan's undated lines are the whole span's, not the year's).
 */
function plannedBudget(db: Kysely<Database>, scope: StatisticsScope) {
  const year = Number(scope.to.slice(0, 4));
  return db
    .selectFrom('plan_budget_line as b')
    .innerJoin('plan as p', 'p.id', 'b.plan_id')
    .where('p.unit_id', 'in', scope.unitIds)
    .where('p.status', '=', 'issued')
    .where('p.year', '<=', year)
    .where((eb) => eb(eb.fn.coalesce('p.year_to', 'p.year'), '>=', year))
    .where((eb) =>
      eb.or([
        eb('b.year', '=', year),
        eb.and([eb('b.year', 'is', null), eb(eb.fn.coalesce('p.year_to', 'p.year'), '=', eb.ref('p.year'))]),
      ]),
    )
    .select(['p.unit_id', sql<string>`sum(b.estimate)`.as('estimate')])
    .groupBy('p.unit_id')
    .execute();
}
