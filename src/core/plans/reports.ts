// Periodic reports (6-month, annual): the figures a report is drafted from, whether it came in on time,
// and the roll-up of many units' figures into the consolidated report of the level above. Pure.
import type { FormTableValue, ReportKind } from '../reports/forms.ts';
import type { StatisticValues } from '../reports/statistics.ts';
import { INDICATORS } from './indicators.ts';
import { emptyTaskSummary, type TaskSummary } from './tasks.ts';

export { REPORT_KINDS, YEARLY_REPORT_KINDS, type ReportKind, type YearlyReportKind } from '../reports/forms.ts';

/** What a report counts, over which days, on which form (absent on reports frozen before forms existed). */
export interface ReportStatistics {
  /** The data period: first and last day (yyyy-mm-dd). */
  period: { from: string; to: string };
  form: { kind: ReportKind; version: number; provinceId: number | null; title: { vi: string; en: string } };
  /** Every statistic of the catalogue: counted as of the period's last day, typed by the unit, rates derived. */
  values: StatisticValues;
  /** The form's tables filled with the values. */
  tables: FormTableValue[];
}

export interface TargetFigure {
  text: string;
  indicator: string | null;
  goal: number | null;
  value: number | null;
  met: boolean | null;
}

export interface AudienceFigure {
  sampleSize: number;
  respondents: number;
  satisfied: number;
}

export interface ReportFigures {
  /** The day the figures were drawn (yyyy-mm-dd). */
  asOf: string;
  tasks: TaskSummary;
  targets: TargetFigure[];
  /** The period's criteria inputs as entered (numbers and yes/no). */
  inputs: Record<string, number | boolean | null>;
  score: {
    total: number;
    maxTotal: number;
    threshold: number;
    recognized: boolean;
    complete: boolean;
    provisional: boolean;
    /** Points per criterion code. */
    criteria: Record<string, number>;
    zeroCriteria: string[];
  } | null;
  surveys: { children: AudienceFigure | null; residents: AudienceFigure | null };
  forums: {
    forums: number;
    consultations: number;
    participants: number;
    recommendations: number;
    answered: number;
    events: number;
  };
  statistics?: ReportStatistics;
}

export type Timeliness = 'on_time' | 'late' | 'missing' | 'pending';

/** On time when submitted on or before the due day; missing once the day has passed without it. */
export function timeliness(dueOn: string, submittedOn: string | null, today: string): Timeliness {
  if (submittedOn) return submittedOn <= dueOn ? 'on_time' : 'late';
  return today > dueOn ? 'missing' : 'pending';
}

export interface RollUp {
  units: number;
  tasks: TaskSummary;
  /** Sums of every numeric input over the units that reported it. */
  inputs: Record<string, number>;
  /** Units answering yes, per yes/no input. */
  flags: Record<string, number>;
  /** Rates recomputed from the summed numerators and denominators (the mean of rates would weigh a hamlet like a city). */
  rates: Record<string, number | null>;
  scored: number;
  recognized: number;
  meanScore: number | null;
  /** How many units scored 0 on each criterion. */
  zeroed: Record<string, number>;
  surveys: { children: AudienceFigure; residents: AudienceFigure };
  forums: ReportFigures['forums'];
}

const emptyAudience = (): AudienceFigure => ({ sampleSize: 0, respondents: 0, satisfied: 0 });

export function rollUp(reports: readonly ReportFigures[]): RollUp {
  const out: RollUp = {
    units: reports.length,
    tasks: emptyTaskSummary(),
    inputs: {},
    flags: {},
    rates: {},
    scored: 0,
    recognized: 0,
    meanScore: null,
    zeroed: {},
    surveys: { children: emptyAudience(), residents: emptyAudience() },
    forums: { forums: 0, consultations: 0, participants: 0, recommendations: 0, answered: 0, events: 0 },
  };
  let progressWeight = 0;
  let scoreSum = 0;
  for (const r of reports) {
    for (const k of Object.keys(out.tasks) as Array<keyof TaskSummary>)
      if (k !== 'meanProgress') out.tasks[k] += r.tasks[k];
    const counted = r.tasks.total - r.tasks.cancelled;
    progressWeight += r.tasks.meanProgress * counted;
    for (const [code, v] of Object.entries(r.inputs)) {
      if (typeof v === 'number') out.inputs[code] = (out.inputs[code] ?? 0) + v;
      else if (typeof v === 'boolean') out.flags[code] = (out.flags[code] ?? 0) + (v ? 1 : 0);
    }
    if (r.score) {
      out.scored += 1;
      scoreSum += r.score.total;
      if (r.score.recognized) out.recognized += 1;
      for (const c of r.score.zeroCriteria) out.zeroed[c] = (out.zeroed[c] ?? 0) + 1;
    }
    for (const a of ['children', 'residents'] as const) {
      const f = r.surveys[a];
      if (!f) continue;
      out.surveys[a].sampleSize += f.sampleSize;
      out.surveys[a].respondents += f.respondents;
      out.surveys[a].satisfied += f.satisfied;
    }
    for (const k of Object.keys(out.forums) as Array<keyof ReportFigures['forums']>) out.forums[k] += r.forums[k];
  }
  const counted = out.tasks.total - out.tasks.cancelled;
  out.tasks.meanProgress = counted ? Math.round(progressWeight / counted) : 0;
  out.meanScore = out.scored ? Math.round((10 * scoreSum) / out.scored) / 10 : null;
  for (const def of INDICATORS) {
    if (def.kind !== 'ratio') continue;
    const n = out.inputs[def.numerator];
    const d = out.inputs[def.denominator];
    out.rates[def.code] = n === undefined || !d ? null : Math.round((1000 * n) / d) / 10;
  }
  return out;
}
