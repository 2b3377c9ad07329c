// A yearly plan (Kế hoạch) as the product holds it: the sections of the real plans (purposes and
// requirements, targets, tasks and solutions, budget, organisation with assignments per agency, reporting
// regime, recipients, signatory), its checks, the dates of its reports, and a draft inherited from the plan
// of the level above. Pure: no I/O.
import { isValid, parseISO } from 'date-fns';
import { z } from 'zod';
import { indicatorDef, isFlagIndicator, isPercentIndicator } from './indicators.ts';
import { isProvinceLevelTarget, planPeriod } from './issue.ts';

const IsoDate = z.iso.date();
/** A day of the year, 'MM-DD' (the 6-month report is due 10/05, the annual one 10/11 by default). */
export const MonthDay = z.string().regex(/^[01]\d-[0-3]\d$/);
const Line = (max: number) => z.string().trim().max(max);
// A PostgreSQL integer: a larger id is refused here, naming the field, not in the database.
const Id = z.number().int().positive().max(2_147_483_647);

export const AGENCY_KINDS = [
  'officer',
  'finance',
  'health',
  'school',
  'police',
  'youth_union',
  'women_union',
  'fatherland_front',
  'farmers_union',
  'village_head',
  'department',
  'other',
] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

/** How a measure meets its goal: null follows the indicator (≥ where higher is better, ≤ where lower is). */
export const TARGET_COMPARISONS = ['at_least', 'above', 'at_most', 'below'] as const;
export type TargetComparison = (typeof TARGET_COMPARISONS)[number];
/** A task done once by its deadline, or in every month or quarter of the plan ("01 tin bài mỗi tháng"). */
export const TASK_RECURRENCES = ['once', 'monthly', 'quarterly'] as const;
export type TaskRecurrence = (typeof TASK_RECURRENCES)[number];
/** Where a budget line's money comes from (Nguồn kinh phí). */
export const BUDGET_SOURCES = ['central', 'province', 'commune', 'programme', 'socialised', 'fund', 'other'] as const;
export type BudgetSource = (typeof BUDGET_SOURCES)[number];
const Year = z.number().int().min(2000).max(2100);
/** The longest plan the product holds: a programme's period (2021–2030). */
export const MAX_PLAN_YEARS = 10;

export const targetInput = z.object({
  id: Id.optional(),
  text: Line(4000),
  indicator: z.string().max(60).nullable().optional(),
  goal: z.number().finite().nullable().optional(),
  /** A multi-year plan's yearly step; null: the whole plan. */
  year: Year.nullable().optional(),
  comparison: z.enum(TARGET_COMPARISONS).nullable().optional(),
  inheritedFrom: Id.nullable().optional(),
});

export const taskInput = z.object({
  id: Id.optional(),
  text: Line(8000),
  dueOn: IsoDate.nullable().optional(),
  agencyIds: z.array(Id).max(50).default([]),
  recurrence: z.enum(TASK_RECURRENCES).default('once'),
  /** How many activities serving the task make one occurrence done (1 news item a month). */
  perOccurrence: z.number().int().min(1).max(1000).default(1),
  inheritedFrom: Id.nullable().optional(),
});

/** A budget line in whole đồng: an item, its source and estimate (a multi-year plan's may be per year). */
export const budgetLineInput = z.object({
  id: Id.optional(),
  item: Line(1000),
  source: z.enum(BUDGET_SOURCES),
  year: Year.nullable().optional(),
  estimate: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
});

export const assignmentInput = z.object({
  id: Id.optional(),
  agencyId: z.number().int(),
  heading: Line(500).default(''),
  duties: Line(8000),
});

export const planInput = z.object({
  year: Year,
  /** The last year of a multi-year plan (Bắc Kạn 2019–2025); null: a yearly plan. */
  yearTo: Year.nullable().default(null),
  title: Line(500),
  /** The body that issued it, as the plans implementing it cite it ('Sở Y tế'); '': the unit's People's Committee. */
  issuerName: Line(300).default(''),
  /** The day the plans of the level below must be issued and sent up by. */
  lowerPlansDue: IsoDate.nullable().default(null),
  place: Line(100),
  parentPlanId: Id.nullable().optional(),
  basis: Line(2000).default(''),
  purposes: Line(8000).default(''),
  requirements: Line(8000).default(''),
  budget: Line(4000).default(''),
  reporting: Line(4000).default(''),
  sixMonthDue: MonthDay.default('05-10'),
  annualDue: MonthDay.default('11-10'),
  /** The day the report's data stop (MM-DD); null: Nghị định 09/2019's 14/6 and 14/12 (src/core/reports/forms.ts). */
  sixMonthCutoff: MonthDay.nullable().default(null),
  annualCutoff: MonthDay.nullable().default(null),
  actionMonthDue: MonthDay.default('07-10'),
  reportTo: Line(300).default(''),
  recipients: Line(4000).default(''),
  signerAuthority: Line(100).default('TM. ỦY BAN NHÂN DÂN'),
  signerCapacity: Line(100).default('CHỦ TỊCH'),
  signerTitle: Line(100).default(''),
  signerName: Line(100).default(''),
  targets: z.array(targetInput).max(100).default([]),
  tasks: z.array(taskInput).max(200).default([]),
  assignments: z.array(assignmentInput).max(60).default([]),
  budgetLines: z.array(budgetLineInput).max(200).default([]),
  /** The revision the editor started from; a stale one is refused rather than overwriting another's work. */
  revision: z.number().int().positive().optional(),
});
export type PlanInput = z.infer<typeof planInput>;
export type TargetInput = z.infer<typeof targetInput>;
export type TaskInput = z.infer<typeof taskInput>;
export type BudgetLineInput = z.infer<typeof budgetLineInput>;

export interface PlanIssue {
  /** Dotted path of the field, e.g. 'tasks.3.agencyIds'. */
  field: string;
  /** i18n key in the plans namespace. */
  key: string;
  params: Record<string, unknown>;
}

/** Whether 'MM-DD' is a real day (29/02 is accepted: it exists in leap years and is moved otherwise). */
export function validMonthDay(md: string): boolean {
  return isValid(parseISO(`2024-${md}`));
}

/** The due date of a report of the plan's year: the 6-month report in the same year, the annual one too. */
export function reportDueOn(year: number, monthDay: string): string {
  const iso = `${year}-${monthDay}`;
  // 29/02 in a common year falls back to 28/02.
  return isValid(parseISO(iso)) ? iso : `${year}-${monthDay.slice(0, 3)}28`;
}

/**
 * Checks what a schema cannot: non-empty texts, real dates inside the plan's span, agencies that exist,
 * indicators the product can measure. `agencyIds` are the agencies of the plan's unit.
 */
export function checkPlan(input: PlanInput, agencyIds: ReadonlySet<number>): PlanIssue[] {
  const issues: PlanIssue[] = [];
  const need = (field: string, value: string) => {
    if (!value.trim()) issues.push({ field, key: 'issue.required', params: {} });
  };
  need('title', input.title);
  need('place', input.place);
  for (const field of ['sixMonthDue', 'annualDue', 'actionMonthDue', 'sixMonthCutoff', 'annualCutoff'] as const) {
    const md = input[field];
    if (md !== null && !validMonthDay(md))
      issues.push({ field, key: 'issue.bad_month_day', params: { value: input[field] } });
  }
  // A report's data must be closed before it is due (MM-DD compare as text within one year).
  const dayMonth = (md: string) => md.split('-').reverse().join('/');
  for (const [cutoff, due] of [
    ['sixMonthCutoff', 'sixMonthDue'],
    ['annualCutoff', 'annualDue'],
  ] as const) {
    const c = input[cutoff];
    if (c !== null && validMonthDay(c) && validMonthDay(input[due]) && c >= input[due])
      issues.push({
        field: cutoff,
        key: 'issue.cutoff_after_due',
        params: { value: dayMonth(c), due: dayMonth(input[due]) },
      });
  }
  // A multi-year plan's span: its years from–to; every yearly step, deadline and estimate falls inside it.
  const last = input.yearTo ?? input.year;
  if (input.yearTo !== null && input.yearTo < input.year)
    issues.push({ field: 'yearTo', key: 'issue.years_reversed', params: { value: input.yearTo, year: input.year } });
  else if (last - input.year > MAX_PLAN_YEARS - 1)
    issues.push({ field: 'yearTo', key: 'issue.years_too_many', params: { value: input.yearTo, max: MAX_PLAN_YEARS } });
  const inSpan = (y: number) => y >= input.year && y <= Math.max(last, input.year);
  const span = input.yearTo !== null && input.yearTo > input.year ? `${input.year}–${input.yearTo}` : `${input.year}`;
  // The plans below are due within the plan's span (or late in the year before, for a plan issued in advance).
  if (input.lowerPlansDue) {
    const y = Number(input.lowerPlansDue.slice(0, 4));
    if (y < input.year - 1 || y > Math.max(last, input.year))
      issues.push({
        field: 'lowerPlansDue',
        key: 'issue.date_outside_span',
        params: { value: input.lowerPlansDue, span },
      });
  }
  input.targets.forEach((t, i) => {
    need(`targets.${i}.text`, t.text);
    if (t.year !== null && t.year !== undefined && !inSpan(t.year))
      issues.push({ field: `targets.${i}.year`, key: 'issue.year_outside_span', params: { value: t.year, span } });
    // A comparison only means something against a measured goal.
    if (t.comparison && !t.indicator)
      issues.push({ field: `targets.${i}.comparison`, key: 'issue.comparison_without_indicator', params: {} });
    if (t.indicator) {
      const def = indicatorDef(t.indicator);
      if (!def)
        issues.push({
          field: `targets.${i}.indicator`,
          key: 'issue.unknown_indicator',
          params: { value: t.indicator },
        });
      else if (!isFlagIndicator(def) && (t.goal === null || t.goal === undefined))
        issues.push({ field: `targets.${i}.goal`, key: 'issue.goal_required', params: {} });
      else if (isPercentIndicator(def) && t.goal !== null && t.goal !== undefined && (t.goal < 0 || t.goal > 100)) {
        issues.push({ field: `targets.${i}.goal`, key: 'issue.goal_percent', params: { value: t.goal } });
      } else if (t.goal !== null && t.goal !== undefined && t.goal < 0)
        issues.push({ field: `targets.${i}.goal`, key: 'issue.goal_negative', params: { value: t.goal } });
    } else if (t.goal !== null && t.goal !== undefined)
      issues.push({ field: `targets.${i}.indicator`, key: 'issue.goal_without_indicator', params: {} });
  });
  input.tasks.forEach((t, i) => {
    need(`tasks.${i}.text`, t.text);
    // A task may run into the year after the plan's last (the annual report is due in November), never before the plan's year.
    if (t.dueOn && (Number(t.dueOn.slice(0, 4)) < input.year || Number(t.dueOn.slice(0, 4)) > last + 1)) {
      issues.push({
        field: `tasks.${i}.dueOn`,
        key: 'issue.due_outside_year',
        params: { value: t.dueOn, year: span },
      });
    }
    // "1 per occurrence" is the only count a one-off task has: more would be a recurring task mislabelled.
    if (t.recurrence === 'once' && t.perOccurrence !== 1)
      issues.push({
        field: `tasks.${i}.perOccurrence`,
        key: 'issue.per_occurrence_once',
        params: { value: t.perOccurrence },
      });
    for (const id of t.agencyIds) {
      if (!agencyIds.has(id))
        issues.push({ field: `tasks.${i}.agencyIds`, key: 'issue.unknown_agency', params: { value: id } });
    }
    if (new Set(t.agencyIds).size !== t.agencyIds.length)
      issues.push({ field: `tasks.${i}.agencyIds`, key: 'issue.duplicate_agency', params: {} });
  });
  input.budgetLines.forEach((b, i) => {
    need(`budgetLines.${i}.item`, b.item);
    if (b.year !== null && b.year !== undefined && !inSpan(b.year))
      issues.push({ field: `budgetLines.${i}.year`, key: 'issue.year_outside_span', params: { value: b.year, span } });
  });
  input.assignments.forEach((a, i) => {
    need(`assignments.${i}.duties`, a.duties);
    if (!agencyIds.has(a.agencyId))
      issues.push({ field: `assignments.${i}.agencyId`, key: 'issue.unknown_agency', params: { value: a.agencyId } });
  });
  return issues;
}

/** What an issued plan needs besides a valid draft: its number, date and signer. */
export function checkIssue(p: {
  number: string;
  issuedOn: string | null;
  signerName: string;
  year: number;
}): PlanIssue[] {
  const issues: PlanIssue[] = [];
  if (!p.number.trim()) issues.push({ field: 'number', key: 'issue.required', params: {} });
  if (!p.issuedOn) issues.push({ field: 'issuedOn', key: 'issue.required', params: {} });
  if (!p.signerName.trim()) issues.push({ field: 'signerName', key: 'issue.required', params: {} });
  return issues;
}

export interface ParentPlan {
  id: number;
  year: number;
  number: string;
  issuedOn: string | null;
  title: string;
  issuerName: string;
  sixMonthDue: string;
  annualDue: string;
  /** The last year of a multi-year parent plan; null: a yearly one. */
  yearTo?: number | null;
  targets: Array<{
    id: number;
    text: string;
    indicator: string | null;
    goal: number | null;
    year?: number | null;
    comparison?: TargetComparison | null;
  }>;
  tasks: Array<{
    id: number;
    text: string;
    dueOn: string | null;
    recurrence?: TaskRecurrence;
    perOccurrence?: number;
  }>;
}

/** The "Thực hiện Kế hoạch số … ngày … của …" sentence citing the plan of the level above. */
export function citeParent(parent: Pick<ParentPlan, 'number' | 'issuedOn' | 'title' | 'issuerName'>): string {
  const number = parent.number ? ` số ${parent.number}` : '';
  const date = parent.issuedOn
    ? ` ngày ${Number(parent.issuedOn.slice(8, 10))}/${Number(parent.issuedOn.slice(5, 7))}/${parent.issuedOn.slice(0, 4)}`
    : '';
  const title = parent.title ? ` về ${parent.title.charAt(0).toLocaleLowerCase('vi')}${parent.title.slice(1)}` : '';
  return `Thực hiện Kế hoạch${number}${date} của ${parent.issuerName || 'UBND tỉnh'}${title}`;
}

/** What inheriting adapted: targets left out as the province's own, deadlines already past left blank. */
export interface InheritNotes {
  /** Province-level targets ("trên 70% xã, phường …"), left out of a commune's draft. */
  droppedTargets: string[];
  /** Tasks (1-based, as numbered in the draft) whose inherited deadline had passed: left blank to set again. */
  clearedDeadlines: Array<{ n: number; text: string; dueOn: string }>;
}

/**
 * A draft that implements the parent plan: it cites it and inherits its targets, tasks and deadlines for
 * adaptation. A commune's draft leaves out the province-level targets; a deadline before `today` (or outside
 * the plan's period) is left blank for the commune to set. `notes` says what was adapted.
 */
export function inheritFrom(
  parent: ParentPlan,
  unit: { name: string; place: string; level: 'province' | 'commune' },
  today: string,
): { plan: PlanInput; notes: InheritNotes } {
  const notes: InheritNotes = { droppedTargets: [], clearedDeadlines: [] };
  // A multi-year parent (2019–2025) is implemented year by year: the draft is for this year, inside its span.
  const year = Math.min(Math.max(Number(today.slice(0, 4)), parent.year), parent.yearTo ?? parent.year);
  const targets = parent.targets.filter((t) => {
    if (t.year !== null && t.year !== undefined && t.year !== year) return false;
    const provinceLevel = unit.level === 'commune' && isProvinceLevelTarget(t.text);
    if (provinceLevel) notes.droppedTargets.push(t.text);
    return !provinceLevel;
  });
  const { from } = planPeriod(year);
  const to = planPeriod(parent.yearTo ?? parent.year).to;
  const tasks = parent.tasks.map((t, i) => {
    const stale = t.dueOn !== null && (t.dueOn < today || t.dueOn < from || t.dueOn > to);
    if (stale) notes.clearedDeadlines.push({ n: i + 1, text: t.text, dueOn: t.dueOn! });
    return {
      text: t.text,
      dueOn: stale ? null : t.dueOn,
      agencyIds: [],
      recurrence: t.recurrence ?? 'once',
      perOccurrence: t.perOccurrence ?? 1,
      inheritedFrom: t.id,
    };
  });
  const plan = planInput.parse({
    year,
    title: parent.title,
    place: unit.place,
    parentPlanId: parent.id,
    basis: `${citeParent(parent)}, ${unit.name} xây dựng Kế hoạch với các nội dung cụ thể như sau:`,
    sixMonthDue: parent.sixMonthDue,
    annualDue: parent.annualDue,
    targets: targets.map((t) => ({
      text: t.text,
      indicator: t.indicator,
      goal: t.goal,
      comparison: t.comparison ?? null,
      inheritedFrom: t.id,
    })),
    tasks,
  });
  return { plan, notes };
}

/**
 * A save of an existing plan: the same fields with no defaults, so that a field the body leaves out is told
 * apart from one set to its default, and keeps its stored value (a client that does not know a field never
 * resets it). Lists left out stay as they are.
 */
export const planUpdateInput = z.object(
  Object.fromEntries(
    Object.entries(planInput.shape).map(([k, v]) => [k, v instanceof z.ZodDefault ? v.unwrap().optional() : v]),
  ) as unknown as {
    [K in keyof typeof planInput.shape]: z.ZodOptional<z.ZodType<PlanInput[K]>> | (typeof planInput.shape)[K];
  },
);
