// What the register's routes answer. Responses are serialised through these schemas, so a field that is
// not listed here never leaves the server, whatever a query happens to select; the web imports the types.
import { z } from 'zod';
import { FIELD_GROUPS } from '../../../core/privacy/policy.ts';

const Day = z.string();
const LocalText = z.object({ vi: z.string(), en: z.string() });
const RegisterRoleBody = z.enum(['collaborator', 'officer', 'chairman']);

export const ChildRowBody = z.object({
  id: z.number(),
  code: z.string(),
  fullName: z.string(),
  birthDate: Day,
  age: z.number(),
  sex: z.enum(['male', 'female']),
  villageId: z.number(),
  villageName: z.string(),
  householdCode: z.string(),
  left: z.enum(['died', 'moved']).nullable(),
  /** Top groups of the special circumstances the viewer may see; others are simply not listed. */
  groups: z.array(z.string()),
});

export const ChildPageBody = z.object({ total: z.number(), page: z.number(), pageSize: z.number(), rows: z.array(ChildRowBody) });

export const CircumstanceBody = z.object({ id: z.number(), group: z.string(), label: LocalText, startedOn: Day, endedOn: Day.nullable(), note: z.string() });
export const SupportBody = z.object({ id: z.number(), caseId: z.number().nullable(), kind: z.string(), givenOn: Day, provider: z.string(), note: z.string() });
export const HealthRecordBody = z.object({
  id: z.number(),
  kind: z.enum(['growth', 'periodic']),
  checkedOn: Day,
  weightKg: z.number().nullable(),
  heightCm: z.number().nullable(),
  underweight: z.boolean(),
  stunted: z.boolean(),
  note: z.string(),
});
export const ChildCaseBody = z.object({ id: z.number(), kind: z.string(), reportedOn: Day, closedOn: Day.nullable() });

/** A child's record: each group of fields is present only when the policy shows it to this viewer. */
export const ChildRecordBody = z.object({
  id: z.number(),
  access: RegisterRoleBody,
  fieldGroups: z.array(z.enum(FIELD_GROUPS)),
  // identity
  code: z.string(),
  fullName: z.string(),
  birthDate: Day,
  age: z.number(),
  sex: z.enum(['male', 'female']),
  idNumber: z.string().nullable(),
  guardianName: z.string(),
  guardianRelation: z.string(),
  village: z.object({ id: z.number(), name: z.string() }),
  household: z.object({ id: z.number(), code: z.string(), head: z.string(), address: z.string() }),
  /** Other children of the commune with the same identity number (commune staff only). */
  sameIdNumber: z.array(z.object({ id: z.number(), code: z.string(), fullName: z.string() })).optional(),
  // profile
  birthRegisteredOn: Day.nullable().optional(),
  movedOutOn: Day.nullable().optional(),
  diedOn: Day.nullable().optional(),
  note: z.string().optional(),
  // education
  education: z.string().nullable().optional(),
  // health
  fullyImmunizedOn: Day.nullable().optional(),
  disability: z.string().optional(),
  healthRecords: z.array(HealthRecordBody).optional(),
  circumstances: z.array(CircumstanceBody).optional(),
  supports: z.array(SupportBody).optional(),
  cases: z.array(ChildCaseBody).optional(),
});

export const CaseViewBody = z.object({
  id: z.number(),
  kind: z.string(),
  reportedOn: Day,
  closedOn: Day.nullable(),
  caseWorker: z.object({ id: z.number().nullable(), name: z.string().nullable() }),
  assignment: z.object({ by: z.string().nullable(), at: z.string().nullable() }).nullable(),
  deadline: z.object({ step: z.enum(['draft', 'approve']), dueOn: Day, overdue: z.boolean(), workingDaysLeft: z.number() }).nullable(),
  timeliness: z.enum(['not_needed', 'pending', 'in_time', 'late']),
  child: z.object({ id: z.number(), code: z.string(), fullName: z.string() }),
  details: z.object({
    abuseKind: z.string().nullable(),
    occurredOn: Day,
    emergency: z.boolean(),
    summary: z.string(),
    planDueOn: Day.nullable(),
    planDraftedOn: Day.nullable(),
    approvalDueOn: Day.nullable(),
    planApprovedOn: Day.nullable(),
  }),
});

/** After a write: the case as the writer may now see it, or null when the change took it out of their sight. */
export const CaseWrittenBody = z.object({ id: z.number(), case: CaseViewBody.nullable() });

export const DerivedRecordBody = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('village'), id: z.number(), name: z.string() }),
  z.object({ kind: z.literal('child'), id: z.number(), code: z.string(), fullName: z.string(), birthDate: Day, village: z.string(), caseIds: z.array(z.number()) }),
]);
/** `count` is the exact count used for scoring; `records` are those behind it that the viewer may see. */
export const DerivedRecordsBody = z.object({ code: z.string(), source: z.enum(['child', 'case', 'village']), count: z.number(), records: z.array(DerivedRecordBody) });

export const AccessLogRowBody = z.object({
  id: z.number(),
  at: z.string(),
  action: z.string(),
  fields: z.array(z.string()),
  childId: z.number().nullable(),
  childCode: z.string().nullable(),
  caseId: z.number().nullable(),
  user: z.object({ username: z.string(), fullName: z.string() }),
  ip: z.string().nullable(),
});

export type ChildRow = z.infer<typeof ChildRowBody>;
export type ChildPage = z.infer<typeof ChildPageBody>;
export type ChildRecord = z.infer<typeof ChildRecordBody>;
export type CaseView = z.infer<typeof CaseViewBody>;
export type CaseWritten = z.infer<typeof CaseWrittenBody>;
export type DerivedRecord = z.infer<typeof DerivedRecordBody>;
export type DerivedRecords = z.infer<typeof DerivedRecordsBody>;
export type AccessLogRow = z.infer<typeof AccessLogRowBody>;
