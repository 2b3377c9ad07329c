// Plain words from the core: a criterion with nothing entered yet is said to have no data (not "điểm liệt"),
// and a survey code with the right form but a wrong check character is told apart from a malformed one.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { evaluate, type ScoreResult } from '../../src/core/scoring/engine.ts';
import { criterionData, describeItem, describeReason } from '../../src/core/scoring/explain.ts';
import { checkCode, codeFromBytes, normaliseCode } from '../../src/core/surveys/codes.ts';
import { fullMarks, qd06 } from '../support/fixtures.ts';

const run = (values: Record<string, unknown>): ScoreResult => {
  const out = evaluate(qd06, '1', 'other', values, { allowMissing: true });
  if (!out.ok) throw new Error(JSON.stringify(out.issues));
  return out.result;
};
/** A translator that shows the key and its parameters, so that the test reads which sentence was chosen. */
const t = (key: string, params?: Record<string, unknown>) => `${key}${params ? ' ' + JSON.stringify(params) : ''}`;

describe('missing data reads as missing', () => {
  const without = (prefix: string) =>
    Object.fromEntries(Object.entries(fullMarks()).filter(([code]) => !code.startsWith(prefix)));

  it('tells a criterion with no data from one with some and one with all', () => {
    const r = run(without('C07.'));
    const c = (code: string) => r.criteria.find((x) => x.code === code)!;
    expect(criterionData(c('C07'))).toBe('none');
    expect(criterionData(c('C01'))).toBe('full');
    const partial = run(Object.fromEntries(Object.entries(fullMarks()).filter(([code]) => code !== 'C01.staff')));
    expect(criterionData(partial.criteria.find((x) => x.code === 'C01')!)).toBe('partial');
  });

  it('says "no data yet" for a criterion at 0 with nothing entered, and keeps "điểm liệt" for a real 0', () => {
    const empty = run(without('C07.'));
    const reason = empty.reasons.find((x) => x.kind === 'criterion_zero')!;
    // The engine's score is unchanged: the criterion is at 0 and the unit is not recognised.
    expect(reason).toMatchObject({ kind: 'criterion_zero', criterion: 'C07' });
    expect(empty.recognized).toBe(false);
    expect(describeReason(t, reason, empty.criteria)).toMatch(/^scoring:reason\.criterion_no_data /);
    // Without the criteria (an older caller) the sentence stays as it was.
    expect(describeReason(t, reason)).toMatch(/^scoring:reason\.criterion_zero /);

    const dead = run({ ...fullMarks(), 'C05.deaths': 1 });
    const zero = dead.reasons.find((x) => x.kind === 'criterion_zero')!;
    expect(describeReason(t, zero, dead.criteria)).toMatch(/^scoring:reason\.criterion_zero_by /);
  });

  it('explains an item with nothing entered as having no data, without points or arrows', () => {
    const r = run(without('C07.'));
    const item = r.criteria.find((x) => x.code === 'C07')!.items[0]!;
    expect(item.status).toBe('missing');
    expect(describeItem(t, item, String)).toBe('scoring:status.missing {"points":0}');
  });
});

describe('survey codes: a wrong check character', () => {
  const arbBytes = fc.uint8Array({ minLength: 5, maxLength: 5 });
  it('is told apart from a code of the wrong form, with the code in its printed form', () => {
    fc.assert(
      fc.property(arbBytes, fc.integer({ min: 1, max: 31 }), (bytes, shift) => {
        const code = codeFromBytes(bytes);
        const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
        const wrong = code.slice(0, -1) + alphabet[(alphabet.indexOf(code.at(-1)!) + shift) % 32]!;
        const checked = checkCode(wrong.toLowerCase().replace(/-/g, ''));
        return !checked.ok && checked.problem === 'check' && checked.printed === wrong && normaliseCode(wrong) === null;
      }),
    );
  });
  it('is not claimed for a code too short, too long or with a letter no code has', () => {
    expect(checkCode('AB12-CD34')).toEqual({ ok: false, problem: 'form' });
    expect(checkCode('AB12-CD34-XY')).toEqual({ ok: false, problem: 'form' });
    expect(checkCode('AB12-CD34-U')).toEqual({ ok: false, problem: 'form' });
    const good = codeFromBytes(new Uint8Array([1, 2, 3, 4, 5]));
    expect(checkCode(good)).toEqual({ ok: true, code: good });
  });
});
