// The statistics export of a commune or a province over a data period: who may take it, the table (a column
// per commune and, for a province, the total rolled up with rates from summed counts), and the table as an
// Excel workbook and as CSV. Counts and rates only; the commune is the smallest unit shown.
import ExcelJS from 'exceljs';
import { format, isValid, parseISO } from 'date-fns';
import type { Kysely } from 'kysely';
import {
  NATIONAL_GROUPS,
  NATIONAL_INDICATORS,
  NATIONAL_SOURCE,
  nationalValues,
} from '../../../core/reports/national.ts';
import {
  completeStatistics,
  rollUpStatistics,
  STATISTICS,
  type StatisticValues,
} from '../../../core/reports/statistics.ts';
import { formatDate, translator, type Locale } from '../../../i18n/index.ts';
import type { Database } from '../../db/schema.ts';
import { viOrder } from '../../db/collation.ts';
import { todayInVietnam } from '../../platform/clock.ts';
import { fieldRefusal, forbidden, notFound, Refusal } from '../../platform/refusal.ts';
import { addNote, csvFile, dateCell, phraseDateFormat, workbookBuffer } from '../../platform/spreadsheet-write.ts';
import { actsForCommune, type SessionUser } from '../auth/index.ts';
import type { StatisticsExport } from './contracts.ts';
import { measureStatistics } from './measures.ts';

export type { StatisticsExport };

/** The statistics every export shows: the counted ones and their rates (typed-in figures belong to reports). */
const EXPORTED = STATISTICS.filter((s) => s.kind === 'rate' || s.source !== 'entered');

const officialOf = (user: SessionUser, provinceId: number) =>
  user.roles.some((r) => r.role === 'province_official' && r.unitId === provinceId);

interface ExportUnit {
  id: number;
  code: string;
  name: string;
  level: 'commune' | 'province';
  provinceId: number;
}

/**
 * A commune's statistics: its officer and chairman, and its province's official; a province's: its official.
 * Only those who see the commune's sensitive counts exactly (src/core/privacy/disclosure.ts) take them whole.
 */
export async function exportUnit(db: Kysely<Database>, user: SessionUser | null, unitId: number): Promise<ExportUnit> {
  if (!user) throw new Refusal('unauthenticated', 'common:error.unauthenticated');
  const unit = await db
    .selectFrom('unit')
    .select(['id', 'code', 'name', 'level', 'parent_id'])
    .where('id', '=', unitId)
    .executeTakeFirst();
  if (!unit) throw notFound('unit', unitId);
  const provinceId = unit.level === 'province' ? unit.id : (unit.parent_id as number);
  const allowed = officialOf(user, provinceId) || (unit.level === 'commune' && actsForCommune(user, unit.id));
  if (!allowed) throw forbidden();
  return { id: unit.id, code: unit.code, name: unit.name, level: unit.level as ExportUnit['level'], provinceId };
}

/** The data period asked for, or this year up to today; refused with the field named when it is not a day or runs backwards. */
export function exportPeriod(query: { from?: string; to?: string }, today = todayInVietnam()) {
  const from = query.from ?? `${today.slice(0, 4)}-01-01`;
  const to = query.to ?? today;
  for (const [field, value] of [
    ['from', from],
    ['to', to],
  ] as const)
    if (!isValid(parseISO(value)) || format(parseISO(value), 'yyyy-MM-dd') !== value)
      throw fieldRefusal('invalid', 'statistics:error.not_a_day', field, value, { field, value });
  if (from > to)
    throw fieldRefusal('invalid', 'statistics:error.period_backwards', 'from', from, {
      from: formatDate(from),
      to: formatDate(to),
    });
  return { from, to };
}

/** The table: each commune's counted statistics over the period and, for a province, their roll-up. */
export async function statisticsTable(
  db: Kysely<Database>,
  unit: ExportUnit,
  period: { from: string; to: string },
): Promise<StatisticsExport> {
  const columns =
    unit.level === 'commune'
      ? [{ unitId: unit.id, code: unit.code, name: unit.name }]
      : (
          await db
            .selectFrom('unit')
            .select(['id', 'code', 'name'])
            .where('parent_id', '=', unit.id)
            .where('level', '=', 'commune')
            .where('valid_to', 'is', null)
            .orderBy(viOrder('name'))
            .orderBy('id')
            .execute()
        ).map((c) => ({ unitId: c.id, code: c.code, name: c.name }));
  const measured = await measureStatistics(db, { unitIds: columns.map((c) => c.unitId), ...period });
  const perUnit: StatisticValues[] = columns.map((c) => completeStatistics(measured.get(c.unitId) ?? {}));
  const total = unit.level === 'commune' ? perUnit[0]! : rollUpStatistics(perUnit);
  const nationalPerUnit = perUnit.map((v) => nationalValues(v));
  const nationalTotal = nationalValues(total);
  return {
    unit: { id: unit.id, code: unit.code, name: unit.name, level: unit.level },
    period,
    source: { ...NATIONAL_SOURCE },
    columns,
    national: NATIONAL_INDICATORS.map((i) => ({
      code: i.code,
      group: NATIONAL_GROUPS[i.group],
      label: i.name,
      unit: i.unit,
      note: i.note ?? null,
      kind: i.formula.kind,
      values: nationalPerUnit.map((v) => v[i.code] ?? null),
      total: nationalTotal[i.code] ?? null,
    })),
    statistics: EXPORTED.map((s) => ({
      code: s.code,
      label: s.label,
      unit: s.unit,
      kind: s.kind === 'rate' ? ('rate' as const) : ('count' as const),
      values: perUnit.map((v) => v[s.code] ?? null),
      total: total[s.code] ?? null,
    })),
  };
}

const TITLE_FONT = { bold: true, size: 14 };
const BOLD = { bold: true };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const GROUP_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };

/** The file's name: "thong-ke-tre-em-<unit code>-<from>-<to>" in words of the caller's language. */
export function exportFileName(data: StatisticsExport, locale: Locale): string {
  const t = translator(locale);
  return `${t('statistics:file.name')}-${data.unit.code}-${data.period.from}-${data.period.to}`;
}

/** Whether the table has a total column: a province's, over its communes. */
const hasTotal = (data: StatisticsExport) => data.unit.level === 'province';

function headerCells(data: StatisticsExport, t: (k: string) => string, first: string[]): string[] {
  return [...first, ...data.columns.map((c) => c.name), ...(hasTotal(data) ? [t('statistics:table.total')] : [])];
}

/**
 * Two sheets: the national indicators (Thông tư 13/2021), then every counted statistic of the catalogue. Each
 * opens with the unit, the period (date cells) and the source; numbers are number cells, "no data" an empty cell.
 */
export async function statisticsWorkbook(data: StatisticsExport, locale: Locale): Promise<Buffer> {
  const t = translator(locale);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'xa-phu-hop-tre-em';
  const valueColumns = data.columns.length + (hasTotal(data) ? 1 : 0);
  const sheet = (name: string, fixedWidths: number[]) => {
    const ws = wb.addWorksheet(name);
    ws.columns = [...fixedWidths, ...Array.from({ length: valueColumns }, () => 14)].map((width) => ({ width }));
    ws.addRow([t('statistics:file.title', { unit: data.unit.name })]).getCell(1).font = TITLE_FONT;
    // The period as two date cells that read as words: they stay dates (they sort and compute).
    for (const [day, key] of [
      [data.period.from, 'statistics:file.from'],
      [data.period.to, 'statistics:file.to'],
    ] as const) {
      const row = ws.addRow([dateCell(day)]);
      const cell = row.getCell(1);
      cell.numFmt = phraseDateFormat((date) => t(key, { date }));
      cell.alignment = { horizontal: 'left' };
      // A number never spills into the next cell as text does: the merge gives the sentence its width.
      ws.mergeCells(row.number, 1, row.number, fixedWidths.length);
    }
    ws.addRow([t('statistics:file.source', { source: data.source[locale] })]);
    ws.addRow([]);
    return ws;
  };
  const header = (ws: ExcelJS.Worksheet, cells: string[]) => {
    const row = ws.addRow(cells);
    row.eachCell((cell) => {
      cell.font = BOLD;
      cell.fill = HEADER_FILL;
      cell.alignment = { vertical: 'middle', wrapText: true };
    });
    ws.views = [{ state: 'frozen', ySplit: row.number, xSplit: 2 }];
  };
  const values = (r: { values: (number | null)[]; total: number | null }) => [
    ...r.values,
    ...(hasTotal(data) ? [r.total] : []),
  ];

  const national = sheet(t('statistics:file.nationalSheet'), [10, 52, 22]);
  header(
    national,
    headerCells(data, t, [t('statistics:table.code'), t('statistics:table.indicator'), t('statistics:table.unit')]),
  );
  let group = '';
  for (const r of data.national) {
    if (r.group[locale] !== group) {
      group = r.group[locale];
      const g = national.addRow([null, group]);
      g.font = BOLD;
      g.eachCell({ includeEmpty: true }, (c) => (c.fill = GROUP_FILL));
    }
    national.addRow([r.code, r.label[locale], r.unit[locale], ...values(r)]);
  }
  national.addRow([]);
  addNote(national, t('statistics:file.note'), [10, 52, 22]);

  const detail = sheet(t('statistics:file.detailSheet'), [34, 52, 14]);
  header(
    detail,
    headerCells(data, t, [t('statistics:table.code'), t('statistics:table.statistic'), t('statistics:table.unit')]),
  );
  for (const r of data.statistics) detail.addRow([r.code, r.label[locale], r.unit[locale], ...values(r)]);

  for (const ws of [national, detail])
    ws.eachRow((row) => {
      row.eachCell((cell) => {
        if (typeof cell.value === 'number' && !Number.isInteger(cell.value)) cell.numFmt = '0.0';
      });
    });
  return workbookBuffer(wb);
}

/**
 * The national indicators as CSV (UTF-8 with BOM): a few header lines (unit, period dd/mm/yyyy, source), then
 * one row per indicator with a column per commune (and the total). Numbers are written plainly (1234.5) so
 * every program reads them as numbers; an empty field is "no data".
 */
export function statisticsCsv(data: StatisticsExport, locale: Locale): string {
  const t = translator(locale);
  const fields = headerCells(data, t, [
    t('statistics:table.code'),
    t('statistics:table.indicator'),
    t('statistics:table.unit'),
  ]);
  const pad = (cells: (string | number | null)[]) => [
    ...cells,
    ...Array(Math.max(0, fields.length - cells.length)).fill(null),
  ];
  const rows: (string | number | null)[][] = [
    pad([t('statistics:file.title', { unit: data.unit.name })]),
    pad([t('statistics:file.period', { from: formatDate(data.period.from), to: formatDate(data.period.to) })]),
    pad([t('statistics:file.source', { source: data.source[locale] })]),
    pad([]),
    fields,
    ...data.national.map((r) => [
      r.code,
      r.label[locale],
      r.unit[locale],
      ...r.values,
      ...(hasTotal(data) ? [r.total] : []),
    ]),
  ];
  // The header lines go first: the CSV's own header row is the indicators' header, written as a data row.
  return csvFile(
    rows[0]!.map((v) => (v == null ? '' : String(v))),
    rows.slice(1),
  );
}
