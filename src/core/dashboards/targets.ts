// The recognition targets the dashboards compare against: the share of communes recognised.
// Province: above 70% (QĐ 06/QĐ-TTg). Nation: 65% by 2025, 75% by 2030 (the national programme).
// Change the figures here only: the API, the page and the workbook all read them from this one place.

export type TargetLevel = 'province' | 'nation';
/** 'above': the share must exceed the target ("trên 70%"); 'atLeast': reach it ("đạt 65%"). */
export type Comparison = 'above' | 'atLeast';

interface TargetStep {
  /** The last year this step applies to (the year it is due by); null: every later year. */
  untilYear: number | null;
  /** Whole percent, so that no float rounding decides whether a target is met. */
  percent: number;
  comparison: Comparison;
}

export const RECOGNITION_TARGETS: Record<TargetLevel, TargetStep[]> = {
  province: [{ untilYear: null, percent: 70, comparison: 'above' }],
  nation: [
    { untilYear: 2025, percent: 65, comparison: 'atLeast' },
    { untilYear: 2030, percent: 75, comparison: 'atLeast' },
  ],
};

export interface Target {
  level: TargetLevel;
  percent: number;
  comparison: Comparison;
  /** The year the target is due by (null: a standing target). */
  byYear: number | null;
}

/** The target in force for a year: the first step whose year has not passed, else the last one. */
export function targetFor(level: TargetLevel, year: number): Target {
  const steps = RECOGNITION_TARGETS[level];
  const step = steps.find((s) => s.untilYear === null || year <= s.untilYear) ?? steps[steps.length - 1]!;
  return { level, percent: step.percent, comparison: step.comparison, byYear: step.untilYear };
}

export interface TargetComparison {
  target: Target;
  /** Recognised share in percent, one decimal; null when there is no commune to count. */
  share: number | null;
  met: boolean | null;
  /** More communes that would have to be recognised to meet the target (0 when met). */
  needed: number | null;
}

export function compareToTarget(level: TargetLevel, year: number, recognised: number, units: number): TargetComparison {
  const target = targetFor(level, year);
  if (units <= 0) return { target, share: null, met: null, needed: null };
  // Integer arithmetic: recognised/units compared with percent/100 exactly.
  const met =
    target.comparison === 'above'
      ? recognised * 100 > target.percent * units
      : recognised * 100 >= target.percent * units;
  const least =
    target.comparison === 'above'
      ? Math.floor((target.percent * units) / 100) + 1
      : Math.ceil((target.percent * units) / 100);
  return {
    target,
    share: Math.round((recognised * 1000) / units) / 10,
    met,
    needed: Math.max(0, Math.min(units, least) - recognised),
  };
}
