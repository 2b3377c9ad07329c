// A commune's periodic report through the API: drafted live from its plan, forums and assessment, the
// written parts saved with a revision (a stale one refused), submitted once (a retry with the same key
// answers as the first, another key is refused with the day it was sent), the figures frozen on submission.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docxParagraphs, docxPart } from '../documents/read.ts';
import { login, startTestApp, type TestApp } from '../support/server.ts';
import { communeId } from '../support/db.ts';

let t: TestApp;
const cookies: Record<string, string> = {};
let commune: number;
let periodId: number;
let taskId: number;

const call = (
  user: string,
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  payload?: object,
  headers: Record<string, string> = {},
) => t.app.inject({ method, url, headers: { cookie: cookies[user]!, 'accept-language': 'vi', ...headers }, payload });
const base = () => `/api/units/${commune}/reports`;
const report = (kind = 'six_month') => `${base()}/2026/${kind}`;
const dmy = (iso: string) => iso.split('-').reverse().join('/');

const forum = (heldOn: string, title: string) => ({
  kind: 'forum',
  level: 'commune',
  heldOn,
  title,
  boysUnder11: 10,
  girlsUnder11: 12,
  recommendations: [{ text: 'Làm thêm sân chơi ở thôn', agency: 'UBND xã' }],
});

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  commune = await communeId(db, '05845'); // Xã Vạn Phú
  periodId = (await db.selectFrom('period').select('id').where('year', '=', 2026).executeTakeFirstOrThrow()).id;
  for (const u of ['xa.vanphu', 'xa.daitu', 'tinh.thainguyen']) cookies[u] = await login(t.app, u);

  // A plan of 2026 with its 6-month report due on 15/06, one target on a measured input and two tasks.
  const plan = await call('xa.vanphu', 'POST', `/api/units/${commune}/plans`, {
    year: 2026,
    title: 'Triển khai thực hiện công tác trẻ em năm 2026 trên địa bàn xã Vạn Phú',
    place: 'Vạn Phú',
    sixMonthDue: '06-15',
    // The annual report, due 31/12, counts to 30/12 (by default it would stop on 14/12): a draft of it sees
    // today's data.
    annualDue: '12-31',
    annualCutoff: '12-30',
    targets: [{ text: 'Duy trì Ban chỉ đạo bảo vệ, chăm sóc trẻ em', indicator: 'C01.board' }],
    tasks: [
      { text: 'Tổ chức Tháng hành động vì trẻ em', dueOn: '2026-06-30' },
      { text: 'Tập huấn cho cộng tác viên', dueOn: '2026-12-15' },
    ],
  });
  expect(plan.statusCode, plan.body).toBe(201);
  taskId = plan.json().tasks[0].id;
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('periodic report of a commune', () => {
  it('lists the year’s reports with the due dates of the plan (6-month, annual) and the default (Action Month)', async () => {
    const res = await call('xa.vanphu', 'GET', `${base()}?year=2026`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject([
      { kind: 'six_month', dueOn: '2026-06-15', status: 'draft', stored: false, timeliness: 'missing' },
      { kind: 'annual', dueOn: '2026-12-31', status: 'draft' },
      { kind: 'action_month', dueOn: '2026-07-10', status: 'draft', timeliness: 'missing' },
    ]);
    // The year 2099's reports are not due yet.
    expect((await call('xa.vanphu', 'GET', `${base()}?year=2099`)).json()[0]).toMatchObject({
      dueOn: '2099-05-10',
      timeliness: 'pending',
    });
  });

  it('drafts the figures from the data: a task done, a forum held, an assessment value', async () => {
    const before = (await call('xa.vanphu', 'GET', report())).json();
    expect(before.figures.tasks).toMatchObject({ total: 2, done: 0 });
    expect(before.figures.forums.forums).toBe(0);

    expect(
      (
        await call('xa.vanphu', 'POST', `/api/units/${commune}/tasks/${taskId}/progress`, {
          notedOn: '2026-06-01',
          progress: 100,
          note: 'Đã tổ chức',
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (
        await call(
          'xa.vanphu',
          'POST',
          `/api/communes/${commune}/forums`,
          forum('2026-05-30', 'Diễn đàn trẻ em xã Vạn Phú'),
        )
      ).statusCode,
    ).toBe(201);
    // Held in the second half: in the annual report, not in the 6-month one.
    expect(
      (await call('xa.vanphu', 'POST', `/api/communes/${commune}/forums`, forum('2026-09-01', 'Diễn đàn Trung thu')))
        .statusCode,
    ).toBe(201);
    const saved = await call('xa.vanphu', 'PUT', `/api/units/${commune}/assessments/${periodId}/values`, {
      values: { 'pop.villages': 17, 'C01.board': false },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    // The 6-month report due 15/06 stands as of 14/06 (its data period ends the day before it is due, at most
    // 14/06): these inputs count in it as if entered on 10/06 (tests/reports/as-of.test.ts shows that inputs
    // entered after the cut-off do not).
    const june = new Date('2026-06-10T03:00:00Z');
    const db = t.database.db;
    const { id: assessmentId } = await db
      .selectFrom('assessment')
      .select('id')
      .where('unit_id', '=', commune)
      .where('period_id', '=', periodId)
      .executeTakeFirstOrThrow();
    await db
      .updateTable('assessment_value')
      .set({ entered_at: june })
      .where('assessment_id', '=', assessmentId)
      .execute();
    await db
      .updateTable('assessment_value_history')
      .set({ entered_at: june })
      .where('assessment_id', '=', assessmentId)
      .execute();

    const res = await call('xa.vanphu', 'GET', report());
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r).toMatchObject({ status: 'draft', frozen: false, revision: 0, canWrite: true, dueOn: '2026-06-15' });
    expect(r.figures.tasks).toMatchObject({ total: 2, done: 1, meanProgress: 50 });
    expect(r.figures.forums).toMatchObject({ forums: 1, participants: 22, recommendations: 1, answered: 0 });
    expect(r.figures.inputs['pop.villages']).toBe(17);
    expect(r.figures.targets).toEqual([
      { text: 'Duy trì Ban chỉ đạo bảo vệ, chăm sóc trẻ em', indicator: 'C01.board', goal: null, value: 0, met: false },
    ]);
    expect(r.figures.score).not.toBeNull();
    expect((await call('xa.vanphu', 'GET', report('annual'))).json().figures.forums.forums).toBe(2);

    // The narrative is prefilled in Vietnamese from those figures.
    expect(r.narrative.results).toContain('6 tháng đầu năm 2026, xã Vạn Phú triển khai 2 nhiệm vụ');
    expect(r.narrative.results).toContain('đã hoàn thành 1');
    expect(r.narrative.results).toContain('Tổ chức 1 diễn đàn trẻ em');
    expect(r.narrative.difficulties).toContain('1 chỉ tiêu chưa đạt mục tiêu: Duy trì Ban chỉ đạo');
  });

  it('saves the written parts and refuses a stale revision with a clear message, keeping the first save', async () => {
    const narrative = { results: 'Kết quả đã sửa tay.', difficulties: 'Thiếu kinh phí.', proposals: 'Đề nghị hỗ trợ.' };
    const first = await call('xa.vanphu', 'PUT', report(), { narrative, revision: 0 });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ narrative, revision: 1, stored: true });

    const stale = await call('xa.vanphu', 'PUT', report(), {
      narrative: { ...narrative, results: 'Bản của người khác' },
      revision: 0,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.message).toContain('vừa được người khác lưu (lần sửa 1)');
    expect((await call('xa.vanphu', 'GET', report())).json().narrative.results).toBe('Kết quả đã sửa tay.');

    const second = await call('xa.vanphu', 'PUT', report(), {
      narrative: { ...narrative, results: 'Kết quả 6 tháng: hoàn thành Tháng hành động.' },
      revision: 1,
    });
    expect(second.json().revision).toBe(2);
  });

  it('lets the province read but not write, and another commune not even read', async () => {
    expect((await call('tinh.thainguyen', 'GET', report())).statusCode).toBe(200);
    expect(
      (
        await call('tinh.thainguyen', 'PUT', report(), {
          narrative: { results: 'x', difficulties: '', proposals: '' },
          revision: 2,
        })
      ).statusCode,
    ).toBe(403);
    expect((await call('xa.daitu', 'GET', report())).statusCode).toBe(403);
    expect((await call('xa.daitu', 'POST', `${report()}/submit`, {}, { 'idempotency-key': 'x' })).statusCode).toBe(403);
  });

  it('submits once: the same key answers as the first time, another key is refused with the day it was sent', async () => {
    const noKey = await call('xa.vanphu', 'POST', `${report()}/submit`, {});
    expect(noKey.statusCode).toBe(400);
    expect(noKey.json().error.message).toContain('Idempotency-Key');

    const first = await call('xa.vanphu', 'POST', `${report()}/submit`, undefined, { 'idempotency-key': 'key-A' });
    expect(first.statusCode, first.body).toBe(200);
    const a = first.json();
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
    expect(a).toMatchObject({
      status: 'submitted',
      frozen: true,
      canWrite: false,
      submittedOn: today,
      timeliness: today > '2026-06-15' ? 'late' : 'on_time',
    });
    expect(a.narrative.results).toBe('Kết quả 6 tháng: hoàn thành Tháng hành động.');

    const retry = await call('xa.vanphu', 'POST', `${report()}/submit`, { key: 'key-A' });
    expect(retry.statusCode, retry.body).toBe(200);
    expect(retry.json().submittedAt).toBe(a.submittedAt);
    expect(retry.json().figures).toEqual(a.figures);

    const again = await call('xa.vanphu', 'POST', `${report()}/submit`, undefined, { 'idempotency-key': 'key-B' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toBe(
      `Báo cáo 6 tháng đầu năm 2026 đã gửi ngày ${dmy(today)}; không gửi lại hay sửa được nữa.`,
    );
    const edit = await call('xa.vanphu', 'PUT', report(), { narrative: a.narrative, revision: a.revision });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().error.message).toContain('đã gửi ngày');

    const submissions = await t.database.db
      .selectFrom('audit_log')
      .select('id')
      .where('entity', '=', 'periodic_report')
      .where('action', '=', 'submit')
      .execute();
    expect(submissions).toHaveLength(1);
  });

  it('keeps the submitted figures frozen when the data change afterwards', async () => {
    const frozen = (await call('xa.vanphu', 'GET', report())).json();
    expect(
      (
        await call(
          'xa.vanphu',
          'POST',
          `/api/communes/${commune}/forums`,
          forum('2026-04-02', 'Lấy ý kiến trẻ em về sân chơi'),
        )
      ).statusCode,
    ).toBe(201);
    await call('xa.vanphu', 'PUT', `/api/units/${commune}/assessments/${periodId}/values`, {
      values: { 'pop.villages': 21 },
    });
    const later = (await call('xa.vanphu', 'GET', report())).json();
    expect(later.figures).toEqual(frozen.figures);
    expect(later.figures.forums.forums).toBe(1);
    expect(later.figures.inputs['pop.villages']).toBe(17);
    // The annual report, still a draft, sees the new data.
    const annual = (await call('xa.vanphu', 'GET', report('annual'))).json();
    expect(annual.figures.forums.forums).toBe(3);
    expect(annual.figures.inputs['pop.villages']).toBe(21);
  });

  it('downloads the report as .docx: BÁO CÁO, its summary, the written parts and the figures tables', async () => {
    const res = await call('tinh.thainguyen', 'GET', `${report()}/report.docx`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('wordprocessingml');
    const paras = docxParagraphs(docxPart(res.rawPayload));
    expect(paras).toContain('BÁO CÁO');
    expect(paras.some((p) => p.replace(/\n/g, ' ') === 'Kết quả thực hiện công tác trẻ em 6 tháng đầu năm 2026')).toBe(
      true,
    );
    expect(paras).toContain('Kết quả 6 tháng: hoàn thành Tháng hành động.');
    expect(paras).toContain('III. KHÓ KHĂN, VƯỚNG MẮC');
    expect(paras).toContain('Bảng 1. Kết quả thực hiện các chỉ tiêu');
    expect(paras).toContain('Duy trì Ban chỉ đạo bảo vệ, chăm sóc trẻ em');
    expect(paras).toContain('Nơi nhận:');
  });
});
