// The statistics export of a commune and of a province, checked cell by cell against a register built by hand
// (tests/statistics/fixture.ts): JSON, the workbook read back with exceljs, and the CSV read back with papaparse.
// Also who may take it, and the refusal of a period that runs backwards.
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NATIONAL_INDICATORS } from '../../src/core/reports/national.ts';
import { STATISTICS } from '../../src/core/reports/statistics.ts';
import { createUser } from '../../src/server/features/auth/index.ts';
import type { StatisticsExport } from '../../src/server/features/statistics/contracts.ts';
import { login, startTestApp, type TestApp } from '../support/server.ts';
import { buildRegister, EXPECTED_A, EXPECTED_B, PERIOD, type Built } from './fixture.ts';

let t: TestApp;
let built: Built;
const cookies: Record<string, string> = {};
const query = `from=${PERIOD.from}&to=${PERIOD.to}`;
const PASSWORD = 'Mật-khẩu-dài-2026!';

beforeAll(async () => {
  t = await startTestApp({ demo: false });
  const db = t.database.db;
  built = await buildRegister(db);
  const otherProvince = (
    await db.selectFrom('unit').select('parent_id').where('id', '=', built.stranger).executeTakeFirstOrThrow()
  ).parent_id!;
  const users = {
    officerA: { role: 'commune_officer', unitId: built.communeA },
    officerB: { role: 'commune_officer', unitId: built.communeB },
    official: { role: 'province_official', unitId: built.provinceId },
    signer: { role: 'signer', unitId: built.provinceId },
    stranger: { role: 'province_official', unitId: otherProvince },
  } as const;
  for (const [name, role] of Object.entries(users)) {
    await createUser(db, {
      username: `tk.${name.toLowerCase()}`,
      password: PASSWORD,
      fullName: name,
      roles: [role],
      checkPolicy: false,
    });
    cookies[name] = await login(t.app, `tk.${name.toLowerCase()}`, PASSWORD);
  }
}, 180_000);
afterAll(async () => t?.close());

const get = (who: string, url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: cookies[who]! } });

/** A statistic's expected value: the counts as built, rates from them (null when the denominator is 0). */
function expectedValues(e: Record<string, number>): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const s of STATISTICS) {
    if (s.kind === 'rate') {
      const d = e[s.denominator] ?? 0;
      out[s.code] = d ? Math.round((1000 * (e[s.numerator] ?? 0)) / d) / 10 : null;
    } else if (s.source !== 'entered') out[s.code] = e[s.code] ?? 0;
  }
  return out;
}
const sum = (a: Record<string, number>, b: Record<string, number>) => {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + v;
  return out;
};

// National indicators by hand, for commune A (27 children) and the province (A + B: 29 children).
const NATIONAL_A: Record<string, number | null> = {
  '01.01': 27,
  '01.02': 1,
  '03.01': 2,
  '03.02': 7.4, // 2 / 27
  '03.03': 1,
  '03.04': 50,
  '03.05': 5,
  '03.05a': 1,
  '03.06': 20,
  '03.09': 1,
  '03.12': 9,
  '03.13': 33333.3, // 9 per 27 children, per 100 000
  '03.14': 2, // drowning and traffic; the death without a cause is not an injury death
  '03.15': 7407.4,
  '03.16': 1,
  '03.17': 3703.7,
  '03.18': 1,
  '06.01': 1,
  '06.02': 25,
  '06.03': 50,
};
const NATIONAL_TOTAL: Record<string, number | null> = {
  '01.01': 29,
  '01.02': 2,
  '03.05': 6,
  '03.05c': 2,
  '03.06': 33.3, // 2 supported of 6 abused: from the summed counts, not the mean of 20% and 100%
  '03.13': 31034.5,
  '03.17': 3448.3,
  '06.03': 50,
};

describe('statistics export', () => {
  it('gives a commune its own counts, the national indicators and the source', async () => {
    const res = await get('officerA', `/api/units/${built.communeA}/statistics?${query}`);
    expect(res.statusCode).toBe(200);
    const body = res.json<StatisticsExport>();
    expect(body.period).toEqual(PERIOD);
    expect(body.source.vi).toContain('13/2021/TT-BLĐTBXH');
    expect(body.columns.map((c) => c.unitId)).toEqual([built.communeA]);
    const expected = expectedValues(EXPECTED_A);
    for (const row of body.statistics) expect([row.code, row.values[0]]).toEqual([row.code, expected[row.code]]);
    const national = Object.fromEntries(body.national.map((r) => [r.code, r.values[0]]));
    for (const [code, v] of Object.entries(NATIONAL_A)) expect([code, national[code]]).toEqual([code, v]);
    // No child, case or site id anywhere: only the unit's own id is a number outside the values.
    expect(JSON.stringify(body)).not.toMatch(/"(childId|caseId|siteId|child_id|case_id)"/);
  });

  it('gives a province a column per commune and a total rolled up with rates from summed counts', async () => {
    const res = await get('official', `/api/units/${built.provinceId}/statistics?${query}`);
    expect(res.statusCode).toBe(200);
    const body = res.json<StatisticsExport>();
    const ia = body.columns.findIndex((c) => c.unitId === built.communeA);
    const ib = body.columns.findIndex((c) => c.unitId === built.communeB);
    expect(ia).toBeGreaterThanOrEqual(0);
    expect(ib).toBeGreaterThanOrEqual(0);
    expect(body.columns.some((c) => c.unitId === built.stranger)).toBe(false);
    const ea = expectedValues(EXPECTED_A);
    const eb = expectedValues(EXPECTED_B);
    const et = expectedValues(sum(EXPECTED_A, EXPECTED_B));
    for (const row of body.statistics) {
      expect([row.code, row.values[ia], row.values[ib], row.total]).toEqual([
        row.code,
        ea[row.code],
        eb[row.code],
        et[row.code],
      ]);
    }
    const total = Object.fromEntries(body.national.map((r) => [r.code, r.total]));
    for (const [code, v] of Object.entries(NATIONAL_TOTAL)) expect([code, total[code]]).toEqual([code, v]);
  });

  it('writes the province workbook cell by cell as the register says, with dates as dates', async () => {
    const json = (await get('official', `/api/units/${built.provinceId}/statistics?${query}`)).json<StatisticsExport>();
    const res = await get('official', `/api/units/${built.provinceId}/statistics.xlsx?${query}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(String(res.headers['content-disposition'])).toContain(
      `thong-ke-tre-em-${json.unit.code}-2025-12-15-2026-06-14.xlsx`,
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Chỉ tiêu quốc gia', 'Số liệu chi tiết']);
    const [national, detail] = wb.worksheets as [ExcelJS.Worksheet, ExcelJS.Worksheet];
    expect(String(national.getCell('A1').value)).toContain(json.unit.name);
    // The period: two real dates.
    expect(national.getCell('A2').value).toEqual(new Date(Date.UTC(2025, 11, 15)));
    expect(national.getCell('A3').value).toEqual(new Date(Date.UTC(2026, 5, 14)));
    expect(national.getCell('A2').numFmt).toContain('Số liệu tính từ ngày');
    expect(String(national.getCell('A4').value)).toContain('Thông tư 13/2021/TT-BLĐTBXH');

    const rowsByCode = (ws: ExcelJS.Worksheet) => {
      const out = new Map<string, ExcelJS.Row>();
      ws.eachRow((row) => {
        const v = row.getCell(1).value;
        if (typeof v === 'string') out.set(v, row);
      });
      return out;
    };
    const header = (ws: ExcelJS.Worksheet) => {
      let found: ExcelJS.Row | undefined;
      ws.eachRow((row) => {
        if (!found && row.getCell(1).value === 'Mã số') found = row;
      });
      return found!;
    };
    const colA = 4 + json.columns.findIndex((c) => c.unitId === built.communeA);
    const colB = 4 + json.columns.findIndex((c) => c.unitId === built.communeB);
    const colTotal = 4 + json.columns.length;
    for (const ws of [national, detail]) {
      const h = header(ws);
      expect(h.getCell(colA).value).toBe(json.columns[colA - 4]!.name);
      expect(h.getCell(colTotal).value).toBe('Tổng cộng');
    }

    const ea = expectedValues(EXPECTED_A);
    const eb = expectedValues(EXPECTED_B);
    const et = expectedValues(sum(EXPECTED_A, EXPECTED_B));
    const detailRows = rowsByCode(detail);
    let checked = 0;
    for (const s of STATISTICS) {
      if (s.kind !== 'rate' && s.source === 'entered') {
        expect(detailRows.has(s.code)).toBe(false); // typed-in figures belong to the reports
        continue;
      }
      const row = detailRows.get(s.code)!;
      expect(row.getCell(2).value).toBe(s.label.vi);
      const cell = (c: number) => row.getCell(c).value ?? null; // an empty cell is "no data"
      expect([s.code, cell(colA), cell(colB), cell(colTotal)]).toEqual([s.code, ea[s.code], eb[s.code], et[s.code]]);
      checked++;
    }
    expect(checked).toBeGreaterThan(50);
    const nationalRows = rowsByCode(national);
    for (const i of NATIONAL_INDICATORS) expect(nationalRows.get(i.code)?.getCell(2).value).toBe(i.name.vi);
    expect(nationalRows.get('03.12')!.getCell(colA).value).toBe(9);
    expect(nationalRows.get('03.12')!.getCell(colTotal).value).toBe(9);
    expect(nationalRows.get('03.06')!.getCell(colTotal).value).toBe(33.3);
    expect(nationalRows.get('01.01')!.getCell(colB).value).toBe(2);
  });

  it('writes the commune CSV with a byte-order mark, the header lines and the indicators', async () => {
    const res = await get('officerA', `/api/units/${built.communeA}/statistics.csv?${query}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = Papa.parse<string[]>(res.body.replace(/^\uFEFF/, ''), { skipEmptyLines: false }).data;
    expect(rows[0]![0]).toContain('THỐNG KÊ TRẺ EM');
    expect(rows[1]![0]).toBe('Số liệu tính từ ngày 15/12/2025 đến ngày 14/06/2026');
    expect(rows[2]![0]).toContain('Thông tư 13/2021/TT-BLĐTBXH');
    expect(rows[4]).toEqual(['Mã số', 'Chỉ tiêu', 'Đơn vị tính', expect.any(String)]);
    expect(rows.at(-1)).toEqual(['']); // the file ends with a line break
    const byCode = new Map(rows.slice(5, -1).map((r) => [r[0], r]));
    expect(byCode.size).toBe(NATIONAL_INDICATORS.length);
    for (const [code, v] of Object.entries(NATIONAL_A)) expect([code, byCode.get(code)![3]]).toEqual([code, String(v)]);
    expect(byCode.get('03.02')![3]).toBe('7.4');
  });

  it('lets only the commune’s officials and its province official take it', async () => {
    const url = (unit: number) => `/api/units/${unit}/statistics?${query}`;
    expect((await get('officerB', url(built.communeA))).statusCode).toBe(403); // a sibling commune
    expect((await get('stranger', url(built.communeA))).statusCode).toBe(403); // another province
    expect((await get('stranger', url(built.provinceId))).statusCode).toBe(403);
    expect((await get('officerA', url(built.provinceId))).statusCode).toBe(403); // a commune, not its province
    expect((await get('signer', url(built.communeA))).statusCode).toBe(403); // sees small counts suppressed elsewhere
    expect((await get('official', url(built.communeA))).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: url(built.communeA) })).statusCode).toBe(401);
  });

  it('refuses a period that runs backwards or a day that does not exist, naming the field', async () => {
    const back = await get('officerA', `/api/units/${built.communeA}/statistics?from=2026-06-14&to=2026-01-01`);
    expect(back.statusCode).toBe(400);
    expect(back.body).toContain('14/06/2026');
    expect(back.body).toContain('01/01/2026');
    const bad = await get('officerA', `/api/units/${built.communeA}/statistics.xlsx?from=2026-02-30&to=2026-03-01`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('2026-02-30');
    expect(bad.body).toContain('from');
  });
});
