// DocModel → .docx (Office Open XML) with the `docx` package. Times New Roman, A4, the Nghị định 30 margins,
// page numbers top centre from page 2 on. Nothing is written to disk: the result is a Buffer.
import {
  AlignmentType,
  BorderStyle,
  convertMillimetersToTwip,
  Document,
  FootnoteReferenceRun,
  Header,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table as DocxTable,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type IBorderOptions,
} from 'docx';
// The PDF font has Times New Roman's widths: measuring in it measures the .docx lines too.
import { measureMm, styleOf } from './fonts.ts';
import {
  hardLines,
  LINE_SPACING,
  NOTE_SIZE,
  textWidthMm,
  type Align,
  type Block,
  type DocModel,
  type Para,
  type Run,
  type Table,
} from './model.ts';

export const DOCX_FONT = 'Times New Roman';

const twip = (mm: number): number => Math.round(convertMillimetersToTwip(mm));
const ptTwip = (pt: number): number => Math.round(pt * 20);

const ALIGN = {
  left: AlignmentType.LEFT,
  center: AlignmentType.CENTER,
  right: AlignmentType.RIGHT,
  justify: AlignmentType.JUSTIFIED,
} as const satisfies Record<Align, unknown>;

const NONE: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const LINE: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const RULE: IBorderOptions = { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 0 };

/** The model's line spacing in 240ths of a line, as Word counts it. */
const LINE_240THS = Math.round(240 * LINE_SPACING);

/** A Word footnote of its own: Word numbers it, places it at the foot of its page and keeps the mark superscript. */
function footnoteRun(note: string): FootnoteReferenceRun {
  return new FootnoteReferenceRun({
    children: [
      new Paragraph({
        alignment: AlignmentType.JUSTIFIED,
        // A space between Word's mark and the text, as the PDF prints it.
        children: [new TextRun({ text: ` ${note}`, size: NOTE_SIZE * 2, font: DOCX_FONT })],
      }),
    ],
  });
}

function textRuns(runs: Run[], size: number): Array<TextRun | FootnoteReferenceRun> {
  const out: Array<TextRun | FootnoteReferenceRun> = [];
  for (const r of runs) {
    if (r.note !== undefined) {
      out.push(footnoteRun(r.note));
      continue;
    }
    r.text.split('\n').forEach((text, i) => {
      out.push(
        new TextRun({
          text,
          bold: r.bold,
          italics: r.italic,
          size: size * 2,
          font: DOCX_FONT,
          break: i > 0 ? 1 : undefined,
        }),
      );
    });
  }
  return out;
}

/** A paragraph, plus the thin paragraph that carries its rule when it has one. */
function paragraphs(p: Para, boxMm: number): Paragraph[] {
  const out = [
    new Paragraph({
      alignment: ALIGN[p.align],
      spacing: {
        before: ptTwip(p.before ?? 0),
        after: ptTwip(p.rule ? 0 : (p.after ?? 0)),
        line: LINE_240THS,
        lineRule: LineRuleType.AUTO,
      },
      indent: {
        firstLine: p.firstLineIndentMm ? twip(p.firstLineIndentMm) : undefined,
        left: p.leftIndentMm ? twip(p.leftIndentMm) : undefined,
      },
      keepNext: p.keepWithNext || p.rule ? true : undefined,
      pageBreakBefore: p.pageBreakBefore ? true : undefined,
      children: textRuns(p.runs, p.size),
    }),
  ];
  if (p.rule) {
    const first = p.runs[0] ?? { text: '' };
    const longest = Math.max(...hardLines(p).map((l) => measureMm(l, styleOf(first), p.size)));
    const length = Math.min(boxMm, Math.max(10, longest * p.rule.fraction));
    const side = twip(Math.max(0, (boxMm - length) / 2));
    out.push(
      new Paragraph({
        spacing: { before: 0, after: ptTwip(p.after ?? 0), line: 60, lineRule: LineRuleType.EXACT },
        indent: { left: side, right: side },
        border: { top: RULE },
        keepNext: p.keepWithNext ? true : undefined,
        children: [new TextRun({ text: '', size: 2, font: DOCX_FONT })],
      }),
    );
  }
  return out;
}

function table(t: Table): DocxTable {
  const pad = t.paddingMm ?? 1.5;
  const border = t.borders ? LINE : NONE;
  const cellBorders = { top: border, bottom: border, left: border, right: border };
  const total = t.widthsMm.reduce((a, b) => a + b, 0);
  return new DocxTable({
    width: { size: twip(total), type: WidthType.DXA },
    columnWidths: t.widthsMm.map(twip),
    layout: TableLayoutType.FIXED,
    borders: {
      top: border,
      bottom: border,
      left: border,
      right: border,
      insideHorizontal: border,
      insideVertical: border,
    },
    margins: { left: twip(pad), right: twip(pad), top: t.borders ? 30 : 0, bottom: t.borders ? 30 : 0 },
    rows: t.rows.map(
      (row, ri) =>
        new TableRow({
          tableHeader: ri < (t.headerRows ?? 0) ? true : undefined,
          cantSplit: true,
          children: row.map((c, ci) => {
            const width = t.widthsMm[ci] ?? 0;
            const inner = width - 2 * pad;
            const children = c.paras.flatMap((p) => paragraphs(p, inner));
            return new TableCell({
              width: { size: twip(width), type: WidthType.DXA },
              verticalAlign: c.vAlign === 'center' ? VerticalAlignTable.CENTER : VerticalAlignTable.TOP,
              borders: cellBorders,
              children: children.length > 0 ? children : [new Paragraph({ children: [] })],
            });
          }),
        }),
    ),
  });
}

function blockToDocx(b: Block, textMm: number): Array<Paragraph | DocxTable> {
  return b.kind === 'para' ? paragraphs(b, textMm) : [table(b)];
}

export async function renderDocx(model: DocModel): Promise<Buffer> {
  const { page } = model;
  const textMm = textWidthMm(page);
  const pageNumber = new Header({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ children: [PageNumber.CURRENT], size: model.pageNumberSize * 2, font: DOCX_FONT })],
      }),
    ],
  });
  const doc = new Document({
    title: model.title,
    creator: 'xa-phu-hop-tre-em',
    styles: {
      default: {
        document: {
          run: { font: DOCX_FONT, size: 28 },
          paragraph: { spacing: { line: LINE_240THS } },
        },
      },
    },
    sections: [
      {
        properties: {
          titlePage: true,
          page: {
            size: { width: twip(page.widthMm), height: twip(page.heightMm) },
            margin: {
              top: twip(page.margins.topMm),
              bottom: twip(page.margins.bottomMm),
              left: twip(page.margins.leftMm),
              right: twip(page.margins.rightMm),
              header: twip(10),
              footer: twip(10),
            },
          },
        },
        headers: { default: pageNumber, first: new Header({ children: [new Paragraph({ children: [] })] }) },
        children: model.blocks.flatMap((b) => blockToDocx(b, textMm)),
      },
    ],
  });
  return Packer.toBuffer(doc);
}
