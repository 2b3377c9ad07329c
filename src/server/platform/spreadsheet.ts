// Reading spreadsheets, whatever they hold: cells as plain values, Excel's dates, column letters, the
// streamed .xlsx reader with its workarounds, and CSV text with Excel's delimiters. What a sheet means (the
// register template, the criteria-inputs workbook) belongs to the feature that reads it.
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { format, isValid, parse } from 'date-fns';

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

/** A cell as a plain value: rich text joined, a formula's result, a hyperlink's text, an error cell marked. */
export type Plain = null | string | number | boolean | Date | { error: string };

export function plain(v: unknown): Plain {
  if (v === null || v === undefined) return null;
  // Text in NFC, as every request is: "Thôn 1" typed in decomposed form must be the same village.
  if (typeof v === 'string') return v.normalize('NFC');
  if (typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText))
      return (o.richText as { text?: unknown }[])
        .map((r) => String(r.text ?? ''))
        .join('')
        .normalize('NFC');
    if ('formula' in o || 'sharedFormula' in o) return plain(o.result);
    if ('error' in o) return { error: String(o.error) };
    // A shared string exceljs could not resolve: its table was not read, the file cannot be trusted.
    if ('sharedString' in o) throw new Error('shared strings not read');
    if ('text' in o) return plain(o.text);
  }
  return { error: String(v) };
}

/** Nothing in the cell, or only spaces. */
export const isBlank = (v: Plain) => v === null || (typeof v === 'string' && v.trim() === '');
const pad2 = (n: number) => String(n).padStart(2, '0');

/** A date cell's day: exceljs gives the day at UTC midnight, so its UTC parts are the day Excel shows. */
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

/** What a streamed workbook tells about itself once its first sheet is reached. */
export interface XlsxInternals {
  model?: { sheets?: { name: string }[] };
  properties?: { model?: { date1904?: boolean } };
}

/** exceljs' streaming reader over the bytes (about twice as fast as Workbook.xlsx.load, a third of its memory). */
export function openXlsx(data: Buffer): { reader: ExcelJS.stream.xlsx.WorkbookReader; internals: XlsxInternals } {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(zipInput(data), {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  return { reader, internals: reader as unknown as XlsxInternals };
}

/** A sheet row as read: 1-based cell values (as exceljs gives them). */
export interface SheetRow {
  number: number;
  values: unknown[];
}

/**
 * The .xlsx bytes as the stream exceljs' reader unzips. unzipper's Parse stream emits 'end' from its
 * 'finish' handler as soon as it has parsed the zip's last record, even while entries are still queued
 * for the reader; exceljs then stops and never reads them — workbook.xml, the shared strings or whole
 * sheets, mostly in small files whose sheets precede workbook.xml (as exceljs and Excel write them).
 * Without that handler, Parse ends through its own push(null) once every entry has been read. The
 * handler is removed from the Parse stream this input is piped into; readXlsx also checks that every
 * sheet was read, so a future unzipper that behaves differently cannot silently drop rows.
 */
function zipInput(data: Buffer): Readable {
  const input = Readable.from([data]);
  const pipe = input.pipe.bind(input);
  input.pipe = <T extends NodeJS.WritableStream>(destination: T, options?: { end?: boolean }): T => {
    const emitter = destination as unknown as NodeJS.EventEmitter;
    for (const listener of emitter.listeners('finish'))
      if (/emit\(\s*['"]end['"]\s*\)/.test(String(listener)))
        emitter.removeListener('finish', listener as (...args: unknown[]) => void);
    endEntryOnError(destination as unknown as Readable);
    return pipe(destination, options);
  };
  return input;
}

/**
 * A damaged entry (bad deflate data) fails on unzipper's Parse stream, not on the entry, which then never
 * ends: exceljs, reading it or piping it into a temp file, would wait for it forever (found by fuzzing:
 * tests/fuzz). Ending the entry lets exceljs go on to the Parse stream's next record, where the error is thrown.
 */
function endEntryOnError(parse: Readable) {
  let current: Readable | null = null;
  const push = parse.push.bind(parse);
  parse.push = (chunk: unknown, encoding?: BufferEncoding) => {
    if (chunk instanceof Readable) current = chunk;
    return push(chunk, encoding);
  };
  parse.on('error', () => {
    const entry = current as (Readable & { writableEnded?: boolean; end?: () => void }) | null;
    if (entry && !entry.writableEnded && !entry.destroyed) entry.end?.();
  });
}

/** A streamed worksheet's rows in the batches exceljs parses them (one await per batch, not per row). */
export async function* rowBatches(ws: unknown): AsyncGenerator<SheetRow[]> {
  const events = (ws as { parse(): AsyncIterable<{ eventType: string; value: unknown }[]> }).parse();
  for await (const batch of events) {
    const rows: SheetRow[] = [];
    for (const { eventType, value } of batch)
      if (eventType === 'row') {
        const row = value as ExcelJS.Row;
        rows.push({ number: row.number, values: row.values as unknown[] });
      }
    if (rows.length) yield rows;
  }
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
