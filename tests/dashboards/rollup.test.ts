// The national dashboard added up from per-province parts (src/server/features/dashboards/parts.ts) is the
// answer a single national computation gives (store.ts readDashboard), also when an old commune's
// successors lie in two provinces (counted once nationally, in both provinces' rows), with lists capped
// across parts, and after a save; and after a save only the saving province's part is computed again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { login, startTestApp, type TestApp } from '../support/server.ts';
import { score } from '../../src/core/scoring/engine.ts';
import { demoValues } from '../../src/server/demo/seed.ts';
import { computedAnswers, computedParts, epochSnapshot } from '../../src/server/features/dashboards/cache.ts';
import { nationFromParts } from '../../src/server/features/dashboards/parts.ts';
import { readDashboard, resolvePeriod, type Dashboard } from '../../src/server/features/dashboards/store.ts';
import { latestPublished } from '../../src/server/features/rule-sets/store.ts';
import { today } from '../../src/server/features/rounds/store.ts';

let t: TestApp;
let admin: string;
let officer: string;
let period2024: number;
let period2026: number;
let vanPhu: number;
let thaiNguyen: number;
let split: number;
let successors: Array<{ id: number; province: number }>;

const db = () => t.database.db;
const idOf = async (level: 'province' | 'commune', code: string) =>
  (
    await db()
      .selectFrom('unit')
      .select('id')
      .where('level', '=', level)
      .where('code', '=', code)
      .where('valid_to', 'is', null)
      .executeTakeFirstOrThrow()
  ).id;
/** Everything but the moment it was computed. */
const content = ({ asOf: _, ...d }: Dashboard) => d;
const fromScratch = async (periodId: number, limit?: number) =>
  content(await readDashboard(db(), { level: 'nation' }, await resolvePeriod(db(), periodId), today(), { limit }));
const rolledUp = async (periodId: number, limit = 100) =>
  content(
    await nationFromParts(db(), await epochSnapshot(db()), await resolvePeriod(db(), periodId), today(), limit, {
      maxMissing: Infinity,
      keepAhead: false,
    }),
  );
/** The parts (province id or 'cross') of the period's national answer computed since `before`. */
const partsSince = (before: Map<string, number>, periodId: number) =>
  [...computedParts(db())]
    .filter(([k, n]) => k.endsWith(`|${periodId}`) && n > (before.get(k) ?? 0))
    .map(([k, n]) => ({ part: k.split('|')[0]!, times: n - (before.get(k) ?? 0) }));
const nation = async (periodId: number) => {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/dashboards/nation?periodId=${periodId}`,
    headers: { cookie: admin },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Dashboard;
};

beforeAll(async () => {
  t = await startTestApp();
  period2026 = (await db().selectFrom('period').select('id').where('year', '=', 2026).executeTakeFirstOrThrow()).id;
  period2024 = (
    await db()
      .insertInto('period')
      .values({ year: 2024, starts_on: '2024-01-01', ends_on: '2024-12-31' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  vanPhu = await idOf('commune', '05845');
  thaiNguyen = await idOf('province', '19');
  // An old commune of an old province, recognised in 2024, split between communes of two current provinces
  // other than Thái Nguyên (whose saves below must leave its part alone).
  const { rows } = await sql<{ id: number; province: number }>`
    SELECT DISTINCT ON (c.parent_id) c.id, c.parent_id AS province FROM unit c JOIN unit p ON p.id = c.parent_id
     WHERE c.level = 'commune' AND c.valid_to IS NULL AND p.code IN ('01', '08')
     ORDER BY c.parent_id, c.id`.execute(db());
  successors = rows.map((r) => ({ id: Number(r.id), province: Number(r.province) }));
  expect(successors).toHaveLength(2);
  const unit = async (code: string, level: 'province' | 'commune', parent: number | null) =>
    (
      await db()
        .insertInto('unit')
        .values({
          code,
          level,
          kind: level === 'province' ? 'tinh' : 'xa',
          name: `Đơn vị chia đôi ${code}`,
          parent_id: parent,
          valid_from: null,
          valid_to: '2025-06-30',
          category: level === 'commune' ? 'other' : null,
          source: 'test',
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const oldProvince = await unit('T70', 'province', null);
  split = await unit('T7001', 'commune', oldProvince);
  await db()
    .insertInto('unit_lineage')
    .values(
      successors.map((s) => ({
        predecessor_id: split,
        successor_id: s.id,
        kind: 'partial',
        effective_on: '2025-07-01',
      })),
    )
    .execute();
  const rs = await latestPublished(db());
  const r = score(rs.definition, String(rs.version), 'other', demoValues('recognized', 3100));
  await db()
    .insertInto('assessment')
    .values({
      unit_id: split,
      period_id: period2024,
      rule_set_id: rs.id,
      category: 'other',
      total: r.total,
      recognized: r.recognized,
      complete: r.complete,
      result: JSON.stringify(r),
    })
    .execute();
  admin = await login(t.app, 'admin');
  officer = await login(t.app, 'xa.vanphu');
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('the national dashboard from per-province parts', () => {
  it('equals a single national computation, an old commune split between two provinces counted once', async () => {
    const whole = await fromScratch(period2024);
    expect(await rolledUp(period2024)).toEqual(whole);
    // Once in the nation, once in each province it maps into.
    const inProvince = (d: Omit<Dashboard, 'asOf'>, id: number) => d.breakdown.find((b) => b.unitId === id)!;
    for (const s of successors) expect(inProvince(whole, s.province)).toMatchObject({ assessed: 1, recognised: 1 });
    expect(whole.breakdown.reduce((n, b) => n + b.units, 0)).toBe(whole.counts.units + 1);
    expect(whole.counts).toMatchObject({ assessed: 1, recognised: 1 });
    expect(await rolledUp(period2026)).toEqual(await fromScratch(period2026));
  });

  it('caps the lists across parts as one computation does', async () => {
    for (const limit of [1, 2, 3]) {
      const whole = await fromScratch(period2026, limit);
      expect(whole.timeliness.omitted + whole.warningsOmitted).toBeGreaterThan(0);
      expect(await rolledUp(period2026, limit)).toEqual(whole);
    }
  });

  it('after a save computes only the saving province’s part again, and still equals one computation', async () => {
    const before = await nation(period2026);
    expect(await nation(period2026)).toEqual(before);
    // Every part in place (the first request may have computed the answer whole and left them to the watch).
    await rolledUp(period2026);
    const parts = computedParts(db());
    const answers = computedAnswers(db());
    const save = await t.app.inject({
      method: 'PUT',
      url: `/api/units/${vanPhu}/assessments/${period2026}/values`,
      headers: { cookie: officer },
      payload: { values: demoValues('recognized', 2400 + 5 * 650) },
    });
    expect(save.statusCode, save.body).toBe(200);
    const after = await nation(period2026);
    expect(computedAnswers(db())).toBe(answers + 1);
    // Once, whether the request computed it or the watch did just before (parts.ts keepAhead).
    expect(partsSince(parts, period2026)).toEqual([{ part: String(thaiNguyen), times: 1 }]);
    expect(after.counts.recognised).toBe(before.counts.recognised + 1);
    const row = (d: Dashboard) => d.breakdown.find((b) => b.unitId === thaiNguyen)!;
    expect(row(after).recognised).toBe(row(before).recognised + 1);
    const { asOf: _, ...rest } = after;
    expect(rest).toEqual(await fromScratch(period2026));
  });

  it('recomputes the parts of both provinces when the split commune’s old result changes', async () => {
    await nation(period2024);
    await rolledUp(period2024);
    const parts = computedParts(db());
    await db().updateTable('assessment').set({ recognized: false }).where('unit_id', '=', split).execute();
    const after = await nation(period2024);
    // The old province's counter: both successors' provinces and the cross-province part, no other.
    expect(partsSince(parts, period2024).sort((a, b) => a.part.localeCompare(b.part))).toEqual(
      [...successors.map((s) => String(s.province)), 'cross'].sort().map((part) => ({ part, times: 1 })),
    );
    const { asOf: _, ...rest } = after;
    expect(rest).toEqual(await fromScratch(period2024));
    for (const s of successors) expect(after.breakdown.find((b) => b.unitId === s.province)!.recognised).toBe(0);
  });

  it('follows a change of the unit list alone: the split commune left with one successor counts in that part', async () => {
    const whole = await rolledUp(period2024);
    const [kept, closed] = successors as [(typeof successors)[0], (typeof successors)[0]];
    // Raises only the closed commune's province and the unit list's counter (migration 0036), not kept's.
    await db().updateTable('unit').set({ valid_to: '2025-12-31' }).where('id', '=', closed.id).execute();
    const after = await rolledUp(period2024);
    expect(after).toEqual(await fromScratch(period2024));
    expect(after.breakdown.find((b) => b.unitId === kept.province)).toMatchObject({ assessed: 1 });
    expect(after.breakdown.find((b) => b.unitId === closed.province)!.assessed).toBe(0);
    expect(after.counts.assessed).toBe(whole.counts.assessed);
  });
});
