// The report documents as the routes serve them over the demo: a commune's 6-month report (.docx) prints the
// data period and every table of its statistics exactly as the report's JSON holds them (a typed figure saved
// through the API included), and once it is sent the province's consolidated .docx and .xlsx carry them.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportStatistics } from '../../src/core/plans/reports.ts';
import { formatDate } from '../../src/i18n/index.ts';
import { statisticText } from '../../src/server/features/reports/documents.ts';
import { communeId } from '../support/db.ts';
import { login, startTestApp, type TestApp } from '../support/server.ts';
import { docxParagraphs, docxPart } from './read.ts';

let t: TestApp;
const cookies: Record<string, string> = {};
let daiTu: number;
let province: number;

const call = (user: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  t.app.inject({
    method,
    url,
    headers: {
      cookie: cookies[user]!,
      'accept-language': 'vi',
      ...(method === 'POST' ? { 'idempotency-key': `b2-${url}` } : {}),
    },
    payload,
  });
const report = () => `/api/units/${daiTu}/reports/2026/six_month`;
const consolidated = () => `/api/units/${province}/reports/2026/six_month/consolidated`;

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  daiTu = await communeId(db, '05830'); // Xã Đại Từ: the demo's register, with cases
  province = (await db.selectFrom('unit').select('parent_id').where('id', '=', daiTu).executeTakeFirstOrThrow())
    .parent_id!;
  for (const u of ['xa.daitu', 'tinh.thainguyen']) cookies[u] = await login(t.app, u);
}, 120_000);

afterAll(async () => {
  await t?.close();
});

/** Every row of every statistics table, in the document, as its JSON says: label, unit, value in words. */
function expectTables(paras: string[], tables: ReportStatistics['tables']) {
  for (const table of tables) {
    const title = paras.findIndex((p) => new RegExp(`^Bảng \\d+\\. ${table.title.vi}$`).test(p));
    expect(title, table.title.vi).toBeGreaterThan(0);
    // After the header row (4 cells), each row is STT, label, unit, value.
    const body = paras.slice(title + 5, title + 5 + 4 * table.rows.length);
    expect(body).toEqual(table.rows.flatMap((r, i) => [String(i + 1), r.label.vi, r.unit.vi, statisticText(r)]));
  }
}

describe('report documents through the API', () => {
  it('the commune’s report: the data period and every statistic as the report holds it, a typed figure too', async () => {
    const before = (await call('xa.daitu', 'GET', report())).json();
    const saved = await call('xa.daitu', 'PUT', report(), {
      narrative: { results: '- Đã rà soát các điểm nguy cơ đuối nước.', difficulties: '', proposals: '' },
      revision: before.revision,
      entered: { 'budget.spent': 12_500_000, 'violation.handled': 1200 },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const stats = saved.json().figures.statistics as ReportStatistics;
    expect(stats.values['budget.spent']).toBe(12_500_000);

    const res = await call('xa.daitu', 'GET', `${report()}/report.docx`);
    expect(res.statusCode, res.body).toBe(200);
    const paras = docxParagraphs(docxPart(res.rawPayload));
    expect(paras).toContain(
      `Số liệu tính từ ngày ${formatDate(stats.period.from)} đến ngày ${formatDate(stats.period.to)}.`,
    );
    expect(stats.period.from).toBe('2025-12-15');
    expectTables(paras, stats.tables);
    const text = paras.join('\n');
    expect(text).toContain('12.500.000');
    expect(text).toContain('1.200');
  });

  it('once sent, the province’s consolidated .docx and .xlsx carry the commune’s statistics', async () => {
    const sent = await call('xa.daitu', 'POST', `${report()}/submit`);
    expect(sent.statusCode, sent.body).toBe(200);
    const frozen = sent.json().figures.statistics as ReportStatistics;

    const c = (await call('tinh.thainguyen', 'GET', consolidated())).json();
    expect(c.statistics, 'the consolidated report rolls up the statistics').not.toBeNull();

    const docx = await call('tinh.thainguyen', 'GET', `${consolidated()}.docx`);
    expect(docx.statusCode, docx.body).toBe(200);
    const paras = docxParagraphs(docxPart(docx.rawPayload));
    expect(paras).toContain('III. SỐ LIỆU THỐNG KÊ TỔNG HỢP');
    const third = paras.indexOf('III. SỐ LIỆU THỐNG KÊ TỔNG HỢP');
    expectTables(paras.slice(third), c.statistics.tables);

    const xlsx = await call('tinh.thainguyen', 'GET', `${consolidated()}.xlsx`);
    expect(xlsx.statusCode, xlsx.body).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Số liệu thống kê')!;
    let head: ExcelJS.Row | undefined;
    ws.eachRow((r) => {
      if (r.getCell(1).value === 'STT') head ??= r;
    });
    const names = (head!.values as unknown[]).slice(5);
    const column = names.indexOf('Xã Đại Từ') + 5;
    expect(column).toBeGreaterThan(4);
    const totalColumn = names.length + 4;
    expect(names.at(-1)).toBe('Tổng cộng');
    let checked = 0;
    ws.eachRow((r) => {
      const code = r.getCell(2).value;
      if (typeof code !== 'string' || !(code in frozen.values)) return;
      const value = r.getCell(column).value;
      expect(value ?? null, code).toBe(frozen.values[code]);
      const total = c.statistics.tables
        .flatMap((tb: ReportStatistics['tables'][number]) => tb.rows)
        .find((x: { statistic: string }) => x.statistic === code);
      expect(r.getCell(totalColumn).value ?? null, code).toBe(total.value);
      checked++;
    });
    expect(checked).toBeGreaterThan(40);
    expect(frozen.values['budget.spent']).toBe(12_500_000);
  });

  it('the Action Month report and its consolidated report, and a forum’s report', async () => {
    const month = `/api/units/${daiTu}/reports/2026/action_month`;
    const own = await call('xa.daitu', 'GET', `${month}/report.docx`);
    expect(own.statusCode, own.body).toBe(200);
    const paras = docxParagraphs(docxPart(own.rawPayload));
    expect(paras.join(' ').replace(/\n/g, ' ')).toContain('Kết quả thực hiện Tháng hành động vì trẻ em năm 2026');
    expect(paras).toContain('Số liệu tính từ ngày 01/06/2026 đến ngày 30/06/2026.');
    const stats = (await call('xa.daitu', 'GET', month)).json().figures.statistics as ReportStatistics;
    expectTables(paras, stats.tables);
    // Only the form's tables: the plan's targets belong to the 6-month and annual reports.
    expect(paras.filter((p) => /^Bảng \d+\. /.test(p))).toHaveLength(stats.tables.length);

    const c = await call(
      'tinh.thainguyen',
      'GET',
      `/api/units/${province}/reports/2026/action_month/consolidated.docx`,
    );
    expect(c.statusCode, c.body).toBe(200);
    const cParas = docxParagraphs(docxPart(c.rawPayload));
    expect(cParas.join(' ').replace(/\n/g, ' ')).toContain(
      'Tổng hợp kết quả thực hiện Tháng hành động vì trẻ em năm 2026 của các xã, phường',
    );
    expect(cParas).toContain('III. SỐ LIỆU THỐNG KÊ TỔNG HỢP');

    const created = await call('xa.daitu', 'POST', `/api/communes/${daiTu}/forums`, {
      kind: 'forum',
      level: 'commune',
      heldOn: '2026-05-20',
      title: 'Trẻ em với phòng, chống đuối nước',
      boysUnder11: 10,
      girlsUnder11: 12,
      recommendations: [{ text: 'Làm rào chắn ao đầu thôn', agency: 'UBND xã' }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const forumReport = `/api/units/${daiTu}/forum-reports/${created.json().id}`;
    const view = await call('xa.daitu', 'GET', forumReport);
    expect(view.statusCode, view.body).toBe(200);
    const doc = await call('xa.daitu', 'GET', `${forumReport}/report.docx`);
    expect(doc.statusCode, doc.body).toBe(200);
    const fParas = docxParagraphs(docxPart(doc.rawPayload));
    expect(fParas.join(' ').replace(/\n/g, ' ')).toContain(
      'Kết quả tổ chức Diễn đàn trẻ em “Trẻ em với phòng, chống đuối nước” ngày 20/05/2026',
    );
    expect(fParas).toContain('Số liệu tính từ ngày 20/05/2026 đến ngày 20/05/2026.');
    const fStats = view.json().figures.statistics as ReportStatistics;
    expectTables(fParas, fStats.tables);
    // 22 children: the count the forum's record gives, as the document prints it.
    expect(fStats.values['forum.children']).toBe(22);
  });
});
