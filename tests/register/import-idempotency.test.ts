// Idempotency keys on the import commits (src/server/http/idempotency.ts): the same Idempotency-Key sent
// again (a retry after a dropped connection) gets the first answer and imports nothing twice; the same key
// with a different request is refused with 409; keys older than a day are forgotten.
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkChild, type ChildFields } from '../../src/core/register/records.ts';
import { writeRegisterWorkbook } from '../../src/server/features/register/import/write.ts';
import { requestHash } from '../../src/server/http/idempotency.ts';
import { form } from '../support/multipart.ts';
import { login, startTestApp, type TestApp } from '../support/server.ts';
import { communeId } from '../support/db.ts';

let t: TestApp;
let cookie: string;
let commune: number;
let periodId: number;

const kid = (n: number): ChildFields => {
  const r = checkChild(
    {
      code: `ID-${n}`,
      villageName: 'Thôn Trại',
      householdCode: `HI-${n}`,
      householdHead: `Chủ hộ ${n}`,
      fullName: `Trẻ em ${n}`,
      birthDate: '2015-05-15',
      sex: n % 2 ? 'male' : 'female',
    },
    '2026-11-23',
  );
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
};

async function finish(jobId: string) {
  for (let i = 0; i < 400; i++) {
    const job = (await t.app.inject({ method: 'GET', url: `/api/register/jobs/${jobId}`, headers: { cookie } })).json();
    if (job.status !== 'running') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('job did not finish');
}

async function previewOf(children: ChildFields[]): Promise<number> {
  const body = await form(
    {},
    {
      name: 'so.xlsx',
      data: await writeRegisterWorkbook({ children, circumstances: [], supports: [], healthRecords: [] }, 'vi'),
    },
  );
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/communes/${commune}/register/imports`,
    headers: { ...body.headers, cookie },
    payload: body.payload,
  });
  expect(res.statusCode, res.body).toBe(202);
  const job = await finish(res.json().jobId);
  expect(job.result.issues).toEqual([]);
  return job.result.importId;
}

const commit = (importId: number, key?: string) =>
  t.app.inject({
    method: 'POST',
    url: `/api/communes/${commune}/register/imports/${importId}/commit`,
    headers: { cookie, ...(key ? { 'idempotency-key': key } : {}) },
  });

const children = async () =>
  (await t.database.db.selectFrom('child').select('id').where('unit_id', '=', commune).execute()).length;
const imports = async () =>
  (
    await t.database.db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'import')
      .where('entity', '=', 'register')
      .execute()
  ).length;

beforeAll(async () => {
  t = await startTestApp();
  commune = await communeId(t.database.db, '05845');
  periodId = (await t.database.db.selectFrom('period').select('id').where('year', '=', 2026).executeTakeFirstOrThrow())
    .id;
  cookie = await login(t.app, 'xa.vanphu');
}, 120_000);
afterAll(() => t?.close());

describe('register import commit with an Idempotency-Key', () => {
  it('answers a retry with the first job and imports once', async () => {
    const importId = await previewOf([kid(1), kid(2), kid(3)]);
    const before = { children: await children(), imports: await imports() };
    const first = await commit(importId, 'commit-key-1');
    expect(first.statusCode).toBe(202);
    const retry = await commit(importId, 'commit-key-1');
    expect(retry.statusCode).toBe(202);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json()).toEqual(first.json());
    const done = await finish(first.json().jobId);
    expect(done.status, JSON.stringify(done.error)).toBe('done');
    // A retry after the commit finished still gets the same job, not "already committed".
    const late = await commit(importId, 'commit-key-1');
    expect(late.json().jobId).toBe(first.json().jobId);
    expect({ children: await children(), imports: await imports() }).toEqual({
      children: before.children + 3,
      imports: before.imports + 1,
    });
    // Without a key the second commit is a new request, refused as before.
    const bare = await commit(importId);
    expect((await finish(bare.json().jobId)).error.status).toBe(409);
  });

  it('refuses the same key with another import, naming the key', async () => {
    const importId = await previewOf([kid(4)]);
    const res = await commit(importId, 'commit-key-1');
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('mismatch');
    expect(res.json().error.message).toContain('“commit-key-1” đã được dùng cho một yêu cầu khác');
    // The same key is another user's own: keys are scoped by route and user.
    const chairman = await login(t.app, 'chutich.daitu');
    const theirs = await t.app.inject({
      method: 'POST',
      url: `/api/communes/${commune}/register/imports/${importId}/commit`,
      headers: { cookie: chairman, 'idempotency-key': 'commit-key-1' },
    });
    expect(theirs.statusCode).toBe(403);
    const mine = await commit(importId, 'commit-key-2');
    expect((await finish(mine.json().jobId)).status).toBe('done');
  });

  it('says a first request is still running, forgets keys after a day, and refuses a malformed key', async () => {
    const db = t.database.db;
    const importId = await previewOf([kid(5)]);
    const user = (
      await db.selectFrom('app_user').select('id').where('username', '=', 'xa.vanphu').executeTakeFirstOrThrow()
    ).id;
    const scope = `POST /api/communes/:unitId/register/imports/:importId/commit#${user}`;
    const hash = requestHash({ unitId: commune, importId });
    await sql`INSERT INTO idempotency_key (scope, key, request_hash, status, response) VALUES (${scope}, 'running-key', ${hash}, NULL, NULL)`.execute(
      db,
    );
    const running = await commit(importId, 'running-key');
    expect(running.statusCode).toBe(409);
    expect(running.json().error.code).toBe('in_progress');
    await sql`INSERT INTO idempotency_key (scope, key, request_hash, status, response, created_at) VALUES (${scope}, 'old-key', ${hash}, 202, '{"jobId":"gone"}', now() - interval '25 hours')`.execute(
      db,
    );
    const old = await commit(importId, 'old-key');
    expect(old.statusCode).toBe(202);
    expect(old.json().jobId).not.toBe('gone');
    expect((await finish(old.json().jobId)).status).toBe('done');
    const bad = await commit(importId, 'has space');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('Idempotency-Key');
  });
});

describe('criteria-inputs workbook commit with an Idempotency-Key', () => {
  const base = `/api/units/{unit}/assessments/{period}/inputs.xlsx`;
  const url = (kind: string) => base.replace('{unit}', String(commune)).replace('{period}', String(periodId)) + kind;

  async function filled(entries: Record<string, unknown>): Promise<Buffer> {
    const template = await t.app.inject({ method: 'GET', url: url(''), headers: { cookie } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(template.rawPayload as unknown as ArrayBuffer);
    wb.getWorksheet('Chỉ tiêu')!.eachRow((row, n) => {
      const code = String(row.getCell(2).value ?? '');
      if (n > 1 && code in entries) row.getCell(6).value = entries[code] as ExcelJS.CellValue;
    });
    return Buffer.from(await wb.xlsx.writeBuffer());
  }
  async function send(kind: string, data: Buffer, key?: string) {
    const body = await form({}, { name: 'vanphu.xlsx', data });
    return t.app.inject({
      method: 'POST',
      url: url(kind),
      headers: { ...body.headers, cookie, ...(key ? { 'idempotency-key': key } : {}) },
      payload: body.payload,
    });
  }
  const history = async () =>
    (
      await t.database.db
        .selectFrom('assessment_value_history')
        .select('code')
        .where('code', '=', 'C02.births')
        .execute()
    ).length;

  it('saves once however often the same commit is retried, and refuses the key with another file', async () => {
    const data = await filled({ 'C02.births': 77 });
    const token = (await send('/preview', data)).json().token;
    const first = await send(`/commit?token=${token}`, data, 'save-1');
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().saved).toBe(1);
    const writes = await history();
    const retry = await send(`/commit?token=${token}`, data, 'save-1');
    expect(retry.statusCode).toBe(200);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json()).toEqual(first.json());
    expect(await history()).toBe(writes);
    // Without the key, the same file again has nothing left to save.
    expect((await send(`/commit?token=${token}`, data)).json().error.code).toBe('no_changes');

    const other = await filled({ 'C02.births': 78 });
    const otherToken = (await send('/preview', other)).json().token;
    const clash = await send(`/commit?token=${otherToken}`, other, 'save-1');
    expect(clash.statusCode).toBe(409);
    expect(clash.json().error.code).toBe('mismatch');
    const stored = await t.database.db
      .selectFrom('assessment_value as v')
      .innerJoin('assessment as a', 'a.id', 'v.assessment_id')
      .select('v.value')
      .where('a.unit_id', '=', commune)
      .where('v.code', '=', 'C02.births')
      .executeTakeFirstOrThrow();
    expect(stored.value).toBe(77);
  });
});
