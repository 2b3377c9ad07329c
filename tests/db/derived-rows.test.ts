// What the triggers derive from a saved score equals what the core engine says. The migrations' triggers read
// the scoring result's JSON (migrations/0017_assessment_summary.sql: provisional, threshold and
// criteria[].code/points/max/provisional) and stamp keys, chains and counters on the rows written
// (0011 province keys, 0019 audit chains, 0021 dashboard epochs): a change of ScoreResult that the SQL does not
// follow fails here, at compile time (TriggerReads) or when the rows are compared.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { score, type ScoreResult } from '../../src/core/scoring/engine.ts';
import { storedResult } from '../../src/core/scoring/stored.ts';
import { prepareDatabase } from '../../src/server/bootstrap.ts';
import type { DatabaseHandle } from '../../src/server/db/database.ts';
import { saveValues } from '../../src/server/features/assessments/store.ts';
import { latestPublished } from '../../src/server/features/rule-sets/store.ts';
import { openTestDatabase } from '../support/db.ts';
import { fullMarks } from '../support/fixtures.ts';

/** The fields of the result that the SQL of migration 0017 reads, with the types it casts them to. */
interface TriggerReads {
  provisional: boolean;
  threshold: number;
  criteria: Array<{ code: string; points: number; max: number; provisional: boolean }>;
}
// Compile-time: renaming or retyping one of these in ScoreResult breaks `npm run typecheck` here.
const _resultFeedsTriggers = (r: ScoreResult): TriggerReads => r;
void _resultFeedsTriggers;

let handle: DatabaseHandle;
let communeId: number;
let provinceId: number;
let periodId: number;
let userId: number;
const db = () => handle.db;

beforeAll(async () => {
  handle = await openTestDatabase();
  await prepareDatabase(handle, { demo: false });
  const commune = await db()
    .selectFrom('unit')
    .select(['id', 'parent_id'])
    .where('level', '=', 'commune')
    .where('valid_to', 'is', null)
    .orderBy('id')
    .limit(1)
    .executeTakeFirstOrThrow();
  communeId = commune.id;
  provinceId = commune.parent_id!;
  // A category whose threshold differs from the default, so the threshold column is the category's own.
  await db().updateTable('unit').set({ category: 'disadvantaged' }).where('id', '=', communeId).execute();
  periodId = (
    await db()
      .insertInto('period')
      .values({ year: 2031, starts_on: '2031-01-01', ends_on: '2031-12-31' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  userId = (
    await db()
      .insertInto('app_user')
      .values({ username: 'derived-rows', password_hash: 'x', full_name: 'Cán bộ kiểm thử' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}, 180_000);

afterAll(async () => {
  await handle?.close();
});

const epoch = async (province: number): Promise<number> =>
  Number(
    (await sql<{ n: string }>`SELECT n::text AS n FROM dashboard_epoch WHERE province = ${province}`.execute(db()))
      .rows[0]?.n ?? 0,
  );

/** The rows the triggers derived for one assessment, next to what the engine computed on its own. */
async function expectDerivedRows(assessmentId: number, expected: ScoreResult): Promise<void> {
  const a = await db()
    .selectFrom('assessment')
    .select(['province_id', 'provisional', 'threshold', 'total', 'recognized', 'complete', 'result'])
    .where('id', '=', assessmentId)
    .executeTakeFirstOrThrow();
  // Stored compactly (src/core/scoring/stored.ts): each item by its points and status.
  expect(a.result).toEqual(JSON.parse(JSON.stringify(storedResult(expected))));
  expect({ provisional: a.provisional, threshold: a.threshold }).toEqual({
    provisional: expected.provisional,
    threshold: expected.threshold,
  });
  expect({ total: a.total, recognized: a.recognized, complete: a.complete }).toEqual({
    total: expected.total,
    recognized: expected.recognized,
    complete: expected.complete,
  });
  expect(a.province_id).toBe(provinceId);

  const criteria = await db()
    .selectFrom('assessment_criterion')
    .select(['code', 'points', 'max', 'provisional', 'period_id', 'unit_id', 'province_id'])
    .where('assessment_id', '=', assessmentId)
    .orderBy('code')
    .execute();
  expect(
    criteria.map((c) => ({
      code: c.code,
      points: Number(c.points),
      max: Number(c.max),
      provisional: c.provisional,
      periodId: c.period_id,
      unitId: c.unit_id,
      provinceId: c.province_id,
    })),
  ).toEqual(
    [...expected.criteria]
      .sort((x, y) => (x.code < y.code ? -1 : 1))
      .map((c) => ({
        code: c.code,
        points: c.points,
        max: c.max,
        provisional: c.provisional,
        periodId,
        unitId: communeId,
        provinceId,
      })),
  );
  // The province key reaches the value rows through their assessment (fill_province_id('assessment', …)).
  for (const table of ['assessment_value', 'assessment_value_history'] as const) {
    const keys = await db()
      .selectFrom(table)
      .select('province_id')
      .distinct()
      .where('assessment_id', '=', assessmentId)
      .execute();
    expect(
      keys.map((k) => k.province_id),
      table,
    ).toEqual([provinceId]);
  }
}

const first = { ...fullMarks(), 'C05.deaths': 1, 'C06.supported': 18 };

describe('rows derived by triggers from a saved score', () => {
  it('a first save: the criterion rows, summary columns, province keys, audit chain and epoch follow the engine', async () => {
    const values = first;
    const ruleSet = await latestPublished(db());
    const expected = score(ruleSet.definition, String(ruleSet.version), 'disadvantaged', values);
    // The fixture reaches the cases the SQL treats apart: a zeroed criterion, a provisional one, a category threshold.
    expect(expected.criteria.some((c) => c.points === 0 && c.zeroedBy)).toBe(true);
    expect(expected.criteria.some((c) => c.provisional)).toBe(true);
    expect(expected.provisional).toBe(true);

    const epochBefore = await epoch(provinceId);
    const saved = await saveValues(db(), communeId, periodId, { values }, { userId });
    expect(saved.result).toEqual(expected);
    await expectDerivedRows(saved.assessmentId, expected);
    expect(await epoch(provinceId)).toBeGreaterThan(epochBefore);

    const audit = await db()
      .selectFrom('audit_log')
      .select(['chain', 'prev_hash', 'hash'])
      .where('entity', '=', 'assessment')
      .where('entity_id', '=', String(saved.assessmentId))
      .where('action', '=', 'save_values')
      .executeTakeFirstOrThrow();
    expect(audit.chain).toBe(provinceId);
    expect(audit.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(audit.prev_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a later save that clears an input and raises a score: the rows are upserted to the new result', async () => {
    const change = { 'C05.deaths': 0, 'C06.supported': 20, 'C13.satisfied': null };
    const saved = await saveValues(db(), communeId, periodId, { values: change }, { userId });
    const ruleSet = await latestPublished(db());
    const { 'C13.satisfied': _cleared, ...kept } = { ...first, ...change };
    const expected = score(ruleSet.definition, String(ruleSet.version), 'disadvantaged', kept);
    expect(expected.complete).toBe(false);
    expect(saved.result).toEqual(expected);
    await expectDerivedRows(saved.assessmentId, expected);
  });
});
