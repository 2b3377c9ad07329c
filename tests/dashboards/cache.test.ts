// The dashboards' cache (src/server/features/dashboards/cache.ts, migrations/0021_dashboard_epochs.sql): an
// answer is served again until something it shows changes, and every such change, whichever way it is
// written, shows on the very next request; a change in one province leaves another's answer cached;
// concurrent identical requests compute once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startTestApp, type TestApp } from '../support/server.ts';
import { score } from '../../src/core/scoring/engine.ts';
import { demoValues } from '../../src/server/demo/seed.ts';
import { computedAnswers } from '../../src/server/features/dashboards/cache.ts';
import { recomputePeriod } from '../../src/server/features/assessments/store.ts';
import { latestPublished } from '../../src/server/features/rule-sets/store.ts';

let t: TestApp;
const cookies: Record<string, string> = {};
let thaiNguyen: number;
let haNoi: number;
let period2026: number;
let vanPhu: number;
const get = (user: string, url: string) =>
  t.app.inject({ method: 'GET', url, headers: { cookie: cookies[user]!, 'accept-language': 'vi' } });
const json = async (user: string, url: string) => {
  const res = await get(user, url);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const computed = () => computedAnswers(t.database.db);
const provinceId = async (code: string) =>
  (
    await t.database.db
      .selectFrom('unit')
      .select('id')
      .where('level', '=', 'province')
      .where('code', '=', code)
      .where('valid_to', 'is', null)
      .executeTakeFirstOrThrow()
  ).id;
const communeId = async (code: string) =>
  (
    await t.database.db
      .selectFrom('unit')
      .select('id')
      .where('level', '=', 'commune')
      .where('code', '=', code)
      .where('valid_to', 'is', null)
      .executeTakeFirstOrThrow()
  ).id;
const provinceUrl = (id: number) => `/api/dashboards/provinces/${id}?periodId=${period2026}`;

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  thaiNguyen = await provinceId('19');
  haNoi = await provinceId('01');
  period2026 = (await db.selectFrom('period').select('id').where('year', '=', 2026).executeTakeFirstOrThrow()).id;
  vanPhu = await communeId('05845');
  for (const u of ['admin', 'tinh.thainguyen', 'xa.vanphu']) cookies[u] = await login(t.app, u);
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('the dashboards’ cache', () => {
  it('answers a repeated request from the cache, with the time the figures were computed', async () => {
    const first = await json('tinh.thainguyen', provinceUrl(thaiNguyen));
    const before = computed();
    const again = await json('tinh.thainguyen', provinceUrl(thaiNguyen));
    expect(computed()).toBe(before);
    expect(again).toEqual(first);
    expect(Date.parse(again.asOf)).toBeLessThanOrEqual(Date.now());
  });

  it('shows a value saved through the API on the next request, at every level and on the maps', async () => {
    const province = await json('tinh.thainguyen', provinceUrl(thaiNguyen));
    const nation = await json('admin', `/api/dashboards/nation?periodId=${period2026}`);
    const commune = await json('xa.vanphu', `/api/dashboards/communes/${vanPhu}?periodId=${period2026}`);
    const map = await json('admin', `/api/maps/nation?periodId=${period2026}`);
    const provinceMap = await json('tinh.thainguyen', `/api/maps/provinces/${thaiNguyen}?periodId=${period2026}`);
    const save = await t.app.inject({
      method: 'PUT',
      url: `/api/units/${vanPhu}/assessments/${period2026}/values`,
      headers: { cookie: cookies['xa.vanphu']! },
      payload: { values: demoValues('recognized', 2400 + 5 * 650) },
    });
    expect(save.statusCode, save.body).toBe(200);
    expect(save.json().result.recognized).toBe(true);

    expect((await json('tinh.thainguyen', provinceUrl(thaiNguyen))).counts.recognised).toBe(
      province.counts.recognised + 1,
    );
    expect((await json('admin', `/api/dashboards/nation?periodId=${period2026}`)).counts.recognised).toBe(
      nation.counts.recognised + 1,
    );
    const mine = await json('xa.vanphu', `/api/dashboards/communes/${vanPhu}?periodId=${period2026}`);
    expect(commune.commune.status.recognised).toBe(false);
    expect(mine.commune).toMatchObject({
      status: { recognised: true, complete: true },
      total: save.json().result.total,
    });
    const region = (m: { regions: Array<{ unitId: number; figures: { recognised: number } }> }, id: number) =>
      m.regions.find((r) => r.unitId === id)!.figures.recognised;
    expect(region(await json('admin', `/api/maps/nation?periodId=${period2026}`), thaiNguyen)).toBe(
      region(map, thaiNguyen) + 1,
    );
    expect(
      region(await json('tinh.thainguyen', `/api/maps/provinces/${thaiNguyen}?periodId=${period2026}`), vanPhu),
    ).toBe(1);
    expect(region(provinceMap, vanPhu)).toBe(0);
  });

  it('keeps the answer while only stored inputs change, and shows a recompute of them on the next request', async () => {
    const db = t.database.db;
    const before = await json('tinh.thainguyen', provinceUrl(thaiNguyen));
    const assessment = await db
      .selectFrom('assessment')
      .select(['id', 'total'])
      .where('unit_id', '=', vanPhu)
      .where('period_id', '=', period2026)
      .executeTakeFirstOrThrow();
    // The inputs alone are not what the dashboards read: the answer stays until the results are rescored.
    await db
      .updateTable('assessment_value')
      .set({ value: JSON.stringify(0) })
      .where('assessment_id', '=', assessment.id)
      .where('code', '=', 'C12.events')
      .execute();
    const n = computed();
    expect(await json('tinh.thainguyen', provinceUrl(thaiNguyen))).toEqual(before);
    expect(computed()).toBe(n);

    expect(await recomputePeriod(db, period2026, thaiNguyen)).toBeGreaterThan(0);
    const rescored = await db
      .selectFrom('assessment')
      .select('total')
      .where('id', '=', assessment.id)
      .executeTakeFirstOrThrow();
    expect(rescored.total).toBeLessThan(assessment.total!);
    const after = await json('tinh.thainguyen', provinceUrl(thaiNguyen));
    expect(after.breakdown.find((b: { unitId: number }) => b.unitId === vanPhu).meanTotal).toBe(rescored.total);
    expect(after.counts.meanTotal).not.toBe(before.counts.meanTotal);
  });

  it('shows a round submission on the next request', async () => {
    const db = t.database.db;
    const anKhanh = await db
      .selectFrom('unit')
      .select('id')
      .where('name', '=', 'Xã An Khánh')
      .where('parent_id', '=', thaiNguyen)
      .executeTakeFirstOrThrow();
    const row = async () =>
      (await json('tinh.thainguyen', provinceUrl(thaiNguyen))).timeliness.rows.find(
        (r: { unitId: number }) => r.unitId === anKhanh.id,
      );
    expect(await row()).toMatchObject({ submittedOn: null });
    const entry = await db
      .selectFrom('round_entry')
      .select('id')
      .where('unit_id', '=', anKhanh.id)
      .executeTakeFirstOrThrow();
    await db
      .insertInto('round_submission')
      .values({ entry_id: entry.id, number: 1, values: '{}', result: '{}', submitted_at: '2026-11-12T03:00:00Z' })
      .execute();
    expect(await row()).toMatchObject({ submittedOn: '2026-11-12', daysLate: -3, status: 'on_time' });
  });

  it('shows a renamed commune and a new lineage on the next request, and a change of an old unit in another province', async () => {
    const db = t.database.db;
    await db.updateTable('unit').set({ name: 'Xã Vạn Phú (đổi tên thử)' }).where('id', '=', vanPhu).execute();
    const renamed = await json('tinh.thainguyen', provinceUrl(thaiNguyen));
    expect(renamed.breakdown.find((b: { unitId: number }) => b.unitId === vanPhu).name).toBe(
      'Xã Vạn Phú (đổi tên thử)',
    );

    // An old commune of an old province, assessed in 2024, and a new commune of a new province.
    const rs = await latestPublished(db);
    const period2024 = (
      await db
        .insertInto('period')
        .values({ year: 2024, starts_on: '2024-01-01', ends_on: '2024-12-31' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const unit = async (
      code: string,
      level: 'province' | 'commune',
      parent: number | null,
      from: string | null,
      to: string | null,
    ) =>
      (
        await db
          .insertInto('unit')
          .values({
            code,
            level,
            kind: level === 'province' ? 'tinh' : 'xa',
            name: `Đơn vị thử ${code}`,
            parent_id: parent,
            valid_from: from,
            valid_to: to,
            category: level === 'commune' ? 'other' : null,
            source: 'test',
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const oldProvince = await unit('T80', 'province', null, null, '2025-06-30');
    const newProvince = await unit('T81', 'province', null, '2025-07-01', null);
    const oldCommune = await unit('T8001', 'commune', oldProvince, null, '2025-06-30');
    const merged = await unit('T8101', 'commune', newProvince, '2025-07-01', null);
    const r = score(rs.definition, String(rs.version), 'other', demoValues('recognized', 3000));
    await db
      .insertInto('assessment')
      .values({
        unit_id: oldCommune,
        period_id: period2024,
        rule_set_id: rs.id,
        category: 'other',
        total: r.total,
        recognized: r.recognized,
        complete: r.complete,
        result: JSON.stringify(r),
      })
      .execute();
    const url = `/api/dashboards/communes/${merged}?periodId=${period2024}`;
    expect((await json('admin', url)).counts).toMatchObject({ units: 0, assessed: 0 });

    await db
      .insertInto('unit_lineage')
      .values({ predecessor_id: oldCommune, successor_id: merged, kind: 'full', effective_on: '2025-07-01' })
      .execute();
    const linked = await json('admin', url);
    expect(linked.counts).toMatchObject({ units: 1, assessed: 1, recognised: 1 });
    expect(linked.commune.status).toMatchObject({ viaLineage: true, recognised: true });

    // The old result belongs to the old province, yet the new province's commune and the new province show it.
    const provinceBefore = await json('admin', `/api/dashboards/provinces/${newProvince}?periodId=${period2024}`);
    expect(provinceBefore.counts).toMatchObject({ units: 1, recognised: 1 });
    await db.updateTable('assessment').set({ recognized: false }).where('unit_id', '=', oldCommune).execute();
    expect((await json('admin', url)).commune.status.recognised).toBe(false);
    expect(
      (await json('admin', `/api/dashboards/provinces/${newProvince}?periodId=${period2024}`)).counts.recognised,
    ).toBe(0);
  });

  it('keeps another province’s answer cached when a province’s data change', async () => {
    const haNoiDashboard = await json('admin', provinceUrl(haNoi));
    const thaiNguyenDashboard = await json('admin', provinceUrl(thaiNguyen));
    const n = computed();
    const save = await t.app.inject({
      method: 'PUT',
      url: `/api/units/${vanPhu}/assessments/${period2026}/values`,
      headers: { cookie: cookies['xa.vanphu']! },
      payload: { values: { 'C12.events': 3 } },
    });
    expect(save.statusCode, save.body).toBe(200);
    expect(await json('admin', provinceUrl(haNoi))).toEqual(haNoiDashboard);
    expect(computed()).toBe(n);
    // The province whose commune saved is computed again.
    const again = await json('admin', provinceUrl(thaiNguyen));
    expect(computed()).toBe(n + 1);
    expect(again.asOf).not.toBe(thaiNguyenDashboard.asOf);
  });

  it('computes once for concurrent identical requests', async () => {
    // A change first, so that none of them is answered from an earlier computation.
    await t.database.db.updateTable('unit').set({ name: 'Xã Vạn Phú' }).where('id', '=', vanPhu).execute();
    const n = computed();
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => get('admin', `/api/dashboards/nation?periodId=${period2026}`)),
    );
    for (const a of answers) expect(a.statusCode, a.body).toBe(200);
    expect(computed()).toBe(n + 1);
    expect(new Set(answers.map((a) => a.json().asOf)).size).toBe(1);
  });
});
