import { describe, expect, it } from 'vitest';
import { dueStatus } from '../../src/core/calendar/deadline.ts';
import { workingCalendar } from '../../src/core/calendar/working-days.ts';

const calendar = workingCalendar();

describe('dueStatus', () => {
  it('counts calendar days left and late without a calendar', () => {
    expect(dueStatus('2026-11-15', '2026-11-10')).toEqual({
      dueOn: '2026-11-15',
      state: 'upcoming',
      days: 5,
      unit: 'calendar',
    });
    expect(dueStatus('2026-11-15', '2026-12-06')).toEqual({
      dueOn: '2026-11-15',
      state: 'overdue',
      days: 21,
      unit: 'calendar',
    });
    expect(dueStatus('2026-11-15', '2026-11-15').state).toBe('today');
  });

  it('counts working days with a calendar: a Sunday after a Friday deadline is overdue by no working day yet', () => {
    // 04/12/2026 is a Friday.
    expect(dueStatus('2026-12-04', '2026-12-06', calendar)).toEqual({
      dueOn: '2026-12-04',
      state: 'overdue',
      days: 0,
      unit: 'working',
    });
    expect(dueStatus('2026-12-04', '2026-12-08', calendar)).toMatchObject({ state: 'overdue', days: 2 });
    expect(dueStatus('2026-12-07', '2026-12-04', calendar)).toMatchObject({ state: 'upcoming', days: 1 });
  });
});
