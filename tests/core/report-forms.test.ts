import { describe, expect, it } from 'vitest';
import {
  enteredCodes,
  fillForm,
  forumReportDue,
  PRESET_FORMS,
  REPORT_KINDS,
  ReportFormSchema,
  reportPeriod,
} from '../../src/core/reports/forms.ts';
import {
  completeStatistics,
  enteredIssue,
  rollUpStatistics,
  STATISTICS,
  statisticOf,
} from '../../src/core/reports/statistics.ts';

describe('the statistics catalogue', () => {
  it('has one definition per code, and every rate reads counts of the catalogue', () => {
    const codes = STATISTICS.map((s) => s.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const s of STATISTICS) {
      expect(s.label.vi.length).toBeGreaterThan(0);
      expect(s.label.en.length).toBeGreaterThan(0);
      if (s.kind === 'rate') {
        expect(statisticOf(s.numerator)?.kind).toBe('count');
        expect(statisticOf(s.denominator)?.kind).toBe('count');
      }
    }
  });

  it('derives rates from counts, and leaves a rate empty when its denominator is 0 or unknown', () => {
    const v = completeStatistics({ 'abuse.total': 4, 'abuse.supported': 3, 'hazard.open': 0, 'hazard.fenced': 0 });
    expect(v['abuse.supported_rate']).toBe(75);
    expect(v['hazard.fenced_rate']).toBeNull();
    expect(v['children.special_supported_rate']).toBeNull();
    // A typed statistic is never taken from the counted ones, and a counted one never from the typed.
    const w = completeStatistics({ 'budget.spent': 5 }, { 'abuse.total': 9, 'budget.spent': 1_500_000 });
    expect(w['budget.spent']).toBe(1_500_000);
    expect(w['abuse.total']).toBeNull();
  });

  it('rolls units up by summing counts and recomputing rates from the sums, not averaging rates', () => {
    const a = completeStatistics({ 'abuse.total': 1, 'abuse.supported': 1 }, { 'budget.spent': 100 });
    const b = completeStatistics({ 'abuse.total': 9, 'abuse.supported': 0 }, { 'budget.spent': null });
    expect(a['abuse.supported_rate']).toBe(100);
    expect(b['abuse.supported_rate']).toBe(0);
    const r = rollUpStatistics([a, b]);
    expect(r['abuse.total']).toBe(10);
    expect(r['abuse.supported']).toBe(1);
    expect(r['abuse.supported_rate']).toBe(10); // the mean of the two rates would say 50
    expect(r['budget.spent']).toBe(100); // a unit that typed nothing adds nothing
    expect(rollUpStatistics([b])['budget.spent']).toBeNull();
  });

  it('checks a typed value: known, a whole number, not negative', () => {
    expect(enteredIssue('budget.spent', 2_000_000)).toBeNull();
    expect(enteredIssue('budget.spent', null)).toBeNull();
    expect(enteredIssue('budget.spent', -1)).toBe('negative');
    expect(enteredIssue('violation.handled', 1.5)).toBe('not_whole');
    expect(enteredIssue('violation.handled', '3')).toBe('not_number');
    expect(enteredIssue('abuse.total', 3)).toBe('unknown'); // counted from the register, never typed
    expect(enteredIssue('no.such', 3)).toBe('unknown');
  });
});

describe('report forms', () => {
  it('has a valid preset for every kind, each asking only for typed statistics to be typed', () => {
    for (const kind of REPORT_KINDS) {
      const form = PRESET_FORMS[kind];
      expect(ReportFormSchema.parse(form)).toEqual(form);
      expect(form.kind).toBe(kind);
      for (const code of enteredCodes(form)) expect(enteredIssue(code, 0)).toBeNull();
    }
    expect(enteredCodes(PRESET_FORMS.six_month)).toContain('budget.spent');
    expect(enteredCodes(PRESET_FORMS.six_month)).not.toContain('abuse.total');
  });

  it('refuses a form row bound to a statistic that does not exist', () => {
    const bad = structuredClone(PRESET_FORMS.forum);
    bad.tables[0]!.rows.push({ statistic: 'children.secret' });
    const r = ReportFormSchema.safeParse(bad);
    expect(r.success).toBe(false);
  });

  it('fills a form with values, keeping a row’s own words when the form gives them', () => {
    const form = structuredClone(PRESET_FORMS.forum);
    form.tables[0]!.rows[0]!.label = { vi: 'Số em dự diễn đàn', en: 'Children at the forum' };
    const tables = fillForm(form, completeStatistics({ 'forum.children': 42, 'forum.boys': 20, 'forum.girls': 22 }));
    expect(tables[0]!.rows.map((r) => [r.label.vi, r.value])).toEqual([
      ['Số em dự diễn đàn', 42],
      ['Trẻ em nam tham gia', 20],
      ['Trẻ em nữ tham gia', 22],
    ]);
    const budget = tables.flatMap((t) => t.rows).find((r) => r.statistic === 'budget.spent')!;
    expect(budget).toMatchObject({ entered: true, kind: 'amount', value: null });
  });
});

describe('data periods', () => {
  it('runs the 6-month and annual reports from 15/12 of the year before to the statutory cut-off', () => {
    expect(reportPeriod('six_month', 2026, { dueOn: '2026-06-20' })).toEqual({ from: '2025-12-15', to: '2026-06-14' });
    expect(reportPeriod('annual', 2026, { dueOn: '2026-12-20' })).toEqual({ from: '2025-12-15', to: '2026-12-14' });
  });

  it('never counts past the day before the report is due (An Sơn: 6-month report due 10/05)', () => {
    expect(reportPeriod('six_month', 2024, { dueOn: '2024-05-10' })).toEqual({ from: '2023-12-15', to: '2024-05-09' });
    expect(reportPeriod('annual', 2024, { dueOn: '2024-11-10' })).toEqual({ from: '2023-12-15', to: '2024-11-09' });
  });

  it('takes the plan’s own cut-off when it sets one', () => {
    expect(reportPeriod('six_month', 2026, { dueOn: '2026-05-10', cutoff: '04-30' })).toEqual({
      from: '2025-12-15',
      to: '2026-04-30',
    });
  });

  it('covers June for the Action Month and the forum’s day for a forum, due 15 days after it', () => {
    expect(reportPeriod('action_month', 2026, { dueOn: '2026-07-10' })).toEqual({
      from: '2026-06-01',
      to: '2026-06-30',
    });
    expect(reportPeriod('forum', 2026, { dueOn: '2026-06-16', heldOn: '2026-06-01' })).toEqual({
      from: '2026-06-01',
      to: '2026-06-01',
    });
    expect(forumReportDue('2026-06-01')).toBe('2026-06-16');
    expect(forumReportDue('2026-12-25')).toBe('2027-01-09');
  });
});
