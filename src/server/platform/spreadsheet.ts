// Reading spreadsheets, whatever they hold: cells as plain values, Excel's dates, column letters, the
// .xlsx reader (xlsx-read.ts) and CSV text with Excel's delimiters. What a sheet means (the register
// template, the criteria-inputs workbook) belongs to the feature that reads it.
import Papa from 'papaparse';
import { format, isValid, parse } from 'date-fns';
import { phrase, type Phrase } from './refusal.ts';
import type { XlsxProblem } from './xlsx-read.ts';

/** A problem in an uploaded sheet, placed as Excel shows it: sheet, row, column letter and header. */
export interface RowIssue {
  sheet: string;
  row: number;
  column: string;
  field: string;
  value: unknown;
  code: string;
  params?: Record<string, unknown>;
  message: string;
}

// ───────────────────────────── cells ─────────────────────────────

/** A cell as a plain value (what the .xlsx reader and the CSV reader give): text in NFC, an error cell marked. */
export type Plain = null | string | number | boolean | Date | { error: string };

export function plain(v: unknown): Plain {
  if (v === null || v === undefined) return null;
  // Text in NFC, as every request is: "Thôn 1" typed in decomposed form must be the same village.
  if (typeof v === 'string') return v.normalize('NFC');
  if (typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object' && 'error' in v) return { error: String(v.error) };
  return { error: String(v) };
}

/** Nothing in the cell, or only spaces. */
export const isBlank = (v: Plain) => v === null || (typeof v === 'string' && v.trim() === '');
const pad2 = (n: number) => String(n).padStart(2, '0');

/** A date cell's day: the reader gives the day at UTC midnight, so its UTC parts are the day Excel shows. */
export const isoOfDateCell = (d: Date) =>
  `${String(d.getUTCFullYear()).padStart(4, '0')}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
const displayOfDateCell = (d: Date) => `${pad2(d.getUTCDate())}/${pad2(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;

/** What the cell shows, for RowIssue.value: dates as dd/mm/yyyy, text as typed. */
export function display(v: Plain): unknown {
  if (v instanceof Date) return isValid(v) ? displayOfDateCell(v) : String(v);
  if (v !== null && typeof v === 'object') return v.error;
  return v;
}

/** Numbers as their digits, never with an exponent. */
export function numberText(n: number): string {
  return Number.isInteger(n) && Math.abs(n) >= 1e21 ? BigInt(n).toString() : String(n);
}

const MS_PER_DAY = 86_400_000;
const EXCEL_EPOCH_1900 = Date.UTC(1899, 11, 30);
const EXCEL_EPOCH_1904 = Date.UTC(1904, 0, 1);

/** A date serial (a number cell without a date format, or a formula's result): the day Excel shows, or null. */
export function isoOfDateSerial(serial: number, date1904: boolean): string | null {
  if (serial < 1 || serial >= 2_958_466) return null;
  return isoOfDateCell(new Date((date1904 ? EXCEL_EPOCH_1904 : EXCEL_EPOCH_1900) + Math.floor(serial) * MS_PER_DAY));
}

/** A date typed as text: dd/mm/yyyy, d/m/yyyy (also with '-' or '.'), or yyyy-mm-dd. */
export function dateFromText(text: string, cache: Map<string, string | null>): string | null {
  let iso = cache.get(text);
  if (iso !== undefined) return iso;
  iso = null;
  const dmy = /^\d{1,2}([/.-])\d{1,2}\1\d{4}$/.exec(text);
  const pattern = dmy ? `d${dmy[1]}M${dmy[1]}yyyy` : /^\d{4}-\d{1,2}-\d{1,2}$/.test(text) ? 'yyyy-M-d' : null;
  if (pattern) {
    const d = parse(text, pattern, new Date(2000, 0, 1));
    if (isValid(d) && d.getFullYear() >= 1900) iso = format(d, 'yyyy-MM-dd');
  }
  cache.set(text, iso);
  return iso;
}

/** Excel's column letters: 1 → A, 27 → AA. */
export function columnLetter(index1: number): string {
  let n = index1;
  let letters = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

// ───────────────────────────── files ─────────────────────────────

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

/** A zip container: .xlsx (and .docx, .zip); checked by its first bytes, not its name. */
export const isZip = (data: Buffer) => data.subarray(0, 4).equals(ZIP);
/** The old binary .xls (and .doc) format, which is not read. */
export const isOle = (data: Buffer) => data.subarray(0, 4).equals(OLE);

export { openXlsx, XlsxError, type XlsxBook, type XlsxProblem, type XlsxSheet } from './xlsx-read.ts';

/** A sheet row as read: 1-based cell values. */
export interface SheetRow {
  number: number;
  values: unknown[];
}

/** An old binary .xls, or an .xlsx locked with a password to open (Office encrypts it into the same container). */
export function oleKind(data: Buffer): 'encrypted' | 'legacy' {
  return data.includes(Buffer.from('EncryptionInfo', 'utf16le')) ? 'encrypted' : 'legacy';
}

/**
 * A CSV file's rows (cells as text, NFC), or why it cannot be read. UTF-8 only (a BOM is dropped); the
 * delimiter is the one most used in the first lines (a title line may have none): Excel writes ';' where
 * the decimal separator is ',', as in Vietnam.
 */
export function readCsv(data: Buffer): { rows: string[][] } | { problem: 'csv_not_utf8' | 'empty_file' } {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data).replace(/^\uFEFF/, '');
  } catch {
    return { problem: 'csv_not_utf8' };
  }
  if (!text.trim()) return { problem: 'empty_file' };
  const sample = text.split(/\r?\n/, 10).join('\n');
  const count = (c: string) => sample.split(c).length - 1;
  const delimiter = [';', '\t'].find((d) => count(d) > count(',')) ?? ',';
  return { rows: Papa.parse<string[]>(text.normalize('NFC'), { delimiter, skipEmptyLines: false }).data };
}

/** Why a workbook could not be read, as a phrase (common:xlsx.*) to put in a file-level message. */
export function xlsxReason(problem: XlsxProblem | { reason: 'encrypted' | 'legacy' }): Phrase {
  switch (problem.reason) {
    case 'damaged':
      return problem.part ? phrase('common:xlsx.damaged_part', { part: problem.part }) : phrase('common:xlsx.damaged');
    case 'not_workbook':
      return phrase(`common:xlsx.not_workbook_${problem.found}`);
    default: {
      const { reason, ...params } = problem;
      return phrase(`common:xlsx.${reason}`, params);
    }
  }
}
