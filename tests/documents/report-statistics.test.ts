// The report documents carry the report form's statistics: the 6-month, annual, Action Month and forum reports
// (.docx) say which days their figures cover and print the form's tables (numbered, vi-VN numbers, "Chưa có số
// liệu" for a missing value, rates with a comma and %); the consolidated .docx prints the province's totals and
// the .xlsx a row per statistic with a column per commune and the total (numbers as numbers, dates as dates).
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { fillForm, PRESET_FORMS } from '../../src/core/reports/forms.ts';
import { rollUpStatistics } from '../../src/core/reports/statistics.ts';
import { consolidatedReportDocx, periodicReportDocx } from '../../src/server/features/documents/index.ts';
import { consolidatedReportModel } from '../../src/server/features/documents/consolidated-report.ts';
import { periodicReportModel } from '../../src/server/features/documents/periodic-report.ts';
import { renderPdf } from '../../src/server/features/documents/render-pdf.ts';
import {
  consolidatedReportDocument,
  periodicReportDocument,
  statisticText,
} from '../../src/server/features/reports/documents.ts';
import { consolidatedWorkbook } from '../../src/server/features/reports/xlsx.ts';
import { allText, missingGlyphs, recordText, SYMBOLS } from './glyphs.ts';
import { docxPart, docxParagraphs } from './read.ts';
import { DAI_TU, sampleConsolidated, sampleReport, statisticsOf, VAN_PHU } from './report-fixtures.ts';

const extras = { reportTo: 'UBND tỉnh Thái Nguyên (qua Sở Y tế)', signature: null, ruleSet: null, today: '2026-06-25' };

async function reportParas(r: ReturnType<typeof sampleReport>): Promise<string[]> {
  return docxParagraphs(docxPart(await periodicReportDocx(periodicReportDocument(r, extras))));
}

/** The first seven cells of each row of the sheet (an empty cell: undefined). */
function cellsOf(ws: ExcelJS.Worksheet): unknown[][] {
  const rows: unknown[][] = [];
  ws.eachRow((r) => rows.push(Array.from({ length: 7 }, (_, i) => r.getCell(i + 1).value ?? undefined)));
  return rows;
}

/** The cells of the table row whose second cell is `label` (STT, label, unit, value). */
function rowOf(paras: string[], label: string, from = 0): string[] {
  const at = paras.indexOf(label, from);
  expect(at, label).toBeGreaterThan(0);
  return paras.slice(at - 1, at + 3);
}

describe('a commune’s 6-month report (.docx)', () => {
  it('says which days its figures cover and prints the form’s tables after the plan’s, numbered on', async () => {
    const paras = await reportParas(sampleReport('six_month'));
    const line = paras.indexOf('Số liệu tính từ ngày 15/12/2025 đến ngày 14/06/2026.');
    expect(line).toBeGreaterThan(paras.indexOf('II. SỐ LIỆU KẾT QUẢ'));
    expect(line).toBeLessThan(paras.indexOf('Bảng 1. Kết quả thực hiện các chỉ tiêu'));
    const titles = paras.filter((p) => /^Bảng \d+\. /.test(p));
    // No score (no assessment yet): targets, tasks, activities, then the preset's seven tables.
    expect(titles).toEqual([
      'Bảng 1. Kết quả thực hiện các chỉ tiêu',
      'Bảng 2. Tình hình thực hiện nhiệm vụ',
      'Bảng 3. Diễn đàn, hoạt động và khảo sát',
      ...PRESET_FORMS.six_month.tables.map((t, i) => `Bảng ${i + 4}. ${t.title.vi}`),
    ]);
    expect(paras.indexOf(titles.at(-1)!)).toBeLessThan(paras.indexOf('III. KHÓ KHĂN, VƯỚNG MẮC'));
  });

  it('prints each statistic with its unit: vi-VN digits, rates with a comma and %, words for a missing value', async () => {
    const paras = await reportParas(sampleReport('six_month'));
    const start = paras.indexOf('Bảng 4. Tình hình trẻ em trên địa bàn');
    expect(paras.slice(start + 1, start + 5)).toEqual(['STT', 'Nội dung', 'Đơn vị tính', 'Số liệu']);
    expect(rowOf(paras, 'Tổng số trẻ em (dưới 16 tuổi)', start)).toEqual([
      '1',
      'Tổng số trẻ em (dưới 16 tuổi)',
      'trẻ em',
      '1.234',
    ]);
    expect(rowOf(paras, 'Tỷ lệ trẻ em có hoàn cảnh đặc biệt được trợ giúp')).toEqual([
      '5',
      'Tỷ lệ trẻ em có hoàn cảnh đặc biệt được trợ giúp',
      '%',
      '75%',
    ]);
    expect(rowOf(paras, 'Tỷ lệ trẻ em bị xâm hại được hỗ trợ, can thiệp').slice(2)).toEqual(['%', '66,7%']);
    expect(rowOf(paras, 'Tử vong: đuối nước').slice(2)).toEqual(['trẻ em', '1']);
    expect(rowOf(paras, 'Trẻ em lao động trái quy định của pháp luật').slice(2)).toEqual(['trẻ em', '1']);
    expect(rowOf(paras, 'Điểm đã khắc phục (lấp, đóng)').slice(2)).toEqual(['điểm', '1']);
    expect(rowOf(paras, 'Kinh phí đã sử dụng').slice(2)).toEqual(['đồng', '12.500.000']);
    // Typed figures the commune left out, and causes nobody counted, say so in words, never as 0.
    expect(rowOf(paras, 'Tin, bài, phóng sự').slice(2)).toEqual(['tin, bài', 'Chưa có số liệu']);
    expect(rowOf(paras, 'Bị thương: bỏng').slice(2)).toEqual(['trẻ em', 'Chưa có số liệu']);
    // The zero the register counted is a zero.
    expect(rowOf(paras, 'Trẻ em bị xâm hại: bạo lực tinh thần').slice(2)).toEqual(['trẻ em', '0']);
    expect(paras.join('\n')).not.toMatch(/\b\d+\.\d%|NaN|undefined|null/);
  });

  it('keeps to the plan’s tables when the report was frozen before report forms existed', async () => {
    const paras = await reportParas(sampleReport('annual', { statistics: null }));
    expect(paras.some((p) => p.startsWith('Số liệu tính từ ngày'))).toBe(false);
    expect(paras.filter((p) => /^Bảng \d+\. /.test(p))).toHaveLength(3);
    expect(paras.join(' ').replace(/\n/g, ' ')).toContain('Kết quả thực hiện công tác trẻ em năm 2026');
  });
});

describe('the Action Month and forum reports (.docx)', () => {
  it('the Action Month report: its own summary, 01/06–30/06, and the form’s tables only', async () => {
    const paras = await reportParas(sampleReport('action_month'));
    const text = paras.join('\n').replace(/\n/g, ' ');
    expect(text).toContain('Kết quả thực hiện Tháng hành động vì trẻ em năm 2026');
    expect(paras).toContain(
      'Thực hiện Kế hoạch số 45/KH-UBND, Ủy ban nhân dân xã Vạn Phú báo cáo kết quả thực hiện Tháng hành động vì trẻ em năm 2026 như sau:',
    );
    expect(paras).toContain('Số liệu tính từ ngày 01/06/2026 đến ngày 30/06/2026.');
    expect(paras.filter((p) => /^Bảng \d+\. /.test(p))).toEqual([
      'Bảng 1. Hoạt động trong Tháng hành động',
      'Bảng 2. Tình hình trẻ em trong tháng',
    ]);
    expect(rowOf(paras, 'Lượt trẻ em tham gia sự kiện').slice(2)).toEqual(['lượt người', '410']);
    expect(rowOf(paras, 'Giá trị quà tặng trẻ em').slice(2)).toEqual(['đồng', 'Chưa có số liệu']);
    expect(text).toContain('Trên đây là báo cáo kết quả thực hiện Tháng hành động vì trẻ em năm 2026./.');
  });

  it('the forum report: names the forum and its day, which is its data period', async () => {
    const heldOn = '2026-05-20';
    const forum = {
      id: 7,
      title: 'Trẻ em với phòng, chống đuối nước',
      heldOn,
      kind: 'forum' as const,
      level: 'commune',
      children: 35,
      under30: false,
    };
    const paras = await reportParas(
      sampleReport('forum', { statistics: statisticsOf('forum', VAN_PHU, 2026, heldOn), forum }),
    );
    const text = paras.join('\n').replace(/\n/g, ' ');
    expect(text).toContain('Kết quả tổ chức Diễn đàn trẻ em “Trẻ em với phòng, chống đuối nước” ngày 20/05/2026');
    expect(paras).toContain('Số liệu tính từ ngày 20/05/2026 đến ngày 20/05/2026.');
    expect(paras.filter((p) => /^Bảng \d+\. /.test(p))).toEqual([
      'Bảng 1. Trẻ em tham gia',
      'Bảng 2. Ý kiến, kiến nghị của trẻ em',
      'Bảng 3. Kinh phí',
    ]);
    expect(rowOf(paras, 'Trẻ em nữ tham gia').slice(2)).toEqual(['trẻ em', '18']);
    expect(rowOf(paras, 'Tỷ lệ ý kiến, kiến nghị được trả lời').slice(2)).toEqual(['%', '66,7%']);
    expect(paras).not.toContain('Bảng 1. Kết quả thực hiện các chỉ tiêu');
  });
});

describe('the consolidated report', () => {
  it('.docx: a third section with the province’s totals, rates from the summed counts', async () => {
    const c = sampleConsolidated();
    const paras = docxParagraphs(
      docxPart(
        await consolidatedReportDocx(consolidatedReportDocument(c, 'six_month', { signature: null, today: c.today })),
      ),
    );
    const heading = paras.indexOf('III. SỐ LIỆU THỐNG KÊ TỔNG HỢP');
    expect(heading).toBeGreaterThan(paras.indexOf('II. KẾT QUẢ TỔNG HỢP'));
    expect(paras[heading + 1]).toBe('Số liệu tính từ ngày 15/12/2025 đến ngày 14/06/2026.');
    expect(paras[heading + 2]).toContain('Số liệu cộng từ 2 báo cáo đã gửi');
    const start = paras.indexOf('Bảng 3. Tình hình trẻ em trên địa bàn');
    expect(start).toBeGreaterThan(heading);
    expect(paras.slice(start + 1, start + 5)).toEqual(['STT', 'Nội dung', 'Đơn vị tính', 'Tổng cộng']);
    expect(rowOf(paras, 'Tổng số trẻ em (dưới 16 tuổi)', start).slice(2)).toEqual(['trẻ em', '3.334']);
    // Vạn Phú 2 of 3 (66,7%), Đại Từ 0 of 1 (0%): 2 of 4 is 50%, not the mean of the rates (33,3%).
    expect(rowOf(paras, 'Tỷ lệ trẻ em bị xâm hại được hỗ trợ, can thiệp', start).slice(2)).toEqual(['%', '50%']);
    expect(rowOf(paras, 'Tỷ lệ điểm nguy cơ có rào chắn, nắp đậy', start).slice(2)).toEqual(['%', '57,1%']);
    expect(rowOf(paras, 'Kinh phí đã sử dụng', start).slice(2)).toEqual(['đồng', '15.500.000']);
    expect(rowOf(paras, 'Tin, bài, phóng sự', start).slice(2)).toEqual(['tin, bài', 'Chưa có số liệu']);
    expect(paras.indexOf('Nơi nhận:')).toBeGreaterThan(start);
  });

  it('.docx of the Action Month, and of a year no submitted report has statistics for', async () => {
    const c = sampleConsolidated('action_month');
    const paras = docxParagraphs(
      docxPart(
        await consolidatedReportDocx(
          consolidatedReportDocument(c, 'action_month', { signature: null, today: c.today }),
        ),
      ),
    );
    expect(paras.join(' ').replace(/\n/g, ' ')).toContain(
      'Tổng hợp kết quả thực hiện Tháng hành động vì trẻ em năm 2026 của các xã, phường',
    );
    expect(paras).toContain('Số liệu tính từ ngày 01/06/2026 đến ngày 30/06/2026.');
    expect(paras).toContain('Bảng 3. Hoạt động trong Tháng hành động');

    const none = sampleConsolidated('six_month', false);
    const plain = docxParagraphs(
      docxPart(
        await consolidatedReportDocx(
          consolidatedReportDocument(none, 'six_month', { signature: null, today: none.today }),
        ),
      ),
    );
    const heading = plain.indexOf('III. SỐ LIỆU THỐNG KÊ TỔNG HỢP');
    expect(plain[heading + 1]).toBe('Chưa có báo cáo đã gửi nào có số liệu thống kê theo mẫu báo cáo.');
    expect(plain.filter((p) => /^Bảng \d+\. /.test(p))).toHaveLength(2);
  });

  it('.xlsx: a row per statistic, a column per commune that submitted and the total; numbers and dates as such', async () => {
    const c = sampleConsolidated();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await consolidatedWorkbook(c, 'six_month', 'vi')) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Số liệu thống kê')!;
    expect(ws).toBeDefined();
    expect(ws.getCell('A2').value).toBeInstanceOf(Date);
    const rows = cellsOf(ws);
    const fact = (label: string) => rows.find((r) => r[1] === label)!;
    expect(fact('Số liệu tính từ ngày')[2]).toEqual(new Date(Date.UTC(2025, 11, 15)));
    expect(fact('Đến ngày')[2]).toEqual(new Date(Date.UTC(2026, 5, 14)));
    const head = rows.find((r) => r[0] === 'STT')!;
    // The communes in the province's order, the missing one left out (it has no figures to add).
    expect(head).toEqual(['STT', 'Mã số liệu', 'Nội dung', 'Đơn vị tính', 'Xã Đại Từ', 'Xã Vạn Phú', 'Tổng cộng']);
    const byCode = (code: string) => {
      const found = rows.filter((r) => r[1] === code);
      expect(found.length, code).toBeGreaterThan(0);
      return found[0]!.slice(4);
    };
    const total = rollUpStatistics([DAI_TU, VAN_PHU]);
    // Every statistic of every table, cell by cell against the two communes' values and the roll-up.
    for (const table of fillForm(PRESET_FORMS.six_month, total))
      for (const row of table.rows) {
        const expected = [DAI_TU[row.statistic], VAN_PHU[row.statistic], total[row.statistic]].map((v) =>
          v === null || v === undefined ? undefined : v,
        );
        expect(byCode(row.statistic), row.statistic).toEqual(expected);
      }
    expect(byCode('children.total')).toEqual([2100, 1234, 3334]);
    expect(byCode('abuse.supported_rate')).toEqual([0, 66.7, 50]);
    expect(byCode('budget.spent')).toEqual([3_000_000, 12_500_000, 15_500_000]);
    // Group rows carry the form's tables in order.
    expect(rows.filter((r) => typeof r[0] === 'string' && /^[IVX]+$/.test(r[0])).map((r) => r[2])).toEqual(
      PRESET_FORMS.six_month.tables.map((t) => t.title.vi),
    );
    // Rates show as percentages of themselves, counts grouped.
    const rowWith = (code: string) => {
      let found: ExcelJS.Row | undefined;
      ws.eachRow((r) => {
        if (r.getCell(2).value === code) found ??= r;
      });
      return found!;
    };
    const rateRow = rowWith('abuse.supported_rate');
    expect(rateRow.getCell(7).numFmt).toBe('0.0"%"');
    const countRow = rowWith('children.total');
    expect(countRow.getCell(5).numFmt).toBe('#,##0');
  });

  it('.xlsx in English, and without statistics a sheet that says so', async () => {
    const en = new ExcelJS.Workbook();
    await en.xlsx.load((await consolidatedWorkbook(sampleConsolidated(), 'six_month', 'en')) as unknown as ArrayBuffer);
    const ws = en.getWorksheet('Statistics')!;
    const rows = cellsOf(ws);
    expect(rows.find((r) => r[1] === 'children.total')!.slice(2, 4)).toEqual(['Children (under 16)', 'children']);
    expect(rows.find((r) => r[1] === 'Statistic code')![6]).toBe('Total');

    const none = new ExcelJS.Workbook();
    await none.xlsx.load(
      (await consolidatedWorkbook(sampleConsolidated('six_month', false), 'six_month', 'vi')) as unknown as ArrayBuffer,
    );
    expect(none.getWorksheet('Số liệu thống kê')!.getCell('A4').value).toBe(
      'Chưa có báo cáo đã gửi nào có số liệu thống kê theo mẫu báo cáo.',
    );
  });
});

describe('every report document', () => {
  it('draws every character it is given in the embedded font, and writes words, not symbols', async () => {
    const forum = {
      id: 7,
      title: 'Trẻ em với phòng, chống đuối nước',
      heldOn: '2026-05-20',
      kind: 'forum' as const,
      level: 'commune',
      children: 35,
      under30: false,
    };
    const models = [
      ...(['six_month', 'annual', 'action_month'] as const).map((kind) =>
        periodicReportModel(periodicReportDocument(sampleReport(kind), extras)),
      ),
      periodicReportModel(
        periodicReportDocument(
          sampleReport('forum', { statistics: statisticsOf('forum', VAN_PHU, 2026, forum.heldOn), forum }),
          extras,
        ),
      ),
      consolidatedReportModel(
        consolidatedReportDocument(sampleConsolidated(), 'six_month', { signature: null, today: '2026-06-25' }),
      ),
    ];
    for (const model of models) {
      const { written } = await recordText(() => renderPdf(model));
      expect(allText(written).replace(/\s+/g, ' '), model.title).toContain('Số liệu tính từ ngày');
      expect(missingGlyphs(written), model.title).toEqual([]);
      expect(allText(written), model.title).not.toMatch(SYMBOLS);
    }
  });
});

describe('statisticText', () => {
  it('writes counts, đồng and rates the Vietnamese way', () => {
    expect(statisticText({ kind: 'count', value: 1200 })).toBe('1.200');
    expect(statisticText({ kind: 'amount', value: 1_250_000 })).toBe('1.250.000');
    expect(statisticText({ kind: 'rate', value: 33.3 })).toBe('33,3%');
    expect(statisticText({ kind: 'rate', value: 100 })).toBe('100%');
    expect(statisticText({ kind: 'count', value: null })).toBe('Chưa có số liệu');
  });
});
