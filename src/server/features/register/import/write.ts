// Writes the register's workbook: the blank template, or an export that parse.ts reads back unchanged.
// Dates are real Excel date cells (dd/mm/yyyy), the ID number column is formatted as text so that its
// leading zeros survive, choices are written as their labels in the workbook's language, yes as "x".
// Rows are streamed (exceljs WorkbookWriter), so an export of 100,000 children stays small in memory.
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { parseISO } from 'date-fns';
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
  choiceLabel,
  DATE_FORMAT,
  groupCell,
  headerLabel,
  sheetName,
  TEMPLATE,
  TEXT_FORMAT,
  YES,
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

/** An ISO day as an Excel date cell: a Date at UTC midnight, which exceljs stores as that day's serial. */
function excelDate(iso: string): Date {
  const d = parseISO(iso);
  return new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()));
}

function cellOf(column: ColumnDef, value: unknown, locale: Locale): CellOut {
  if (value === null || value === undefined || value === '') return null;
  switch (column.kind) {
    case 'date':
      return excelDate(String(value));
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
  for (const sheet of TEMPLATE) {
    const ws = workbook.addWorksheet(sheetName(sheet.key, locale), { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = sheet.columns.map((c) => ({
      key: c.field,
      width: c.width,
      style: c.kind === 'date' ? { numFmt: DATE_FORMAT } : c.kind === 'idNumber' ? { numFmt: TEXT_FORMAT } : {},
    }));
    const header = ws.addRow(sheet.columns.map((c) => headerLabel(c.field, locale)));
    sheet.columns.forEach((c, i) => {
      const cell = header.getCell(i + 1);
      cell.font = c.required ? REQUIRED_FONT : HEADER_FONT;
      cell.fill = HEADER_FILL;
      cell.numFmt = TEXT_FORMAT;
    });
    header.commit();
    for (const record of rowsOf[sheet.key])
      ws.addRow(sheet.columns.map((c) => cellOf(c, record[c.field], locale))).commit();
    ws.commit();
  }
  writeInstructions(workbook.addWorksheet(sheetName('instructions', locale)), locale);

  await workbook.commit();
  await ended;
  return Buffer.concat(chunks);
}

function writeInstructions(ws: ExcelJS.Worksheet, locale: Locale) {
  const t = translator(locale);
  const i = (key: string, params?: Record<string, unknown>) => t(`registerImport:instructions.${key}`, params);
  ws.columns = [{ width: 28 }, { width: 22 }, { width: 90 }];
  const text = (value: string, font?: Partial<ExcelJS.Font>) => {
    const row = ws.addRow([value]);
    if (font) row.getCell(1).font = font;
    row.commit();
  };
  text(i('title'), { bold: true, size: 14 });
  text('');
  for (const key of ['sheets', 'headers']) text(i(key));
  for (const sheet of TEMPLATE)
    text(
      i('required', {
        sheet: sheetName(sheet.key, locale),
        columns: sheet.columns
          .filter((c) => c.required)
          .map((c) => headerLabel(c.field, locale))
          .join(', '),
      }),
    );
  for (const key of ['dates', 'idNumber', 'yesNo', 'household']) text(i(key));
  text('');
  text(i('choices'), { bold: true });
  const head = ws.addRow([i('column'), i('write'), i('meaning')]);
  head.font = { bold: true };
  head.commit();
  const choice = (column: string, write: string, meaning = '') => ws.addRow([column, write, meaning]).commit();
  for (const code of SEXES) choice(headerLabel('sex', locale), choiceLabel('sex', code, locale));
  for (const code of EDUCATION) choice(headerLabel('education', locale), choiceLabel('education', code, locale));
  for (const code of HEALTH_KINDS)
    choice(
      `${sheetName('healthRecords', locale)}: ${headerLabel('kind', locale)}`,
      choiceLabel('healthKind', code, locale),
    );
  for (const g of CIRCUMSTANCE_GROUPS) choice(headerLabel('group', locale), g.letter, g.label[locale]);
  for (const g of BUILTIN_SUBGROUPS) choice(headerLabel('group', locale), g.code, g.label[locale]);
  const yesNo = `${headerLabel('underweight', locale)}, ${headerLabel('stunted', locale)}`;
  choice(yesNo, YES, i('yes'));
  choice(yesNo, i('empty'), i('no'));
  ws.commit();
}
