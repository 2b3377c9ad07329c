// The register's workbook: written by write.ts, read back by parse.ts, and every kind of bad input
// reported on the right sheet, row and column with a message that quotes the value.
import { describe, it, expect } from 'vitest';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { addDays, format, parseISO, subYears } from 'date-fns';
import {
  parseRegisterFile,
  type ExistingChild,
  type ParseOptions,
  type ParsedRegister,
} from '../../src/server/features/register/import/parse.ts';
import type { RowIssue } from '../../src/server/platform/spreadsheet.ts';
import { writeRegisterWorkbook } from '../../src/server/features/register/import/write.ts';
import {
  headerLabel,
  sheetName,
  TEMPLATE,
  type DataSheetKey,
} from '../../src/server/features/register/import/template.ts';
import {
  EDUCATION,
  type ChildFields,
  type CircumstanceFields,
  type HealthRecordFields,
  type SupportFields,
} from '../../src/core/register/records.ts';

const TODAY = '2025-06-01';
const opts = (extra: Partial<ParseOptions> = {}): ParseOptions => ({ today: TODAY, locale: 'vi', ...extra });

const child = (over: Partial<ChildFields> = {}): ChildFields => ({
  code: 'TE001',
  villageName: 'Thôn Đông',
  householdCode: 'H01',
  householdHead: 'Nguyễn Văn An',
  address: 'Số 3, ngõ 5',
  fullName: 'Nguyễn Thị Bình',
  birthDate: '2016-09-05',
  sex: 'female',
  idNumber: '001316012345',
  guardianName: '',
  guardianRelation: '',
  birthRegisteredOn: '2016-09-20',
  education: 'primary',
  fullyImmunizedOn: '2017-09-01',
  disability: '',
  movedOutOn: null,
  diedOn: null,
  note: '',
  ...over,
});

/** The vi headers of a data sheet, in template order. */
const headers = (key: DataSheetKey) =>
  TEMPLATE.find((s) => s.key === key)!.columns.map((c) => headerLabel(c.field, 'vi'));
/** A children row in template order, as cells (text dates dd/mm/yyyy, labels in Vietnamese). */
const childCells = (over: Record<string, unknown> = {}): unknown[] => {
  const base: Record<string, unknown> = {
    code: 'TE001',
    villageName: 'Thôn Đông',
    householdCode: 'H01',
    householdHead: 'Nguyễn Văn An',
    address: 'Số 3',
    fullName: 'Nguyễn Thị Bình',
    birthDate: '05/09/2016',
    sex: 'Nữ',
    idNumber: '001316012345',
    guardianName: '',
    guardianRelation: '',
    birthRegisteredOn: '20/09/2016',
    education: 'Tiểu học',
    fullyImmunizedOn: '',
    disability: '',
    movedOutOn: '',
    diedOn: '',
    note: '',
    ...over,
  };
  return TEMPLATE[0]!.columns.map((c) => base[c.field] ?? null);
};

type SheetSpec = { name: string; rows: unknown[][] };
async function workbook(...sheets: SheetSpec[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    for (const r of s.rows) ws.addRow(r as ExcelJS.CellValue[]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
const childrenSheet = (...rows: unknown[][]): SheetSpec => ({ name: 'Trẻ em', rows: [headers('children'), ...rows] });
const datedSheet = (key: DataSheetKey, ...rows: unknown[][]): SheetSpec => ({
  name: sheetName(key, 'vi'),
  rows: [headers(key), ...rows],
});

const only = (r: ParsedRegister, code: string): RowIssue[] => r.issues.filter((i) => i.code === code);
function oneIssue(r: ParsedRegister, code: string): RowIssue {
  const found = only(r, code);
  expect(found, JSON.stringify(r.issues, null, 1)).toHaveLength(1);
  return found[0]!;
}

describe('round trip', () => {
  const children: ChildFields[] = [
    child(),
    child({
      code: 'TE002',
      fullName: 'Nguyễn Văn Cường',
      sex: 'male',
      birthDate: '2020-02-29',
      idNumber: null,
      birthRegisteredOn: null,
      education: null,
      fullyImmunizedOn: null,
      note: 'Con thứ hai; ở với bà',
    }),
    child({
      code: 'TE003',
      householdCode: 'H02',
      householdHead: 'Lê Thị Dung',
      villageName: 'Thôn Tây',
      fullName: 'Lê Minh Đức',
      sex: 'male',
      birthDate: '2010-01-15',
      idNumber: '079210000001',
      education: 'lower_secondary',
      guardianName: 'Lê Thị Dung',
      guardianRelation: 'Mẹ',
      disability: 'Khiếm thính',
      movedOutOn: '2024-08-01',
    }),
    child({
      code: '0042',
      householdCode: 'H03',
      householdHead: 'Trần Văn Em',
      fullName: 'Trần Thu Hà',
      birthDate: '2012-03-04',
      idNumber: '012312000123',
      education: 'out_of_school',
      diedOn: '2024-12-31',
    }),
  ];
  const circumstances: (CircumstanceFields & { childCode: string })[] = [
    { childCode: 'TE003', group: 'd', startedOn: '2011-06-01', endedOn: null, note: 'Khuyết tật nặng' },
    { childCode: 'TE002', group: 'dd', startedOn: '2021-01-01', endedOn: '2023-01-01', note: '' },
  ];
  const supports: (SupportFields & { childCode: string })[] = [
    {
      childCode: 'TE003',
      kind: 'Học bổng',
      givenOn: '2023-09-05',
      provider: 'Hội Khuyến học xã',
      note: '500.000 đồng',
    },
  ];
  const healthRecords: (HealthRecordFields & { childCode: string })[] = [
    {
      childCode: 'TE002',
      kind: 'growth',
      checkedOn: '2022-03-01',
      weightKg: 10.5,
      heightCm: 82.3,
      underweight: true,
      stunted: false,
      note: '',
    },
    {
      childCode: 'TE001',
      kind: 'periodic',
      checkedOn: '2024-10-10',
      weightKg: null,
      heightCm: null,
      underweight: false,
      stunted: true,
      note: 'Khám tại trạm y tế',
    },
  ];

  for (const locale of ['vi', 'en'] as const)
    it(`writes and reads back the same records (${locale})`, async () => {
      const data = await writeRegisterWorkbook({ children, circumstances, supports, healthRecords }, locale);
      const r = await parseRegisterFile(data, 'so.xlsx', opts());
      expect(r.issues).toEqual([]);
      expect(r.children.map((c) => c.fields)).toEqual(children);
      expect(r.children.map((c) => c.row)).toEqual([2, 3, 4, 5]);
      expect(r.circumstances.map(({ childCode, fields }) => ({ childCode, ...fields }))).toEqual(circumstances);
      expect(r.supports.map(({ childCode, fields }) => ({ childCode, ...fields }))).toEqual(supports);
      expect(r.healthRecords.map(({ childCode, fields }) => ({ childCode, ...fields }))).toEqual(healthRecords);
      expect(r.circumstances[0]).toMatchObject({ sheet: sheetName('circumstances', locale), row: 2 });
      expect(r.rowCount).toBe(9);
    });

  it('writes the template: five sheets, Vietnamese headers, date and text formats, instructions', async () => {
    const data = await writeRegisterWorkbook(
      { children: [child()], circumstances: [], supports: [], healthRecords: [] },
      'vi',
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Trẻ em',
      'Hoàn cảnh đặc biệt',
      'Trợ giúp',
      'Sức khỏe',
      'Hướng dẫn',
    ]);
    const ws = wb.getWorksheet('Trẻ em')!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(headers('children'));
    expect(ws.getCell('G1').value).toBe('Ngày sinh');
    const birth = ws.getCell('G2');
    expect(birth.value).toEqual(new Date(Date.UTC(2016, 8, 5)));
    expect(birth.numFmt).toBe('dd/mm/yyyy');
    expect(ws.getCell('I2').value).toBe('001316012345');
    expect(ws.getCell('I2').numFmt).toBe('@');
    // Cells typed later into the template get the column's format: text for ID numbers, dates dd/mm/yyyy.
    expect(ws.getColumn('I').numFmt).toBe('@');
    expect(ws.getColumn('Q').numFmt).toBe('dd/mm/yyyy');
    expect(ws.getCell('H2').value).toBe('Nữ');
    const guide = wb.getWorksheet('Hướng dẫn')!;
    const text = guide
      .getSheetValues()
      .flat()
      .filter((v) => typeof v === 'string')
      .join('\n');
    expect(text).toContain('05/09/2020');
    expect(text).toContain('Trung học cơ sở');
    expect(text).toContain('Trẻ em nhiễm HIV/AIDS');
    expect(text).toContain('Cân, đo');
  });

  it('reads small workbooks completely every time (sheets stored before workbook.xml)', async () => {
    // exceljs' streaming reader, used before xlsx-read.ts, stopped early on such files and lost sheets.
    const data = await writeRegisterWorkbook(
      { children: [child()], circumstances: [], supports: [], healthRecords: [] },
      'vi',
    );
    for (let i = 0; i < 25; i++) {
      const r = await parseRegisterFile(data, 'so.xlsx', opts());
      expect(r.issues).toEqual([]);
      expect(r.children.map((c) => c.fields)).toEqual([child()]);
    }
  });

  it('reports the blank template as a file without data rows', async () => {
    const data = await writeRegisterWorkbook(
      { children: [], circumstances: [], supports: [], healthRecords: [] },
      'vi',
    );
    const r = await parseRegisterFile(data, 'mau.xlsx', opts());
    expect(r.issues.map((i) => [i.sheet, i.row, i.code])).toEqual([['', 0, 'empty_file']]);
    expect(r.issues[0]!.message).toContain('mau.xlsx');
  });
});

describe('cells', () => {
  it('reads Excel date cells, date serials, formulas and text dates alike', async () => {
    const rows = [
      childCells({ code: 'A1', birthDate: new Date(Date.UTC(2016, 8, 5)), birthRegisteredOn: '20/09/2016' }),
      childCells({ code: 'A2', birthDate: '5/9/2016', birthRegisteredOn: '2016-09-20', idNumber: '001316012346' }),
      childCells({
        code: 'A3',
        birthDate: { formula: 'DATE(2016,9,5)', result: new Date(Date.UTC(2016, 8, 5)) },
        birthRegisteredOn: '20-09-2016',
        idNumber: '001316012347',
      }),
      childCells({ code: 'A4', birthDate: 42618, birthRegisteredOn: '20.9.2016', idNumber: '001316012348' }), // 42618 is 05/09/2016
    ];
    const r = await parseRegisterFile(await workbook(childrenSheet(...rows)), 'a.xlsx', opts());
    expect(r.issues).toEqual([]);
    expect(r.children.map((c) => [c.fields.birthDate, c.fields.birthRegisteredOn])).toEqual(
      Array(4).fill(['2016-09-05', '2016-09-20']),
    );
  });

  it('reads dates of a workbook using the 1904 date system', async () => {
    const wb = new ExcelJS.Workbook();
    wb.properties.date1904 = true;
    const ws = wb.addWorksheet('Trẻ em');
    ws.addRow(headers('children'));
    ws.addRow(childCells({ birthDate: new Date(Date.UTC(2016, 8, 5)), birthRegisteredOn: 41171 })); // 41171 is 20/09/2016 counted from 1904
    const r = await parseRegisterFile(Buffer.from(await wb.xlsx.writeBuffer()), 'mac.xlsx', opts());
    expect(r.issues).toEqual([]);
    expect(r.children[0]!.fields).toMatchObject({ birthDate: '2016-09-05', birthRegisteredOn: '2016-09-20' });
  });

  it('reads columns by header text in any order and case, without diacritics or in English, past titles, extra columns and blank rows', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Trẻ em');
    ws.addRow(['SỔ THEO DÕI TRẺ EM XÃ AN BÌNH']);
    ws.addRow([]);
    ws.addRow([
      'STT',
      'ho va ten',
      'MÃ TRẺ EM',
      'Ngay sinh',
      'Sex',
      'Thôn/tổ dân phố',
      'Mã hộ',
      '  Chủ   hộ ',
      'Số định danh cá nhân',
      'Cân nặng',
      'Hoc tap',
    ]);
    ws.addRow([
      1,
      { richText: [{ text: 'Nguyễn ' }, { font: { bold: true }, text: 'Thị Bình' }] },
      'TE001',
      '05/09/2016',
      'nu',
      'Thôn Đông',
      'H01',
      'Nguyễn Văn An',
      1316012345,
      'x',
      'tiểu học',
    ]);
    ws.addRow([]);
    ws.addRow([null, null, null]);
    ws.addRow([
      2,
      'Nguyễn Văn Cường',
      'TE002',
      '01/02/2019',
      'male',
      'Thôn Đông',
      'H01',
      'Nguyễn Văn An',
      { text: '079219000001', hyperlink: 'https://example.org' },
      '',
      'primary',
    ]);
    const r = await parseRegisterFile(Buffer.from(await wb.xlsx.writeBuffer()), 'a.xlsx', opts());
    expect(r.issues).toEqual([]);
    expect(r.children.map((c) => c.row)).toEqual([4, 7]);
    expect(r.children[0]!.fields).toMatchObject({
      fullName: 'Nguyễn Thị Bình',
      code: 'TE001',
      sex: 'female',
      idNumber: '001316012345',
      education: 'primary',
      address: '',
    });
    expect(r.children[1]!.fields).toMatchObject({ sex: 'male', idNumber: '079219000001', education: 'primary' });
    expect(r.rowCount).toBe(2);
  });

  it('reads numbers with a decimal comma or point and the yes/no words', async () => {
    const r = await parseRegisterFile(
      await workbook(
        childrenSheet(childCells()),
        datedSheet(
          'healthRecords',
          ['TE001', 'Cân, đo', '01/03/2020', '20,5', '120.4', 'x', 'không', ''],
          ['TE001', 'periodic', new Date(Date.UTC(2021, 0, 2)), 21, 125, 'Có', 0, ''],
          ['TE001', 'kham suc khoe dinh ky', '03/01/2022', null, null, 'TRUE', '', ''],
        ),
      ),
      'a.xlsx',
      opts(),
    );
    expect(r.issues).toEqual([]);
    expect(r.healthRecords.map((h) => h.fields)).toEqual([
      {
        kind: 'growth',
        checkedOn: '2020-03-01',
        weightKg: 20.5,
        heightCm: 120.4,
        underweight: true,
        stunted: false,
        note: '',
      },
      {
        kind: 'periodic',
        checkedOn: '2021-01-02',
        weightKg: 21,
        heightCm: 125,
        underweight: true,
        stunted: false,
        note: '',
      },
      {
        kind: 'periodic',
        checkedOn: '2022-01-03',
        weightKg: null,
        heightCm: null,
        underweight: true,
        stunted: false,
        note: '',
      },
    ]);
  });

  it('reads text numbers the Vietnamese way, the English way only when nothing else fits, and refuses "1,200"', async () => {
    const file = await workbook(
      childrenSheet(childCells()),
      datedSheet(
        'healthRecords',
        ['TE001', 'Cân, đo', '01/03/2020', '12,5', '1.000,5', '', '', ''], // Vietnamese: 12.5 and 1000.5 (refused above 220)
        ['TE001', 'Cân, đo', '01/04/2020', '13.25', '98 ', '', '', ''], // "13.25" can only be English
        ['TE001', 'Cân, đo', '01/05/2020', '14,200', '99', '', '', ''], // 14.2 or 14,200?
      ),
    );
    const vi = await parseRegisterFile(file, 'a.xlsx', opts());
    expect(vi.issues.map((i) => [i.row, i.column, i.code, i.value, i.params])).toEqual([
      [2, 'E (Chiều cao (cm))', 'too_large', '1.000,5', undefined],
      [4, 'D (Cân nặng (kg))', 'ambiguous_number', '14,200', { asThousands: '14200', asDecimal: '14,2' }],
    ]);
    expect(vi.issues[1]!.message).toBe(
      'Cân nặng (kg) (giá trị “14,200”): có thể là 14200 hoặc 14,2 (dấu phân cách vừa có thể tách hàng nghìn, ' +
        'vừa có thể là dấu thập phân); hãy ghi 14,2 hoặc 14200 cho rõ.',
    );
    expect(vi.healthRecords.map((h) => [h.fields.weightKg, h.fields.heightCm])).toEqual([[13.25, 98]]);
    // In English the comma groups thousands and the point is the decimal mark: "14,200" is 14200 kg, too heavy.
    const en = await parseRegisterFile(file, 'a.xlsx', opts({ locale: 'en' }));
    expect(en.issues.map((i) => [i.row, i.code, i.value])).toEqual([
      [2, 'too_large', '1.000,5'],
      [4, 'too_large', '14,200'],
    ]);
  });

  it('reads groups by code, by the letter đ or by label, and sub-groups the commune knows', async () => {
    const r = await parseRegisterFile(
      await workbook(
        childrenSheet(childCells()),
        datedSheet(
          'circumstances',
          ['TE001', 'Đ', '01/01/2020'],
          ['TE001', 'Trẻ em khuyết tật', '01/01/2020'],
          ['TE001', 'c.1', '01/01/2020'],
          ['TE001', 'D', '01/01/2021'],
        ),
      ),
      'a.xlsx',
      opts({ groups: new Set(['a', 'c', 'c.1', 'd', 'dd']) }),
    );
    expect(r.issues).toEqual([]);
    expect(r.circumstances.map((c) => c.fields.group)).toEqual(['dd', 'd', 'c.1', 'd']);
  });
});

describe('CSV', () => {
  const csvHeader = headers('children');
  const line = (cells: unknown[], sep: string) =>
    cells
      .map((c) => (c === null ? '' : String(c)))
      .map((c) => (c.includes(sep) || c.includes('"') ? `"${c.replace(/"/g, '""')}"` : c))
      .join(sep);

  it('reads UTF-8 with a BOM and semicolons, below a title line', async () => {
    const text =
      '\uFEFF' +
      [
        ['SỔ THEO DÕI TRẺ EM, XÃ AN BÌNH'],
        csvHeader,
        childCells({ address: 'Số 3; ngõ 5' }),
        childCells({ code: 'TE002', idNumber: '001316012399', birthDate: '2019-02-01', birthRegisteredOn: '' }),
      ]
        .map((r) => line(r, ';'))
        .join('\r\n') +
      '\r\n';
    const r = await parseRegisterFile(Buffer.from(text, 'utf8'), 'tre-em.csv', opts());
    expect(r.issues).toEqual([]);
    expect(r.children.map((c) => [c.row, c.fields.code, c.fields.address, c.fields.birthDate, c.fields.sex])).toEqual([
      [3, 'TE001', 'Số 3; ngõ 5', '2016-09-05', 'female'],
      [4, 'TE002', 'Số 3', '2019-02-01', 'female'],
    ]);
  });

  it('reads commas without a BOM and reports rows and columns as a spreadsheet shows them', async () => {
    const text = [
      csvHeader,
      childCells({ address: 'Số 3, ngõ 5' }),
      [],
      childCells({ code: 'TE002', idNumber: '', birthDate: '31/02/2019' }),
    ]
      .map((r) => line(r, ','))
      .join('\n');
    const r = await parseRegisterFile(Buffer.from(text, 'utf8'), 'tre-em.csv', opts());
    expect(r.children.map((c) => c.fields.address)).toEqual(['Số 3, ngõ 5']);
    const bad = oneIssue(r, 'bad_date');
    expect(bad).toMatchObject({
      sheet: 'Trẻ em',
      row: 4,
      column: 'G (Ngày sinh)',
      field: 'birthDate',
      value: '31/02/2019',
    });
    expect(bad.message).toContain('31/02/2019');
  });

  it('reads Vietnamese typed in decomposed form (NFD) as the same text as the composed form, in CSV and in .xlsx', async () => {
    const nfd = (x: string) => x.normalize('NFD');
    const cells = childCells({
      villageName: nfd('Thôn Đồng Bẩm'),
      fullName: nfd('Nguyễn Thị Hoà'),
      householdHead: nfd('Nguyễn Văn Bình'),
    });
    const csv = await parseRegisterFile(
      Buffer.from([csvHeader, cells].map((r) => line(r, ';')).join('\n'), 'utf8'),
      'nfd.csv',
      opts(),
    );
    const xlsx = await parseRegisterFile(await workbook(childrenSheet(cells)), 'nfd.xlsx', opts());
    for (const r of [csv, xlsx]) {
      expect(r.issues).toEqual([]);
      expect(r.children[0]!.fields).toMatchObject({
        villageName: 'Thôn Đồng Bẩm',
        fullName: 'Nguyễn Thị Hoà',
        householdHead: 'Nguyễn Văn Bình',
      });
      expect(r.children[0]!.fields.villageName).not.toBe(nfd('Thôn Đồng Bẩm'));
    }
  });

  it('refuses a CSV that is not UTF-8', async () => {
    const latin1 = Buffer.from('M\xe3 tr\xe9;H\xf4\n', 'latin1');
    const r = await parseRegisterFile(latin1, 'x.csv', opts());
    expect(r.issues.map((i) => [i.sheet, i.row, i.code])).toEqual([['', 0, 'csv_not_utf8']]);
  });

  it('reports missing required headers of a CSV', async () => {
    const text = 'Mã trẻ em;Họ và tên;Ngày sinh\nTE1;A;01/01/2020\n';
    const r = await parseRegisterFile(Buffer.from(text), 'x.csv', opts());
    const issue = oneIssue(r, 'missing_columns');
    expect(issue).toMatchObject({
      sheet: '',
      row: 0,
      params: { sheet: 'Trẻ em', fields: ['villageName', 'householdCode', 'householdHead', 'sex'] },
    });
    expect(issue.message).toContain('Thôn/tổ dân phố, Mã hộ, Chủ hộ, Giới tính');
  });

  it('calls onProgress at least every 2,000 rows and ends at the total', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) =>
      childCells({ code: `T${i}`, householdCode: `H${i}`, idNumber: '' }),
    );
    const text = [csvHeader, ...rows].map((r) => line(r, ';')).join('\n');
    const calls: [number, number][] = [];
    const r = await parseRegisterFile(Buffer.from(text), 'x.csv', opts({ onProgress: (d, t) => calls.push([d, t]) }));
    expect(r.children).toHaveLength(5000);
    expect(calls.at(-1)).toEqual([5000, 5000]);
    let last = 0;
    for (const [done, total] of calls) {
      expect(done - last).toBeLessThanOrEqual(2000);
      expect(total).toBeGreaterThanOrEqual(done);
      last = done;
    }
  });
});

describe('bad rows', () => {
  it('a future date and a death before birth', async () => {
    const r = await parseRegisterFile(
      await workbook(
        childrenSheet(
          childCells({ birthDate: '05/09/2030', birthRegisteredOn: '' }),
          childCells({ code: 'TE002', idNumber: '', birthDate: new Date(Date.UTC(2016, 8, 5)), diedOn: '01/01/2015' }),
        ),
      ),
      'a.xlsx',
      opts(),
    );
    expect(r.children).toEqual([]);
    const future = oneIssue(r, 'in_future');
    expect(future).toMatchObject({
      sheet: 'Trẻ em',
      row: 2,
      column: 'G (Ngày sinh)',
      field: 'birthDate',
      value: '05/09/2030',
    });
    expect(future.message).toContain('05/09/2030');
    expect(future.message).toContain('01/06/2025');
    const before = oneIssue(r, 'before');
    expect(before).toMatchObject({
      row: 3,
      column: 'Q (Ngày mất)',
      field: 'diedOn',
      value: '01/01/2015',
      params: { other: 'birthDate', otherValue: '2016-09-05' },
    });
    expect(before.message).toBe('Ngày mất (giá trị 01/01/2015): sớm hơn Ngày sinh (05/09/2016).');
  });

  it('a duplicate child code', async () => {
    const r = await parseRegisterFile(
      await workbook(
        childrenSheet(childCells(), childCells({ code: 'TE009', idNumber: '' }), childCells({ idNumber: '' })),
      ),
      'a.xlsx',
      opts(),
    );
    const issue = oneIssue(r, 'duplicate_code');
    expect(issue).toMatchObject({
      row: 4,
      column: 'A (Mã trẻ em)',
      field: 'code',
      value: 'TE001',
      params: { otherRow: 2 },
    });
    expect(issue.message).toContain('TE001');
    expect(issue.message).toContain('dòng 2');
    expect(r.children.map((c) => c.row)).toEqual([2, 3]);
  });

  it('a duplicate ID number in the file, with a child in the register, and in another commune', async () => {
    const existing = new Map<string, ExistingChild>([
      ['OLD1', { code: 'OLD1', birthDate: '2015-01-01', diedOn: null, householdCode: 'H77', idNumber: '001315000077' }],
    ]);
    const elsewhere = new Map([['001316000088', 'trẻ em mã X5 ở xã Bình Minh']]);
    const r = await parseRegisterFile(
      await workbook(
        childrenSheet(
          childCells(),
          childCells({ code: 'TE002', idNumber: '001316012345' }),
          childCells({ code: 'TE003', idNumber: '001315000077' }),
          childCells({ code: 'TE004', idNumber: '001316000088' }),
        ),
      ),
      'a.xlsx',
      opts({ existing, idNumbersElsewhere: elsewhere }),
    );
    const dups = only(r, 'duplicate_id_number');
    expect(dups.map((i) => [i.row, i.column, i.value, i.params?.other])).toEqual([
      [3, 'I (Số định danh cá nhân)', '001316012345', 'dòng 2'],
      [4, 'I (Số định danh cá nhân)', '001315000077', 'trẻ em mã OLD1'],
      [5, 'I (Số định danh cá nhân)', '001316000088', 'trẻ em mã X5 ở xã Bình Minh'],
    ]);
    expect(dups[1]!.message).toBe(
      'Số định danh cá nhân (giá trị “001315000077”): số định danh bị trùng với trẻ em mã OLD1.',
    );
    expect(r.children.map((c) => c.fields.code)).toEqual(['TE001']);
  });

  it('a child of the register is not a duplicate of itself, nor of a number it gives up in the same file', async () => {
    const existing = new Map<string, ExistingChild>([
      [
        'TE001',
        { code: 'TE001', birthDate: '2016-09-05', diedOn: null, householdCode: 'H01', idNumber: '001316012345' },
      ],
      ['OLD1', { code: 'OLD1', birthDate: '2015-01-01', diedOn: null, householdCode: 'H77', idNumber: '001315000077' }],
    ]);
    const r = await parseRegisterFile(
      await workbook(
        childrenSheet(
          childCells(),
          childCells({
            code: 'OLD1',
            idNumber: '001315000078',
            householdCode: 'H77',
            birthDate: '01/01/2015',
            birthRegisteredOn: '',
          }),
          childCells({ code: 'TE005', idNumber: '001315000077', householdCode: 'H05' }),
        ),
      ),
      'a.xlsx',
      opts({ existing }),
    );
    expect(r.issues).toEqual([]);
    expect(r.children).toHaveLength(3);
  });

  it('a child in two households, and one household with two heads', async () => {
    const existing = new Map<string, ExistingChild>([
      ['TE001', { code: 'TE001', birthDate: '2016-09-05', diedOn: null, householdCode: 'H09', idNumber: null }],
    ]);
    const r = await parseRegisterFile(
      await workbook(
        childrenSheet(
          childCells(),
          childCells({
            code: 'TE002',
            idNumber: '',
            householdHead: 'Nguyễn Văn Ba',
            villageName: 'thôn  đông'.replace('  ', ' '),
          }),
        ),
      ),
      'a.xlsx',
      opts({ existing }),
    );
    const two = oneIssue(r, 'two_households');
    expect(two).toMatchObject({
      row: 2,
      column: 'C (Mã hộ)',
      field: 'householdCode',
      value: 'H01',
      params: { other: 'H09' },
    });
    expect(two.message).toContain('H01');
    expect(two.message).toContain('H09');
    const mismatch = oneIssue(r, 'household_mismatch');
    expect(mismatch).toMatchObject({
      row: 3,
      column: 'D (Chủ hộ)',
      field: 'householdHead',
      value: 'Nguyễn Văn Ba',
      params: { household: 'H01', otherRow: 2 },
    });
    expect(mismatch.message).toBe(
      'Chủ hộ (giá trị “Nguyễn Văn Ba”): hộ “H01” đã được ghi với Chủ hộ “Nguyễn Văn An” ở dòng 2.',
    );
  });

  it('records of an unknown child, an unknown group, before birth and after death', async () => {
    const existing = new Map<string, ExistingChild>([
      ['OLD1', { code: 'OLD1', birthDate: '2015-01-01', diedOn: '2020-05-01', householdCode: 'H77', idNumber: null }],
    ]);
    const r = await parseRegisterFile(
      await workbook(
        childrenSheet(childCells()),
        datedSheet(
          'circumstances',
          ['TE999', 'a', '01/01/2020'],
          ['TE001', 'z', '01/01/2020'],
          ['TE001', 'a', '01/01/2010'],
          ['OLD1', 'a', '01/01/2021'],
          ['TE001', 'a', '01/01/2020', '01/01/2019'],
        ),
        datedSheet('supports', ['OLD1', 'Quà Tết', '01/02/2019', 'UBND xã']),
      ),
      'a.xlsx',
      opts({ existing }),
    );
    const sheet = 'Hoàn cảnh đặc biệt';
    expect(r.issues.map((i) => [i.sheet, i.row, i.column, i.code])).toEqual([
      [sheet, 2, 'A (Mã trẻ em)', 'unknown_child'],
      [sheet, 3, 'B (Nhóm hoàn cảnh đặc biệt)', 'unknown_group'],
      [sheet, 4, 'C (Từ ngày)', 'before'],
      [sheet, 5, 'C (Từ ngày)', 'after_death'],
      [sheet, 6, 'D (Đến ngày)', 'before'],
    ]);
    expect(r.issues[0]!.message).toContain('TE999');
    expect(r.issues[1]!.message).toContain('“z”');
    expect(r.issues[2]!.message).toBe('Từ ngày (giá trị 01/01/2010): sớm hơn Ngày sinh (05/09/2016).');
    expect(r.issues[3]!.message).toBe('Từ ngày (giá trị 01/01/2021): muộn hơn Ngày mất của trẻ (01/05/2020).');
    expect(r.circumstances).toEqual([]);
    expect(r.supports.map((s) => [s.childCode, s.fields.givenOn])).toEqual([['OLD1', '2019-02-01']]);
  });

  it('a record of a child whose own row has problems points to that row', async () => {
    const r = await parseRegisterFile(
      await workbook(
        childrenSheet(childCells({ sex: 'không rõ' })),
        datedSheet('supports', ['TE001', 'Quà Tết', '01/02/2020', 'UBND xã']),
      ),
      'a.xlsx',
      opts(),
    );
    expect(r.issues.map((i) => [i.sheet, i.row, i.code])).toEqual([
      ['Trẻ em', 2, 'bad_choice'],
      ['Trợ giúp', 2, 'child_row_invalid'],
    ]);
    expect(r.issues[0]!.message).toContain('không rõ');
    expect(r.issues[1]!.message).toContain('dòng 2');
  });

  it('malformed date text, empty required cells, bad choices, numbers and yes/no', async () => {
    const r = await parseRegisterFile(
      await workbook(
        childrenSheet(
          childCells({
            birthDate: '5 tháng 9 năm 2016',
            birthRegisteredOn: '2016/13/01',
            fullName: '  ',
            sex: '',
            education: 'đại học',
            idNumber: '12345',
          }),
        ),
        datedSheet('healthRecords', ['TE001', 'Cân', '01/03/2020', 'hai mươi', '-3', 'có lẽ', '', '']),
      ),
      'a.xlsx',
      opts(),
    );
    expect(r.issues.map((i) => [i.row, i.column, i.code, i.value])).toEqual([
      [2, 'F (Họ và tên)', 'required', '  '],
      [2, 'G (Ngày sinh)', 'bad_date', '5 tháng 9 năm 2016'],
      [2, 'H (Giới tính)', 'required', null],
      [2, 'I (Số định danh cá nhân)', 'bad_id_number', '12345'],
      [2, 'L (Ngày đăng ký khai sinh)', 'bad_date', '2016/13/01'],
      [2, 'M (Học tập)', 'bad_choice', 'đại học'],
      [2, 'A (Mã trẻ em)', 'child_row_invalid', 'TE001'],
      [2, 'B (Loại)', 'bad_choice', 'Cân'],
      [2, 'D (Cân nặng (kg))', 'not_a_number', 'hai mươi'],
      [2, 'E (Chiều cao (cm))', 'not_positive', '-3'],
      [2, 'F (Nhẹ cân)', 'not_boolean', 'có lẽ'],
    ]);
    for (const i of r.issues.filter((i) => i.value !== null && i.code !== 'required'))
      expect(i.message).toContain(String(i.value));
    expect(r.issues.find((i) => i.code === 'bad_date')!.message).toBe(
      'Ngày sinh (giá trị “5 tháng 9 năm 2016”): không phải ngày hợp lệ; hãy ghi theo dạng ngày/tháng/năm, ví dụ 05/09/2020.',
    );
  });

  it('cells of the wrong type', async () => {
    const r = await parseRegisterFile(
      await workbook(
        childrenSheet(
          childCells({ birthDate: true }),
          childCells({ code: 'TE002', idNumber: '', fullName: new Date(Date.UTC(2020, 0, 2)) }),
          childCells({ code: 'TE003', idNumber: '', villageName: { error: '#N/A' } }),
        ),
      ),
      'a.xlsx',
      opts(),
    );
    expect(r.issues.map((i) => [i.row, i.column, i.code, i.value])).toEqual([
      [2, 'G (Ngày sinh)', 'bad_cell', true],
      [3, 'F (Họ và tên)', 'bad_cell', '02/01/2020'],
      [4, 'B (Thôn/tổ dân phố)', 'bad_cell', '#N/A'],
    ]);
    expect(r.issues[1]!.message).toContain('02/01/2020');
    expect(r.issues[2]!.message).toContain('#N/A');
    expect(r.children).toEqual([]);
  });

  it('messages in English', async () => {
    const r = await parseRegisterFile(
      await workbook(childrenSheet(childCells({ birthDate: '05/09/2030' }))),
      'a.xlsx',
      opts({ locale: 'en' }),
    );
    expect(oneIssue(r, 'in_future').message).toBe(
      'Date of birth (value 05/09/2030): a date in the future (today is 01/06/2025).',
    );
  });
});

describe('files that are not the template', () => {
  const fileIssue = (r: ParsedRegister) => {
    expect(r.issues).toHaveLength(1);
    expect(r.children).toEqual([]);
    expect(r.issues[0]).toMatchObject({ sheet: '', row: 0, column: '' });
    return r.issues[0]!;
  };

  it('a workbook of something else', async () => {
    const r = await parseRegisterFile(
      await workbook({
        name: 'Doanh thu',
        rows: [
          ['Tháng', 'Số tiền'],
          [1, 200],
        ],
      }),
      'doanh-thu.xlsx',
      opts(),
    );
    const issue = fileIssue(r);
    expect(issue.code).toBe('not_a_template');
    expect(issue.message).toContain('doanh-thu.xlsx');
    expect(issue.message).toContain('Doanh thu');
  });

  it('a children sheet without some required columns', async () => {
    const r = await parseRegisterFile(
      await workbook({
        name: 'Trẻ em',
        rows: [
          ['Mã trẻ em', 'Họ và tên', 'Thôn/tổ dân phố', 'Mã hộ', 'Chủ hộ'],
          ['TE1', 'A', 'T', 'H', 'C'],
        ],
      }),
      'a.xlsx',
      opts(),
    );
    const issue = fileIssue(r);
    expect(issue).toMatchObject({ code: 'missing_columns', params: { sheet: 'Trẻ em', fields: ['birthDate', 'sex'] } });
    expect(issue.message).toBe(
      'Trang “Trẻ em” của tệp “a.xlsx” thiếu cột: Ngày sinh, Giới tính. Hãy giữ đúng dòng tiêu đề của tệp mẫu.',
    );
  });

  it('a renamed children sheet is found by its headers', async () => {
    const r = await parseRegisterFile(
      await workbook({ name: 'Sheet1', rows: [headers('children'), childCells()] }),
      'a.xlsx',
      opts(),
    );
    expect(r.issues).toEqual([]);
    expect(r.children[0]!.fields.code).toBe('TE001');
  });

  it('a dated sheet without its required columns is reported, the rest is read', async () => {
    const r = await parseRegisterFile(
      await workbook(childrenSheet(childCells()), {
        name: 'Trợ giúp',
        rows: [
          ['Mã trẻ em', 'Loại', 'Ghi chú'],
          ['TE001', 'Quà', ''],
        ],
      }),
      'a.xlsx',
      opts(),
    );
    expect(r.issues.map((i) => [i.sheet, i.code, i.params?.sheet])).toEqual([['', 'missing_columns', 'Trợ giúp']]);
    expect(r.children).toHaveLength(1);
  });

  it('other files: not a spreadsheet, an old .xls, empty, damaged, too many rows', async () => {
    expect(fileIssue(await parseRegisterFile(Buffer.from('%PDF-1.7 ...'), 'so.pdf', opts())).code).toBe(
      'unsupported_file',
    );
    expect(
      fileIssue(await parseRegisterFile(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0, 0, 0]), 'so.xls', opts())).code,
    ).toBe('unsupported_file');
    expect(fileIssue(await parseRegisterFile(Buffer.alloc(0), 'so.xlsx', opts())).code).toBe('empty_file');
    expect(fileIssue(await parseRegisterFile(Buffer.from('\uFEFF \n'), 'so.csv', opts())).code).toBe('empty_file');
    const good = await workbook(childrenSheet(childCells()));
    expect(fileIssue(await parseRegisterFile(good.subarray(0, good.length - 200), 'so.xlsx', opts())).code).toBe(
      'unreadable_file',
    );
    const many = await workbook(
      childrenSheet(...Array.from({ length: 6 }, (_, i) => childCells({ code: `T${i}`, idNumber: '' }))),
    );
    const tooMany = fileIssue(await parseRegisterFile(many, 'so.xlsx', opts({ maxRows: 5 })));
    expect(tooMany).toMatchObject({ code: 'too_many_rows', params: { max: 5 } });
    expect(tooMany.message).toContain('5');
  });
});

describe('property', () => {
  const letters =
    'aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXYàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ0123456789';
  const word = fc.string({ unit: fc.constantFrom(...letters.split('')), minLength: 1, maxLength: 8 });
  const words = (max: number) => fc.array(word, { minLength: 1, maxLength: 4 }).map((w) => w.join(' ').slice(0, max));
  const optionalWords = (max: number) =>
    fc.oneof(fc.constant(''), words(max), fc.constantFrom('0123', '=1+1', 'x', "'quoted'", '12,5'));
  const birth = fc
    .integer({ min: 1, max: 17 * 365 })
    .map((days) => format(addDays(subYears(parseISO(TODAY), 18), days + 1), 'yyyy-MM-dd'));
  const after = (from: string) =>
    fc.option(
      fc
        .integer({ min: 0, max: 3000 })
        .map((d) => format(addDays(parseISO(from), d), 'yyyy-MM-dd'))
        .filter((d) => d <= TODAY),
      { nil: null },
    );

  const childArb = (i: number) =>
    birth.chain((birthDate) =>
      fc.record({
        code: word.map((w) => `${w}-${i}`),
        villageName: words(120),
        householdCode: fc.constant(`H${i}`),
        householdHead: words(120),
        address: optionalWords(200),
        fullName: words(120),
        birthDate: fc.constant(birthDate),
        sex: fc.constantFrom('male' as const, 'female' as const),
        idNumber: fc.option(
          fc
            .integer({ min: 0, max: 999_999 })
            .map((n) => `0${String(i).padStart(5, '0')}${String(n).padStart(6, '0')}`),
          { nil: null },
        ),
        guardianName: optionalWords(120),
        guardianRelation: optionalWords(60),
        birthRegisteredOn: after(birthDate),
        education: fc.option(fc.constantFrom(...EDUCATION), { nil: null }),
        fullyImmunizedOn: after(birthDate),
        disability: optionalWords(200),
        movedOutOn: after(birthDate),
        diedOn: after(birthDate),
        note: optionalWords(500),
      }),
    );
  const childrenArb = fc
    .integer({ min: 1, max: 8 })
    .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => childArb(i))));

  it('random valid children are read back as written', async () => {
    await fc.assert(
      fc.asyncProperty(childrenArb, fc.constantFrom('vi' as const, 'en' as const), async (children, locale) => {
        const data = await writeRegisterWorkbook(
          { children, circumstances: [], supports: [], healthRecords: [] },
          locale,
        );
        const r = await parseRegisterFile(data, 'p.xlsx', opts());
        expect(r.issues).toEqual([]);
        expect(r.children.map((c) => c.fields)).toEqual(children);
      }),
      { numRuns: 40 },
    );
  });
});

describe('sheets that are not read', () => {
  it('leave nothing behind that fails later, outside the call (exceljs once did, on temp files)', async () => {
    const { writeRegisterWorkbook: write } = await import('../../src/server/features/register/import/write.ts');
    const { parseRegisterFile: parse } = await import('../../src/server/features/register/import/parse.ts');
    const crashes: unknown[] = [];
    const onCrash = (e: unknown) => crashes.push(e);
    process.on('uncaughtException', onCrash);
    try {
      // Written by the template: worksheets before shared strings, with the unread "Hướng dẫn" sheet.
      const file = await write({ children: [], circumstances: [], supports: [], healthRecords: [] }, 'vi');
      for (let i = 0; i < 60; i++) await parse(file, 'mau.xlsx', { today: '2026-11-23', locale: 'vi' });
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      process.off('uncaughtException', onCrash);
    }
    expect(crashes).toEqual([]);
  });
});
