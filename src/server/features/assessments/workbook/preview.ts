// Checks an uploaded criteria-inputs workbook against the commune's assessment: the file must be this
// commune's template for this period and rule-set version; each entry cell is read, checked by the
// engine's own rules (validate.ts) together with what is stored, and compared with the stored value.
// The commit re-reads the same file and saves every change in one call to saveValues (one transaction).
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import { cellValue, inputRows } from '../../../../core/rule-sets/input-rows.ts';
import { numberInputText } from '../../../../core/numbers.ts';
import { isAmbiguous, readTypedNumber } from '../../../../core/typed-numbers.ts';
import {
  checkValue,
  validateValues,
  type InputValue,
  type ValidationIssue,
} from '../../../../core/scoring/validate.ts';
import { formatNumber, translator, type Locale } from '../../../../i18n/index.ts';
import { Refusal, verbatim } from '../../../platform/refusal.ts';
import {
  display,
  isOle,
  isZip,
  numberText,
  oleKind,
  xlsxReason,
  type Plain,
  type RowIssue,
} from '../../../platform/spreadsheet.ts';
import { editableInputs } from '../../rounds/index.ts';
import { readAssessment, saveValues, type SavedAssessment } from '../store.ts';
import { flagWord, headerLabel, META_KIND, META_SHEET, sheetName, type TemplateIdentity } from './layout.ts';
import { readInputsWorkbook, type ReadRow } from './read.ts';

export interface InputChange {
  code: string;
  label: string;
  kind: 'count' | 'flag';
  row: number;
  oldValue: InputValue | null;
  newValue: InputValue;
}

export interface InputsPreview {
  fileName: string;
  template: TemplateIdentity;
  changes: InputChange[];
  /** Entry cells holding the value already stored. */
  unchanged: number;
  /** Each with its sentence alone (detail) beside the full message that also says where. */
  issues: InputIssue[];
  /** Given back to the commit with the same file; null when there is nothing to save. */
  token: string | null;
}

export type InputIssue = RowIssue & { detail: string };

export interface InputsTarget {
  unitId: number;
  periodId: number;
  unit: { code: string; name: string };
  periodYear: number;
}

const refuse = (key: string, params: Record<string, unknown>) =>
  new Refusal('invalid', `inputsWorkbook:error.${key}`, params);

/** The shown value of a cell for an issue and a message: dates dd/mm/yyyy, text as typed. */
const shown = (v: Plain) => {
  const d = display(v);
  return d === null || d === undefined ? '' : String(d);
};

export async function previewInputsFile(
  db: Kysely<Database>,
  target: InputsTarget,
  data: Buffer,
  fileName: string,
  locale: Locale,
): Promise<InputsPreview> {
  const t = translator(locale);
  if (!data.length) throw refuse('no_file', {});
  if (isOle(data)) throw refuse('unreadable', { file: fileName, reason: xlsxReason({ reason: oleKind(data) }) });
  if (!isZip(data)) throw refuse('not_xlsx', { file: fileName });
  const read = await readInputsWorkbook(data);
  if (read.kind === 'unreadable') throw refuse('unreadable', { file: fileName, reason: xlsxReason(read.problem) });
  const meta = read.meta;
  const sheets = read.sheetNames.join(', ');
  if (!meta) throw refuse('not_template', { file: fileName, sheet: META_SHEET, sheets });
  if (meta.get('kind') !== META_KIND) throw refuse('template_sheet_changed', { file: fileName, sheet: META_SHEET });

  const assessment = await readAssessment(db, target.unitId, target.periodId);
  const rs = assessment.ruleSet;
  const file: TemplateIdentity = {
    ruleSetCode: meta.get('ruleSetCode') ?? '',
    ruleSetVersion: Number(meta.get('ruleSetVersion')),
    unitCode: meta.get('unitCode') ?? '',
    unitName: meta.get('unitName') ?? '',
    periodYear: Number(meta.get('periodYear')),
  };
  // The commune first: a file of another commune is refused as such whatever else differs.
  if (file.unitCode !== target.unit.code)
    throw refuse('other_commune', {
      file: fileName,
      fileUnit: file.unitName || file.unitCode,
      fileCode: file.unitCode,
      unit: target.unit.name,
      code: target.unit.code,
    });
  if (file.periodYear !== target.periodYear)
    throw refuse('other_period', { file: fileName, fileYear: meta.get('periodYear') ?? '', year: target.periodYear });
  if (file.ruleSetCode !== rs.code || file.ruleSetVersion !== rs.version)
    throw refuse('other_rule_set', {
      file: fileName,
      fileCode: file.ruleSetCode,
      fileVersion: meta.get('ruleSetVersion') ?? '',
      code: rs.code,
      version: rs.version,
    });

  const inputsName = sheetName('inputs', locale);
  if (!read.inputs)
    throw refuse('missing_sheet', { file: fileName, sheet: inputsName, sheets: read.sheetNames.join(', ') });
  const { columns, rows, name: sheet } = read.inputs;
  if (!columns)
    throw refuse('missing_columns', {
      file: fileName,
      sheet,
      columns: [headerLabel('code', locale), headerLabel('entry', locale)].join(', '),
    });

  const def = rs.definition;
  const known = new Map(inputRows(def).map((r) => [r.input.code, r.input]));
  const label = (code: string) => known.get(code)?.label[locale] ?? code;
  const field = (code: string) => `${code} (${label(code)})`;
  const open = assessment.id ? await editableInputs(db, assessment.id) : 'all';
  const stored: Record<string, InputValue> = Object.fromEntries(
    Object.entries(assessment.values).map(([code, v]) => [code, v.value]),
  );

  const issues: InputIssue[] = [];
  const add = (
    r: ReadRow,
    column: 'code' | 'entry',
    code: string,
    issueCode: string,
    params: Record<string, unknown> = {},
  ) => {
    const value = shown(r.cells[column] ?? null);
    const where = columns.get(column)!.label;
    const shownParams = Object.fromEntries(
      Object.entries(params).map(([k, v]) => [k, typeof v === 'number' ? formatNumber(v, locale) : v]),
    );
    const detail = t(`inputsWorkbook:issue.${issueCode}`, { field: code ? field(code) : '', value, ...shownParams });
    const message = t('inputsWorkbook:issue.at', { sheet, row: r.row, column: where, message: detail });
    issues.push({
      sheet,
      row: r.row,
      column: where,
      field: code,
      value,
      code: issueCode,
      ...(Object.keys(params).length ? { params } : {}),
      message,
      detail,
    });
  };

  const entered = new Map<string, { row: ReadRow; value: InputValue }>();
  const firstRow = new Map<string, number>();
  for (const r of rows) {
    const codeCell = r.cells.code ?? null;
    const entryCell = r.cells.entry ?? null;
    const code = typeof codeCell === 'string' ? codeCell.trim() : typeof codeCell === 'number' ? String(codeCell) : '';
    const empty = entryCell === null || (typeof entryCell === 'string' && entryCell.trim() === '');
    if (!code) {
      if (!empty) add(r, 'entry', '', 'no_code');
      continue;
    }
    const input = known.get(code);
    if (!input) {
      add(r, 'code', '', 'unknown_code', { ruleSet: rs.code, version: rs.version });
      continue;
    }
    const other = firstRow.get(code);
    if (other !== undefined) {
      add(r, 'code', code, 'duplicate_code', { otherRow: other });
      continue;
    }
    firstRow.set(code, r.row);
    if (empty) continue;
    if (entryCell instanceof Date || (typeof entryCell === 'object' && entryCell !== null)) {
      add(r, 'entry', code, input.kind === 'flag' ? 'not_boolean' : 'not_a_number');
      continue;
    }
    const typed = input.kind === 'count' && typeof entryCell === 'string' ? readTypedNumber(entryCell, locale) : null;
    if (isAmbiguous(typed)) {
      add(r, 'entry', code, 'ambiguous_number', {
        asThousands: numberText(typed.asThousands),
        asDecimal: numberInputText(typed.asDecimal, locale),
      });
      continue;
    }
    const value = cellValue(input.kind, entryCell, locale);
    const issue = checkValue(input.kind, code, value);
    if (issue) {
      add(r, 'entry', code, issue.code, issue.params);
      continue;
    }
    entered.set(code, { row: r, value: value as InputValue });
  }

  const changes: InputChange[] = [];
  let unchanged = 0;
  for (const [code, { row, value }] of entered) {
    const old = stored[code] ?? null;
    if (old === value) {
      unchanged++;
      continue;
    }
    if (open !== 'all' && !open.has(code)) {
      add(row, 'entry', code, 'locked');
      continue;
    }
    changes.push({
      code,
      label: label(code),
      kind: known.get(code)!.kind,
      row: row.row,
      oldValue: old,
      newValue: value,
    });
  }

  // Checks across inputs (a numerator above its denominator) on the values as they would be after the save.
  const merged: Record<string, unknown> = {
    ...stored,
    ...Object.fromEntries(changes.map((c) => [c.code, c.newValue])),
  };
  const checked = validateValues(def, merged, { allowMissing: true });
  if (!checked.ok) {
    const changedRow = new Map(changes.map((c) => [c.code, entered.get(c.code)!.row]));
    for (const issue of checked.issues as ValidationIssue[]) {
      const denominator = typeof issue.params?.denominator === 'string' ? issue.params.denominator : null;
      // Shown on the row that brings the conflict in: the numerator's, or else the denominator's.
      const r = changedRow.get(issue.field) ?? (denominator ? changedRow.get(denominator) : undefined);
      if (!r) continue;
      const params = denominator ? { ...issue.params, denominator: field(denominator) } : issue.params;
      const onDenominator = !changedRow.has(issue.field);
      const detail = t(`inputsWorkbook:issue.${issue.code}`, {
        field: field(issue.field),
        value: typeof issue.value === 'boolean' ? flagWord(issue.value, locale) : String(issue.value),
        ...params,
      });
      const where = columns.get('entry')!.label;
      const message = t('inputsWorkbook:issue.at', { sheet, row: r.row, column: where, message: detail });
      issues.push({
        sheet,
        row: r.row,
        column: where,
        field: onDenominator ? denominator! : issue.field,
        value: shown(r.cells.entry ?? null),
        code: issue.code,
        params: issue.params,
        message,
        detail,
      });
    }
  }
  issues.sort((a, b) => a.row - b.row);

  const template: TemplateIdentity = { ...file, unitName: target.unit.name };
  const token = issues.length || !changes.length ? null : tokenOf(data, target, changes);
  return { fileName, template, changes, unchanged, issues, token };
}

/** Binds a commit to the file and to the stored values the preview compared it with. */
function tokenOf(data: Buffer, target: InputsTarget, changes: InputChange[]): string {
  return createHash('sha256')
    .update(data)
    .update(JSON.stringify([target.unitId, target.periodId, changes.map((c) => [c.code, c.oldValue, c.newValue])]))
    .digest('hex');
}

const NOTE_MAX = 2000;

/** Saves the previewed changes of the same file: all of them in one transaction, or none. */
export async function commitInputsFile(
  db: Kysely<Database>,
  target: InputsTarget,
  data: Buffer,
  fileName: string,
  token: string,
  actor: { userId: number; ip?: string; locale: Locale },
): Promise<{ saved: InputChange[]; assessment: SavedAssessment }> {
  const t = translator(actor.locale);
  const preview = await previewInputsFile(db, target, data, fileName, actor.locale);
  if (preview.issues.length)
    throw new Refusal(
      'invalid',
      'inputsWorkbook:error.has_issues',
      { count: preview.issues.length, file: fileName },
      preview.issues.map((i) => ({ field: i.field, value: i.value, message: verbatim(i.message) })),
    );
  if (!preview.changes.length) throw refuse('no_changes', { file: fileName });
  // Another file, or values saved by someone else since the preview: the officer must see the new comparison.
  if (preview.token !== token) throw new Refusal('conflict', 'inputsWorkbook:error.stale', { file: fileName });
  const note = t('inputsWorkbook:note', { file: fileName }).slice(0, NOTE_MAX);
  const values = Object.fromEntries(preview.changes.map((c) => [c.code, c.newValue]));
  const notes = Object.fromEntries(preview.changes.map((c) => [c.code, note]));
  const origins = Object.fromEntries(preview.changes.map((c) => [c.code, 'manual' as const]));
  const assessment = await saveValues(db, target.unitId, target.periodId, { values, notes, origins }, actor);
  return { saved: preview.changes, assessment };
}
