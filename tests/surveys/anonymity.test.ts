// Anonymous surveys that stay anonymous (issue 14): what an officer can read (counts of codes used,
// never which; results that move only in steps of at least five answers, or when the survey is
// closed), what the database keeps (no time, no sequence, no order linking an answer to its code), the
// paper route's guard on wrong codes, and the migration of existing data.
import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeFromBytes } from '../../src/core/surveys/codes.ts';
import { DEFAULT_MIN_COUNT } from '../../src/core/register/suppression.ts';
import type { DatabaseHandle } from '../../src/server/db/database.ts';
import { migrate } from '../../src/server/db/migrate.ts';
import { surveyInputs } from '../../src/server/features/surveys/store.ts';
import { login, startTestApp, type TestApp } from '../support/server.ts';
import { migrateUntil, openTestDatabase } from '../support/db.ts';

let t: TestApp;
const cookies: Record<string, string> = {};
const communes: Record<string, number> = {};
let periodId: number;

const USERS = [
  'xa.vanphu',
  'xa.tancuong',
  'xa.daitu',
  'chutich.daitu',
  'ctv.daitu',
  'phuong.phandinhphung',
  'xa.quanchu',
  'xa.labang',
  'xa.ankhanh',
  'tinh.thainguyen',
];
/** Results move in steps of the suppression threshold: the smallest count they show. */
const RELEASE_STEP = DEFAULT_MIN_COUNT;
const happy = { SAFE: 3, PLAY: 3, HEALTH: 3, HEARD: 2, OVERALL: 3 };
const QUESTIONS = ['SAFE', 'PLAY', 'HEALTH', 'HEARD', 'OVERALL'] as const;
/** A children's answer that spells n (0..242) in base 3, so that each answer says when it arrived. */
const numbered = (n: number) => Object.fromEntries(QUESTIONS.map((q, i) => [q, (Math.floor(n / 3 ** i) % 3) + 1]));
const numberOf = (answers: Record<string, number>) =>
  QUESTIONS.reduce((sum, q, i) => sum + (answers[q]! - 1) * 3 ** i, 0);

type Method = 'GET' | 'POST';
const call = (user: string | null, method: Method, url: string, payload?: object, remoteAddress = '127.0.0.1') =>
  t.app.inject({
    method,
    url,
    headers: { ...(user ? { cookie: cookies[user]! } : {}), 'accept-language': 'vi' },
    payload,
    remoteAddress,
  });
const surveys = (user: string) => `/api/communes/${communes[user]}/surveys`;

async function openSurvey(user: string, audience: 'children' | 'residents', sampleSize: number) {
  const res = await call(user, 'POST', surveys(user), { periodId, audience, sampleSize });
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id as number;
  const codes = ((await call(user, 'GET', `${surveys(user)}/${id}/codes`)).json() as { code: string }[]).map(
    (c) => c.code,
  );
  expect(codes).toHaveLength(sampleSize);
  return { id, codes };
}

// Each respondent from an address of their own, as on the public page (the per-address rate limit is not under test here).
let respondents = 0;
const answer = (code: string, answers: object = happy) => {
  respondents++;
  return call(
    null,
    'POST',
    `/api/public/surveys/${code}/responses`,
    { answers },
    `10.1.${respondents >> 8}.${respondents & 255}`,
  );
};
const listed = async (user: string) =>
  (await call(user, 'GET', `${surveys(user)}?periodId=${periodId}`)).json() as {
    id: number;
    audience: string;
    used: number;
    responses: number;
    waiting: number;
    closedAt: string | null;
  }[];

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  periodId = (await db.selectFrom('period').select('id').where('year', '=', 2026).executeTakeFirstOrThrow()).id;
  for (const u of USERS) {
    cookies[u] = await login(t.app, u);
    const role = await db
      .selectFrom('user_role as r')
      .innerJoin('app_user as a', 'a.id', 'r.user_id')
      .select('r.unit_id')
      .where('a.username', '=', u)
      .executeTakeFirstOrThrow();
    communes[u] = role.unit_id!;
  }
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('what the officer sees of codes', () => {
  it('lists every code with no used mark, and the same list and slips before and after a code is used', async () => {
    const { id, codes } = await openSurvey('xa.tancuong', 'residents', 11);
    const url = `${surveys('xa.tancuong')}/${id}/codes`;
    const before = (await call('xa.tancuong', 'GET', url)).json();
    expect(before.every((c: object) => Object.keys(c).join() === 'code')).toBe(true);
    const pages = async () => {
      const pdf = await call('xa.tancuong', 'GET', `${url}.pdf`);
      expect(pdf.statusCode).toBe(200);
      return (pdf.rawPayload.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
    };
    // 11 slips: two pages. Slips of the unused codes only would drop to one page once a code is used.
    expect(await pages()).toBe(2);
    expect((await answer(codes[6]!, { SAFETY: 4, SERVICES: 4, PLACES: 4, VOICE: 4, OVERALL: 4 })).statusCode).toBe(201);
    expect((await call('xa.tancuong', 'GET', url)).json()).toEqual(before);
    expect(await pages()).toBe(2);
    // Counts only: one code used, one answer waiting, none in the results yet.
    expect((await listed('xa.tancuong')).find((s) => s.id === id)).toMatchObject({ used: 1, waiting: 1, responses: 0 });
  });
});

describe('results read by an attacker, request by request', () => {
  /** Everything an officer or the province can read that counts answers: the results, the workbook, the C13 inputs. */
  async function snapshot() {
    const base = surveys('xa.vanphu');
    const results = await call('tinh.thainguyen', 'GET', `${base}/results?periodId=${periodId}`);
    expect(results.statusCode).toBe(200);
    const xlsx = await call('xa.vanphu', 'GET', `${base}/results.xlsx?periodId=${periodId}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheets = wb.worksheets.map((ws) => {
      const rows: unknown[] = [];
      ws.eachRow((row) => rows.push(row.values));
      return rows;
    });
    const derived = (
      await call('xa.vanphu', 'GET', `/api/communes/${communes['xa.vanphu']}/register/derived?periodId=${periodId}`)
    ).json() as { inputs: { code: string; origin: string; computed: unknown }[] };
    const c13 = derived.inputs.filter((i) => i.origin === 'survey').map((i) => [i.code, i.computed]);
    const inputs =
      (await surveyInputs(t.database.db, [communes['xa.vanphu']!], periodId)).get(communes['xa.vanphu']!) ?? null;
    return { results: results.body, sheets, c13, inputs };
  }

  it('reads the same results before and after each answer until five arrived, then moves by five', async () => {
    const { id, codes } = await openSurvey('xa.vanphu', 'children', 20);
    const empty = await snapshot();
    // One respondent at a time, each with an answer no one else gave: no read in between tells it.
    for (let i = 0; i < RELEASE_STEP - 1; i++) {
      expect((await answer(codes[i]!, numbered(100 + i))).statusCode).toBe(201);
      expect(await snapshot()).toEqual(empty);
      expect((await listed('xa.vanphu')).find((s) => s.id === id)).toMatchObject({
        used: i + 1,
        waiting: i + 1,
        responses: 0,
      });
    }
    expect((await answer(codes[RELEASE_STEP - 1]!, numbered(100 + RELEASE_STEP - 1))).statusCode).toBe(201);
    const five = await snapshot();
    expect(five).not.toEqual(empty);
    expect(JSON.parse(five.results).inputs['C13.respondents']).toBe(RELEASE_STEP);
    expect(five.c13).toEqual([
      ['C13.respondents', RELEASE_STEP],
      ['C13.satisfied', expect.any(Number)],
    ]);
    expect((await listed('xa.vanphu')).find((s) => s.id === id)).toMatchObject({ used: 5, waiting: 0, responses: 5 });
    // The sixth answer, and a paper form, move nothing either.
    expect((await answer(codes[5]!, numbered(200))).statusCode).toBe(201);
    expect(await snapshot()).toEqual(five);
    expect(
      (await call('xa.vanphu', 'POST', `${surveys('xa.vanphu')}/${id}/paper`, { answers: numbered(201) })).statusCode,
    ).toBe(201);
    expect(await snapshot()).toEqual(five);
    expect((await listed('xa.vanphu')).find((s) => s.id === id)).toMatchObject({ used: 6, waiting: 2, responses: 5 });
  });

  it('closes the survey: what is held is released, no more answers, for the officer or the chairman only', async () => {
    const [survey] = (await listed('xa.vanphu')).filter((s) => s.audience === 'children');
    const base = `${surveys('xa.vanphu')}/${survey!.id}`;
    expect((await call('tinh.thainguyen', 'POST', `${base}/close`)).statusCode).toBe(403);
    const closed = await call('xa.vanphu', 'POST', `${base}/close`);
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toEqual({ released: 2 });
    expect((await listed('xa.vanphu')).find((s) => s.id === survey!.id)).toMatchObject({
      used: 6,
      waiting: 0,
      responses: 7,
      closedAt: expect.stringMatching(/^\d{4}-/),
    });
    expect(JSON.parse((await snapshot()).results).inputs['C13.respondents']).toBe(7);

    const unused = ((await call('xa.vanphu', 'GET', `${base}/codes`)).json() as { code: string }[]).map((c) => c.code);
    const spent = await t.database.db
      .selectFrom('survey_code')
      .select('code')
      .where('survey_id', '=', survey!.id)
      .where('used', '=', false)
      .executeTakeFirstOrThrow();
    expect(unused).toContain(spent.code);
    for (const res of [
      await call(null, 'GET', `/api/public/surveys/${spent.code}`),
      await answer(spent.code),
      await call('xa.vanphu', 'POST', `${base}/paper`, { answers: happy }),
      await call('xa.vanphu', 'POST', `${base}/close`),
    ]) {
      expect(res.statusCode).toBe(409);
      expect(res.json().error).toMatchObject({
        code: 'survey_closed',
        message: 'Khảo sát này đã kết thúc; không nhận thêm câu trả lời.',
      });
    }
    expect((await call('xa.vanphu', 'GET', `${base}/codes.pdf`)).statusCode).toBe(409);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'after'])
      .where('entity', '=', 'survey')
      .where('entity_id', '=', String(survey!.id))
      .where('action', '=', 'close')
      .execute();
    expect(audit).toEqual([{ action: 'close', after: { released: 2 } }]);

    // The chairman closes too; a collaborator of the same commune may not.
    const daitu = await openSurvey('xa.daitu', 'residents', 3);
    expect((await call('ctv.daitu', 'POST', `${surveys('xa.daitu')}/${daitu.id}/close`)).statusCode).toBe(403);
    const byChairman = await call('chutich.daitu', 'POST', `${surveys('xa.daitu')}/${daitu.id}/close`);
    expect(byChairman.statusCode, byChairman.body).toBe(200);
    expect(byChairman.json()).toEqual({ released: 0 });
  });
});

describe('what the database keeps', () => {
  it('has no time, no sequence and no used_at on answers and codes', async () => {
    const columns = await sql<{
      table_name: string;
      column_name: string;
      data_type: string;
      column_default: string | null;
    }>`
      SELECT table_name, column_name, data_type, column_default FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name IN ('survey_response', 'survey_response_held', 'survey_code') ORDER BY table_name, ordinal_position`.execute(
      t.database.db,
    );
    expect(
      columns.rows.filter((c) => /time|date|interval/.test(c.data_type)).map((c) => `${c.table_name}.${c.column_name}`),
    ).toEqual([]);
    expect(
      columns.rows.filter((c) => /nextval/.test(c.column_default ?? '')).map((c) => `${c.table_name}.${c.column_name}`),
    ).toEqual([]);
    expect(new Set(columns.rows.map((c) => c.table_name))).toEqual(
      new Set(['survey_response', 'survey_response_held', 'survey_code']),
    );
    expect(columns.rows.filter((c) => c.column_name === 'id').map((c) => [c.table_name, c.data_type])).toEqual([
      ['survey_response', 'uuid'],
      ['survey_response_held', 'uuid'],
    ]);
    expect(columns.rows.filter((c) => c.table_name === 'survey_code').map((c) => c.column_name)).toEqual([
      'code',
      'survey_id',
      'province_id',
      'used',
    ]);
  });

  it('writes answers in transactions other than the ones that spent their codes, five or more at a time, in an order that is not their arrival', async () => {
    const batches = 8;
    const { id, codes } = await openSurvey('xa.tancuong', 'children', batches * RELEASE_STEP);
    const db = t.database.db;
    const spendingTransactions = new Set<string>();
    for (let i = 0; i < codes.length; i++) {
      expect((await answer(codes[i]!, numbered(i))).statusCode).toBe(201);
      // Until its release the held answer shares the spending transaction with its code: remember it.
      if ((i + 1) % RELEASE_STEP)
        spendingTransactions.add(
          (await sql<{ x: string }>`SELECT xmin::text AS x FROM survey_code WHERE code = ${codes[i]!}`.execute(db))
            .rows[0]!.x,
        );
    }
    expect(spendingTransactions.size).toBe(batches * (RELEASE_STEP - 1));

    const rows = (
      await sql<{ x: string; id: string; answers: Record<string, number> }>`
      SELECT xmin::text AS x, id::text AS id, answers FROM survey_response WHERE survey_id = ${id} ORDER BY ctid`.execute(
        db,
      )
    ).rows;
    expect(rows).toHaveLength(codes.length);
    expect(rows.map((r) => numberOf(r.answers)).sort((a, b) => a - b)).toEqual(codes.map((_, i) => i));
    // No response was written by a transaction that spent a code.
    expect(rows.filter((r) => spendingTransactions.has(r.x))).toEqual([]);
    // Each release is one transaction holding one batch of five.
    const byRelease = new Map<string, typeof rows>();
    for (const r of rows) byRelease.set(r.x, [...(byRelease.get(r.x) ?? []), r]);
    expect([...byRelease.values()].map((b) => b.length)).toEqual(Array(batches).fill(RELEASE_STEP));
    // Within a batch, neither the order on disk nor the order of the ids is the arrival order. A random
    // order of five is the arrival order once in 120: more than two of eight would be a signal, not chance.
    const arrivalOrdered = (batch: typeof rows) =>
      batch.every((r, i) => i === 0 || numberOf(r.answers) > numberOf(batch[i - 1]!.answers));
    const onDisk = [...byRelease.values()].filter(arrivalOrdered).length;
    const byId = [...byRelease.values()].filter((b) =>
      arrivalOrdered([...b].sort((a, c) => (a.id < c.id ? -1 : 1))),
    ).length;
    expect(onDisk).toBeLessThanOrEqual(2);
    expect(byId).toBeLessThanOrEqual(2);
    expect((await listed('xa.tancuong')).find((s) => s.id === id)).toMatchObject({
      used: codes.length,
      waiting: 0,
      responses: codes.length,
    });
    // The spent codes were written again by the last release: their row versions no longer order the spending.
    const codeTransactions = await sql<{
      x: string;
    }>`SELECT DISTINCT xmin::text AS x FROM survey_code WHERE survey_id = ${id} AND used`.execute(db);
    expect(codeTransactions.rows).toHaveLength(1);
  }, 120_000);
});

describe('paper forms with a code', () => {
  it('answer an unknown code, a code of another survey and a code of another commune alike, and spend none of them', async () => {
    const children = await openSurvey('phuong.phandinhphung', 'children', 2);
    const otherSurvey = await openSurvey('phuong.phandinhphung', 'residents', 2);
    const elsewhere = await openSurvey('xa.quanchu', 'children', 2);
    const unusedOther = otherSurvey.codes[0]!;
    const tried = [codeFromBytes(randomBytes(5)), unusedOther, elsewhere.codes[0]!];
    const answers = [];
    for (const code of tried) {
      const res = await call(
        'phuong.phandinhphung',
        'POST',
        `${surveys('phuong.phandinhphung')}/${children.id}/paper`,
        { answers: happy, code },
        '198.51.100.1',
      );
      answers.push({
        status: res.statusCode,
        error: { ...res.json().error, message: res.json().error.message.replace(code, '…') },
      });
    }
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    expect(answers[0]).toEqual({
      status: 404,
      error: {
        code: 'code_not_in_survey',
        message: 'Mã “…” không có trong khảo sát này. Hãy kiểm tra lại từng ký tự in trên phiếu.',
        issues: [],
      },
    });
    // The other surveys' codes still work where they belong.
    expect((await call(null, 'GET', `/api/public/surveys/${unusedOther}`)).statusCode).toBe(200);
    expect((await call(null, 'GET', `/api/public/surveys/${elsewhere.codes[0]}`)).statusCode).toBe(200);
  });

  it('are refused after 10 wrong codes, per account and per address, like the public page', async () => {
    const guesser = await openSurvey('xa.labang', 'children', 2);
    const neighbour = await openSurvey('xa.ankhanh', 'children', 2);
    const paper = (user: string, survey: number, code: string, address: string) =>
      call(user, 'POST', `${surveys(user)}/${survey}/paper`, { answers: happy, code }, address);
    for (let i = 0; i < 10; i++)
      expect((await paper('xa.labang', guesser.id, codeFromBytes(randomBytes(5)), '198.51.100.20')).statusCode).toBe(
        404,
      );
    const refused = await paper('xa.labang', guesser.id, guesser.codes[0]!, '198.51.100.20');
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('code_flood');
    // The same account from another address; another account, with its own good code, from the same address.
    expect((await paper('xa.labang', guesser.id, guesser.codes[0]!, '198.51.100.21')).statusCode).toBe(429);
    expect((await paper('xa.ankhanh', neighbour.id, neighbour.codes[0]!, '198.51.100.20')).statusCode).toBe(429);
    // The public page from that address too: one count per sender, whichever route.
    expect(
      (await call(null, 'GET', `/api/public/surveys/${neighbour.codes[0]}`, undefined, '198.51.100.20')).statusCode,
    ).toBe(429);
    // Another account from another address still types forms with good codes.
    expect((await paper('xa.ankhanh', neighbour.id, neighbour.codes[0]!, '198.51.100.22')).statusCode).toBe(201);
  });
});

describe('ids', () => {
  it('answer 400 naming the field for an id beyond a PostgreSQL integer', async () => {
    const big = 2 ** 31;
    const cases: [Method, string, object | undefined, string][] = [
      ['GET', `/api/communes/${big}/surveys?periodId=1`, undefined, 'unitId'],
      ['GET', `${surveys('xa.vanphu')}?periodId=${big}`, undefined, 'periodId'],
      ['GET', `${surveys('xa.vanphu')}/${big}/codes`, undefined, 'surveyId'],
      ['POST', `${surveys('xa.vanphu')}/${big}/close`, undefined, 'surveyId'],
      ['POST', surveys('xa.vanphu'), { periodId: big, audience: 'residents', sampleSize: 5 }, 'periodId'],
    ];
    for (const [method, url, payload, field] of cases) {
      const res = await call('xa.vanphu', method, url, payload);
      expect(res.statusCode, `${method} ${url}`).toBe(400);
      expect(res.json().error.issues[0]).toMatchObject({ field });
      expect(res.json().error.issues[0].message).toContain(String(big));
    }
  });
});

describe('data written before 0023', () => {
  let h: DatabaseHandle;
  beforeAll(async () => {
    h = await openTestDatabase({ migrated: false });
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  it('keeps every response and whether each code was used, with new random ids, and drops used_at', async () => {
    const db = h.db;
    await migrateUntil(h, '0023');
    const id = async (q: ReturnType<typeof sql<{ id: number }>>) => (await q.execute(db)).rows[0]!.id;
    const province = await id(
      sql`INSERT INTO unit (code, level, kind, name, source) VALUES ('99', 'province', 'tinh', 'Tỉnh Thử', 'test') RETURNING id`,
    );
    const commune = await id(
      sql`INSERT INTO unit (code, level, kind, name, parent_id, source) VALUES ('99001', 'commune', 'xa', 'Xã Thử', ${province}, 'test') RETURNING id`,
    );
    const period = await id(
      sql`INSERT INTO period (year, starts_on, ends_on) VALUES (2031, '2031-01-01', '2031-12-31') RETURNING id`,
    );
    const questionnaire = await id(
      sql`INSERT INTO questionnaire (code, version, audience, definition) VALUES ('tre-em', 1, 'children', '{}') RETURNING id`,
    );
    const survey = await id(
      sql`INSERT INTO survey (unit_id, province_id, period_id, audience, questionnaire_code, sample_size) VALUES (${commune}, ${province}, ${period}, 'children', 'tre-em', 3) RETURNING id`,
    );
    await sql`INSERT INTO survey_code (code, survey_id, province_id, used_at) VALUES ('AAAA-AAAA-A', ${survey}, ${province}, now() - interval '2 days'), ('BBBB-BBBB-B', ${survey}, ${province}, now()), ('CCCC-CCCC-C', ${survey}, ${province}, null)`.execute(
      db,
    );
    for (let i = 0; i < 6; i++)
      await sql`INSERT INTO survey_response (survey_id, province_id, questionnaire_id, answers, satisfied, channel, received_on) VALUES (${survey}, ${province}, ${questionnaire}, ${JSON.stringify({ N: i })}, ${i % 2 === 0}, 'online', current_date - ${i}::int)`.execute(
        db,
      );
    const oldIds = (await sql<{ id: string }>`SELECT id::text AS id FROM survey_response`.execute(db)).rows.map(
      (r) => r.id,
    );
    expect(oldIds).toEqual(['1', '2', '3', '4', '5', '6']);

    expect(await migrate(h)).toContain('0023_survey_anonymity');
    const responses = (
      await sql<{
        id: string;
        answers: { N: number };
        satisfied: boolean;
      }>`SELECT id::text AS id, answers, satisfied FROM survey_response`.execute(db)
    ).rows;
    expect(responses.map((r) => [r.answers.N, r.satisfied]).sort()).toEqual([
      [0, true],
      [1, false],
      [2, true],
      [3, false],
      [4, true],
      [5, false],
    ]);
    expect(
      responses.every((r) => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(r.id)),
    ).toBe(true);
    const codes = (
      await sql<{ code: string; used: boolean }>`SELECT code, used FROM survey_code ORDER BY code`.execute(db)
    ).rows;
    expect(codes).toEqual([
      { code: 'AAAA-AAAA-A', used: true },
      { code: 'BBBB-BBBB-B', used: true },
      { code: 'CCCC-CCCC-C', used: false },
    ]);
    const left = await sql<{ column_name: string }>`
      SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name IN ('used_at', 'received_on') AND table_name LIKE 'survey%'`.execute(
      db,
    );
    expect(left.rows).toEqual([]);
  });
});
