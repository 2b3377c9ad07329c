// The criteria-inputs workbook through the API: the template read back with exceljs, a filled copy
// previewed and committed in one save, and files of another commune, another rule-set version, with
// wrong cells or not a template at all refused with messages that name what is wrong.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { readAssessment } from '../../src/server/features/assessments/store.ts';
import { form } from '../support/multipart.ts';
import { login, startTestApp, type TestApp } from '../support/server.ts';
import { communeId } from '../support/db.ts';

let t: TestApp;
let vanPhu: number; // xa.vanphu's commune, a draft with only the base counts and C01
let daiTu: number;
let periodId: number;
const cookies: Record<string, string> = {};

const unitOf = async (code: string) => await communeId(t.database.db, code);

beforeAll(async () => {
  t = await startTestApp();
  vanPhu = await unitOf('05845');
  daiTu = await unitOf('05830');
  periodId = (await t.database.db.selectFrom('period').select('id').where('year', '=', 2026).executeTakeFirstOrThrow())
    .id;
  for (const u of ['xa.vanphu', 'xa.daitu', 'xa.ankhanh', 'tinh.thainguyen']) cookies[u] = await login(t.app, u);
}, 120_000);
afterAll(() => t?.close());

const base = (unit: number) => `/api/units/${unit}/assessments/${periodId}/inputs.xlsx`;

async function template(unit = vanPhu, user = 'xa.vanphu'): Promise<Buffer> {
  const res = await t.app.inject({ method: 'GET', url: base(unit), headers: { cookie: cookies[user]! } });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toContain('spreadsheetml');
  return res.rawPayload;
}

async function load(data: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  return wb;
}

/** The template with entry cells (column F) set by input code, and optional edits of the workbook. */
async function filled(
  data: Buffer,
  entries: Record<string, unknown>,
  edit?: (wb: ExcelJS.Workbook) => void,
): Promise<Buffer> {
  const wb = await load(data);
  const ws = wb.getWorksheet('Chỉ tiêu')!;
  const left = new Set(Object.keys(entries));
  ws.eachRow((row, n) => {
    const code = String(row.getCell(2).value ?? '');
    if (n > 1 && code in entries) {
      row.getCell(6).value = entries[code] as ExcelJS.CellValue;
      left.delete(code);
    }
  });
  expect([...left]).toEqual([]);
  edit?.(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function send(
  kind: 'preview' | 'commit',
  data: Buffer,
  name = 'vanphu.xlsx',
  token?: string,
  user = 'xa.vanphu',
  unit = vanPhu,
) {
  const body = await form({}, { name, data });
  const url = `${base(unit)}/${kind}${token ? `?token=${token}` : ''}`;
  return t.app.inject({
    method: 'POST',
    url,
    headers: { ...body.headers, cookie: cookies[user]! },
    payload: body.payload,
  });
}

const stored = async () => (await readAssessment(t.database.db, vanPhu, periodId)).values;

describe('criteria-inputs workbook', () => {
  it('writes every input of the rule set with its label, current value, cell validation, locks and identity', async () => {
    const def = (await readAssessment(t.database.db, vanPhu, periodId)).ruleSet.definition;
    const values = await stored();
    const wb = await load(await template());
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Chỉ tiêu', 'Hướng dẫn', '_template']);
    const ws = wb.getWorksheet('Chỉ tiêu')!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual([
      'Tiêu chí',
      'Mã số liệu',
      'Nội dung',
      'Loại',
      'Giá trị hiện tại',
      'Giá trị mới',
    ]);
    const rows = new Map<string, ExcelJS.Row>();
    ws.eachRow((row, n) => void (n > 1 && rows.set(String(row.getCell(2).value), row)));
    expect([...rows.keys()].sort()).toEqual(def.inputs.map((i) => i.code).sort());
    for (const input of def.inputs) expect(rows.get(input.code)!.getCell(3).value).toBe(input.label.vi);

    const children = rows.get('pop.children')!;
    expect(children.getCell(5).value).toBe(values['pop.children']!.value);
    expect(children.getCell(6).value).toBeNull();
    expect(children.getCell(6).dataValidation).toMatchObject({
      type: 'whole',
      operator: 'between',
      formulae: [0, 100_000_000],
    });
    expect(rows.get('C01.staff')!.getCell(5).value).toBe(values['C01.staff']!.value ? 'Có' : 'Không');
    expect(rows.get('C01.staff')!.getCell(6).dataValidation).toMatchObject({ type: 'list', formulae: ['"Có,Không"'] });
    expect(rows.get('C02.births')!.getCell(1).value).toMatch(/^C02 — /);
    expect(rows.get('C02.births')!.getCell(5).value).toBeNull(); // not entered yet in the draft
    // Only the entry column can be typed into.
    expect((ws as unknown as { sheetProtection?: unknown }).sheetProtection).toMatchObject({ sheet: true });
    expect(children.getCell(6).protection).toMatchObject({ locked: false });
    expect(children.getCell(2).protection?.locked).not.toBe(false);

    const meta = wb.getWorksheet('_template')!;
    expect(meta.state).toBe('veryHidden');
    const identity = Object.fromEntries(
      meta
        .getSheetValues()
        .filter(Boolean)
        .map((r) => [(r as unknown[])[1], (r as unknown[])[2]]),
    );
    expect(identity).toMatchObject({
      kind: 'cfc-criteria-inputs',
      ruleSetCode: 'qd06-2019',
      ruleSetVersion: 1,
      unitCode: '05845',
      periodYear: 2026,
    });
    expect(String(wb.getWorksheet('Hướng dẫn')!.getCell('A2').value)).toContain('05845');
  });

  it('lets the province read the template but not upload to the commune', async () => {
    const data = await template(vanPhu, 'tinh.thainguyen');
    expect(
      (await send('preview', await filled(data, { 'C02.births': 10 }), 'x.xlsx', undefined, 'tinh.thainguyen'))
        .statusCode,
    ).toBe(403);
    expect(
      (await t.app.inject({ method: 'GET', url: base(vanPhu), headers: { cookie: cookies['xa.daitu']! } })).statusCode,
    ).toBe(403);
  });

  it('previews the changes without saving, then commits them in one save with the file named', async () => {
    const before = await stored();
    const data = await filled(await template(), {
      'C02.births': 120,
      'C02.registered': '118',
      'C11.forum': 'Có',
      'C12.playground': 'no',
      'pop.children': before['pop.children']!.value, // the same value: not a change
    });
    const res = await send('preview', data);
    expect(res.statusCode, res.body).toBe(200);
    const preview = res.json();
    expect(preview.issues).toEqual([]);
    expect(preview.unchanged).toBe(1);
    expect(preview.template).toMatchObject({
      ruleSetCode: 'qd06-2019',
      ruleSetVersion: 1,
      unitCode: '05845',
      periodYear: 2026,
    });
    expect(
      preview.changes.map((c: { code: string; oldValue: unknown; newValue: unknown }) => [
        c.code,
        c.oldValue,
        c.newValue,
      ]),
    ).toEqual([
      ['C02.births', null, 120],
      ['C02.registered', null, 118],
      ['C11.forum', null, true],
      ['C12.playground', null, false],
    ]);
    expect(preview.changes[0].label).toBe('Số trẻ em sinh ra trong kỳ');
    expect(preview.token).toMatch(/^[0-9a-f]{64}$/);
    expect((await stored())['C02.births']).toBeUndefined();

    // A token of another preview does not commit this file.
    const stale = await send('commit', data, 'vanphu.xlsx', 'f'.repeat(64));
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.message).toContain('xem trước lại');
    expect((await stored())['C02.births']).toBeUndefined();

    const commit = await send('commit', data, 'vanphu.xlsx', preview.token);
    expect(commit.statusCode, commit.body).toBe(200);
    expect(commit.json().saved).toBe(4);
    const after = await stored();
    expect(after['C02.births']).toMatchObject({
      value: 120,
      origin: 'manual',
      sourceNote: 'Nhập từ tệp Excel vanphu.xlsx',
    });
    expect(after['C02.registered']!.value).toBe(118);
    expect(after['C11.forum']!.value).toBe(true);
    expect(after['C12.playground']!.value).toBe(false);
    expect(after['pop.children']).toEqual(before['pop.children']);
    const history = await t.app.inject({
      method: 'GET',
      url: `/api/units/${vanPhu}/assessments/${periodId}/history?code=C02.births`,
      headers: { cookie: cookies['xa.vanphu']! },
    });
    expect(history.json().items[0]).toMatchObject({
      value: 120,
      sourceNote: 'Nhập từ tệp Excel vanphu.xlsx',
      origin: 'manual',
    });

    // The same file again changes nothing and says so.
    const again = await send('preview', data);
    expect(again.json()).toMatchObject({ changes: [], unchanged: 5, token: null });
  });

  it('refuses a file of another commune, naming both communes', async () => {
    const theirs = await filled(await template(daiTu, 'xa.daitu'), { 'C12.events': 3 });
    const before = await stored();
    const res = await send('preview', theirs, 'daitu.xlsx');
    expect(res.statusCode).toBe(400);
    const message: string = res.json().error.message;
    expect(message).toContain('Đại Từ');
    expect(message).toContain('05830');
    expect(message).toContain('Vạn Phú');
    expect((await send('commit', theirs, 'daitu.xlsx', 'a'.repeat(64))).statusCode).toBe(400);
    expect(await stored()).toEqual(before);
  });

  it('refuses a file made for another rule-set version, naming both versions', async () => {
    const data = await filled(await template(), { 'C12.events': 3 }, (wb) => {
      const meta = wb.getWorksheet('_template')!;
      meta.eachRow((row) => {
        if (row.getCell(1).value === 'ruleSetVersion') row.getCell(2).value = 2;
      });
    });
    const res = await send('preview', data, 'cu.xlsx');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('other_rule_set');
    expect(res.json().error.message).toContain('qd06-2019 phiên bản 2');
    expect(res.json().error.message).toContain('qd06-2019 phiên bản 1');
  });

  it('lists wrong cells with sheet, row, column and value, and saves none of the file', async () => {
    const before = await stored();
    const tpl = await template();
    const rowOf = new Map<string, number>();
    (await load(tpl)).getWorksheet('Chỉ tiêu')!.eachRow((row, n) => void rowOf.set(String(row.getCell(2).value), n));
    const data = await filled(
      tpl,
      {
        'C03.abused': 'abc',
        'C05.injured': -3,
        'C01.board': 'Maybe',
        'C06.special': 1.5,
        'C08.weighed': 40,
        'C08.underweight': 50, // above its denominator
        'C12.events': 4, // a good cell: still not saved while others are wrong
      },
      (wb) => wb.getWorksheet('Chỉ tiêu')!.addRow(['', 'C99.nothing', '', '', null, 5]),
    );
    const res = await send('preview', data, 'loi.xlsx');
    expect(res.statusCode, res.body).toBe(200);
    const preview = res.json();
    expect(preview.token).toBeNull();
    const got = preview.issues.map(
      (i: { sheet: string; row: number; column: string; code: string; value: unknown }) => [
        i.sheet,
        i.row,
        i.column,
        i.code,
        i.value,
      ],
    );
    expect(got).toEqual(
      expect.arrayContaining([
        ['Chỉ tiêu', rowOf.get('C03.abused'), 'F (Giá trị mới)', 'not_a_number', 'abc'],
        ['Chỉ tiêu', rowOf.get('C05.injured'), 'F (Giá trị mới)', 'negative', '-3'],
        ['Chỉ tiêu', rowOf.get('C01.board'), 'F (Giá trị mới)', 'not_boolean', 'Maybe'],
        ['Chỉ tiêu', rowOf.get('C06.special'), 'F (Giá trị mới)', 'not_integer', '1.5'],
        ['Chỉ tiêu', rowOf.get('C08.underweight'), 'F (Giá trị mới)', 'above_denominator', '50'],
        ['Chỉ tiêu', rowOf.size + 1, 'B (Mã số liệu)', 'unknown_code', 'C99.nothing'],
      ]),
    );
    expect(got).toHaveLength(6);
    const abc = preview.issues.find((i: { code: string }) => i.code === 'not_a_number');
    expect(abc.message).toBe(
      `Trang “Chỉ tiêu”, dòng ${rowOf.get('C03.abused')}, cột F (Giá trị mới): “C03.abused (Số trẻ em bị xâm hại)” phải là số nguyên từ 0 trở lên, nhận được “abc”.`,
    );
    expect(abc.detail).toBe('“C03.abused (Số trẻ em bị xâm hại)” phải là số nguyên từ 0 trở lên, nhận được “abc”.');

    const commit = await send('commit', data, 'loi.xlsx', 'b'.repeat(64));
    expect(commit.statusCode).toBe(400);
    expect(commit.json().error.code).toBe('has_issues');
    expect(commit.json().error.message).toContain('6 lỗi');
    expect(commit.json().error.issues).toHaveLength(6);
    expect(await stored()).toEqual(before);
  });

  it('keeps inputs frozen by a round locked in the template and refuses changing them by file', async () => {
    const anKhanh = await unitOf('05809'); // dossier posted: its inputs are frozen
    const tpl = await template(anKhanh, 'xa.ankhanh');
    const ws = (await load(tpl)).getWorksheet('Chỉ tiêu')!;
    const row = ws.getRow(2);
    expect(row.getCell(6).protection?.locked).not.toBe(false);
    expect(row.getCell(6).dataValidation?.type).toBeUndefined();
    const res = await send(
      'preview',
      await filled(tpl, { 'C12.events': 9 }),
      'ankhanh.xlsx',
      undefined,
      'xa.ankhanh',
      anKhanh,
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().token).toBeNull();
    expect(res.json().issues).toMatchObject([
      { code: 'locked', field: 'C12.events', column: 'F (Giá trị mới)', value: '9' },
    ]);
  });

  it('refuses a workbook that is not the template, and a file that is not a workbook', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Sheet1').addRow(['Mã số liệu', 'Giá trị mới']);
    const random = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await send('preview', random, 'bang-tinh.xlsx');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('not_template');
    expect(res.json().error.message).toContain('“bang-tinh.xlsx” không phải mẫu nhập số liệu tiêu chí');
    expect(res.json().error.message).toContain('Sheet1');

    const text = await send('preview', Buffer.from('C02.births;120\n'), 'so-lieu.csv');
    expect(text.statusCode).toBe(400);
    expect(text.json().error.code).toBe('not_xlsx');
    const broken = await send('preview', Buffer.concat([random.subarray(0, 200)]), 'hong.xlsx');
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.code).toBe('unreadable');
  });
});
