// A printable A4 sheet of one-time survey codes: 2 × 5 slips a page, separated by dashed cut lines. Each slip
// carries the survey's title and audience, the commune, the year, the code in large fixed-pitch letters, a QR code
// of the survey address with the code filled in, one line of instructions and the national child hotline 111.
// Text is set in the shipped Liberation Serif (see documents/fonts.ts), so Vietnamese letters always render; the QR
// code is computed locally by `qrcode` and drawn as vector squares (nothing is fetched, no bitmap is embedded).
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { translator } from '../../../i18n/index.ts';
import { PDF_FONT_NAMES, PT_PER_MM, registerFonts, type FontStyle } from '../documents/index.ts';

export interface CodeSheetInput {
  communeName: string;
  provinceName: string;
  audience: 'children' | 'residents';
  year: number;
  /** The survey's public address, e.g. https://host/khao-sat. */
  surveyUrl: string;
  /** One-time codes, e.g. 'AB12-CD34-X'; one slip each, in this order. */
  codes: string[];
  locale: 'vi' | 'en';
}

export interface CodeSheetOptions {
  /** Leave page content streams uncompressed (tests, debugging). Default: compressed. */
  compress?: boolean;
}

/** Slips per row and per column of a page. */
export const SHEET_COLUMNS = 2;
export const SHEET_ROWS = 5;
export const SLIPS_PER_PAGE = SHEET_COLUMNS * SHEET_ROWS;

const PAGE_W_MM = 210;
const PAGE_H_MM = 297;
const PAGE_MARGIN_MM = 10;
const SLIP_PAD_MM = 4;
const QR_MM = 30;
/** Blank modules around the symbol, inside the QR box (the slip padding adds more white around it). */
const QR_QUIET_MODULES = 2;
const GAP_MM = 3;
/** Extra space between lines, as a fraction of the font size. */
const LINE_GAP = 0.1;

const mm = (v: number): number => v * PT_PER_MM;

/** The address a slip's QR code opens: the survey URL with the code as the `ma` query parameter. */
export function surveyCodeUrl(surveyUrl: string, code: string): string {
  return `${surveyUrl}${surveyUrl.includes('?') ? '&' : '?'}ma=${encodeURIComponent(code)}`;
}

export interface QrMatrix {
  /** Modules per side. */
  size: number;
  version: number;
  /** Row-major, `true` for a dark module. */
  dark: boolean[][];
}

/** The QR symbol of `text` (error correction M), as computed by `qrcode`'s `create`. */
export function qrMatrix(text: string): QrMatrix {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const { size } = qr.modules;
  const dark: boolean[][] = [];
  for (let r = 0; r < size; r++) {
    const row: boolean[] = [];
    for (let c = 0; c < size; c++) row.push(qr.modules.get(r, c) === 1);
    dark.push(row);
  }
  return { size, version: qr.version, dark };
}

/** Draws the symbol in a `box`-point square at (x, y), one rectangle per run of dark modules, filled in black. */
function drawQr(doc: PDFKit.PDFDocument, m: QrMatrix, x: number, y: number, box: number): void {
  const unit = box / (m.size + 2 * QR_QUIET_MODULES);
  const ox = x + QR_QUIET_MODULES * unit;
  const oy = y + QR_QUIET_MODULES * unit;
  doc.save();
  m.dark.forEach((row, r) => {
    let c = 0;
    while (c < m.size) {
      if (!row[c]) {
        c++;
        continue;
      }
      const start = c;
      while (c < m.size && row[c]) c++;
      // A hair of overlap so that viewers' anti-aliasing leaves no seams between modules.
      doc.rect(ox + start * unit, oy + r * unit, (c - start) * unit + 0.05, unit + 0.05);
    }
  });
  doc.fillColor('black').fill();
  doc.restore();
}

/**
 * The code in evenly spaced cells (the shipped fonts have no monospace face; fixed pitch keeps long codes easy
 * to copy by eye). Returns the height used.
 */
function drawCode(
  doc: PDFKit.PDFDocument,
  code: string,
  x: number,
  y: number,
  maxWidth: number,
  maxHeight: number,
): number {
  const font = PDF_FONT_NAMES.bold;
  const chars = [...code];
  let size = 17;
  const pitchFor = (s: number): number =>
    Math.max(...chars.map((ch) => doc.font(font).fontSize(s).widthOfString(ch)), s * 0.62);
  while (size > 8 && (pitchFor(size) * chars.length > maxWidth || lineHeight(doc, 'bold', size) > maxHeight))
    size -= 0.5;
  const pitch = pitchFor(size);
  doc.font(font).fontSize(size).fillColor('black');
  chars.forEach((ch, i) => {
    const w = doc.widthOfString(ch);
    doc.text(ch, x + i * pitch + (pitch - w) / 2, y, { lineBreak: false });
  });
  return lineHeight(doc, 'bold', size);
}

/** Height of one line of `size`-point text in `style`, gap included (Liberation Serif: ~1.15 em). */
function lineHeight(doc: PDFKit.PDFDocument, style: FontStyle, size: number): number {
  return doc.font(PDF_FONT_NAMES[style]).fontSize(size).currentLineHeight(true) + size * LINE_GAP;
}

/** Draws `text` wrapped to `width`, at most `maxLines` lines (ellipsis beyond); returns the height used. */
function textBlock(
  doc: PDFKit.PDFDocument,
  text: string,
  x: number,
  y: number,
  opts: { width: number; maxLines: number; size: number; style: FontStyle; color?: string },
): number {
  const lh = lineHeight(doc, opts.style, opts.size);
  const maxHeight = opts.maxLines * lh + 0.5;
  doc
    .font(PDF_FONT_NAMES[opts.style])
    .fontSize(opts.size)
    .fillColor(opts.color ?? 'black');
  const lineGap = opts.size * LINE_GAP;
  const height = Math.min(doc.heightOfString(text, { width: opts.width, lineGap }), opts.maxLines * lh);
  doc.text(text, x, y, { width: opts.width, height: maxHeight, ellipsis: true, lineGap, lineBreak: true });
  return height;
}

function drawCutLines(doc: PDFKit.PDFDocument, slipW: number, slipH: number): void {
  const left = mm(PAGE_MARGIN_MM);
  const top = mm(PAGE_MARGIN_MM);
  doc.save().lineWidth(0.5).strokeColor('#888888').dash(4, { space: 3 });
  for (let c = 0; c <= SHEET_COLUMNS; c++)
    doc.moveTo(left + c * slipW, top).lineTo(left + c * slipW, top + SHEET_ROWS * slipH);
  for (let r = 0; r <= SHEET_ROWS; r++)
    doc.moveTo(left, top + r * slipH).lineTo(left + SHEET_COLUMNS * slipW, top + r * slipH);
  doc.stroke().undash().restore();
}

/** The survey address as printed in the instructions: without "https://" (browsers add it). */
function displayUrl(url: string): string {
  return url.replace(/^https:\/\//i, '');
}

interface SlipText {
  title: string;
  audience: string;
  place: string;
  year: string;
  codeLabel: string;
  instructions: string;
  hotline: string;
}

function drawSlip(
  doc: PDFKit.PDFDocument,
  s: SlipText,
  code: string,
  qr: QrMatrix,
  x0: number,
  y0: number,
  slipW: number,
  slipH: number,
): void {
  const pad = mm(SLIP_PAD_MM);
  const x = x0 + pad;
  const y = y0 + pad;
  const innerW = slipW - 2 * pad;
  const innerH = slipH - 2 * pad;
  const qrBox = mm(QR_MM);
  const textW = innerW - qrBox - mm(GAP_MM);

  // Footer (full width, bottom of the slip): the hotline, and above it the instructions (up to 3 lines).
  const hotlineH = lineHeight(doc, 'bold', 7);
  const hotlineY = y + innerH - hotlineH;
  textBlock(doc, s.hotline, x, hotlineY, { width: innerW, maxLines: 1, size: 7, style: 'bold' });
  const instrSize = 6.8;
  doc.font(PDF_FONT_NAMES.italic).fontSize(instrSize);
  const instrH = Math.min(
    doc.heightOfString(s.instructions, { width: innerW, lineGap: instrSize * LINE_GAP }),
    3 * lineHeight(doc, 'italic', instrSize),
  );
  const instrY = hotlineY - instrH;
  textBlock(doc, s.instructions, x, instrY, { width: innerW, maxLines: 3, size: instrSize, style: 'italic' });

  // QR code, top right.
  drawQr(doc, qr, x + innerW - qrBox, y, qrBox);

  // Left column: title, audience, place, year, then the code, which must end above the instructions.
  let cy = y;
  cy += textBlock(doc, s.title, x, cy, { width: textW, maxLines: 2, size: 10, style: 'bold' });
  cy += textBlock(doc, s.audience, x, cy, { width: textW, maxLines: 1, size: 9, style: 'bold' }) + 1;
  cy += textBlock(doc, s.place, x, cy, { width: textW, maxLines: 2, size: 8, style: 'regular' });
  cy += textBlock(doc, s.year, x, cy, { width: textW, maxLines: 1, size: 8, style: 'regular' }) + 2;
  cy += textBlock(doc, s.codeLabel, x, cy, { width: textW, maxLines: 1, size: 7, style: 'regular', color: '#333333' });
  const codeBottom = instrY - 2;
  drawCode(doc, code, x, cy, textW, codeBottom - cy);
}

/** Renders the sheet: one slip per code, ten to an A4 page, in the order given. */
export async function renderCodeSheet(input: CodeSheetInput, options: CodeSheetOptions = {}): Promise<Buffer> {
  if (input.codes.length === 0) throw new RangeError('renderCodeSheet: no codes to print');
  const blank = input.codes.findIndex((c) => c.trim() === '');
  if (blank >= 0) throw new RangeError(`renderCodeSheet: code #${blank + 1} is empty`);

  const t = translator(input.locale);
  const vars = { commune: input.communeName, province: input.provinceName, year: input.year };
  const text: SlipText = {
    title: t('surveys:sheet.title'),
    audience: t(`surveys:sheet.audience.${input.audience}`),
    place: t('surveys:sheet.place', vars),
    year: t('surveys:sheet.year', vars),
    codeLabel: t('surveys:sheet.codeLabel'),
    instructions: t('surveys:sheet.instructions', { url: displayUrl(input.surveyUrl) }),
    hotline: t('surveys:sheet.hotline'),
  };

  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 0, bottom: 0, left: 0, right: 0 },
    autoFirstPage: false,
    compress: options.compress ?? true,
    lang: input.locale === 'vi' ? 'vi-VN' : 'en-GB',
    info: { Title: t('surveys:sheet.docTitle', vars), Creator: 'xa-phu-hop-tre-em', Producer: 'pdfkit' },
  });
  registerFonts(doc);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const slipW = mm(PAGE_W_MM - 2 * PAGE_MARGIN_MM) / SHEET_COLUMNS;
  const slipH = mm(PAGE_H_MM - 2 * PAGE_MARGIN_MM) / SHEET_ROWS;
  input.codes.forEach((code, i) => {
    const onPage = i % SLIPS_PER_PAGE;
    if (onPage === 0) {
      doc.addPage({ size: 'A4', margins: { top: 0, bottom: 0, left: 0, right: 0 } });
      drawCutLines(doc, slipW, slipH);
    }
    const col = onPage % SHEET_COLUMNS;
    const row = Math.floor(onPage / SHEET_COLUMNS);
    const qr = qrMatrix(surveyCodeUrl(input.surveyUrl, code));
    drawSlip(doc, text, code, qr, mm(PAGE_MARGIN_MM) + col * slipW, mm(PAGE_MARGIN_MM) + row * slipH, slipW, slipH);
  });
  doc.end();
  return done;
}
