// The survey's pure rules: questionnaire checks, the satisfaction rule, results with suppression,
// C13 inputs, when held answers are released, and response codes that catch a mistyped character.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  checkAnswers,
  isSatisfied,
  questionnaireSchema,
  type Questionnaire,
} from '../../src/core/surveys/questionnaire.ts';
import { audienceResult, c13Inputs, RELEASE_STEP, releaseDue } from '../../src/core/surveys/results.ts';
import { DEFAULT_MIN_COUNT } from '../../src/core/register/suppression.ts';
import { codeFromBytes, normaliseCode } from '../../src/core/surveys/codes.ts';
import { recommendedSampleSize } from '../../src/core/surveys/sample.ts';

const children: Questionnaire = questionnaireSchema.parse({
  code: 'tre-em',
  version: 1,
  audience: 'children',
  title: { vi: 'Phiếu hỏi ý kiến trẻ em' },
  intro: { vi: 'Em hãy chọn khuôn mặt đúng với cảm nhận của em.' },
  ageBands: ['7-10', '11-15'],
  questions: [
    { code: 'SAFE', text: { vi: 'Em thấy an toàn ở xã mình không?' }, scale: 'faces3' },
    { code: 'PLAY', text: { vi: 'Em có chỗ vui chơi không?' }, scale: 'faces3' },
    { code: 'HEARD', text: { vi: 'Người lớn có lắng nghe em không?' }, scale: 'faces3', required: false },
  ],
  satisfaction: { questions: ['SAFE', 'PLAY', 'HEARD'], satisfied: { SAFE: [3], PLAY: [3], HEARD: [3] }, atLeast: 0.5 },
});

describe('questionnaire', () => {
  it('refuses a rule about an unknown question or a value outside its scale', () => {
    const bad = questionnaireSchema.safeParse({
      ...children,
      satisfaction: { questions: ['SAFE', 'NOPE'], satisfied: { SAFE: [4] }, atLeast: 1 },
    });
    expect(bad.success).toBe(false);
    if (!bad.success)
      expect(bad.error.issues.map((i) => i.message).sort()).toEqual(['unknown_question', 'value_outside_scale']);
  });
  it('checks answers: outside the scale, unknown question, a required one missing', () => {
    expect(checkAnswers(children, { SAFE: 3, PLAY: 2 })).toEqual({ ok: true, answers: { SAFE: 3, PLAY: 2 } });
    const r = checkAnswers(children, { SAFE: 4, EXTRA: 1 });
    expect(!r.ok && r.issues.map((i) => [i.field, i.code])).toEqual([
      ['SAFE', 'outside_scale'],
      ['EXTRA', 'unknown_question'],
      ['PLAY', 'missing'],
    ]);
  });
});

describe('satisfaction rule', () => {
  it('counts a respondent satisfied when the share of satisfied answers reaches the rule', () => {
    expect(isSatisfied(children, { SAFE: 3, PLAY: 2 })).toBe(true); // 1 of 2 = 50%
    expect(isSatisfied(children, { SAFE: 3, PLAY: 2, HEARD: 1 })).toBe(false); // 1 of 3
    expect(isSatisfied(children, { SAFE: 2, PLAY: 2 })).toBe(false);
    expect(
      isSatisfied({ ...children, satisfaction: { ...children.satisfaction, atLeast: 1 } }, { SAFE: 3, PLAY: 3 }),
    ).toBe(true);
    expect(isSatisfied(children, {})).toBe(false);
  });
  it('is exact at the boundary (2 of 3 against two thirds)', () => {
    const third = { ...children, satisfaction: { ...children.satisfaction, atLeast: 2 / 3 } };
    expect(isSatisfied(third, { SAFE: 3, PLAY: 3, HEARD: 1 })).toBe(true);
  });
});

describe('results', () => {
  const versions = new Map([[1, children]]);
  it('counts respondents and satisfied, the response rate, and suppresses small cells of a distribution', () => {
    const responses = [
      ...Array.from({ length: 7 }, () => ({ version: 1, answers: { SAFE: 3, PLAY: 3 } })),
      ...Array.from({ length: 2 }, () => ({ version: 1, answers: { SAFE: 1, PLAY: 2 } })),
    ];
    const r = audienceResult(versions, responses, 20);
    expect(r).toMatchObject({ respondents: 9, satisfied: 7, responseRate: 45 });
    // 2 unhappy is hidden, and so is the 7: with the total 9 shown, the 7 would give the 2 away.
    const safe = r.questions.find((q) => q.code === 'SAFE')!;
    expect(safe.distribution).toEqual([
      { value: 1, count: { value: null, suppressed: true } },
      { value: 2, count: { value: 0, suppressed: false } },
      { value: 3, count: { value: null, suppressed: true } },
    ]);
    expect(safe.answered).toEqual({ value: 9, suppressed: false });
    // Nothing small anywhere: everything shown.
    const big = audienceResult(
      versions,
      Array.from({ length: 12 }, (_, i) => ({ version: 1, answers: { SAFE: i < 6 ? 3 : 2, PLAY: 3 } })),
      12,
    );
    expect(big.questions.find((q) => q.code === 'SAFE')!.distribution.map((d) => d.count.value)).toEqual([0, 6, 6]);
    expect(big.versions).toEqual([1]);
    expect(c13Inputs([r, { respondents: 30, satisfied: 25 }])).toEqual({ 'C13.respondents': 39, 'C13.satisfied': 32 });
  });
  it('scores each response with the version it answered', () => {
    const v2 = { ...children, version: 2, satisfaction: { ...children.satisfaction, atLeast: 1 } };
    const r = audienceResult(
      new Map([
        [1, children],
        [2, v2],
      ]),
      [
        { version: 1, answers: { SAFE: 3, PLAY: 1 } },
        { version: 2, answers: { SAFE: 3, PLAY: 1 } },
      ],
      0,
    );
    expect(r.satisfied).toBe(1);
    expect(r.responseRate).toBeNull();
    expect(r.questionnaire.version).toBe(2);
    expect(r.versions).toEqual([1, 2]);
  });
});

describe('release of held answers', () => {
  it('waits for as many answers as the smallest count shown, or for the survey to close', () => {
    expect(RELEASE_STEP).toBe(DEFAULT_MIN_COUNT);
    expect([0, 1, 2, 3, 4, 5, 6].map((n) => releaseDue(n, false))).toEqual([
      false,
      false,
      false,
      false,
      false,
      true,
      true,
    ]);
    expect([0, 1, 4, 5].map((n) => releaseDue(n, true))).toEqual([false, true, true, true]);
  });
  it('never moves the results by fewer than the step while the survey is open', () => {
    // Answers arrive one by one; every release while open is of at least RELEASE_STEP answers.
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 2, max: 10 }), (arrivals, step) => {
        let held = 0;
        for (let i = 0; i < arrivals; i++) {
          held++;
          if (releaseDue(held, false, step)) {
            if (held < step) return false;
            held = 0;
          }
        }
        return held < step;
      }),
    );
  });
});

describe('response codes', () => {
  const arbBytes = fc.uint8Array({ minLength: 5, maxLength: 5 });
  it('reads back what it prints, however it is typed', () => {
    fc.assert(
      fc.property(arbBytes, (bytes) => {
        const code = codeFromBytes(bytes);
        return (
          /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]$/.test(code) &&
          normaliseCode(code.toLowerCase().replace(/-/g, ' ')) === code
        );
      }),
    );
  });
  it('catches every single mistyped character', () => {
    fc.assert(
      fc.property(arbBytes, fc.integer({ min: 0, max: 7 }), fc.integer({ min: 1, max: 31 }), (bytes, pos, shift) => {
        const code = codeFromBytes(bytes).replace(/-/g, '');
        const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
        const wrong = alphabet[(alphabet.indexOf(code[pos]!) + shift) % 32]!;
        return normaliseCode(code.slice(0, pos) + wrong + code.slice(pos + 1)) === null;
      }),
    );
  });
  it('needs enough randomness', () => {
    expect(() => codeFromBytes(new Uint8Array(4))).toThrow(RangeError);
  });
});

describe('sample size', () => {
  // n0 = 1.96² · 0.25 / 0.1² = 96.04; n = n0 / (1 + (n0 − 1)/N), rounded up.
  it('gives 97 for a large population at ±10 points and 95% confidence', () => {
    expect(recommendedSampleSize()).toBe(97);
    expect(recommendedSampleSize({ population: null })).toBe(97);
    expect(recommendedSampleSize({ population: 1_000_000 })).toBe(97);
  });
  it('is smaller for a small population (finite population correction)', () => {
    expect(recommendedSampleSize({ population: 1000 })).toBe(88); // 96.04 / 1.09504 = 87.70
    expect(recommendedSampleSize({ population: 100 })).toBe(50); // 96.04 / 1.9504 = 49.24
    expect(recommendedSampleSize({ population: 10 })).toBe(10); // 96.04 / 10.504 = 9.14 → 10: everyone
    expect(recommendedSampleSize({ population: 1 })).toBe(1);
  });
  it('follows the margin and the expected share', () => {
    expect(recommendedSampleSize({ margin: 0.05 })).toBe(385); // 384.16
    expect(recommendedSampleSize({ margin: 0.05, population: 500 })).toBe(218); // 384.16 / 1.76640 = 217.48
    expect(recommendedSampleSize({ proportion: 0.8 })).toBe(62); // 1.96² · 0.16 / 0.01 = 61.47
  });
  it('refuses a margin or share outside (0, 1)', () => {
    expect(() => recommendedSampleSize({ margin: 0 })).toThrow(RangeError);
    expect(() => recommendedSampleSize({ proportion: 1 })).toThrow(RangeError);
  });
});
