// Aggregates that cannot be differenced, through the API. The demo's finding: the province's register
// summary hid counts 1–4 but published 17 children in special circumstances and 15 supported for Đại Từ (two
// unsupported children, by subtraction), and the signer and the administrator read C03.abused = 1 in the
// assessment while the summary hid it. Now one rule decides, and the same viewer gets the same figure
// (or the same suppressed cell) in the summary, the form, the value history, the dossier, the inputs
// workbook, the minutes and the report; those who enter or score the figures get them exactly everywhere.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startTestApp, type TestApp } from '../support/server.ts';
import { docxParagraphs, docxPart } from '../documents/read.ts';

let t: TestApp;
const cookies: Record<string, string> = {};
let daiTu: number;
let province: number;
let periodId: number;
let roundId: number;
let entryId: number;

const SUPPRESSED = { value: null, suppressed: true };
const USERS = [
  'xa.daitu',
  'tinh.thainguyen',
  'thamdinh.thainguyen',
  'chutich.thainguyen',
  'bo.yte',
  'admin',
  'congan.thainguyen',
  'yte.thainguyen',
];
const get = (user: string, url: string) =>
  t.app.inject({ method: 'GET', url, headers: { cookie: cookies[user]!, 'accept-language': 'vi' } });
const send = async (user: string, method: 'PUT' | 'POST', url: string, payload: object) => {
  const res = await t.app.inject({
    method,
    url,
    headers: { cookie: cookies[user]!, 'accept-language': 'vi' },
    payload,
  });
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(200);
  return res.json();
};

/** A figure as one answer gives it: its number, or 'suppressed' for the suppressed cell (any other shape fails). */
function figure(x: unknown): number | boolean | 'suppressed' {
  if (typeof x === 'number' || typeof x === 'boolean') return x;
  if (x && typeof x === 'object' && (x as { suppressed?: unknown }).suppressed === true) {
    expect(x).toMatchObject(SUPPRESSED);
    return 'suppressed';
  }
  if (x && typeof x === 'object' && 'value' in x) return figure((x as { value: unknown }).value);
  throw new Error(`not a figure: ${JSON.stringify(x)}`);
}

const urls = () => ({
  summary: `/api/provinces/${province}/register/summary?periodId=${periodId}`,
  view: `/api/units/${daiTu}/assessments/${periodId}`,
  history: `/api/units/${daiTu}/assessments/${periodId}/history`,
  dossier: `/api/rounds/${roundId}/entries/${daiTu}`,
  workbook: `/api/units/${daiTu}/assessments/${periodId}/inputs.xlsx`,
  minutes: `/api/rounds/${roundId}/entries/${daiTu}/minutes.docx`,
  report: `/api/units/${daiTu}/reports/2026/annual`,
});

/** Every figure of one input of Đại Từ that each answer gives this viewer. */
async function figuresOf(user: string, code: string) {
  const u = urls();
  const view = (await get(user, u.view)).json();
  const dossier = (await get(user, u.dossier)).json();
  const history = (await get(user, `${u.history}?code=${code}`)).json();
  const report = (await get(user, u.report)).json();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await get(user, u.workbook)).rawPayload as unknown as ArrayBuffer);
  const row = wb.worksheets[0]!.getRows(2, wb.worksheets[0]!.rowCount - 1)!.find((r) => r.getCell(2).value === code)!;
  const item = (result: { criteria: Array<{ items: Array<{ code: string; inputs: Record<string, unknown> }> }> }) =>
    result.criteria.flatMap((c) => c.items).find((i) => Object.keys(i.inputs).includes(code))!;
  return {
    view: figure(view.values[code]),
    viewItem: figure(item(view.result).inputs[code]),
    history: history.items.map((h: unknown) => figure(h)) as Array<number | 'suppressed'>,
    dossier: figure(dossier.lastSubmission.values[code]),
    dossierItem: figure(item(dossier.lastSubmission.result).inputs[code]),
    workbook: row.getCell(5).value,
    report: figure(report.figures.inputs[code]),
  };
}

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  const unit = await db
    .selectFrom('unit')
    .select(['id', 'parent_id'])
    .where('code', '=', '05830')
    .where('level', '=', 'commune')
    .where('valid_to', 'is', null)
    .executeTakeFirstOrThrow(); // Xã Đại Từ
  daiTu = unit.id;
  province = unit.parent_id!;
  periodId = (await db.selectFrom('period').select('id').where('year', '=', 2026).executeTakeFirstOrThrow()).id;
  // The annual report shows today's figures only while its data period runs to today: Đại Từ's plan sets it due
  // on 31/12 with the cut-off on 30/12 (by default it ends the day before 10/11, before the demo's values).
  const plans = await db
    .updateTable('plan')
    .set({ annual_due: '12-31', annual_cutoff: '12-30' })
    .where('unit_id', '=', daiTu)
    .where('year', '=', 2026)
    .executeTakeFirst();
  expect(Number(plans.numUpdatedRows)).toBeGreaterThan(0);
  roundId = (
    await db
      .selectFrom('round')
      .select('id')
      .where('province_id', '=', province)
      .where('period_id', '=', periodId)
      .executeTakeFirstOrThrow()
  ).id;
  for (const u of USERS) cookies[u] = await login(t.app, u);
  // Đại Từ's demo values hold C03.abused 1, C06.special 24 and C06.supported 22 (a difference of 2). The
  // officer adds two children in trouble with the law (C04, police) and finds 30 children in special
  // circumstances: 30 − 22 = 8 would be shown alone, but 22 was withheld beside 24 and has not changed.
  await send('xa.daitu', 'PUT', `/api/units/${daiTu}/assessments/${periodId}/values`, {
    values: { 'C04.children': 2, 'C06.special': 30 },
  });
  await send('xa.daitu', 'PUT', `/api/rounds/${roundId}/entries/${daiTu}/council`, {
    members: [
      { name: 'Nguyễn Văn Bình', position: 'Chủ tịch UBND xã', role: 'Chủ tịch Hội đồng' },
      { name: 'Lê Thị Thu', position: 'Công chức Văn hóa - Xã hội', role: 'Thư ký' },
      { name: 'Hoàng Văn Đức', position: 'Trưởng Công an xã', role: 'Thành viên' },
    ],
    meetingOn: '2026-10-20',
    meetingPlace: 'Hội trường UBND xã Đại Từ',
    meetingSummary: 'Hội đồng rà soát số liệu 13 tiêu chí.',
  });
  for (const action of ['self_assess', 'publish'])
    await send('xa.daitu', 'POST', `/api/rounds/${roundId}/entries/${daiTu}/transitions`, { action });
  await db
    .updateTable('round_entry')
    .set({ posting_from: '2026-10-21', posting_to: '2026-10-27' })
    .where('round_id', '=', roundId)
    .where('unit_id', '=', daiTu)
    .execute();
  const sent = await send('xa.daitu', 'POST', `/api/rounds/${roundId}/entries/${daiTu}/transitions`, {
    action: 'submit',
  });
  entryId = sent.entry.id;
  // The appraiser keeps a corrected count beside the commune's: 26 supported of 30.
  await send('thamdinh.thainguyen', 'PUT', `/api/round-entries/${entryId}/appraiser-values`, {
    values: { 'C06.supported': 26 },
  });
}, 180_000);
afterAll(() => t?.close());

describe('the province’s register summary (the finding)', () => {
  const daiTuRow = async (user: string) => {
    const res = await get(user, urls().summary);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().communes.find((c: { id: number }) => c.id === daiTu).counts;
  };

  it.each(['chutich.thainguyen', 'admin'])(
    'never shows %s both 17 children in special circumstances and 15 supported',
    async (user) => {
      const counts = await daiTuRow(user);
      expect(counts['C06.special']).toEqual({ value: 17, suppressed: false });
      expect(counts['C06.supported']).toEqual(SUPPRESSED);
      for (const code of ['C03.abused', 'C03.supported', 'C06.cases', 'C06.planned'])
        expect(counts[code], code).toEqual(SUPPRESSED);
      // Counts that are not sensitive are the viewer's to see, as in the assessment.
      expect(counts['pop.children']).toEqual({ value: 561, suppressed: false });
    },
  );

  it.each(['thamdinh.thainguyen', 'tinh.thainguyen'])(
    'gives %s, who scores these counts, the exact figures',
    async (user) => {
      const counts = await daiTuRow(user);
      expect(counts['C06.special']).toEqual({ value: 17, suppressed: false });
      expect(counts['C06.supported']).toEqual({ value: 15, suppressed: false });
      expect(counts['C03.abused']).toEqual({ value: 1, suppressed: false });
    },
  );

  it('gives a sector reviewer the counts of their own sector only', async () => {
    const police = await daiTuRow('congan.thainguyen');
    expect(police['C04.children']).toEqual({ value: 0, suppressed: false });
    expect(police['C03.abused']).toEqual(SUPPRESSED);
  });
});

describe('the same figure in every answer to the same viewer', () => {
  it.each(['chutich.thainguyen', 'admin'])(
    '%s: C03.abused = 1 suppressed in the summary, the form, the history, the dossier, the workbook and the report',
    async (user) => {
      expect(
        (await get(user, urls().summary)).json().communes.find((c: { id: number }) => c.id === daiTu).counts[
          'C03.abused'
        ],
      ).toEqual(SUPPRESSED);
      const f = await figuresOf(user, 'C03.abused');
      expect(f).toEqual({
        view: 'suppressed',
        viewItem: 'suppressed',
        history: ['suppressed'],
        dossier: 'suppressed',
        dossierItem: 'suppressed',
        workbook: 'Ẩn (1–4)',
        report: 'suppressed',
      });
    },
  );

  it.each(['chutich.thainguyen', 'admin'])(
    '%s: 22 supported of 24, withheld once, stays withheld beside 30 in every answer; 24 and 30 are shown',
    async (user) => {
      const supported = await figuresOf(user, 'C06.supported');
      expect(supported).toEqual({
        view: 'suppressed',
        viewItem: 'suppressed',
        history: ['suppressed'],
        dossier: 'suppressed',
        dossierItem: 'suppressed',
        workbook: 'Ẩn (1–4)',
        report: 'suppressed',
      });
      const special = await figuresOf(user, 'C06.special');
      expect(special).toMatchObject({ view: 30, dossier: 30, history: [30, 24], workbook: 30, report: 30 });
      // The item reads both: its rate (22 of 30 = 73.3%) would give 22 back, so it goes; its points stay.
      const item = (await get(user, urls().view))
        .json()
        .result.criteria.find((c: { code: string }) => c.code === 'C06')
        .items.find((i: { code: string }) => i.code === 'C06.supported');
      expect(item).toMatchObject({ value: null, suppressed: true, points: 0, status: 'no_band' });
    },
  );

  it.each(['chutich.thainguyen', 'admin'])(
    '%s: the appraiser’s corrected 26 of 30 (a difference of 4) is withheld too, and the dossier never differences',
    async (user) => {
      const dossier = (await get(user, urls().dossier)).json();
      expect(dossier.appraiser.values['C06.supported']).toEqual(SUPPRESSED);
      const item = dossier.appraiser.result.criteria
        .find((c: { code: string }) => c.code === 'C06')
        .items.find((i: { code: string }) => i.code === 'C06.supported');
      expect(item).toMatchObject({ value: null, suppressed: true, points: 25 });
      expect(dossier.lastSubmission.values['C04.children']).toEqual(SUPPRESSED);
      expect(dossier.lastSubmission.values['pop.children']).toBe(4350);
      // No small count of a sensitive input anywhere in the answer.
      expect(dossier.lastSubmission.values['C03.abused']).toEqual(SUPPRESSED);
      expect(JSON.stringify(dossier)).not.toMatch(/"C0[3-6]\.[a-z]+":[1-4][,}]/);
    },
  );

  it.each(['thamdinh.thainguyen', 'tinh.thainguyen', 'xa.daitu'])(
    '%s: the exact figures in every answer',
    async (user) => {
      expect(await figuresOf(user, 'C03.abused')).toEqual({
        view: 1,
        viewItem: 1,
        history: [1],
        dossier: 1,
        dossierItem: 1,
        workbook: 1,
        report: 1,
      });
      expect(await figuresOf(user, 'C06.supported')).toEqual({
        view: 22,
        viewItem: 22,
        history: [22],
        dossier: 22,
        dossierItem: 22,
        workbook: 22,
        report: 22,
      });
      const dossier = (await get(user, urls().dossier)).json();
      expect(dossier.appraiser.values['C06.supported']).toBe(26);
    },
  );

  it('gives a sector reviewer their own sector’s counts exactly and withholds the others', async () => {
    expect(await figuresOf('congan.thainguyen', 'C04.children')).toMatchObject({
      view: 2,
      history: [2, 0],
      dossier: 2,
      workbook: 2,
    });
    expect(await figuresOf('congan.thainguyen', 'C03.abused')).toMatchObject({
      view: 'suppressed',
      dossier: 'suppressed',
      workbook: 'Ẩn (1–4)',
    });
    expect(await figuresOf('yte.thainguyen', 'C04.children')).toMatchObject({
      view: 'suppressed',
      history: ['suppressed', 0],
      dossier: 'suppressed',
    });
  });

  it('refuses the Ministry of Health official every commune answer, and its dashboard carries points only', async () => {
    const u = urls();
    for (const url of [u.summary, u.view, u.history, u.dossier, u.workbook, u.minutes, u.report])
      expect((await get('bo.yte', url)).statusCode, url).toBe(403);
    const dashboard = await get('bo.yte', `/api/dashboards/communes/${daiTu}?periodId=${periodId}`);
    expect(dashboard.statusCode).toBe(200);
    const keys = new Set<string>();
    const walk = (x: unknown): void => {
      if (Array.isArray(x)) x.forEach(walk);
      else if (x && typeof x === 'object')
        for (const [k, v] of Object.entries(x)) {
          keys.add(k);
          walk(v);
        }
    };
    walk(dashboard.json());
    expect([...keys].filter((k) => k === 'values' || k === 'inputs' || /^C\d\d\./.test(k))).toEqual([]);
  });
});

describe('re-checks', () => {
  it('give the signer the points the re-check found, never the figures it was scored with', async () => {
    const drawn = await send('tinh.thainguyen', 'POST', `/api/rounds/${roundId}/rechecks`, { share: 1, seed: 14 });
    const entry = drawn.entries[0];
    // The province finds 2 abused children (both supported) where the commune had none.
    await send('tinh.thainguyen', 'PUT', `/api/rechecks/${drawn.id}/entries/${entry.entryId}`, {
      values: { 'C03.abused': 2, 'C03.supported': 2 },
    });
    const res = await get('chutich.thainguyen', `/api/rechecks/${drawn.id}`);
    expect(res.statusCode).toBe(200);
    const seen = res.json().entries.find((e: { entryId: number }) => e.entryId === entry.entryId);
    expect(seen.differences).toContainEqual(expect.objectContaining({ item: 'C03.abused', before: 100 }));
    expect(res.body).not.toMatch(/"(values|inputs|value)"/);
  });
});

describe('the minutes of the self-assessment', () => {
  const c03 = async (user: string) => {
    const res = await get(user, urls().minutes);
    expect(res.statusCode).toBe(200);
    return docxParagraphs(docxPart(res.rawPayload)).join('\n');
  };

  it('give a suppressed reader the points of each item without the rate behind a withheld count', async () => {
    const text = await c03('chutich.thainguyen');
    expect(text).toContain(
      'Số liệu không ghi ra (từ 1 đến 4 trường hợp) để bảo vệ thông tin của trẻ em; điểm vẫn công khai',
    );
    expect(text).not.toMatch(/0,23 ?‰/);
    const exact = await c03('thamdinh.thainguyen');
    expect(exact).toMatch(/0,23‰/);
    expect(exact).not.toContain('Số liệu không ghi ra');
  });
});

describe('a plan’s targets measured on the commune’s figures', () => {
  it('withholds a target measured on a suppressed count from the signer and the administrator, and shows it to those who score it', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: `/api/units/${daiTu}/plans`,
      headers: { cookie: cookies['xa.daitu']!, 'accept-language': 'vi' },
      payload: {
        year: 2026,
        title: 'Thực hiện công tác trẻ em năm 2026',
        place: 'Đại Từ',
        targets: [
          { text: '100% trẻ em có hoàn cảnh đặc biệt được trợ giúp', indicator: 'C06.supported_rate', goal: 100 },
        ],
        tasks: [],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const plan = `/api/units/${daiTu}/plans/${created.json().id}`;
    const measured = async (user: string) => {
      const res = await get(user, plan);
      expect(res.statusCode, `${user}: ${res.body}`).toBe(200);
      return res.json().targets[0].measured;
    };
    // C06.supported is withheld beside C06.special for these viewers: so is the rate measured on it.
    for (const user of ['chutich.thainguyen', 'admin'])
      expect(await measured(user), user).toEqual({ value: null, suppressed: true, met: null });
    for (const user of ['xa.daitu', 'thamdinh.thainguyen', 'tinh.thainguyen'])
      expect((await measured(user)).value, user).toEqual(expect.any(Number));
  });
});
