// The recognition targets the dashboards compare against: the share of communes recognised.
// Province: above 70% (QĐ 06/QĐ-TTg). Nation: 65% by 2025, 75% by 2030 (the national programme).
// Change the figures here only: the API, the page and the workbook all read them from this one place.
// A province whose issued plan sets its own target on communes recognised (Bắc Kạn: "trên 70% xã… đạt";
// Tháp Mười: "duy trì 06/13 xã") is compared with that instead (provinceTargetFrom); the defaults stay
// wherever a province set none.

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

/** The province plan a target comes from. */
export interface TargetSource {
  planId: number;
  number: string;
  title: string;
  issuedOn: string | null;
  /** The target's yearly step (null: the whole plan). */
  year: number | null;
  /** The target's words in the plan. */
  text: string;
}

export interface Target {
  level: TargetLevel;
  /** Percent; a count target's share of the communes counted (one decimal), for the chart's line. */
  percent: number;
  comparison: Comparison;
  /** The year the target is due by (null: a standing target). */
  byYear: number | null;
  /** A count target: the number of communes to be recognised ("06/13 xã"); null: a share. */
  count: number | null;
  /** The province's issued plan the target comes from; null: the national default. */
  source: TargetSource | null;
}

/** A province's own target on communes recognised, as its plan sets it. */
export interface OwnTarget {
  kind: 'percent' | 'count';
  value: number;
  comparison: Comparison;
  byYear: number | null;
  source: TargetSource;
}

/** The target in force for a year: the province's own when it set one, else the first default step whose year has not passed, else the last one. */
export function targetFor(level: TargetLevel, year: number, own: OwnTarget | null = null): Target {
  if (own)
    return {
      level,
      percent: own.kind === 'percent' ? own.value : 0,
      comparison: own.comparison,
      byYear: own.byYear,
      count: own.kind === 'count' ? own.value : null,
      source: own.source,
    };
  const steps = RECOGNITION_TARGETS[level];
  const step = steps.find((s) => s.untilYear === null || year <= s.untilYear) ?? steps[steps.length - 1]!;
  return {
    level,
    percent: step.percent,
    comparison: step.comparison,
    byYear: step.untilYear,
    count: null,
    source: null,
  };
}

/** The recognition indicators of a province plan's targets (src/core/plans/indicators.ts). */
const OWN_INDICATORS: Record<string, OwnTarget['kind']> = {
  'communes.recognised_rate': 'percent',
  'communes.recognised': 'count',
};

/** A target of an issued province plan, as the dashboards read it. */
export interface PlanTargetRow {
  planId: number;
  number: string;
  title: string;
  issuedOn: string | null;
  planYear: number;
  planYearTo: number | null;
  text: string;
  indicator: string | null;
  goal: number | null;
  /** The target's yearly step (null: the whole plan). */
  year: number | null;
  /** The plan's comparison ('at_least', 'above', …; null: at least). */
  comparison: string | null;
}

/**
 * The province's own recognition target for a year from its issued plans' targets: among the plans covering
 * the year, the one issued last (then the highest id); its step for the year, else its whole-plan target.
 * Only "at least" and "above" targets on communes recognised count (a ceiling on recognition is no target).
 */
export function provinceTargetFrom(rows: readonly PlanTargetRow[], year: number): OwnTarget | null {
  const usable = rows.filter(
    (r) =>
      r.indicator !== null &&
      OWN_INDICATORS[r.indicator] !== undefined &&
      r.goal !== null &&
      (r.comparison === null || r.comparison === 'at_least' || r.comparison === 'above') &&
      r.planYear <= year &&
      year <= (r.planYearTo ?? r.planYear) &&
      (r.year === null || r.year === year),
  );
  if (!usable.length) return null;
  const rank = (r: PlanTargetRow) => `${r.issuedOn ?? ''}|${String(r.planId).padStart(10, '0')}`;
  const latest = usable.reduce((a, b) => (rank(b) > rank(a) ? b : a));
  const own = usable.filter((r) => r.planId === latest.planId);
  const pick = own.find((r) => r.year === year) ?? own[0]!;
  return {
    kind: OWN_INDICATORS[pick.indicator!]!,
    value: pick.goal!,
    comparison: pick.comparison === 'above' ? 'above' : 'atLeast',
    byYear: pick.year ?? pick.planYearTo ?? pick.planYear,
    source: {
      planId: pick.planId,
      number: pick.number,
      title: pick.title,
      issuedOn: pick.issuedOn,
      year: pick.year,
      text: pick.text,
    },
  };
}

export interface TargetComparison {
  target: Target;
  /** Recognised share in percent, one decimal; null when there is no commune to count. */
  share: number | null;
  met: boolean | null;
  /** More communes that would have to be recognised to meet the target (0 when met). */
  needed: number | null;
}

export function compareToTarget(
  level: TargetLevel,
  year: number,
  recognised: number,
  units: number,
  own: OwnTarget | null = null,
): TargetComparison {
  const target = targetFor(level, year, own);
  if (units <= 0) return { target, share: null, met: null, needed: null };
  const share = Math.round((recognised * 1000) / units) / 10;
  if (target.count !== null) {
    // A count of communes: the line drawn at its share of today's communes.
    const least = target.comparison === 'above' ? target.count + 1 : target.count;
    return {
      target: { ...target, percent: Math.round((target.count * 1000) / units) / 10 },
      share,
      met: target.comparison === 'above' ? recognised > target.count : recognised >= target.count,
      needed: Math.max(0, Math.min(units, least) - recognised),
    };
  }
  // Integer arithmetic where the percent is whole: recognised/units compared with percent/100 exactly.
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
    share,
    met,
    needed: Math.max(0, Math.min(units, least) - recognised),
  };
}

type Translate = (key: string, params?: Record<string, unknown>) => string;
const dayMonthYear = (iso: string) => iso.split('-').reverse().join('/');

/**
 * The target in words ("trên 70% đến năm 2025", "ít nhất 6 xã, phường đạt chuẩn") and where it comes from
 * (the province's plan, or the national default): the page and the workbook say the same.
 */
export function targetWording(target: Target, t: Translate): { target: string; source: string } {
  const words =
    target.count !== null
      ? t(target.comparison === 'above' ? 'dashboards:target.countAbove' : 'dashboards:target.countAtLeast', {
          count: target.count,
        })
      : t(`dashboards:target.${target.comparison}`, { percent: target.percent });
  const by = target.byYear ? ` ${t('dashboards:target.byYear', { year: target.byYear })}` : '';
  const s = target.source;
  const source = !s
    ? target.level === 'province'
      ? t('dashboards:target.national')
      : ''
    : s.number && s.issuedOn
      ? t('dashboards:target.fromPlan', { number: s.number, date: dayMonthYear(s.issuedOn), text: s.text })
      : t('dashboards:target.fromPlanUnnumbered', { title: s.title, text: s.text });
  return { target: words + by, source };
}
