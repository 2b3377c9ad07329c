// Plan coverage of a province: each current commune's issued plan for the year, the day it was issued and
// sent up, its state against the province plan's due day for the communes' plans (src/core/plans/coverage.ts)
// and its 5-year commitment (registration). Also the per-commune facts the province's targets count
// (measures.ts): recognised, plan issued / on time, annual report on time, committed, a hazard site unfenced.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { sortVi } from '../../../core/collation.ts';
import { coverageCounts, coverageDaysLate, coverageState, lowerPlansDueIn } from '../../../core/plans/coverage.ts';
import type { CommuneFact } from '../../../core/plans/indicators.ts';
import type { Database } from '../../db/schema.ts';
import { PlanCoverage } from './contracts.ts';
import { errors } from '../../http/contract.ts';
import { Id } from '../../http/schemas.ts';
import { todayInVietnam } from '../../platform/clock.ts';
import { Refusal, forbidden } from '../../platform/refusal.ts';
import { readsNation, readsProvince, requireUser } from '../auth/index.ts';
import { readBreakdown } from '../dashboards/index.ts';
import { planContext } from './access.ts';

/** The province's issued plan covering the year: the last issued (a yearly plan before a multi-year one issued the same day). */
async function provincePlanOf(db: Kysely<Database>, provinceId: number, year: number) {
  return db
    .selectFrom('plan')
    .select(['id', 'number', 'title', 'issued_on', 'lower_plans_due', 'year', 'year_to'])
    .where('unit_id', '=', provinceId)
    .where('status', '=', 'issued')
    .where('year', '<=', year)
    .where(sql<boolean>`coalesce(year_to, year) >= ${year}`)
    .orderBy('issued_on', 'desc')
    .orderBy(sql`coalesce(year_to, year) - year`)
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

async function communesOf(db: Kysely<Database>, provinceId: number) {
  return db
    .selectFrom('unit')
    .select(['id', 'code', 'name'])
    .where('parent_id', '=', provinceId)
    .where('level', '=', 'commune')
    .where('valid_to', 'is', null)
    .execute();
}

/** The coverage of a province's communes' plans for a year, as of `today`. */
export async function readCoverage(
  db: Kysely<Database>,
  provinceId: number,
  year: number,
  today: string = todayInVietnam(),
): Promise<PlanCoverage> {
  const [communes, parent] = await Promise.all([communesOf(db, provinceId), provincePlanOf(db, provinceId, year)]);
  const ids = communes.map((c) => c.id);
  const [plans, registrations] = ids.length
    ? await Promise.all([
        db
          .selectFrom('plan')
          .select(['id', 'unit_id', 'number', 'issued_on', 'sent_on', 'status'])
          .where('unit_id', 'in', ids)
          .where('year', '<=', year)
          .where(sql<boolean>`coalesce(year_to, year) >= ${year}`)
          .orderBy('issued_on')
          .orderBy('id')
          .execute(),
        db
          .selectFrom('registration')
          .select(['unit_id', 'term_start', 'term_end', 'document_ref'])
          .where('unit_id', 'in', ids)
          .where('term_start', '<=', year)
          .where('term_end', '>=', year)
          .orderBy('term_start', 'desc')
          .execute(),
      ])
    : [[], []];
  const due = lowerPlansDueIn(parent?.lower_plans_due ?? null, year);
  const rows = communes.map((c) => {
    const own = plans.filter((p) => p.unit_id === c.id);
    const issued = own.find((p) => p.status === 'issued') ?? null;
    const plan = issued
      ? { id: issued.id, number: issued.number, issuedOn: issued.issued_on, sentOn: issued.sent_on }
      : null;
    const reg = registrations.find((r) => r.unit_id === c.id);
    return {
      unitId: c.id,
      code: c.code,
      name: c.name,
      state: coverageState(plan, due, year, today),
      plan,
      draft: !issued && own.length > 0,
      daysLate: coverageDaysLate(plan, due),
      commitment: reg ? { termStart: reg.term_start, termEnd: reg.term_end, documentRef: reg.document_ref } : null,
    };
  });
  return {
    provinceId,
    year,
    today,
    parentPlan: parent
      ? {
          id: parent.id,
          number: parent.number,
          title: parent.title,
          issuedOn: parent.issued_on,
          lowerPlansDue: parent.lower_plans_due,
        }
      : null,
    due,
    counts: {
      ...coverageCounts(rows.map((r) => r.state)),
      committed: rows.filter((r) => r.commitment).length,
    },
    communes: sortVi(rows, (r) => r.name),
  };
}

/**
 * What the province's 'communes' indicators count of each current commune in a year, as of the year's end
 * (or today, while the year runs). Recognition is the dashboards' (the period of the year, through the lineage).
 */
export async function communeFacts(
  db: Kysely<Database>,
  provinceId: number,
  year: number,
  asOf: string,
  today: string = todayInVietnam(),
): Promise<Map<number, Record<CommuneFact, boolean>>> {
  const coverage = await readCoverage(db, provinceId, year, today);
  const ids = coverage.communes.map((c) => c.unitId);
  const facts = new Map<number, Record<CommuneFact, boolean>>();
  if (!ids.length) return facts;
  const period = await db
    .selectFrom('period')
    .select(['id', 'year', 'starts_on', 'ends_on'])
    .where('year', '=', year)
    .executeTakeFirst();
  const [recognised, reports, hazards] = await Promise.all([
    // The dashboards' rule: a commune made of old ones counts by its predecessors' results (core/dashboards/lineage.ts).
    period
      ? readBreakdown(
          db,
          { level: 'province', id: provinceId },
          {
            id: period.id,
            year: period.year,
            startsOn: period.starts_on,
            endsOn: period.ends_on,
          },
        ).then((rows) => rows.filter((r) => r.recognised > 0).map((r) => ({ unit_id: r.unitId })))
      : Promise.resolve([]),
    db
      .selectFrom('periodic_report')
      .select('unit_id')
      .where('unit_id', 'in', ids)
      .where('year', '=', year)
      .where('kind', '=', 'annual')
      .where('status', '=', 'submitted')
      .where(sql<boolean>`(submitted_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date <= due_on`)
      .execute(),
    db
      .selectFrom('hazard_site')
      .select('unit_id')
      .where('unit_id', 'in', ids)
      .where('found_on', '<=', asOf)
      .where((eb) => eb.or([eb('fenced_on', 'is', null), eb('fenced_on', '>', asOf)]))
      .where((eb) => eb.or([eb('fixed_on', 'is', null), eb('fixed_on', '>', asOf)]))
      .execute(),
  ]);
  const has = (rows: Array<{ unit_id: number }>) => new Set(rows.map((r) => r.unit_id));
  const [rec, rep, haz] = [has(recognised), has(reports), has(hazards)];
  for (const c of coverage.communes)
    facts.set(c.unitId, {
      recognised: rec.has(c.unitId),
      plan_issued: c.state === 'on_time' || c.state === 'late',
      plan_on_time: c.state === 'on_time',
      report_on_time: rep.has(c.unitId),
      committed: c.commitment !== null,
      hazard_unfenced: haz.has(c.unitId),
    });
  return facts;
}

export async function coverageRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = app.db;
  r.get(
    '/api/units/:unitId/plan-coverage',
    {
      schema: {
        operationId: 'readPlanCoverage',
        tags: ['plans'],
        summary: 'Tình hình ban hành kế hoạch của các xã / Which communes have issued their plan',
        params: z.object({ unitId: Id }),
        querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() }),
        response: { 200: PlanCoverage, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const user = requireUser(request.user);
      const ctx = await planContext(db, user, request.params.unitId, request.ip);
      if (ctx.level !== 'province')
        throw new Refusal('invalid', 'plans:coverage.not_province', { value: ctx.unitName });
      // The province's roles and the ministry see every commune's; a commune reading its province's plans does not.
      if (!readsProvince(user, ctx.unitId) && !readsNation(user)) throw forbidden();
      const year = request.query.year ?? Number(todayInVietnam().slice(0, 4));
      return readCoverage(db, ctx.unitId, year);
    },
  );
}
