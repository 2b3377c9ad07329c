// The dashboard as an Excel workbook: the same figures as the JSON, one sheet per chart or table; days are
// date cells shown dd/mm/yyyy, so they sort and no Excel locale reads them month-first.
import ExcelJS from 'exceljs';
import { formatNumber, translator, type Locale } from '../../../i18n/index.ts';
import { addNote, dateCell, DATE_FORMAT, workbookBuffer } from '../../platform/spreadsheet-write.ts';
import type { Dashboard } from './store.ts';
import { targetWording } from '../../../core/dashboards/targets.ts';

const TITLE_FONT = { bold: true, size: 14 };
const BOLD = { bold: true };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };

export async function writeDashboardWorkbook(d: Dashboard, locale: Locale): Promise<Buffer> {
  const t = translator(locale);
  const e = (key: string, params?: Record<string, unknown>) => t(`dashboards:export.${key}`, params);
  const yesNo = (v: boolean | null) => (v === null ? '' : v ? e('yes') : e('no'));
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'xa-phu-hop-tre-em';

  const sheet = (name: string, widths: number[], header: string[]) => {
    const ws = workbook.addWorksheet(name);
    ws.columns = widths.map((width) => ({ width }));
    const head = ws.addRow(header);
    head.eachCell((cell) => {
      cell.font = BOLD;
      cell.fill = HEADER_FILL;
      cell.alignment = { vertical: 'middle', wrapText: true }; // a long header wraps rather than being cut
    });
    ws.views = [{ state: 'frozen', ySplit: 1 }];
    return ws;
  };

  const summary = workbook.addWorksheet(e('sheet.summary'));
  summary.columns = [{ width: 44 }, { width: 40 }];
  summary.addRow([e('title')]).getCell(1).font = TITLE_FONT;
  const fact = (label: string, value: string | number | Date | null) => {
    const row = summary.addRow([label, value]);
    row.getCell(1).font = BOLD;
    if (value instanceof Date) {
      row.getCell(2).numFmt = DATE_FORMAT;
      row.getCell(2).alignment = { horizontal: 'left' };
    }
  };
  fact(e('level'), t(`dashboards:level.${d.level}`));
  if (d.unit) fact(e('unit'), `${d.unit.name} (${d.unit.code})`);
  if (d.unit?.provinceName && d.level === 'commune') fact(e('province'), d.unit.provinceName);
  fact(e('period'), d.period.year);
  fact(e('periodFrom'), dateCell(d.period.startsOn));
  fact(e('periodTo'), dateCell(d.period.endsOn));
  fact(e('asOf'), dateCell(d.today));
  summary.addRow([]);
  fact(e('units'), d.counts.units);
  fact(e('assessed'), d.counts.assessed);
  fact(e('complete'), d.counts.complete);
  fact(e('recognised'), d.counts.recognised);
  fact(e('decided'), d.counts.decided);
  fact(e('provisional'), d.counts.provisional);
  fact(e('meanTotal'), d.counts.meanTotal);
  fact(e('share'), d.comparison.share);
  const target = d.comparison.target;
  const words = targetWording(target, t);
  fact(e('target'), words.source ? `${words.target} (${words.source})` : words.target);
  fact(e('met'), yesNo(d.comparison.met));
  fact(e('needed'), d.comparison.needed);
  summary.addRow([]);
  // Wrapped across the sheet: one long line would widen the printed page until the figures are unreadable.
  addNote(summary, t('dashboards:rule.lineage'), [44, 40]);

  const criteria = sheet(
    e('sheet.criteria'),
    [10, 52, 10, 12, 14, 16, 14],
    [e('code'), e('criterion'), e('max'), e('scored'), e('meanPoints'), e('belowFull'), e('zeroed')],
  );
  for (const c of d.criteria)
    criteria.addRow([c.code, c.title[locale] || c.title.vi, c.max, c.scored, c.meanPoints, c.belowFull, c.zeroed]);

  const dist = sheet(e('sheet.distribution'), [20, 14], [e('band'), e('count')]);
  for (const b of d.distribution)
    dist.addRow([`${formatNumber(b.from, locale)}–${formatNumber(b.to, locale)}`, b.count]);

  const trend = sheet(
    e('sheet.trend'),
    [10, 12, 12, 12, 14, 12, 14, 12],
    [e('year'), e('units'), e('assessed'), e('recognised'), e('share'), e('targetPercent'), e('met'), e('meanTotal')],
  );
  for (const p of d.trend)
    trend.addRow([
      p.year,
      p.units,
      p.assessed,
      p.recognised,
      p.comparison.share,
      p.comparison.target.percent,
      yesNo(p.comparison.met),
      p.meanTotal,
    ]);

  const units = sheet(
    e('sheet.units'),
    [12, 36, 12, 12, 12, 12, 14, 12, 14],
    [
      e('code'),
      e('unitName'),
      e('units'),
      e('assessed'),
      e('complete'),
      e('recognised'),
      e('meanTotal'),
      e('share'),
      e('met'),
    ],
  );
  for (const r of d.breakdown)
    units.addRow([
      r.code,
      r.name,
      r.units,
      r.assessed,
      r.complete,
      r.recognised,
      r.meanTotal,
      r.comparison?.share ?? null,
      r.comparison ? yesNo(r.comparison.met) : '',
    ]);

  const time = sheet(
    e('sheet.timeliness'),
    [36, 26, 14, 14, 12, 22],
    [e('unitName'), e('state'), e('due'), e('submittedOn'), e('daysLate'), e('status')],
  );
  for (const r of d.timeliness.rows) {
    const row = time.addRow([
      r.name,
      t(`rounds:state.${r.state}`, { defaultValue: r.state }),
      dateCell(r.due),
      dateCell(r.submittedOn),
      r.daysLate,
      t(`dashboards:timeliness.${r.status}`),
    ]);
    row.getCell(3).numFmt = DATE_FORMAT;
    row.getCell(4).numFmt = DATE_FORMAT;
  }
  time.addRow([]);
  time.addRow([e('noEntry'), d.timeliness.noEntry]).getCell(1).font = BOLD;

  const warn = sheet(
    e('sheet.warnings'),
    [12, 36, 10, 12, 14, 70],
    [e('code'), e('unitName'), e('total'), e('threshold'), e('recognised'), e('impact')],
  );
  for (const w of d.warnings)
    warn.addRow([
      w.code,
      w.name,
      w.total,
      w.threshold,
      yesNo(w.recognized),
      w.impacts
        .map((i) => t(`dashboards:impact.${i.kind}`, { ...i, criteria: 'criteria' in i ? i.criteria.join(', ') : '' }))
        .join(' '),
    ]);

  return workbookBuffer(workbook);
}
