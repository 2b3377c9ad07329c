// The register's records and their checks, shared by the API, the importer and the web form.
// Issues carry a code (translated as register:issue.<code>), the field and the value.
import { differenceInCalendarDays, differenceInYears, parseISO } from 'date-fns';
import { z } from 'zod';
import { fold } from '../text.ts';
import { INJURY_CAUSES } from '../reports/statistics.ts';

export const SEXES = ['male', 'female'] as const;
export const EDUCATION = [
  'none',
  'preschool',
  'primary',
  'lower_secondary',
  'upper_secondary',
  'vocational',
  'out_of_school',
] as const;
export const HEALTH_KINDS = ['growth', 'periodic'] as const;
export const CASE_KINDS = [
  'abuse',
  'abandonment',
  'trafficking',
  'injury',
  'death',
  'law_violation',
  'drug_use',
  'child_labour',
] as const;
export const ABUSE_KINDS = ['sexual', 'physical', 'emotional', 'neglect', 'exploitation'] as const;
export type Sex = (typeof SEXES)[number];
export type Education = (typeof EDUCATION)[number];
export type CaseKind = (typeof CASE_KINDS)[number];

/** Case kinds whose child identity and details only the case worker and the chairman see. */
export const SENSITIVE_CASE_KINDS: readonly CaseKind[] = [
  'abuse',
  'abandonment',
  'trafficking',
  'law_violation',
  'drug_use',
  // Work that breaks the law on children is exploitation (circumstance group k, sensitive).
  'child_labour',
];
/** Case kinds that carry a cause from the national list (src/core/reports/statistics.ts). */
export const CAUSE_CASE_KINDS: readonly CaseKind[] = ['injury', 'death'];
/** Case kinds that need an intervention plan (Nghị định 56/2017, Điều 28). */
export const PLAN_CASE_KINDS: readonly CaseKind[] = ['abuse', 'abandonment', 'trafficking'];
export const PLAN_DRAFT_WORKING_DAYS = 5;
export const PLAN_APPROVAL_WORKING_DAYS = 2;

/** Birth registration within 60 days of birth counts as "đúng quy định" (Luật Hộ tịch 2014, Điều 15). */
export const BIRTH_REGISTRATION_DAYS = 60;

export interface RecordIssue {
  field: string;
  value: unknown;
  code: string;
  params?: Record<string, unknown>;
}

const isoDate = z.iso.date({ error: 'bad_date' });
const optionalDate = isoDate.nullable().default(null);
const text = (max: number) => z.string({ error: 'required' }).trim().max(max, { error: 'too_long' });
const required = (max: number) => text(max).min(1, { error: 'required' });
const optionalText = (max: number) => text(max).default('');

export const childFieldsSchema = z.object({
  code: required(40),
  villageName: required(120),
  householdCode: required(40),
  householdHead: required(120),
  address: optionalText(200),
  fullName: required(120),
  birthDate: isoDate,
  sex: z.enum(SEXES, { error: 'bad_choice' }),
  idNumber: z
    .string()
    .trim()
    .regex(/^\d{12}$/, { error: 'bad_id_number' })
    .nullable()
    .default(null),
  guardianName: optionalText(120),
  guardianRelation: optionalText(60),
  birthRegisteredOn: optionalDate,
  education: z.enum(EDUCATION, { error: 'bad_choice' }).nullable().default(null),
  fullyImmunizedOn: optionalDate,
  disability: optionalText(200),
  movedOutOn: optionalDate,
  diedOn: optionalDate,
  note: optionalText(500),
});
export type ChildFields = z.infer<typeof childFieldsSchema>;

export const circumstanceSchema = z.object({
  group: required(20),
  startedOn: isoDate,
  endedOn: optionalDate,
  note: optionalText(300),
});
export type CircumstanceFields = z.infer<typeof circumstanceSchema>;

export const supportSchema = z.object({
  kind: required(120),
  givenOn: isoDate,
  provider: required(160),
  note: optionalText(300),
});
export type SupportFields = z.infer<typeof supportSchema>;

/** A support entered on the child's page may name the case it was given for: it is then seen with that case only. */
export const supportEntrySchema = supportSchema.extend({
  caseId: z
    .number({ error: 'not_a_number' })
    .int({ error: 'invalid' })
    .positive({ error: 'invalid' })
    .max(2_147_483_647, { error: 'invalid' })
    .nullable()
    .default(null),
});

const measure = (max: number) =>
  z
    .number({ error: 'not_a_number' })
    .positive({ error: 'not_positive' })
    .max(max, { error: 'too_large' })
    .nullable()
    .default(null);
export const healthRecordSchema = z.object({
  kind: z.enum(HEALTH_KINDS, { error: 'bad_choice' }),
  checkedOn: isoDate,
  weightKg: measure(150),
  heightCm: measure(220),
  underweight: z.boolean({ error: 'not_boolean' }).default(false),
  stunted: z.boolean({ error: 'not_boolean' }).default(false),
  note: optionalText(300),
});
export type HealthRecordFields = z.infer<typeof healthRecordSchema>;

export const caseFieldsSchema = z.object({
  kind: z.enum(CASE_KINDS, { error: 'bad_choice' }),
  abuseKind: z.enum(ABUSE_KINDS, { error: 'bad_choice' }).nullable().default(null),
  cause: z.enum(INJURY_CAUSES, { error: 'bad_choice' }).nullable().default(null),
  occurredOn: isoDate,
  reportedOn: isoDate,
  emergency: z.boolean().default(false),
  summary: optionalText(4000),
  planDraftedOn: optionalDate,
  planApprovedOn: optionalDate,
  closedOn: optionalDate,
});
export type CaseFields = z.infer<typeof caseFieldsSchema>;

/** Zod's issues as register issues; codes we set are kept, zod's own become 'invalid'. */
export function issuesFromZod(error: z.ZodError, input: unknown, prefix = ''): RecordIssue[] {
  return error.issues.map((i) => {
    let value: unknown = input;
    for (const k of i.path)
      value = value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[k] : undefined;
    const code = /^[a-z_]+$/.test(i.message) ? i.message : 'invalid';
    return { field: prefix + i.path.join('.'), value: value ?? null, code };
  });
}

const later = (a: string, b: string) => differenceInCalendarDays(parseISO(a), parseISO(b)) > 0;

/** Dates that must not lie in the future or before another date. */
function checkOrder(
  issues: RecordIssue[],
  today: string,
  checks: [field: string, value: string | null, notBefore?: [string, string | null]][],
) {
  for (const [field, value, notBefore] of checks) {
    if (!value) continue;
    if (later(value, today)) issues.push({ field, value, code: 'in_future', params: { today } });
    else if (notBefore && notBefore[1] && later(notBefore[1], value))
      issues.push({ field, value, code: 'before', params: { other: notBefore[0], otherValue: notBefore[1] } });
  }
}

export type Checked<T> = { ok: true; value: T } | { ok: false; issues: RecordIssue[] };

/** A child's fields, parsed and checked against the calendar (`today` in yyyy-mm-dd). */
export function checkChild(input: unknown, today: string): Checked<ChildFields> {
  const parsed = childFieldsSchema.safeParse(input);
  if (!parsed.success) return { ok: false, issues: issuesFromZod(parsed.error, input) };
  const c = parsed.data;
  const issues: RecordIssue[] = [];
  const birth: [string, string] = ['birthDate', c.birthDate];
  checkOrder(issues, today, [
    ['birthDate', c.birthDate],
    ['birthRegisteredOn', c.birthRegisteredOn, birth],
    ['fullyImmunizedOn', c.fullyImmunizedOn, birth],
    ['movedOutOn', c.movedOutOn, birth],
    ['diedOn', c.diedOn, birth],
  ]);
  if (!issues.some((i) => i.field === 'birthDate') && ageOn(c.birthDate, today) >= 18)
    issues.push({ field: 'birthDate', value: c.birthDate, code: 'too_old', params: { years: 18 } });
  return issues.length ? { ok: false, issues } : { ok: true, value: c };
}

/** A dated record of a child (circumstance, support, health record): its dates within the child's life. */
export function checkChildDated<T extends Record<string, unknown>>(
  schema: z.ZodType<T>,
  input: unknown,
  child: { birthDate: string; diedOn?: string | null },
  today: string,
  dateFields: { field: keyof T & string; notBefore?: keyof T & string }[],
): Checked<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) return { ok: false, issues: issuesFromZod(parsed.error, input) };
  const v = parsed.data;
  const issues: RecordIssue[] = [];
  for (const { field, notBefore } of dateFields) {
    const value = v[field] as string | null;
    const other: [string, string | null] = notBefore
      ? [notBefore, v[notBefore] as string | null]
      : ['birthDate', child.birthDate];
    checkOrder(issues, today, [[field, value, other]]);
    if (value && notBefore && later(child.birthDate, value))
      issues.push({ field, value, code: 'before', params: { other: 'birthDate', otherValue: child.birthDate } });
    // Nothing is recorded for a child after their death.
    if (value && child.diedOn && later(value, child.diedOn))
      issues.push({ field, value, code: 'after_death', params: { other: 'diedOn', otherValue: child.diedOn } });
  }
  return issues.length ? { ok: false, issues } : { ok: true, value: v };
}

/**
 * A case's fields, parsed and checked. `causeOptional`: an injury or death recorded before causes existed may be
 * edited without one (it is counted as "cause not recorded"); every other injury or death must say its cause.
 */
export function checkCase(
  input: unknown,
  child: { birthDate: string },
  today: string,
  { causeOptional = false }: { causeOptional?: boolean } = {},
): Checked<CaseFields> {
  const parsed = caseFieldsSchema.safeParse(input);
  if (!parsed.success) return { ok: false, issues: issuesFromZod(parsed.error, input) };
  const c = parsed.data;
  const issues: RecordIssue[] = [];
  const birth: [string, string] = ['birthDate', child.birthDate];
  checkOrder(issues, today, [
    ['occurredOn', c.occurredOn, birth],
    ['reportedOn', c.reportedOn, ['occurredOn', c.occurredOn]],
    ['planDraftedOn', c.planDraftedOn, ['reportedOn', c.reportedOn]],
    ['planApprovedOn', c.planApprovedOn, ['planDraftedOn', c.planDraftedOn]],
    ['closedOn', c.closedOn, ['reportedOn', c.reportedOn]],
  ]);
  if (c.kind === 'abuse' && !c.abuseKind) issues.push({ field: 'abuseKind', value: null, code: 'required' });
  const takesCause = CAUSE_CASE_KINDS.includes(c.kind);
  if (takesCause && !c.cause && !causeOptional) issues.push({ field: 'cause', value: null, code: 'required' });
  if (!takesCause && c.cause) issues.push({ field: 'cause', value: c.cause, code: 'cause_not_needed' });
  if (c.planApprovedOn && !c.planDraftedOn) issues.push({ field: 'planDraftedOn', value: null, code: 'required' });
  if ((c.planDraftedOn || c.planApprovedOn) && !PLAN_CASE_KINDS.includes(c.kind))
    issues.push({ field: 'planDraftedOn', value: c.planDraftedOn, code: 'plan_not_needed' });
  return issues.length ? { ok: false, issues } : { ok: true, value: c };
}

/** Completed years of age on a date (a child born 29/02 turns one on 28/02 or 01/03 as date-fns counts). */
export function ageOn(birthDate: string, on: string): number {
  return differenceInYears(parseISO(on), parseISO(birthDate));
}

/** Age bands the register and its lists use. */
export const AGE_BANDS = [
  { code: 'under1', from: 0, to: 1 },
  { code: '1to2', from: 1, to: 3 },
  { code: '3to5', from: 3, to: 6 },
  { code: '6to10', from: 6, to: 11 },
  { code: '11to15', from: 11, to: 16 },
  { code: '16to17', from: 16, to: 18 },
] as const;

/** The case's plan is needed, and whether it was drafted and approved in time. */
export function planTimeliness(c: {
  kind: CaseKind;
  planDueOn: string | null;
  approvalDueOn: string | null;
  planDraftedOn: string | null;
  planApprovedOn: string | null;
}) {
  if (!PLAN_CASE_KINDS.includes(c.kind)) return 'not_needed' as const;
  if (!c.planDraftedOn || !c.planApprovedOn) return 'pending' as const;
  const draftedInTime = !c.planDueOn || !later(c.planDraftedOn, c.planDueOn);
  const approvedInTime = !c.approvalDueOn || !later(c.planApprovedOn, c.approvalDueOn);
  return draftedInTime && approvedInTime ? ('in_time' as const) : ('late' as const);
}

/** Lower case without diacritics, so that "nguyen van an" finds "Nguyễn Văn An". */
export const searchKey = fold;
