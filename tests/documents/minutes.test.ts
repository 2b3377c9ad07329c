import { beforeAll, describe, expect, it } from 'vitest';
import { selfAssessmentMinutesDocx, selfAssessmentMinutesPdf } from '../../src/server/features/documents/index.ts';
import { measureMm } from '../../src/server/features/documents/fonts.ts';
import { sampleMinutes } from './fixtures.ts';
import { attr, docxPart, docxParagraphs, readPdf, twipMm } from './read.ts';

describe('self-assessment minutes (.docx)', () => {
  let xml = '';
  let paras: string[] = [];

  beforeAll(async () => {
    xml = docxPart(await selfAssessmentMinutesDocx(sampleMinutes()));
    paras = docxParagraphs(xml);
  });

  it('has the heading, the type and the summary', () => {
    expect(paras).toContain('UBND TỈNH THÁI NGUYÊN');
    expect(paras).toContain('ỦY BAN NHÂN DÂN\nXÃ ĐỒNG HỶ');
    expect(xml).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(paras).toContain('Số: 12/BB-UBND');
    expect(paras).toContain('Đồng Hỷ, ngày 20 tháng 10 năm 2026');
    expect(paras).toContain('BIÊN BẢN');
    expect(paras.join(' ').replace(/\n/g, ' ')).toContain(
      'Họp Hội đồng tự đánh giá xã, phường phù hợp với trẻ em năm 2026',
    );
  });

  it('records time, place, the members present and the content', () => {
    expect(paras).toContain('Thời gian: 14 giờ 00 phút, ngày 20 tháng 10 năm 2026.');
    expect(paras).toContain('Địa điểm: Hội trường Ủy ban nhân dân xã Đồng Hỷ.');
    expect(paras).toContain(
      'Hội đồng tự đánh giá xã, phường phù hợp với trẻ em của xã Đồng Hỷ, tỉnh Thái Nguyên; có mặt 04 thành viên:',
    );
    for (const s of ['Họ và tên', 'Trần Văn Bình', 'Phó Chủ tịch UBND xã', 'Thư ký Hội đồng', 'Phạm Thu Hà'])
      expect(paras).toContain(s);
    expect(paras.some((p) => p.startsWith('Các thành viên Hội đồng thảo luận'))).toBe(true);
  });

  it('has the self-assessment table by criterion and item, provisional rows marked', () => {
    expect(
      paras.some((p) =>
        p.includes('Bộ tiêu chí xã, phường, thị trấn phù hợp với trẻ em (QĐ 06/QĐ-TTg ngày 03/01/2019)'),
      ),
    ).toBe(true);
    expect(paras).toContain('BẢNG TỰ ĐÁNH GIÁ');
    for (const s of [
      'TC1',
      'Bảo đảm quyền của trẻ em được chăm sóc sức khỏe',
      '1.2',
      'Báo cáo của Trạm Y tế xã năm 2026: đạt 98,6%.',
      '275,5',
      '300',
    ]) {
      expect(paras).toContain(s);
    }
    // Item 1.2, criterion TC2 and item 2.2 are provisional.
    expect(paras).toContain('75,5\n(tạm tính)');
    expect(paras).toContain('210\n(tạm tính)');
    expect(paras).toContain('90\n(tạm tính)');
    expect(paras.filter((p) => p.includes('(tạm tính)') && /^\d/.test(p))).toHaveLength(3);
    expect(paras).toContain('Tổng cộng');
    expect(paras).toContain('485,5');
    expect(paras).toContain('550');
  });

  it('concludes against the threshold and is signed by the secretary and the chair', () => {
    expect(paras).toContain('Tổng số điểm tự đánh giá: 485,5/550 điểm; ngưỡng điểm đạt chuẩn (Xã loại I): 450 điểm.');
    expect(paras.some((p) => p.includes('kết luận: xã Đồng Hỷ ĐẠT chuẩn xã, phường phù hợp với trẻ em năm 2026'))).toBe(
      true,
    );
    for (const s of ['THƯ KÝ', 'TM. HỘI ĐỒNG', 'CHỦ TỊCH']) expect(paras).toContain(s);
    // Names at the bottom of the two signature cells.
    expect(paras.filter((p) => p === 'Phạm Thu Hà' || p === 'Trần Văn Bình').length).toBeGreaterThanOrEqual(4);
    expect(twipMm(attr(xml, 'w:pgSz', 'w:w'))).toBeCloseTo(210, 0);
    expect(twipMm(attr(xml, 'w:pgMar', 'w:left'))).toBeCloseTo(30, 0);
  });

  it('gives the reasons when the commune does not meet the standard', async () => {
    const failed = docxParagraphs(
      docxPart(
        await selfAssessmentMinutesDocx(
          sampleMinutes({
            total: 420,
            recognized: false,
            reasons: ['Tổng điểm dưới ngưỡng 450 điểm', 'Chỉ tiêu 2.2 chưa đạt.'],
          }),
        ),
      ),
    );
    expect(failed.some((p) => p.includes('xã Đồng Hỷ CHƯA ĐẠT chuẩn'))).toBe(true);
    expect(failed).toContain('Lý do chưa đạt:');
    expect(failed).toContain('- Tổng điểm dưới ngưỡng 450 điểm;');
    expect(failed).toContain('- Chỉ tiêu 2.2 chưa đạt.');
  });
});

describe('self-assessment minutes (PDF)', () => {
  it('renders with diacritics, the table and the conclusion', async () => {
    const buf = await selfAssessmentMinutesPdf(sampleMinutes());
    expect(buf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pdf = readPdf(buf);
    expect(pdf.text).not.toContain('\uFFFD');
    for (const s of [
      'BIÊN BẢN',
      'Thời gian: 14 giờ 00 phút',
      'Bảo đảm quyền của',
      '(tạm tính)',
      'Tổng cộng',
      '485,5',
      'ĐẠT chuẩn',
      'THƯ KÝ',
      'Phạm Thu Hà',
      'Trần Văn Bình',
    ]) {
      expect(pdf.text).toContain(s);
    }
  });
});

describe('the code column of the self-assessment table', () => {
  // The preset's item codes: the longest ones do not fit the column on one line.
  const minutes = sampleMinutes({
    criteria: [
      {
        code: 'C01',
        title: 'Bảo đảm nguồn lực thực hiện quyền trẻ em',
        max: 100,
        points: 100,
        provisional: false,
        items: [
          {
            code: 'C01.staff',
            title: 'Có người làm công tác bảo vệ trẻ em',
            explanation: 'Có: 50 điểm',
            points: 50,
            max: 50,
            provisional: false,
          },
          {
            code: 'C01.collaborators',
            title: 'Có cộng tác viên thôn, tổ dân phố',
            explanation: 'Có: 15 điểm',
            points: 15,
            max: 15,
            provisional: false,
          },
        ],
      },
      {
        code: 'C08',
        title: 'Trẻ em dưới 5 tuổi suy dinh dưỡng',
        max: 50,
        points: 25,
        provisional: false,
        items: [
          {
            code: 'C08.underweight',
            title: 'Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng thể nhẹ cân',
            explanation: 'Kết quả 4,47%, đạt mức không quá 5%: 25 điểm',
            points: 25,
            max: 25,
            provisional: false,
          },
        ],
      },
    ],
  });

  it('breaks a code only after its dot in the .docx, in a column as wide as its longest word', async () => {
    const xml = docxPart(await selfAssessmentMinutesDocx(minutes));
    const paras = docxParagraphs(xml);
    expect(paras).toContain('C01.staff');
    expect(paras).toContain('C01.\ncollaborators');
    expect(paras).toContain('C08.\nunderweight');
    // The table of the assessment is the one whose first column holds the codes; its width fits 'collaborators'.
    const grids = [...xml.matchAll(/<w:tblGrid>([\s\S]*?)<\/w:tblGrid>/g)].map((m) =>
      [...(m[1] ?? '').matchAll(/w:w="(\d+)"/g)].map((w) => twipMm(Number(w[1]))),
    );
    const table = grids.find((g) => g.length === 5 && g[3]! > 25 && g[3]! < 27);
    expect(table?.[0]).toBeGreaterThanOrEqual(measureMm('collaborators', 'regular', 11) + 3);
    expect(table?.reduce((a, b) => a + b, 0)).toBeCloseTo(165, 0);
  });

  it('draws each word of a code whole in the PDF', async () => {
    const pdf = readPdf(await selfAssessmentMinutesPdf(minutes));
    const lines = pdf.text.split('\n').map((l) => l.trim());
    for (const word of ['C01.staff', 'collaborators', 'underweight']) expect(lines).toContain(word);
    expect(lines).toContain('C08.');
  });
});
