// The consolidated 6-month report of 2025 over the 92 current communes of Thái Nguyên: 90 submitted on
// time (stored directly), Xã Vạn Phú late (submitted through the API now, long after 10/05/2025) and Xã Đại
// Từ missing. Counts, roll-up totals equal to the sums of the rows, and the late and missing communes
// marked in the .xlsx and the .docx.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportFigures } from '../../src/core/plans/reports.ts';
import { docxParagraphs, docxPart } from '../documents/read.ts';
import { login, startTestApp, type TestApp } from '../support/server.ts';

let t: TestApp;
const cookies: Record<string, string> = {};
let province: number;
let vanPhu: number;
let daiTu: number;
let communes: Array<{ id: number; name: string; code: string }>;
const url = () => `/api/units/${province}/reports/2025/six_month/consolidated`;

const call = (user: string, method: 'GET' | 'POST', path: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method, url: path, headers: { cookie: cookies[user]!, 'accept-language': 'vi', ...headers } });

/** Figures of the i-th commune, varied so that sums are not multiples of one row. */
function figures(i: number): ReportFigures {
  const total = 3 + (i % 4);
  return {
    asOf: '2025-05-05',
    tasks: {
      total,
      done: i % 3,
      doneLate: 0,
      inProgress: 1,
      notStarted: total - 1 - (i % 3),
      overdue: i % 2,
      cancelled: 0,
      meanProgress: 40 + (i % 5) * 10,
    },
    targets: [],
    inputs: {
      'C13.respondents': 40,
      'C13.satisfied': 30 + (i % 10),
      'C11.forum': i % 2 === 0,
      'pop.children': 1000 + i,
    },
    score: {
      total: 800 + i,
      maxTotal: 1000,
      threshold: 850,
      recognized: 800 + i >= 850,
      complete: true,
      provisional: false,
      criteria: { C01: 100 },
      zeroCriteria: i % 7 === 0 ? ['C05'] : [],
    },
    surveys: {
      children: { sampleSize: 50, respondents: 20, satisfied: 15 + (i % 5) },
      residents: { sampleSize: 50, respondents: 20, satisfied: 15 + (i % 5) },
    },
    forums: {
      forums: i % 2,
      consultations: i % 3 === 0 ? 1 : 0,
      participants: 20 + i,
      recommendations: 2,
      answered: 1,
      events: 1 + (i % 4),
    },
  };
}

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  province = (
    await db
      .selectFrom('unit')
      .select('id')
      .where('code', '=', '19')
      .where('level', '=', 'province')
      .where('valid_to', 'is', null)
      .executeTakeFirstOrThrow()
  ).id;
  communes = await db
    .selectFrom('unit')
    .select(['id', 'name', 'code'])
    .where('parent_id', '=', province)
    .where('level', '=', 'commune')
    .where('valid_to', 'is', null)
    .orderBy('name')
    .execute();
  const byCode = (code: string) => communes.find((c) => c.code === code)!.id;
  vanPhu = byCode('05845');
  daiTu = byCode('05830');
  for (const u of ['xa.vanphu', 'tinh.thainguyen', 'admin']) cookies[u] = await login(t.app, u);

  const onTime = communes.filter((c) => c.id !== vanPhu && c.id !== daiTu);
  await db
    .insertInto('periodic_report')
    .values(
      onTime.map((c, i) => ({
        unit_id: c.id,
        province_id: province,
        year: 2025,
        kind: 'six_month' as const,
        due_on: '2025-05-10',
        status: 'submitted' as const,
        figures: JSON.stringify(figures(i)),
        submitted_at: `2025-05-${String(1 + (i % 9)).padStart(2, '0')}T02:00:00Z`,
      })),
    )
    .execute();
  const late = await call('xa.vanphu', 'POST', `/api/units/${vanPhu}/reports/2025/six_month/submit`, {
    'idempotency-key': 'vp-2025-1',
  });
  expect(late.statusCode, late.body).toBe(200);
  expect(late.json().timeliness).toBe('late');
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('consolidated report of a province', () => {
  it('counts the communes’ reports: all submitted but one late and one missing', async () => {
    const res = await call('tinh.thainguyen', 'GET', url());
    expect(res.statusCode, res.body).toBe(200);
    const c = res.json();
    expect(communes.length).toBeGreaterThanOrEqual(20);
    expect(c.completeness).toEqual({
      units: communes.length,
      submitted: communes.length - 1,
      onTime: communes.length - 2,
      late: 1,
      missing: 1,
      pending: 0,
    });
    const row = (id: number) => c.rows.find((r: { unitId: number }) => r.unitId === id);
    expect(row(vanPhu)).toMatchObject({ name: 'Xã Vạn Phú', status: 'late', dueOn: '2025-05-10' });
    expect(row(vanPhu).submittedOn > '2025-05-10').toBe(true);
    // Listed, not rolled up.
    expect(row(daiTu)).toMatchObject({
      name: 'Xã Đại Từ',
      status: 'missing',
      submittedOn: null,
      score: null,
      tasksTotal: null,
      c13Rate: null,
    });
    expect(c.rows).toHaveLength(communes.length);
    expect(c.rollUp.units).toBe(communes.length - 1);
  });

  it('rolls up the submitted figures: totals equal the sums of the rows and of the frozen figures', async () => {
    const c = (await call('tinh.thainguyen', 'GET', url())).json();
    type Row = {
      tasksDone: number | null;
      tasksTotal: number | null;
      overdue: number | null;
      recognized: boolean | null;
      forums: number | null;
      events: number | null;
      score: number | null;
    };
    const rows = c.rows as Row[];
    const sum = (k: keyof Row) => rows.reduce((s, r) => s + (typeof r[k] === 'number' ? (r[k] as number) : 0), 0);
    expect(c.totals.tasksDone).toBe(sum('tasksDone'));
    expect(c.totals.tasksTotal).toBe(sum('tasksTotal'));
    expect(c.totals.overdue).toBe(sum('overdue'));
    expect(c.totals.forums).toBe(sum('forums'));
    expect(c.totals.events).toBe(sum('events'));
    expect(c.totals.recognized).toBe(rows.filter((r) => r.recognized === true).length);
    const scored = rows.filter((r) => r.score !== null);
    expect(c.totals.scored).toBe(scored.length);
    expect(c.totals.score).toBe(Math.round((10 * scored.reduce((s, r) => s + r.score!, 0)) / scored.length) / 10);

    const fig = Array.from({ length: communes.length - 2 }, (_, i) => figures(i));
    expect(c.rollUp.inputs['C13.satisfied']).toBe(fig.reduce((s, f) => s + (f.inputs['C13.satisfied'] as number), 0));
    expect(c.rollUp.flags['C11.forum']).toBe(fig.filter((f) => f.inputs['C11.forum']).length);
    const satisfied = fig.reduce((s, f) => s + f.surveys.children!.satisfied + f.surveys.residents!.satisfied, 0);
    expect(c.totals.c13Rate).toBe(Math.round((1000 * satisfied) / (fig.length * 40)) / 10);
  });

  it('is for the province’s officials only', async () => {
    expect((await call('xa.vanphu', 'GET', url())).statusCode).toBe(403);
    // The technical administrator reads no province's reports (least privilege).
    expect((await call('admin', 'GET', url())).statusCode).toBe(403);
    const commune = await call('tinh.thainguyen', 'GET', `/api/units/${vanPhu}/reports/2025/six_month/consolidated`);
    expect(commune.statusCode).toBe(400);
    expect(commune.json().error.message).toContain('Xã Vạn Phú');
  });

  it('writes the roll-up tables to .xlsx with the late and the missing commune marked in words', async () => {
    const res = await call('tinh.thainguyen', 'GET', `${url()}.xlsx`);
    expect(res.statusCode, res.body).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Theo xã, phường')!;
    const rows: unknown[][] = [];
    ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    const find = (name: string) => rows.find((r) => r[2] === name)!;
    // Row numbers are headed "STT", the word a clerk expects, not "Không" ("no").
    const head = rows.find((r) => r.includes('Xã, phường'))!;
    expect(head[0]).toBe('STT');
    expect(head).not.toContain('Không');
    expect(find('Xã Vạn Phú')[3]).toBe('Gửi muộn');
    expect(find('Xã Đại Từ')[3]).toBe('Chưa gửi (quá hạn)');
    expect(find('Xã Đại Từ')[8]).toBeUndefined();
    const totals = rows.find((r) => typeof r[2] === 'string' && (r[2] as string).startsWith('Tổng cộng'))!;
    const body = rows.filter((r) => typeof r[0] === 'number');
    expect(body).toHaveLength(communes.length);
    const col = (i: number) => body.reduce((s: number, r) => s + (typeof r[i] === 'number' ? (r[i] as number) : 0), 0);
    expect(totals[8]).toBe(col(8)); // tasks done
    expect(totals[9]).toBe(col(9)); // tasks
    expect(totals[10]).toBe(col(10)); // overdue
    expect(totals[3]).toBe(`${communes.length - 1}/${communes.length}`);
    const summary = wb.getWorksheet('Tình hình báo cáo')!;
    const summaryRows: unknown[][] = [];
    summary.eachRow((r) => summaryRows.push((r.values as unknown[]).slice(1)));
    expect(summaryRows).toContainEqual(['Muộn', 1]);
    expect(summaryRows).toContainEqual(['Chưa gửi, quá hạn', 1]);
  });

  it('writes the consolidated report to .docx with the completeness, the late and missing communes and the per-commune table', async () => {
    const res = await call('tinh.thainguyen', 'GET', url().replace(/consolidated$/, 'consolidated.docx'));
    expect(res.statusCode, res.body).toBe(200);
    const paras = docxParagraphs(docxPart(res.rawPayload));
    expect(paras).toContain('BÁO CÁO');
    expect(paras).toContain('I. TÌNH HÌNH BÁO CÁO CỦA CÁC XÃ, PHƯỜNG');
    // Words, not symbols, in a formal document; unit names in small letters inside the sentence.
    expect(paras).toContain('Gửi muộn: xã Vạn Phú.');
    expect(paras).toContain('Chưa gửi (quá hạn): xã Đại Từ.');
    expect(paras.filter((p) => p === 'Gửi muộn')).toHaveLength(1);
    expect(paras.filter((p) => p === 'Chưa gửi (quá hạn)')).toHaveLength(1);
    expect(paras.join('\n')).not.toContain('⚠');
    expect(paras.filter((p) => p === 'Đã gửi đúng hạn')).toHaveLength(communes.length - 2);
    expect(paras).toContain(`Tổng cộng (${communes.length - 1} báo cáo)`);
    // Each table's row numbers are headed "STT"; "Không" may still be a cell's answer, never a heading.
    const headed = paras.flatMap((p, i) => (p === 'STT' ? [paras[i + 1]] : []));
    expect(headed).toContain('Nội dung');
  });
});
