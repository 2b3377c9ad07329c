// Re-check (phúc tra): the province draws a sample of recognised communes with a recorded seed,
// re-scores each, and sees the differences item by item against the score the decision rested on.
import { randomInt } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { seededSample } from '../../../core/sampling/sample.ts';
import { score, type ScoreResult } from '../../../core/scoring/engine.ts';
import { validateValues } from '../../../core/scoring/validate.ts';
import { AppError, forbidden, notFound, requestLocale, valueIssuesError } from '../../http/errors.ts';
import { Id } from '../../http/schemas.ts';
import { writeAudit } from '../audit/audit.ts';
import { requireUser } from '../auth/scope.ts';
import type { SessionUser } from '../auth/users.ts';
import { DEFAULT_CATEGORY } from '../assessments/store.ts';
import { entryRuleSet } from '../rounds/locks.ts';
import { decidingResult, loadRound } from '../rounds/store.ts';

const mayRecheck = (user: SessionUser, provinceId: number) =>
  user.roles.some((r) => (r.role === 'province_official' || r.role === 'appraiser') && r.unitId === provinceId);

/** Item-by-item differences between two results of the same rule set. */
export function itemDifferences(before: ScoreResult, after: ScoreResult) {
  const points = new Map(before.criteria.flatMap((c) => c.items.map((i) => [i.code, i.points] as const)));
  return after.criteria.flatMap((c) =>
    c.items
      .filter((i) => points.get(i.code) !== i.points)
      .map((i) => ({ criterion: c.code, item: i.code, before: points.get(i.code) ?? 0, after: i.points, delta: i.points - (points.get(i.code) ?? 0) })),
  );
}

export async function recheckRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = app.db;

  const view = async (recheckId: number) => {
    const recheck = await db.selectFrom('recheck').selectAll().where('id', '=', recheckId).executeTakeFirst();
    if (!recheck) throw notFound('recheck', recheckId);
    const rows = await db
      .selectFrom('recheck_entry as x')
      .innerJoin('round_entry as e', 'e.id', 'x.entry_id')
      .innerJoin('unit as u', 'u.id', 'e.unit_id')
      .select(['x.entry_id', 'u.id as unitId', 'u.code', 'u.name', 'x.values', 'x.result', 'x.checked_at'])
      .where('x.recheck_id', '=', recheckId)
      .orderBy('u.name')
      .execute();
    const entries = [];
    for (const row of rows) {
      const decided = await decidingResult(db, row.entry_id);
      const result = row.result as ScoreResult | null;
      entries.push({
        entryId: row.entry_id,
        unitId: row.unitId,
        code: row.code,
        name: row.name,
        decidedTotal: decided?.total ?? null,
        recheckTotal: result?.total ?? null,
        recheckRecognized: result?.recognized ?? null,
        checkedAt: row.checked_at ? new Date(row.checked_at).toISOString() : null,
        differences: decided && result ? itemDifferences(decided, result) : [],
      });
    }
    return { id: recheck.id, roundId: recheck.round_id, seed: recheck.seed, share: Number(recheck.share), createdAt: new Date(recheck.created_at).toISOString(), entries };
  };

  r.post(
    '/api/rounds/:id/rechecks',
    {
      schema: {
        tags: ['rounds'],
        summary: 'Chọn mẫu phúc tra (tỷ lệ, hạt giống ngẫu nhiên được lưu) / Draw a re-check sample (share, recorded seed)',
        params: z.object({ id: Id }),
        body: z.object({ share: z.number().gt(0).max(1), seed: z.number().int().min(0).max(2 ** 31 - 1).optional() }),
      },
    },
    async (request) => {
      const user = requireUser(request.user);
      const round = await loadRound(db, request.params.id);
      if (!mayRecheck(user, round.province_id)) throw forbidden();
      const recognised = await db.selectFrom('round_entry').select('id').where('round_id', '=', round.id).where('state', '=', 'recognized').orderBy('id').execute();
      if (!recognised.length) throw new AppError(409, 'rounds:error.nothing_to_recheck', {});
      const seed = request.body.seed ?? randomInt(2 ** 31 - 1);
      const sample = seededSample(recognised.map((e) => e.id), request.body.share, seed);
      const id = await db.transaction().execute(async (trx) => {
        const { id } = await trx.insertInto('recheck').values({ round_id: round.id, seed: String(seed), share: request.body.share, created_by: user.id }).returning('id').executeTakeFirstOrThrow();
        await trx.insertInto('recheck_entry').values(sample.map((entryId) => ({ recheck_id: id, entry_id: entryId }))).execute();
        await writeAudit(trx, { userId: user.id, action: 'recheck_sample', entity: 'round', entityId: round.id, after: { recheck: id, seed, share: request.body.share, sample }, ip: request.ip });
        return id;
      });
      return view(id);
    },
  );

  r.get('/api/rechecks/:id', { schema: { tags: ['rounds'], summary: 'Kết quả phúc tra / Re-check results', params: z.object({ id: Id }) } }, async (request) => {
    const user = requireUser(request.user);
    const recheck = await db.selectFrom('recheck').select('round_id').where('id', '=', request.params.id).executeTakeFirst();
    if (!recheck) throw notFound('recheck', request.params.id);
    const round = await loadRound(db, recheck.round_id);
    if (!mayRecheck(user, round.province_id) && !user.roles.some((x) => x.role === 'signer' && x.unitId === round.province_id)) throw forbidden();
    return view(request.params.id);
  });

  r.put(
    '/api/rechecks/:id/entries/:entryId',
    {
      schema: {
        tags: ['rounds'],
        summary: 'Chấm lại một xã trong mẫu phúc tra / Re-score one sampled commune',
        params: z.object({ id: Id, entryId: Id }),
        body: z.object({ values: z.record(z.string().max(64), z.union([z.number(), z.boolean()])) }),
      },
    },
    async (request) => {
      const user = requireUser(request.user);
      const { id, entryId } = request.params;
      const row = await db
        .selectFrom('recheck_entry as x')
        .innerJoin('recheck as k', 'k.id', 'x.recheck_id')
        .innerJoin('round_entry as e', 'e.id', 'x.entry_id')
        .select(['k.round_id', 'e.assessment_id', 'e.unit_id', 'e.submissions'])
        .where('x.recheck_id', '=', id)
        .where('x.entry_id', '=', entryId)
        .executeTakeFirst();
      if (!row) throw notFound('recheck_entry', `${id}/${entryId}`);
      const round = await loadRound(db, row.round_id);
      if (!mayRecheck(user, round.province_id)) throw forbidden();
      const rs = await entryRuleSet(db, row.assessment_id);
      const last = await db.selectFrom('round_submission').select('values').where('entry_id', '=', entryId).where('number', '=', row.submissions).executeTakeFirstOrThrow();
      // The re-check starts from what was submitted and overrides what the province found different.
      const merged = { ...last.values, ...request.body.values };
      const checked = validateValues(rs.definition, merged, { allowMissing: false });
      if (!checked.ok) throw valueIssuesError(400, 'assessments:error.invalid_values', checked.issues, requestLocale(request));
      const unit = await db.selectFrom('unit').select('category').where('id', '=', row.unit_id).executeTakeFirstOrThrow();
      const result = score(rs.definition, String(rs.version), unit.category ?? DEFAULT_CATEGORY, checked.values);
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('recheck_entry')
          .set({ values: JSON.stringify(request.body.values), result: JSON.stringify(result), checked_by: user.id, checked_at: sql`now()` })
          .where('recheck_id', '=', id)
          .where('entry_id', '=', entryId)
          .execute();
        await writeAudit(trx, { userId: user.id, action: 'recheck_score', entity: 'round_entry', entityId: entryId, after: { recheck: id, values: request.body.values, total: result.total }, ip: request.ip });
      });
      return view(id);
    },
  );
}
