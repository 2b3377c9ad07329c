// Reads an uploaded criteria-inputs workbook into its identity sheet and the rows of its inputs sheet,
// nothing more: checking the cells against the rule set and the stored values is preview.ts's. Uses the
// platform's streaming reader and its workarounds (src/server/platform/spreadsheet.ts).
import { foldHeader } from '../../../../core/text.ts';
import {
  columnLetter,
  isBlank,
  openXlsx,
  plain,
  rowBatches,
  type Plain,
  type SheetRow,
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
  | { kind: 'unreadable' }
  | {
      kind: 'read';
      sheetNames: string[];
      /** Key → value of the identity sheet; null when the file has none. */
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
  const { reader, internals } = openXlsx(data);
  const lookup = headerLookup();
  const sheetNames: string[] = [];
  let meta: Map<string, string> | null = null;
  let inputs: { name: string; columns: Map<ColumnKey, ReadColumn> | null; rows: ReadRow[] } | null = null;
  let sheetCount = 0;
  try {
    for await (const ws of reader) {
      if (!sheetCount) for (const s of internals.model?.sheets ?? []) sheetNames.push(s.name);
      sheetCount++;
      const name = (ws as unknown as { name?: string }).name ?? '';
      if (name === META_SHEET && !meta) {
        meta = new Map();
        for await (const batch of rowBatches(ws))
          for (const { values } of batch) {
            const key = plain(values[1]);
            const value = plain(values[2]);
            if (typeof key === 'string' && (typeof value === 'string' || typeof value === 'number'))
              meta.set(key.trim(), String(value).trim());
          }
        continue;
      }
      if (!isInputsSheet(name) || inputs) {
        // Drained even when not read: see rowBatches and readXlsx in parse.ts.
        for await (const _ of rowBatches(ws)) void _;
        continue;
      }
      const sheet: { name: string; columns: Map<ColumnKey, ReadColumn> | null; rows: ReadRow[] } = {
        name,
        columns: null,
        rows: [],
      };
      inputs = sheet;
      let scanned = 0;
      for await (const batch of rowBatches(ws))
        for (const row of batch) {
          if (!sheet.columns) {
            if (++scanned <= HEADER_SCAN_ROWS) sheet.columns = findHeader(row, lookup);
            continue;
          }
          if (sheet.rows.length >= MAX_ROWS) continue;
          const cells: ReadRow['cells'] = {};
          for (const [key, column] of sheet.columns) cells[key] = plain(row.values[column.index]);
          if (!isBlank(cells.code ?? null) || !isBlank(cells.entry ?? null))
            sheet.rows.push({ row: row.number, cells });
        }
    }
    // Every sheet the workbook lists was read (see zipInput in parse.ts).
    if (!sheetCount || !internals.model?.sheets || sheetCount !== sheetNames.length) return { kind: 'unreadable' };
  } catch {
    return { kind: 'unreadable' };
  }
  return { kind: 'read', sheetNames, meta, inputs };
}
