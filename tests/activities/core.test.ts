// The activity log's pure rules: which forms a kind has, what a record must hold, and how the log adds up to
// the reports' statistics (src/core/activities).
import { describe, expect, it } from 'vitest';
import {
  ACTIVITY_FORMS,
  ACTIVITY_KINDS,
  activityInput,
  activityPatch,
  checkActivity,
} from '../../src/core/activities/activity.ts';
import { ACTIVITY_STATISTICS, activityStatistics, type ActivityFact } from '../../src/core/activities/statistics.ts';
import { completeStatistics, statisticOf } from '../../src/core/reports/statistics.ts';

const TODAY = '2026-07-20';
const input = (over: object) =>
  activityInput.parse({ kind: 'communication', form: 'news', heldOn: '2026-03-01', title: 'Tin bài', ...over });
const fact = (over: Partial<ActivityFact>): ActivityFact => ({
  kind: 'other',
  form: '',
  quantity: null,
  childrenMale: 0,
  childrenFemale: 0,
  adultsMale: 0,
  adultsFemale: 0,
  amount: null,
  budgetLineId: null,
  ...over,
});

describe('what an activity record must hold', () => {
  it('lists the kinds and forms the issue names', () => {
    expect(ACTIVITY_KINDS).toHaveLength(9);
    expect(ACTIVITY_FORMS.communication).toEqual(['loudspeaker', 'news', 'session', 'leaflet']);
    expect(ACTIVITY_FORMS.club).toEqual(['rights', 'change_leaders', 'other']);
    expect(ACTIVITY_FORMS.inspection).toEqual(['sector', 'child_labour']);
    expect(ACTIVITY_FORMS.fund).toEqual(['raised', 'spent']);
    expect(ACTIVITY_FORMS.model).toEqual(['safe_community', 'safe_home']);
    expect(ACTIVITY_FORMS.training).toEqual([]);
  });

  it('fills the defaults, and a change sends only some fields', () => {
    expect(input({})).toMatchObject({ place: '', quantity: null, childrenMale: 0, amount: null, taskId: null });
    expect(activityPatch.parse({ quantity: 3 })).toEqual({ quantity: 3 });
    expect(activityPatch.safeParse({ childrenMale: -1 }).success).toBe(false);
  });

  it('accepts a proper record', () => {
    expect(checkActivity(input({ quantity: 2 }), TODAY)).toEqual([]);
    expect(checkActivity(input({ kind: 'training', form: '', adultsFemale: 20 }), TODAY)).toEqual([]);
    expect(checkActivity(input({ kind: 'fund', form: 'raised', amount: 1_000_000 }), TODAY)).toEqual([]);
  });

  it('refuses, naming the field and the value', () => {
    expect(checkActivity(input({ form: 'newspaper' }), TODAY)).toEqual([
      expect.objectContaining({ field: 'form', value: 'newspaper', key: 'error.form_of_kind' }),
    ]);
    expect(checkActivity(input({ kind: 'training', form: 'news' }), TODAY)[0]).toMatchObject({
      field: 'form',
      key: 'error.form_none',
    });
    expect(checkActivity(input({ heldOn: '2026-07-21' }), TODAY)[0]).toMatchObject({
      field: 'heldOn',
      value: '2026-07-21',
    });
    expect(checkActivity(input({ kind: 'fund', form: 'spent' }), TODAY)[0]).toMatchObject({
      field: 'amount',
      key: 'error.amount_required',
    });
    expect(checkActivity(input({ kind: 'board_meeting', form: '', quantity: 4 }), TODAY)[0]).toMatchObject({
      field: 'quantity',
      value: 4,
    });
  });
});

describe('the statistics the log adds up to', () => {
  const facts: ActivityFact[] = [
    fact({ kind: 'communication', form: 'loudspeaker', quantity: 8 }),
    fact({ kind: 'communication', form: 'loudspeaker' }), // one broadcast when not counted
    fact({ kind: 'communication', form: 'news', quantity: 2 }),
    fact({ kind: 'communication', form: 'leaflet', quantity: 500, amount: 750_000, budgetLineId: 3 }),
    fact({
      kind: 'communication',
      form: 'session',
      childrenMale: 10,
      childrenFemale: 12,
      adultsMale: 3,
      adultsFemale: 5,
    }),
    fact({ kind: 'training', adultsMale: 7, adultsFemale: 13, amount: 4_000_000, budgetLineId: 4 }),
    fact({ kind: 'inspection', form: 'child_labour' }),
    fact({ kind: 'inspection', form: 'sector' }),
    fact({ kind: 'club', form: 'rights', childrenMale: 9, childrenFemale: 11, adultsFemale: 1 }),
    fact({ kind: 'board_meeting' }),
    fact({ kind: 'commendation' }),
    fact({ kind: 'model', form: 'safe_community' }),
    fact({ kind: 'model', form: 'safe_home' }),
    fact({ kind: 'fund', form: 'raised', amount: 15_000_000 }),
    fact({ kind: 'fund', form: 'spent', amount: 6_000_000 }),
    fact({ kind: 'other', amount: 100_000 }), // money outside the plan's budget lines: not its spending
  ];

  it('counts each kind and form into its statistic', () => {
    expect(activityStatistics(facts)).toEqual({
      'communication.broadcasts': 9,
      'communication.news': 2,
      'communication.sessions': 1,
      'communication.participants': 30,
      'communication.leaflets': 500,
      'training.sessions': 1,
      'training.participants': 20,
      'inspection.total': 2,
      'inspection.child_labour': 1,
      'club.activities': 1,
      'club.children': 20,
      'board.meetings': 1,
      'commendation.total': 1,
      'model.safe_community': 1,
      'model.safe_home': 1,
      'fund.raised': 15_000_000,
      'fund.spent': 6_000_000,
      'budget.spent': 4_750_000,
    });
  });

  it('gives zeros for an empty log, and no budget spent to stand over a typed one', () => {
    const none = activityStatistics([]);
    for (const code of ACTIVITY_STATISTICS) expect(none[code], code).toBe(0);
    expect('budget.spent' in none).toBe(false);
  });

  it('is the source of the statistics it counts; a typed budget spent stands over the log’s', () => {
    for (const code of ACTIVITY_STATISTICS) {
      const def = statisticOf(code);
      expect(def && def.kind !== 'rate' && def.source, code).toBe('activities');
    }
    const counted = activityStatistics(facts);
    expect(completeStatistics(counted, {})['budget.spent']).toBe(4_750_000);
    expect(completeStatistics(counted, { 'budget.spent': 9_000_000 })['budget.spent']).toBe(9_000_000);
    // A typed figure for a counted statistic is not taken.
    expect(completeStatistics(counted, { 'communication.news': 40 })['communication.news']).toBe(2);
  });
});
