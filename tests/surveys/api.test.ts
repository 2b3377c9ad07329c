// Surveys through the API: codes spent once, answers outside the scale refused, paper entry, a new
// questionnaire version once answered (old responses keep theirs), and the C13 inputs once the answers
// are released (tests/surveys/anonymity.test.ts covers the release, closing and what stays unlinkable).
import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startTestApp, type TestApp } from '../support/server.ts';
import { codeFromBytes } from '../../src/core/surveys/codes.ts';
import { surveyInputs } from '../../src/server/features/surveys/store.ts';
import { communeId } from '../support/db.ts';

let t: TestApp;
const cookies: Record<string, string> = {};
let commune: number;
let periodId: number;
let surveyId: number;
let codes: { code: string }[];

const call = (user: string | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  t.app.inject({
    method,
    url,
    headers: { ...(user ? { cookie: cookies[user]! } : {}), 'accept-language': 'vi' },
    payload,
  });
const happy = { SAFE: 3, PLAY: 3, HEALTH: 3, HEARD: 2, OVERALL: 3 };

beforeAll(async () => {
  t = await startTestApp();
  commune = await communeId(t.database.db, '05845');
  periodId = (await t.database.db.selectFrom('period').select('id').where('year', '=', 2026).executeTakeFirstOrThrow())
    .id;
  for (const u of ['xa.vanphu', 'xa.tancuong', 'tinh.thainguyen', 'bo.yte']) cookies[u] = await login(t.app, u);
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('a children’s survey', () => {
  it('opens with its sample of one-time codes, for the commune only', async () => {
    const res = await call('xa.vanphu', 'POST', `/api/communes/${commune}/surveys`, {
      periodId,
      audience: 'children',
      sampleSize: 12,
    });
    expect(res.statusCode, res.body).toBe(201);
    surveyId = res.json().id;
    codes = (await call('xa.vanphu', 'GET', `/api/communes/${commune}/surveys/${surveyId}/codes`)).json();
    expect(codes).toHaveLength(12);
    expect(new Set(codes.map((c) => c.code)).size).toBe(12);
    expect(codes.every((c) => Object.keys(c).join() === 'code')).toBe(true);
    expect((await call('xa.tancuong', 'GET', `/api/communes/${commune}/surveys/${surveyId}/codes`)).statusCode).toBe(
      403,
    );
    expect(
      (
        await call('xa.vanphu', 'POST', `/api/communes/${commune}/surveys`, {
          periodId,
          audience: 'children',
          sampleSize: 5,
        })
      ).statusCode,
    ).toBe(409);
  });

  it('answers without an account, once per code; a guessed or mistyped code is told apart', async () => {
    const code = codes[0]!.code;
    const page = await call(null, 'GET', `/api/public/surveys/${code.toLowerCase().replace(/-/g, '')}`);
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json()).toMatchObject({ code, audience: 'children', questionnaire: { code: 'tre-em' } });
    expect(page.body).not.toMatch(/xa\.vanphu|email|phone/i);
    const first = await call(null, 'POST', `/api/public/surveys/${code}/responses`, {
      answers: happy,
      ageBand: '7-10',
    });
    expect(first.statusCode, first.body).toBe(201);
    const again = await call(null, 'POST', `/api/public/surveys/${code}/responses`, { answers: happy });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain(code);
    const typo = code.slice(0, -1) + (code.endsWith('0') ? '1' : '0');
    const mistyped = await call(null, 'GET', `/api/public/surveys/${typo}`);
    expect(mistyped.statusCode).toBe(400);
    // The right form with a check character that does not match: its own message, naming the code.
    expect(mistyped.json().error.code).toBe('bad_check');
    expect(mistyped.json().error.message).toBe(
      `Mã ${typo} có ký tự kiểm tra không khớp: có thể gõ nhầm một ký tự, hãy đối chiếu lại với phiếu.`,
    );
    const short = await call(null, 'GET', `/api/public/surveys/${code.slice(0, 6)}`);
    expect(short.statusCode).toBe(400);
    expect(short.json().error.code).toBe('bad_code');
  });

  it('refuses an answer outside the scale, naming the question and value, and keeps the code unspent', async () => {
    const code = codes[1]!.code;
    const res = await call(null, 'POST', `/api/public/surveys/${code}/responses`, { answers: { ...happy, SAFE: 7 } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0]).toMatchObject({ field: 'SAFE', value: 7 });
    expect(res.json().error.issues[0].message).toContain('SAFE');
    expect((await call(null, 'GET', `/api/public/surveys/${code}`)).statusCode).toBe(200);
  });

  it('lets two submissions race on one code and keeps exactly one', async () => {
    const code = codes[2]!.code;
    const results = await Promise.all(
      [1, 2, 3].map(() => call(null, 'POST', `/api/public/surveys/${code}/responses`, { answers: happy })),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
  });

  it('takes paper forms typed by the officer', async () => {
    const res = await call('xa.vanphu', 'POST', `/api/communes/${commune}/surveys/${surveyId}/paper`, {
      answers: { ...happy, OVERALL: 1 },
    });
    expect(res.statusCode, res.body).toBe(201);
  });

  it('makes a new version when answered wording changes; old responses keep the rule they were given', async () => {
    const [latest] = (await call('tinh.thainguyen', 'GET', '/api/questionnaires/tre-em')).json();
    const edited = {
      ...latest.definition,
      satisfaction: { questions: ['OVERALL', 'HEARD'], satisfied: { OVERALL: [3], HEARD: [3] }, atLeast: 1 },
    };
    // The questionnaires are national: the ministry edits them; a province official reads them only.
    expect((await call('tinh.thainguyen', 'PUT', '/api/questionnaires/tre-em', edited)).statusCode).toBe(403);
    const res = await call('bo.yte', 'PUT', '/api/questionnaires/tre-em', edited);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ version: 2, newVersion: true });
    const bad = await call('bo.yte', 'PUT', '/api/questionnaires/tre-em', {
      ...edited,
      satisfaction: { questions: ['NOPE'], satisfied: { NOPE: [1] }, atLeast: 1 },
    });
    expect(bad.statusCode).toBe(400);
    expect((await call('xa.vanphu', 'PUT', '/api/questionnaires/tre-em', edited)).statusCode).toBe(403);
    // A response under version 2: HEARD = 2 is no longer satisfied.
    expect(
      (await call(null, 'POST', `/api/public/surveys/${codes[3]!.code}/responses`, { answers: happy })).statusCode,
    ).toBe(201);
    // The editor's history: each version with its responses (v1: two online, one paper; v2: one).
    const history = (await call('tinh.thainguyen', 'GET', '/api/questionnaires/tre-em')).json();
    expect(
      history.map((v: { definition: { version: number }; responses: number }) => [v.definition.version, v.responses]),
    ).toEqual([
      [2, 1],
      [1, 3],
    ]);
  });

  it('gives results with small cells suppressed and the C13 inputs once five answers are released', async () => {
    // Four answers so far, all held: the results show none of them, the survey list counts them as waiting.
    const before = (
      await call('tinh.thainguyen', 'GET', `/api/communes/${commune}/surveys/results?periodId=${periodId}`)
    ).json();
    expect(before.inputs).toEqual({ 'C13.respondents': 0, 'C13.satisfied': 0 });
    expect(
      (await call('xa.vanphu', 'GET', `/api/communes/${commune}/surveys?periodId=${periodId}`)).json()[0],
    ).toMatchObject({ used: 3, responses: 0, waiting: 4 });
    // The fifth (paper, version 2, satisfied: OVERALL and HEARD both 3) releases all five.
    expect(
      (
        await call('xa.vanphu', 'POST', `/api/communes/${commune}/surveys/${surveyId}/paper`, {
          answers: { ...happy, HEARD: 3 },
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (await call('xa.vanphu', 'GET', `/api/communes/${commune}/surveys?periodId=${periodId}`)).json()[0],
    ).toMatchObject({ used: 3, responses: 5, waiting: 0 });
    const res = await call('tinh.thainguyen', 'GET', `/api/communes/${commune}/surveys/results?periodId=${periodId}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    // Online: code 0 (v1, satisfied), code 2 (v1, satisfied), code 3 (v2, not satisfied); paper: v1 not satisfied, v2 satisfied.
    expect(body.inputs).toEqual({ 'C13.respondents': 5, 'C13.satisfied': 3 });
    const children = body.results[0];
    expect(children).toMatchObject({ audience: 'children', issued: 12, respondents: 5, satisfied: 3 });
    const overall = children.questions.find((q: { code: string }) => q.code === 'OVERALL');
    expect(overall.distribution).toContainEqual({ value: 3, count: { value: null, suppressed: true } });
    expect((await surveyInputs(t.database.db, [commune], periodId)).get(commune)).toEqual({
      'C13.respondents': 5,
      'C13.satisfied': 3,
    });
    expect(
      (await call('xa.tancuong', 'GET', `/api/communes/${commune}/surveys/results?periodId=${periodId}`)).statusCode,
    ).toBe(403);
  });
});

describe('C13 in the assessment form', () => {
  it('shows the survey result beside the typed values and adopts it with its source', async () => {
    const derived = await call('xa.vanphu', 'GET', `/api/communes/${commune}/register/derived?periodId=${periodId}`);
    expect(derived.statusCode, derived.body).toBe(200);
    const c13 = derived.json().inputs.filter((i: { origin: string }) => i.origin === 'survey');
    expect(c13.map((i: { code: string; computed: number }) => [i.code, i.computed])).toEqual([
      ['C13.respondents', 5],
      ['C13.satisfied', 3],
    ]);
    const forum = derived.json().inputs.find((i: { code: string }) => i.code === 'C11.forum');
    expect(forum).toMatchObject({ origin: 'forum', computed: null });
    const adopted = await call('xa.vanphu', 'POST', `/api/communes/${commune}/register/derived/adopt`, {
      periodId,
      codes: ['C13.respondents', 'C13.satisfied'],
    });
    expect(adopted.statusCode, adopted.body).toBe(200);
    expect(adopted.json().values['C13.satisfied']).toMatchObject({ value: 3, origin: 'survey' });
    expect(adopted.json().values['C13.satisfied'].sourceNote).toContain('khảo sát');
    const refused = await call('xa.vanphu', 'POST', `/api/communes/${commune}/register/derived/adopt`, {
      periodId,
      codes: ['C11.forum'],
    });
    expect(refused.statusCode).toBe(409);
  });
});

describe('code slips', () => {
  it('prints every code, used or not, as a PDF for the officer only', async () => {
    const res = await call('xa.vanphu', 'GET', `/api/communes/${commune}/surveys/${surveyId}/codes.pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/pdf');
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    // All 12 codes, 3 of them used: two pages of 10 slips (slips of the unused ones only would tell which were used).
    expect((res.rawPayload.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length).toBe(2);
    expect(
      (await call('tinh.thainguyen', 'GET', `/api/communes/${commune}/surveys/${surveyId}/codes.pdf`)).statusCode,
    ).toBe(403);
  });
});

describe('results workbook', () => {
  /** Column B of the row whose column A is `label`. */
  const fact = (ws: ExcelJS.Worksheet, label: string) => {
    let found: unknown;
    ws.eachRow((row) => {
      if (row.getCell(1).value === label) found = row.getCell(2).value;
    });
    return found;
  };

  it('writes one sheet per audience with the header, the figures and the suppressed cells', async () => {
    const res = await call(
      'tinh.thainguyen',
      'GET',
      `/api/communes/${commune}/surveys/results.xlsx?periodId=${periodId}`,
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain(`ket-qua-khao-sat-${commune}-2026.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Trẻ em']);
    const ws = wb.getWorksheet('Trẻ em')!;
    expect(ws.getCell('A1').value).toBe('Kết quả khảo sát sự hài lòng — Dành cho trẻ em');
    expect(fact(ws, 'Xã, phường')).toBe('Xã Vạn Phú');
    expect(fact(ws, 'Kỳ đánh giá')).toBe('Năm 2026');
    // The period's days are date cells, not text.
    expect(fact(ws, 'Kỳ đánh giá từ ngày')).toEqual(new Date(Date.UTC(2026, 0, 1)));
    expect(fact(ws, 'Kỳ đánh giá đến ngày')).toEqual(new Date(Date.UTC(2026, 11, 31)));
    expect(fact(ws, 'Phiếu khảo sát')).toBe('tre-em, phiên bản 2: Phiếu hỏi ý kiến trẻ em');
    expect(fact(ws, 'Các phiên bản đã được trả lời')).toBe('1, 2');
    expect(fact(ws, 'Cỡ mẫu')).toBe(12);
    expect(fact(ws, 'Số mã đã phát')).toBe(12);
    expect(fact(ws, 'Số người trả lời')).toBe(5);
    expect(fact(ws, 'Tỷ lệ phản hồi (%)')).toBe(41.7);
    expect(fact(ws, 'Số người hài lòng')).toBe(3);
    expect(fact(ws, 'Tỷ lệ hài lòng (%)')).toBe(60);

    // The distribution: question, value, label, count. OVERALL had 1 × "Không vui" and 4 × "Vui".
    const rows: unknown[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const start = rows.findIndex((r) => r[0] === 'Mã câu hỏi');
    expect(rows[start]).toEqual(['Mã câu hỏi', 'Câu hỏi', 'Giá trị', 'Câu trả lời', 'Số người']);
    const overall = rows.filter((r) => r[0] === 'OVERALL');
    expect(overall.map((r) => [r[2] ?? null, r[3], r[4]])).toEqual([
      [1, 'Không vui', 'ẩn'],
      [2, 'Bình thường', 0],
      [3, 'Vui', 'ẩn'],
      [null, 'Tổng số trả lời', 5],
    ]);
    expect(overall[0]![1]).toBe('Nói chung, em có vui khi sống ở xã mình không?');
    // No count from 1 to 4 anywhere in the distribution: every small cell is hidden.
    const counts = rows
      .slice(start + 1)
      .filter((r) => typeof r[0] === 'string' && /^[A-Z][A-Z0-9_]*$/.test(r[0]))
      .map((r) => r[4]);
    expect(counts.length).toBe(5 * 4);
    expect(counts.filter((c) => typeof c === 'number' && c > 0 && c < 5)).toEqual([]);
    expect(counts).toContain('ẩn');
  });

  it('is for those who may read the results, in their language', async () => {
    expect(
      (await call('xa.tancuong', 'GET', `/api/communes/${commune}/surveys/results.xlsx?periodId=${periodId}`))
        .statusCode,
    ).toBe(403);
    const en = await t.app.inject({
      method: 'GET',
      url: `/api/communes/${commune}/surveys/results.xlsx?periodId=${periodId}`,
      headers: { cookie: `${cookies['xa.vanphu']!}; lang=en` },
    });
    expect(en.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(en.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Children']);
    expect(wb.worksheets[0]!.getCell('A1').value).toBe('Satisfaction survey results — For children');
  });
});

describe('wrong codes from one address', () => {
  const guessed = () => codeFromBytes(randomBytes(5));
  const from = (address: string, method: 'GET' | 'POST', code: string, lang = 'vi') =>
    t.app.inject({
      method,
      url: `/api/public/surveys/${code}${method === 'POST' ? '/responses' : ''}`,
      headers: { 'accept-language': lang },
      remoteAddress: address,
      ...(method === 'POST' ? { payload: { answers: happy } } : {}),
    });

  it('refuses an address after 10 unknown codes, even with a good code; another address still answers', async () => {
    const guesser = '203.0.113.9';
    for (let i = 0; i < 10; i++) expect((await from(guesser, 'GET', guessed())).statusCode).toBe(404);
    const good = codes[4]!.code;
    const refused = await from(guesser, 'GET', good);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('code_flood');
    expect(refused.json().error.message).toMatch(/nhập sai mã 10 lần trong 10 phút.*thử lại sau khoảng \d+ phút/);
    const posted = await from(guesser, 'POST', good, 'en');
    expect(posted.statusCode).toBe(429);
    expect(posted.json().error.message).toMatch(/10 wrong codes within 10 minutes/);

    // Another address: the same good code works, once; its reuse gets its own message.
    const other = '203.0.113.10';
    expect((await from(other, 'GET', good)).statusCode).toBe(200);
    expect((await from(other, 'POST', good)).statusCode).toBe(201);
    const reused = await from(other, 'POST', good);
    expect(reused.statusCode).toBe(409);
    expect(reused.json().error.code).toBe('code_used');
    // A spent code is not a guess: the ten misses are all there is, kept as a keyed hash and a time only.
    const failures = (await t.database.db
      .selectFrom('survey_code_failure' as never)
      .selectAll()
      .execute()) as { source_hash: string; failed_at: Date }[];
    expect(failures).toHaveLength(10);
    expect(Object.keys(failures[0]!).sort()).toEqual(['failed_at', 'source_hash']);
    expect(new Set(failures.map((f) => f.source_hash)).size).toBe(1);
    expect(failures[0]!.source_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(failures)).not.toContain('203.0.113');
  });

  it('does not stop the officer typing paper forms', async () => {
    const res = await call('xa.vanphu', 'POST', `/api/communes/${commune}/surveys/${surveyId}/paper`, {
      answers: happy,
    });
    expect(res.statusCode, res.body).toBe(201);
  });
});
