// Pure plan logic: checks, inherited drafts, report due dates, indicators, task states and the roll-up.
import { describe, expect, it } from 'vitest';
import { measure } from '../../src/core/plans/indicators.ts';
import { checkPlan, citeParent, inheritFrom, planInput, reportDueOn } from '../../src/core/plans/plan.ts';
import { rollUp, timeliness, type ReportFigures } from '../../src/core/plans/reports.ts';
import { summariseTasks, statusFromProgress, taskState } from '../../src/core/plans/tasks.ts';

describe('plan checks', () => {
  const base = planInput.parse({ year: 2024, title: 'Kế hoạch công tác trẻ em năm 2024', place: 'An Sơn' });
  it('accepts a minimal plan with the default report days 10/05 and 10/11', () => {
    expect(checkPlan(base, new Set())).toEqual([]);
    expect([base.sixMonthDue, base.annualDue]).toEqual(['05-10', '11-10']);
  });
  it('names unknown agencies, deadlines outside the year, unreal days and goals without indicators', () => {
    const issues = checkPlan(
      planInput.parse({
        ...base,
        annualDue: '13-01',
        targets: [
          { text: 'a', goal: 5 },
          { text: 'b', indicator: 'C06.supported_rate', goal: 120 },
          { text: 'c', indicator: 'nope' },
        ],
        tasks: [
          { text: 'x', dueOn: '2023-12-31', agencyIds: [1, 1] },
          { text: ' ', agencyIds: [7] },
        ],
        assignments: [{ agencyId: 9, duties: 'y' }],
      }),
      new Set([1]),
    );
    expect(issues.map((i) => `${i.field}:${i.key}`)).toEqual([
      'annualDue:issue.bad_month_day',
      'targets.0.indicator:issue.goal_without_indicator',
      'targets.1.goal:issue.goal_percent',
      'targets.2.indicator:issue.unknown_indicator',
      'tasks.0.dueOn:issue.due_outside_year',
      'tasks.0.agencyIds:issue.duplicate_agency',
      'tasks.1.text:issue.required',
      'tasks.1.agencyIds:issue.unknown_agency',
      'assignments.0.agencyId:issue.unknown_agency',
    ]);
  });
  it('wants a report’s data closed before it is due', () => {
    const issues = (over: object) => checkPlan(planInput.parse({ ...base, ...over }), new Set());
    expect(issues({ sixMonthCutoff: '04-30', annualCutoff: '10-31' })).toEqual([]);
    expect(issues({ sixMonthCutoff: '05-31', annualCutoff: '11-10' })).toEqual([
      { field: 'sixMonthCutoff', key: 'issue.cutoff_after_due', params: { value: '31/05', due: '10/05' } },
      { field: 'annualCutoff', key: 'issue.cutoff_after_due', params: { value: '10/11', due: '10/11' } },
    ]);
    // An unreal day is said once, as such.
    expect(issues({ sixMonthCutoff: '02-31' }).map((i) => i.key)).toEqual(['issue.bad_month_day']);
  });
  it('moves 29/02 to 28/02 in a common year', () => {
    expect(reportDueOn(2025, '02-29')).toBe('2025-02-28');
    expect(reportDueOn(2024, '02-29')).toBe('2024-02-29');
    expect(reportDueOn(2026, '11-10')).toBe('2026-11-10');
  });
  it('cites the parent plan as the real plans do and inherits its targets, tasks and deadlines', () => {
    const parent = {
      id: 3,
      year: 2024,
      number: '117/KH-UBND',
      issuedOn: '2024-03-29',
      title: 'Triển khai thực hiện công tác trẻ em năm 2024',
      issuerName: 'UBND huyện Văn Quan',
      sixMonthDue: '05-10',
      annualDue: '11-10',
      targets: [{ id: 11, text: 'T', indicator: 'C06.supported_rate', goal: 100 }],
      tasks: [{ id: 21, text: 'K', dueOn: '2024-06-30' }],
    };
    expect(citeParent(parent)).toBe(
      'Thực hiện Kế hoạch số 117/KH-UBND ngày 29/3/2024 của UBND huyện Văn Quan về triển khai thực hiện công tác trẻ em năm 2024',
    );
    const { plan: draft } = inheritFrom(
      parent,
      { name: 'UBND xã An Sơn', place: 'An Sơn', level: 'commune' },
      '2024-04-01',
    );
    expect(draft.parentPlanId).toBe(3);
    expect(draft.targets[0]).toMatchObject({ inheritedFrom: 11, goal: 100 });
    expect(draft.tasks[0]).toMatchObject({ inheritedFrom: 21, dueOn: '2024-06-30', agencyIds: [] });
    expect(draft.basis.endsWith('UBND xã An Sơn xây dựng Kế hoạch với các nội dung cụ thể như sau:')).toBe(true);
  });
});

describe('indicators', () => {
  it('measures a rate against its goal, higher or lower being better, and nothing when the denominator is 0', () => {
    expect(measure('C06.supported_rate', { 'C06.supported': 9, 'C06.special': 10 }, null, 100)).toEqual({
      value: 90,
      met: false,
    });
    expect(measure('C06.supported_rate', { 'C06.supported': 10, 'C06.special': 10 }, null, 100)).toEqual({
      value: 100,
      met: true,
    });
    expect(measure('C08.stunted_rate', { 'C08.stunted': 5, 'C08.weighed': 200 }, null, 3)).toEqual({
      value: 2.5,
      met: true,
    });
    expect(measure('C06.supported_rate', { 'C06.supported': 0, 'C06.special': 0 }, null, 100)).toEqual({
      value: null,
      met: null,
    });
    expect(measure('C11.forum', { 'C11.forum': true }, null, null)).toEqual({ value: 1, met: true });
    expect(measure('unknown', {}, null, 1)).toEqual({ value: null, met: null });
  });
});

describe('tasks and reports', () => {
  const task = (
    status: 'not_started' | 'in_progress' | 'done' | 'cancelled',
    dueOn: string | null,
    doneOn: string | null = null,
    progress = 0,
  ) => ({ status, dueOn, doneOn, progress });
  it('gives each task its state on a day', () => {
    expect(taskState(task('in_progress', '2026-05-01'), '2026-05-02')).toBe('overdue');
    expect(taskState(task('not_started', '2026-05-08'), '2026-05-01')).toBe('due_soon');
    expect(taskState(task('not_started', '2026-05-09'), '2026-05-01')).toBe('open');
    expect(taskState(task('done', '2026-05-01', '2026-05-03'), '2026-06-01')).toBe('done_late');
    expect(taskState(task('cancelled', '2026-01-01'), '2026-06-01')).toBe('cancelled');
    expect(statusFromProgress(100, 'in_progress')).toBe('done');
    expect(statusFromProgress(30, 'done')).toBe('in_progress');
  });
  it('summarises tasks, cancelled ones aside', () => {
    const s = summariseTasks(
      [
        task('done', '2026-01-01', '2026-01-01'),
        task('in_progress', '2026-01-01', null, 50),
        task('cancelled', null),
        task('not_started', '2026-12-01'),
      ],
      '2026-06-01',
    );
    expect(s).toEqual({
      total: 4,
      done: 1,
      doneLate: 0,
      inProgress: 1,
      notStarted: 1,
      overdue: 1,
      cancelled: 1,
      meanProgress: 50,
    });
  });
  it('tells on time, late, missing and pending apart', () => {
    expect(timeliness('2026-05-10', '2026-05-10', '2026-06-01')).toBe('on_time');
    expect(timeliness('2026-05-10', '2026-05-11', '2026-06-01')).toBe('late');
    expect(timeliness('2026-05-10', null, '2026-05-11')).toBe('missing');
    expect(timeliness('2026-05-10', null, '2026-05-10')).toBe('pending');
  });
  it('rolls up sums and recomputes rates from summed counts, not a mean of rates', () => {
    const fig = (special: number, supported: number, total: number, recognized: boolean): ReportFigures => ({
      asOf: '2026-11-01',
      tasks: summariseTasks([task('done', null, '2026-01-01')], '2026-11-01'),
      targets: [],
      inputs: { 'C06.special': special, 'C06.supported': supported, 'C11.forum': recognized },
      score: {
        total,
        maxTotal: 1000,
        threshold: 750,
        recognized,
        complete: true,
        provisional: false,
        criteria: {},
        zeroCriteria: recognized ? [] : ['C05'],
      },
      surveys: { children: { sampleSize: 50, respondents: 40, satisfied: 30 }, residents: null },
      forums: { forums: 1, consultations: 0, participants: 30, recommendations: 2, answered: 1, events: 3 },
    });
    const r = rollUp([fig(10, 10, 800, true), fig(990, 495, 600, false)]);
    expect(r.rates['C06.supported_rate']).toBe(50.5);
    expect(r.inputs['C06.special']).toBe(1000);
    expect(r.flags['C11.forum']).toBe(1);
    expect(r).toMatchObject({ units: 2, recognized: 1, scored: 2, meanScore: 700, zeroed: { C05: 1 } });
    expect(r.surveys.children).toEqual({ sampleSize: 100, respondents: 80, satisfied: 60 });
    expect(r.forums.events).toBe(6);
    expect(r.tasks.done).toBe(2);
  });
});
