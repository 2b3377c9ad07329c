// Writes the register's workbook: the blank template, or an export that parse.ts reads back unchanged.
// Dates are real Excel date cells (dd/mm/yyyy), the ID number column is formatted as text so that its
// leading zeros survive, choices are written as their labels in the workbook's language, yes as "x".
// Like the criteria template, the file helps the one who fills it in: lists for the choices (taken from the
// table on the instructions sheet), date, number and ID checks, and the header rows and instructions locked
// (no password) while the data cells stay editable.
// Rows are streamed (exceljs WorkbookWriter), so an export of 100,000 children stays small in memory.
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { BUILTIN_SUBGROUPS, CIRCUMSTANCE_GROUPS } from '../../../../core/register/circumstances.ts';
import {
  EDUCATION,
  HEALTH_KINDS,
  SEXES,
  type ChildFields,
  type CircumstanceFields,
  type HealthRecordFields,
  type SupportFields,
} from '../../../../core/register/records.ts';
import { translator, type Locale } from '../../../../i18n/index.ts';
import {
  dateCell,
  DATE_FORMAT,
  fitRowHeight,
  guardRow,
  pageSetupFor,
  sheetRange,
  TEXT_FORMAT,
  validateRange,
} from '../../../platform/spreadsheet-write.ts';
import {
  choiceLabel,
  groupCell,
  headerLabel,
  sheetName,
  TEMPLATE,
  YES,
  type CellKind,
  type ColumnDef,
  type DataSheetKey,
} from './template.ts';

export interface RegisterWorkbookContent {
  children: ChildFields[];
  circumstances: (CircumstanceFields & { childCode: string })[];
  supports: (SupportFields & { childCode: string })[];
  healthRecords: (HealthRecordFields & { childCode: string })[];
}

type CellOut = string | number | Date | null;

function cellOf(column: ColumnDef, value: unknown, locale: Locale): CellOut {
  if (value === null || value === undefined || value === '') return null;
  switch (column.kind) {
    case 'date':
      return dateCell(String(value));
    case 'sex':
    case 'education':
    case 'healthKind':
      return choiceLabel(column.kind, String(value), locale);
    case 'group':
      return groupCell(String(value));
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return value === true ? YES : null;
    default:
      return String(value);
  }
}

const HEADER_FONT = { bold: true };
const REQUIRED_FONT = { bold: true, color: { argb: 'FFC00000' } };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };

/** Rows below the last written one that still get the lists and checks, for what is typed in later. */
export const VALIDATED_ROWS_AHEAD = 5000;

/** Days the date check accepts: wide, it catches text and typing slips, not implausible dates (the import does). */
const FIRST_DAY = new Date(Date.UTC(1950, 0, 1));
const LAST_DAY = new Date(Date.UTC(2099, 11, 31));

/** What a protected sheet still lets one do: select, widen columns, insert rows, sort and filter the data. */
const PROTECTION: Partial<ExcelJS.WorksheetProtection> = {
  selectLockedCells: true,
  selectUnlockedCells: true,
  formatColumns: true,
  formatRows: true,
  insertRows: true,
  sort: true,
  autoFilter: true,
};

/** The workbook as a Buffer; empty content gives the blank template. */
export async function writeRegisterWorkbook(content: RegisterWorkbookContent, locale: Locale): Promise<Buffer> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: true });
  workbook.creator = 'xa-phu-hop-tre-em';

  const rowsOf: Record<DataSheetKey, Record<string, unknown>[]> = {
    children: content.children,
    circumstances: content.circumstances,
    supports: content.supports,
    healthRecords: content.healthRecords,
  };
  // The instructions sheet comes last but holds the lists the data sheets' dropdowns point to: lay it out first.
  const guide = instructions(locale);
  for (const sheet of TEMPLATE) {
    const rows = rowsOf[sheet.key];
    const lastColumn = columnLetter(sheet.columns.length);
    const ws = workbook.addWorksheet(sheetName(sheet.key, locale), {
      views: [{ state: 'frozen', ySplit: 1 }],
      pageSetup: { ...pageSetupFor(sheet.columns.map((c) => c.width)), printTitlesRow: '1:1' },
    });
    ws.autoFilter = `A1:${lastColumn}1`;
    // Column styles reach the cells typed in later: formats, and unlocked so that only the header is protected.
    ws.columns = sheet.columns.map((c) => ({
      key: c.field,
      width: c.width,
      style: {
        ...(c.kind === 'date' ? { numFmt: DATE_FORMAT } : c.kind === 'idNumber' ? { numFmt: TEXT_FORMAT } : {}),
        protection: { locked: false },
      },
    }));
    const header = ws.addRow(sheet.columns.map((c) => headerLabel(c.field, locale)));
    sheet.columns.forEach((c, i) => {
      const cell = header.getCell(i + 1);
      cell.font = c.required ? REQUIRED_FONT : HEADER_FONT;
      cell.fill = HEADER_FILL;
      cell.numFmt = TEXT_FORMAT;
      cell.protection = { locked: true };
      cell.alignment = { vertical: 'middle', wrapText: true }; // a long header wraps rather than being cut
    });
    fitRowHeight(
      header,
      sheet.columns.map((c) => c.width),
    );
    header.commit();
    for (const record of rows) {
      const row = ws.addRow(sheet.columns.map((c) => cellOf(c, record[c.field], locale)));
      guardRow(row);
      row.commit();
    }
    const last = rows.length + 1 + VALIDATED_ROWS_AHEAD;
    sheet.columns.forEach((c, i) => {
      const check = validationOf(c.kind, guide.lists, locale);
      if (check) validateRange(ws, `${columnLetter(i + 1)}2:${columnLetter(i + 1)}${last}`, check);
    });
    // Without a password, as the criteria template: it guards the headers against slips, not against intent.
    await ws.protect('', PROTECTION);
    ws.commit();
  }
  const widths = [26, 20, 64]; // within a landscape A4 page even where Calibri falls back to a wider font
  const ws = workbook.addWorksheet(sheetName('instructions', locale), { pageSetup: pageSetupFor(widths) });
  ws.columns = widths.map((width) => ({ width }));
  for (const line of guide.rows) {
    const row = ws.addRow(line.cells);
    if (line.font) row.font = line.font;
    if (line.prose) {
      // A sentence spans the three columns and wraps there, instead of running off the page.
      ws.mergeCells(row.number, 1, row.number, widths.length);
      row.getCell(1).alignment = { wrapText: true, vertical: 'top' };
      fitRowHeight(row, [widths.reduce((sum, w) => sum + w, 0)]);
    } else if (line.cells.length > 1) {
      row.alignment = { wrapText: true, vertical: 'top' };
      fitRowHeight(row, widths);
    }
    guardRow(row);
    row.commit();
  }
  await ws.protect('', { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true });
  ws.commit();

  await workbook.commit();
  await ended;
  return Buffer.concat(chunks);
}

/** A column's letter from its 1-based index (the register's sheets have fewer than 27 columns). */
function columnLetter(index: number): string {
  return String.fromCharCode(64 + index);
}

type ListKind = 'sex' | 'education' | 'healthKind' | 'group';

/** The check of a column's cells. Choices warn rather than refuse: the import also takes codes and the other language. */
function validationOf(kind: CellKind, lists: Record<ListKind, string>, locale: Locale): ExcelJS.DataValidation | null {
  const t = translator(locale);
  const v = (key: string) => ({
    allowBlank: true,
    showErrorMessage: true,
    errorStyle: 'warning',
    errorTitle: t(`registerImport:validation.${key}Title`),
    error: t(`registerImport:validation.${key}`),
    showInputMessage: true,
    promptTitle: t(`registerImport:validation.${key}Title`),
    prompt: t(`registerImport:validation.${key}`),
  });
  switch (kind) {
    case 'sex':
    case 'education':
    case 'healthKind':
    case 'group':
      return { type: 'list', formulae: [lists[kind]], ...v('choice') };
    case 'boolean':
      return { type: 'list', formulae: [`"${YES}"`], ...v('yes') };
    case 'date':
      return { type: 'date', operator: 'between', formulae: [FIRST_DAY, LAST_DAY], ...v('date') };
    case 'idNumber':
      return { type: 'textLength', operator: 'equal', formulae: [12], ...v('idNumber') };
    case 'number':
      return { type: 'decimal', operator: 'greaterThanOrEqual', formulae: [0], ...v('number') };
    default:
      return null;
  }
}

interface Line {
  cells: string[];
  font?: Partial<ExcelJS.Font>;
  /** A sentence across the sheet's width, not a row of the table. */
  prose?: boolean;
}

/** The instructions sheet's rows, and where its table of choices lists each kind (column B). */
function instructions(locale: Locale): { rows: Line[]; lists: Record<ListKind, string> } {
  const t = translator(locale);
  const i = (key: string, params?: Record<string, unknown>) => t(`registerImport:instructions.${key}`, params);
  const sheet = sheetName('instructions', locale);
  const rows: Line[] = [];
  const text = (value: string, font?: Partial<ExcelJS.Font>) => rows.push({ cells: [value], font, prose: !!value });
  text(i('title'), { bold: true, size: 14 });
  text('');
  for (const key of ['sheets', 'headers']) text(i(key));
  for (const s of TEMPLATE)
    text(
      i('required', {
        sheet: sheetName(s.key, locale),
        columns: s.columns
          .filter((c) => c.required)
          .map((c) => headerLabel(c.field, locale))
          .join(', '),
      }),
    );
  for (const key of ['dates', 'idNumber', 'yesNo', 'household', 'lists']) text(i(key));
  text('');
  text(i('choices'), { bold: true });
  rows.push({ cells: [i('column'), i('write'), i('meaning')], font: { bold: true } });
  /** Adds one kind's choices and gives the range of their "write" cells. */
  const choices = (entries: Array<[string, string, string?]>) => {
    const from = rows.length + 1;
    for (const [column, write, meaning = ''] of entries) rows.push({ cells: [column, write, meaning] });
    return sheetRange(sheet, 'B', from, rows.length);
  };
  const lists: Record<ListKind, string> = {
    sex: choices(SEXES.map((code) => [headerLabel('sex', locale), choiceLabel('sex', code, locale)])),
    education: choices(
      EDUCATION.map((code) => [headerLabel('education', locale), choiceLabel('education', code, locale)]),
    ),
    healthKind: choices(
      HEALTH_KINDS.map((code) => [
        `${sheetName('healthRecords', locale)}: ${headerLabel('kind', locale)}`,
        choiceLabel('healthKind', code, locale),
      ]),
    ),
    group: choices([
      ...CIRCUMSTANCE_GROUPS.map((g): [string, string, string] => [
        headerLabel('group', locale),
        g.letter,
        g.label[locale],
      ]),
      ...BUILTIN_SUBGROUPS.map((g): [string, string, string] => [
        headerLabel('group', locale),
        g.code,
        g.label[locale],
      ]),
    ]),
  };
  const yesNo = `${headerLabel('underweight', locale)}, ${headerLabel('stunted', locale)}`;
  choices([
    [yesNo, YES, i('yes')],
    [yesNo, i('empty'), i('no')],
  ]);
  return { rows, lists };
}
