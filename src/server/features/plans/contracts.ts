// What the plans routes answer: agencies, plans with their targets and tasks, progress notes, indicators.
// Responses are serialised through these schemas, so a field not listed never leaves the server.
import { z } from 'zod';
import { AGENCY_KINDS, planInput } from '../../../core/plans/plan.ts';
import { TASK_STATUSES } from '../../../core/plans/tasks.ts';

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
    number: z.string(),
    issuedOn: Day.nullable(),
    title: z.string(),
    status: z.enum(['draft', 'issued']),
    parentPlanId: z.number().int().nullable(),
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
    inheritedFrom: z.number().int().nullable(),
    /** Withheld where the indicator reads a count this reader sees suppressed. */
    measured: Measured.nullable(),
  })
  .meta({ id: 'PlanTarget' });
export type PlanTarget = z.infer<typeof PlanTarget>;

export const PlanTaskState = z.enum(['done', 'done_late', 'cancelled', 'overdue', 'due_soon', 'open']);

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
    revision: z.number().int(),
    level: z.enum(['province', 'commune']),
    parent: z
      .object({
        id: z.number().int(),
        number: z.string(),
        issuedOn: Day.nullable(),
        title: z.string(),
        unitName: z.string(),
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
export const PlanIssueBody = z.object({
  number: z.string().max(60),
  issuedOn: z.iso.date(),
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
