// What a plan needs before it is issued (signed: its text no longer changes): every task with an agency
// and a deadline inside the plan's period (not before the plan is issued), the sections the document
// prints filled in, and targets of the plan's own level (a commune does not carry the province's "above
// 70% of communes"). Also what inheriting the province's plan adapts. Pure: the server refuses with these,
// the web shows them at their fields before asking.
import type { PlanIssue } from './plan.ts';

/** The span a plan's deadlines fall in: its year and the next (the annual report of the year is due in November). */
export function planPeriod(year: number, yearTo?: number | null): { from: string; to: string } {
  return { from: `${year}-01-01`, to: `${Math.max(yearTo ?? year, year) + 1}-12-31` };
}

/**
 * The text sections an issued plan must have, in the order the document prints them: the basis sentence,
 * I. purposes and requirements, IV. budget, VI. reporting regime, and the recipients. Section II (targets),
 * III (tasks) and V (organisation: assignments per agency) are lists and need at least one item each.
 * The title, place and signer are checked on every save or by the issue form.
 */
export const REQUIRED_SECTIONS = ['basis', 'purposes', 'requirements', 'budget', 'reporting', 'recipients'] as const;
export const REQUIRED_LISTS = ['targets', 'tasks', 'assignments'] as const;

// A share or count of administrative units ("trên 70% xã, phường", "15/92 xã", "100% các sở, ngành"):
// a target measured over many communes or departments, which only the level above can meet.
const UNIT_WORDS =
  'xã|phường|thị trấn|đặc khu|huyện|quận|thị xã|đơn vị hành chính cấp xã|đơn vị cấp xã|địa phương|sở|ban, ngành|ngành';
const COUNTED_UNITS = new RegExp(
  `(?:\\d{1,3}(?:[.,]\\d+)?\\s*%|\\d{1,3}\\s*/\\s*\\d{1,3}|(?<![\\d/])\\d{1,3})\\s*(?:tổng\\s+)?(?:số\\s+)?(?:các\\s+)?(?:${UNIT_WORDS})(?=$|[\\s,.;:)–-])`,
  'iu',
);

/** Whether a target counts communes, wards or departments: a province-level target. */
export function isProvinceLevelTarget(text: string): boolean {
  return COUNTED_UNITS.test(text.normalize('NFC'));
}

export interface IssuablePlan {
  year: number;
  /** The last year of a multi-year plan: its deadlines run to the year after it. */
  yearTo?: number | null;
  basis: string;
  purposes: string;
  requirements: string;
  budget: string;
  reporting: string;
  recipients: string;
  targets: ReadonlyArray<{ text: string }>;
  /** Rows in the order the form shows them; a cancelled task is not checked (it is not printed). */
  tasks: ReadonlyArray<{
    text: string;
    dueOn?: string | null;
    agencyIds: readonly number[];
    cancelled?: boolean;
    /** A monthly or quarterly task is due in each occurrence: it needs no single deadline. */
    recurring?: boolean;
  }>;
  assignments: ReadonlyArray<{ duties: string }>;
}

export interface IssueContext {
  level: 'province' | 'commune';
  /** The date the plan is to be issued on, when known: no task may be due before it. */
  issuedOn?: string | null;
}

/** A task or target named by its first words, so that the message says which one without the whole text. */
export function shortText(text: string, max = 60): string {
  const t = text.trim().replace(/\s+/gu, ' ');
  return t.length <= max ? t : `${t.slice(0, max).replace(/\s+\S*$/u, '')}…`;
}

/** Everything that keeps a (valid) draft from being issued, each at its field: none means it may be issued. */
export function issueProblems(plan: IssuablePlan, ctx: IssueContext): PlanIssue[] {
  const issues: PlanIssue[] = [];
  for (const field of REQUIRED_SECTIONS) {
    if (!plan[field].trim()) issues.push({ field, key: 'issue.section_required', params: {} });
  }
  for (const field of REQUIRED_LISTS) {
    if (!plan[field].length) issues.push({ field, key: `issue.no_${field}`, params: {} });
  }
  if (ctx.level === 'commune') {
    plan.targets.forEach((t, i) => {
      if (isProvinceLevelTarget(t.text))
        issues.push({ field: `targets.${i}.text`, key: 'issue.province_target', params: { value: shortText(t.text) } });
    });
  }
  const { from, to } = planPeriod(plan.year, plan.yearTo);
  plan.tasks.forEach((t, i) => {
    if (t.cancelled) return;
    const text = shortText(t.text);
    if (!t.agencyIds.length) issues.push({ field: `tasks.${i}.agencyIds`, key: 'issue.no_agency', params: { text } });
    if (!t.dueOn) {
      if (!t.recurring) issues.push({ field: `tasks.${i}.dueOn`, key: 'issue.no_due', params: { text } });
    } else if (t.dueOn < from || t.dueOn > to)
      issues.push({ field: `tasks.${i}.dueOn`, key: 'issue.due_outside_period', params: { value: t.dueOn, from, to } });
    else if (ctx.issuedOn && t.dueOn < ctx.issuedOn)
      issues.push({
        field: `tasks.${i}.dueOn`,
        key: 'issue.due_before_issue',
        params: { value: t.dueOn, issuedOn: ctx.issuedOn },
      });
  });
  return issues;
}
