// Re-check (phúc tra): the province draws a sample of recognised communes with a recorded seed,
// re-scores each, and sees the differences item by item against the score the decision rested on.
import { randomInt } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { viOrder } from '../../db/collation.ts';
import { seededSample, stratifiedSample } from '../../../core/sampling/sample.ts';
import { compareVi } from '../../../core/collation.ts';
import { score, type ScoreResult } from '../../../core/scoring/engine.ts';
import { validateValues } from '../../../core/scoring/validate.ts';
import { fieldRefusal, forbidden, notFound, Refusal, valueRefusal } from '../../platform/refusal.ts';
import { writeAudit } from '../audit/index.ts';
import type { SessionUser } from '../auth/index.ts';
import { DEFAULT_CATEGORY } from '../assessments/index.ts';
import { decidingResult, entryRuleSet, loadRound } from '../rounds/index.ts';
import { groupOfCommunes } from '../groups/index.ts';
import type { DrawRecheck, Recheck } from './contracts.ts';

type Db = Kysely<Database>;

/** The province's officials and appraisers draw and score re-checks. */
const mayRecheck = (user: SessionUser, provinceId: number) =>
  user.roles.some((r) => (r.role === 'province_official' || r.role === 'appraiser') && r.unitId === provinceId);

/** Item-by-item differences between two results of the same rule set. */
export function itemDifferences(before: ScoreResult, after: ScoreResult) {
  const points = new Map(before.criteria.flatMap((c) => c.items.map((i) => [i.code, i.points] as const)));
  return after.criteria.flatMap((c) =>
    c.items
      .filter((i) => points.get(i.code) !== i.points)
      .map((i) => ({
        criterion: c.code,
        item: i.code,
        before: points.get(i.code) ?? 0,
        after: i.points,
        delta: i.points - (points.get(i.code) ?? 0),
      })),
  );
}

async function recheckView(db: Db, recheckId: number): Promise<Recheck> {
  const recheck = await db.selectFrom('recheck').selectAll().where('id', '=', recheckId).executeTakeFirst();
  if (!recheck) throw notFound('recheck', recheckId);
  const rows = await db
    .selectFrom('recheck_entry as x')
    .innerJoin('round_entry as e', 'e.id', 'x.entry_id')
    .innerJoin('unit as u', 'u.id', 'e.unit_id')
    .select([
      'x.entry_id',
      'u.id as unitId',
      'u.code',
      'u.name',
      'x.group_name',
      'x.values',
      'x.result',
      'x.checked_at',
    ])
    .where('x.recheck_id', '=', recheckId)
    .orderBy(viOrder('u.name'))
    .execute();
  const entries: Recheck['entries'] = [];
  for (const row of rows) {
    const decided = await decidingResult(db, row.entry_id);
    const result = row.result as ScoreResult | null;
    entries.push({
      entryId: row.entry_id,
      unitId: row.unitId,
      code: row.code,
      name: row.name,
      group: row.group_name,
      decidedTotal: decided?.total ?? null,
      recheckTotal: result?.total ?? null,
      recheckRecognized: result?.recognized ?? null,
      checkedAt: row.checked_at ? new Date(row.checked_at).toISOString() : null,
      differences: decided && result ? itemDifferences(decided, result) : [],
    });
  }
  return {
    id: recheck.id,
    roundId: recheck.round_id,
    seed: recheck.seed,
    share: Number(recheck.share),
    grouping: recheck.grouping,
    perGroup: recheck.per_group,
    createdAt: new Date(recheck.created_at).toISOString(),
    entries,
  };
}

/**
 * Draws a sample of the round's recognised communes: a share of them all, or `perGroup` of each group of a
 * grouping (communes no group reaches form a stratum of their own); the seed is recorded (drawn at random
 * when not given).
 */
export async function drawRecheck(
  db: Db,
  user: SessionUser,
  roundId: number,
  input: DrawRecheck,
  meta: { ip?: string },
): Promise<Recheck> {
  const round = await loadRound(db, roundId);
  if (!mayRecheck(user, round.province_id)) throw forbidden();
  const stratified = input.grouping !== undefined || input.perGroup !== undefined;
  if (stratified && input.share !== undefined)
    throw fieldRefusal('invalid', 'rounds:error.recheck_share_or_groups', 'share', input.share, { value: input.share });
  if (!stratified && input.share === undefined)
    throw fieldRefusal('invalid', 'rounds:error.recheck_share_missing', 'share', null);
  if (stratified && input.grouping === undefined)
    throw fieldRefusal('invalid', 'rounds:error.recheck_grouping_missing', 'grouping', null);
  if (stratified && input.perGroup === undefined)
    throw fieldRefusal('invalid', 'rounds:error.recheck_per_group_missing', 'perGroup', null);
  const recognised = await db
    .selectFrom('round_entry')
    .select(['id', 'unit_id'])
    .where('round_id', '=', round.id)
    .where('state', '=', 'recognized')
    .orderBy('id')
    .execute();
  if (!recognised.length) throw new Refusal('conflict', 'rounds:error.nothing_to_recheck', {});
  const seed = input.seed ?? randomInt(2 ** 31 - 1);
  let sample: Array<{ entryId: number; group: string | null }>;
  if (stratified) {
    const groups = await groupOfCommunes(db, round.province_id, input.grouping!);
    if (!groups)
      throw fieldRefusal('invalid', 'rounds:error.recheck_grouping_unknown', 'grouping', input.grouping, {
        grouping: input.grouping,
      });
    // Strata in Vietnamese order of their names, the communes no group reaches last: the order is part of
    // what the seed reproduces.
    const strata = new Map<string, number[]>();
    for (const e of recognised) {
      const name = groups.get(e.unit_id) ?? '';
      strata.set(name, [...(strata.get(name) ?? []), e.id]);
    }
    const keys = [...strata.keys()].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : compareVi(a, b)));
    sample = stratifiedSample(
      keys.map((key) => ({ key, items: strata.get(key)! })),
      input.perGroup!,
      seed,
    ).flatMap(({ key, picks }) => picks.map((entryId) => ({ entryId, group: key })));
  } else {
    sample = seededSample(
      recognised.map((e) => e.id),
      input.share!,
      seed,
    ).map((entryId) => ({ entryId, group: null }));
  }
  // A stratified draw records the share it came to, as the column has always held one.
  const share = stratified ? sample.length / recognised.length : input.share!;
  const id = await db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('recheck')
      .values({
        round_id: round.id,
        seed: String(seed),
        share,
        grouping: stratified ? input.grouping! : null,
        per_group: stratified ? input.perGroup! : null,
        created_by: user.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('recheck_entry')
      .values(sample.map((s) => ({ recheck_id: id, entry_id: s.entryId, group_name: s.group })))
      .execute();
    const after = stratified
      ? { recheck: id, seed, grouping: input.grouping, perGroup: input.perGroup, sample: sample.map((s) => s.entryId) }
      : { recheck: id, seed, share, sample: sample.map((s) => s.entryId) };
    await writeAudit(trx, {
      userId: user.id,
      action: 'recheck_sample',
      entity: 'round',
      entityId: round.id,
      after,
      ip: meta.ip,
    });
    return id;
  });
  return recheckView(db, id);
}

/** A re-check's results, for the province's officials, appraisers and signers. */
export async function readRecheck(db: Db, user: SessionUser, recheckId: number): Promise<Recheck> {
  const recheck = await db.selectFrom('recheck').select('round_id').where('id', '=', recheckId).executeTakeFirst();
  if (!recheck) throw notFound('recheck', recheckId);
  const round = await loadRound(db, recheck.round_id);
  if (
    !mayRecheck(user, round.province_id) &&
    !user.roles.some((x) => x.role === 'signer' && x.unitId === round.province_id)
  )
    throw forbidden();
  return recheckView(db, recheckId);
}

/** Re-scores one sampled commune: what was submitted, overridden by what the province found different. */
export async function rescoreRecheckEntry(
  db: Db,
  user: SessionUser,
  recheckId: number,
  entryId: number,
  values: Record<string, number | boolean>,
  meta: { ip?: string },
): Promise<Recheck> {
  const row = await db
    .selectFrom('recheck_entry as x')
    .innerJoin('recheck as k', 'k.id', 'x.recheck_id')
    .innerJoin('round_entry as e', 'e.id', 'x.entry_id')
    .select(['k.round_id', 'e.assessment_id', 'e.unit_id', 'e.submissions'])
    .where('x.recheck_id', '=', recheckId)
    .where('x.entry_id', '=', entryId)
    .executeTakeFirst();
  if (!row) throw notFound('recheck_entry', `${recheckId}/${entryId}`);
  const round = await loadRound(db, row.round_id);
  if (!mayRecheck(user, round.province_id)) throw forbidden();
  const rs = await entryRuleSet(db, row.assessment_id);
  const last = await db
    .selectFrom('round_submission')
    .select('values')
    .where('entry_id', '=', entryId)
    .where('number', '=', row.submissions)
    .executeTakeFirstOrThrow();
  const merged = { ...last.values, ...values };
  const checked = validateValues(rs.definition, merged, { allowMissing: false });
  if (!checked.ok) throw valueRefusal('invalid', 'assessments:error.invalid_values', checked.issues);
  const unit = await db.selectFrom('unit').select('category').where('id', '=', row.unit_id).executeTakeFirstOrThrow();
  const result = score(rs.definition, String(rs.version), unit.category ?? DEFAULT_CATEGORY, checked.values);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('recheck_entry')
      .set({
        values: JSON.stringify(values),
        result: JSON.stringify(result),
        checked_by: user.id,
        checked_at: sql`now()`,
      })
      .where('recheck_id', '=', recheckId)
      .where('entry_id', '=', entryId)
      .execute();
    const after = { recheck: recheckId, values, total: result.total };
    await writeAudit(trx, {
      userId: user.id,
      action: 'recheck_score',
      entity: 'round_entry',
      entityId: entryId,
      after,
      ip: meta.ip,
    });
  });
  return recheckView(db, recheckId);
}
