// The assessment summary the dashboards read (migration 0017): after each writer it says what the JSON result
// says (points per criterion, provisional, threshold, the provisional impacts); a result written by other
// means is judged from its JSON on the next dashboard; and the national lists are capped with their totals.
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startTestApp, type TestApp } from '../support/server.ts';
import type { ScoreResult } from '../../src/core/scoring/engine.ts';
import { demoValues } from '../../src/server/demo/seed.ts';
import { recomputePeriod, saveValues } from '../../src/server/features/assessments/store.ts';
import { resultImpacts } from '../../src/server/features/dashboards/summary.ts';
import { LIST_LIMIT } from '../../src/server/features/dashboards/store.ts';
import { loadRuleSet } from '../../src/server/features/rule-sets/store.ts';

let t: TestApp;
let adminCookie: string;
let adminId: number;
let province: number;
let period2026: number;
const db = () => t.database.db;
const communeId = async (code: string) =>
  (
    await db()
      .selectFrom('unit')
      .select('id')
      .where('level', '=', 'commune')
      .where('code', '=', code)
      .where('valid_to', 'is', null)
      .executeTakeFirstOrThrow()
  ).id;
const call = (url: string) =>
  t.app.inject({ method: 'GET', url, headers: { cookie: adminCookie, 'accept-language': 'vi' } });

/** The summary of one assessment against its JSON result; returns the result. */
async function expectSummaryMatches(assessmentId: number): Promise<ScoreResult> {
  const a = await db()
    .selectFrom('assessment')
    .select([
      'result',
      'rule_set_id',
      'provisional',
      'threshold',
      'provisional_impacts',
      'total',
      'recognized',
      'complete',
    ])
    .where('id', '=', assessmentId)
    .executeTakeFirstOrThrow();
  const result = a.result as ScoreResult;
  expect(result, `assessment ${assessmentId} has a result`).not.toBeNull();
  expect({ provisional: a.provisional, threshold: a.threshold }).toEqual({
    provisional: result.provisional,
    threshold: result.threshold,
  });
  const rows = await db()
    .selectFrom('assessment_criterion')
    .select(['code', 'points', 'max', 'provisional', 'province_id'])
    .where('assessment_id', '=', assessmentId)
    .orderBy('code')
    .execute();
  expect(
    rows.map((r) => ({ code: r.code, points: Number(r.points), max: Number(r.max), provisional: r.provisional })),
  ).toEqual(
    [...result.criteria]
      .sort((x, y) => x.code.localeCompare(y.code))
      .map((c) => ({ code: c.code, points: c.points, max: c.max, provisional: c.provisional })),
  );
  const province = await db()
    .selectFrom('assessment')
    .select('province_id')
    .where('id', '=', assessmentId)
    .executeTakeFirstOrThrow();
  for (const r of rows) expect(r.province_id).toBe(province.province_id);
  const rs = await loadRuleSet(db(), a.rule_set_id);
  expect(a.provisional_impacts).toEqual(resultImpacts(result, rs.definition));
  return result;
}

beforeAll(async () => {
  t = await startTestApp();
  adminCookie = await login(t.app, 'admin');
  adminId = (await db().selectFrom('app_user').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow())
    .id;
  province = (
    await db()
      .selectFrom('unit')
      .select('id')
      .where('level', '=', 'province')
      .where('code', '=', '19')
      .where('valid_to', 'is', null)
      .executeTakeFirstOrThrow()
  ).id;
  period2026 = (await db().selectFrom('period').select('id').where('year', '=', 2026).executeTakeFirstOrThrow()).id;
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('the assessment summary', () => {
  it('says what the JSON result says after saveValues, complete or not', async () => {
    const vanPhu = await communeId('05845');
    const saved = await saveValues(
      db(),
      vanPhu,
      period2026,
      { values: demoValues('recognized', 5650) },
      { userId: adminId },
    );
    expect(saved.result.complete).toBe(true);
    const result = await expectSummaryMatches(saved.assessmentId);
    expect(result.provisional).toBe(true);
    // A recognised result near its threshold rests on provisional rules: the impacts are not empty here.
    const nearThreshold = await saveValues(
      db(),
      vanPhu,
      period2026,
      { values: demoValues('below_threshold', 5650) },
      { userId: adminId },
    );
    await expectSummaryMatches(nearThreshold.assessmentId);
    const firstInput = Object.keys(demoValues('recognized', 5650))[0]!;
    const draft = await saveValues(db(), vanPhu, period2026, { values: { [firstInput]: null } }, { userId: adminId });
    expect(draft.result.complete).toBe(false);
    await expectSummaryMatches(draft.assessmentId);
  });

  it('says what the JSON result says after recomputePeriod, with the new threshold', async () => {
    const ids = await db()
      .selectFrom('assessment as a')
      .innerJoin('unit as u', 'u.id', 'a.unit_id')
      .select(['a.id', 'u.id as unit_id', 'u.category'])
      .where('a.period_id', '=', period2026)
      .where('u.parent_id', '=', province)
      .execute();
    expect(ids.length).toBeGreaterThan(5);
    // Every demo commune moves to the category with threshold 900, which changes results and impacts.
    await db()
      .updateTable('unit')
      .set({ category: 'urban_ward' })
      .where(
        'id',
        'in',
        ids.map((i) => i.unit_id),
      )
      .execute();
    try {
      expect(await recomputePeriod(db(), period2026, province)).toBe(ids.length);
      for (const { id } of ids) {
        const result = await expectSummaryMatches(id);
        if (result.complete) expect(result.threshold).toBe(900);
      }
    } finally {
      for (const i of ids)
        await db().updateTable('unit').set({ category: i.category }).where('id', '=', i.unit_id).execute();
      await recomputePeriod(db(), period2026, province);
    }
    for (const { id } of ids) await expectSummaryMatches(id);
  });

  it('a result written by other means is judged from its JSON on the next dashboard, then stored', async () => {
    const tanCuong = await communeId('05503');
    const model = await db()
      .selectFrom('assessment')
      .select(['id', 'result'])
      .where('unit_id', '=', tanCuong)
      .where('period_id', '=', period2026)
      .executeTakeFirstOrThrow();
    const before = (await call(`/api/dashboards/provinces/${province}?periodId=${period2026}`)).json();
    const warned = before.warnings.find((w: { code: string }) => w.code === '05503');
    expect(warned.impacts.length).toBeGreaterThan(0);
    // Recognition taken away by hand: the stored impacts no longer hold, the trigger forgets them.
    await db().updateTable('assessment').set({ recognized: false }).where('id', '=', model.id).execute();
    const forgotten = await db()
      .selectFrom('assessment')
      .select(['provisional_impacts'])
      .where('id', '=', model.id)
      .executeTakeFirstOrThrow();
    expect(forgotten.provisional_impacts).toBeNull();
    const after = (await call(`/api/dashboards/provinces/${province}?periodId=${period2026}`)).json();
    const judged = after.warnings.find((w: { code: string }) => w.code === '05503');
    expect(judged?.impacts ?? []).not.toContainEqual(expect.objectContaining({ kind: 'rests_on_provisional' }));
    const stored = await db()
      .selectFrom('assessment')
      .select(['provisional_impacts'])
      .where('id', '=', model.id)
      .executeTakeFirstOrThrow();
    expect(stored.provisional_impacts).toEqual(judged?.impacts ?? []);
    await db().updateTable('assessment').set({ recognized: true }).where('id', '=', model.id).execute();
    const again = (await call(`/api/dashboards/provinces/${province}?periodId=${period2026}`)).json();
    expect(again.warnings.find((w: { code: string }) => w.code === '05503')).toEqual(warned);
    await expectSummaryMatches(model.id);
  });

  it('a result changed by SQL alone moves the criterion rows with it', async () => {
    const vanPhu = await communeId('05845');
    const a = await db()
      .selectFrom('assessment')
      .select(['id', 'result'])
      .where('unit_id', '=', vanPhu)
      .where('period_id', '=', period2026)
      .executeTakeFirstOrThrow();
    const result = a.result as ScoreResult;
    const changed: ScoreResult = {
      ...result,
      criteria: result.criteria.map((c, i) => (i === 0 ? { ...c, points: 0 } : c)),
    };
    await db()
      .updateTable('assessment')
      .set({ result: JSON.stringify(changed) })
      .where('id', '=', a.id)
      .execute();
    const first = await db()
      .selectFrom('assessment_criterion')
      .select(['points'])
      .where('assessment_id', '=', a.id)
      .where('code', '=', result.criteria[0]!.code)
      .executeTakeFirstOrThrow();
    expect(Number(first.points)).toBe(0);
    await db()
      .updateTable('assessment')
      .set({ result: JSON.stringify(result) })
      .where('id', '=', a.id)
      .execute();
    const back = await db()
      .selectFrom('assessment_criterion')
      .select(['points'])
      .where('assessment_id', '=', a.id)
      .where('code', '=', result.criteria[0]!.code)
      .executeTakeFirstOrThrow();
    expect(Number(back.points)).toBe(result.criteria[0]!.points);
  });
});

describe('the national lists', () => {
  it('are capped at the list limit with their totals, most relevant first; the workbook has every row', async () => {
    // Tân Cương's result (a warning) copied to 120 communes of other provinces, as an import would write them.
    const tanCuong = await communeId('05503');
    const model = await db()
      .selectFrom('assessment')
      .select(['rule_set_id', 'category', 'total', 'recognized', 'complete', 'result'])
      .where('unit_id', '=', tanCuong)
      .where('period_id', '=', period2026)
      .executeTakeFirstOrThrow();
    const others = await db()
      .selectFrom('unit')
      .select('id')
      .where('level', '=', 'commune')
      .where('valid_to', 'is', null)
      .where('parent_id', '<>', province)
      .orderBy('id')
      .limit(120)
      .execute();
    expect(others).toHaveLength(120);
    await db()
      .insertInto('assessment')
      .values(
        others.map((u, i) => ({
          unit_id: u.id,
          period_id: period2026,
          rule_set_id: model.rule_set_id,
          category: model.category,
          total: model.total - (i % 3),
          recognized: model.recognized,
          complete: model.complete,
          result: JSON.stringify(model.result),
        })),
      )
      .execute();
    const d = (await call(`/api/dashboards/nation?periodId=${period2026}`)).json();
    expect(d.warningsTotal).toBeGreaterThan(LIST_LIMIT);
    expect(d.warnings).toHaveLength(LIST_LIMIT);
    expect(d.warningsOmitted).toBe(d.warningsTotal - LIST_LIMIT);
    expect(d.listLimit).toBe(LIST_LIMIT);
    // Recognised results first, then the nearest their threshold.
    const order = d.warnings.map(
      (w: { recognized: boolean; total: number; threshold: number }) =>
        (w.recognized ? 0 : 10_000) + Math.abs(w.total - w.threshold),
    );
    expect(order).toEqual([...order].sort((x: number, y: number) => x - y));
    expect(new Set(order).size).toBeGreaterThan(1);
    expect(d.timeliness.omitted).toBe(d.timeliness.entries - d.timeliness.rows.length);
    // The impacts were stored by that request: the next one reads no JSON and answers the same.
    const unknown = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM assessment WHERE period_id = ${period2026} AND complete AND provisional AND provisional_impacts IS NULL`.execute(
      db(),
    );
    expect(unknown.rows[0]!.n).toBe(0);
    const again = (await call(`/api/dashboards/nation?periodId=${period2026}`)).json();
    expect({ total: again.warningsTotal, warnings: again.warnings }).toEqual({
      total: d.warningsTotal,
      warnings: d.warnings,
    });

    const res = await call(`/api/dashboards/nation/dashboard.xlsx?periodId=${period2026}`);
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.at(-1)!.rowCount).toBe(d.warningsTotal + 1);
  });

  it('a province lists its dossiers overdue first, then late, pending and on time', async () => {
    const d = (await call(`/api/dashboards/provinces/${province}?periodId=${period2026}`)).json();
    const rank = { overdue: 0, late: 1, pending: 2, on_time: 3 } as const;
    const ranks = d.timeliness.rows.map((r: { status: keyof typeof rank }) => rank[r.status]);
    expect(ranks.length).toBeGreaterThan(1);
    expect(ranks).toEqual([...ranks].sort((x: number, y: number) => x - y));
    expect(d.timeliness.omitted).toBe(0);
  });
});
