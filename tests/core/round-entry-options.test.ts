// What the dossier page offers and why it holds an action back (src/core/workflow/round-entry.ts): a
// submission during the public posting is held until the day after its last day; where the round requires
// evidence, a submission with criteria lacking it is held with those criteria; uploads say when they open.
import { describe, expect, it } from 'vitest';
import {
  actionOptions,
  criteriaWithoutEvidence,
  ENTRY_STATES,
  OWES_DOSSIER,
  submitOpensOn,
  uploadWindow,
  type EntryFacts,
} from '../../src/core/workflow/round-entry.ts';

const COMMUNE = ['commune_officer'] as const;
const facts = (over: Partial<EntryFacts> = {}): EntryFacts => ({
  postingTo: '2026-12-10',
  today: '2026-12-07',
  requireEvidence: false,
  withoutEvidence: [],
  ...over,
});

describe('actions offered now or held with a reason', () => {
  it('holds the submission during the posting, open from the day after its last day', () => {
    expect(actionOptions('posted', [...COMMUNE], facts())).toEqual([
      { action: 'submit', hold: { reason: 'posting_not_over', from: '2026-12-11' } },
      { action: 'reopen', hold: null },
    ]);
    // The last day is still a day of posting; the next day it opens.
    expect(actionOptions('posted', [...COMMUNE], facts({ today: '2026-12-10' }))[0]!.hold).toEqual({
      reason: 'posting_not_over',
      from: '2026-12-11',
    });
    expect(actionOptions('posted', [...COMMUNE], facts({ today: '2026-12-11' }))[0]!.hold).toBeNull();
  });

  it('rolls the opening date over a month and a year', () => {
    expect(submitOpensOn('2026-11-30')).toBe('2026-12-01');
    expect(submitOpensOn('2026-12-31')).toBe('2027-01-01');
    expect(submitOpensOn(null)).toBeNull();
  });

  it('holds a submission without evidence only where the round requires it, naming the criteria', () => {
    const missing = { withoutEvidence: ['C03', 'C07'], today: '2026-12-20' };
    expect(actionOptions('posted', [...COMMUNE], facts(missing))[0]!.hold).toBeNull();
    expect(actionOptions('posted', [...COMMUNE], facts({ ...missing, requireEvidence: true }))[0]!.hold).toEqual({
      reason: 'evidence_required',
      criteria: ['C03', 'C07'],
    });
    expect(actionOptions('returned', [...COMMUNE], facts({ ...missing, requireEvidence: true }))).toEqual([
      { action: 'resubmit', hold: { reason: 'evidence_required', criteria: ['C03', 'C07'] } },
    ]);
    // The posting is said first: it has a date.
    expect(
      actionOptions('posted', [...COMMUNE], facts({ withoutEvidence: ['C03'], requireEvidence: true }))[0]!.hold,
    ).toMatchObject({ reason: 'posting_not_over' });
  });

  it('holds nothing that needs neither posting nor evidence, and offers nothing the actors may not do', () => {
    for (const state of ENTRY_STATES)
      for (const o of actionOptions(state, ['signer'], facts({ requireEvidence: true, withoutEvidence: ['C01'] })))
        expect(o.hold).toBeNull();
    expect(actionOptions('posted', ['appraiser'], facts())).toEqual([]);
  });

  it('lists criteria without evidence in the rule set order', () => {
    const criteria = [{ code: 'C01' }, { code: 'C02' }, { code: 'C03' }];
    expect(criteriaWithoutEvidence(criteria, ['C03', null, 'C03'])).toEqual(['C01', 'C02']);
    expect(criteriaWithoutEvidence(criteria, ['C01', 'C02', 'C03'])).toEqual([]);
  });
});

describe('when evidence can be attached, and when the dossier is owed', () => {
  it('says when uploads open for each state', () => {
    expect(Object.fromEntries(ENTRY_STATES.map((s) => [s, uploadWindow(s)]))).toEqual({
      draft: 'open',
      self_assessed: 'after_reopen',
      posted: 'after_reopen',
      submitted: 'after_return',
      returned: 'open',
      appraised: 'closed',
      recognized: 'closed',
      not_recognized: 'closed',
      revoked: 'closed',
    });
  });

  it('counts the dossier due date against the commune until it is submitted, and again after a return', () => {
    expect([...OWES_DOSSIER].sort()).toEqual(['draft', 'posted', 'returned', 'self_assessed']);
  });
});
