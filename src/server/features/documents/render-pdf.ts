// DocModel → PDF with pdfkit and the shipped Liberation Serif. pdfkit only draws: line breaking, justification,
// tables and page breaks are done here, so that mixed bold/italic runs, cell heights and rules are exact.
import PDFDocument from 'pdfkit';
import { PDF_FONT_NAMES, PT_PER_MM, registerFonts, styleOf, type FontStyle } from './fonts.ts';
import {
  LINE_SPACING,
  NOTE_SIZE,
  para,
  textWidthMm,
  type Block,
  type DocModel,
  type Para,
  type Run,
  type Table,
} from './model.ts';

const CELL_VPAD_PT = 2.5;
const BORDER_PT = 0.5;

interface Frag {
  text: string;
  style: FontStyle;
  width: number;
  /** A footnote's mark: its number, set small at the top of the line. */
  note?: { n: number; text: string };
}

/** A footnote mark's size, as a share of its paragraph's. */
const MARK_SCALE = 0.62;
/** Space between the text and the notes at the page's foot, and the length of the short rule over them. */
const NOTES_GAP_PT = 8;
const NOTES_RULE_SHARE = 1 / 3;

interface Word {
  frags: Frag[];
  width: number;
  /** Width of the space after the word (0 when none). */
  space: number;
  /** A forced line break after the word. */
  br: boolean;
}

interface Line {
  words: Word[];
  width: number;
  /** Last line of the paragraph or before a forced break: not justified. */
  last: boolean;
  indent: number;
}

interface ParaLayout {
  para: Para;
  lines: Line[];
  lineHeight: number;
  /** Total height including space before/after and the rule. */
  height: number;
  width: number;
}

const RULE_GAP_PT = 2;

class PdfWriter {
  readonly doc: PDFKit.PDFDocument;
  readonly left: number;
  readonly top: number;
  readonly bottom: number;
  readonly width: number;
  y: number;
  /** Footnote numbers by their runs, in reading order through the document (as Word numbers them). */
  private readonly noteNumbers = new Map<Run, number>();
  /** The notes whose marks are on the current page, drawn at its foot when the page is left. */
  private pageNotes: Array<{ n: number; text: string }> = [];

  constructor(private readonly model: DocModel) {
    const { page } = model;
    this.doc = new PDFDocument({
      size: 'A4',
      margins: { top: 0, bottom: 0, left: 0, right: 0 },
      bufferPages: true,
      lang: 'vi-VN',
      info: { Title: model.title, Creator: 'xa-phu-hop-tre-em', Producer: 'pdfkit' },
    });
    registerFonts(this.doc);
    this.left = page.margins.leftMm * PT_PER_MM;
    this.top = page.margins.topMm * PT_PER_MM;
    this.bottom = (page.heightMm - page.margins.bottomMm) * PT_PER_MM;
    this.width = textWidthMm(page) * PT_PER_MM;
    this.y = this.top;
    let n = 0;
    const number = (paras: Para[]) => {
      for (const p of paras) for (const r of p.runs) if (r.note !== undefined) this.noteNumbers.set(r, ++n);
    };
    for (const b of model.blocks) {
      if (b.kind === 'para') number([b]);
      else for (const row of b.rows) for (const c of row) number(c.paras);
    }
  }

  private measure(text: string, style: FontStyle, size: number): number {
    return this.doc.font(PDF_FONT_NAMES[style]).fontSize(size).widthOfString(text);
  }

  private words(p: Para): Word[] {
    const words: Word[] = [];
    let current: Word | undefined;
    const flush = (): void => {
      if (current) words.push(current);
      current = undefined;
    };
    for (const run of p.runs) {
      const style = styleOf(run);
      const n = this.noteNumbers.get(run);
      if (run.note !== undefined && n !== undefined) {
        // The mark sits on the word before it, with no space between.
        const text = String(n);
        const frag = { text, style: 'regular' as const, width: this.measure(text, 'regular', p.size * MARK_SCALE) };
        const note = { n, text: run.note };
        if (current) {
          current.frags.push({ ...frag, note });
          current.width += frag.width;
        } else current = { frags: [{ ...frag, note }], width: frag.width, space: 0, br: false };
        continue;
      }
      for (const token of run.text.match(/\n|[^\S\n]+|[^\s]+/gu) ?? []) {
        if (token === '\n') {
          flush();
          const last = words[words.length - 1];
          if (last && !last.br) {
            last.br = true;
            last.space = 0;
          } else words.push({ frags: [], width: 0, space: 0, br: true });
        } else if (/^\s+$/u.test(token)) {
          if (current) {
            current.space = this.measure(' ', style, p.size);
            flush();
          }
        } else {
          const width = this.measure(token, style, p.size);
          if (current) {
            current.frags.push({ text: token, style, width });
            current.width += width;
          } else current = { frags: [{ text: token, style, width }], width, space: 0, br: false };
        }
      }
    }
    flush();
    return words;
  }

  /** Cuts a word wider than the line into pieces that fit (long codes, addresses). */
  private splitWide(word: Word, avail: number, size: number): Word[] {
    const pieces: Word[] = [];
    let cur: Word = { frags: [], width: 0, space: 0, br: false };
    for (const frag of word.frags) {
      let chunk = '';
      for (const ch of frag.text) {
        const w = this.measure(chunk + ch, frag.style, size);
        if (cur.width + w > avail && (chunk.length > 0 || cur.frags.length > 0)) {
          if (chunk) cur.frags.push({ text: chunk, style: frag.style, width: this.measure(chunk, frag.style, size) });
          cur.width = cur.frags.reduce((a, f) => a + f.width, 0);
          pieces.push(cur);
          cur = { frags: [], width: 0, space: 0, br: false };
          chunk = ch;
        } else chunk += ch;
      }
      if (chunk) {
        const w = this.measure(chunk, frag.style, size);
        cur.frags.push({ text: chunk, style: frag.style, width: w });
        cur.width += w;
      }
    }
    cur.space = word.space;
    cur.br = word.br;
    pieces.push(cur);
    return pieces;
  }

  private readonly layouts = new WeakMap<Para, Map<number, ParaLayout>>();

  /** Lines of a paragraph for a box `width` points wide (cached: rows are measured before they are drawn). */
  layoutPara(p: Para, width: number): ParaLayout {
    let byWidth = this.layouts.get(p);
    if (!byWidth) this.layouts.set(p, (byWidth = new Map()));
    let layout = byWidth.get(width);
    if (!layout) byWidth.set(width, (layout = this.computeLayout(p, width)));
    return layout;
  }

  private computeLayout(p: Para, width: number): ParaLayout {
    const firstIndent = (p.firstLineIndentMm ?? 0) * PT_PER_MM;
    const leftIndent = (p.leftIndentMm ?? 0) * PT_PER_MM;
    const lines: Line[] = [];
    let cur: Word[] = [];
    let curWidth = 0;
    const availFor = (): number => width - leftIndent - (lines.length === 0 ? firstIndent : 0);
    const indentFor = (): number => leftIndent + (lines.length === 0 ? firstIndent : 0);
    const push = (last: boolean): void => {
      lines.push({ words: cur, width: curWidth, last, indent: indentFor() });
      cur = [];
      curWidth = 0;
    };
    const queue = this.words(p);
    while (queue.length > 0) {
      const word = queue.shift() as Word;
      const prev = cur[cur.length - 1];
      const add = (prev ? prev.space : 0) + word.width;
      if (cur.length > 0 && curWidth + add > availFor()) {
        push(false);
        queue.unshift(word);
        continue;
      }
      if (cur.length === 0 && word.width > availFor() && word.frags.length > 0) {
        const pieces = this.splitWide(word, availFor(), p.size);
        if (pieces.length > 1) {
          // Each piece but the last has no space after it, so the next one starts a new line.
          queue.unshift(...pieces);
          continue;
        }
      }
      cur.push(word);
      curWidth += add;
      if (word.br) push(true);
    }
    if (cur.length > 0 || lines.length === 0) push(true);
    // The font's single line (ascender, descender and gap, as Word and LibreOffice count it) times the spacing.
    const lineHeight = this.doc.font(PDF_FONT_NAMES.regular).fontSize(p.size).currentLineHeight(true) * LINE_SPACING;
    const height = (p.before ?? 0) + lines.length * lineHeight + (p.rule ? RULE_GAP_PT * 2 : 0) + (p.after ?? 0);
    return { para: p, lines, lineHeight, height, width };
  }

  private drawLine(layout: ParaLayout, line: Line, x0: number, y: number): void {
    const { para: p } = layout;
    const avail = layout.width - line.indent;
    const x = x0 + line.indent;
    const gaps = line.words.length - 1;
    let extra = 0;
    let start = x;
    if (p.align === 'justify' && !line.last && gaps > 0) extra = Math.max(0, (avail - line.width) / gaps);
    else if (p.align === 'center') start = x + (avail - line.width) / 2;
    else if (p.align === 'right') start = x + avail - line.width;
    let cx = start;
    line.words.forEach((word, wi) => {
      const more = wi < line.words.length - 1;
      word.frags.forEach((frag, fi) => {
        const trailing = more && fi === word.frags.length - 1 && word.space > 0 ? ' ' : '';
        this.doc
          .font(PDF_FONT_NAMES[frag.style])
          .fontSize(frag.note ? p.size * MARK_SCALE : p.size)
          .text(frag.text + trailing, cx, y, { lineBreak: false });
        cx += frag.width;
        if (frag.note && !this.pageNotes.some((x) => x.n === frag.note!.n)) this.pageNotes.push(frag.note);
      });
      if (more) cx += word.space + extra;
    });
  }

  /** Draws a laid-out paragraph at (x, y) without page breaks (table cells, or when it is known to fit). */
  private drawParaAt(layout: ParaLayout, x: number, y: number): number {
    let cy = y + (layout.para.before ?? 0);
    for (const line of layout.lines) {
      this.drawLine(layout, line, x, cy);
      cy += layout.lineHeight;
    }
    if (layout.para.rule) cy = this.drawRule(layout, x, cy);
    return cy + (layout.para.after ?? 0);
  }

  private drawRule(layout: ParaLayout, x: number, y: number): number {
    const { para: p } = layout;
    const fraction = p.rule?.fraction ?? 0;
    const longest = Math.max(...layout.lines.map((l) => l.width));
    const length = Math.min(layout.width, Math.max(10 * PT_PER_MM, longest * fraction));
    const ry = y + RULE_GAP_PT;
    const rx = x + (layout.width - length) / 2;
    this.doc
      .save()
      .lineWidth(0.6)
      .moveTo(rx, ry)
      .lineTo(rx + length, ry)
      .stroke()
      .restore();
    return y + RULE_GAP_PT * 2;
  }

  /** A footnote as printed at the page's foot: its number raised, then its text. */
  private readonly notePara = new Map<number, Para>();
  private noteLayout(note: { n: number; text: string }): ParaLayout {
    let p = this.notePara.get(note.n);
    if (!p) {
      const mark: Run = { text: '', note: note.text };
      this.noteNumbers.set(mark, note.n);
      p = para([mark, { text: ` ${note.text}` }], NOTE_SIZE, 'justify', { after: 1 });
      this.notePara.set(note.n, p);
    }
    return this.layoutPara(p, this.width);
  }

  /** Height of the notes block (gap and rule included) for the given notes; 0 when there are none. */
  private notesHeight(notes: Array<{ n: number; text: string }>): number {
    if (!notes.length) return 0;
    return NOTES_GAP_PT + notes.reduce((a, x) => a + this.noteLayout(x).height, 0);
  }

  /** The notes of lines not yet on this page. */
  private newNotes(lines: Line[]): Array<{ n: number; text: string }> {
    const out: Array<{ n: number; text: string }> = [];
    for (const l of lines)
      for (const w of l.words)
        for (const f of w.frags)
          if (f.note && !this.pageNotes.some((x) => x.n === f.note!.n) && !out.some((x) => x.n === f.note!.n))
            out.push(f.note);
    return out;
  }

  /** The lowest the text may reach on this page: above the notes already placed at its foot. */
  private limit(extra: Array<{ n: number; text: string }> = []): number {
    return this.bottom - this.notesHeight([...this.pageNotes, ...extra]);
  }

  /** Draws the page's notes at its foot, under a short rule. */
  private drawNotes(): void {
    if (!this.pageNotes.length) return;
    let y = this.bottom - this.notesHeight(this.pageNotes) + NOTES_GAP_PT / 2;
    this.doc
      .save()
      .lineWidth(0.5)
      .moveTo(this.left, y)
      .lineTo(this.left + this.width * NOTES_RULE_SHARE, y)
      .stroke()
      .restore();
    y += NOTES_GAP_PT / 2;
    const notes = this.pageNotes;
    for (const note of notes) y = this.drawParaAt(this.noteLayout(note), this.left, y);
    // Drawing a note's own mark lists it again: the page is done with its notes.
    this.pageNotes = [];
  }

  private newPage(): void {
    this.drawNotes();
    this.doc.addPage({ size: 'A4', margins: { top: 0, bottom: 0, left: 0, right: 0 } });
    this.y = this.top;
  }

  private atPageTop(): boolean {
    return this.y <= this.top + 0.5;
  }

  /** Height that must fit together with a keep-with-next paragraph: the next block's first line or row. */
  private leadHeight(b: Block | undefined): number {
    if (!b) return 0;
    if (b.kind === 'para') {
      const l = this.layoutPara(b, this.width);
      return (b.before ?? 0) + Math.min(l.height, 2 * l.lineHeight);
    }
    const rows = b.rows.slice(0, (b.headerRows ?? 0) + 1);
    return rows.reduce((a, r) => a + this.rowHeight(b, r), 0);
  }

  private flowPara(p: Para, next: Block | undefined): void {
    const layout = this.layoutPara(p, this.width);
    if (p.pageBreakBefore && !this.atPageTop()) this.newPage();
    if (
      p.keepWithNext &&
      !this.atPageTop() &&
      this.y + layout.height + this.leadHeight(next) > this.limit(this.newNotes(layout.lines))
    )
      this.newPage();
    else if (
      !this.atPageTop() &&
      this.y + (p.before ?? 0) + layout.lineHeight * Math.min(2, layout.lines.length) >
        this.limit(this.newNotes(layout.lines.slice(0, 2)))
    )
      this.newPage();
    this.y += this.atPageTop() ? 0 : (p.before ?? 0);
    for (const line of layout.lines) {
      // A line with a note mark goes where its note fits under it on the same page.
      if (this.y + layout.lineHeight > this.limit(this.newNotes([line])) && !this.atPageTop()) this.newPage();
      this.drawLine(layout, line, this.left, this.y);
      this.y += layout.lineHeight;
    }
    if (p.rule) this.y = this.drawRule(layout, this.left, this.y);
    this.y += p.after ?? 0;
  }

  private cellLayouts(t: Table, row: Table['rows'][number]): ParaLayout[][] {
    const pad = (t.paddingMm ?? 1.5) * PT_PER_MM;
    return row.map((c, ci) => {
      const inner = (t.widthsMm[ci] ?? 0) * PT_PER_MM - 2 * pad;
      return c.paras.map((p) => this.layoutPara(p, inner));
    });
  }

  private rowHeight(t: Table, row: Table['rows'][number]): number {
    const vpad = t.borders ? CELL_VPAD_PT : 0;
    const heights = this.cellLayouts(t, row).map((ls) => ls.reduce((a, l) => a + l.height, 0) + 2 * vpad);
    return Math.max(0, ...heights);
  }

  private drawRow(t: Table, row: Table['rows'][number]): void {
    const pad = (t.paddingMm ?? 1.5) * PT_PER_MM;
    const vpad = t.borders ? CELL_VPAD_PT : 0;
    const layouts = this.cellLayouts(t, row);
    const contentHeights = layouts.map((ls) => ls.reduce((a, l) => a + l.height, 0));
    const h = Math.max(0, ...contentHeights.map((c) => c + 2 * vpad));
    let x = this.left;
    row.forEach((c, ci) => {
      const w = (t.widthsMm[ci] ?? 0) * PT_PER_MM;
      const content = contentHeights[ci] ?? 0;
      let cy = this.y + vpad + (c.vAlign === 'center' ? (h - 2 * vpad - content) / 2 : 0);
      for (const l of layouts[ci] ?? []) cy = this.drawParaAt(l, x + pad, cy);
      if (t.borders) this.doc.save().lineWidth(BORDER_PT).rect(x, this.y, w, h).stroke().restore();
      x += w;
    });
    this.y += h;
  }

  private flowTable(t: Table): void {
    const headerRows = t.rows.slice(0, t.headerRows ?? 0);
    t.rows.forEach((row, ri) => {
      const h = this.rowHeight(t, row);
      // Keep the header with the first body row.
      const need =
        ri < headerRows.length
          ? t.rows.slice(ri, headerRows.length + 1).reduce((a, r) => a + this.rowHeight(t, r), 0)
          : h;
      const notes = this.newNotes(this.cellLayouts(t, row).flatMap((ls) => ls.flatMap((l) => l.lines)));
      if (this.y + need > this.limit(notes) && !this.atPageTop()) {
        this.newPage();
        if (ri >= headerRows.length) for (const hr of headerRows) this.drawRow(t, hr);
      }
      this.drawRow(t, row);
    });
  }

  private pageNumbers(): void {
    const range = this.doc.bufferedPageRange();
    for (let i = range.start + 1; i < range.start + range.count; i++) {
      this.doc.switchToPage(i);
      const label = String(i - range.start + 1);
      const size = this.model.pageNumberSize;
      const w = this.measure(label, 'regular', size);
      this.doc
        .font(PDF_FONT_NAMES.regular)
        .fontSize(size)
        .text(label, this.left + (this.width - w) / 2, this.top / 2 - size / 2, { lineBreak: false });
    }
  }

  async render(): Promise<Buffer> {
    const chunks: Buffer[] = [];
    const done = new Promise<Buffer>((resolve, reject) => {
      this.doc.on('data', (c: Buffer) => chunks.push(c));
      this.doc.on('end', () => resolve(Buffer.concat(chunks)));
      this.doc.on('error', reject);
    });
    const blocks = this.model.blocks;
    blocks.forEach((b, i) => (b.kind === 'para' ? this.flowPara(b, blocks[i + 1]) : this.flowTable(b)));
    this.drawNotes();
    this.pageNumbers();
    this.doc.end();
    return done;
  }
}

export function renderPdf(model: DocModel): Promise<Buffer> {
  return new PdfWriter(model).render();
}
