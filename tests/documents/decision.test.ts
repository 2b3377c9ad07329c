import { beforeAll, describe, expect, it } from 'vitest';
import {
  recognitionDecisionDocx,
  recognitionDecisionPdf,
  placeDateLine,
} from '../../src/server/features/documents/index.ts';
import { basisLines, chairSignature, fitLines, recipientLines } from '../../src/server/features/documents/common.ts';
import { citation, LEGAL_TEXTS, recognitionBases } from '../../src/server/features/documents/legal-bases.ts';
import viDocuments from '../../src/i18n/locales/vi/documents.json';
import enDocuments from '../../src/i18n/locales/en/documents.json';
import { sampleDecision } from './fixtures.ts';
import { attr, docxPart, docxParagraphs, readPdf, twipMm, type PdfInfo } from './read.ts';

describe('recognition decision (.docx)', () => {
  let xml = '';
  let paras: string[] = [];
  let styles = '';

  beforeAll(async () => {
    const buf = await recognitionDecisionDocx(sampleDecision());
    expect(buf.subarray(0, 2).toString('latin1')).toBe('PK');
    xml = docxPart(buf);
    styles = docxPart(buf, 'word/styles.xml');
    paras = docxParagraphs(xml);
  });

  it('has the heading: issuing body, national title, motto, number, place and date', () => {
    expect(paras).toContain('ỦY BAN NHÂN DÂN\nTỈNH THÁI NGUYÊN');
    expect(xml).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(paras).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(paras).toContain('Số: 125/QĐ-UBND');
    expect(paras).toContain('Thái Nguyên, ngày 25 tháng 11 năm 2026');
    // The heading is a borderless table.
    expect(xml).toMatch(/<w:tblBorders>\s*<w:top w:val="none"/);
  });

  it('has the type, summary, authority, bases and the three articles', () => {
    expect(paras).toContain('QUYẾT ĐỊNH');
    expect(paras.join(' ').replace(/\n/g, ' ')).toContain(
      'Về việc công nhận xã, phường đạt chuẩn phù hợp với trẻ em năm 2026',
    );
    expect(paras).toContain('CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN');
    expect(paras).toContain('Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;');
    expect(paras).toContain('Căn cứ Luật Trẻ em ngày 05 tháng 4 năm 2016;');
    expect(paras).toContain(
      'Căn cứ Quyết định số 06/QĐ-TTg ngày 03 tháng 01 năm 2019 của Thủ tướng Chính phủ ban hành Quy định tiêu chuẩn, trình tự đánh giá và công nhận xã, phường, thị trấn phù hợp với trẻ em;',
    );
    expect(paras).toContain('Theo đề nghị của Giám đốc Sở Y tế tại Tờ trình số 214/TTr-SYT ngày 18 tháng 11 năm 2026.');
    expect(paras).toContain('QUYẾT ĐỊNH:');
    expect(paras).toContain('Điều 1. Công nhận 03 xã, phường sau đạt chuẩn xã, phường phù hợp với trẻ em năm 2026:');
    expect(paras).toContain('Điều 2. Quyết định này có hiệu lực kể từ ngày ký.');
    expect(paras.find((p) => p.startsWith('Điều 3.'))).toMatch(
      /có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này\.\/\.$/,
    );
    // The article label is bold, the text after it is not.
    expect(xml).toMatch(/<w:b\/>[\s\S]{0,200}<w:t xml:space="preserve">Điều 1\. <\/w:t>/);
  });

  it('lists the communes with their codes, categories and scores written the Vietnamese way', () => {
    for (const h of ['STT', 'Tên xã, phường', 'Mã', 'Loại', 'Điểm đạt / Ngưỡng']) expect(paras).toContain(h);
    for (const name of ['Xã Đồng Hỷ', 'Phường Phổ Yên', 'Xã Võ Nhai']) expect(paras).toContain(name);
    expect(paras).toContain('05860');
    expect(paras).toContain('Xã loại II');
    expect(paras).toContain('912,5 / 800');
    expect(paras).toContain('1.050 / 850');
    expect(paras).toContain('835,25 / 800');
  });

  it('closes with the recipients and the signatory block of the Chairman, whose decision it is', () => {
    expect(paras).toContain('Nơi nhận:');
    expect(paras).toContain('- Như Điều 3;');
    expect(paras).toContain('- TT Tỉnh ủy, TT HĐND tỉnh (b/c);');
    expect(paras).toContain('- Lưu: VT, KGVX.');
    for (const line of ['KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH', 'Nguyễn Thị Hương Giang']) expect(paras).toContain(line);
    // The issuer line names the Chairman: no 'TM. ỦY BAN NHÂN DÂN' (the committee's collective decisions).
    expect(paras.join('\n')).not.toContain('TM.');
  });

  it('is A4 with the Nghị định 30 margins, in Times New Roman', () => {
    expect(twipMm(attr(xml, 'w:pgSz', 'w:w'))).toBeCloseTo(210, 0);
    expect(twipMm(attr(xml, 'w:pgSz', 'w:h'))).toBeCloseTo(297, 0);
    const margin = (side: string): number => twipMm(attr(xml, 'w:pgMar', `w:${side}`));
    expect(margin('top')).toBeGreaterThanOrEqual(19.9);
    expect(margin('top')).toBeLessThanOrEqual(25.1);
    expect(margin('bottom')).toBeGreaterThanOrEqual(19.9);
    expect(margin('bottom')).toBeLessThanOrEqual(25.1);
    expect(margin('left')).toBeGreaterThanOrEqual(29.9);
    expect(margin('left')).toBeLessThanOrEqual(35.1);
    expect(margin('right')).toBeGreaterThanOrEqual(14.9);
    expect(margin('right')).toBeLessThanOrEqual(20.1);
    expect(styles + xml).toContain('w:ascii="Times New Roman"');
    // Body text 14 pt (28 half-points), headings 13 pt.
    expect(xml).toContain('<w:sz w:val="28"/>');
    expect(xml).toContain('<w:sz w:val="26"/>');
  });
});

describe('recognition decision (PDF)', () => {
  let buf: Buffer;
  let pdf: PdfInfo;

  beforeAll(async () => {
    buf = await recognitionDecisionPdf(sampleDecision());
    pdf = readPdf(buf);
  });

  it('is an A4 PDF of sane size with Liberation Serif (Times New Roman metrics) embedded', () => {
    expect(buf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(buf.subarray(-6).toString('latin1')).toContain('%%EOF');
    expect(buf.length).toBeGreaterThan(10_000);
    expect(buf.length).toBeLessThan(300_000);
    expect(pdf.pages).toBeGreaterThanOrEqual(1);
    for (const box of pdf.mediaBoxes) expect(box).toBe('0 0 595.28 841.89');
    expect(pdf.baseFonts.some((f) => /\+LiberationSerif$/.test(f))).toBe(true); // the regular face's PostScript name
    expect(pdf.baseFonts.some((f) => /\+LiberationSerif-Bold$/.test(f))).toBe(true);
    expect(pdf.baseFonts.some((f) => /NotoSerif|Helvetica/.test(f))).toBe(false);
    expect(pdf.embeddedFontFiles).toBeGreaterThanOrEqual(3);
  });

  it('draws the Vietnamese text with its diacritics', () => {
    const text = pdf.text;
    expect(text).not.toContain('\uFFFD');
    for (const s of [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Số: 125/QĐ-UBND',
      'Thái Nguyên, ngày 25 tháng 11 năm 2026',
      'QUYẾT ĐỊNH',
      'CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN',
      'Căn cứ Luật Trẻ em ngày 05 tháng 4 năm 2016;',
      'Xã Đồng Hỷ',
      'Phường Phổ Yên',
      '912,5 / 800',
      '1.050 / 850',
      'Nơi nhận:',
      '- Lưu: VT, KGVX.',
      'PHÓ CHỦ TỊCH',
      'Nguyễn Thị Hương Giang',
    ]) {
      expect(text).toContain(s);
    }
  });

  it('keeps Article 3 on the page of the signature', () => {
    const signaturePage = pdf.pageTexts.find((p) => p.includes('Nguyễn Thị Hương Giang')) ?? '';
    expect(signaturePage).toContain('Điều 3.');
  });
});

describe('document wording helpers', () => {
  it('writes dates as Nghị định 30 does (leading zero for days < 10 and months 1–2)', () => {
    expect(placeDateLine('Thái Nguyên', '2026-11-25')).toBe('Thái Nguyên, ngày 25 tháng 11 năm 2026');
    expect(placeDateLine('Hà Nội', '2026-01-05')).toBe('Hà Nội, ngày 05 tháng 01 năm 2026');
    expect(placeDateLine('Hà Nội', '2026-02-28')).toBe('Hà Nội, ngày 28 tháng 02 năm 2026');
    expect(placeDateLine('Hà Nội', '2026-03-09')).toBe('Hà Nội, ngày 09 tháng 3 năm 2026');
    expect(() => placeDateLine('Hà Nội', '2026-13-45')).toThrow(RangeError);
  });

  it('ends bases with ";" and the last with ".", adding "Căn cứ" where missing', () => {
    expect(
      basisLines([
        'Luật Trẻ em ngày 05 tháng 4 năm 2016',
        'Căn cứ Nghị định 30/2020/NĐ-CP;',
        'Theo đề nghị của Giám đốc Sở Y tế.',
      ]),
    ).toEqual([
      'Căn cứ Luật Trẻ em ngày 05 tháng 4 năm 2016;',
      'Căn cứ Nghị định 30/2020/NĐ-CP;',
      'Theo đề nghị của Giám đốc Sở Y tế.',
    ]);
  });

  it('normalises recipients and adds the archive line', () => {
    expect(recipientLines(['Như Điều 3', '- Sở Y tế;'])).toEqual(['- Như Điều 3;', '- Sở Y tế;', '- Lưu: VT.']);
    expect(recipientLines(['Như Điều 3;', 'Lưu: VT, SYT'])).toEqual(['- Như Điều 3;', '- Lưu: VT, SYT.']);
  });

  it('breaks the name of a body before its administrative unit', () => {
    expect(fitLines('ỦY BAN NHÂN DÂN XÃ ĐỒNG HỶ', 'bold', 13, 60, { unitBreaks: true })).toEqual([
      'ỦY BAN NHÂN DÂN',
      'XÃ ĐỒNG HỶ',
    ]);
    expect(fitLines('ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN', 'bold', 13, 60, { unitBreaks: true })).toEqual([
      'ỦY BAN NHÂN DÂN',
      'TỈNH THÁI NGUYÊN',
    ]);
    expect(fitLines('SỞ Y TẾ', 'bold', 13, 60)).toEqual(['SỞ Y TẾ']);
  });

  it('cites the legal texts from their data, with the number and date our sources give', () => {
    expect(citation(LEGAL_TEXTS.qd06)).toBe(
      'Quyết định số 06/QĐ-TTg ngày 03 tháng 01 năm 2019 của Thủ tướng Chính phủ ban hành Quy định tiêu chuẩn, trình tự đánh giá và công nhận xã, phường, thị trấn phù hợp với trẻ em',
    );
    expect(citation(LEGAL_TEXTS.childrenLaw)).toBe('Luật Trẻ em ngày 05 tháng 4 năm 2016');
    expect(LEGAL_TEXTS.childrenLaw.number).toBe('102/2016/QH13');
    // The law on local government in force on the day of signing: the 2015 law until 30/06/2025.
    expect(recognitionBases('2025-06-30').map(citation)[0]).toBe(
      'Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015',
    );
    expect(recognitionBases('2025-07-01')[0]).toBe(LEGAL_TEXTS.localGovernmentLaw2025);
    expect(recognitionBases('2026-11-20').map((t) => t.kind)).toEqual(['Luật', 'Luật', 'Quyết định']);
  });

  it('signs a decision of the Chairman as the Chairman, or for him', () => {
    expect(chairSignature('CHỦ TỊCH', 'Nguyễn Văn Quang')).toEqual({
      authority: '',
      capacity: 'CHỦ TỊCH',
      title: '',
      name: 'Nguyễn Văn Quang',
    });
    for (const title of ['Phó Chủ tịch', 'PHÓ CHỦ TỊCH UBND TỈNH', 'KT. Chủ tịch - Phó Chủ tịch'])
      expect(chairSignature(title, 'Lê Văn A')).toMatchObject({
        authority: '',
        capacity: 'KT. CHỦ TỊCH',
        title: 'PHÓ CHỦ TỊCH',
      });
  });

  it('has the same keys in the Vietnamese and English documents.json', () => {
    const keys = (o: object, prefix = ''): string[] =>
      Object.entries(o).flatMap(([k, v]) =>
        v && typeof v === 'object' ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
      );
    expect(keys(enDocuments).sort()).toEqual(keys(viDocuments).sort());
  });
});
