// Footnotes in a plan's legal basis ('Luật Trẻ em^[Luật số 102/2016/QH13.]'): the markup parsed (nested brackets,
// a '^[' never closed kept as typed), rendered as real Word footnotes in .docx (numbered in reading order, the text
// read without them) and as notes at the foot of the page that carries their mark in the PDF.
import { describe, expect, it } from 'vitest';
import { footnotesOf, parseFootnotes, stripFootnotes } from '../../src/core/plans/footnotes.ts';
import { planDocx, planPdf, type PlanDocument } from '../../src/server/features/documents/index.ts';
import { decisionBases } from '../../src/server/features/documents/plan-decision.ts';
import { docxPart, docxParagraphs, readPdf } from './read.ts';

describe('footnote markup', () => {
  it('cuts a text into runs and notes, in order', () => {
    expect(parseFootnotes('Luật Trẻ em^[Luật số 102/2016/QH13.] và Quyết định 06^[Ngày 03/01/2019.];')).toEqual([
      { kind: 'text', text: 'Luật Trẻ em' },
      { kind: 'note', text: 'Luật số 102/2016/QH13.' },
      { kind: 'text', text: ' và Quyết định 06' },
      { kind: 'note', text: 'Ngày 03/01/2019.' },
      { kind: 'text', text: ';' },
    ]);
  });

  it('nests brackets inside a note, and keeps an unclosed or empty one as typed or dropped', () => {
    expect(footnotesOf('A^[Điều 4 [sửa đổi] của Luật] B')).toEqual(['Điều 4 [sửa đổi] của Luật']);
    expect(stripFootnotes('A^[Điều 4 [sửa đổi] của Luật] B')).toBe('A B');
    expect(parseFootnotes('Giá 5^[chưa đóng')).toEqual([{ kind: 'text', text: 'Giá 5^[chưa đóng' }]);
    expect(parseFootnotes('Trống^[  ] đây')).toEqual([{ kind: 'text', text: 'Trống đây' }]);
    expect(parseFootnotes('[1] không phải chú thích')).toEqual([{ kind: 'text', text: '[1] không phải chú thích' }]);
  });

  it("punctuates a decision's bases on their text, keeping the notes where they were", () => {
    expect(
      decisionBases([
        'Luật Trẻ em ngày 05 tháng 4 năm 2016^[Luật số 102/2016/QH13.]',
        'Căn cứ Quyết định số 06/QĐ-TTg^[Có hiệu lực từ 20/02/2019.];',
        'Theo đề nghị của Giám đốc Sở Y tế.',
      ]),
    ).toEqual([
      'Căn cứ Luật Trẻ em ngày 05 tháng 4 năm 2016^[Luật số 102/2016/QH13.];',
      'Căn cứ Quyết định số 06/QĐ-TTg^[Có hiệu lực từ 20/02/2019.];',
      'Theo đề nghị của Giám đốc Sở Y tế.',
    ]);
  });
});

const filler =
  'Tiếp tục tăng cường sự lãnh đạo, chỉ đạo của các cấp ủy Đảng, chính quyền về công tác bảo vệ, chăm sóc trẻ em thông qua việc ban hành các Nghị quyết, chương trình, kế hoạch cụ thể hằng năm.';

function plan(): PlanDocument {
  return {
    header: { issuingBody: 'ỦY BAN NHÂN DÂN XÃ VẠN PHÚ', number: '12/KH-UBND', place: 'Vạn Phú', date: '2026-03-02' },
    title: 'Triển khai thực hiện công tác trẻ em năm 2026 trên địa bàn xã Vạn Phú',
    basis:
      'Thực hiện Luật Trẻ em^[Luật số 102/2016/QH13 ngày 05/4/2016.] và Kế hoạch số 45/KH-UBND^[Của Ủy ban nhân dân tỉnh [Thái Nguyên].], Ủy ban nhân dân xã xây dựng Kế hoạch như sau:',
    purposes: Array.from({ length: 30 }, () => filler).join('\n'),
    requirements: 'Thực hiện đúng thời hạn^[Chú thích ở trang sau.].',
    targets: [{ text: 'Không để trẻ em bị đuối nước' }],
    tasks: [{ text: 'Tuyên truyền', dueOn: '2026-12-31', agencies: ['Công chức Văn hóa - Xã hội'] }],
    budget: 'Ngân sách xã.',
    assignments: [],
    sixMonthDue: '05-10',
    annualDue: '11-10',
    reportTo: '',
    reporting: '',
    recipients: ['UBND tỉnh'],
    signature: { authority: 'TM. ỦY BAN NHÂN DÂN', capacity: 'CHỦ TỊCH', title: '', name: 'Nguyễn Văn A' },
  };
}

describe('footnotes in the plan as .docx', () => {
  it('are Word footnotes, numbered in reading order, the paragraph reading without them', async () => {
    const docx = await planDocx(plan());
    const body = docxPart(docx);
    const refs = [...body.matchAll(/<w:footnoteReference w:id="(\d+)"\/>/g)].map((m) => Number(m[1]));
    expect(refs).toHaveLength(3);
    const notes = docxPart(docx, 'word/footnotes.xml');
    const noteText = (id: number) =>
      docxParagraphs(notes.match(new RegExp(`<w:footnote [^>]*w:id="${id}"[\\s\\S]*?</w:footnote>`))?.[0] ?? '')
        .join('')
        .trim();
    expect(refs.map(noteText)).toEqual([
      'Luật số 102/2016/QH13 ngày 05/4/2016.',
      'Của Ủy ban nhân dân tỉnh [Thái Nguyên].',
      'Chú thích ở trang sau.',
    ]);
    expect(docxParagraphs(body)).toContain(
      'Thực hiện Luật Trẻ em và Kế hoạch số 45/KH-UBND, Ủy ban nhân dân xã xây dựng Kế hoạch như sau:',
    );
    expect(body).not.toContain('^[');
  });
});

describe('footnotes in the plan as PDF', () => {
  it('are printed at the foot of the page that carries their mark', async () => {
    const pdf = readPdf(await planPdf(plan()));
    expect(pdf.pages).toBeGreaterThan(2);
    // The marks sit on their own baseline (set small and high): the reader breaks the line there.
    const norm = (s: string) => s.replace(/\s+/g, ' ');
    const pageOf = (s: string) => pdf.pageTexts.findIndex((p) => norm(p).includes(s));
    expect(pageOf('Luật số 102/2016/QH13 ngày 05/4/2016.')).toBe(0);
    expect(pageOf('Của Ủy ban nhân dân tỉnh [Thái Nguyên].')).toBe(0);
    const later = pageOf('Chú thích ở trang sau.');
    expect(later).toBe(pageOf('Thực hiện đúng thời hạn'));
    expect(later).toBeGreaterThan(0);
    // Each note once, after the page's text (at its foot), the marks numbered 1, 2, 3.
    const first = norm(pdf.pageTexts[0]!);
    expect(first.split('Luật số 102/2016/QH13').length).toBe(2);
    expect(first.indexOf('1 Luật số 102/2016/QH13')).toBeGreaterThan(first.indexOf('I. MỤC ĐÍCH, YÊU CẦU'));
    expect(norm(pdf.pageTexts[later]!)).toContain('3 Chú thích ở trang sau.');
    expect(first).toContain('Thực hiện Luật Trẻ em 1 và Kế hoạch số 45/KH-UBND 2 , Ủy ban nhân dân xã');
    expect(pdf.text).not.toContain('^[');
  });
});
