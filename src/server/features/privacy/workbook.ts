// A child's data for its guardian as a readable workbook: the same content as the JSON, one sheet per part.
// Days are date cells (dd/mm/yyyy), moments date-times in Vietnam time (dd/mm/yyyy hh:mm).
import ExcelJS from 'exceljs';
import { translator, type Locale } from '../../../i18n/index.ts';
import {
  dateCell,
  dateTimeCell,
  DATE_FORMAT,
  DATE_TIME_FORMAT,
  workbookBuffer,
} from '../../platform/spreadsheet-write.ts';
import type { ChildExport } from './store.ts';

const BOLD = { bold: true };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };

type CellOut = string | number | Date | null | undefined;
/** Columns holding a moment (date and time); every other Date is a day. */
const MOMENTS = new Set(['at']);
/** Column widths other than the usual 22 characters, for the long texts. */
const WIDTHS: Record<string, number> = { user: 34, fields: 60, note: 40, summary: 40, provider: 30, kind: 26 };

export async function writeChildWorkbook(d: ChildExport, locale: Locale): Promise<Buffer> {
  const t = translator(locale);
  const e = (key: string, params?: Record<string, unknown>) => t(`privacy:export.${key}`, params);
  const yesNo = (v: boolean) => (v ? e('yes') : e('no'));
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'xa-phu-hop-tre-em';

  const facts = workbook.addWorksheet(e('sheet.identity'));
  facts.columns = [{ width: 32 }, { width: 48 }];
  facts.addRow([e('title')]).getCell(1).font = { bold: true, size: 14 };
  const exportedRow = facts.addRow([e('exportedAt'), dateTimeCell(d.exportedAt)]);
  exportedRow.getCell(1).font = BOLD;
  const exported = exportedRow.getCell(2);
  exported.numFmt = DATE_TIME_FORMAT;
  exported.alignment = { horizontal: 'left' };
  const fact = (key: string, value: CellOut) => {
    const row = facts.addRow([e(`field.${key}`), value ?? '']);
    row.getCell(1).font = BOLD;
    if (value instanceof Date) {
      row.getCell(2).numFmt = DATE_FORMAT;
      row.getCell(2).alignment = { horizontal: 'left' };
    }
  };
  fact('code', d.identity.code);
  fact('fullName', d.identity.fullName);
  fact('birthDate', dateCell(d.identity.birthDate));
  fact('sex', t(`privacy:export.sex.${d.identity.sex}`));
  fact('idNumber', d.identity.idNumber);
  fact('guardianName', d.identity.guardianName);
  fact('guardianRelation', d.identity.guardianRelation);
  fact('village', d.household.village);
  fact('householdCode', d.household.code);
  fact('householdHead', d.household.head);
  fact('address', d.household.address);
  fact('birthRegisteredOn', dateCell(d.profile.birthRegisteredOn));
  // Codes in words, as everywhere else in the file.
  fact('education', d.profile.education && t(`register:education.${d.profile.education}`));
  fact('fullyImmunizedOn', dateCell(d.profile.fullyImmunizedOn));
  fact('disability', d.profile.disability);
  fact('movedOutOn', dateCell(d.profile.movedOutOn));
  fact('diedOn', dateCell(d.profile.diedOn));
  fact('note', d.profile.note);

  const sheet = (name: string, keys: string[], rows: CellOut[][]) => {
    const header = keys.map((k) => e(`field.${k}`));
    const ws = workbook.addWorksheet(e(`sheet.${name}`));
    ws.columns = keys.map((k) => ({ width: WIDTHS[k] ?? 22 }));
    const head = ws.addRow(header);
    head.eachCell((cell) => {
      cell.font = BOLD;
      cell.fill = HEADER_FILL;
      cell.alignment = { vertical: 'middle', wrapText: true }; // a long header wraps rather than being cut
    });
    ws.views = [{ state: 'frozen', ySplit: 1 }];
    for (const cells of rows) {
      const row = ws.addRow(cells);
      cells.forEach((value, i) => {
        if (value instanceof Date) row.getCell(i + 1).numFmt = MOMENTS.has(keys[i]!) ? DATE_TIME_FORMAT : DATE_FORMAT;
      });
    }
  };
  sheet(
    'circumstances',
    ['group', 'startedOn', 'endedOn', 'note'],
    d.circumstances.map((c) => [
      locale === 'vi' ? c.label.vi : c.label.en || c.label.vi,
      dateCell(c.startedOn),
      dateCell(c.endedOn),
      c.note,
    ]),
  );
  sheet(
    'supports',
    ['kind', 'givenOn', 'provider', 'note'],
    d.supports.map((s) => [s.kind, dateCell(s.givenOn), s.provider, s.note]),
  );
  sheet(
    'health',
    ['kind', 'checkedOn', 'weightKg', 'heightCm', 'underweight', 'stunted', 'note'],
    d.healthRecords.map((r) => [
      t(`privacy:export.healthKind.${r.kind}`),
      dateCell(r.checkedOn),
      r.weightKg,
      r.heightCm,
      yesNo(r.underweight),
      yesNo(r.stunted),
      r.note,
    ]),
  );
  sheet(
    'cases',
    ['caseId', 'kind', 'occurredOn', 'reportedOn', 'summary', 'closedOn'],
    d.cases.map((c) => [
      c.id,
      t(`privacy:export.caseKind.${c.kind}`, { defaultValue: c.kind }),
      dateCell(c.occurredOn),
      dateCell(c.reportedOn),
      c.summary,
      dateCell(c.closedOn),
    ]),
  );
  sheet(
    'accessLog',
    ['at', 'user', 'action', 'fields'],
    d.accessLog.map((r) => [
      dateTimeCell(r.at),
      `${r.user.fullName} (${r.user.username})`,
      t(`privacy:export.actionKind.${r.action}`, { defaultValue: r.action }),
      r.fields.map((f) => t(`privacy:export.fieldGroup.${f}`, { defaultValue: f })).join(', '),
    ]),
  );
  return workbookBuffer(workbook);
}
