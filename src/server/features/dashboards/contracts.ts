// What the dashboard routes answer; the store builds these shapes and the web imports their types.
import { z } from 'zod';
import { LocalText } from '../../../core/rule-sets/schema.ts';
import { Id } from '../../http/schemas.ts';

export const DashboardQuery = z.object({ periodId: Id.optional() });

/** yyyy-mm-dd */
const Day = z.string();
const Count = z.number().int();

export const PeriodRef = z
  .object({ id: z.number().int(), year: z.number().int(), startsOn: Day, endsOn: Day })
  .meta({ id: 'DashboardPeriod', description: 'Kỳ đánh giá / An assessment period' });

export const TargetComparison = z
  .object({
    target: z.object({
      level: z.enum(['province', 'nation']),
      /** Whole percent. */
      percent: z.number(),
      /** 'above': the share must exceed the target; 'atLeast': reach it. */
      comparison: z.enum(['above', 'atLeast']),
      /** The year the target is due by (null: a standing target). */
      byYear: z.number().int().nullable(),
      /** A count target: communes to be recognised ("duy trì 06/13 xã"); percent is then its share. Null: a share. */
      count: z.number().nullable(),
      /** The province's issued plan the target comes from; null: the national default (QĐ 06/QĐ-TTg). */
      source: z
        .object({
          planId: z.number().int(),
          number: z.string(),
          title: z.string(),
          issuedOn: Day.nullable(),
          /** The target's yearly step (null: the whole plan). */
          year: z.number().int().nullable(),
          text: z.string(),
        })
        .nullable(),
    }),
    /** Recognised share in percent, one decimal; null when there is no commune to count. */
    share: z.number().nullable(),
    met: z.boolean().nullable(),
    /** More communes that would have to be recognised to meet the target (0 when met). */
    needed: Count.nullable(),
  })
  .meta({ id: 'TargetComparison' });

export const Counts = z.object({
  /** Communes counted (members, each once). */
  units: Count,
  assessed: Count,
  complete: Count,
  recognised: Count,
  /** With a recognition decision (round entry recognised). */
  decided: Count,
  /** Results resting on at least one provisional rule. */
  provisional: Count,
  meanTotal: z.number().nullable(),
});

export const TrendPoint = Counts.extend({
  periodId: z.number().int(),
  year: z.number().int(),
  comparison: TargetComparison,
}).meta({
  id: 'DashboardTrendPoint',
});

export const CriterionFigure = z
  .object({
    code: z.string(),
    title: LocalText,
    max: z.number(),
    /** Complete assessments that scored this criterion. */
    scored: Count,
    meanPoints: z.number().nullable(),
    /** Below full marks. */
    belowFull: Count,
    /** Scored 0: fails the commune whatever its total. */
    zeroed: Count,
  })
  .meta({ id: 'DashboardCriterionFigure' });

/** A current commune's results combined over the units it was made from (core/dashboards/lineage.ts). */
export const CurrentStatus = z
  .object({
    members: Count,
    assessed: z.boolean(),
    complete: z.boolean(),
    recognised: z.boolean(),
    meanTotal: z.number().nullable(),
    viaLineage: z.boolean(),
  })
  .meta({ id: 'CurrentUnitStatus' });

export const BreakdownRow = z
  .object({
    unitId: z.number().int(),
    code: z.string(),
    name: z.string(),
    units: Count,
    assessed: Count,
    complete: Count,
    recognised: Count,
    meanTotal: z.number().nullable(),
    comparison: TargetComparison.nullable(),
    /** Commune rows: the combined status (lineage rule); threshold of its category when assessed itself. */
    status: CurrentStatus.optional(),
    threshold: z.number().nullable().optional(),
    provisional: z.boolean().optional(),
  })
  .meta({ id: 'DashboardBreakdownRow' });

export const TimelinessRow = z
  .object({
    unitId: z.number().int(),
    name: z.string(),
    state: z.string(),
    due: Day,
    submittedOn: Day.nullable(),
    /** Days after the due date (negative: early); null when not submitted. */
    daysLate: z.number().int().nullable(),
    status: z.enum(['on_time', 'late', 'overdue', 'pending']),
  })
  .meta({ id: 'DashboardTimelinessRow' });

export const Timeliness = z.object({
  rounds: Count,
  entries: Count,
  onTime: Count,
  late: Count,
  overdue: Count,
  pending: Count,
  /** Communes counted without a dossier in a round of the period. */
  noEntry: Count,
  /** Overdue first, then late (latest first), pending, on time; at most the list limit unless asked in full. */
  rows: z.array(TimelinessRow),
  /** Entries left out of rows (entries − rows.length). */
  omitted: Count,
});

/** The ways a provisional rule decided a result (core/dashboards/figures.ts). */
export const ProvisionalImpact = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('rests_on_provisional'), criteria: z.array(z.string()), margin: z.number() }),
    z.object({ kind: z.literal('could_pass'), criteria: z.array(z.string()), shortfall: z.number() }),
    z.object({ kind: z.literal('zeroed_by_provisional'), criteria: z.array(z.string()) }),
    z.object({ kind: z.literal('provisional_threshold'), threshold: z.number() }),
  ])
  .meta({ id: 'ProvisionalImpact' });

export const Warning = z
  .object({
    unitId: z.number().int(),
    code: z.string(),
    name: z.string(),
    total: z.number(),
    threshold: z.number(),
    recognized: z.boolean(),
    impacts: z.array(ProvisionalImpact),
  })
  .meta({ id: 'DashboardWarning' });

export const Dashboard = z
  .object({
    level: z.enum(['nation', 'province', 'commune']),
    unit: z
      .object({
        id: z.number().int(),
        code: z.string(),
        name: z.string(),
        provinceId: z.number().int().nullable(),
        provinceName: z.string().nullable(),
      })
      .nullable(),
    period: PeriodRef,
    asOf: z.string(),
    today: Day,
    counts: Counts,
    comparison: TargetComparison,
    criteria: z.array(CriterionFigure),
    distribution: z.array(z.object({ from: z.number(), to: z.number(), count: Count })),
    trend: z.array(TrendPoint),
    breakdown: z.array(BreakdownRow),
    timeliness: Timeliness,
    /** Recognised results first, then the closest to their threshold; at most the list limit unless asked in full. */
    warnings: z.array(Warning),
    warningsTotal: Count,
    /** Warnings left out of the list (warningsTotal − warnings.length). */
    warningsOmitted: Count,
    /** The cap of the lists in this answer; null when they are in full. */
    listLimit: Count.nullable(),
    /** Commune level: its own combined status and threshold in the period. */
    commune: z
      .object({ status: CurrentStatus, threshold: z.number().nullable(), total: z.number().nullable() })
      .optional(),
  })
  .meta({ id: 'Dashboard', description: 'Số liệu bảng điều khiển của một cấp / The dashboard figures of one level' });

export type PeriodRef = z.infer<typeof PeriodRef>;
export type TargetComparison = z.infer<typeof TargetComparison>;
export type Counts = z.infer<typeof Counts>;
export type TrendPoint = z.infer<typeof TrendPoint>;
export type CriterionFigure = z.infer<typeof CriterionFigure>;
export type BreakdownRow = z.infer<typeof BreakdownRow>;
export type TimelinessRow = z.infer<typeof TimelinessRow>;
export type Timeliness = z.infer<typeof Timeliness>;
export type Warning = z.infer<typeof Warning>;
export type Dashboard = z.infer<typeof Dashboard>;
