// The survey results as an Excel workbook: one sheet per audience with a header naming the commune,
// the period and the questionnaire version, the satisfaction figures, and each question's answers with
// the same suppressed cells as the JSON results (a hidden count is written as hidden, never its number).
// The period's days are date cells shown dd/mm/yyyy.
import ExcelJS from 'exceljs';
import { SCALES } from '../../../core/surveys/questionnaire.ts';
import { translator, type Locale } from '../../../i18n/index.ts';
import { dateCell, DATE_FORMAT, workbookBuffer } from '../../platform/spreadsheet-write.ts';
import type { SurveyReport } from './store.ts';

const TITLE_FONT = { bold: true, size: 14 };
const BOLD = { bold: true };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };

const share = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : null);

export async function writeResultsWorkbook(report: SurveyReport, locale: Locale): Promise<Buffer> {
  const t = translator(locale);
  const e = (key: string, params?: Record<string, unknown>) => t(`surveys:export.${key}`, params);
  const text = (v: { vi: string; en: string }) => v[locale] || v.vi;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'xa-phu-hop-tre-em';

  for (const { result, sampleSize, questionnaire } of report.audiences) {
    const audience = t(`surveys:sheet.audience.${result.audience}`);
    const ws = workbook.addWorksheet(e(`sheet.${result.audience}`));
    ws.columns = [{ width: 30 }, { width: 60 }, { width: 10 }, { width: 24 }, { width: 12 }];
    ws.addRow([e('title', { audience })]).getCell(1).font = TITLE_FONT;
    const fact = (label: string, value: string | number | Date | null) => {
      const row = ws.addRow([label, value]);
      row.getCell(1).font = BOLD;
      if (value instanceof Date) {
        row.getCell(2).numFmt = DATE_FORMAT;
        row.getCell(2).alignment = { horizontal: 'left' };
      }
    };
    fact(e('commune'), report.commune);
    fact(e('province'), report.province);
    fact(e('period'), e('periodValue', { year: report.period.year }));
    fact(e('periodFrom'), dateCell(report.period.startsOn));
    fact(e('periodTo'), dateCell(report.period.endsOn));
    fact(
      e('questionnaire'),
      e('questionnaireValue', {
        code: questionnaire.code,
        version: questionnaire.version,
        title: text(questionnaire.title),
      }),
    );
    fact(e('versions'), result.versions.length ? result.versions.join(', ') : '—');
    ws.addRow([]);
    fact(e('sampleSize'), sampleSize);
    fact(e('issued'), result.issued);
    fact(e('respondents'), result.respondents);
    fact(e('responseRate'), result.responseRate);
    fact(e('satisfied'), result.satisfied);
    fact(e('satisfaction'), share(result.satisfied, result.respondents));
    ws.addRow([]);

    const head = ws.addRow([e('questionCode'), e('question'), e('value'), e('answer'), e('count')]);
    head.eachCell((cell) => {
      cell.font = BOLD;
      cell.fill = HEADER_FILL;
      cell.alignment = { vertical: 'middle', wrapText: true }; // a long header wraps rather than being cut
    });
    for (const q of result.questions) {
      const def = questionnaire.questions.find((x) => x.code === q.code);
      const scale = def ? SCALES[def.scale] : [];
      for (const d of q.distribution) {
        const label = scale.find((s) => s.value === d.value)?.label;
        ws.addRow([
          q.code,
          def ? text(def.text) : q.code,
          d.value,
          label ? text(label) : String(d.value),
          d.count.suppressed ? e('hidden') : d.count.value,
        ]);
      }
      const total = ws.addRow([
        q.code,
        def ? text(def.text) : q.code,
        null,
        e('answered'),
        q.answered.suppressed ? e('hidden') : q.answered.value,
      ]);
      total.font = BOLD;
    }
    ws.addRow([]);
    ws.addRow([e('suppressedNote')]);
    ws.addRow([e('versionNote')]);
  }
  // A workbook needs a sheet: with no survey yet, one line saying so.
  if (!report.audiences.length) workbook.addWorksheet(e('sheet.empty')).addRow([e('empty')]);

  return workbookBuffer(workbook);
}
