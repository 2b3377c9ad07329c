// What the plans routes answer: agencies, plans with their targets and tasks, progress notes, indicators.
// Responses are serialised through these schemas, so a field not listed never leaves the server.
import { z } from 'zod';
import {
  AGENCY_KINDS,
  BUDGET_SOURCES,
  planInput,
  TARGET_COMPARISONS,
  TASK_RECURRENCES,
} from '../../../core/plans/plan.ts';
import { TASK_STATUSES } from '../../../core/plans/tasks.ts';
import { COMMUNE_FACTS } from '../../../core/plans/indicators.ts';
import { COVERAGE_STATES } from '../../../core/plans/coverage.ts';

const Day = z.string();
const Label = z.object({ vi: z.string(), en: z.string() });
const Better = z.enum(['higher', 'lower']);

export const PlanIndicator = z
  .discriminatedUnion('kind', [
    z.object({
      code: z.string(),
      kind: z.literal('ratio'),
      numerator: z.string(),
      denominator: z.string(),
      better: Better,
      label: Label,
    }),
    z.object({ code: z.string(), kind: z.literal('count'), input: z.string(), better: Better, label: Label }),
    z.object({ code: z.string(), kind: z.literal('flag'), input: z.string(), label: Label }),
    z.object({ code: z.string(), kind: z.literal('score'), label: Label }),
    z.object({ code: z.string(), kind: z.literal('recognized'), label: Label }),
    z.object({
      code: z.string(),
      kind: z.literal('statistic'),
      /** The reports' statistic it reads (src/core/reports/statistics.ts), counted over the plan's year. */
      statistic: z.string(),
      percent: z.boolean(),
      sensitive: z.boolean(),
      better: Better,
      label: Label,
    }),
    /** Counted over a province's current communes (src/core/plans/indicators.ts COMMUNE_INDICATORS). */
    z.object({
      code: z.string(),
      kind: z.literal('communes'),
      of: z.enum(COMMUNE_FACTS),
      percent: z.boolean(),
      better: Better,
      label: Label,
    }),
  ])
  .meta({ id: 'PlanIndicator', description: 'Chỉ số đo được / A measured indicator' });

export const PlanAgency = z
  .object({ id: z.number().int(), kind: z.enum(AGENCY_KINDS), name: z.string(), active: z.boolean() })
  .meta({ id: 'PlanAgency' });
export type PlanAgency = z.infer<typeof PlanAgency>;

export const PlanSummary = z
  .object({
    id: z.number().int(),
    unitId: z.number().int(),
    unitName: z.string(),
    year: z.number().int(),
    /** The last year of a multi-year plan; null: a yearly plan. */
    yearTo: z.number().int().nullable(),
    number: z.string(),
    issuedOn: Day.nullable(),
    title: z.string(),
    status: z.enum(['draft', 'issued']),
    parentPlanId: z.number().int().nullable(),
    /** The day it was sent to the level above. */
    sentOn: Day.nullable(),
    tasks: z.number().int(),
    overdue: z.number().int(),
  })
  .meta({ id: 'PlanSummary' });
export type PlanSummary = z.infer<typeof PlanSummary>;

// The withheld form first: a union keeps the first match, and a plain measurement would strip `suppressed`.
const Measured = z.union([
  z.object({ value: z.null(), suppressed: z.literal(true), met: z.null() }),
  z.object({ value: z.number().nullable(), met: z.boolean().nullable() }),
]);

export const PlanTarget = z
  .object({
    id: z.number().int(),
    text: z.string(),
    indicator: z.string().nullable(),
    goal: z.number().nullable(),
    /** A multi-year plan's yearly step; null: the whole plan. */
    year: z.number().int().nullable(),
    comparison: z.enum(TARGET_COMPARISONS).nullable(),
    inheritedFrom: z.number().int().nullable(),
    /** Withheld where the indicator reads a count this reader sees suppressed. */
    measured: Measured.nullable(),
  })
  .meta({ id: 'PlanTarget' });
export type PlanTarget = z.infer<typeof PlanTarget>;

export const PlanTaskState = z.enum(['done', 'done_late', 'cancelled', 'overdue', 'due_soon', 'open']);

/** One month or quarter of a recurring task: its span, how many activities served it, and its state. */
export const TaskOccurrence = z
  .object({
    key: z.string(),
    from: Day,
    to: Day,
    done: z.number().int(),
    state: z.enum(['done', 'missed', 'current', 'future']),
  })
  .meta({ id: 'PlanTaskOccurrence' });

export const PlanBudgetLine = z
  .object({
    id: z.number().int(),
    item: z.string(),
    source: z.enum(BUDGET_SOURCES),
    year: z.number().int().nullable(),
    estimate: z.number(),
    /** What the activity log records as spent against the line, đồng. */
    spent: z.number(),
  })
  .meta({ id: 'PlanBudgetLine' });

export const PlanTask = z
  .object({
    id: z.number().int(),
    planId: z.number().int(),
    position: z.number().int(),
    text: z.string(),
    dueOn: Day.nullable(),
    status: z.enum(TASK_STATUSES),
    progress: z.number().int(),
    doneOn: Day.nullable(),
    state: PlanTaskState,
    inheritedFrom: z.number().int().nullable(),
    agencies: z.array(z.object({ id: z.number().int(), name: z.string() })),
    recurrence: z.enum(TASK_RECURRENCES),
    perOccurrence: z.number().int(),
    /** A recurring task's months or quarters up to today, each with the activities that served it. */
    occurrences: z.array(TaskOccurrence),
  })
  .meta({ id: 'PlanTask' });
export type PlanTask = z.infer<typeof PlanTask>;

/** A task in the unit's list, with the plan it belongs to. */
export const UnitTask = PlanTask.extend({ planTitle: z.string(), planYear: z.number().int() }).meta({
  id: 'PlanUnitTask',
});
export type UnitTask = z.infer<typeof UnitTask>;

export const PlanView = PlanSummary.omit({ tasks: true, overdue: true })
  .extend({
    place: z.string(),
    basis: z.string(),
    purposes: z.string(),
    requirements: z.string(),
    budget: z.string(),
    reporting: z.string(),
    sixMonthDue: z.string(),
    annualDue: z.string(),
    sixMonthCutoff: z.string().nullable(),
    annualCutoff: z.string().nullable(),
    actionMonthDue: z.string(),
    reportTo: z.string(),
    recipients: z.string(),
    signerAuthority: z.string(),
    signerCapacity: z.string(),
    signerTitle: z.string(),
    signerName: z.string(),
    issuerName: z.string(),
    lowerPlansDue: Day.nullable(),
    decisionNumber: z.string(),
    decisionOn: Day.nullable(),
    /** A former district that issued it (records from before 01/07/2025). */
    issuerGroup: z.object({ id: z.number().int(), name: z.string() }).nullable(),
    budgetLines: z.array(PlanBudgetLine),
    budgetTotals: z.object({ estimate: z.number(), spent: z.number() }),
    revision: z.number().int(),
    level: z.enum(['province', 'commune']),
    parent: z
      .object({
        id: z.number().int(),
        number: z.string(),
        issuedOn: Day.nullable(),
        title: z.string(),
        unitName: z.string(),
        /** The body that issued it ('' = its unit's People's Committee). */
        issuerName: z.string(),
      })
      .nullable(),
    targets: z.array(PlanTarget),
    tasks: z.array(PlanTask),
    assignments: z.array(
      z.object({
        id: z.number().int(),
        agencyId: z.number().int(),
        agencyName: z.string(),
        heading: z.string(),
        duties: z.string(),
      }),
    ),
    canWrite: z.boolean(),
  })
  .meta({ id: 'PlanView' });
export type PlanView = z.infer<typeof PlanView>;

/**
 * A new plan's body as the editor fills it, inherited from the level above, and what was adapted: the
 * province-level targets left out, the tasks whose deadline had passed (left blank to set again).
 */
export const PlanDraft = z
  .object({
    plan: planInput,
    adapted: z.object({
      droppedTargets: z.array(z.string()),
      clearedDeadlines: z.array(z.object({ n: z.number().int(), text: z.string(), dueOn: Day })),
    }),
  })
  .meta({ id: 'PlanDraft' });
export type PlanDraft = z.infer<typeof PlanDraft>;

export const ProgressNote = z
  .object({
    id: z.number().int(),
    notedOn: Day,
    progress: z.number().int(),
    note: z.string(),
    evidence: z.string(),
    byName: z.string().nullable(),
  })
  .meta({ id: 'PlanProgressNote' });
export type ProgressNote = z.infer<typeof ProgressNote>;

// Request bodies.
export const AgencyBody = z.object({
  kind: z.enum(AGENCY_KINDS),
  name: z.string().max(300),
  active: z.boolean().optional(),
});
/** The day an issued plan was sent to the level above; null clears a day recorded by mistake. */
export const PlanSentBody = z.object({ sentOn: z.iso.date().nullable() });

export const PlanIssueBody = z.object({
  number: z.string().max(60),
  issuedOn: z.iso.date(),
  /** The covering decision, when the plan is issued as its annex ('352/QĐ-UBND'). */
  decisionNumber: z.string().max(60).optional(),
  decisionOn: z.iso.date().optional(),
  signerName: z.string().max(100).optional(),
  signerTitle: z.string().max(100).optional(),
});
export const ProgressBody = z.object({
  notedOn: z.iso.date(),
  progress: z.number().int(),
  note: z.string().max(8000),
  evidence: z.string().max(2000).optional(),
});
export const TaskStatusBody = z.object({ status: z.enum(['cancelled', 'in_progress', 'not_started']) });

// ------------------------------------------------------------------ plan coverage (coverage.ts)

export const CoverageRow = z
  .object({
    unitId: z.number().int(),
    code: z.string(),
    name: z.string(),
    state: z.enum(COVERAGE_STATES),
    /** The commune's issued plan covering the year (the first issued when several). */
    plan: z
      .object({ id: z.number().int(), number: z.string(), issuedOn: Day.nullable(), sentOn: Day.nullable() })
      .nullable(),
    /** A draft exists but nothing is issued. */
    draft: z.boolean(),
    /** Days after the due day it reached the province (negative: early); null without a due day or a plan. */
    daysLate: z.number().int().nullable(),
    /** The 5-year registration (cam kết) covering the year. */
    commitment: z
      .object({ termStart: z.number().int(), termEnd: z.number().int(), documentRef: z.string() })
      .nullable(),
  })
  .meta({ id: 'PlanCoverageRow' });

export const PlanCoverage = z
  .object({
    provinceId: z.number().int(),
    year: z.number().int(),
    today: Day,
    /** The province's issued plan covering the year, which sets the communes' due day. */
    parentPlan: z
      .object({
        id: z.number().int(),
        number: z.string(),
        title: z.string(),
        issuedOn: Day.nullable(),
        lowerPlansDue: Day.nullable(),
      })
      .nullable(),
    /** The due day of the communes' plans for the year (null: none set). */
    due: Day.nullable(),
    counts: z.object({
      communes: z.number().int(),
      issued: z.number().int(),
      on_time: z.number().int(),
      late: z.number().int(),
      missing: z.number().int(),
      pending: z.number().int(),
      committed: z.number().int(),
    }),
    /** Every current commune of the province, in Vietnamese order. */
    communes: z.array(CoverageRow),
  })
  .meta({ id: 'PlanCoverage', description: 'Tình hình ban hành kế hoạch của các xã / Plan coverage' });
export type PlanCoverage = z.infer<typeof PlanCoverage>;
