// What every workbook and CSV the server writes shares: days and moments as real date cells shown dd/mm/yyyy
// (sortable, and never read month-first by an English-locale Excel), and user text that a spreadsheet could
// take for a formula (OWASP "CSV injection": = + - @ tab CR at the start) kept inert.
import type ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { VIETNAM_TIME_ZONE } from './clock.ts';

/** The number format of a date cell. */
export const DATE_FORMAT = 'dd/mm/yyyy';
/** The number format of a moment (Vietnam time). */
export const DATE_TIME_FORMAT = 'dd/mm/yyyy hh:mm';
/** Excel's text format: what is typed into such a cell stays text, even "=1+1". */
export const TEXT_FORMAT = '@';

/** Text a spreadsheet program would evaluate (or could, once the cell is edited or the file goes through CSV). */
export const FORMULA_START = /^[=+\-@\t\r]/;

export const isFormulaLike = (value: unknown): value is string =>
  typeof value === 'string' && FORMULA_START.test(value);

/**
 * A day as a date cell: `yyyy-mm-dd` (or an ISO timestamp, whose day part is taken) becomes a Date at UTC
 * midnight, which exceljs writes as exactly that day's serial whatever the machine's time zone.
 */
export function dateCell(day: string | Date | null | undefined): Date | null {
  if (day === null || day === undefined || day === '') return null;
  if (day instanceof Date) return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()));
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(day);
  if (!m) throw new Error(`not a day: ${day}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

const wallClock = new Intl.DateTimeFormat('en-CA', {
  timeZone: VIETNAM_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/**
 * A moment as a date-time cell showing Vietnam's wall clock: Excel cells have no time zone, so the cell holds
 * the Vietnamese date and time (written as if UTC, which is how exceljs turns a Date into a serial).
 */
export function dateTimeCell(at: string | Date | null | undefined): Date | null {
  if (at === null || at === undefined || at === '') return null;
  const moment = at instanceof Date ? at : new Date(at);
  if (Number.isNaN(moment.getTime())) throw new Error(`not a moment: ${String(at)}`);
  const p = Object.fromEntries(wallClock.formatToParts(moment).map((x) => [x.type, Number(x.value)]));
  return new Date(Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!));
}

/** Gives a cell holding a day its date format. */
export function setDate(cell: ExcelJS.Cell, day: string | Date | null | undefined): void {
  cell.value = dateCell(day);
  cell.numFmt = DATE_FORMAT;
}

/**
 * Keeps a row's formula-like text inert: exceljs writes a string as a string cell (never a formula), and the
 * text format keeps it text when someone edits the cell; the value itself is unchanged, so files read back as written.
 */
export function guardRow(row: ExcelJS.Row): void {
  row.eachCell((cell) => {
    const value = cell.value;
    if (isFormulaLike(value)) cell.numFmt = TEXT_FORMAT;
    else if (value !== null && typeof value === 'object' && ('formula' in value || 'sharedFormula' in value))
      // The server writes no formulas: refuse rather than let user text become one.
      throw new Error(`workbook cell ${cell.address} holds a formula`);
  });
}

/** Every row of every sheet through guardRow. */
export function guardWorkbook(workbook: ExcelJS.Workbook): void {
  for (const ws of workbook.worksheets) ws.eachRow((row) => guardRow(row));
}

/**
 * How a sheet prints: on A4, as wide as one page (as many pages down as it needs), across the page when its
 * columns are wider than a portrait page holds.
 */
export function pageSetupFor(columnWidths: number[]): Partial<ExcelJS.PageSetup> {
  const width = columnWidths.reduce((sum, w) => sum + w, 0);
  return {
    paperSize: 9, // A4
    orientation: width > 100 ? 'landscape' : 'portrait',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
  };
}

/**
 * A paragraph of prose across the first columns of a sheet: merged, wrapped, and its row made as tall as its
 * lines, since neither Excel nor LibreOffice fits the height of a merged row by itself.
 */
export function addNote(ws: ExcelJS.Worksheet, text: string, widths: number[]): ExcelJS.Row {
  const row = ws.addRow([text]);
  ws.mergeCells(row.number, 1, row.number, widths.length);
  row.getCell(1).alignment = { wrapText: true, vertical: 'top' };
  const perLine = Math.max(1, widths.reduce((sum, w) => sum + w, 0) * 0.95);
  row.height = 15 * Math.ceil(text.length / perLine);
  return row;
}

/**
 * Makes a row tall enough for its wrapped text: LibreOffice shows a row without a stored height at the default
 * height, so wrapped lines would overlap the next row. The count of lines is estimated from the column widths.
 */
export function fitRowHeight(row: ExcelJS.Row, widths: number[]): void {
  // widths: of the row's columns, or for a merged first cell the merge's whole width.
  let lines = 1;
  row.eachCell((cell, column) => {
    // The other cells of a merge repeat its first cell's value: only that one is measured.
    if (typeof cell.value !== 'string' || !cell.alignment?.wrapText || cell.master !== cell) return;
    const perLine = Math.max(1, (widths[column - 1] ?? 9) * 0.95);
    const count = cell.value.split('\n').reduce((sum, part) => sum + Math.max(1, Math.ceil(part.length / perLine)), 0);
    lines = Math.max(lines, count);
  });
  if (lines > 1) row.height = 15 * lines;
}

/**
 * The workbook's bytes, after guardWorkbook; each sheet prints one page wide (pageSetupFor) and its rows of
 * wrapped text get their height (fitRowHeight) unless one was set.
 */
export async function workbookBuffer(workbook: ExcelJS.Workbook): Promise<Buffer> {
  guardWorkbook(workbook);
  for (const ws of workbook.worksheets) {
    const widths = ws.columns?.map((c) => c.width ?? 9) ?? [];
    ws.pageSetup = { ...ws.pageSetup, ...pageSetupFor(widths) };
    ws.eachRow((row) => {
      if (row.height === undefined) fitRowHeight(row, widths);
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * A CSV file as the server writes them: a byte-order mark (so Excel reads the Vietnamese letters), CRLF line
 * ends, and formula-like text prefixed with an apostrophe (OWASP); numbers stay numbers.
 */
export function csvFile(fields: string[], rows: Array<Array<string | number | null>>): string {
  const csv = Papa.unparse(
    { fields, data: rows.map((r) => r.map((v) => v ?? '')) },
    { escapeFormulae: FORMULA_START, newline: '\r\n' },
  );
  return `\uFEFF${csv}\r\n`;
}

/**
 * The number format of a date cell that reads as a phrase, e.g. `"Số liệu đến ngày "dd/mm/yyyy`: the cell
 * stays a date (it sorts, filters and computes) while it shows the sentence. `phrase` puts its argument
 * where the date goes.
 */
export function phraseDateFormat(phrase: (date: string) => string, format: string = DATE_FORMAT): string {
  const mark = '\u2063DATE\u2063';
  const [before = '', after = ''] = phrase(mark).split(mark);
  // Within a format, text goes between double quotes, which it cannot contain itself.
  const literal = (text: string) => (text ? `"${text.replaceAll('"', '')}"` : '');
  return `${literal(before)}${format}${literal(after)}`;
}

/**
 * Sets a data validation on a whole range at once (exceljs stores it per range as written; its typings
 * only know the per-cell form).
 */
export function validateRange(ws: ExcelJS.Worksheet, range: string, validation: ExcelJS.DataValidation): void {
  (ws as unknown as { dataValidations: { add(address: string, v: ExcelJS.DataValidation): void } }).dataValidations.add(
    range,
    validation,
  );
}

/** A reference to cells of another sheet, as formulas and lists write it: 'Hướng dẫn'!$B$5:$B$6. */
export function sheetRange(sheet: string, column: string, from: number, to: number): string {
  return `'${sheet.replaceAll("'", "''")}'!$${column}$${from}:$${column}$${to}`;
}
