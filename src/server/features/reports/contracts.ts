// What the reports routes answer: a unit's periodic reports (figures withheld as the reader sees them) and the
// province's consolidated report. Responses are serialised through these schemas: an unlisted field never leaves.
import { z } from 'zod';
import { REPORT_KINDS } from '../../../core/plans/reports.ts';
import { ReportFormSchema } from '../../../core/reports/forms.ts';

const Day = z.string();
const Kind = z.enum(REPORT_KINDS);
export const ReportTimeliness = z.enum(['on_time', 'late', 'missing', 'pending']);

// The withheld form first: a union keeps its first match, and the plain one would strip `suppressed`.
const Suppressed = z.object({ value: z.null(), suppressed: z.literal(true) });

const TaskSummary = z.object({
  total: z.number().int(),
  done: z.number().int(),
  doneLate: z.number().int(),
  inProgress: z.number().int(),
  notStarted: z.number().int(),
  overdue: z.number().int(),
  cancelled: z.number().int(),
  meanProgress: z.number(),
});
const Audience = z.object({ sampleSize: z.number(), respondents: z.number(), satisfied: z.number() });
const ForumCounts = z.object({
  forums: z.number().int(),
  consultations: z.number().int(),
  participants: z.number().int(),
  recommendations: z.number().int(),
  answered: z.number().int(),
  events: z.number().int(),
});
const Target = z.object({
  text: z.string(),
  indicator: z.string().nullable(),
  goal: z.number().nullable(),
  value: z.number().nullable(),
  met: z.boolean().nullable(),
});

const Label = z.object({ vi: z.string(), en: z.string() });
const Period = z.object({ from: Day, to: Day });
/** Values by statistic code (null: not given, or a rate over nothing). Counts only. */
export const StatisticValues = z.record(z.string(), z.number().nullable()).meta({ id: 'ReportStatisticValues' });
export const FormTableValue = z
  .object({
    id: z.string(),
    title: Label,
    rows: z.array(
      z.object({
        statistic: z.string(),
        label: Label,
        unit: Label,
        kind: z.enum(['count', 'amount', 'rate']),
        /** Typed in by the unit (the others are counted). */
        entered: z.boolean(),
        value: z.number().nullable(),
      }),
    ),
  })
  .meta({ id: 'ReportFormTableValue' });
export const ReportStatistics = z
  .object({
    /** The days counted: from the period's first day to the day the figures were drawn. */
    period: Period,
    form: z.object({
      kind: Kind,
      version: z.number().int(),
      provinceId: z.number().int().nullable(),
      title: Label,
    }),
    values: StatisticValues,
    tables: z.array(FormTableValue),
  })
  .meta({ id: 'ReportStatistics' });

/** A report's figures as the reader may see them: inputs and targets withheld from them are suppressed. */
export const ReportFigures = z
  .object({
    asOf: Day,
    tasks: TaskSummary,
    targets: z.array(z.union([Target.extend(Suppressed.shape).extend({ met: z.null() }), Target])),
    inputs: z.record(z.string(), z.union([Suppressed, z.number(), z.boolean(), z.null()])),
    score: z
      .object({
        total: z.number(),
        maxTotal: z.number(),
        threshold: z.number(),
        recognized: z.boolean(),
        complete: z.boolean(),
        provisional: z.boolean(),
        criteria: z.record(z.string(), z.number()),
        zeroCriteria: z.array(z.string()),
      })
      .nullable(),
    surveys: z.object({ children: Audience.nullable(), residents: Audience.nullable() }),
    forums: ForumCounts,
    /** Absent on reports frozen before report forms existed. */
    statistics: ReportStatistics.optional(),
  })
  .meta({ id: 'ReportFigures' });
export type ReportFigures = z.infer<typeof ReportFigures>;

export const ReportSummary = z
  .object({
    unitId: z.number().int(),
    year: z.number().int(),
    kind: Kind,
    /** The forum a forum report is about (null for the yearly reports). */
    forumId: z.number().int().nullable(),
    dueOn: Day,
    /** The data period: the full period while drafted, the days counted once submitted. */
    period: Period,
    status: z.enum(['draft', 'submitted']),
    /** Whether anything has been saved yet (a report is drafted live until then). */
    stored: z.boolean(),
    submittedAt: z.string().nullable(),
    /** The day of submission in Vietnam (yyyy-mm-dd). */
    submittedOn: Day.nullable(),
    timeliness: ReportTimeliness,
    revision: z.number().int(),
  })
  .meta({ id: 'ReportSummary' });
export type ReportSummary = z.infer<typeof ReportSummary>;

export const ReportNarrative = z
  .object({ results: z.string(), difficulties: z.string(), proposals: z.string() })
  .meta({ id: 'ReportNarrative' });
export type ReportNarrative = z.infer<typeof ReportNarrative>;

export const ReportView = ReportSummary.extend({
  unitName: z.string(),
  level: z.enum(['province', 'commune']),
  provinceId: z.number().int(),
  figures: ReportFigures,
  /** True once submitted: the figures are those frozen on that day. */
  frozen: z.boolean(),
  narrative: ReportNarrative,
  /** The figures the unit typed in, by statistic code. */
  entered: StatisticValues,
  forum: z
    .object({
      id: z.number().int(),
      title: z.string(),
      heldOn: Day,
      kind: z.enum(['forum', 'consultation']),
      level: z.string(),
      children: z.number().int(),
      /** Fewer than FORUM_MIN_CHILDREN children (Thông tư 29/2019 asks at least 30). */
      under30: z.boolean(),
    })
    .nullable(),
  submittedByName: z.string().nullable(),
  plans: z.array(
    z.object({ id: z.number().int(), title: z.string(), number: z.string(), status: z.enum(['draft', 'issued']) }),
  ),
  canWrite: z.boolean(),
}).meta({ id: 'ReportView' });
export type ReportView = z.infer<typeof ReportView>;

const Count = z.number().int();
export const ConsolidatedRow = z
  .object({
    unitId: z.number().int(),
    code: z.string(),
    name: z.string(),
    dueOn: Day,
    status: ReportTimeliness,
    submittedOn: Day.nullable(),
    /** The rest is null for a commune that has not submitted: it is listed, not rolled up. */
    score: z.number().nullable(),
    recognized: z.boolean().nullable(),
    tasksDone: Count.nullable(),
    tasksTotal: Count.nullable(),
    overdue: Count.nullable(),
    c13Rate: z.number().nullable(),
    forums: Count.nullable(),
    events: Count.nullable(),
  })
  .meta({ id: 'ConsolidatedRow' });
export type ConsolidatedRow = z.infer<typeof ConsolidatedRow>;

export const ReportRollUp = z
  .object({
    units: Count,
    tasks: TaskSummary,
    inputs: z.record(z.string(), z.number()),
    flags: z.record(z.string(), z.number()),
    rates: z.record(z.string(), z.number().nullable()),
    scored: Count,
    recognized: Count,
    meanScore: z.number().nullable(),
    zeroed: z.record(z.string(), z.number()),
    surveys: z.object({ children: Audience, residents: Audience }),
    forums: ForumCounts,
  })
  .meta({ id: 'ReportRollUp' });

export const Consolidated = z
  .object({
    province: z.object({ id: z.number().int(), name: z.string() }),
    year: z.number().int(),
    kind: Kind,
    today: Day,
    completeness: z.object({
      units: Count,
      submitted: Count,
      onTime: Count,
      late: Count,
      missing: Count,
      pending: Count,
    }),
    rows: z.array(ConsolidatedRow),
    rollUp: ReportRollUp,
    totals: z.object({
      score: z.number().nullable(),
      recognized: Count,
      scored: Count,
      tasksDone: Count,
      tasksTotal: Count,
      overdue: Count,
      c13Rate: z.number().nullable(),
      forums: Count,
      events: Count,
    }),
    /** The submitted reports' statistics added up (rates from summed counts); null when none carries any. */
    statistics: z
      .object({
        period: Period.optional(),
        tables: z.array(FormTableValue),
        /** Each submitting commune's values, by unit id. */
        byUnit: z.record(z.string(), StatisticValues),
      })
      .nullable(),
  })
  .meta({ id: 'ConsolidatedReport' });
export type Consolidated = z.infer<typeof Consolidated>;

// Request bodies.
const Text = z.string().max(20_000);
export const NarrativeBody = z.object({
  narrative: z.object({ results: Text, difficulties: Text, proposals: Text }),
  /** The revision the editor started from (0 before anything was saved). */
  revision: z.number().int().min(0),
  /** Typed figures by statistic code (null clears one; codes left out are kept). Checked by the server. */
  entered: z.record(z.string().max(80), z.unknown()).optional(),
});
// A submission with the key in the header alone has no body (null).
export const SubmitBody = z.object({ key: z.string().trim().min(1).max(200).optional() }).nullish();

/** A forum's report as the province (or the commune) lists it. */
export const ForumReportRow = z
  .object({
    forumId: z.number().int(),
    unitId: z.number().int(),
    unitName: z.string(),
    title: z.string(),
    kind: z.enum(['forum', 'consultation']),
    level: z.string(),
    heldOn: Day,
    children: z.number().int(),
    under30: z.boolean(),
    dueOn: Day,
    status: z.enum(['draft', 'submitted']),
    submittedOn: Day.nullable(),
    timeliness: ReportTimeliness,
  })
  .meta({ id: 'ForumReportRow' });
export type ForumReportRow = z.infer<typeof ForumReportRow>;

export const ForumReportList = z
  .object({
    unit: z.object({ id: z.number().int(), name: z.string(), level: z.enum(['province', 'commune']) }),
    year: z.number().int(),
    today: Day,
    completeness: z.object({ forums: Count, onTime: Count, late: Count, missing: Count, pending: Count }),
    rows: z.array(ForumReportRow),
  })
  .meta({ id: 'ForumReportList' });
export type ForumReportList = z.infer<typeof ForumReportList>;

const Statistic = z.object({
  code: z.string(),
  kind: z.enum(['count', 'amount', 'rate']),
  source: z.enum(['register', 'hazards', 'forums', 'activities', 'entered', 'derived']),
  unit: Label,
  label: Label,
});
/** The form a unit reports on, the national preset, and the catalogue of statistics a form may hold. */
export const ReportFormsView = z
  .object({
    kind: Kind,
    effective: ReportFormSchema.extend({ provinceId: z.number().int().nullable() }),
    preset: ReportFormSchema,
    catalogue: z.array(Statistic),
    canEdit: z.boolean(),
  })
  .meta({ id: 'ReportFormsView' });
export type ReportFormsView = z.infer<typeof ReportFormsView>;
/** A province's adjusted copy: the version is given by the server (the next one). */
export const ReportFormBody = ReportFormSchema.omit({ version: true, kind: true });
