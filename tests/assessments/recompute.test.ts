// A period's recompute (issue 20): the stored results, totals, criterion rows and dashboard epochs are
// right after it; a changed value or category is written and raises its province's epoch; a period where
// nothing changed is left untouched (no row version, no epoch); a result changed by other means is put back.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, provinceId } from '../support/db.ts';
import type { DatabaseHandle } from '../../src/server/db/database.ts';
import { prepareDatabase } from '../../src/server/bootstrap.ts';
import { score, type ScoreResult } from '../../src/core/scoring/engine.ts';
import type { InputValues } from '../../src/core/scoring/validate.ts';
import { recomputePeriod } from '../../src/server/features/assessments/store.ts';
import { recomputeScope } from '../../src/server/features/assessments/recompute.ts';
import { storedResult } from '../../src/core/scoring/stored.ts';
import { resultImpacts } from '../../src/server/features/dashboards/summary.ts';
import { migrationsDir } from '../../src/server/db/migrate.ts';
import { loadRuleSet } from '../../src/server/features/rule-sets/store.ts';

let h: DatabaseHandle;
let period: number;
let province: number;
const db = () => h.db;

interface Row {
  id: number;
  unit_id: number;
  version: string;
  updated_at: string;
}

/** Every assessment of the period, with its row version (xmin) and updated_at. */
async function rowVersions(): Promise<Row[]> {
  const { rows } = await sql<Row>`SELECT id, unit_id, xmin::text AS version, updated_at::text AS updated_at
      FROM assessment WHERE period_id = ${period} ORDER BY id`.execute(db());
  return rows;
}

async function criterionVersions(): Promise<string[]> {
  const { rows } = await sql<{ v: string }>`SELECT assessment_id || ':' || code || ':' || xmin::text AS v
      FROM assessment_criterion WHERE period_id = ${period} ORDER BY assessment_id, code`.execute(db());
  return rows.map((r) => r.v);
}

async function epochs(): Promise<Map<number, number>> {
  const { rows } = await sql<{ province: number; n: string }>`SELECT province, n FROM dashboard_epoch`.execute(db());
  return new Map(rows.map((r) => [r.province, Number(r.n)]));
}

/** The stored row of one assessment against a fresh score of its stored values and its unit's category. */
async function expectScored(assessmentId: number): Promise<ScoreResult> {
  const a = await db()
    .selectFrom('assessment as a')
    .innerJoin('unit as u', 'u.id', 'a.unit_id')
    .select([
      'a.rule_set_id',
      'a.category',
      'u.category as unit_category',
      'a.total',
      'a.recognized',
      'a.complete',
      'a.result',
      'a.provisional',
      'a.threshold',
      'a.provisional_impacts',
      'a.province_id',
    ])
    .where('a.id', '=', assessmentId)
    .executeTakeFirstOrThrow();
  const values = await db()
    .selectFrom('assessment_value')
    .select(['code', 'value'])
    .where('assessment_id', '=', assessmentId)
    .execute();
  const rs = await loadRuleSet(db(), a.rule_set_id);
  const category = a.unit_category ?? 'other';
  const expected = score(
    rs.definition,
    String(rs.version),
    category,
    Object.fromEntries(values.map((v) => [v.code, v.value])) as InputValues,
  );
  expect(a.category).toBe(category);
  // Stored compactly: each item's points and status; its explanation is recomputed on read.
  expect(a.result).toEqual(JSON.parse(JSON.stringify(storedResult(expected))));
  expect({ total: a.total, recognized: a.recognized, complete: a.complete }).toEqual({
    total: expected.total,
    recognized: expected.recognized,
    complete: expected.complete,
  });
  expect({ provisional: a.provisional, threshold: a.threshold }).toEqual({
    provisional: expected.provisional,
    threshold: expected.threshold,
  });
  expect(a.provisional_impacts).toEqual(JSON.parse(JSON.stringify(resultImpacts(expected, rs.definition))));
  const rows = await db()
    .selectFrom('assessment_criterion')
    .select(['code', 'points', 'max', 'provisional', 'province_id', 'period_id'])
    .where('assessment_id', '=', assessmentId)
    .orderBy('code')
    .execute();
  expect(
    rows.map((r) => ({ code: r.code, points: Number(r.points), max: Number(r.max), provisional: r.provisional })),
  ).toEqual(
    [...expected.criteria]
      .sort((x, y) => (x.code < y.code ? -1 : x.code > y.code ? 1 : 0))
      .map((c) => ({ code: c.code, points: c.points, max: c.max, provisional: c.provisional ?? false })),
  );
  for (const r of rows) expect([r.province_id, r.period_id]).toEqual([a.province_id, period]);
  return expected;
}

beforeAll(async () => {
  h = await openTestDatabase({ migrated: false });
  await prepareDatabase(h, { demo: true });
  period = (await db().selectFrom('period').select('id').where('year', '=', 2026).executeTakeFirstOrThrow()).id;
  province = await provinceId(db(), '19');
}, 120_000);

afterAll(async () => {
  await h?.close();
});

describe('recomputePeriod', () => {
  it('writes every result the first time after a bulk load, with its totals, criterion rows and epochs', async () => {
    // As a bulk load leaves them: results and their summary written by SQL, no digest.
    await sql`UPDATE assessment SET result = NULL, total = 0, recognized = false, complete = false WHERE period_id = ${period}`.execute(
      db(),
    );
    const scoped = await rowVersions();
    expect(scoped.length).toBeGreaterThan(5);
    const before = await epochs();
    const outcome = await recomputeScope(db(), period);
    expect(outcome).toEqual({ scored: scoped.length, written: scoped.length });
    for (const { id } of scoped) await expectScored(id);
    const after = await epochs();
    expect(after.get(province)).toBeGreaterThan(before.get(province) ?? 0);
  });

  it('writes nothing when nothing changed: no new row version, no criterion row, no epoch', async () => {
    const rows = await rowVersions();
    const criteria = await criterionVersions();
    const before = await epochs();
    expect(await recomputeScope(db(), period)).toEqual({ scored: rows.length, written: 0 });
    expect(await recomputePeriod(db(), period, province)).toBeGreaterThan(0);
    expect(await rowVersions()).toEqual(rows);
    expect(await criterionVersions()).toEqual(criteria);
    expect(await epochs()).toEqual(before);
  });

  it("writes a changed value's result alone and raises its province's epoch", async () => {
    const rows = await rowVersions();
    const target = rows[0]!;
    const { rows: changed } = await sql<{ code: string }>`
      UPDATE assessment_value SET value = to_jsonb(value::text::numeric + 7)
       WHERE assessment_id = ${target.id} AND code = (SELECT min(code) FROM assessment_value
             WHERE assessment_id = ${target.id} AND jsonb_typeof(value) = 'number' AND code LIKE 'C%')
      RETURNING code`.execute(db());
    expect(changed).toHaveLength(1);
    const before = await epochs();
    const owner = (
      await db().selectFrom('assessment').select('province_id').where('id', '=', target.id).executeTakeFirstOrThrow()
    ).province_id;
    expect(await recomputeScope(db(), period)).toEqual({ scored: rows.length, written: 1 });
    await expectScored(target.id);
    const after = await rowVersions();
    expect(after.filter((r, i) => r.version !== rows[i]!.version).map((r) => r.id)).toEqual([target.id]);
    expect((await epochs()).get(owner)).toBe((before.get(owner) ?? 0) + 1);
  });

  it("writes a changed category: category, threshold, criterion rows, impacts and the province's epoch", async () => {
    const rows = await rowVersions();
    const target = rows[1]!;
    const unit = await db()
      .selectFrom('unit')
      .select(['category', 'parent_id'])
      .where('id', '=', target.unit_id)
      .executeTakeFirstOrThrow();
    const before = await epochs();
    const stored = await db()
      .selectFrom('assessment')
      .select('threshold')
      .where('id', '=', target.id)
      .executeTakeFirstOrThrow();
    const next = unit.category === 'urban_ward' ? 'disadvantaged' : 'urban_ward';
    await db().updateTable('unit').set({ category: next }).where('id', '=', target.unit_id).execute();
    const afterUnit = await epochs();
    expect(await recomputeScope(db(), period)).toEqual({ scored: rows.length, written: 1 });
    const expected = await expectScored(target.id);
    if (expected.complete) expect(expected.threshold).not.toBe(stored.threshold);
    expect((await epochs()).get(unit.parent_id!)).toBe((afterUnit.get(unit.parent_id!) ?? 0) + 1);
    expect(afterUnit.get(unit.parent_id!)).toBeGreaterThan(before.get(unit.parent_id!) ?? 0);
    expect(await recomputeScope(db(), period)).toEqual({ scored: rows.length, written: 0 });
  });

  it('puts back a result changed by other means (the trigger forgets its digest)', async () => {
    const rows = await rowVersions();
    const target = rows[2]!;
    await sql`UPDATE assessment SET result = jsonb_set(result, '{total}', '0'), total = 0 WHERE id = ${target.id}`.execute(
      db(),
    );
    const digest = await db()
      .selectFrom('assessment')
      .select('result_digest')
      .where('id', '=', target.id)
      .executeTakeFirstOrThrow();
    expect(digest.result_digest).toBeNull();
    expect(await recomputeScope(db(), period)).toEqual({ scored: rows.length, written: 1 });
    await expectScored(target.id);
  });

  it('stores each item by its points and status only, and migration 0037 cuts older full results to that shape', async () => {
    const target = (await rowVersions())[3]!;
    const stored = await db()
      .selectFrom('assessment')
      .select('result')
      .where('id', '=', target.id)
      .executeTakeFirstOrThrow();
    const items = (stored.result as ScoreResult).criteria.flatMap((c) => c.items);
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) expect(Object.keys(item).sort()).toEqual(['code', 'mark', 'max', 'points', 'status']);
    // A result as stored before 0037, with each item's explanation.
    const full = await expectScored(target.id);
    await sql`UPDATE assessment SET result = ${JSON.stringify(full)}::jsonb WHERE id = ${target.id}`.execute(db());
    await h.exec(readFileSync(path.join(migrationsDir, '0037_compact_results.sql'), 'utf8'));
    const after = await db()
      .selectFrom('assessment')
      .select(['result', 'result_digest'])
      .where('id', '=', target.id)
      .executeTakeFirstOrThrow();
    expect(after.result).toEqual(JSON.parse(JSON.stringify(storedResult(full))));
    expect(after.result_digest).toBeNull();
    // The next recompute writes it once more, with its digest, and then leaves it.
    const n = (await rowVersions()).length;
    expect(await recomputeScope(db(), period)).toEqual({ scored: n, written: 1 });
    expect(await recomputeScope(db(), period)).toEqual({ scored: n, written: 0 });
  });
});
