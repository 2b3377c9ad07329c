// Pieces shared by the documents: the heading table, dates written out the Vietnamese way, the recipients
// and signature blocks. Fixed wording comes from the 'documents' namespace, always in Vietnamese (these are
// official documents; the English file is for reference only).
import { format, isValid, parseISO } from 'date-fns';
import type { TFunction } from 'i18next';
import { formatNumber, translator } from '../../../i18n/index.ts';
import { measureMm, type FontStyle } from './fonts.ts';
import { para, type Cell, type Para, type Table } from './model.ts';
import type { DocumentHeader, SignatureBlock } from './types.ts';

/** The documents' fixed words, always Vietnamese. */
export function vi(): TFunction {
  return translator('vi');
}

export const SIZE = {
  /** Body text (13–14 pt). */
  body: 14,
  /** Heading block: parent body, issuing body, national title, motto, number. */
  header: 13,
  table: 13,
  recipientsLabel: 12,
  recipients: 11,
} as const;

/** First-line indent of body paragraphs (1–1.27 cm). */
export const INDENT_MM = 12.7;

/** Widths (mm) of the two columns of the heading and of the closing block, out of a 165 mm text width. */
export const HEADER_COLUMNS_MM = [62, 103] as const;
export const CLOSING_COLUMNS_MM = [80, 85] as const;

/** Space between the last paragraph and the closing block (recipients / signatures), in points (Nghị định 30: ≥ 6). */
export const CLOSING_GAP_PT = 6;

/** Room for the signature and the seal between the signatory's title and name, in points (24 mm). */
export const SIGNATURE_SPACE_PT = 68;

interface DateParts {
  day: string;
  month: string;
  year: string;
  hour: string;
  minute: string;
  hasTime: boolean;
}

/**
 * Day and month as Nghị định 30 writes them: a leading zero for days below 10 and for months 1 and 2
 * ('ngày 05 tháng 01 năm 2026', 'ngày 25 tháng 11 năm 2026', 'ngày 09 tháng 3 năm 2026').
 */
export function dateParts(iso: string): DateParts {
  const d = parseISO(iso);
  if (!isValid(d)) throw new RangeError(`Invalid date (expected yyyy-mm-dd): ${iso}`);
  const month = d.getMonth() + 1;
  return {
    day: format(d, 'dd'),
    month: month < 3 ? format(d, 'MM') : format(d, 'M'),
    year: format(d, 'yyyy'),
    hour: format(d, 'HH'),
    minute: format(d, 'mm'),
    hasTime: /T\d{2}:\d{2}/.test(iso),
  };
}

/** 'Thái Nguyên, ngày 25 tháng 11 năm 2026' */
export function placeDateLine(place: string, iso: string): string {
  return vi()('documents:placeDate', { place, ...dateParts(iso) });
}

/** 'ngày 20 tháng 10 năm 2026', or '14 giờ 00 phút, ngày 20 tháng 10 năm 2026' when the value has a time. */
export function datePhrase(iso: string): string {
  const parts = dateParts(iso);
  return vi()(parts.hasTime ? 'documents:dateTime' : 'documents:date', { ...parts });
}

/** Scores and counts, the Vietnamese way ('912,5', '1.050'). */
export function num(value: number): string {
  return formatNumber(value, 'vi');
}

/** A count in running text: '03', '12' (administrative texts write counts below ten with a leading zero). */
export function countWord(n: number): string {
  return n >= 0 && n < 10 && Number.isInteger(n) ? `0${n}` : num(n);
}

/** 'x / y' */
export function scoreOf(points: number, max: number): string {
  return `${num(points)} / ${num(max)}`;
}

function stripEnd(s: string): string {
  return s.trim().replace(/[\s;.,]+$/u, '');
}

/**
 * Legal bases: 'Căn cứ …;' on every line but the last, which ends with '.' (Nghị định 30, Phụ lục I).
 * 'Căn cứ ' is added unless the line already starts with it, or with 'Theo' / 'Xét' ('Theo đề nghị của …').
 */
export function basisLines(bases: string[]): string[] {
  const prefix = vi()('documents:basisPrefix');
  const lines = bases.map(stripEnd).filter((b) => b.length > 0);
  return lines.map((b, i) => {
    const text = /^(căn cứ|theo|xét)\s/iu.test(b) ? b : `${prefix} ${b}`;
    return `${text}${i === lines.length - 1 ? '.' : ';'}`;
  });
}

/** '- Như Điều 3;' … '- Lưu: VT.' (the archive line is added when missing). */
export function recipientLines(recipients: string[]): string[] {
  const lines = recipients.map((r) => stripEnd(r.trim().replace(/^[-–•+]\s*/u, ''))).filter((r) => r.length > 0);
  if (!lines.some((r) => /^lưu\b/iu.test(r))) lines.push(vi()('documents:archive'));
  return lines.map((r, i) => `- ${r}${i === lines.length - 1 ? '.' : ';'}`);
}

/** Words that start the name of an administrative unit: a heading line is best broken before them. */
const UNIT_WORDS = new Set(['TỈNH', 'THÀNH', 'XÃ', 'PHƯỜNG', 'ĐẶC', 'HUYỆN', 'QUẬN', 'THỊ']);

/**
 * Breaks a heading into lines that fit `maxMm` (measured in the PDF font, which has Times New Roman's widths, so the
 * lines fit in the .docx too), choosing the break that balances the lines: 'ỦY BAN NHÂN DÂN' / 'TỈNH THÁI NGUYÊN'.
 * A '\n' in the text is kept as a break. With `unitBreaks` (names of bodies), a break before the name of the
 * administrative unit is preferred: 'ỦY BAN NHÂN DÂN' / 'XÃ ĐỒNG HỶ'; with `breakBefore`, a break before one of
 * those phrases (lower case).
 */
export function fitLines(
  text: string,
  style: FontStyle,
  size: number,
  maxMm: number,
  opts: { unitBreaks?: boolean; breakBefore?: readonly string[] } = {},
): string[] {
  const width = (s: string): number => measureMm(s, style, size);
  const split = (line: string): string[] => {
    if (width(line) <= maxMm) return [line];
    const words = line.split(/\s+/u);
    let best: { head: string; tail: string; w: number; preferred: boolean } | undefined;
    for (let i = 1; i < words.length; i++) {
      const head = words.slice(0, i).join(' ');
      const tail = words.slice(i).join(' ');
      const hw = width(head);
      if (hw > maxMm) break;
      const tw = width(tail);
      const w = Math.max(hw, tw);
      // Break before the name of the administrative unit ('ỦY BAN NHÂN DÂN' / 'XÃ ĐỒNG HỶ'), or before a phrase that
      // starts a unit of meaning ('… đạt chuẩn' / 'phù hợp với trẻ em năm 2026'), when both halves fit.
      const unitBreak = !!opts.unitBreaks && UNIT_WORDS.has((words[i] ?? '').toLocaleUpperCase('vi'));
      const phraseBreak = (opts.breakBefore ?? []).some((b) => tail.toLocaleLowerCase('vi').startsWith(b));
      const preferred = tw <= maxMm && (unitBreak || phraseBreak);
      if (!best || (preferred && !best.preferred) || (preferred === best.preferred && w < best.w))
        best = { head, tail, w, preferred };
    }
    if (!best) return [line];
    return [best.head, ...split(best.tail)];
  };
  return text
    .split('\n')
    .map((l) => l.trim().replace(/\s+/gu, ' '))
    .filter((l) => l.length > 0)
    .flatMap(split);
}

const HEADER_PAD_MM = 1;

/**
 * The heading, a borderless two-column table: issuing body (with its parent body) and 'Số: …' on the left;
 * national title, motto and 'place, date' on the right.
 */
export function headingTable(header: DocumentHeader): Table {
  const t = vi();
  const [leftMm, rightMm] = HEADER_COLUMNS_MM;
  const leftInner = leftMm - 2 * HEADER_PAD_MM;
  const rightInner = rightMm - 2 * HEADER_PAD_MM;
  const left: Para[] = [];
  if (header.parentBody?.trim()) {
    const lines = fitLines(header.parentBody.toLocaleUpperCase('vi'), 'regular', SIZE.header, leftInner, {
      unitBreaks: true,
    });
    left.push(para(lines.join('\n'), SIZE.header, 'center'));
  }
  const body = fitLines(header.issuingBody.toLocaleUpperCase('vi'), 'bold', SIZE.header, leftInner, {
    unitBreaks: true,
  });
  left.push(para([{ text: body.join('\n'), bold: true }], SIZE.header, 'center', { rule: { fraction: 0.4 } }));
  const right: Para[] = [
    para([{ text: t('documents:nationalTitle'), bold: true }], SIZE.header, 'center'),
    para([{ text: t('documents:motto'), bold: true }], SIZE.header, 'center', { rule: { fraction: 1 } }),
  ];
  const number = para(t('documents:number', { number: header.number }), SIZE.header, 'center', { before: 6 });
  const dateLines = fitLines(placeDateLine(header.place, header.date), 'italic', SIZE.body, rightInner);
  const date = para([{ text: dateLines.join('\n'), italic: true }], SIZE.body, 'center', { before: 6 });
  return {
    kind: 'table',
    widthsMm: [...HEADER_COLUMNS_MM],
    borders: false,
    paddingMm: HEADER_PAD_MM,
    rows: [
      [{ paras: left }, { paras: right }],
      [{ paras: [number] }, { paras: [date] }],
    ],
  };
}

/** A centred title line ('QUYẾT ĐỊNH', 'BIÊN BẢN'). */
export function typeTitle(text: string, before = 18): Para {
  return para([{ text, bold: true }], SIZE.body, 'center', { before, keepWithNext: true });
}

/** Where a clerk breaks a summary: before the phrase that ends it, not inside 'đạt chuẩn' or 'xã, phường'. */
const SUMMARY_BREAKS = ['phù hợp với trẻ em', 'trên địa bàn', 'của các xã, phường'] as const;

/** The summary (trích yếu) under the document type, bold, balanced over lines, with a short rule under it. */
export function summaryPara(text: string): Para {
  const lines = fitLines(text, 'bold', SIZE.body, 140, { breakBefore: SUMMARY_BREAKS });
  return para([{ text: lines.join('\n'), bold: true }], SIZE.body, 'center', {
    rule: { fraction: lines.length > 1 ? 0.35 : 0.4 },
    after: 12,
    keepWithNext: true,
  });
}

/** Signatory lines: authority, capacity, title in bold caps; room for the signature and seal; the name in bold. */
export function signatureParas(sig: SignatureBlock): Para[] {
  const heads = [sig.authority, sig.capacity, sig.title].map((s) => s.trim()).filter((s) => s.length > 0);
  return [
    ...heads.map((h) => para([{ text: h.toLocaleUpperCase('vi'), bold: true }], SIZE.body, 'center')),
    para([{ text: sig.name.trim(), bold: true }], SIZE.body, 'center', { before: SIGNATURE_SPACE_PT }),
  ];
}

/**
 * The signature of a decision the Chairman issues in his own competence: 'CHỦ TỊCH', or 'KT. CHỦ TỊCH' over
 * 'PHÓ CHỦ TỊCH' when a Vice-Chairman signs for him; never 'TM. ỦY BAN NHÂN DÂN', which signs the committee's own
 * collective decisions (Nghị định 30/2020/NĐ-CP, Phụ lục I, the signature of the head and of his deputy).
 */
export function chairSignature(signerTitle: string, name: string): SignatureBlock {
  const title = signerTitle
    .trim()
    .toLocaleUpperCase('vi')
    .replace(/^(TM|KT)\.\s*/u, '');
  if (/PHÓ CHỦ TỊCH/u.test(title)) return { authority: '', capacity: 'KT. CHỦ TỊCH', title: 'PHÓ CHỦ TỊCH', name };
  return { authority: '', capacity: title || 'CHỦ TỊCH', title: '', name };
}

/** 'Nơi nhận:' and its list, small type, left. */
export function recipientParas(recipients: string[]): Para[] {
  return [
    para([{ text: vi()('documents:recipients'), bold: true, italic: true }], SIZE.recipientsLabel, 'left'),
    ...recipientLines(recipients).map((r) => para(r, SIZE.recipients, 'left')),
  ];
}

/** The borderless closing block: left cell (recipients, or the secretary) and right cell (the signatory). */
export function closingTable(left: Para[], right: Para[], widthsMm: readonly number[] = CLOSING_COLUMNS_MM): Table {
  const cells: Cell[] = [{ paras: left }, { paras: right }];
  return { kind: 'table', widthsMm: [...widthsMm], borders: false, paddingMm: 1, rows: [cells] };
}

/** A table cell with one paragraph. */
export function cell(
  text: string,
  align: Para['align'] = 'left',
  opts: { bold?: boolean; italic?: boolean; size?: number } = {},
): Cell {
  return {
    paras: [para([{ text, bold: opts.bold, italic: opts.italic }], opts.size ?? SIZE.table, align)],
    vAlign: 'center',
  };
}
