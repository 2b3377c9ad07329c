// Helpers of the plan pages: API paths, the plan as the form edits it and back, the blank template's
// Vietnamese texts, report days typed dd/mm, and the API's issues by the field path they name.
import { numberInputText, parseLocaleNumber, type NumberLocale } from '../../../core/numbers.ts';
import { formatNumber } from '../../../i18n/format.ts';
import { ApiError } from '../../app/api.ts';
import { useAuth } from '../../app/auth.tsx';
import { i18n } from '../../app/i18n.ts';
import { dayForApi, showDay } from '../../ui/dates.ts';
import type { BudgetSource, TargetComparison, TaskRecurrence } from '../../../core/plans/plan.ts';
import type { PlanInput, PlanView } from './types.ts';

export const unitApi = (unitId: number) => `/api/units/${unitId}`;
export const plansPath = (unitId: number) => `/plans/${unitId}`;

/**
 * Whether the person writes the unit's plans (a commune's officer or chairman, a province's officials). Only hides what the server would refuse; the plan itself carries the server's canWrite.
 */
export function useCanWrite(unitId: number): boolean {
  const { user } = useAuth();
  return !!user?.roles.some(
    (r) => r.unitId === unitId && ['commune_officer', 'commune_chairman', 'province_official'].includes(r.role),
  );
}

let seq = 0;
/** A key for a row that has no id yet (React needs one that survives reordering). */
export const newKey = () => `new-${++seq}`;

export interface TargetRow {
  key: string;
  id?: number;
  text: string;
  indicator: string;
  goal: string;
  /** A multi-year plan's yearly step ('' = the whole plan). */
  year: string;
  /** '' = the indicator's own direction. */
  comparison: '' | TargetComparison;
  inheritedFrom: number | null;
}
export interface TaskRow {
  key: string;
  id?: number;
  text: string;
  due: string;
  agencyIds: number[];
  recurrence: TaskRecurrence;
  perOccurrence: string;
  inheritedFrom: number | null;
}
export interface BudgetRow {
  key: string;
  id?: number;
  item: string;
  source: BudgetSource;
  /** '' = the whole plan. */
  year: string;
  /** Đồng, as typed in the language on screen. */
  estimate: string;
}
export interface AssignmentRow {
  key: string;
  id?: number;
  agencyId: string;
  heading: string;
  duties: string;
}

export interface PlanForm {
  year: string;
  /** The last year of a multi-year plan ('' = a yearly plan). */
  yearTo: string;
  title: string;
  /** The body that issued it ('' = the unit's People's Committee). */
  issuerName: string;
  /** dd/mm/yyyy: the day the plans of the level below are due ('' = none). */
  lowerPlansDue: string;
  place: string;
  parentPlanId: number | null;
  basis: string;
  purposes: string;
  requirements: string;
  budget: string;
  reporting: string;
  sixMonthDue: string;
  annualDue: string;
  /** The reports' data cut-offs (dd/mm; empty: the default of Nghị định 09/2019) and the Action Month report's due day. */
  sixMonthCutoff: string;
  annualCutoff: string;
  actionMonthDue: string;
  reportTo: string;
  recipients: string;
  signerAuthority: string;
  signerCapacity: string;
  signerTitle: string;
  signerName: string;
  targets: TargetRow[];
  tasks: TaskRow[];
  assignments: AssignmentRow[];
  budgetLines: BudgetRow[];
}

/** 'MM-DD' → '10/05'. */
export const showMonthDay = (md: string) => (/^\d{2}-\d{2}$/.test(md) ? `${md.slice(3, 5)}/${md.slice(0, 2)}` : md);
/** '10/5' or '10/05' → '05-10'; text that is no day/month goes as typed so that the API names it. */
export function monthDayForApi(text: string): string {
  const m = /^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*$/.exec(text);
  return m ? `${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : text.trim();
}
/** '05-10' → '10/5', as the plans write a report's deadline in a sentence. */
const dayMonth = (md: string) =>
  /^\d{2}-\d{2}$/.test(md) ? `${Number(md.slice(3, 5))}/${Number(md.slice(0, 2))}` : md;

/** The plan as the form edits it; numbers as typed in the language on screen. */
export function formOf(p: PlanView, locale: NumberLocale): PlanForm {
  return {
    year: String(p.year),
    yearTo: p.yearTo === null ? '' : String(p.yearTo),
    title: p.title,
    issuerName: p.issuerName,
    lowerPlansDue: showDay(p.lowerPlansDue),
    place: p.place,
    parentPlanId: p.parentPlanId,
    basis: p.basis,
    purposes: p.purposes,
    requirements: p.requirements,
    budget: p.budget,
    reporting: p.reporting,
    sixMonthDue: showMonthDay(p.sixMonthDue),
    annualDue: showMonthDay(p.annualDue),
    sixMonthCutoff: p.sixMonthCutoff ? showMonthDay(p.sixMonthCutoff) : '',
    annualCutoff: p.annualCutoff ? showMonthDay(p.annualCutoff) : '',
    actionMonthDue: showMonthDay(p.actionMonthDue),
    reportTo: p.reportTo,
    recipients: p.recipients,
    signerAuthority: p.signerAuthority,
    signerCapacity: p.signerCapacity,
    signerTitle: p.signerTitle,
    signerName: p.signerName,
    targets: p.targets.map((t) => ({
      key: `t${t.id}`,
      id: t.id,
      text: t.text,
      indicator: t.indicator ?? '',
      goal: t.goal === null ? '' : numberInputText(t.goal, locale),
      year: t.year === null ? '' : String(t.year),
      comparison: t.comparison ?? '',
      inheritedFrom: t.inheritedFrom,
    })),
    tasks: p.tasks.map((t) => ({
      key: `k${t.id}`,
      id: t.id,
      text: t.text,
      due: showDay(t.dueOn),
      agencyIds: t.agencies.map((a) => a.id),
      recurrence: t.recurrence,
      perOccurrence: String(t.perOccurrence),
      inheritedFrom: t.inheritedFrom,
    })),
    assignments: p.assignments.map((a) => ({
      key: `a${a.id}`,
      id: a.id,
      agencyId: String(a.agencyId),
      heading: a.heading,
      duties: a.duties,
    })),
    budgetLines: p.budgetLines.map((b) => ({
      key: `b${b.id}`,
      id: b.id,
      item: b.item,
      source: b.source,
      year: b.year === null ? '' : String(b.year),
      // Đồng read better grouped ('1.200.000'); the grouping reads back to the same number.
      estimate: formatNumber(b.estimate, locale, 0),
    })),
  };
}

/** A year typed in a box: '' is none; text that is no year goes as typed so that the API names it. */
const yearForApi = (text: string): number | null => {
  const t = text.trim();
  return (t === '' ? null : /^\d+$/.test(t) ? Number(t) : t) as number | null;
};
/** Đồng typed with the screen's grouping ('1.200.000'); text that is no number goes as typed. */
function amountForApi(text: string, locale: NumberLocale): number {
  const t = text.trim();
  return (t === '' ? 0 : (parseLocaleNumber(t, locale) ?? t)) as number;
}

/** A number typed in the language on screen ('95,5' in Vietnamese); text that is no number goes as typed so that the API names it. */
function goalForApi(text: string, locale: NumberLocale): number | string | null {
  const t = text.trim();
  if (!t) return null;
  return parseLocaleNumber(t, locale) ?? t;
}

/** The body of POST/PUT: what the form holds, with its revision. */
export function inputOf(f: PlanForm, locale: NumberLocale, revision?: number): PlanInput {
  return {
    year: Number(f.year),
    // Every field the form holds goes back: a save never falls back on a default for one it left out.
    yearTo: yearForApi(f.yearTo),
    issuerName: f.issuerName,
    lowerPlansDue: dayForApi(f.lowerPlansDue),
    budgetLines: f.budgetLines.map((b) => ({
      id: b.id,
      item: b.item,
      source: b.source,
      year: yearForApi(b.year),
      estimate: amountForApi(b.estimate, locale),
    })),
    title: f.title,
    place: f.place,
    parentPlanId: f.parentPlanId,
    basis: f.basis,
    purposes: f.purposes,
    requirements: f.requirements,
    budget: f.budget,
    reporting: f.reporting,
    sixMonthDue: monthDayForApi(f.sixMonthDue),
    annualDue: monthDayForApi(f.annualDue),
    sixMonthCutoff: f.sixMonthCutoff.trim() ? monthDayForApi(f.sixMonthCutoff) : null,
    annualCutoff: f.annualCutoff.trim() ? monthDayForApi(f.annualCutoff) : null,
    actionMonthDue: monthDayForApi(f.actionMonthDue),
    reportTo: f.reportTo,
    recipients: f.recipients,
    signerAuthority: f.signerAuthority,
    signerCapacity: f.signerCapacity,
    signerTitle: f.signerTitle,
    signerName: f.signerName,
    // Typed values that are not numbers or dates are sent as typed (the cast): the API's 400 then names them.
    targets: f.targets.map((t) => ({
      id: t.id,
      text: t.text,
      indicator: t.indicator || null,
      goal: goalForApi(t.goal, locale) as number | null,
      year: yearForApi(t.year),
      comparison: t.comparison || null,
      inheritedFrom: t.inheritedFrom,
    })),
    tasks: f.tasks.map((t) => ({
      id: t.id,
      text: t.text,
      dueOn: dayForApi(t.due),
      agencyIds: t.agencyIds,
      recurrence: t.recurrence,
      perOccurrence: (/^\d+$/.test(t.perOccurrence.trim()) ? Number(t.perOccurrence) : t.perOccurrence) as number,
      inheritedFrom: t.inheritedFrom,
    })),
    assignments: f.assignments.map((a) => ({
      id: a.id,
      agencyId: Number(a.agencyId),
      heading: a.heading,
      duties: a.duties,
    })),
    revision,
  };
}

/** The template's texts are always Vietnamese: a plan is an official document, whatever the screen's language. */
const vi = (key: string, params: Record<string, unknown> = {}) =>
  i18n.t(`plansUi:template.${key}`, { ...params, lng: 'vi' });

/** 'Xã Vạn Phú' → 'xã Vạn Phú' (inside a sentence); 'Vạn Phú' (the place line). */
export const inSentence = (name: string) =>
  name.replace(/^(Xã|Phường|Đặc khu|Thị trấn|Tỉnh|Thành phố)/u, (m) => m.toLocaleLowerCase('vi'));
export const placeOf = (name: string) => name.replace(/^(Xã|Phường|Đặc khu|Thị trấn|Tỉnh|Thành phố)\s+/u, '');

/** The reporting regime's sentence for the due days and recipient (kept in step with them until edited by hand). */
export function reportingText(year: string, sixMonthDue: string, annualDue: string, reportTo: string): string {
  return vi('reporting', {
    year,
    six: dayMonth(monthDayForApi(sixMonthDue)),
    annual: dayMonth(monthDayForApi(annualDue)),
    to: reportTo.trim() || '…',
  });
}

/** A blank plan of the year for a commune or province, with the usual wording of the real plans. */
export function blankPlan(year: number, unit: { name: string; level: 'commune' | 'province' }): PlanInput {
  const level = unit.level;
  const where = inSentence(unit.name);
  const reportTo = vi(`${level}.reportTo`);
  return {
    year,
    yearTo: null,
    issuerName: '',
    lowerPlansDue: null,
    budgetLines: [],
    title: vi('title', { year, where }),
    place: placeOf(unit.name),
    parentPlanId: null,
    basis: vi(`${level}.basis`, { year, where }),
    purposes: vi(`${level}.purposes`),
    requirements: vi(`${level}.requirements`),
    budget: vi('budget', { year }),
    reporting: reportingText(String(year), '10/05', '10/11', reportTo),
    sixMonthDue: '05-10',
    annualDue: '11-10',
    sixMonthCutoff: null,
    annualCutoff: null,
    actionMonthDue: '07-10',
    reportTo,
    recipients: vi(`${level}.recipients`),
    signerAuthority: 'TM. ỦY BAN NHÂN DÂN',
    signerCapacity: 'CHỦ TỊCH',
    signerTitle: '',
    signerName: '',
    targets: [],
    tasks: [],
    assignments: [],
  };
}

/** A draft inherited from the province's plan, completed with the template's sections it does not carry. */
export function fromParent(draft: PlanInput, unit: { name: string; level: 'commune' | 'province' }): PlanInput {
  const blank = blankPlan(draft.year, unit);
  const reporting = reportingText(
    String(draft.year),
    showMonthDay(draft.sixMonthDue),
    showMonthDay(draft.annualDue),
    blank.reportTo,
  );
  // 'UBND Tỉnh Thái Nguyên' reads 'UBND tỉnh Thái Nguyên' inside a sentence.
  const basis = draft.basis.replace(
    /UBND (Tỉnh|Thành phố|Xã|Phường|Đặc khu)/gu,
    (m) => `UBND ${inSentence(m.slice(5))}`,
  );
  return {
    ...blank,
    ...draft,
    basis,
    purposes: blank.purposes,
    requirements: blank.requirements,
    budget: blank.budget,
    reporting,
    reportTo: blank.reportTo,
    recipients: blank.recipients,
    title: vi('title', { year: draft.year, where: inSentence(unit.name) }),
  };
}

/** The API's issues for one field path ('tasks.3.agencyIds'), joined. */
export function issueAt(error: unknown, path: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const found = error.issues.filter((i) => i.field === path).map((i) => i.message);
  return found.length ? found.join('\n') : undefined;
}

/** Moves item `i` of a list by `by` places (up -1, down +1). */
export function moved<T>(list: readonly T[], i: number, by: number): T[] {
  const j = i + by;
  if (j < 0 || j >= list.length) return [...list];
  const next = [...list];
  [next[i], next[j]] = [next[j]!, next[i]!];
  return next;
}
