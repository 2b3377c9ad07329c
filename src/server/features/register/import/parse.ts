// Reads an uploaded register workbook (.xlsx, the layout of template.ts) or a CSV of the children sheet
// into checked rows. Nothing here touches the database: the commune's existing children and the ID
// numbers used elsewhere come in through the options, and every problem comes back as a RowIssue that
// names the sheet, the row and column as Excel shows them, the value and a translated sentence.
//
// A file that cannot be read (not .xlsx/.csv, corrupt, not the template, missing columns, empty, too
// many rows) is not an exception: it is returned as one issue on sheet '' row 0, shown like any other.
//
// .xlsx files are read sheet by sheet, streamed (src/server/platform/xlsx-read.ts, whatever program saved
// them), and each children row is checked as it is read.
import { isValid } from 'date-fns';
import type { ZodType } from 'zod';
import { CIRCUMSTANCE_GROUPS, normaliseCircumstanceCode } from '../../../../core/register/circumstances.ts';
import {
  checkChild,
  checkChildDated,
  circumstanceSchema,
  healthRecordSchema,
  supportSchema,
  type ChildFields,
  type CircumstanceFields,
  type HealthRecordFields,
  type RecordIssue,
  type SupportFields,
} from '../../../../core/register/records.ts';
import { numberInputText } from '../../../../core/numbers.ts';
import { isAmbiguous, readTypedNumber } from '../../../../core/typed-numbers.ts';
import { formatNumber, translator, type Locale } from '../../../../i18n/index.ts';
import {
  columnLetter,
  dateFromText,
  display,
  isBlank,
  isOle,
  isoOfDateCell,
  isoOfDateSerial,
  isZip,
  numberText,
  oleKind,
  openXlsx,
  plain,
  readCsv,
  XlsxError,
  xlsxReason,
  type Plain,
  type RowIssue,
  type SheetRow,
  type XlsxBook,
  type XlsxSheet,
} from '../../../platform/spreadsheet.ts';
import {
  choices,
  foldHeader,
  groupLabels,
  fold,
  headerLookup,
  sheetDef,
  sheetKeyOf,
  sheetName,
  TEMPLATE,
  type ColumnDef,
  type DataSheetKey,
  type SheetDef,
} from './template.ts';

export interface ParsedChild {
  row: number;
  fields: ChildFields;
}
export interface ParsedDated<T> {
  sheet: string;
  row: number;
  childCode: string;
  fields: T;
}
export interface ParsedRegister {
  children: ParsedChild[];
  circumstances: ParsedDated<CircumstanceFields>[];
  supports: ParsedDated<SupportFields>[];
  healthRecords: ParsedDated<HealthRecordFields>[];
  /** Every problem, ordered by sheet (file-level problems first, then the template's sheet order), row, column. */
  issues: RowIssue[];
  /** Data rows read, all sheets (header and blank rows not counted). */
  rowCount: number;
}
export interface ExistingChild {
  code: string;
  birthDate: string;
  diedOn: string | null;
  householdCode: string;
  idNumber: string | null;
}
export interface ParseOptions {
  /** yyyy-mm-dd */
  today: string;
  /** The language of RowIssue.message. */
  locale: Locale;
  /** This commune's children already in the register, by code. */
  existing?: Map<string, ExistingChild>;
  /** ID number → description of the child holding it in another commune. */
  idNumbersElsewhere?: Map<string, string>;
  /** Known circumstance codes including sub-groups (default: the 14 top groups). */
  groups?: Set<string>;
  /**
   * Called every 1,000 data rows and once at the end with done = total. An .xlsx file's row count is not
   * known until it has been read: meanwhile total equals done (show a count, not a percentage); for a
   * CSV file total is the number of lines from the first call.
   */
  onProgress?: (done: number, total: number) => void;
  /** Default 200,000; a file with more data rows gives one issue and nothing parsed. */
  maxRows?: number;
}

export const DEFAULT_MAX_ROWS = 200_000;
const PROGRESS_EVERY = 1_000;
/** The header row is looked for among a sheet's first rows (a title may stand above it). */
const HEADER_SCAN_ROWS = 10;

// ───────────────────────────── cells ─────────────────────────────

const YES_WORDS = new Set(['x', 'co', '1', 'true', 'yes']);
const NO_WORDS = new Set(['khong', '0', 'false', 'no']);

interface Lookups {
  sex: Map<string, string>;
  education: Map<string, string>;
  healthKind: Map<string, string>;
  groupLabels: Map<string, string>;
  dates: Map<string, string | null>;
  /** Choice cells already looked up, by kind and text (a column holds few distinct values). */
  chosen: Map<string, string>;
  date1904: boolean;
  /** Text numbers are read in the convention of the importer's language ("1.200" = 1200 in Vietnamese). */
  locale: Locale;
}

const BAD_CELL = Symbol('bad_cell');

/**
 * A cell as the value the schema checks: undefined when empty (the schema's default applies), the raw
 * text when it is not a recognised choice, date or number (the schema then reports bad_choice, bad_date,
 * not_a_number or not_boolean with that text), BAD_CELL when the cell's type cannot stand for the field.
 */
function convert(column: ColumnDef, v: Plain, lookups: Lookups): unknown {
  if (isBlank(v)) return undefined;
  if (v !== null && typeof v === 'object' && !(v instanceof Date)) return BAD_CELL;
  switch (column.kind) {
    case 'text':
      return typeof v === 'string' ? v : typeof v === 'number' ? numberText(v) : BAD_CELL;
    case 'idNumber':
      if (typeof v === 'string') return v.trim();
      if (typeof v === 'number') {
        // Every personal ID number starts with 0 (its first 3 digits are a province code 001–096), which
        // a number cell drops: 10 or 11 digits in a number cell are an ID number with its zeros lost.
        const digits = numberText(v);
        return /^\d{10,11}$/.test(digits) ? digits.padStart(12, '0') : digits;
      }
      return BAD_CELL;
    case 'date': {
      if (v instanceof Date) return isValid(v) ? isoOfDateCell(v) : BAD_CELL;
      if (typeof v === 'number') {
        // A date serial without a date format (or a formula's result): the day Excel would show.
        return isoOfDateSerial(v, lookups.date1904) ?? BAD_CELL;
      }
      if (typeof v === 'string') return dateFromText(v.trim(), lookups.dates) ?? v.trim();
      return BAD_CELL;
    }
    case 'sex':
    case 'education':
    case 'healthKind': {
      if (typeof v !== 'string' && typeof v !== 'number') return BAD_CELL;
      const text = typeof v === 'number' ? numberText(v) : v.trim();
      const key = `${column.kind}:${text}`;
      let code = lookups.chosen.get(key);
      if (code === undefined) lookups.chosen.set(key, (code = lookups[column.kind].get(fold(text)) ?? text));
      return code;
    }
    case 'group': {
      if (typeof v !== 'string' && typeof v !== 'number') return BAD_CELL;
      const text = typeof v === 'number' ? numberText(v) : v.trim();
      return lookups.groupLabels.get(fold(text)) ?? normaliseCircumstanceCode(text);
    }
    case 'number': {
      if (typeof v === 'number') return v;
      if (typeof v !== 'string') return BAD_CELL;
      // An AmbiguousNumber ("1,200" in Vietnamese) goes on to be reported as such.
      return readTypedNumber(v, lookups.locale) ?? v.trim();
    }
    case 'boolean': {
      if (typeof v === 'boolean') return v;
      if (typeof v === 'number') return v === 1 ? true : v === 0 ? false : numberText(v);
      if (typeof v !== 'string') return BAD_CELL;
      const folded = fold(v);
      return YES_WORDS.has(folded) ? true : NO_WORDS.has(folded) ? false : v.trim();
    }
  }
}

// ───────────────────────────── sheets ─────────────────────────────

interface HeaderColumn {
  index: number; // 1-based
  column: ColumnDef;
  /** "G (Ngày sinh)" */
  label: string;
}

interface ReadRow {
  row: number;
  /** The cells, kept for rows with problems (a valid children row shows its checked fields instead). */
  values: unknown[] | null;
  /** The converted cells; for a children row that passed checkChild, the checked fields. */
  input: Record<string, unknown>;
  /** Passed the row's own checks (children: checkChild). */
  ok: boolean;
  issues: RowIssue[] | null;
}

interface SheetRead {
  def: SheetDef;
  name: string;
  headerRow: number;
  columns: Map<string, HeaderColumn>;
  /** Required headers missing from this header candidate. */
  missing: string[] | null;
  rows: ReadRow[];
}

const textOf = (r: ReadRow, field: string) =>
  typeof r.input[field] === 'string' ? (r.input[field] as string).trim() : '';

class Parser {
  readonly t;
  readonly lookups: Lookups;
  readonly existing: Map<string, ExistingChild>;
  readonly groups: Set<string>;
  readonly maxRows: number;
  readonly fileIssues: RowIssue[] = [];
  readonly sheets = new Map<DataSheetKey, SheetRead>();
  rowCount = 0;
  /** Data rows in the file, when known before reading them (CSV). */
  total: number | null = null;
  lastProgress = 0;
  validChildren: Map<string, ChildFields> | null = null;
  rowOfCode: Map<string, number> | null = null;

  constructor(
    readonly fileName: string,
    readonly options: ParseOptions,
  ) {
    this.t = translator(options.locale);
    this.lookups = {
      sex: choices('sex'),
      education: choices('education'),
      healthKind: choices('healthKind'),
      groupLabels: groupLabels(),
      dates: new Map(),
      chosen: new Map(),
      date1904: false,
      locale: options.locale,
    };
    this.existing = options.existing ?? new Map();
    this.groups = options.groups ?? new Set(CIRCUMSTANCE_GROUPS.map((g) => g.code));
    this.maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  }

  label(field: string): string {
    return field ? this.t(`register:field.${field}`) : '';
  }

  fileIssue(code: string, params: Record<string, unknown> = {}) {
    const value = this.fileName;
    const shown = Object.fromEntries(
      Object.entries(params).map(([k, v]) => [k, typeof v === 'number' ? formatNumber(v, this.options.locale) : v]),
    );
    this.fileIssues.push({
      sheet: '',
      row: 0,
      column: '',
      field: '',
      value,
      code,
      params,
      message: this.t(`register:issue.${code}`, { field: '', value, ...shown }),
    });
  }

  /** A file-level problem alone: nothing else is reported or parsed. */
  only(code: string, params?: Record<string, unknown>): ParsedRegister {
    this.fileIssues.length = 0;
    this.fileIssue(code, params);
    return {
      children: [],
      circumstances: [],
      supports: [],
      healthRecords: [],
      issues: this.fileIssues,
      rowCount: code === 'too_many_rows' ? this.rowCount : 0,
    };
  }

  /** A cell as shown, for RowIssue.value. */
  shown(sheet: SheetRead, r: ReadRow, field: string): unknown {
    const column = sheet.columns.get(field);
    if (!column) return null;
    return r.values ? (display(plain(r.values[column.index])) ?? null) : (r.input[field] ?? null);
  }

  /** A row's problem, in the caller's language; dates in the sentence are shown dd/mm/yyyy. */
  add(
    sheet: SheetRead,
    r: ReadRow,
    field: string,
    code: string,
    params?: Record<string, unknown>,
    value: unknown = this.shown(sheet, r, field),
  ) {
    const column = sheet.columns.get(field)?.label ?? '';
    const shownParams: Record<string, unknown> = { ...params };
    for (const key of ['today', 'otherValue'])
      if (typeof shownParams[key] === 'string') shownParams[key] = isoToShown(shownParams[key] as string);
    if ((code === 'before' || code === 'after_death') && typeof shownParams.other === 'string')
      shownParams.other = this.label(shownParams.other);
    const message = this.t(`register:issue.${code}`, { field: this.label(field), value: value ?? '', ...shownParams });
    (r.issues ??= []).push({
      sheet: sheet.name,
      row: r.row,
      column,
      field,
      value: value ?? null,
      code,
      ...(params ? { params } : {}),
      message,
    });
  }

  /** Issues from records.ts on a row's cells; a complaint about an empty cell is 'required'. */
  recordIssues(sheet: SheetRead, r: ReadRow, issues: RecordIssue[]) {
    for (const i of issues)
      this.add(
        sheet,
        r,
        i.field,
        r.input[i.field] === undefined && i.code !== 'required' ? 'required' : i.code,
        i.params,
      );
  }

  progress(force = false) {
    const { onProgress } = this.options;
    if (!onProgress || (!force && this.rowCount - this.lastProgress < PROGRESS_EVERY)) return;
    this.lastProgress = this.rowCount;
    onProgress(this.rowCount, force ? this.rowCount : Math.max(this.rowCount, this.total ?? 0));
  }

  // ── header and rows ──

  /** A header row candidate: the template's headers found in the row (two at least), by column. */
  header(def: SheetDef, name: string, row: SheetRow): SheetRead | null {
    const lookup = headerLookup(def);
    const columns = new Map<string, HeaderColumn>();
    for (let index = 1; index < row.values.length; index++) {
      const v = plain(row.values[index]);
      if (typeof v !== 'string' && typeof v !== 'number') continue;
      const text = String(v).trim();
      const column = lookup.get(foldHeader(text));
      if (column && !columns.has(column.field))
        columns.set(column.field, { index, column, label: `${columnLetter(index)} (${text})` });
    }
    if (columns.size < 2) return null;
    const missing = def.columns.filter((c) => c.required && !columns.has(c.field)).map((c) => c.field);
    return { def, name, headerRow: row.number, columns, missing: missing.length ? missing : null, rows: [] };
  }

  /** One data row: cells converted, and checkChild for a children row. False for a blank row. */
  dataRow(sheet: SheetRead, { number, values }: SheetRow): boolean {
    let blank = true;
    for (let i = 1; i < values.length && blank; i++) blank = isBlank(plain(values[i]));
    if (blank) return false;
    const r: ReadRow = { row: number, values, input: {}, ok: false, issues: null };
    for (const [field, { index, column }] of sheet.columns) {
      const value = convert(column, plain(values[index]), this.lookups);
      if (value === BAD_CELL) this.add(sheet, r, field, 'bad_cell');
      else if (isAmbiguous(value))
        this.add(sheet, r, field, 'ambiguous_number', {
          asThousands: numberText(value.asThousands),
          asDecimal: numberInputText(value.asDecimal, this.options.locale),
        });
      else if (value !== undefined) r.input[field] = value;
    }
    if (sheet.def.key === 'children' && !r.issues) {
      const checked = checkChild(r.input, this.options.today);
      if (checked.ok) {
        r.input = checked.value;
        r.ok = true;
        r.values = null;
      } else this.recordIssues(sheet, r, checked.issues);
    }
    sheet.rows.push(r);
    return true;
  }

  /**
   * Reads one sheet from batches of rows: finds the header row among the first rows (rows above it, a
   * title for instance, are skipped), then reads the data rows. Stops once the file has too many rows.
   */
  async readSheet(
    def: SheetDef,
    name: string,
    batches: AsyncIterable<SheetRow[]> | Iterable<SheetRow[]>,
  ): Promise<SheetRead | { name: string; missing: string[] }> {
    let sheet: SheetRead | null = null;
    let best: SheetRead | null = null;
    let scanned = 0;
    for await (const batch of batches) {
      for (const row of batch) {
        if (!sheet) {
          if (++scanned > HEADER_SCAN_ROWS) break;
          const candidate = this.header(def, name, row);
          if (candidate && (!best || candidate.columns.size > best.columns.size)) best = candidate;
          if (candidate && !candidate.missing) sheet = candidate;
          continue;
        }
        if (!this.dataRow(sheet, row)) continue;
        if (++this.rowCount > this.maxRows) return sheet;
        this.progress();
      }
      if (!sheet && scanned > HEADER_SCAN_ROWS) break;
      await new Promise((resolve) => setImmediate(resolve)); // let the server answer others between batches
    }
    return sheet ?? { name, missing: best?.missing ?? def.columns.filter((c) => c.required).map((c) => c.field) };
  }

  missingColumns(name: string, missing: string[]) {
    this.fileIssue('missing_columns', {
      sheet: name,
      columns: missing.map((f) => this.label(f)).join(', '),
      fields: missing,
    });
  }

  // ── checks across rows ──

  finish(): ParsedRegister {
    if (this.rowCount > this.maxRows) return this.only('too_many_rows', { max: this.maxRows });
    const empty: ParsedRegister = {
      children: [],
      circumstances: [],
      supports: [],
      healthRecords: [],
      issues: this.fileIssues,
      rowCount: this.rowCount,
    };
    const childSheet = this.sheets.get('children');
    if (!childSheet) return empty;
    if (this.rowCount === 0 && !this.fileIssues.length) return this.only('empty_file');
    const children = this.checkChildren(childSheet);
    const circumstances = this.checkDated<CircumstanceFields>('circumstances', circumstanceSchema, children, [
      { field: 'startedOn' },
      { field: 'endedOn', notBefore: 'startedOn' },
    ]);
    const supports = this.checkDated<SupportFields>('supports', supportSchema, children, [{ field: 'givenOn' }]);
    const healthRecords = this.checkDated<HealthRecordFields>('healthRecords', healthRecordSchema, children, [
      { field: 'checkedOn' },
    ]);

    const issues = [...this.fileIssues];
    for (const def of TEMPLATE) {
      const sheet = this.sheets.get(def.key);
      if (!sheet) continue;
      const at = (i: RowIssue) => sheet.columns.get(i.field)?.index ?? 0;
      const sheetIssues = sheet.rows.flatMap((r) => r.issues ?? []);
      sheetIssues.sort((a, b) => a.row - b.row || at(a) - at(b));
      issues.push(...sheetIssues);
    }
    this.progress(true);
    return { children, circumstances, supports, healthRecords, issues, rowCount: this.rowCount };
  }

  checkChildren(sheet: SheetRead): ParsedChild[] {
    const t = this.t;
    const same = (a: string, b: string) =>
      a === b || a.normalize('NFC').toLocaleLowerCase('vi') === b.normalize('NFC').toLocaleLowerCase('vi');
    const codesInFile = new Set(sheet.rows.map((r) => textOf(r, 'code')).filter(Boolean));
    const idHolder = new Map<string, string>();
    for (const c of this.existing.values()) if (c.idNumber) idHolder.set(c.idNumber, c.code);
    const elsewhere = this.options.idNumbersElsewhere;
    const codeRow = new Map<string, number>();
    const idRow = new Map<string, number>();
    const households = new Map<string, { row: number; villageName: string; householdHead: string }>();

    for (const r of sheet.rows) {
      const code = textOf(r, 'code');
      if (code) {
        const first = codeRow.get(code);
        if (first !== undefined) this.add(sheet, r, 'code', 'duplicate_code', { otherRow: first });
        else codeRow.set(code, r.row);
      }

      const id = textOf(r, 'idNumber');
      if (/^\d{12}$/.test(id)) {
        const first = idRow.get(id);
        const holder = idHolder.get(id);
        if (first !== undefined)
          this.add(sheet, r, 'idNumber', 'duplicate_id_number', {
            other: t('registerImport:otherRow', { row: first }),
            otherRow: first,
          });
        // The holder is re-imported in this file: their row's own ID number is what counts.
        else if (holder !== undefined && holder !== code && !codesInFile.has(holder))
          this.add(sheet, r, 'idNumber', 'duplicate_id_number', {
            other: t('registerImport:otherChild', { code: holder }),
            otherCode: holder,
          });
        else if (elsewhere?.has(id))
          this.add(sheet, r, 'idNumber', 'duplicate_id_number', { other: elsewhere.get(id) });
        if (first === undefined) idRow.set(id, r.row);
      }

      const household = textOf(r, 'householdCode');
      if (!household) continue;
      const known = code ? this.existing.get(code) : undefined;
      if (known && known.householdCode !== household)
        this.add(sheet, r, 'householdCode', 'two_households', { other: known.householdCode });
      const villageName = textOf(r, 'villageName');
      const householdHead = textOf(r, 'householdHead');
      const first = households.get(household);
      if (!first) households.set(household, { row: r.row, villageName, householdHead });
      else
        for (const [field, mine] of [
          ['villageName', villageName],
          ['householdHead', householdHead],
        ] as const) {
          const theirs = first[field];
          if (mine && theirs && !same(mine, theirs))
            this.add(sheet, r, field, 'household_mismatch', {
              household,
              other: t('registerImport:fieldValue', { field: this.label(field), value: theirs }),
              otherValue: theirs,
              otherRow: first.row,
            });
        }
    }
    return sheet.rows.filter((r) => r.ok && !r.issues).map((r) => ({ row: r.row, fields: r.input as ChildFields }));
  }

  checkDated<T extends Record<string, unknown>>(
    key: DataSheetKey,
    schema: ZodType<T>,
    children: ParsedChild[],
    dateFields: { field: keyof T & string; notBefore?: keyof T & string }[],
  ): ParsedDated<T>[] {
    const sheet = this.sheets.get(key);
    if (!sheet) return [];
    if (!sheet.rows.length) return [];
    const valid = (this.validChildren ??= new Map(children.map((c) => [c.fields.code, c.fields])));
    const rowOfCode = (this.rowOfCode ??= new Map());
    if (!rowOfCode.size)
      for (const r of this.sheets.get('children')?.rows ?? []) {
        const code = textOf(r, 'code');
        if (code && !rowOfCode.has(code)) rowOfCode.set(code, r.row);
      }
    const out: ParsedDated<T>[] = [];
    for (const r of sheet.rows) {
      if (r.issues) continue; // unreadable cells: the row's other checks would only repeat them
      const childCode = textOf(r, 'childCode');
      let child: { birthDate: string; diedOn: string | null } | undefined;
      if (!childCode) this.add(sheet, r, 'childCode', 'required');
      else {
        child = valid.get(childCode) ?? this.existing.get(childCode);
        const fileRow = rowOfCode.get(childCode);
        if (!child) {
          if (fileRow !== undefined) this.add(sheet, r, 'childCode', 'child_row_invalid', { otherRow: fileRow });
          else this.add(sheet, r, 'childCode', 'unknown_child');
        }
      }
      const group = r.input.group;
      if (key === 'circumstances' && typeof group === 'string' && group && !this.groups.has(group))
        this.add(sheet, r, 'group', 'unknown_group');
      // Without a known child only the record's own fields and dates are checked (a birth long ago never objects).
      const checked = checkChildDated(
        schema,
        r.input,
        child ?? { birthDate: '0001-01-01' },
        this.options.today,
        dateFields,
      );
      if (!checked.ok) {
        this.recordIssues(sheet, r, checked.issues);
        continue;
      }
      if (!r.issues) out.push({ sheet: sheet.name, row: r.row, childCode, fields: checked.value });
    }
    return out;
  }

  // ── the two file formats ──

  /** A file that cannot be opened, with what is wrong with it in the reader's language. */
  unreadable(problem: Parameters<typeof xlsxReason>[0]): ParsedRegister {
    const reason = xlsxReason(problem);
    return this.only('unreadable_file', { reason: this.t(reason.key, reason.params) });
  }

  async readXlsx(data: Buffer): Promise<ParsedRegister> {
    let book: XlsxBook;
    try {
      book = await openXlsx(data);
    } catch (e) {
      if (e instanceof XlsxError) return this.unreadable(e.problem);
      throw e;
    }
    const partial: { name: string; missing: string[] }[] = [];
    const names = book.sheets.map((s) => s.name);
    try {
      this.lookups.date1904 = book.date1904;
      const named = new Map<DataSheetKey, XlsxSheet>();
      for (const s of book.sheets) {
        const key = sheetKeyOf(s.name);
        if (key && key !== 'instructions' && !named.has(key)) named.set(key, s);
      }
      // The data sheets in the template's order; when no sheet is named like the children sheet, the first
      // other worksheet with the children's headers stands for it (a renamed "Sheet1").
      const plan: { def: SheetDef; sheet: XlsxSheet; byName: boolean }[] = [];
      for (const def of TEMPLATE) {
        const sheet = named.get(def.key);
        if (sheet) plan.push({ def, sheet, byName: true });
        else if (def.key === 'children')
          for (const other of book.sheets)
            if (other.worksheet && !sheetKeyOf(other.name)) plan.push({ def, sheet: other, byName: false });
      }
      for (const { def, sheet, byName } of plan) {
        if (!byName && this.sheets.has('children')) continue;
        const read = await this.readSheet(def, sheet.name, book.rows(sheet));
        if ('def' in read) this.sheets.set(def.key, read);
        else if (byName) this.missingColumns(sheet.name, read.missing);
        else if (read.missing.length < def.columns.filter((c) => c.required).length) partial.push(read);
        if (this.rowCount > this.maxRows) break;
      }
    } catch (e) {
      if (e instanceof XlsxError) return this.unreadable(e.problem);
      throw e;
    } finally {
      book.close();
    }
    if (!this.sheets.has('children') && !this.fileIssues.length) {
      const closest = partial.sort((a, b) => a.missing.length - b.missing.length)[0];
      if (closest) this.missingColumns(closest.name, closest.missing);
      else
        this.fileIssue('not_a_template', {
          sheet: sheetName('children', this.options.locale),
          sheets: names.join(', '),
        });
    }
    return this.finish();
  }

  async readCsv(data: Buffer): Promise<ParsedRegister> {
    const csv = readCsv(data);
    if ('problem' in csv) return this.only(csv.problem);
    const lines = csv.rows;
    this.total = Math.max(0, lines.length - 1); // less the header row; blank lines are not counted in the end
    const batches = (function* () {
      for (let i = 0; i < lines.length; i += BATCH)
        yield lines.slice(i, i + BATCH).map((cells, j) => ({ number: i + j + 1, values: [undefined, ...cells] }));
    })();
    const def = sheetDef('children');
    const name = sheetName('children', this.options.locale);
    const read = await this.readSheet(def, name, batches);
    if ('def' in read) this.sheets.set('children', read);
    else this.missingColumns(name, read.missing);
    return this.finish();
  }
}

const BATCH = 500;

const isoToShown = (v: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v.slice(8, 10)}/${v.slice(5, 7)}/${v.slice(0, 4)}` : v;

/** Reads an uploaded .xlsx (the register template) or .csv (the children sheet) into checked rows. */
export async function parseRegisterFile(
  data: Buffer,
  fileName: string,
  options: ParseOptions,
): Promise<ParsedRegister> {
  const parser = new Parser(fileName, options);
  if (!data.length) return parser.only('empty_file');
  const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  if (isZip(data)) return parser.readXlsx(data);
  // An .xlsx locked with a password is not an .xlsx any more (Office encrypts it into an .xls-like container).
  if (isOle(data) && oleKind(data) === 'encrypted') return parser.unreadable({ reason: 'encrypted' });
  if (extension === 'csv' || (!extension && !isOle(data) && !data.includes(0))) return parser.readCsv(data);
  return parser.only('unsupported_file');
}
