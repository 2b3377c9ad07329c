// A small, renderer-neutral description of a page of an official document: paragraphs of styled runs and
// tables. The document builders produce it once; render-docx.ts and render-pdf.ts draw it.
import { parseFootnotes } from '../../../core/plans/footnotes.ts';

export interface Run {
  /** '\n' is a line break inside the paragraph. */
  text: string;
  bold?: boolean;
  italic?: boolean;
  /**
   * A footnote: the run is the note's reference mark (its `text` is not printed) and this its content. Notes are
   * numbered 1, 2, … through the document in reading order: Word footnotes in .docx, notes at the page's foot in PDF.
   */
  note?: string;
}

/** Font size (pt) of a footnote's text. */
export const NOTE_SIZE = 11;

export type Align = 'left' | 'center' | 'right' | 'justify';

export interface Para {
  kind: 'para';
  runs: Run[];
  /** Font size in points. */
  size: number;
  align: Align;
  firstLineIndentMm?: number;
  leftIndentMm?: number;
  /** Space before / after, in points. */
  before?: number;
  after?: number;
  /**
   * A centred horizontal rule right under the paragraph (under the issuing body, the motto, the summary), as long
   * as `fraction` of the paragraph's longest line (each renderer measures the line in its own font).
   */
  rule?: { fraction: number };
  keepWithNext?: boolean;
  /** Starts a new page (the annex after the decision that issues it). */
  pageBreakBefore?: boolean;
}

export interface Cell {
  paras: Para[];
  /** Vertical alignment of the content; default top. */
  vAlign?: 'top' | 'center';
}

export interface Table {
  kind: 'table';
  /** Column widths in millimetres; they add up to the text width or less. */
  widthsMm: number[];
  rows: Cell[][];
  borders: boolean;
  /** Number of leading rows repeated at the top of each page. */
  headerRows?: number;
  /** Horizontal cell padding in millimetres (default 1.5). */
  paddingMm?: number;
}

export type Block = Para | Table;

export interface PageSetup {
  /** A4 portrait, in millimetres. */
  widthMm: number;
  heightMm: number;
  margins: { topMm: number; bottomMm: number; leftMm: number; rightMm: number };
}

export interface DocModel {
  page: PageSetup;
  blocks: Block[];
  /** Document title for the file's metadata. */
  title: string;
  /** Font size (pt) of the page numbers printed from page 2 on (top centre, as Nghị định 30 asks). */
  pageNumberSize: number;
}

/** A4 with the margins of Nghị định 30/2020/NĐ-CP (top/bottom 20–25 mm, left 30–35 mm, right 15–20 mm). */
export const A4_PAGE: PageSetup = {
  widthMm: 210,
  heightMm: 297,
  margins: { topMm: 20, bottomMm: 20, leftMm: 30, rightMm: 15 },
};

/** Line spacing, a multiple of the font's single line (Nghị định 30: at least single); both renderers use it. */
export const LINE_SPACING = 1.1;

export function textWidthMm(page: PageSetup): number {
  return page.widthMm - page.margins.leftMm - page.margins.rightMm;
}

export function para(
  runs: Run[] | string,
  size: number,
  align: Align,
  extra: Partial<Omit<Para, 'kind' | 'runs' | 'size' | 'align'>> = {},
): Para {
  return { kind: 'para', runs: typeof runs === 'string' ? [{ text: runs }] : runs, size, align, ...extra };
}

/** The paragraph's lines as given by its '\n' breaks (no wrapping), for measuring rules. */
export function hardLines(p: Para): string[] {
  return p.runs
    .map((r) => r.text)
    .join('')
    .split('\n');
}

/** Runs of a text typed with footnote markup ('Luật Trẻ em^[Luật số 102/2016/QH13.]'), in the given style. */
export function noteRuns(text: string, style: Pick<Run, 'bold' | 'italic'> = {}): Run[] {
  return parseFootnotes(text).map((p) => (p.kind === 'text' ? { text: p.text, ...style } : { text: '', note: p.text }));
}
