// Dashboards through the API on the demo data: the figures against values worked out by hand from the demo's
// stories, a saved value showing on the next request, history across the 2025 reorganisation through
// unit_lineage (a small fixture province with two old communes merged into one), the workbook, and access.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startTestApp, type TestApp } from '../support/server.ts';
import { score } from '../../src/core/scoring/engine.ts';
import { demoValues } from '../../src/server/demo/seed.ts';
import { latestPublished } from '../../src/server/features/rule-sets/store.ts';
import { today } from '../../src/server/features/rounds/store.ts';

let t: TestApp;
const cookies: Record<string, string> = {};
let province: number;
let period2026: number;
let vanPhu: number;
const call = (user: string, url: string) =>
  t.app.inject({ method: 'GET', url, headers: { cookie: cookies[user]!, 'accept-language': 'vi' } });
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

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  province = (
    await db
      .selectFrom('unit')
      .select('id')
      .where('level', '=', 'province')
      .where('code', '=', '19')
      .where('valid_to', 'is', null)
      .executeTakeFirstOrThrow()
  ).id;
  period2026 = (await db.selectFrom('period').select('id').where('year', '=', 2026).executeTakeFirstOrThrow()).id;
  vanPhu = await communeId('05845');
  for (const u of ['admin', 'tinh.thainguyen', 'xa.vanphu', 'xa.tancuong']) cookies[u] = await login(t.app, u);
  // Fixed submission days: La Bằng on 10/11 (5 days early), Quân Chu at 01:00 on 17/11 in Vietnam, which is
  // still 16/11 in UTC: 2 days late by the Vietnamese calendar day.
  const submission = async (code: string, at: string) => {
    const entry = await db
      .selectFrom('round_entry')
      .select('id')
      .where('unit_id', '=', await communeId(code))
      .executeTakeFirstOrThrow();
    await db
      .updateTable('round_submission')
      .set({ submitted_at: at })
      .where('entry_id', '=', entry.id)
      .where('number', '=', 1)
      .execute();
  };
  await submission('05818', '2026-11-10T03:00:00Z');
  await submission('05851', '2026-11-16T18:00:00Z');
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('the province dashboard on the demo data', () => {
  it('counts the demo’s stories and compares the share with the province target (above 70%)', async () => {
    const res = await call('tinh.thainguyen', `/api/dashboards/provinces/${province}?periodId=${period2026}`);
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json();
    // Thái Nguyên has 92 communes since 01/07/2025; the demo assessed 7: 4 meet the standard (Tân Cương, Phan Đình
    // Phùng, Quân Chu, An Khánh at 970), La Bằng (870, C05 at 0) and Đại Từ (815 < 850) do not, Vạn Phú is a draft.
    expect(d.counts).toMatchObject({ units: 92, assessed: 7, complete: 6, recognised: 4, decided: 1 });
    expect(d.counts.meanTotal).toBe(927.5); // (4 × 970 + 870 + 815) / 6
    // 4 / 92 = 4.3%; "above 70%" needs 65 communes: 61 more.
    expect(d.comparison).toMatchObject({
      share: 4.3,
      met: false,
      needed: 61,
      target: { percent: 70, comparison: 'above' },
    });
    const c05 = d.criteria.find((c: { code: string }) => c.code === 'C05');
    expect(c05).toMatchObject({ scored: 6, zeroed: 1 });
    expect(d.criteria).toHaveLength(13);
    expect(d.criteria.reduce((s: number, c: { zeroed: number }) => s + c.zeroed, 0)).toBe(1);
    const band = (from: number) => d.distribution.find((b: { from: number }) => b.from === from).count;
    expect([band(950), band(850), band(800), band(700), band(900), band(0)]).toEqual([4, 1, 1, 0, 0, 0]);
    // The communes' list: the draft counts as assessed but not complete.
    const vp = d.breakdown.find((b: { code: string }) => b.code === '05845');
    expect(vp.status).toMatchObject({ assessed: true, complete: false, recognised: false, viaLineage: false });
    expect(d.breakdown).toHaveLength(92);
  });

  it('shows the dossiers against the round’s deadline of 15/11, by the Vietnamese calendar day', async () => {
    const d = (await call('tinh.thainguyen', `/api/dashboards/provinces/${province}?periodId=${period2026}`)).json();
    const row = (name: string) => d.timeliness.rows.find((r: { name: string }) => r.name === name);
    expect(row('Xã La Bằng')).toMatchObject({
      due: '2026-11-15',
      submittedOn: '2026-11-10',
      daysLate: -5,
      status: 'on_time',
    });
    expect(row('Xã Quân Chu')).toMatchObject({ submittedOn: '2026-11-17', daysLate: 2, status: 'late' });
    expect(row('Xã An Khánh')).toMatchObject({
      submittedOn: null,
      status: today() > '2026-11-15' ? 'overdue' : 'pending',
    });
    expect(d.timeliness).toMatchObject({ rounds: 1, entries: 3, onTime: 1, late: 1, noEntry: 89 });
  });

  it('lists results a provisional rule decided', async () => {
    const d = (await call('tinh.thainguyen', `/api/dashboards/provinces/${province}?periodId=${period2026}`)).json();
    // The draft is not judged; every listed warning names a kind and the criteria behind it.
    expect(d.warnings.some((w: { code: string }) => w.code === '05845')).toBe(false);
    for (const w of d.warnings) expect(w.impacts.length).toBeGreaterThan(0);
    const tanCuong = d.warnings.find((w: { code: string }) => w.code === '05503');
    expect(tanCuong.impacts[0]).toMatchObject({ kind: 'rests_on_provisional', margin: 120 });
  });

  it('changes on the next request after a value is saved through the assessment API', async () => {
    const before = (
      await call('tinh.thainguyen', `/api/dashboards/provinces/${province}?periodId=${period2026}`)
    ).json();
    const save = await t.app.inject({
      method: 'PUT',
      url: `/api/units/${vanPhu}/assessments/${period2026}/values`,
      headers: { cookie: cookies['xa.vanphu']! },
      payload: { values: demoValues('recognized', 2400 + 5 * 650) },
    });
    expect(save.statusCode, save.body).toBe(200);
    expect(save.json().result.recognized).toBe(true);
    const after = (
      await call('tinh.thainguyen', `/api/dashboards/provinces/${province}?periodId=${period2026}`)
    ).json();
    expect(after.counts.recognised).toBe(before.counts.recognised + 1);
    expect(after.counts.complete).toBe(before.counts.complete + 1);
    expect(after.comparison.share).toBe(5.4); // 5 / 92
    const mine = (await call('xa.vanphu', `/api/dashboards/communes/${vanPhu}?periodId=${period2026}`)).json();
    expect(mine.commune.status).toMatchObject({ recognised: true, complete: true });
    expect(mine.commune.total).toBe(save.json().result.total);
  });
});

describe('history across the 2025 reorganisation', () => {
  let fixtureProvince: number;
  let merged: number;
  let oldB: number;
  let period2024: number;
  let totals: { a: number; b: number };

  beforeAll(async () => {
    const db = t.database.db;
    const rs = await latestPublished(db);
    period2024 = (
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
    const oldProvince = await unit('T90', 'province', null, null, '2025-06-30');
    fixtureProvince = await unit('T91', 'province', null, '2025-07-01', null);
    const oldA = await unit('T9001', 'commune', oldProvince, null, '2025-06-30');
    oldB = await unit('T9002', 'commune', oldProvince, null, '2025-06-30');
    merged = await unit('T9101', 'commune', fixtureProvince, '2025-07-01', null);
    // A commune the reorganisation left alone: it existed before the lists we hold (no valid_from).
    const kept = await unit('T9102', 'commune', fixtureProvince, null, null);
    await db
      .insertInto('unit_lineage')
      .values([
        { predecessor_id: oldA, successor_id: merged, kind: 'full', effective_on: '2025-07-01' },
        { predecessor_id: oldB, successor_id: merged, kind: 'partial', effective_on: '2025-07-01' },
      ])
      .execute();
    // Old results, as an import of earlier years would store them (the API writes only to current communes).
    const assess = async (unitId: number, story: 'recognized' | 'below_threshold') => {
      const r = score(rs.definition, String(rs.version), 'other', demoValues(story, 3000));
      await db
        .insertInto('assessment')
        .values({
          unit_id: unitId,
          period_id: period2024,
          rule_set_id: rs.id,
          category: 'other',
          total: r.total,
          recognized: r.recognized,
          complete: r.complete,
          result: JSON.stringify(r),
        })
        .execute();
      return r;
    };
    const a = await assess(oldA, 'recognized');
    const b = await assess(oldB, 'below_threshold');
    await assess(kept, 'recognized');
    expect([a.recognized, b.recognized]).toEqual([true, false]);
    totals = { a: a.total, b: b.total };
  });

  it('a merged commune’s 2024 counts as recognised only when every predecessor was', async () => {
    const d = (await call('admin', `/api/dashboards/communes/${merged}?periodId=${period2024}`)).json();
    expect(d.commune.status).toMatchObject({
      members: 2,
      assessed: true,
      complete: true,
      recognised: false,
      viaLineage: true,
      meanTotal: (totals.a + totals.b) / 2,
    });
    expect(d.breakdown.map((b: { code: string }) => b.code).sort()).toEqual(['T9001', 'T9002']);
    const y2024 = d.trend.find((p: { year: number }) => p.year === 2024);
    expect(y2024).toMatchObject({ units: 1, assessed: 1, recognised: 0 });
    // In 2026 the merged commune stands for itself and has no assessment yet.
    expect(d.trend.find((p: { year: number }) => p.year === 2026)).toMatchObject({
      units: 1,
      assessed: 0,
      recognised: 0,
    });

    await t.database.db.updateTable('assessment').set({ recognized: true }).where('unit_id', '=', oldB).execute();
    const again = (await call('admin', `/api/dashboards/communes/${merged}?periodId=${period2024}`)).json();
    expect(again.commune.status.recognised).toBe(true);
    await t.database.db.updateTable('assessment').set({ recognized: false }).where('unit_id', '=', oldB).execute();
  });

  it('a province’s 2024 share is over the old communes that map into it', async () => {
    const d = (await call('admin', `/api/dashboards/provinces/${fixtureProvince}?periodId=${period2024}`)).json();
    // Members in 2024: the two old communes of the merged one, and the commune left alone: 2 of 3 recognised.
    expect(d.counts).toMatchObject({ units: 3, assessed: 3, complete: 3, recognised: 2 });
    expect(d.comparison).toMatchObject({ share: 66.7, met: false, needed: 1 });
    const trend = Object.fromEntries(
      d.trend.map((p: { year: number; units: number; recognised: number }) => [p.year, [p.units, p.recognised]]),
    );
    expect(trend).toMatchObject({ 2024: [3, 2], 2025: [2, 0], 2026: [2, 0] });
    // The province's list shows the merged commune with its combined status.
    const row = d.breakdown.find((b: { code: string }) => b.code === 'T9101');
    expect(row.status).toMatchObject({ members: 2, recognised: false, viaLineage: true });
  });

  it('the nation counts the same old communes once, under the province they map into', async () => {
    const d = (await call('admin', `/api/dashboards/nation?periodId=${period2024}`)).json();
    const row = d.breakdown.find((b: { code: string }) => b.code === 'T91');
    expect(row).toMatchObject({ units: 3, assessed: 3, recognised: 2 });
    expect(d.counts.assessed).toBe(3);
    expect(d.comparison.target).toMatchObject({ percent: 65, byYear: 2025 });
    const nation2026 = (await call('admin', `/api/dashboards/nation?periodId=${period2026}`)).json();
    expect(nation2026.comparison.target).toMatchObject({ percent: 75, byYear: 2030 });
    expect(nation2026.counts).toMatchObject({ assessed: 7, recognised: 5 });
  });
});

describe('the workbook', () => {
  it('holds the same figures as the JSON, one sheet per chart or table', async () => {
    const d = (await call('tinh.thainguyen', `/api/dashboards/provinces/${province}?periodId=${period2026}`)).json();
    const res = await call(
      'tinh.thainguyen',
      `/api/dashboards/provinces/${province}/dashboard.xlsx?periodId=${period2026}`,
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain('bang-dieu-khien-province-19-2026.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Tổng quan',
      'Tiêu chí',
      'Phân bố điểm',
      'Xu hướng',
      'Đơn vị',
      'Đúng hạn',
      'Cảnh báo tạm tính',
    ]);
    const summary = wb.getWorksheet('Tổng quan')!;
    const fact = (label: string) => {
      let v: unknown;
      summary.eachRow((row) => {
        if (row.getCell(1).value === label) v = row.getCell(2).value;
      });
      return v;
    };
    expect(fact('Đạt chuẩn')).toBe(d.counts.recognised);
    expect(fact('Tỷ lệ đạt chuẩn (%)')).toBe(d.comparison.share);
    expect(fact('Đạt chỉ tiêu')).toBe('Không');
    const criteria = wb.getWorksheet('Tiêu chí')!;
    expect(criteria.rowCount).toBe(14);
    expect(criteria.getRow(6).values).toEqual([
      undefined,
      'C05',
      d.criteria[4].title.vi,
      d.criteria[4].max,
      d.criteria[4].scored,
      d.criteria[4].meanPoints,
      d.criteria[4].belowFull,
      1,
    ]);
    expect(wb.getWorksheet('Đơn vị')!.rowCount).toBe(93);
  });
});

describe('access', () => {
  it('keeps each level to its people', async () => {
    const elsewhere = (
      await t.database.db
        .selectFrom('unit')
        .select('id')
        .where('level', '=', 'commune')
        .where('valid_to', 'is', null)
        .where('parent_id', '!=', province)
        .where('parent_id', 'is not', null)
        .limit(1)
        .executeTakeFirstOrThrow()
    ).id;
    const otherProvince = (
      await t.database.db
        .selectFrom('unit')
        .select('id')
        .where('level', '=', 'province')
        .where('valid_to', 'is', null)
        .where('id', '!=', province)
        .limit(1)
        .executeTakeFirstOrThrow()
    ).id;
    // A commune officer of Thái Nguyên: not another province's commune, not the province, not the nation.
    expect((await call('xa.tancuong', `/api/dashboards/communes/${elsewhere}`)).statusCode).toBe(403);
    expect((await call('xa.tancuong', `/api/dashboards/communes/${vanPhu}`)).statusCode).toBe(403);
    expect((await call('xa.tancuong', `/api/dashboards/provinces/${province}`)).statusCode).toBe(403);
    expect((await call('xa.tancuong', `/api/dashboards/nation/dashboard.xlsx`)).statusCode).toBe(403);
    // The province official: its communes and itself, not another province, not the nation.
    expect((await call('tinh.thainguyen', `/api/dashboards/communes/${vanPhu}`)).statusCode).toBe(200);
    expect((await call('tinh.thainguyen', `/api/dashboards/communes/${elsewhere}`)).statusCode).toBe(403);
    expect((await call('tinh.thainguyen', `/api/dashboards/provinces/${otherProvince}`)).statusCode).toBe(403);
    expect((await call('tinh.thainguyen', `/api/dashboards/nation`)).statusCode).toBe(403);
    expect((await call('admin', `/api/dashboards/nation`)).statusCode).toBe(200);
    // No session: 401; a commune's id where a province is wanted: 400 naming it; an unknown unit: 404.
    expect((await t.app.inject({ method: 'GET', url: `/api/dashboards/provinces/${province}` })).statusCode).toBe(401);
    const wrong = await call('admin', `/api/dashboards/provinces/${vanPhu}`);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.message).toContain(String(vanPhu));
    expect((await call('admin', `/api/dashboards/communes/99999999`)).statusCode).toBe(404);
  });
});
