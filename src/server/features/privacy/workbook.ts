// A child's data for its guardian as a readable workbook: the same content as the JSON, one sheet per part.
import ExcelJS from 'exceljs';
import { translator, type Locale } from '../../../i18n/index.ts';
import type { ChildExport } from './store.ts';

const BOLD = { bold: true };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const dmy = (iso: string | null | undefined) => (iso ? iso.slice(0, 10).split('-').reverse().join('/') : '');

export async function writeChildWorkbook(d: ChildExport, locale: Locale): Promise<Buffer> {
  const t = translator(locale);
  const e = (key: string, params?: Record<string, unknown>) => t(`privacy:export.${key}`, params);
  const yesNo = (v: boolean) => (v ? e('yes') : e('no'));
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'xa-phu-hop-tre-em';

  const facts = workbook.addWorksheet(e('sheet.identity'));
  facts.columns = [{ width: 32 }, { width: 48 }];
  facts.addRow([e('title')]).getCell(1).font = { bold: true, size: 14 };
  facts.addRow([
    e('exportedAt'),
    new Date(d.exportedAt).toLocaleString(locale === 'vi' ? 'vi-VN' : 'en-GB', { timeZone: 'Asia/Ho_Chi_Minh' }),
  ]);
  const fact = (key: string, value: string | number | null | undefined) => {
    facts.addRow([e(`field.${key}`), value ?? '']).getCell(1).font = BOLD;
  };
  fact('code', d.identity.code);
  fact('fullName', d.identity.fullName);
  fact('birthDate', dmy(d.identity.birthDate));
  fact('sex', t(`privacy:export.sex.${d.identity.sex}`));
  fact('idNumber', d.identity.idNumber);
  fact('guardianName', d.identity.guardianName);
  fact('guardianRelation', d.identity.guardianRelation);
  fact('village', d.household.village);
  fact('householdCode', d.household.code);
  fact('householdHead', d.household.head);
  fact('address', d.household.address);
  fact('birthRegisteredOn', dmy(d.profile.birthRegisteredOn));
  fact('education', d.profile.education);
  fact('fullyImmunizedOn', dmy(d.profile.fullyImmunizedOn));
  fact('disability', d.profile.disability);
  fact('movedOutOn', dmy(d.profile.movedOutOn));
  fact('diedOn', dmy(d.profile.diedOn));
  fact('note', d.profile.note);

  const sheet = (name: string, header: string[], rows: Array<Array<string | number | null>>) => {
    const ws = workbook.addWorksheet(e(`sheet.${name}`));
    ws.columns = header.map(() => ({ width: 22 }));
    const head = ws.addRow(header);
    head.eachCell((cell) => {
      cell.font = BOLD;
      cell.fill = HEADER_FILL;
    });
    ws.views = [{ state: 'frozen', ySplit: 1 }];
    for (const row of rows) ws.addRow(row);
  };
  const h = (keys: string[]) => keys.map((k) => e(`field.${k}`));
  sheet(
    'circumstances',
    h(['group', 'startedOn', 'endedOn', 'note']),
    d.circumstances.map((c) => [
      locale === 'vi' ? c.label.vi : c.label.en || c.label.vi,
      dmy(c.startedOn),
      dmy(c.endedOn),
      c.note,
    ]),
  );
  sheet(
    'supports',
    h(['kind', 'givenOn', 'provider', 'note']),
    d.supports.map((s) => [s.kind, dmy(s.givenOn), s.provider, s.note]),
  );
  sheet(
    'health',
    h(['kind', 'checkedOn', 'weightKg', 'heightCm', 'underweight', 'stunted', 'note']),
    d.healthRecords.map((r) => [
      t(`privacy:export.healthKind.${r.kind}`),
      dmy(r.checkedOn),
      r.weightKg,
      r.heightCm,
      yesNo(r.underweight),
      yesNo(r.stunted),
      r.note,
    ]),
  );
  sheet(
    'cases',
    h(['caseId', 'kind', 'occurredOn', 'reportedOn', 'summary', 'closedOn']),
    d.cases.map((c) => [
      c.id,
      t(`privacy:export.caseKind.${c.kind}`, { defaultValue: c.kind }),
      dmy(c.occurredOn),
      dmy(c.reportedOn),
      c.summary,
      dmy(c.closedOn),
    ]),
  );
  sheet(
    'accessLog',
    h(['at', 'user', 'action', 'fields']),
    d.accessLog.map((r) => [
      r.at.replace('T', ' ').slice(0, 19),
      `${r.user.fullName} (${r.user.username})`,
      r.action,
      r.fields.join(', '),
    ]),
  );
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
