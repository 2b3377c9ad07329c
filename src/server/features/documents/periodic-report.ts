// Báo cáo định kỳ (6 tháng, năm) of a commune or province, laid out per Nghị định 30/2020/NĐ-CP: heading,
// 'BÁO CÁO' and its summary, numbered sections of text and tables of figures, recipients and signature.
import {
  cell,
  CLOSING_GAP_PT,
  closingTable,
  headingTable,
  INDENT_MM,
  recipientParas,
  signatureParas,
  SIZE,
  summaryPara,
  typeTitle,
  vi,
} from './common.ts';
import { A4_PAGE, para, type Block, type Cell, type DocModel, type Para, type Run } from './model.ts';
import type { PeriodicReportDocument, ReportTable } from './types.ts';

const TABLE_SIZE = 12;

function bodyPara(runs: Run[] | string, extra: Partial<Para> = {}): Para {
  return para(runs, SIZE.body, 'justify', { firstLineIndentMm: INDENT_MM, after: 6, ...extra });
}

function heading(text: string): Para {
  return para([{ text, bold: true }], SIZE.body, 'left', {
    firstLineIndentMm: INDENT_MM,
    before: 6,
    after: 6,
    keepWithNext: true,
  });
}

/** A table of figures with its numbered title: bold header row repeated on each page, totals rows in bold. */
export function figuresTable(t: ReportTable, number: number): Block[] {
  const size = t.size ?? TABLE_SIZE;
  const align = (i: number) => t.align?.[i] ?? (i === 0 ? 'center' : 'left');
  const head: Cell[] = t.head.map((h) => cell(h, 'center', { bold: true, size }));
  const rows: Cell[][] = t.rows.map((r, ri) =>
    r.map((v, i) => cell(v, align(i), { bold: t.boldRows?.includes(ri), size })),
  );
  return [
    para([{ text: vi()('documents:report.tableTitle', { number, title: t.title }), bold: true }], SIZE.body, 'center', {
      before: 6,
      after: 6,
      keepWithNext: true,
    }),
    { kind: 'table', widthsMm: t.widthsMm, borders: true, headerRows: 1, rows: [head, ...rows] },
  ];
}

/** The sections of a report: each heading, its text line by line, then its tables, numbered through the report. */
export function reportSections(doc: Pick<PeriodicReportDocument, 'sections'>): Block[] {
  const blocks: Block[] = [];
  let tables = 0;
  for (const s of doc.sections) {
    blocks.push(heading(s.heading));
    for (const line of (s.text ?? '')
      .split(/\n+/u)
      .map((l) => l.trim())
      .filter(Boolean))
      blocks.push(bodyPara(line));
    for (const table of s.tables ?? []) blocks.push(...figuresTable(table, ++tables));
  }
  return blocks;
}

/** Heading, type and summary, the addressee and the opening paragraph. */
export function reportOpening(doc: PeriodicReportDocument): Block[] {
  const blocks: Block[] = [headingTable(doc.header), typeTitle(doc.type), summaryPara(doc.summary)];
  if (doc.addressee?.trim()) blocks.push(para(doc.addressee.trim(), SIZE.body, 'center', { after: 12 }));
  blocks.push(bodyPara(doc.opening));
  return blocks;
}

/** The closing sentence, kept on the page of the signature (a last page with the signature alone is not allowed). */
export function reportClosing(doc: PeriodicReportDocument): Block[] {
  const summary = doc.summary.trim().replace(/[\s.]+$/u, '');
  const closing = vi()('documents:report.closing', {
    summary: summary.charAt(0).toLocaleLowerCase('vi') + summary.slice(1),
  });
  return [
    bodyPara(closing, { before: 6, after: CLOSING_GAP_PT, keepWithNext: true }),
    closingTable(recipientParas(doc.recipients), signatureParas(doc.signature)),
  ];
}

export function periodicReportModel(doc: PeriodicReportDocument): DocModel {
  return {
    page: A4_PAGE,
    blocks: [...reportOpening(doc), ...reportSections(doc), ...reportClosing(doc)],
    title: `${doc.type} ${doc.summary}`,
    pageNumberSize: SIZE.body,
  };
}
