// The facts of a recognition decision and a rule set's changes: the rules the page and the server share.
import { describe, expect, it } from 'vitest';
import { decisionIssues, isRealDay } from '../../src/core/workflow/decision.ts';
import { ruleSetChanges } from '../../src/core/rule-sets/changes.ts';
import preset from '../../src/core/rule-sets/presets/qd06-2019.json';
import { RuleSetDefinition } from '../../src/core/rule-sets/schema.ts';

const TODAY = '2026-12-07';
const good = {
  number: '2151/QĐ-UBND',
  signedOn: '2026-12-07',
  signerName: 'Nguyễn Văn Quang',
  signerTitle: 'CHỦ TỊCH',
};
const fields = (over: Partial<typeof good>) => decisionIssues({ ...good, ...over }, TODAY).map((i) => [i.field, i.key]);

describe('decision facts', () => {
  it('accepts the usual forms of a decision number', () => {
    for (const number of ['2151/QĐ-UBND', '1/QĐ-UBND', '12/2026/QĐ-UBND', '305/QD-UBND', '88/QĐ-CT.UBND'])
      expect(decisionIssues({ ...good, number }, TODAY), number).toEqual([]);
  });

  it('names the number field and its value when the form is wrong, missing or too long', () => {
    expect(fields({ number: 'QĐ 12' })).toEqual([['number', 'rounds:decisionCheck.numberShape']]);
    expect(fields({ number: '2151' })).toEqual([['number', 'rounds:decisionCheck.numberShape']]);
    expect(fields({ number: '  ' })).toEqual([['number', 'rounds:decisionCheck.numberMissing']]);
    expect(fields({ number: `1/${'A'.repeat(70)}` })).toEqual([['number', 'rounds:decisionCheck.numberTooLong']]);
    expect(decisionIssues({ ...good, number: 'QĐ 12' }, TODAY)[0]!.params).toMatchObject({ value: 'QĐ 12' });
  });

  it('refuses a day that does not exist, a missing one, and one after today', () => {
    expect(isRealDay('2026-02-28')).toBe(true);
    expect(isRealDay('2026-02-30')).toBe(false);
    expect(fields({ signedOn: '2026-02-30' })).toEqual([['signedOn', 'rounds:decisionCheck.dateInvalid']]);
    expect(fields({ signedOn: '' })).toEqual([['signedOn', 'rounds:decisionCheck.dateMissing']]);
    expect(fields({ signedOn: '2026-12-08' })).toEqual([['signedOn', 'rounds:decisionCheck.dateFuture']]);
    expect(fields({ signedOn: TODAY })).toEqual([]);
  });

  it('needs the signer’s name; every problem is listed, in the order of the form', () => {
    expect(fields({ number: '', signedOn: '2026-13-01', signerName: '' })).toEqual([
      ['number', 'rounds:decisionCheck.numberMissing'],
      ['signedOn', 'rounds:decisionCheck.dateInvalid'],
      ['signerName', 'rounds:decisionCheck.signerMissing'],
    ]);
  });
});

describe('rule set changes', () => {
  const before = RuleSetDefinition.parse(preset);
  it('finds none between equal definitions', () => {
    expect(ruleSetChanges(before, structuredClone(before))).toEqual([]);
  });
  it('names a changed threshold, maximum, item and sensitive mark', () => {
    const after = structuredClone(before);
    after.categories[0]!.threshold += 10;
    after.criteria[0]!.max += 5;
    const item = after.criteria[1]!.items[0]!;
    if (item.measure.kind === 'flag') item.measure.points += 1;
    else item.measure.bands[0]!.points += 1;
    after.inputs[0]!.sensitive = !after.inputs[0]!.sensitive;
    const kinds = ruleSetChanges(before, after).map((c) => c.kind);
    expect(kinds).toEqual(['threshold', 'criterionMax', 'item', 'sensitive']);
    expect(ruleSetChanges(before, after)[0]).toMatchObject({
      from: before.categories[0]!.threshold,
      to: before.categories[0]!.threshold + 10,
    });
  });
});
