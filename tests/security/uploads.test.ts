// The shared upload check (src/server/http/uploads.ts): zip bombs and other hostile archives named
// .xlsx are refused quickly with a message naming the file and the reason, at the register import, the
// criteria-inputs workbook and the evidence upload, before any parser reads them; normal files still pass.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import yazl from 'yazl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkUpload, inspectArchive, UPLOAD_RULES } from '../../src/server/http/uploads.ts';
import { writeRegisterWorkbook } from '../../src/server/features/register/import/write.ts';
import { createEntry } from '../public-posting/fixtures.ts';
import { setConfig } from '../support/config.ts';
import { form } from '../support/multipart.ts';
import { login, startTestApp, type TestApp } from '../support/server.ts';
import { tinyPdf } from '../evidence/samples.ts';
import { communeId } from '../support/db.ts';

const filesDir = mkdtempSync(path.join(tmpdir(), 'cfc-uploads-'));
setConfig({ filesDir });

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`;

/** A ZIP written by yazl from name → content (compressed). */
function zip(entries: [string, Buffer | string][], compress = true): Promise<Buffer> {
  const z = new yazl.ZipFile();
  for (const [name, data] of entries) z.addBuffer(Buffer.isBuffer(data) ? data : Buffer.from(data), name, { compress });
  z.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    z.outputStream
      .on('data', (c: Buffer) => chunks.push(c))
      .on('end', () => resolve(Buffer.concat(chunks)))
      .on('error', reject);
  });
}

/** Looks like an .xlsx (content types, workbook) with one sheet of `size` zero bytes: about 1000:1. */
const makeBomb = (size: number) =>
  zip([
    ['[Content_Types].xml', CONTENT_TYPES],
    ['xl/workbook.xml', '<workbook/>'],
    ['xl/worksheets/sheet1.xml', Buffer.alloc(size)],
  ]);

/** Offsets of a name in the local header and in the central directory (names are unique in these zips). */
function headersOf(data: Buffer, name: string): { local: number; central: number } {
  const first = data.indexOf(name);
  const second = data.indexOf(name, first + 1);
  return { local: first - 30, central: second - 46 };
}

let made: Promise<Buffer> | null = null;
const bomb = () => (made ??= makeBomb(50 * 1024 * 1024));

/** The same sheet, but the directory says it unpacks to 1 KB: the real size must be counted. */
async function lyingBomb(): Promise<Buffer> {
  const data = await makeBomb(20 * 1024 * 1024);
  const { local, central } = headersOf(data, 'xl/worksheets/sheet1.xml');
  data.writeUInt32LE(1024, local + 22);
  data.writeUInt32LE(1024, central + 24);
  return data;
}

let t: TestApp;
let vanPhu: number;
let periodId: number;
let entry: number;
const cookies: Record<string, string> = {};
let registerFile: Buffer;

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  vanPhu = await communeId(db, '05845');
  periodId = (await db.selectFrom('period').select('id').where('year', '=', 2026).executeTakeFirstOrThrow()).id;
  entry = (await createEntry(db, { communeCode: '05503', state: 'draft' })).entryId;
  for (const u of ['xa.vanphu', 'xa.tancuong']) cookies[u] = await login(t.app, u);
  registerFile = await writeRegisterWorkbook(
    { children: [], circumstances: [], supports: [], healthRecords: [] },
    'vi',
  );
}, 120_000);
afterAll(async () => {
  await t?.close();
  rmSync(filesDir, { recursive: true, force: true });
});

describe('inspecting an archive before any parser', () => {
  it('passes a real workbook', async () => {
    expect(await inspectArchive(registerFile)).toBeNull();
    await expect(
      checkUpload({ name: 'so.xlsx', data: registerFile, declaredType: XLSX }, UPLOAD_RULES.register),
    ).resolves.toEqual({ mediaType: XLSX, ext: 'xlsx' });
  });

  it('refuses a high compression ratio, a lying size, too many entries and too much unpacked data', async () => {
    expect(await inspectArchive(await bomb())).toMatchObject({
      reason: 'compression_ratio',
      entry: 'xl/worksheets/sheet1.xml',
      max: 200,
    });
    expect(await inspectArchive(await lyingBomb())).toEqual({ reason: 'size_lies', entry: 'xl/worksheets/sheet1.xml' });
    const many = await zip(
      Array.from({ length: 10_001 }, (_, i) => [`xl/p${i}.xml`, 'x'] as [string, string]),
      false,
    );
    expect(await inspectArchive(many)).toEqual({ reason: 'too_many_entries', count: 10_001, max: 10_000 });
    // Ordinary text at an ordinary ratio, but more of it than the limit allows.
    const text = Buffer.from(
      Array.from({ length: 40_000 }, (_, i) => `<row r="${i}"><c>${(i * 7919) % 100_003}</c></row>`).join(''),
    );
    expect(await inspectArchive(await zip([['xl/a.xml', text]]), { maxUnpackedBytes: text.length - 1 })).toMatchObject({
      reason: 'unpacked_too_large',
    });
  });

  it('refuses path traversal, nested archives outside embeddings, and data hidden outside the directory', async () => {
    const evil = await zip([
      ['[Content_Types].xml', CONTENT_TYPES],
      ['xx/evil.xml', '<x/>'],
    ]);
    const { local, central } = headersOf(evil, 'xx/evil.xml');
    evil.write('..', local + 30);
    evil.write('..', central + 46);
    expect(await inspectArchive(evil)).toEqual({ reason: 'unsafe_name', entry: '../evil.xml' });

    const inner = await zip([['a.txt', 'hello']]);
    expect(
      await inspectArchive(
        await zip([
          ['xl/workbook.xml', '<w/>'],
          ['xl/media/image1.png', inner],
        ]),
      ),
    ).toEqual({ reason: 'nested_archive', entry: 'xl/media/image1.png' });
    expect(
      await inspectArchive(
        await zip([
          ['xl/workbook.xml', '<w/>'],
          ['xl/payload.zip', 'not even a zip'],
        ]),
      ),
    ).toEqual({ reason: 'nested_archive', entry: 'xl/payload.zip' });
    // Office keeps embedded documents there: allowed.
    expect(
      await inspectArchive(
        await zip([
          ['word/document.xml', '<w/>'],
          ['word/embeddings/Microsoft_Excel_Worksheet.xlsx', inner],
        ]),
      ),
    ).toBeNull();

    // Bytes slipped in between the last entry and the central directory (its offset moved to match).
    const plain = await zip([['xl/workbook.xml', '<w/>']]);
    const eocd = plain.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    const cd = plain.readUInt32LE(eocd + 16);
    const slipped = Buffer.from('PK\x03\x04 hidden entry', 'latin1');
    const hidden = Buffer.concat([plain.subarray(0, cd), slipped, plain.subarray(cd)]);
    hidden.writeUInt32LE(cd + slipped.length, hidden.length - (plain.length - eocd) + 16);
    expect(await inspectArchive(hidden)).toEqual({ reason: 'hidden_data' });
    expect(await inspectArchive(plain.subarray(0, 100))).toMatchObject({ reason: 'unreadable' });
  });

  it('knows a large workbook by its parts even when the part that names it lies beyond the first megabyte', async () => {
    // A real register of 25,000 children puts megabytes of sheet XML before [Content_Types].xml.
    const noise = randomBytes(3 * 1024 * 1024);
    const big = await zip([
      ['xl/worksheets/sheet1.xml', noise],
      ['xl/workbook.xml', '<workbook/>'],
      ['[Content_Types].xml', '<Types/>'],
    ]);
    expect(big.length).toBeGreaterThan(2 * 1024 * 1024);
    await expect(
      checkUpload({ name: 'so.xlsx', data: big, declaredType: XLSX }, UPLOAD_RULES.register),
    ).resolves.toEqual({ mediaType: XLSX, ext: 'xlsx' });
    // Without the workbook part the same zip is not a workbook.
    const notBook = await zip([
      ['xl/worksheets/sheet1.xml', noise],
      ['[Content_Types].xml', '<Types/>'],
    ]);
    await expect(
      checkUpload({ name: 'so.xlsx', data: notBook, declaredType: XLSX }, UPLOAD_RULES.register),
    ).rejects.toMatchObject({ kind: 'unsupported_type' });
  });

  it('checks the sniffed type against the extension and the declared type', async () => {
    const csv = Buffer.from('Mã trẻ,Họ và tên\nTE-1,Nguyễn Văn A\n');
    await expect(
      checkUpload({ name: 'so.csv', data: csv, declaredType: 'text/csv' }, UPLOAD_RULES.register),
    ).resolves.toEqual({ mediaType: 'text/csv', ext: 'csv' });
    // Excel on Windows declares CSV files as application/vnd.ms-excel.
    await expect(
      checkUpload({ name: 'so.csv', data: csv, declaredType: 'application/vnd.ms-excel' }, UPLOAD_RULES.register),
    ).resolves.toMatchObject({ ext: 'csv' });
    await expect(
      checkUpload({ name: 'so.csv', data: Buffer.from([0x41, 0, 0x42]) }, UPLOAD_RULES.register),
    ).rejects.toMatchObject({ kind: 'unsupported_type', key: 'common:upload.unknown_type' });
    await expect(checkUpload({ name: 'so.csv', data: registerFile }, UPLOAD_RULES.register)).rejects.toMatchObject({
      kind: 'unsupported_type',
      key: 'common:upload.disguised',
    });
    await expect(
      checkUpload({ name: 'so.xlsx', data: registerFile, declaredType: 'image/png' }, UPLOAD_RULES.register),
    ).rejects.toMatchObject({ kind: 'unsupported_type', key: 'common:upload.declared_mismatch' });
    await expect(checkUpload({ name: 'so.pdf', data: tinyPdf() }, UPLOAD_RULES.register)).rejects.toMatchObject({
      kind: 'unsupported_type',
      key: 'common:upload.type_not_allowed',
    });
    await expect(
      checkUpload({ name: 'so.xlsx', data: Buffer.alloc(UPLOAD_RULES.inputs.maxBytes + 1, 1) }, UPLOAD_RULES.inputs),
    ).rejects.toMatchObject({ kind: 'too_large', key: 'common:upload.too_large' });
  });
});

describe('zip bombs at every upload', () => {
  async function post(
    url: string,
    user: string,
    name: string,
    data: Buffer,
    fields: Record<string, string> = {},
    type = XLSX,
  ) {
    const body = await form(fields, { name, data, type });
    const started = Date.now();
    const res = await t.app.inject({
      method: 'POST',
      url,
      headers: { ...body.headers, cookie: cookies[user]! },
      payload: body.payload,
    });
    return { res, ms: Date.now() - started };
  }
  const registerUrl = () => `/api/communes/${vanPhu}/register/imports`;
  const inputsUrl = () => `/api/units/${vanPhu}/assessments/${periodId}/inputs.xlsx/preview`;
  const evidenceUrl = () => `/api/round-entries/${entry}/evidence`;

  it('refuses a bomb named .xlsx at the register import in under 2 s, naming the file, storing nothing', async () => {
    const before = await t.database.db.selectFrom('register_import').select('id').execute();
    const { res, ms } = await post(registerUrl(), 'xa.vanphu', 'so-tre-em.xlsx', await bomb());
    expect(res.statusCode, res.body).toBe(413);
    expect(res.json().error.code).toBe('compression_ratio');
    expect(res.json().error.message).toContain('“so-tre-em.xlsx” bị từ chối');
    expect(res.json().error.message).toContain('bom nén');
    expect(ms).toBeLessThan(2000);
    const lying = await post(registerUrl(), 'xa.vanphu', 'so-tre-em.xlsx', await lyingBomb());
    expect(lying.res.statusCode).toBe(413);
    expect(lying.res.json().error.code).toBe('size_lies');
    expect(lying.ms).toBeLessThan(2000);
    expect(await t.database.db.selectFrom('register_import').select('id').execute()).toEqual(before);
    // A normal workbook is still taken (the preview runs as a job).
    const ok = await post(registerUrl(), 'xa.vanphu', 'so-tre-em.xlsx', registerFile);
    expect(ok.res.statusCode, ok.res.body).toBe(202);
  });

  it('refuses a bomb at the criteria-inputs workbook preview, in English when asked', async () => {
    const body = await form({}, { name: 'so-lieu.xlsx', data: await bomb(), type: XLSX });
    const started = Date.now();
    const res = await t.app.inject({
      method: 'POST',
      url: inputsUrl(),
      headers: { ...body.headers, cookie: `${cookies['xa.vanphu']}; lang=en` },
      payload: body.payload,
    });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(res.statusCode).toBe(413);
    expect(res.json().error.message).toMatch(
      /^“so-lieu\.xlsx” was refused: its part “xl\/worksheets\/sheet1\.xml” is compressed \d{1,3}(,\d{3})*:1, over the limit of 200:1/,
    );
    // The commune's own template still previews.
    const template = await t.app.inject({
      method: 'GET',
      url: `/api/units/${vanPhu}/assessments/${periodId}/inputs.xlsx`,
      headers: { cookie: cookies['xa.vanphu']! },
    });
    const ok = await post(inputsUrl(), 'xa.vanphu', 'so-lieu.xlsx', template.rawPayload);
    expect(ok.res.statusCode, ok.res.body).toBe(200);
  });

  it('refuses a bomb as evidence and stores no file', async () => {
    const rows = () => t.database.db.selectFrom('evidence_file').select('id').where('entry_id', '=', entry).execute();
    const { res, ms } = await post(evidenceUrl(), 'xa.tancuong', 'bien-ban.xlsx', await bomb(), {
      criterionCode: 'C01',
    });
    expect(res.statusCode, res.body).toBe(413);
    expect(res.json().error.message).toContain('bien-ban.xlsx');
    expect(ms).toBeLessThan(2000);
    expect(await rows()).toEqual([]);
    const disguised = await post(
      evidenceUrl(),
      'xa.tancuong',
      'bien-ban.pdf',
      tinyPdf('khai sai'),
      { criterionCode: 'C01' },
      'image/png',
    );
    expect(disguised.res.statusCode).toBe(415);
    expect(disguised.res.json().error.code).toBe('declared_mismatch');
    expect(disguised.res.json().error.message).toContain('“image/png”');
    const ok = await post(evidenceUrl(), 'xa.tancuong', 'bien-ban.xlsx', registerFile, { criterionCode: 'C01' });
    expect(ok.res.statusCode, ok.res.body).toBe(201);
    expect(await rows()).toHaveLength(1);
  });
});
