// What the register's routes answer. Responses are serialised through these schemas, so a field that is
// not listed here never leaves the server, whatever a query happens to select; the web imports the types.
import { z } from 'zod';
import { FIELD_GROUPS } from '../../../core/privacy/policy.ts';
import { INJURY_CAUSES } from '../../../core/reports/statistics.ts';
import { ErrorBody } from '../../http/contract.ts';
import { BodyId } from '../../http/schemas.ts';

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

export const ChildPageBody = z.object({
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
  rows: z.array(ChildRowBody),
});

export const CircumstanceBody = z.object({
  id: z.number(),
  group: z.string(),
  label: LocalText,
  startedOn: Day,
  endedOn: Day.nullable(),
  note: z.string(),
});
export const SupportBody = z.object({
  id: z.number(),
  caseId: z.number().nullable(),
  kind: z.string(),
  givenOn: Day,
  provider: z.string(),
  note: z.string(),
});
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
  /** The next plan step and where its due date stands today, in working days (the shared DueStatus). */
  deadline: z
    .object({
      step: z.enum(['draft', 'approve']),
      dueOn: Day,
      state: z.enum(['upcoming', 'today', 'overdue']),
      days: z.number().int(),
      unit: z.enum(['working', 'calendar']),
    })
    .nullable(),
  timeliness: z.enum(['not_needed', 'pending', 'in_time', 'late']),
  child: z.object({ id: z.number(), code: z.string(), fullName: z.string() }),
  details: z.object({
    abuseKind: z.string().nullable(),
    /** Injury and death: the cause from the national list (null: recorded before causes, or another kind). */
    cause: z.enum(INJURY_CAUSES).nullable(),
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
  z.object({
    kind: z.literal('child'),
    id: z.number(),
    code: z.string(),
    fullName: z.string(),
    birthDate: Day,
    village: z.string(),
    caseIds: z.array(z.number()),
  }),
]);
/** `count` is the exact count used for scoring; `records` are those behind it that the viewer may see. */
export const DerivedRecordsBody = z.object({
  code: z.string(),
  source: z.enum(['child', 'case', 'village']),
  count: z.number(),
  records: z.array(DerivedRecordBody),
});

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

/** A group of special circumstances of the law (a letter) or a sub-group under one. */
export const CircumstanceGroupBody = z
  .object({
    code: z.string(),
    parent: z.string().nullable(),
    letter: z.string(),
    label: LocalText,
    sensitive: z.boolean(),
    builtin: z.boolean(),
  })
  .meta({ id: 'CircumstanceGroup' });
export const NewGroupBody = z.object({
  parent: z.string().max(8),
  code: z.string().regex(/^[a-z]{1,2}\.[0-9a-z]{1,8}$/),
  labelVi: z.string().trim().min(1).max(200),
  labelEn: z.string().trim().max(200).default(''),
});
export const GroupCreatedBody = z.object({ code: z.string() }).meta({ id: 'CircumstanceGroupCreated' });

/** A village of the commune with the children living there now (a collaborator: only their villages). */
export const VillageBody = z
  .object({ id: z.number().int(), name: z.string(), children: z.number().int() })
  .meta({ id: 'Village' });
/** The id of a child or dated record just written. */
export const RecordIdBody = z.object({ id: z.number().int() }).meta({ id: 'RegisterRecordId' });
/** A field of a child someone else changed while this client edited it from an older copy (issue 21). */
export const ChildEditConflictBody = z
  .object({
    field: z.string(),
    /** The value the client said it edited from (its `base` entry). */
    base: z.unknown(),
    /** The value the client sent, not saved. */
    mine: z.unknown(),
    /** What stands now, and who last changed the child's record when (null when unknown). */
    theirs: z.object({ value: z.unknown(), byName: z.string().nullable(), at: z.string().nullable() }),
  })
  .meta({ id: 'ChildEditConflict' });
export const ChildEditConflictsBody = ErrorBody.extend({ conflicts: z.array(ChildEditConflictBody).optional() }).meta({
  id: 'ChildEditConflicts',
});
export const CaseWorkerBody = z.object({ id: z.number().int(), fullName: z.string() }).meta({ id: 'CaseWorker' });

const DerivedSource = z.enum(['child', 'case', 'village', 'survey', 'forum']);
const DerivedOrigin = z.enum(['register', 'survey', 'forum']);
const ValueOrigin = z.enum(['manual', 'register', 'survey', 'forum']);
export const DerivedInputBody = z
  .object({
    code: z.string(),
    source: DerivedSource,
    origin: DerivedOrigin,
    sensitive: z.boolean(),
    computed: z.union([z.number(), z.boolean()]).nullable(),
    stored: z
      .object({
        value: z.union([z.number(), z.boolean()]),
        origin: ValueOrigin,
        sourceNote: z.string().nullable(),
        enteredAt: z.string(),
      })
      .nullable(),
    differs: z.boolean(),
  })
  .meta({ id: 'DerivedInput' });
/** The computed criterion inputs of a commune's assessment beside the values stored (officer and chairman). */
export const DerivedInputsBody = z
  .object({
    period: z.object({ id: z.number().int(), year: z.number().int(), startsOn: Day, endsOn: Day }),
    hasRegister: z.boolean(),
    inputs: z.array(DerivedInputBody),
  })
  .meta({ id: 'DerivedInputs' });
export const AdoptBody = z.object({
  periodId: BodyId,
  codes: z.array(z.string().max(64)).min(1).max(64),
  note: z.string().max(500).optional(),
});
const StoredValueBody = z.object({
  value: z.union([z.number(), z.boolean()]),
  sourceNote: z.string().nullable(),
  origin: ValueOrigin,
  enteredBy: z.number().int().nullable(),
  enteredByName: z.string().nullable(),
  enteredAt: z.string(),
});
/** After adopting: the assessment's values as stored and its new score (the assessments feature's score result). */
export const AdoptedValuesBody = z
  .object({
    values: z.record(z.string(), StoredValueBody),
    result: z.unknown().describe('Kết quả chấm điểm / The score result'),
  })
  .meta({ id: 'AdoptedValues' });

const CountCell = z.union([
  z.object({ value: z.number(), suppressed: z.literal(false) }),
  z.object({ value: z.null(), suppressed: z.literal(true) }),
]);
/** Counts of a province's communes, small ones withheld: no child is named. */
export const RegisterSummaryBody = z
  .object({
    period: z.object({ id: z.number().int(), year: z.number().int() }),
    minCount: z.number().int(),
    codes: z.array(z.string()),
    communes: z.array(
      z.object({ id: z.number().int(), code: z.string(), name: z.string(), counts: z.record(z.string(), CountCell) }),
    ),
    withoutRegister: z.number().int(),
  })
  .meta({ id: 'RegisterSummary' });

/** A long job started: poll GET /api/register/jobs/{jobId}. */
export const JobStartedBody = z.object({ jobId: z.string() }).meta({ id: 'RegisterJobStarted' });
export const ImportIssueBody = z.object({
  sheet: z.string(),
  row: z.number().int(),
  column: z.string(),
  field: z.string(),
  value: z.unknown(),
  code: z.string(),
  params: z.record(z.string(), z.unknown()).optional(),
  message: z.string(),
});
/** The preview of an uploaded register: counts and the first issues; `importId` null when nothing is kept. */
export const ImportPreviewBody = z
  .object({
    importId: z.number().int().nullable(),
    fileName: z.string(),
    summary: z.object({
      rows: z.number().int(),
      children: z.object({ new: z.number().int(), updated: z.number().int() }),
      circumstances: z.number().int(),
      supports: z.number().int(),
      healthRecords: z.number().int(),
      newVillages: z.array(z.string()),
    }),
    issues: z.array(ImportIssueBody),
    issueCount: z.number().int(),
  })
  .meta({ id: 'ImportPreview' });
export const ImportCommittedBody = z
  .object({
    children: z.number().int(),
    circumstances: z.number().int(),
    supports: z.number().int(),
    healthRecords: z.number().int(),
  })
  .meta({ id: 'ImportCommitted' });
/** A job's progress; `result` once done (a preview or a commit), `error` shaped as an error answer once failed. */
export const JobBody = z
  .object({
    id: z.string(),
    kind: z.enum(['import_preview', 'import_commit']),
    status: z.enum(['running', 'done', 'failed']),
    phase: z.string(),
    done: z.number(),
    total: z.number(),
    result: z.union([ImportPreviewBody, ImportCommittedBody]).optional(),
    error: z
      .object({
        status: z.number().int(),
        code: z.string(),
        message: z.string(),
        issues: z
          .array(
            z.object({ field: z.string(), value: z.unknown(), message: z.string(), row: z.number().int().optional() }),
          )
          .optional(),
      })
      .optional(),
  })
  .meta({ id: 'RegisterJob' });

export const HolidayKind = z.enum(['day_off', 'working_day']);
const HolidayBody = z.object({
  date: Day,
  name: z.string(),
  source: z.enum(['statutory', 'compensatory', 'adjustment']),
});
/** A year's holidays: the statutory ones, those in force after adjustments, and the adjustments. */
export const HolidaysBody = z
  .object({
    statutory: z.array(HolidayBody),
    holidays: z.array(HolidayBody),
    adjustments: z.array(z.object({ date: Day, kind: HolidayKind, name: z.string() })),
  })
  .meta({ id: 'Holidays' });
export const HolidayChangeBody = z.object({
  kind: HolidayKind.nullable(),
  name: z.string().trim().max(200).default(''),
});
export const HolidayAdjustedBody = z
  .object({ date: Day, kind: HolidayKind.nullable(), name: z.string() })
  .meta({ id: 'HolidayAdjusted' });

export type ChildRow = z.infer<typeof ChildRowBody>;
export type ChildPage = z.infer<typeof ChildPageBody>;
export type ChildRecord = z.infer<typeof ChildRecordBody>;
export type CaseView = z.infer<typeof CaseViewBody>;
export type CaseWritten = z.infer<typeof CaseWrittenBody>;
export type DerivedRecord = z.infer<typeof DerivedRecordBody>;
export type DerivedRecords = z.infer<typeof DerivedRecordsBody>;
export type AccessLogRow = z.infer<typeof AccessLogRowBody>;
export type CircumstanceGroup = z.infer<typeof CircumstanceGroupBody>;
export type Village = z.infer<typeof VillageBody>;
export type CaseWorker = z.infer<typeof CaseWorkerBody>;
export type DerivedInput = z.infer<typeof DerivedInputBody>;
export type DerivedInputs = z.infer<typeof DerivedInputsBody>;
export type AdoptedValues = z.infer<typeof AdoptedValuesBody>;
export type RegisterSummary = z.infer<typeof RegisterSummaryBody>;
export type ImportIssue = z.infer<typeof ImportIssueBody>;
export type ImportPreview = z.infer<typeof ImportPreviewBody>;
export type ImportCommitted = z.infer<typeof ImportCommittedBody>;
export type Job = z.infer<typeof JobBody>;
export type Holidays = z.infer<typeof HolidaysBody>;
export type HolidayAdjusted = z.infer<typeof HolidayAdjustedBody>;
