// Importing the paper register through the API: preview with row errors, all-or-nothing commit,
// a second import of the same file adding nothing, and the export read back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { writeRegisterWorkbook } from '../../src/server/features/register/import/write.ts';
import { checkChild, type ChildFields } from '../../src/core/register/records.ts';
import { form } from '../support/multipart.ts';
import { login, startTestApp, type TestApp } from '../support/server.ts';
import { communeId } from '../support/db.ts';

let t: TestApp;
let cookie: string;
let commune: number;

const kid = (n: number, extra: Partial<ChildFields> = {}): ChildFields => {
  const r = checkChild(
    {
      code: `TE-${n}`,
      villageName: Math.ceil(n / 2) % 2 ? 'Thôn Trại' : 'Thôn Giữa',
      householdCode: `H-${Math.ceil(n / 2)}`,
      householdHead: `Chủ hộ ${Math.ceil(n / 2)}`,
      fullName: `Trẻ em số ${n}`,
      birthDate: `201${n % 10}-0${(n % 9) + 1}-15`,
      sex: n % 2 ? 'male' : 'female',
      ...extra,
    },
    '2026-11-23',
  );
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
};

async function upload(data: Buffer, name: string) {
  const body = await form({}, { name, data });
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/communes/${commune}/register/imports`,
    headers: { ...body.headers, cookie },
    payload: body.payload,
  });
  expect(res.statusCode, res.body).toBe(202);
  return finish(res.json().jobId);
}

async function finish(jobId: string) {
  for (let i = 0; i < 400; i++) {
    const job = (await t.app.inject({ method: 'GET', url: `/api/register/jobs/${jobId}`, headers: { cookie } })).json();
    if (job.status !== 'running') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('job did not finish');
}

const counts = async () => ({
  children: (await t.database.db.selectFrom('child').select('id').where('unit_id', '=', commune).execute()).length,
  circumstances: (
    await t.database.db.selectFrom('child_circumstance').select('id').where('unit_id', '=', commune).execute()
  ).length,
});

beforeAll(async () => {
  t = await startTestApp();
  commune = await communeId(t.database.db, '05845');
  cookie = await login(t.app, 'xa.vanphu');
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('register import', () => {
  it('previews a file with bad rows, names each row, and stores nothing', async () => {
    const children = [kid(1), kid(2), { ...kid(3), birthDate: '2030-01-01' }, { ...kid(4), code: 'TE-1' }];
    const data = await writeRegisterWorkbook(
      {
        children,
        circumstances: [{ childCode: 'TE-9', group: 'd', startedOn: '2020-01-01', endedOn: null, note: '' }],
        supports: [],
        healthRecords: [],
      },
      'vi',
    );
    const job = await upload(data, 'so-loi.xlsx');
    expect(job.status).toBe('done');
    const preview = job.result;
    expect(preview.importId).toBeNull();
    const codes = preview.issues.map((i: { row: number; code: string }) => `${i.row}:${i.code}`);
    expect(codes).toEqual(expect.arrayContaining(['4:in_future', '5:duplicate_code', '2:unknown_child']));
    expect(preview.issues.find((i: { code: string }) => i.code === 'in_future').message).toContain('2030');
    expect(await counts()).toEqual({ children: 0, circumstances: 0 });
  });

  it('commits a clean file in one go, and a second import of it adds nothing', async () => {
    const children = Array.from({ length: 30 }, (_, i) => kid(i + 1));
    const circumstances = [
      { childCode: 'TE-1', group: 'd', startedOn: '2020-01-01', endedOn: null, note: '' },
      { childCode: 'TE-2', group: 'a', startedOn: '2022-03-01', endedOn: null, note: '' },
    ];
    const data = await writeRegisterWorkbook(
      {
        children,
        circumstances,
        supports: [
          { childCode: 'TE-1', kind: 'Học bổng', givenOn: '2026-09-05', provider: 'Hội Khuyến học', note: '' },
        ],
        healthRecords: [],
      },
      'vi',
    );
    const preview = (await upload(data, 'so.xlsx')).result;
    expect(preview.issues).toEqual([]);
    expect(preview.summary).toMatchObject({
      children: { new: 30, updated: 0 },
      circumstances: 2,
      supports: 1,
      newVillages: ['Thôn Giữa', 'Thôn Trại'],
    });
    expect(await counts()).toEqual({ children: 0, circumstances: 0 });
    const commit = await t.app.inject({
      method: 'POST',
      url: `/api/communes/${commune}/register/imports/${preview.importId}/commit`,
      headers: { cookie },
    });
    expect(commit.statusCode).toBe(202);
    const done = await finish(commit.json().jobId);
    expect(done.status, JSON.stringify(done.error)).toBe('done');
    expect(await counts()).toEqual({ children: 30, circumstances: 2 });
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/communes/${commune}/register/imports/${preview.importId}/commit`,
      headers: { cookie },
    });
    expect((await finish(again.json().jobId)).error.status).toBe(409);
    const second = (await upload(data, 'so.xlsx')).result;
    expect(second.summary.children).toEqual({ new: 0, updated: 30 });
    await finish(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/communes/${commune}/register/imports/${second.importId}/commit`,
          headers: { cookie },
        })
      ).json().jobId,
    );
    expect(await counts()).toEqual({ children: 30, circumstances: 2 });
  });

  it('refuses a child placed in another household than the register has', async () => {
    const data = await writeRegisterWorkbook(
      { children: [{ ...kid(5), householdCode: 'H-99' }], circumstances: [], supports: [], healthRecords: [] },
      'vi',
    );
    const preview = (await upload(data, 'doi-ho.xlsx')).result;
    expect(preview.issues.map((i: { code: string }) => i.code)).toContain('two_households');
    expect(preview.importId).toBeNull();
  });

  it('exports the register for the officer, logging every child, and the export reads back', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/communes/${commune}/register/export.xlsx`,
      headers: { cookie },
    });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.actualRowCount).toBeGreaterThanOrEqual(31);
    const logged = await t.database.db
      .selectFrom('child_access_log')
      .select('child_id')
      .where('action', '=', 'export')
      .where('unit_id', '=', commune)
      .execute();
    expect(logged).toHaveLength(30);
  });
});
