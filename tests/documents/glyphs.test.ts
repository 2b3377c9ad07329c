// Every character a PDF is given is drawn: the renderers' text calls are recorded and each character is looked up
// in the embedded font (Liberation Serif); formal documents write words, not symbols; the decision is one page.
// The documents over the demo's real data (plans, reports) are checked the same way in tests/api/documents.test.ts.
import { describe, expect, it } from 'vitest';
import { discloseResult } from '../../src/core/privacy/disclosure.ts';
import { score } from '../../src/core/scoring/engine.ts';
import {
  recognitionDecisionPdf,
  selfAssessmentMinutesPdf,
  type SelfAssessmentMinutes,
} from '../../src/server/features/documents/index.ts';
import { minutesCriteria, minutesReason } from '../../src/server/features/documents/explain.ts';
import { renderCodeSheet } from '../../src/server/features/surveys/code-sheet.ts';
import { fullMarks, qd06 } from '../support/fixtures.ts';
import { provinceDecision, sampleDecision, sampleMinutes } from './fixtures.ts';
import { allText, missingGlyphs, recordText, SYMBOLS } from './glyphs.ts';
import { readPdf } from './read.ts';

/** Minutes of the preset's 13 criteria scored by the engine, with every kind of explanation an item can get. */
function presetMinutes(): SelfAssessmentMinutes {
  const values = {
    ...fullMarks(),
    'C01.budget': false, // a flag answered no
    'C03.abused': 0, // no cases
    'C05.injured': 40, // 2.000 per 100.000: below every band
    'C08.stunted': 200, // 50%: above every band of a 'lower' item
    'C09.eligible': 0, // no denominator
    'C05.deaths': 1, // a death zeroes criterion 5
  } as Record<string, number | boolean>;
  delete values['C12.events']; // missing
  const result = score(qd06, '1', 'disadvantaged', values);
  // C06.supported's figures withheld from the reader: the explanation says so in words.
  const disclosed = discloseResult(result, new Set(['C06.supported']));
  return sampleMinutes({
    communeName: 'Xã Quân Chu',
    provinceName: 'Tỉnh Thái Nguyên',
    ruleSetTitle: qd06.title.vi,
    criteria: minutesCriteria(qd06, disclosed),
    total: result.total,
    threshold: result.threshold,
    categoryLabel: 'Xã miền núi, hải đảo, đặc biệt khó khăn',
    recognized: result.recognized,
    reasons: result.reasons.map((r) => minutesReason(qd06, r)),
  });
}

describe('the characters written into each PDF', () => {
  const documents: Array<[string, () => Promise<Buffer>]> = [
    ['decision', () => recognitionDecisionPdf(sampleDecision())],
    ['decision of a province', () => recognitionDecisionPdf(provinceDecision())],
    ['minutes', () => selfAssessmentMinutesPdf(sampleMinutes())],
    ['minutes of the preset, every explanation', () => selfAssessmentMinutesPdf(presetMinutes())],
    ...(['vi', 'en'] as const).map((locale): [string, () => Promise<Buffer>] => [
      `survey code sheet (${locale})`,
      () =>
        renderCodeSheet({
          communeName: 'Xã Quân Chu',
          provinceName: 'Tỉnh Thái Nguyên',
          audience: 'residents',
          year: 2026,
          surveyUrl: 'https://xaphuhop.example.vn/khao-sat',
          codes: ['AB12-CD34-X', 'EF56-GH78-Y'],
          locale,
        }),
    ]),
  ];

  it.each(documents)(
    '%s: every character has a glyph in the embedded font, and no symbol stands for words',
    async (_, render) => {
      const { written } = await recordText(render);
      expect(written.length).toBeGreaterThan(20);
      expect(missingGlyphs(written)).toEqual([]);
      expect(allText(written)).not.toMatch(SYMBOLS);
    },
  );

  it('reads the explanations of the preset in words', async () => {
    const text = allText((await recordText(() => selfAssessmentMinutesPdf(presetMinutes()))).written);
    for (const words of [
      'Có: 50 điểm',
      'Không: 0 điểm',
      'Không có trường hợp phát sinh',
      'chưa đạt mức tính điểm: 0 điểm',
      'Mẫu số bằng 0 nên không tính được tỷ lệ',
      'Chưa có số liệu: 0 điểm',
      'Kết quả 100%, đạt mức từ 98% trở lên: 50 điểm',
      'Số liệu không ghi ra (từ 1 đến 4 trường hợp) để bảo vệ thông tin của trẻ em',
      'Tiêu chí C09 (Trẻ em được khám sức khỏe định kỳ) đạt 0 điểm (điểm liệt);',
      'đạt 0 điểm (điểm liệt) do chỉ tiêu C05.deaths (Trẻ em tử vong do tai nạn, thương tích)',
    ])
      expect(text.replace(/\s+/g, ' ')).toContain(words);
  });

  it('finds a character the font lacks, and a symbol', async () => {
    const doc = sampleDecision();
    doc.communes[0]!.name = 'Xã Đồng Hỷ ✓';
    doc.proposal = 'Theo đề nghị ⚠ của Sở Y tế';
    const { written } = await recordText(() => recognitionDecisionPdf(doc));
    expect(missingGlyphs(written)).toEqual([expect.stringContaining('U+26A0 ⚠'), expect.stringContaining('U+2713 ✓')]);
    expect(allText(written)).toMatch(SYMBOLS);
  });
});

describe('the recognition decision of a province', () => {
  it('is one page with six communes: bases, table, articles, recipients and signature', async () => {
    const buf = await recognitionDecisionPdf(provinceDecision());
    expect(buf.toString('latin1').match(/\/Type \/Page\b/g)).toHaveLength(1);
    const pdf = readPdf(buf);
    expect(pdf.pages).toBe(1);
    for (const s of ['Căn cứ Quyết định số 06/QĐ-TTg', 'Xã Tân Cương', 'Điều 3.', 'Nơi nhận:', 'Nguyễn Văn Quang'])
      expect(pdf.text).toContain(s);
  });
});
