// Recurring tasks and budget totals, pure: each month or quarter of a plan is an occurrence, done when enough
// activities serving the task fall in it; budget lines add up overall, by source and by year.
import { describe, expect, it } from 'vitest';
import { budgetOfYear, budgetTotals } from '../../src/core/plans/budget.ts';
import { checkPlan, citeParent, inheritFrom, planInput } from '../../src/core/plans/plan.ts';
import { occurrencesOf, occurrenceSummary, periodsOf } from '../../src/core/plans/recurrence.ts';

describe('recurring task occurrences', () => {
  it('lists the months of the plan up to the end of this year, done, missed, current and future', () => {
    const occ = occurrencesOf(
      { recurrence: 'monthly', perOccurrence: 1 },
      { year: 2026 },
      ['2026-01-15', '2026-03-02', '2026-03-30', '2025-12-31', '2026-05-01'],
      '2026-05-10',
    );
    expect(occ).toHaveLength(12);
    expect(occ[0]).toEqual({ key: '2026-01', from: '2026-01-01', to: '2026-01-31', done: 1, state: 'done' });
    expect(occ[1]).toMatchObject({ key: '2026-02', to: '2026-02-28', done: 0, state: 'missed' });
    expect(occ[2]).toMatchObject({ key: '2026-03', done: 2, state: 'done' });
    expect(occ[3]!.state).toBe('missed');
    // May has its item already: done, though the month is not over.
    expect(occ[4]).toMatchObject({ key: '2026-05', done: 1, state: 'done' });
    expect(occ[5]!.state).toBe('future');
    expect(occurrenceSummary(occ)).toEqual({ done: 3, due: 5 });
  });

  it('counts a month done only at its number of activities, and a month under way is current', () => {
    const occ = occurrencesOf(
      { recurrence: 'monthly', perOccurrence: 2 },
      { year: 2026 },
      ['2026-02-03', '2026-03-04', '2026-03-05'],
      '2026-02-20',
    );
    expect(occ[1]).toMatchObject({ key: '2026-02', done: 1, state: 'current' });
    expect(occ[2]).toMatchObject({ done: 2, state: 'done' });
  });

  it('walks quarters of a multi-year plan only up to the current year; leap February ends on the 29th', () => {
    const occ = occurrencesOf(
      { recurrence: 'quarterly', perOccurrence: 1 },
      { year: 2019, yearTo: 2025 },
      ['2019-05-20'],
      '2020-08-01',
    );
    expect(occ.map((o) => o.key)).toEqual([
      '2019-Q1',
      '2019-Q2',
      '2019-Q3',
      '2019-Q4',
      '2020-Q1',
      '2020-Q2',
      '2020-Q3',
      '2020-Q4',
    ]);
    expect(occ[1]).toMatchObject({ from: '2019-04-01', to: '2019-06-30', state: 'done' });
    expect(occ[6]!.state).toBe('current');
    expect(periodsOf('monthly', 2024, 2024)[1]!.to).toBe('2024-02-29');
    expect(periodsOf('once', 2024, 2030)).toEqual([]);
  });

  it('reads a plan that has not started as all future', () => {
    const occ = occurrencesOf({ recurrence: 'quarterly', perOccurrence: 1 }, { year: 2027 }, [], '2026-12-01');
    expect(occ.map((o) => o.state)).toEqual(['future', 'future', 'future', 'future']);
  });
});

describe('budget totals', () => {
  it('adds estimates and spending overall, by source in the sources order and by year', () => {
    const t = budgetTotals([
      { source: 'province', year: 2020, estimate: 150_000_000, spent: 20_000_000 },
      { source: 'central', year: 2019, estimate: 1_000_000_000, spent: 0 },
      { source: 'province', year: 2019, estimate: 50_000_000 },
      { source: 'socialised', year: null, estimate: 5_000_000, spent: 5_500_000 },
    ]);
    expect(t.estimate).toBe(1_205_000_000);
    expect(t.spent).toBe(25_500_000);
    expect(t.bySource).toEqual([
      { source: 'central', estimate: 1_000_000_000, spent: 0 },
      { source: 'province', estimate: 200_000_000, spent: 20_000_000 },
      { source: 'socialised', estimate: 5_000_000, spent: 5_500_000 },
    ]);
    expect(t.byYear.map((y) => y.year)).toEqual([null, 2019, 2020]);
    expect(
      budgetOfYear(
        [
          { source: 'commune', year: 2019, estimate: 7 },
          { source: 'fund', estimate: 3 },
        ],
        2020,
      ),
    ).toEqual({ estimate: 3, spent: 0 });
  });
});

describe('multi-year plan checks', () => {
  const base = { title: 'Kế hoạch', place: 'Bắc Kạn', year: 2019 };
  it('names the field and value of yearly steps, deadlines and estimates outside the plan’s years', () => {
    const input = planInput.parse({
      ...base,
      yearTo: 2025,
      lowerPlansDue: '2027-01-01',
      targets: [
        { text: 'Trên 70% xã đạt', indicator: 'C06.supported_rate', goal: 70, year: 2026, comparison: 'above' },
        { text: 'So sánh không có chỉ số', comparison: 'at_least' },
      ],
      tasks: [
        { text: 'Đưa tin', recurrence: 'once', perOccurrence: 3 },
        { text: 'Tổng kết', dueOn: '2026-12-31' },
        { text: 'Quá hạn', dueOn: '2027-01-10' },
      ],
      budgetLines: [
        { item: 'Truyền thông', source: 'province', year: 2018, estimate: 1 },
        { item: ' ', source: 'central', estimate: 0 },
      ],
    });
    const issues = checkPlan(input, new Set());
    const at = (field: string) => issues.find((i) => i.field === field);
    expect(at('lowerPlansDue')).toMatchObject({ key: 'issue.date_outside_span', params: { value: '2027-01-01' } });
    expect(at('targets.0.year')).toMatchObject({
      key: 'issue.year_outside_span',
      params: { value: 2026, span: '2019–2025' },
    });
    expect(at('targets.1.comparison')?.key).toBe('issue.comparison_without_indicator');
    expect(at('tasks.0.perOccurrence')).toMatchObject({ key: 'issue.per_occurrence_once', params: { value: 3 } });
    // The year after the plan's last still holds its final report.
    expect(at('tasks.1.dueOn')).toBeUndefined();
    expect(at('tasks.2.dueOn')).toMatchObject({ params: { value: '2027-01-10' } });
    expect(at('budgetLines.0.year')).toMatchObject({ params: { value: 2018 } });
    expect(at('budgetLines.1.item')?.key).toBe('issue.required');
  });

  it('refuses years from–to reversed or longer than a programme', () => {
    expect(checkPlan(planInput.parse({ ...base, yearTo: 2018 }), new Set())[0]).toMatchObject({
      field: 'yearTo',
      key: 'issue.years_reversed',
      params: { value: 2018 },
    });
    expect(checkPlan(planInput.parse({ ...base, yearTo: 2030 }), new Set())[0]?.key).toBe('issue.years_too_many');
    expect(checkPlan(planInput.parse({ ...base, yearTo: 2025 }), new Set())).toEqual([]);
  });

  it('cites a department as the issuer, and a draft from a multi-year parent is for this year', () => {
    expect(
      citeParent({ number: '12/KH-SYT', issuedOn: '2026-01-05', title: 'Bảo vệ trẻ em', issuerName: 'Sở Y tế' }),
    ).toBe('Thực hiện Kế hoạch số 12/KH-SYT ngày 5/1/2026 của Sở Y tế về bảo vệ trẻ em');
    const { plan } = inheritFrom(
      {
        id: 1,
        year: 2019,
        yearTo: 2025,
        number: '1',
        issuedOn: '2019-03-01',
        title: 'Xây dựng xã phù hợp với trẻ em',
        issuerName: 'UBND tỉnh Bắc Kạn',
        sixMonthDue: '05-10',
        annualDue: '11-10',
        targets: [
          { id: 1, text: 'Năm 2021: 60% trẻ em được hỗ trợ', indicator: 'C06.supported_rate', goal: 60, year: 2021 },
          { id: 2, text: 'Năm 2022: 70% trẻ em được hỗ trợ', indicator: 'C06.supported_rate', goal: 70, year: 2022 },
        ],
        tasks: [{ id: 5, text: 'Đưa tin hằng tháng', dueOn: null, recurrence: 'monthly', perOccurrence: 1 }],
      },
      { name: 'UBND xã A', place: 'A', level: 'commune' },
      '2022-02-01',
    );
    expect(plan.year).toBe(2022);
    expect(plan.targets.map((t) => t.goal)).toEqual([70]);
    expect(plan.tasks[0]).toMatchObject({ recurrence: 'monthly', perOccurrence: 1, inheritedFrom: 5 });
  });
});
