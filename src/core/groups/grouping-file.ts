// An uploaded grouping, read from its rows (CSV or the first sheet of an .xlsx, cells as text): a header
// naming the commune's code and the group's name (and, optionally, the group's code), then one row per
// commune. What the codes point to is the server's business; this only says what each row claims. Pure.
import { foldHeader } from '../text.ts';

export const MAX_GROUPING_ROWS = 20_000;

const CODE_HEADERS = new Set(['code', 'ma', 'ma xa', 'ma don vi', 'commune code', 'ma xa cu', 'ma xa moi']);
const GROUP_HEADERS = new Set([
  'group',
  'nhom',
  'ten nhom',
  'huyen',
  'huyen cu',
  'group name',
  'district',
  'ten huyen',
]);
const GROUP_CODE_HEADERS = new Set(['group code', 'ma nhom', 'ma huyen', 'ma huyen cu', 'district code']);

export interface GroupingRow {
  /** The spreadsheet's row number (the header is row 1 when it is the first line). */
  row: number;
  /** The commune's code as five digits ("4" is 00004: spreadsheets drop leading zeros). */
  code: string;
  group: string;
  groupCode: string;
}

export interface GroupingFileIssue {
  row: number;
  field: string;
  value: string;
  /** A key under groups:file.* */
  code: 'no_header' | 'no_rows' | 'too_many' | 'code_missing' | 'code_invalid' | 'group_missing' | 'code_duplicate';
  params?: Record<string, unknown>;
}

/** Codes lose their leading zeros in spreadsheets: "4" is commune 00004. */
export const communeCode = (value: string) => {
  const v = value.trim();
  return /^\d{1,4}$/.test(v) ? v.padStart(5, '0') : v;
};

export function readGroupingRows(rows: readonly (readonly string[])[]): {
  rows: GroupingRow[];
  issues: GroupingFileIssue[];
} {
  const lines = rows
    .map((cells, i) => ({ row: i + 1, cells: cells.map((c) => (c ?? '').trim()) }))
    .filter((l) => l.cells.some((c) => c !== ''));
  const issues: GroupingFileIssue[] = [];
  // The header is the first line naming both a code and a group column (a title line may come before it).
  const headerAt = lines.findIndex((l) => {
    const f = l.cells.map(foldHeader);
    return f.some((c) => CODE_HEADERS.has(c)) && f.some((c) => GROUP_HEADERS.has(c));
  });
  if (headerAt < 0) {
    issues.push({
      row: lines[0]?.row ?? 1,
      field: 'header',
      value: lines[0]?.cells.join(', ') ?? '',
      code: 'no_header',
    });
    return { rows: [], issues };
  }
  const header = lines[headerAt]!;
  const folded = header.cells.map(foldHeader);
  const codeAt = folded.findIndex((c) => CODE_HEADERS.has(c));
  const groupAt = folded.findIndex((c) => GROUP_HEADERS.has(c));
  const groupCodeAt = folded.findIndex((c) => GROUP_CODE_HEADERS.has(c));
  const body = lines.slice(headerAt + 1);
  if (!body.length) issues.push({ row: header.row + 1, field: 'file', value: '', code: 'no_rows' });
  if (body.length > MAX_GROUPING_ROWS)
    issues.push({
      row: body[MAX_GROUPING_ROWS]!.row,
      field: 'file',
      value: '',
      code: 'too_many',
      params: { max: MAX_GROUPING_ROWS },
    });
  if (issues.length) return { rows: [], issues };
  const codeField = header.cells[codeAt]!;
  const groupField = header.cells[groupAt]!;
  const seen = new Map<string, number>();
  const out: GroupingRow[] = [];
  for (const { row, cells } of body) {
    const raw = cells[codeAt] ?? '';
    const group = (cells[groupAt] ?? '').replace(/\s+/g, ' ');
    const code = communeCode(raw);
    if (!raw) {
      issues.push({ row, field: codeField, value: raw, code: 'code_missing' });
      continue;
    }
    if (!/^\d{5}$/.test(code)) {
      issues.push({ row, field: codeField, value: raw, code: 'code_invalid' });
      continue;
    }
    if (!group) {
      issues.push({ row, field: groupField, value: group, code: 'group_missing', params: { code } });
      continue;
    }
    const first = seen.get(code);
    if (first !== undefined) {
      issues.push({ row, field: codeField, value: raw, code: 'code_duplicate', params: { first } });
      continue;
    }
    seen.set(code, row);
    out.push({ row, code, group, groupCode: groupCodeAt >= 0 ? (cells[groupCodeAt] ?? '') : '' });
  }
  return { rows: out, issues };
}
