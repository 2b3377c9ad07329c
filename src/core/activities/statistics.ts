// The reports' statistics counted from the activity log: broadcasts, news items, sessions and leaflets,
// training courses, inspections, clubs, board meetings, commendations, safe models, the fund's money and the
// plan budget spent. Pure: the server passes the rows of a unit and period, the tests pass their own.
import { participantsOf, type ActivityKind } from './activity.ts';

export interface ActivityFact {
  kind: ActivityKind;
  form: string;
  quantity: number | null;
  childrenMale: number;
  childrenFemale: number;
  adultsMale: number;
  adultsFemale: number;
  amount: number | null;
  budgetLineId: number | null;
}

/** The statistics the log counts (source 'activities' in src/core/reports/statistics.ts). */
export const ACTIVITY_STATISTICS = [
  'communication.broadcasts',
  'communication.news',
  'communication.sessions',
  'communication.participants',
  'communication.leaflets',
  'training.sessions',
  'training.participants',
  'inspection.total',
  'inspection.child_labour',
  'club.activities',
  'club.children',
  'board.meetings',
  'commendation.total',
  'model.safe_community',
  'model.safe_home',
  'fund.raised',
  'fund.spent',
] as const;

/**
 * What the log adds up to. A broadcast or news record without a quantity counts as one; leaflets count their
 * copies. `budget.spent` is what was charged to a budget line of a plan, so the report and the plan agree; it
 * is left out when nothing was charged, so that a unit that types its spending is not shown a 0.
 */
export function activityStatistics(facts: readonly ActivityFact[]): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(ACTIVITY_STATISTICS.map((c) => [c, 0]));
  const add = (code: string, n: number) => {
    out[code] = (out[code] ?? 0) + n;
  };
  for (const a of facts) {
    const people = participantsOf(a);
    switch (a.kind) {
      case 'communication':
        if (a.form === 'loudspeaker') add('communication.broadcasts', a.quantity ?? 1);
        if (a.form === 'news') add('communication.news', a.quantity ?? 1);
        if (a.form === 'leaflet') add('communication.leaflets', a.quantity ?? 0);
        if (a.form === 'session') {
          add('communication.sessions', 1);
          add('communication.participants', people);
        }
        break;
      case 'training':
        add('training.sessions', 1);
        add('training.participants', people);
        break;
      case 'inspection':
        add('inspection.total', 1);
        if (a.form === 'child_labour') add('inspection.child_labour', 1);
        break;
      case 'club':
        add('club.activities', 1);
        add('club.children', a.childrenMale + a.childrenFemale);
        break;
      case 'board_meeting':
        add('board.meetings', 1);
        break;
      case 'commendation':
        add('commendation.total', 1);
        break;
      case 'model':
        if (a.form === 'safe_community') add('model.safe_community', 1);
        if (a.form === 'safe_home') add('model.safe_home', 1);
        break;
      case 'fund':
        if (a.form === 'raised') add('fund.raised', a.amount ?? 0);
        if (a.form === 'spent') add('fund.spent', a.amount ?? 0);
        break;
      case 'other':
        break;
    }
    if (a.budgetLineId !== null && a.amount !== null) add('budget.spent', a.amount);
  }
  return out;
}
