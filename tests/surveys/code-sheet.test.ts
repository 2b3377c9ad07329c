import { describe, expect, it } from 'vitest';
import QRCode from 'qrcode';
import {
  qrMatrix,
  renderCodeSheet,
  surveyCodeUrl,
  type CodeSheetInput,
} from '../../src/server/features/surveys/code-sheet.ts';
import { readPdf } from '../documents/read.ts';

const codes = Array.from(
  { length: 23 },
  (_, i) => `AB${String(i).padStart(2, '0')}-CD34-${String.fromCharCode(65 + i)}`,
);

const input: CodeSheetInput = {
  communeName: 'Xã Hưng Lợi',
  provinceName: 'Thành phố Cần Thơ',
  audience: 'children',
  year: 2026,
  surveyUrl: 'https://xaphuhop.example.vn/khao-sat',
  codes,
  locale: 'vi',
};

/** The page text with whitespace and line breaks removed (the code is drawn one fixed-pitch cell per letter). */
const squash = (s: string): string => s.replace(/\s+/g, '');

describe('renderCodeSheet', () => {
  it('prints 23 codes on 3 A4 pages of 10 slips, in order, with Vietnamese text in Liberation Serif', async () => {
    // The real (compressed) output: a PDF with 3 page objects.
    const pdf = await renderCodeSheet(input);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1').match(/\/Type \/Page\b/g)?.length).toBe(3);
    expect(pdf.toString('latin1')).toContain('/FlateDecode');
    // The text layer, read from the same sheet with plain streams (readPdf's stream slicing trips on deflated data
    // that happens to end in a newline byte).
    const info = readPdf(await renderCodeSheet(input, { compress: false }));
    expect(info.pages).toBe(3);
    expect(new Set(info.mediaBoxes)).toEqual(new Set(['0 0 595.28 841.89']));
    expect(info.baseFonts.every((f) => /LiberationSerif/.test(f))).toBe(true);
    expect(info.baseFonts.some((f) => /Helvetica|Courier|Times/.test(f))).toBe(false);

    // Slips 1–10 on page 1, 11–20 on page 2, 21–23 on page 3.
    const pages = info.pageTexts.map(squash);
    codes.forEach((code, i) => {
      const page = Math.floor(i / 10);
      pages.forEach((text, p) => expect(text.includes(code), `${code} on page ${p + 1}`).toBe(p === page));
    });

    const first = info.pageTexts[0] ?? '';
    expect(first.split('Phiếu khảo sát sự hài lòng').length - 1).toBe(10);
    expect(first.split('Dành cho trẻ em').length - 1).toBe(10);
    expect(info.pageTexts[2]?.split('Phiếu khảo sát sự hài lòng').length).toBe(4);
    const text = squash(info.text);
    expect(text).toContain(squash('Xã Hưng Lợi, Thành phố Cần Thơ'));
    expect(text).toContain('Năm2026');
    expect(text).toContain(
      squash('xaphuhop.example.vn/khao-sat và nhập mã. Mỗi mã chỉ dùng một lần. Phiếu không hỏi tên.'),
    );
    expect(text).toContain('111');
    expect(info.text).not.toContain('\uFFFD');
  });

  it('writes raw page objects when asked not to compress, and follows the audience and locale', async () => {
    const pdf = await renderCodeSheet(
      { ...input, audience: 'residents', codes: codes.slice(0, 11) },
      { compress: false },
    );
    const raw = pdf.toString('latin1');
    expect(raw.match(/\/Type \/Page\b/g)?.length).toBe(2);
    expect(raw).not.toContain('/FlateDecode');
    expect(readPdf(pdf).text).toContain('Dành cho người dân');

    const en = readPdf(
      await renderCodeSheet({ ...input, locale: 'en', codes: codes.slice(0, 1) }, { compress: false }),
    );
    expect(en.pages).toBe(1);
    expect(en.text).toContain('For children');
    expect(squash(en.text)).toContain('AB00-CD34-A');
  });

  it('refuses an empty list of codes', async () => {
    await expect(renderCodeSheet({ ...input, codes: [] })).rejects.toThrow(RangeError);
  });
});

describe('qrMatrix', () => {
  const url = surveyCodeUrl(input.surveyUrl, 'AB12-CD34-X');

  it('encodes the survey address with the code as ?ma=', () => {
    expect(url).toBe('https://xaphuhop.example.vn/khao-sat?ma=AB12-CD34-X');
    expect(surveyCodeUrl('https://h/khao-sat?lang=en', 'X Y')).toBe('https://h/khao-sat?lang=en&ma=X%20Y');
  });

  it("is qrcode's own symbol for the URL: same size, same modules, deterministic", () => {
    const m = qrMatrix(url);
    const ref = QRCode.create(url, { errorCorrectionLevel: 'M' });
    expect(m.size).toBe(ref.modules.size);
    expect(m.size).toBe(17 + 4 * m.version);
    expect(m.dark).toHaveLength(m.size);
    m.dark.forEach((row, r) => row.forEach((d, c) => expect(d).toBe(ref.modules.get(r, c) === 1)));
    // Finder pattern corners are dark; the symbol is the same every time and differs for another code.
    expect(m.dark[0]?.[0] && m.dark[0]?.[m.size - 1] && m.dark[m.size - 1]?.[0]).toBe(true);
    expect(qrMatrix(url)).toEqual(m);
    expect(qrMatrix(surveyCodeUrl(input.surveyUrl, 'AB12-CD34-Y')).dark).not.toEqual(m.dark);
  });

  it('grows with the text', () => {
    expect(qrMatrix('x'.repeat(200)).size).toBeGreaterThan(qrMatrix(url).size);
  });
});
