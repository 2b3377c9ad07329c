// The PDF font: Liberation Serif 2 (SIL OFL 1.1), shipped in resources/fonts/liberation-serif with its licence. It has
// Times New Roman's metrics, so a PDF breaks its lines and pages where the .docx does, and every Vietnamese letter
// in one file. The .docx files embed no font: they ask for Times New Roman, as Nghị định 30/2020/NĐ-CP requires.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';

export type FontStyle = 'regular' | 'bold' | 'italic' | 'boldItalic';

export const FONT_STYLES: readonly FontStyle[] = ['regular', 'bold', 'italic', 'boldItalic'];

const FONT_DIR = fileURLToPath(new URL('../../../../resources/fonts/liberation-serif/', import.meta.url));

const FONT_FILES: Record<FontStyle, string> = {
  regular: 'LiberationSerif-Regular.ttf',
  bold: 'LiberationSerif-Bold.ttf',
  italic: 'LiberationSerif-Italic.ttf',
  boldItalic: 'LiberationSerif-BoldItalic.ttf',
};

/** PDF font names given to pdfkit (they end up, subset-tagged, as /BaseFont in the file). */
export const PDF_FONT_NAMES: Record<FontStyle, string> = {
  regular: 'LiberationSerif-Regular',
  bold: 'LiberationSerif-Bold',
  italic: 'LiberationSerif-Italic',
  boldItalic: 'LiberationSerif-BoldItalic',
};

const fontBuffers = new Map<FontStyle, Buffer>();

export function fontPath(style: FontStyle): string {
  return FONT_DIR + FONT_FILES[style];
}

/** The font file's bytes, read once per process. */
export function fontData(style: FontStyle): Buffer {
  let data = fontBuffers.get(style);
  if (!data) {
    data = readFileSync(fontPath(style));
    fontBuffers.set(style, data);
  }
  return data;
}

export function styleOf(run: { bold?: boolean; italic?: boolean }): FontStyle {
  if (run.bold) return run.italic ? 'boldItalic' : 'bold';
  return run.italic ? 'italic' : 'regular';
}

export function registerFonts(doc: PDFKit.PDFDocument): void {
  for (const style of FONT_STYLES) doc.registerFont(PDF_FONT_NAMES[style], fontData(style));
}

let measurer: PDFKit.PDFDocument | undefined;

/** Width of a string in points, in the PDF font (= in Times New Roman). Sizes rules, breaks headings into lines. */
export function measurePt(text: string, style: FontStyle, sizePt: number): number {
  if (!measurer) {
    measurer = new PDFDocument({ autoFirstPage: false });
    registerFonts(measurer);
  }
  return measurer.font(PDF_FONT_NAMES[style]).fontSize(sizePt).widthOfString(text);
}

export const PT_PER_MM = 72 / 25.4;

export function measureMm(text: string, style: FontStyle, sizePt: number): number {
  return measurePt(text, style, sizePt) / PT_PER_MM;
}
