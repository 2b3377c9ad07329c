// The consolidated report's roll-up tables as an Excel workbook: completeness and timeliness, one row per
// commune (late and missing ones marked in words, not by colour only) with totals, and the summed inputs.
// Days are date cells (dd/mm/yyyy), so the deadlines sort and no Excel locale reads them month-first. The
// report form's statistics get a sheet of their own: a row per statistic, a column per commune and the total.
import ExcelJS from 'exceljs';
import { INDICATORS } from '../../../core/plans/indicators.ts';
import type { ReportKind } from '../../../core/plans/reports.ts';
import { formatNumber, translator, type Locale } from '../../../i18n/index.ts';
import { dateCell, DATE_FORMAT, phraseDateFormat, workbookBuffer } from '../../platform/spreadsheet-write.ts';
import type { Consolidated } from './consolidate.ts';

const TITLE_FONT = { bold: true, size: 14 };
const BOLD = { bold: true };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const WARN_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFE699' } };
/** Counts and đồng grouped as the reader's Excel groups them; a rate is the percentage itself (66.7 → 66,7%). */
const COUNT_FORMAT = '#,##0';
const RATE_FORMAT = '0.0"%"';
const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII', 'XIII', 'XIV', 'XV'];
const roman = (i: number) => ROMAN[i] ?? String(i + 1);

export async function consolidatedWorkbook(c: Consolidated, kind: ReportKind, locale: Locale): Promise<Buffer> {
  const tr = translator(locale);
  const t = (key: string, params?: Record<string, unknown>) => tr(`reports:${key}`, params);
  const period = t(`period.${kind}`, { year: c.year });
  const wb = new ExcelJS.Workbook();
  wb.creator = 'xa-phu-hop-tre-em';
  const header = (ws: ExcelJS.Worksheet, cells: string[]) => {
    const row = ws.addRow(cells);
    row.eachCell((cell) => {
      cell.font = BOLD;
      cell.fill = HEADER_FILL;
      cell.alignment = { vertical: 'middle', wrapText: true }; // a long header wraps rather than being cut
    });
  };
  const title = (ws: ExcelJS.Worksheet) => {
    ws.addRow([t('xlsx.title', { period, province: c.province.name })]).getCell(1).font = TITLE_FONT;
    // A date cell that reads as the sentence ("Số liệu đến ngày 10/05/2026"): the format carries the words.
    const asOfRow = ws.addRow([dateCell(c.today)]);
    const asOf = asOfRow.getCell(1);
    asOf.numFmt = phraseDateFormat((date) => t('xlsx.asOf', { date }));
    asOf.alignment = { horizontal: 'left' };
    // A number never spills into the next cell as text does: the merge gives the sentence its width.
    ws.mergeCells(asOfRow.number, 1, asOfRow.number, 3);
    ws.addRow([]);
  };

  const summary = wb.addWorksheet(t('xlsx.summarySheet'));
  summary.columns = [{ width: 40 }, { width: 24 }];
  title(summary);
  header(summary, [t('doc.table.item'), t('doc.table.count')]);
  for (const key of ['units', 'submitted', 'onTime', 'late', 'missing', 'pending'] as const)
    summary.addRow([t(`doc.table.${key}`), c.completeness[key]]);
  summary.addRow([]);
  for (const status of ['late', 'missing'] as const) {
    for (const r of c.rows.filter((x) => x.status === status)) {
      const row = summary.addRow([r.name, t(`status.${status}`)]);
      row.getCell(2).fill = WARN_FILL;
    }
  }

  const communes = c.rows;
  const ws = wb.addWorksheet(t('xlsx.communesSheet'));
  ws.columns = [
    { width: 6 },
    { width: 10 },
    { width: 28 },
    { width: 26 },
    { width: 12 },
    { width: 12 },
    { width: 10 },
    { width: 11 },
    { width: 12 },
    { width: 10 },
    { width: 10 },
    { width: 12 },
    { width: 12 },
    { width: 12 },
  ];
  title(ws);
  header(ws, [
    t('doc.table.index'),
    t('doc.table.code'),
    t('doc.table.commune'),
    t('doc.table.status'),
    t('doc.table.dueOn'),
    t('doc.table.submittedOn'),
    t('doc.table.score'),
    t('doc.table.recognized'),
    t('doc.task.done'),
    t('doc.task.total'),
    t('doc.table.overdue'),
    t('doc.table.c13'),
    t('doc.activity.forums'),
    t('doc.activity.events'),
  ]);
  const yes = (v: boolean | null) => (v === null ? null : t(v ? 'doc.table.yes' : 'doc.table.no'));
  communes.forEach((r, i) => {
    const row = ws.addRow([
      i + 1,
      r.code,
      r.name,
      t(`status.${r.status}`),
      dateCell(r.dueOn),
      dateCell(r.submittedOn),
      r.score,
      yes(r.recognized),
      r.tasksDone,
      r.tasksTotal,
      r.overdue,
      r.c13Rate,
      r.forums,
      r.events,
    ]);
    row.getCell(5).numFmt = DATE_FORMAT;
    row.getCell(6).numFmt = DATE_FORMAT;
    if (r.status === 'late' || r.status === 'missing') row.getCell(4).fill = WARN_FILL;
  });
  const tt = c.totals;
  const total = ws.addRow([
    null,
    null,
    t('doc.table.totals', { count: c.completeness.submitted }),
    `${formatNumber(c.completeness.submitted, locale)}/${formatNumber(c.completeness.units, locale)}`,
    null,
    null,
    tt.score,
    tt.recognized,
    tt.tasksDone,
    tt.tasksTotal,
    tt.overdue,
    tt.c13Rate,
    tt.forums,
    tt.events,
  ]);
  total.font = BOLD;

  const inputs = wb.addWorksheet(t('xlsx.inputsSheet'));
  inputs.columns = [{ width: 22 }, { width: 60 }, { width: 14 }];
  title(inputs);
  header(inputs, [t('xlsx.input'), '', t('xlsx.sum')]);
  for (const [code, v] of Object.entries(c.rollUp.inputs).sort(([a], [b]) => a.localeCompare(b)))
    inputs.addRow([code, '', v]);
  for (const [code, v] of Object.entries(c.rollUp.flags).sort(([a], [b]) => a.localeCompare(b)))
    inputs.addRow([code, t('xlsx.unitsYes'), v]);
  inputs.addRow([]);
  header(inputs, [t('xlsx.input'), '', t('xlsx.rate')]);
  for (const def of INDICATORS)
    if (def.kind === 'ratio') inputs.addRow([def.code, def.label[locale], c.rollUp.rates[def.code] ?? null]);

  statisticsSheet(wb, c, locale, title, header);

  return workbookBuffer(wb);
}

/**
 * The form's statistics: a group row per form table, a row per statistic (its code, words and unit), a column
 * per commune whose submitted report has them and the province's total (rates recomputed from the sums).
 */
function statisticsSheet(
  wb: ExcelJS.Workbook,
  c: Consolidated,
  locale: Locale,
  title: (ws: ExcelJS.Worksheet) => void,
  header: (ws: ExcelJS.Worksheet, cells: string[]) => void,
) {
  const tr = translator(locale);
  const d = (key: string, params?: Record<string, unknown>) => tr(`documents:report.statistics.${key}`, params);
  const s = c.statistics;
  const communes = s ? c.rows.filter((r) => s.byUnit[String(r.unitId)]) : [];
  const ws = wb.addWorksheet(d('sheet'));
  ws.columns = [
    { width: 6 },
    { width: 30 },
    { width: 56 },
    { width: 12 },
    ...communes.map(() => ({ width: 14 })),
    { width: 14 },
  ];
  title(ws);
  if (!s || !s.tables.length) {
    ws.addRow([d('none')]);
    return;
  }
  if (s.period) {
    for (const [key, day] of [
      ['from', s.period.from],
      ['to', s.period.to],
    ] as const) {
      // The label's value is the cell to its right, as on the other sheets' facts.
      const row = ws.addRow([null, d(key), dateCell(day)]);
      row.getCell(3).numFmt = DATE_FORMAT;
      row.getCell(3).alignment = { horizontal: 'left' };
    }
  }
  ws.addRow([d('sheetNote')]);
  ws.addRow([]);
  header(ws, [
    tr('reports:doc.table.index'),
    d('code'),
    tr('reports:doc.table.item'),
    d('unit'),
    ...communes.map((r) => r.name),
    d('total'),
  ]);
  ws.views = [{ state: 'frozen', xSplit: 4, ySplit: ws.rowCount }];
  const last = 5 + communes.length;
  s.tables.forEach((table, ti) => {
    const group = ws.addRow([roman(ti), null, table.title[locale]]);
    group.font = BOLD;
    group.getCell(1).alignment = { horizontal: 'center' };
    table.rows.forEach((row, i) => {
      const values = communes.map((r) => s.byUnit[String(r.unitId)]![row.statistic] ?? null);
      const line = ws.addRow([i + 1, row.statistic, row.label[locale], row.unit[locale], ...values, row.value]);
      line.alignment = { vertical: 'top' }; // a wrapped label keeps its figures on its first line
      line.getCell(1).alignment = { vertical: 'top', horizontal: 'center' };
      line.getCell(3).alignment = { vertical: 'top', wrapText: true };
      for (let col = 5; col <= last; col++) line.getCell(col).numFmt = row.kind === 'rate' ? RATE_FORMAT : COUNT_FORMAT;
      line.getCell(last).font = BOLD;
    });
  });
}
