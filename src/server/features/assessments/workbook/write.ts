// Writes a commune's criteria-inputs template: one row per input of its rule set with the value stored now
// and an entry cell checked by Excel itself (whole numbers ≥ 0, or a Có/Không list); every other cell is
// locked, and a hidden sheet names the rule-set version, commune and period the file belongs to.
import ExcelJS from 'exceljs';
import { inputRows } from '../../../../core/rule-sets/input-rows.ts';
import { ratioPairs, type RuleSetDefinition } from '../../../../core/rule-sets/schema.ts';
import { MAX_COUNT, type InputValue } from '../../../../core/scoring/validate.ts';
import { isSuppressed, suppressedRange, type SuppressedCell } from '../../../../core/privacy/disclosure.ts';
import { translator, type Locale } from '../../../../i18n/index.ts';
import {
  dateTimeCell,
  DATE_TIME_FORMAT,
  phraseDateFormat,
  workbookBuffer,
} from '../../../platform/spreadsheet-write.ts';
import {
  COLUMNS,
  flagWord,
  headerLabel,
  META_FORMAT,
  META_KIND,
  META_SHEET,
  sheetName,
  type TemplateIdentity,
} from './layout.ts';

export interface InputsWorkbookContent {
  def: RuleSetDefinition;
  identity: TemplateIdentity;
  /** The values stored now, by input code; those withheld from the reader as the suppressed cell. */
  values: Record<string, InputValue | SuppressedCell>;
  /** Inputs a round has frozen keep their entry cell locked. */
  editable: 'all' | Set<string>;
}

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const ENTRY_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
const LOCKED_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEDEDED' } };

export async function writeInputsWorkbook(content: InputsWorkbookContent, locale: Locale): Promise<Buffer> {
  const now = new Date();
  const t = translator(locale);
  const { def, identity, values, editable } = content;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'xa-phu-hop-tre-em';
  workbook.title = t('inputsWorkbook:instructions.title');

  const ws = workbook.addWorksheet(sheetName('inputs', locale), { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = COLUMNS.map((c) => ({ key: c.key, width: c.width }));
  const header = ws.addRow(COLUMNS.map((c) => headerLabel(c.key, locale)));
  header.eachCell((cell) => {
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.alignment = { vertical: 'middle', wrapText: true };
  });
  const entryCol = COLUMNS.findIndex((c) => c.key === 'entry') + 1;
  const yesNo = `"${flagWord(true, locale)},${flagWord(false, locale)}"`;
  for (const { input, criterion } of inputRows(def)) {
    const stored = values[input.code];
    const current =
      stored === undefined
        ? null
        : isSuppressed(stored)
          ? t('assessments:suppressed.value', suppressedRange())
          : typeof stored === 'boolean'
            ? flagWord(stored, locale)
            : stored;
    const row = ws.addRow([
      criterion ? `${criterion.code} — ${criterion.title[locale]}` : t('inputsWorkbook:base'),
      input.code,
      input.label[locale],
      t(`inputsWorkbook:kind.${input.kind}`),
      current,
      null,
    ]);
    row.alignment = { vertical: 'top', wrapText: true };
    row.getCell(2).numFmt = '@';
    const cell = row.getCell(entryCol);
    if (editable !== 'all' && !editable.has(input.code)) {
      cell.fill = LOCKED_FILL;
      continue;
    }
    cell.protection = { locked: false };
    cell.fill = ENTRY_FILL;
    cell.dataValidation =
      input.kind === 'count'
        ? {
            type: 'whole',
            operator: 'between',
            allowBlank: true,
            formulae: [0, MAX_COUNT],
            showErrorMessage: true,
            errorStyle: 'stop',
            errorTitle: t('inputsWorkbook:validation.countTitle'),
            error: t('inputsWorkbook:validation.count'),
            showInputMessage: true,
            promptTitle: input.code,
            prompt: t('inputsWorkbook:validation.count'),
          }
        : {
            type: 'list',
            allowBlank: true,
            formulae: [yesNo],
            showErrorMessage: true,
            errorStyle: 'stop',
            errorTitle: t('inputsWorkbook:validation.flagTitle'),
            error: t('inputsWorkbook:validation.flag'),
          };
  }
  // Without a password: the lock guards against typing over the codes by mistake, not against intent.
  await ws.protect('', { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true });

  writeInstructions(workbook.addWorksheet(sheetName('instructions', locale)), content, locale, now);

  const meta = workbook.addWorksheet(META_SHEET, { state: 'veryHidden' });
  meta.columns = [{ width: 18 }, { width: 40 }];
  const entries: Array<[string, string | number]> = [
    ['kind', META_KIND],
    ['format', META_FORMAT],
    ['ruleSetCode', identity.ruleSetCode],
    ['ruleSetVersion', identity.ruleSetVersion],
    ['unitCode', identity.unitCode],
    ['unitName', identity.unitName],
    ['periodYear', identity.periodYear],
    ['generatedAt', now.toISOString()],
  ];
  for (const entry of entries) meta.addRow(entry);
  await meta.protect('', {});

  return workbookBuffer(workbook);
}

function writeInstructions(
  ws: ExcelJS.Worksheet,
  { def, identity }: InputsWorkbookContent,
  locale: Locale,
  generatedAt: Date,
) {
  const t = translator(locale);
  const i = (key: string, params?: Record<string, unknown>) => t(`inputsWorkbook:instructions.${key}`, params);
  ws.columns = [{ width: 110 }]; // within a landscape A4 page even where Calibri falls back to a wider font
  const line = (text: string, font?: Partial<ExcelJS.Font>) => {
    const row = ws.addRow([text]);
    row.alignment = { wrapText: true, vertical: 'top' };
    if (font) row.font = font;
  };
  line(i('title'), { bold: true, size: 14 });
  line(
    i('about', {
      unit: identity.unitName,
      code: identity.unitCode,
      year: identity.periodYear,
      ruleSet: identity.ruleSetCode,
      version: identity.ruleSetVersion,
      sheet: sheetName('inputs', locale),
    }),
  );
  // A date-time cell in Vietnam time that reads as the sentence ("Tạo lúc 10/05/2026 08:30.").
  const generated = ws.addRow([dateTimeCell(generatedAt)]).getCell(1);
  generated.numFmt = phraseDateFormat((at) => i('generated', { at }), DATE_TIME_FORMAT);
  generated.alignment = { horizontal: 'left' };
  line('');
  const entry = headerLabel('entry', locale);
  for (const key of ['entry', 'counts', 'flags', 'locked', 'upload'])
    line(
      i(key, {
        entry,
        current: headerLabel('current', locale),
        yes: flagWord(true, locale),
        no: flagWord(false, locale),
      }),
    );
  const labels = new Map(def.inputs.map((input) => [input.code, input.label[locale]]));
  const pairs = ratioPairs(def);
  if (pairs.length) {
    line('');
    line(i('ratios'), { bold: true });
    for (const { numerator: n, denominator: d } of pairs)
      line(`${n} (${labels.get(n) ?? n}) ≤ ${d} (${labels.get(d) ?? d})`);
  }
}
