// Reads an uploaded criteria-inputs workbook into its identity sheet and the rows of its inputs sheet,
// nothing more: checking the cells against the rule set and the stored values is preview.ts's. Sheets are
// found by name whatever program saved the file (src/server/platform/xlsx-read.ts).
import { foldHeader } from '../../../../core/text.ts';
import {
  columnLetter,
  isBlank,
  openXlsx,
  plain,
  XlsxError,
  type Plain,
  type SheetRow,
  type XlsxBook,
  type XlsxProblem,
} from '../../../platform/spreadsheet.ts';
import { headerLookup, isInputsSheet, META_SHEET, type ColumnKey } from './layout.ts';

/** The header row is looked for among a sheet's first rows. */
const HEADER_SCAN_ROWS = 10;
/** More rows than any rule set has inputs: the rest of a sheet this long is not read. */
const MAX_ROWS = 2_000;

export interface ReadColumn {
  index: number;
  /** "F (Giá trị mới)": the letter and the header as written. */
  label: string;
}

export interface ReadRow {
  row: number;
  cells: Partial<Record<ColumnKey, Plain>>;
}

export type ReadWorkbook =
  | { kind: 'unreadable'; problem: XlsxProblem }
  | {
      kind: 'read';
      sheetNames: string[];
      /** Key → value of the identity sheet; null when the file has no such sheet (empty when the sheet is). */
      meta: Map<string, string> | null;
      /** The inputs sheet: null when absent; columns null when its header row was not found. */
      inputs: { name: string; columns: Map<ColumnKey, ReadColumn> | null; rows: ReadRow[] } | null;
    };

function findHeader(row: SheetRow, lookup: Map<string, ColumnKey>): Map<ColumnKey, ReadColumn> | null {
  const columns = new Map<ColumnKey, ReadColumn>();
  for (let index = 1; index < row.values.length; index++) {
    const v = plain(row.values[index]);
    if (typeof v !== 'string') continue;
    const key = lookup.get(foldHeader(v));
    if (key && !columns.has(key)) columns.set(key, { index, label: `${columnLetter(index)} (${v.trim()})` });
  }
  return columns.has('code') && columns.has('entry') ? columns : null;
}

export async function readInputsWorkbook(data: Buffer): Promise<ReadWorkbook> {
  let book: XlsxBook;
  try {
    book = await openXlsx(data);
  } catch (e) {
    if (e instanceof XlsxError) return { kind: 'unreadable', problem: e.problem };
    throw e;
  }
  try {
    const sheetNames = book.sheets.map((s) => s.name);
    const metaSheet = book.sheets.find((s) => s.name === META_SHEET);
    let meta: Map<string, string> | null = null;
    if (metaSheet) {
      meta = new Map();
      for await (const batch of book.rows(metaSheet))
        for (const { values } of batch) {
          const key = plain(values[1]);
          const value = plain(values[2]);
          if (typeof key === 'string' && (typeof value === 'string' || typeof value === 'number'))
            meta.set(key.trim(), String(value).trim());
        }
    }
    const inputsSheet = book.sheets.find((s) => isInputsSheet(s.name));
    if (!inputsSheet) return { kind: 'read', sheetNames, meta, inputs: null };
    const sheet: { name: string; columns: Map<ColumnKey, ReadColumn> | null; rows: ReadRow[] } = {
      name: inputsSheet.name,
      columns: null,
      rows: [],
    };
    const lookup = headerLookup();
    let scanned = 0;
    read: for await (const batch of book.rows(inputsSheet))
      for (const row of batch) {
        if (!sheet.columns) {
          if (++scanned > HEADER_SCAN_ROWS) break read;
          sheet.columns = findHeader(row, lookup);
          continue;
        }
        if (sheet.rows.length >= MAX_ROWS) break read;
        const cells: ReadRow['cells'] = {};
        for (const [key, column] of sheet.columns) cells[key] = plain(row.values[column.index]);
        if (!isBlank(cells.code ?? null) || !isBlank(cells.entry ?? null)) sheet.rows.push({ row: row.number, cells });
      }
    return { kind: 'read', sheetNames, meta, inputs: sheet };
  } catch (e) {
    if (e instanceof XlsxError) return { kind: 'unreadable', problem: e.problem };
    throw e;
  } finally {
    book.close();
  }
}
