// Every workbook the server writes, generated through its routes over the demo: each date column holds date
// cells shown dd/mm/yyyy (moments dd/mm/yyyy hh:mm, Vietnam time), no visible cell holds a date as text, and
// names that look like formulas (a commune renamed "=HYPERLINK(…)", a child named "+1…") come out inert in the
// .xlsx files and in the CSV. The register template's aids (lists, checks, protection) are checked, and the
// template filled in as a clerk would is read back by the register importer.
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRegisterFile } from '../../src/server/features/register/import/parse.ts';
import { headerLabel, TEMPLATE } from '../../src/server/features/register/import/template.ts';
import {
  csvFile,
  dateCell,
  dateTimeCell,
  isFormulaLike,
  phraseDateFormat,
} from '../../src/server/platform/spreadsheet-write.ts';
import { login, startTestApp, type TestApp } from '../support/server.ts';

const DAY = 'dd/mm/yyyy';
const MOMENT = 'dd/mm/yyyy hh:mm';
const EVIL_UNIT = '=HYPERLINK("http://example.com/x","Xã Vạn Phú")';
const EVIL_CHILD = '+1 Nguyễn Văn Thử';
const EVIL_HEAD = '@SUM(1+1)';

let t: TestApp;
const cookies: Record<string, string> = {};
let province: number;
let vanPhu: number;
let daiTu: number;
let period2026: number;
let childId: number;

const get = (user: string, url: string) =>
  t.app.inject({ method: 'GET', url, headers: { cookie: cookies[user]!, 'accept-language': 'vi' } });

async function workbookOf(user: string, url: string): Promise<{ wb: ExcelJS.Workbook; data: Buffer }> {
  const res = await get(user, url);
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  return { wb, data: res.rawPayload };
}

const isEmpty = (v: unknown) => v === null || v === undefined || v === '';

/**
 * The cells under each date label: a label in a header row (three or more text cells) heads a column down to
 * the first empty row; a label elsewhere is a fact, its value the next cell to the right.
 */
function datesUnder(wb: ExcelJS.Workbook, labels: Record<string, string>) {
  const wrong: string[] = [];
  let dates = 0;
  for (const ws of wb.worksheets) {
    if (ws.state !== 'visible') continue;
    ws.eachRow((row, r) => {
      const texts = (row.values as unknown[]).filter((v) => typeof v === 'string').length;
      row.eachCell((label, c) => {
        const format = typeof label.value === 'string' ? labels[label.value] : undefined;
        if (!format) return;
        const cells: ExcelJS.Cell[] = [];
        if (texts >= 3)
          for (let below = r + 1; below <= ws.rowCount && ws.getRow(below).actualCellCount > 0; below++)
            cells.push(ws.getRow(below).getCell(c));
        else cells.push(row.getCell(c + 1));
        for (const cell of cells) {
          if (isEmpty(cell.value)) continue;
          if (cell.value instanceof Date && cell.numFmt === format) dates++;
          else wrong.push(`${ws.name}!${cell.address} = ${JSON.stringify(cell.value)} (${cell.numFmt ?? 'General'})`);
        }
      });
    });
  }
  return { dates, wrong };
}

/**
 * Text cells of the visible sheets that hold a date as text: short cells, not sentences (a rule quoting the
 * day a law took effect is prose), and not the instructions, which show examples.
 */
function textDates(wb: ExcelJS.Workbook, except: string[] = []): string[] {
  const found: string[] = [];
  for (const ws of wb.worksheets) {
    if (ws.state !== 'visible' || except.includes(ws.name)) continue;
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        const text = cell.value;
        if (
          typeof text === 'string' &&
          text.split(/\s+/).length < 8 &&
          /\b\d{1,2}\/\d{1,2}\/\d{4}\b|\b\d{4}-\d{2}-\d{2}\b/.test(text)
        )
          found.push(`${ws.name}!${cell.address} = ${cell.value}`);
      }),
    );
  }
  return found;
}

/** The cells holding exactly `text`, with what makes them inert: a string cell, text format. */
function cellsWith(wb: ExcelJS.Workbook, text: string) {
  const found: Array<{ where: string; type: ExcelJS.ValueType; numFmt: string | undefined; formula: unknown }> = [];
  for (const ws of wb.worksheets)
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        if (cell.value === text || (cell.formula !== undefined && String(cell.formula).includes(text.slice(1, 8))))
          found.push({
            where: `${ws.name}!${cell.address}`,
            type: cell.type,
            numFmt: cell.numFmt,
            formula: cell.formula,
          });
      }),
    );
  return found;
}

/** No worksheet of the file holds a formula element. */
function formulaElements(data: Buffer): string[] {
  const files = unzipSync(new Uint8Array(data));
  return Object.entries(files)
    .filter(([name, bytes]) => /^xl\/worksheets\/.*\.xml$/.test(name) && /<f[ >]/.test(strFromU8(bytes)))
    .map(([name]) => name);
}

const expectInert = (wb: ExcelJS.Workbook, data: Buffer, text: string) => {
  const cells = cellsWith(wb, text);
  expect(cells.length, `"${text}" is in the workbook`).toBeGreaterThan(0);
  for (const c of cells) expect(c, c.where).toMatchObject({ type: ExcelJS.ValueType.String, numFmt: '@' });
  expect(formulaElements(data)).toEqual([]);
};

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  const unit = (code: string, level: 'province' | 'commune') =>
    db
      .selectFrom('unit')
      .select('id')
      .where('code', '=', code)
      .where('level', '=', level)
      .where('valid_to', 'is', null)
      .executeTakeFirstOrThrow()
      .then((u) => u.id);
  province = await unit('19', 'province');
  vanPhu = await unit('05845', 'commune');
  daiTu = await unit('05830', 'commune'); // the demo's register
  period2026 = (await db.selectFrom('period').select('id').where('year', '=', 2026).executeTakeFirstOrThrow()).id;
  for (const u of ['xa.vanphu', 'xa.daitu', 'chutich.daitu', 'tinh.thainguyen', 'admin'])
    cookies[u] = await login(t.app, u);

  // A commune's 6-month report of 2025, so that the consolidated workbook has a submission date.
  const submitted = await t.app.inject({
    method: 'POST',
    url: `/api/units/${vanPhu}/reports/2025/six_month/submit`,
    headers: { cookie: cookies['xa.vanphu']!, 'idempotency-key': 'b2-vp-2025', 'accept-language': 'vi' },
  });
  expect(submitted.statusCode, submitted.body).toBe(200);
  // A survey, so that the results workbook has a sheet with the period's days.
  const survey = await t.app.inject({
    method: 'POST',
    url: `/api/communes/${vanPhu}/surveys`,
    headers: { cookie: cookies['xa.vanphu']!, 'accept-language': 'vi' },
    payload: { periodId: period2026, audience: 'children', sampleSize: 6 },
  });
  expect(survey.statusCode, survey.body).toBe(201);

  // Names that a spreadsheet would evaluate: the commune, and a child of the demo register with records.
  await db.updateTable('unit').set({ name: EVIL_UNIT }).where('id', '=', vanPhu).execute();
  const withRecords = await db
    .selectFrom('child as c')
    .innerJoin('child_health_record as h', 'h.child_id', 'c.id')
    .innerJoin('child_circumstance as ci', 'ci.child_id', 'c.id')
    .select('c.id')
    .where('c.unit_id', '=', daiTu)
    .orderBy('c.id')
    .executeTakeFirstOrThrow();
  childId = withRecords.id;
  await db.updateTable('child').set({ full_name: EVIL_CHILD }).where('id', '=', childId).execute();
  const household = await db
    .selectFrom('child')
    .select('household_id')
    .where('id', '=', childId)
    .executeTakeFirstOrThrow();
  await db.updateTable('household').set({ head_name: EVIL_HEAD }).where('id', '=', household.household_id).execute();
  // A read of the record, so that the guardian's export has a read log with a moment in it.
  const read = await get('xa.daitu', `/api/communes/${daiTu}/register/children/${childId}`);
  expect(read.statusCode, read.body).toBe(200);
}, 180_000);

afterAll(async () => {
  await t?.close();
});

describe('the writing helpers', () => {
  it('turn days and moments into date cells without a time-zone shift', () => {
    expect(dateCell('2026-05-10')).toEqual(new Date(Date.UTC(2026, 4, 10)));
    expect(dateCell('2026-05-10T23:59:00+07:00')).toEqual(new Date(Date.UTC(2026, 4, 10)));
    expect(dateCell(null)).toBeNull();
    expect(() => dateCell('10/05/2026')).toThrow();
    // 18:30 UTC on the 9th is 01:30 on the 10th in Vietnam: the cell shows Vietnam's wall clock.
    expect(dateTimeCell('2026-05-09T18:30:00Z')).toEqual(new Date(Date.UTC(2026, 4, 10, 1, 30)));
    expect(phraseDateFormat((d) => `Số liệu đến ngày ${d}`)).toBe('"Số liệu đến ngày "dd/mm/yyyy');
    expect(phraseDateFormat((d) => `Tạo lúc ${d}.`, MOMENT)).toBe('"Tạo lúc "dd/mm/yyyy hh:mm"."');
  });

  it('call formula-like what starts with = + - @ tab or CR, and prefix it in CSV while numbers stay numbers', () => {
    for (const s of ['=1+1', '+84', '-x', '@A1', '\tx', '\rx']) expect(isFormulaLike(s), s).toBe(true);
    for (const s of ['Xã Vạn Phú', ' =1', '1-2', 'a=b', '']) expect(isFormulaLike(s), s).toBe(false);
    expect(isFormulaLike(-1)).toBe(false);
    const csv = csvFile(
      ['name', 'n'],
      [
        ['=1+1', -1],
        ['-2', 2.5],
        ['Thôn 1', null],
      ],
    );
    expect(csv.startsWith('\uFEFFname,n\r\n')).toBe(true);
    const rows = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true }).data;
    expect(rows).toEqual([
      ['name', 'n'],
      ["'=1+1", '-1'],
      ["'-2", '2.5'],
      ['Thôn 1', ''],
    ]);
  });
});

describe('every exported workbook', () => {
  it('the consolidated report: "Hạn gửi" and "Ngày gửi" are dates, the as-of line a date that reads as words', async () => {
    const { wb, data } = await workbookOf(
      'tinh.thainguyen',
      `/api/units/${province}/reports/2025/six_month/consolidated.xlsx`,
    );
    const { dates, wrong } = datesUnder(wb, { 'Hạn gửi': DAY, 'Ngày gửi': DAY });
    expect(wrong).toEqual([]);
    const communes = wb.getWorksheet('Theo xã, phường')!;
    const rows = communes.getSheetValues().filter((r) => Array.isArray(r) && typeof r[1] === 'number');
    expect(dates).toBe(rows.length + 1); // every deadline, and Vạn Phú's submission
    for (const ws of wb.worksheets) {
      const asOf = ws.getCell('A2');
      expect(asOf.value, ws.name).toBeInstanceOf(Date);
      expect(asOf.numFmt).toBe('"Số liệu đến ngày "dd/mm/yyyy');
    }
    expect(textDates(wb)).toEqual([]);
    expectInert(wb, data, EVIL_UNIT);
  });

  it('the dashboards: due and submission days, the period and the as-of day are dates', async () => {
    const { wb, data } = await workbookOf(
      'tinh.thainguyen',
      `/api/dashboards/provinces/${province}/dashboard.xlsx?periodId=${period2026}`,
    );
    const labels = {
      'Hạn nộp hồ sơ': DAY,
      'Ngày nộp': DAY,
      'Số liệu tại ngày': DAY,
      'Kỳ đánh giá từ ngày': DAY,
      'Kỳ đánh giá đến ngày': DAY,
    };
    const { dates, wrong } = datesUnder(wb, labels);
    expect(wrong).toEqual([]);
    const timeliness = wb.getWorksheet('Đúng hạn')!;
    const dossiers = timeliness.getColumn(3).values.filter((v) => v instanceof Date).length;
    expect(dossiers).toBeGreaterThan(0);
    expect(dates).toBeGreaterThanOrEqual(3 + dossiers);
    expect(textDates(wb)).toEqual([]);
    expectInert(wb, data, EVIL_UNIT);
    // Numbers stay numbers.
    expect(typeof wb.getWorksheet('Đơn vị')!.getCell('C2').value).toBe('number');

    const nation = await workbookOf('admin', `/api/dashboards/nation/dashboard.xlsx?periodId=${period2026}`);
    expect(datesUnder(nation.wb, labels).wrong).toEqual([]);
    expect(datesUnder(nation.wb, labels).dates).toBeGreaterThanOrEqual(3);
    expect(textDates(nation.wb)).toEqual([]);
  });

  it('the survey results: the period’s first and last days are dates', async () => {
    const { wb } = await workbookOf(
      'tinh.thainguyen',
      `/api/communes/${vanPhu}/surveys/results.xlsx?periodId=${period2026}`,
    );
    const { dates, wrong } = datesUnder(wb, { 'Kỳ đánh giá từ ngày': DAY, 'Kỳ đánh giá đến ngày': DAY });
    expect(wrong).toEqual([]);
    expect(dates).toBe(2);
    const ws = wb.worksheets[0]!;
    const from = ws.getColumn(2).values.find((v) => v instanceof Date);
    expect(from).toEqual(new Date(Date.UTC(2026, 0, 1)));
    expect(textDates(wb)).toEqual([]);
  });

  it('the register export: every date column of every sheet holds dates; names stay inert', async () => {
    const { wb, data } = await workbookOf('xa.daitu', `/api/communes/${daiTu}/register/export.xlsx`);
    const labels = Object.fromEntries(
      TEMPLATE.flatMap((s) => s.columns.filter((c) => c.kind === 'date').map((c) => [headerLabel(c.field, 'vi'), DAY])),
    );
    const { dates, wrong } = datesUnder(wb, labels);
    expect(wrong).toEqual([]);
    expect(dates).toBeGreaterThan(600); // at least each child's birth date
    expect(textDates(wb, ['Hướng dẫn'])).toEqual([]);
    expectInert(wb, data, EVIL_CHILD);
    expectInert(wb, data, EVIL_HEAD);
  });

  it('the child’s data for its guardian: days are dates, moments date-times in Vietnam time', async () => {
    const { wb, data } = await workbookOf(
      'chutich.daitu',
      `/api/communes/${daiTu}/privacy/children/${childId}/export?format=xlsx`,
    );
    const { dates, wrong } = datesUnder(wb, {
      'Thời điểm xuất': MOMENT,
      'Ngày sinh': DAY,
      'Ngày đăng ký khai sinh': DAY,
      'Ngày tiêm chủng đầy đủ': DAY,
      'Ngày chuyển đi': DAY,
      'Ngày mất': DAY,
      'Từ ngày': DAY,
      'Đến ngày': DAY,
      'Ngày hỗ trợ': DAY,
      'Ngày khám, cân đo': DAY,
      'Ngày xảy ra': DAY,
      'Ngày tiếp nhận': DAY,
      'Ngày đóng': DAY,
      'Thời điểm': MOMENT,
    });
    expect(wrong).toEqual([]);
    // Exported at, birth date, a circumstance's start, a health check, the read log's moments.
    expect(dates).toBeGreaterThanOrEqual(5);
    const read = wb.getWorksheet('Nhật ký truy cập')!.getCell('A2').value as Date;
    const logged = await t.database.db
      .selectFrom('child_access_log')
      .select('at')
      .where('child_id', '=', childId)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    expect(read).toEqual(dateTimeCell(new Date(logged.at)));
    // Codes in words, like the rest of the file.
    const log = wb.getWorksheet('Nhật ký truy cập')!;
    expect(log.getCell('C2').value).toBe('Xem hồ sơ');
    expect(String(log.getCell('D2').value)).toMatch(/^nhân thân, hộ gia đình/);
    expect(textDates(wb)).toEqual([]);
    expectInert(wb, data, EVIL_CHILD);
  });

  it('the criteria workbook: its generation moment is a date-time cell in Vietnam time', async () => {
    const { wb, data } = await workbookOf('xa.vanphu', `/api/units/${vanPhu}/assessments/${period2026}/inputs.xlsx`);
    const guide = wb.getWorksheet('Hướng dẫn')!;
    const generated: ExcelJS.Cell[] = [];
    guide.eachRow((row) => row.eachCell((cell) => void (cell.value instanceof Date && generated.push(cell))));
    expect(generated).toHaveLength(1);
    expect(generated[0]!.numFmt).toBe('"Tạo lúc "dd/mm/yyyy hh:mm"."');
    const skew = Math.abs((generated[0]!.value as Date).getTime() - dateTimeCell(new Date())!.getTime());
    expect(skew).toBeLessThan(10 * 60_000);
    expect(textDates(wb, ['Hướng dẫn'])).toEqual([]);
    expect(formulaElements(data)).toEqual([]);
  });
});

describe('the CSV the server writes', () => {
  it('prefixes a formula-like commune name with an apostrophe and keeps the codes as written', async () => {
    const res = await get('tinh.thainguyen', `/api/units/categories/template.csv?provinceId=${province}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body.startsWith('\uFEFF')).toBe(true); // so that Excel reads the Vietnamese letters
    const rows = Papa.parse<string[]>(res.body.slice(1), { skipEmptyLines: true }).data;
    expect(rows.find((r) => r[0] === '05845')?.[1]).toBe(`'${EVIL_UNIT}`);
    // Nothing else starts with a formula character once written.
    expect(rows.flat().filter((v) => isFormulaLike(v))).toEqual([]);
  });
});

describe('the register template', () => {
  const template = async () => (await workbookOf('xa.daitu', '/api/register/template.xlsx')).wb;

  it('has lists, date formats and checks on the data columns, and its header rows locked', async () => {
    const wb = await template();
    const ws = wb.getWorksheet('Trẻ em')!;
    type Model = Record<string, ExcelJS.DataValidation>;
    const checks = (ws as unknown as { dataValidations: { model: Model } }).dataValidations.model;
    const column = (label: string) => {
      const header = ws.getRow(1).values as unknown[];
      return String.fromCharCode(64 + header.indexOf(label));
    };
    const guide = wb.getWorksheet('Hướng dẫn')!;
    /** The values a list check offers, read from the range it points to. */
    const listOf = (v: ExcelJS.DataValidation) => {
      const m = /^'(.+)'!\$([A-Z])\$(\d+):\$[A-Z]\$(\d+)$/.exec(String(v.formulae[0]))!;
      expect(m[1]).toBe('Hướng dẫn');
      const out: unknown[] = [];
      for (let r = Number(m[3]); r <= Number(m[4]); r++) out.push(guide.getCell(`${m[2]}${r}`).value);
      return out;
    };
    const sex = checks[`${column('Giới tính')}2`]!;
    expect(sex.type).toBe('list');
    expect(listOf(sex)).toEqual(['Nam', 'Nữ']);
    expect(listOf(checks[`${column('Học tập')}2`]!)).toContain('Mầm non, mẫu giáo');
    expect(checks[`${column('Giới tính')}5000`]).toEqual(sex); // far below the header too
    const birth = checks[`${column('Ngày sinh')}2`]!;
    expect(birth.type).toBe('date');
    expect(ws.getColumn(column('Ngày sinh')).numFmt).toBe(DAY);
    expect(checks[`${column('Số định danh cá nhân')}2`]).toMatchObject({ type: 'textLength', formulae: [12] });
    const groups = (wb.getWorksheet('Hoàn cảnh đặc biệt')! as unknown as { dataValidations: { model: Model } })
      .dataValidations.model;
    expect(listOf(groups['B2']!)).toEqual(expect.arrayContaining(['a', 'đ', 'c.1', 'd.3']));
    const health = (wb.getWorksheet('Sức khỏe')! as unknown as { dataValidations: { model: Model } }).dataValidations
      .model;
    expect(listOf(health['B2']!)).toEqual(['Cân, đo', 'Khám sức khỏe định kỳ']);
    expect(health['F2']).toMatchObject({ type: 'list', formulae: ['"x"'] });

    // Protected without a password: the header locked, the cells below (typed or not) open.
    for (const name of ['Trẻ em', 'Hoàn cảnh đặc biệt', 'Trợ giúp', 'Sức khỏe', 'Hướng dẫn']) {
      const sheet = wb.getWorksheet(name)!;
      const protection = (sheet as unknown as { sheetProtection: Record<string, unknown> | null }).sheetProtection;
      expect(protection, name).toMatchObject({ sheet: true });
      expect(protection!.hashValue, name).toBeUndefined();
    }
    expect(ws.getCell('A1').protection?.locked).not.toBe(false); // locked is the default
    expect(ws.getColumn('A').protection).toMatchObject({ locked: false });
    expect(ws.getColumn(column('Ngày sinh')).protection).toMatchObject({ locked: false });
  });

  it('filled in as a clerk would (choices from its lists, Excel dates) is read by the register importer', async () => {
    const wb = await template();
    const ws = wb.getWorksheet('Trẻ em')!;
    const header = (ws.getRow(1).values as unknown[]).slice(1) as string[];
    const at = (label: string) => header.indexOf(label) + 1;
    const row = ws.getRow(2);
    const set = (label: string, value: ExcelJS.CellValue) => (row.getCell(at(label)).value = value);
    set('Mã trẻ em', 'TE-01');
    set('Thôn/tổ dân phố', 'Thôn 3');
    set('Mã hộ', 'HO-01');
    set('Chủ hộ', 'Lục Văn Hộ');
    set('Họ và tên', 'Lục Thị Mai');
    set('Ngày sinh', new Date(Date.UTC(2018, 2, 14)));
    set('Giới tính', 'Nữ');
    set('Số định danh cá nhân', '019318001234');
    set('Học tập', 'Mầm non, mẫu giáo');
    row.commit();
    const circumstances = wb.getWorksheet('Hoàn cảnh đặc biệt')!;
    circumstances.getRow(2).values = ['TE-01', 'đ', new Date(Date.UTC(2024, 0, 2))];
    const health = wb.getWorksheet('Sức khỏe')!;
    health.getRow(2).values = ['TE-01', 'Cân, đo', new Date(Date.UTC(2026, 4, 4)), 14.5, 98, 'x'];
    const data = Buffer.from(await wb.xlsx.writeBuffer());

    const parsed = await parseRegisterFile(data, 'mau-da-dien.xlsx', { today: '2026-11-23', locale: 'vi' });
    expect(parsed.issues).toEqual([]);
    expect(parsed.children.map((c) => c.fields)).toEqual([
      expect.objectContaining({
        code: 'TE-01',
        fullName: 'Lục Thị Mai',
        birthDate: '2018-03-14',
        sex: 'female',
        idNumber: '019318001234',
        education: 'preschool',
      }),
    ]);
    expect(parsed.circumstances.map((c) => c.fields)).toEqual([
      expect.objectContaining({ group: 'dd', startedOn: '2024-01-02' }),
    ]);
    expect(parsed.healthRecords.map((c) => c.fields)).toEqual([
      expect.objectContaining({ kind: 'growth', checkedOn: '2026-05-04', weightKg: 14.5, underweight: true }),
    ]);
  });
});
