// The criteria-inputs workbook as other programs save it: the template filled by openpyxl (what pandas and
// integration scripts use) and the same file saved again by LibreOffice (tests/fixtures/spreadsheets,
// made by make.py there), previewed and committed through the API with every value landing; and files
// whose problem the refusal must name (a hidden sheet removed or emptied, a damaged part, a locked file).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import yazl from 'yazl';
import yauzl from 'yauzl';
import { readInputsWorkbook } from '../../src/server/features/assessments/workbook/read.ts';
import { readAssessment } from '../../src/server/features/assessments/store.ts';
import { form } from '../support/multipart.ts';
import { login, startTestApp, type TestApp } from '../support/server.ts';
import { communeId } from '../support/db.ts';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/spreadsheets');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name));
const REGENERATE =
  'the fixture was made from another template: regenerate it as tests/fixtures/spreadsheets/README.md says ' +
  '(npx tsx tests/fixtures/spreadsheets/templates.ts /tmp/t && /usr/bin/python3 tests/fixtures/spreadsheets/make.py /tmp/t)';

/** What make.py typed into the entry column, as the values it stands for. */
const TYPED = {
  'pop.children': 5700, // "5.700" as text
  'C02.births': 120,
  'C02.registered': 118, // "118" as text
  'C11.eligible': 3120, // "3.120" as text
  'C11.consulted': 2500,
  'C11.forum': true, // "Có"
  'C12.playground': false, // "Không"
};

let t: TestApp;
let cookie: string;
let unitId: number;
let periodId: number;
let original: Record<string, number | boolean | null>;
const base = () => `/api/units/${unitId}/assessments/${periodId}`;

beforeAll(async () => {
  t = await startTestApp();
  cookie = await login(t.app, 'xa.vanphu');
  unitId = await communeId(t.database.db, '05845');
  periodId = (await t.database.db.selectFrom('period').select('id').where('year', '=', 2026).executeTakeFirstOrThrow())
    .id;
  const values = (await readAssessment(t.database.db, unitId, periodId)).values;
  original = Object.fromEntries(Object.keys(TYPED).map((code) => [code, values[code]?.value ?? null]));
}, 120_000);
afterAll(() => t?.close());

async function send(kind: 'preview' | 'commit', data: Buffer, name: string, token?: string) {
  const body = await form({}, { name, data });
  return t.app.inject({
    method: 'POST',
    url: `${base()}/inputs.xlsx/${kind}${token ? `?token=${token}` : ''}`,
    headers: { ...body.headers, cookie },
    payload: body.payload,
  });
}

/** The entry form's own save, to put the values back between two files. */
async function restore() {
  const res = await t.app.inject({
    method: 'PUT',
    url: `${base()}/values`,
    headers: { cookie },
    payload: { values: original },
  });
  expect(res.statusCode, res.body).toBe(200);
}

/** A copy of a workbook with some entries replaced (or dropped, when given null). */
async function rezip(data: Buffer, replace: Record<string, Buffer | null>): Promise<Buffer> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(data, { lazyEntries: true }, (e, z) => (e ? reject(e) : resolve(z))),
  );
  const out = new yazl.ZipFile();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      if (entry.fileName in replace) {
        const body = replace[entry.fileName];
        if (body) out.addBuffer(body, entry.fileName);
        return zip.readEntry();
      }
      zip.openReadStream(entry, (e, stream) => {
        if (e) return reject(e);
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          out.addBuffer(Buffer.concat(chunks), entry.fileName);
          zip.readEntry();
        });
      });
    });
    zip.on('end', resolve);
    zip.readEntry();
  });
  out.end();
  const chunks: Buffer[] = [];
  for await (const c of out.outputStream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

describe('criteria workbooks saved by other programs', () => {
  it('the fixtures were made from the template the product writes today', async () => {
    const res = await t.app.inject({ method: 'GET', url: `${base()}/inputs.xlsx`, headers: { cookie } });
    expect(res.statusCode).toBe(200);
    const today = await readInputsWorkbook(res.rawPayload);
    if (today.kind !== 'read') throw new Error('the template itself cannot be read');
    const identity = (meta: Map<string, string> | null) =>
      Object.fromEntries([...(meta ?? [])].filter(([k]) => !['generatedAt', 'unitName'].includes(k)));
    const codes = (r: typeof today) => (r.kind === 'read' ? (r.inputs?.rows.map((x) => x.cells.code) ?? []) : []);
    for (const name of ['criteria-openpyxl.xlsx', 'criteria-libreoffice.xlsx']) {
      const read = await readInputsWorkbook(fixture(name));
      expect(read.kind, name).toBe('read');
      if (read.kind !== 'read') continue;
      expect(read.sheetNames, `${name}: ${REGENERATE}`).toEqual(today.sheetNames);
      expect(identity(read.meta), `${name}: ${REGENERATE}`).toEqual(identity(today.meta));
      expect(codes(read), `${name}: ${REGENERATE}`).toEqual(codes(today));
      expect(
        [...read.inputs!.columns!.values()].map((c) => c.label),
        `${name}: ${REGENERATE}`,
      ).toEqual([...today.inputs!.columns!.values()].map((c) => c.label));
    }
  });

  for (const writer of ['openpyxl', 'libreoffice']) {
    it(`a template filled and saved by ${writer}: every value typed lands, text numbers read the Vietnamese way`, async () => {
      await restore();
      const name = `criteria-${writer}.xlsx`;
      const data = fixture(name);
      const preview = await send('preview', data, name);
      expect(preview.statusCode, preview.body).toBe(200);
      const body = preview.json();
      expect(body.issues).toEqual([]);
      expect(body.template).toMatchObject({ unitCode: '05845', periodYear: 2026, ruleSetCode: 'qd06-2019' });
      expect(
        Object.fromEntries(body.changes.map((c: { code: string; newValue: unknown }) => [c.code, c.newValue])),
      ).toEqual(Object.fromEntries(Object.entries(TYPED).filter(([code, v]) => original[code] !== v)));

      const commit = await send('commit', data, name, body.token);
      expect(commit.statusCode, commit.body).toBe(200);
      const stored = (await readAssessment(t.database.db, unitId, periodId)).values;
      for (const [code, value] of Object.entries(TYPED)) expect(stored[code]?.value, code).toBe(value);
      expect(stored['C02.births']!.sourceNote).toBe(`Nhập từ tệp Excel ${name}`);
    });
  }

  it('refuses "1,200" typed as text in a count, saying both ways it can be read', async () => {
    await restore();
    const template = await t.app.inject({ method: 'GET', url: `${base()}/inputs.xlsx`, headers: { cookie } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(template.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Chỉ tiêu')!;
    let row = 0;
    ws.eachRow((r, n) => {
      if (r.getCell(2).value === 'C11.eligible') r.getCell(6).value = '1,200';
      if (r.getCell(2).value === 'C11.eligible') row = n;
      if (r.getCell(2).value === 'C11.consulted') r.getCell(6).value = '1.100';
    });
    const res = await send('preview', Buffer.from(await wb.xlsx.writeBuffer()), 'dau-phay.xlsx');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().issues).toMatchObject([
      {
        row,
        code: 'ambiguous_number',
        value: '1,200',
        detail:
          '“C11.eligible (Số trẻ em từ 7 tuổi trở lên)”: “1,200” có thể là 1200 hoặc 1,2 (dấu phẩy vừa được dùng để tách ' +
          'hàng nghìn, vừa là dấu thập phân); hãy ghi 1200, không có dấu phân cách.',
      },
    ]);
    expect(res.json().changes.map((c: { code: string; newValue: unknown }) => [c.code, c.newValue])).toEqual([
      ['C11.consulted', 1100],
    ]);
  });

  it('names what is wrong: the hidden sheet removed, or emptied', async () => {
    const data = fixture('criteria-openpyxl.xlsx');
    const workbookXml = await partOf(data, 'xl/workbook.xml');
    const withoutMeta = await rezip(data, {
      'xl/workbook.xml': Buffer.from(workbookXml.replace(/<sheet [^>]*name="_template"[^>]*\/>/, '')),
    });
    const removed = await send('preview', withoutMeta, 'khong-mau.xlsx');
    expect(removed.statusCode).toBe(400);
    expect(removed.json().error).toMatchObject({ code: 'not_template' });
    expect(removed.json().error.message).toBe(
      'Tệp “khong-mau.xlsx” không phải mẫu nhập số liệu tiêu chí: không có trang ẩn “_template” ghi thông tin của mẫu ' +
        '(các trang trong tệp: Chỉ tiêu, Hướng dẫn). Hãy tải “Mẫu Excel” ở trang nhập số liệu và điền vào đó.',
    );

    const metaPart = await metaSheetPart(data);
    const emptied = await rezip(data, {
      [metaPart]: Buffer.from(
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>',
      ),
    });
    const changed = await send('preview', emptied, 'da-sua.xlsx');
    expect(changed.statusCode).toBe(400);
    expect(changed.json().error.code).toBe('template_sheet_changed');
    expect(changed.json().error.message).toContain('trang ẩn “_template”');
  });

  it('names what is wrong: a damaged part, a sheet missing from the package, a locked file', async () => {
    const data = fixture('criteria-libreoffice.xlsx');
    const sheet = await metaSheetPart(data);
    const badXml = await rezip(data, { [sheet]: Buffer.from('<worksheet><sheetData><row></sheetData>') });
    const bad = await send('preview', badXml, 'hong.xlsx');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('unreadable');
    expect(bad.json().error.message).toMatch(
      new RegExp(
        `^Không đọc được tệp “hong.xlsx”: phần “${sheet}” bên trong tệp không phải XML hợp lệ \\(dòng 1, cột \\d+\\)\\.$`,
      ),
    );

    const missing = await send('preview', await rezip(data, { [sheet]: null }), 'thieu.xlsx');
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.message).toBe(
      `Không đọc được tệp “thieu.xlsx”: tệp không có phần “${sheet}” chứa trang “_template”, dù danh sách trang có nêu trang này.`,
    );

    // What Office makes of a workbook with a password to open: an OLE container holding "EncryptionInfo".
    const locked = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(504),
      Buffer.from('EncryptionInfo', 'utf16le'),
      Buffer.alloc(1000),
    ]);
    const res = await send('preview', locked, 'mat-khau.xlsx');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('được đặt mật khẩu để mở');
  });
});

async function partOf(data: Buffer, part: string): Promise<string> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(data, { lazyEntries: true }, (e, z) => (e ? reject(e) : resolve(z))),
  );
  return new Promise((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      if (entry.fileName !== part) return zip.readEntry();
      zip.openReadStream(entry, (e, stream) => {
        if (e) return reject(e);
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      });
    });
    zip.on('end', () => reject(new Error(`no ${part}`)));
    zip.readEntry();
  });
}

/** The part holding the hidden "_template" sheet, found as the format says (workbook.xml and its relationships). */
async function metaSheetPart(data: Buffer): Promise<string> {
  const workbook = await partOf(data, 'xl/workbook.xml');
  const rels = await partOf(data, 'xl/_rels/workbook.xml.rels');
  const rid = /<sheet [^>]*name="_template"[^>]*r:id="([^"]+)"/.exec(workbook)?.[1];
  const target = new RegExp(
    `<Relationship [^>]*(?:Id="${rid}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="${rid}")`,
  ).exec(rels);
  const t = (target?.[1] ?? target?.[2])!;
  return t.startsWith('/') ? t.slice(1) : `xl/${t}`;
}
