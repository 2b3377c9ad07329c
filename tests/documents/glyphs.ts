// What the PDF renderers write, and whether the embedded font can draw it: pdfkit's font() and text() are watched
// while a document renders (the font set on each document is followed call by call), and every character written
// is looked up in the shipped TTF of that font with fontkit.
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';
import { vi } from 'vitest';
import { FONT_STYLES, fontPath, PDF_FONT_NAMES } from '../../src/server/features/documents/fonts.ts';

/** The shipped fonts by the name the renderers register them under. */
const shipped = new Map(FONT_STYLES.map((s) => [PDF_FONT_NAMES[s], fontkit.openSync(fontPath(s)) as fontkit.Font]));

export interface Written {
  /** The font set on the document when the text was drawn (pdfkit's default, Helvetica, until one is set). */
  font: string;
  text: string;
}

/** Runs `render` and returns every text drawn, with its font, in drawing order. */
export async function recordText<T>(render: () => Promise<T>): Promise<{ result: T; written: Written[] }> {
  const font = vi.spyOn(PDFDocument.prototype, 'font');
  const text = vi.spyOn(PDFDocument.prototype, 'text');
  try {
    const result = await render();
    const calls = [
      ...font.mock.calls.map((args, i) => ({
        order: font.mock.invocationCallOrder[i] ?? 0,
        doc: font.mock.contexts[i] as object,
        font: typeof args[0] === 'string' ? args[0] : '(font data)',
      })),
      ...text.mock.calls.map((args, i) => ({
        order: text.mock.invocationCallOrder[i] ?? 0,
        doc: text.mock.contexts[i] as object,
        text: String(args[0]),
      })),
    ].sort((a, b) => a.order - b.order);
    const current = new WeakMap<object, string>();
    const written: Written[] = [];
    for (const c of calls) {
      if ('font' in c) current.set(c.doc, c.font);
      else written.push({ font: current.get(c.doc) ?? 'Helvetica', text: c.text });
    }
    return { result, written };
  } finally {
    font.mockRestore();
    text.mockRestore();
  }
}

const hex = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

/** 'LiberationSerif-Regular: U+26A0 ⚠ in "⚠ Gửi muộn"' for each character the font has no glyph for (once each). */
export function missingGlyphs(written: Written[]): string[] {
  const missing = new Set<string>();
  for (const w of written) {
    const font = shipped.get(w.font);
    for (const ch of w.text) {
      if (ch === '\n') continue;
      const cp = ch.codePointAt(0) ?? 0;
      if (!font) missing.add(`${w.font} (not a shipped font): "${w.text}"`);
      else if (!font.hasGlyphForCodePoint(cp)) missing.add(`${w.font}: ${hex(cp)} ${ch} in "${w.text}"`);
    }
  }
  return [...missing];
}

/** Symbols a formal document writes out in words ('từ … trở lên', 'đạt', 'chưa đạt'), even where the font has them. */
export const SYMBOLS = /[→←⇒≥≤✓✔✗✘⚠★•]/u;

export const allText = (written: Written[]): string => written.map((w) => w.text).join('\n');
