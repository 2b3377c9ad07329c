// The register template as other programs save it: filled by openpyxl (what pandas and integration
// scripts use) and saved again by LibreOffice (tests/fixtures/spreadsheets, made by make.py there),
// imported through the API, previewed and committed, with every child and record landing as typed: date
// cells and dates typed as text, ID numbers with their leading zero, Vietnamese words and decimal commas.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openXlsx } from '../../src/server/platform/spreadsheet.ts';
import { form } from '../support/multipart.ts';
import { login, startTestApp, type TestApp } from '../support/server.ts';
import { communeId as communeOf } from '../support/db.ts';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/spreadsheets');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name));
const REGENERATE =
  'the fixture was made from another template: regenerate it as tests/fixtures/spreadsheets/README.md says ' +
  '(npx tsx tests/fixtures/spreadsheets/templates.ts /tmp/t && /usr/bin/python3 tests/fixtures/spreadsheets/make.py /tmp/t)';

let t: TestApp;
const communes: Record<string, { id: number; cookie: string }> = {};

const communeId = (code: string) => communeOf(t.database.db, code);

beforeAll(async () => {
  t = await startTestApp();
  // Each file goes to a commune of its own, whose register does not hold these children yet.
  communes.openpyxl = { id: await communeId('05845'), cookie: await login(t.app, 'xa.vanphu') };
  communes.libreoffice = { id: await communeId('05830'), cookie: await login(t.app, 'xa.daitu') };
}, 120_000);
afterAll(() => t?.close());

async function finish(jobId: string, cookie: string) {
  for (let i = 0; i < 400; i++) {
    const job = (await t.app.inject({ method: 'GET', url: `/api/register/jobs/${jobId}`, headers: { cookie } })).json();
    if (job.status !== 'running') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('job did not finish');
}

/** The header row of each data sheet (the first of its first rows holding two texts or more), by sheet name. */
async function headers(data: Buffer): Promise<{ sheets: string[]; headers: Record<string, string[]> }> {
  const book = await openXlsx(data);
  const out: Record<string, string[]> = {};
  try {
    for (const sheet of book.sheets) {
      read: for await (const batch of book.rows(sheet))
        for (const row of batch) {
          const texts = row.values.filter((v): v is string => typeof v === 'string');
          if (texts.length >= 2) {
            out[sheet.name] = texts;
            break read;
          }
          if (row.number > 10) break read;
        }
    }
  } finally {
    book.close();
  }
  return { sheets: book.sheets.map((s) => s.name), headers: out };
}

async function childrenOf(unitId: number) {
  return t.database.db
    .selectFrom('child')
    .innerJoin('village', 'village.id', 'child.village_id')
    .innerJoin('household', 'household.id', 'child.household_id')
    .select([
      'child.id',
      'child.code',
      'child.full_name',
      'child.birth_date',
      'child.sex',
      'child.id_number',
      'child.birth_registered_on',
      'child.education',
      'village.name as village',
      'household.code as household',
      'household.head_name as head',
    ])
    .where('child.unit_id', '=', unitId)
    .where('child.code', 'like', 'VP-%')
    .orderBy('child.code')
    .execute();
}

describe('register files saved by other programs', () => {
  it('the fixtures were made from the template the product writes today', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/register/template.xlsx',
      headers: { cookie: communes.openpyxl!.cookie },
    });
    expect(res.statusCode).toBe(200);
    const today = await headers(res.rawPayload);
    expect(today.sheets.slice(0, 4)).toEqual(['Trẻ em', 'Hoàn cảnh đặc biệt', 'Trợ giúp', 'Sức khỏe']);
    for (const name of ['register-openpyxl.xlsx', 'register-libreoffice.xlsx']) {
      const theirs = await headers(fixture(name));
      expect(theirs.sheets, `${name}: ${REGENERATE}`).toEqual(today.sheets);
      for (const sheet of today.sheets.slice(0, 4))
        expect(theirs.headers[sheet], `${name}, ${sheet}: ${REGENERATE}`).toEqual(today.headers[sheet]);
    }
  });

  for (const writer of ['openpyxl', 'libreoffice'] as const) {
    it(`a template filled and saved by ${writer}: every child and record lands as typed`, async () => {
      const { id: unitId, cookie } = communes[writer]!;
      expect(await childrenOf(unitId)).toEqual([]);
      const name = `register-${writer}.xlsx`;
      const body = await form({}, { name, data: fixture(name) });
      const upload = await t.app.inject({
        method: 'POST',
        url: `/api/communes/${unitId}/register/imports`,
        headers: { ...body.headers, cookie },
        payload: body.payload,
      });
      expect(upload.statusCode, upload.body).toBe(202);
      const preview = (await finish(upload.json().jobId, cookie)).result;
      expect(preview.issues).toEqual([]);
      expect(preview.summary).toMatchObject({
        children: { new: 3, updated: 0 },
        circumstances: 1,
        supports: 1,
        healthRecords: 1,
      });
      const commit = await t.app.inject({
        method: 'POST',
        url: `/api/communes/${unitId}/register/imports/${preview.importId}/commit`,
        headers: { cookie },
      });
      expect(commit.statusCode).toBe(202);
      expect((await finish(commit.json().jobId, cookie)).status).toBe('done');

      const children = await childrenOf(unitId);
      expect(children.map(({ id: _id, ...c }) => c)).toEqual([
        {
          code: 'VP-001',
          full_name: 'Nguyễn Thị Ánh',
          birth_date: '2016-09-05',
          sex: 'female',
          id_number: '019316000123',
          birth_registered_on: null,
          education: 'primary',
          village: 'Thôn Đồng Tâm',
          household: 'H-01',
          head: 'Nguyễn Văn Hùng',
        },
        {
          code: 'VP-002',
          full_name: 'Nguyễn Văn Bình',
          birth_date: '2019-11-20', // typed as the text 20/11/2019
          sex: 'male',
          id_number: null,
          birth_registered_on: '2019-12-02',
          education: null,
          village: 'Thôn Đồng Tâm',
          household: 'H-01',
          head: 'Nguyễn Văn Hùng',
        },
        {
          code: 'VP-003',
          full_name: 'Trần Đức Thắng',
          birth_date: '2022-03-14',
          sex: 'male',
          id_number: null,
          birth_registered_on: null,
          education: null,
          village: 'Xóm Gò',
          household: 'H-02',
          head: 'Trần Thị Lý',
        },
      ]);
      const byCode = new Map(children.map((c) => [c.code, c.id]));
      const ids = [...byCode.values()];
      const db = t.database.db;
      expect(
        await db
          .selectFrom('child_circumstance')
          .select(['child_id', 'group_code', 'started_on', 'ended_on'])
          .where('child_id', 'in', ids)
          .execute(),
      ).toEqual([{ child_id: byCode.get('VP-003'), group_code: 'dd', started_on: '2023-01-10', ended_on: null }]);
      expect(
        await db
          .selectFrom('child_support')
          .select(['child_id', 'kind', 'given_on', 'provider'])
          .where('child_id', 'in', ids)
          .execute(),
      ).toEqual([
        { child_id: byCode.get('VP-001'), kind: 'Học bổng', given_on: '2025-09-05', provider: 'Hội Khuyến học xã' },
      ]);
      const health = await db
        .selectFrom('child_health_record')
        .select(['child_id', 'kind', 'checked_on', 'weight_kg', 'height_cm', 'underweight', 'stunted'])
        .where('child_id', 'in', ids)
        .execute();
      expect(health.map((h) => ({ ...h, weight_kg: Number(h.weight_kg), height_cm: Number(h.height_cm) }))).toEqual([
        {
          child_id: byCode.get('VP-003'),
          kind: 'growth',
          checked_on: '2025-06-01',
          weight_kg: 12.5, // typed as the text "12,5"
          height_cm: 91.5,
          underweight: true,
          stunted: false,
        },
      ]);
    });
  }
});
