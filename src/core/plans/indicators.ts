// Measured indicators a plan's target can be linked to ("100% trẻ em có hoàn cảnh đặc biệt được trợ giúp" →
// the C06 support rate), computed from a commune's criteria inputs and score, or from the statistics the
// reports count ("không để trẻ em bị đuối nước" → drowning.total). Pure: the server, the web page and the
// reports all read the same definitions.
import { isSensitiveStatistic, statisticOf, type StatisticValues } from '../reports/statistics.ts';
import type { ScoreResult } from '../scoring/engine.ts';
import type { InputValues } from '../scoring/validate.ts';
import type { TargetComparison } from './plan.ts';

type Label = { vi: string; en: string };

export type IndicatorDef =
  | { code: string; kind: 'ratio'; numerator: string; denominator: string; better: 'higher' | 'lower'; label: Label }
  | { code: string; kind: 'count'; input: string; better: 'higher' | 'lower'; label: Label }
  | { code: string; kind: 'flag'; input: string; label: Label }
  | { code: string; kind: 'score'; label: Label }
  | { code: string; kind: 'recognized'; label: Label }
  /**
   * A statistic of the reports' catalogue counted over the plan's year (a province: summed over its communes,
   * rates from the sums). `percent`: the statistic is a rate. `sensitive`: counts of harmed children, shown
   * exactly only to those who see the commune's sensitive counts exactly (src/core/privacy/disclosure.ts).
   */
  /**
   * Measured over a province's current communes: how many of them (`count`), or what share (`percent`), are
   * recognised, have issued their plan (on time), sent their report on time, carry a 5-year commitment, or
   * have a hazard site left unfenced. A commune measures none.
   */
  | { code: string; kind: 'communes'; of: CommuneFact; percent: boolean; better: 'higher' | 'lower'; label: Label }
  | {
      code: string;
      kind: 'statistic';
      statistic: string;
      percent: boolean;
      sensitive: boolean;
      better: 'higher' | 'lower';
      label: Label;
    };

/** What is counted of each commune by the 'communes' indicators (src/server/features/plans/measures.ts). */
export const COMMUNE_FACTS = [
  'recognised',
  'plan_issued',
  'plan_on_time',
  'report_on_time',
  'committed',
  'hazard_unfenced',
] as const;
export type CommuneFact = (typeof COMMUNE_FACTS)[number];

const communes = (
  of: CommuneFact,
  better: 'higher' | 'lower',
  [viRate, enRate]: [string, string],
  [viCount, enCount]: [string, string],
): IndicatorDef[] => [
  { code: `communes.${of}_rate`, kind: 'communes', of, percent: true, better, label: { vi: viRate, en: enRate } },
  { code: `communes.${of}`, kind: 'communes', of, percent: false, better, label: { vi: viCount, en: enCount } },
];

/** The province's targets over its communes (Bắc Kạn: "trên 70% xã đạt"; Tháp Mười: "duy trì 06/13 xã"). */
export const COMMUNE_INDICATORS: readonly IndicatorDef[] = [
  ...communes(
    'recognised',
    'higher',
    ['Tỷ lệ xã đạt chuẩn phù hợp với trẻ em (%)', 'Communes recognised as child-friendly (%)'],
    ['Số xã đạt chuẩn phù hợp với trẻ em', 'Communes recognised as child-friendly'],
  ),
  ...communes(
    'plan_issued',
    'higher',
    ['Tỷ lệ xã ban hành kế hoạch trong năm (%)', 'Communes with an issued plan for the year (%)'],
    ['Số xã ban hành kế hoạch trong năm', 'Communes with an issued plan for the year'],
  ),
  ...communes(
    'plan_on_time',
    'higher',
    ['Tỷ lệ xã ban hành, gửi kế hoạch đúng hạn (%)', 'Communes with their plan issued and sent on time (%)'],
    ['Số xã ban hành, gửi kế hoạch đúng hạn', 'Communes with their plan issued and sent on time'],
  ),
  ...communes(
    'report_on_time',
    'higher',
    ['Tỷ lệ xã gửi báo cáo năm đúng hạn (%)', 'Communes with the annual report sent on time (%)'],
    ['Số xã gửi báo cáo năm đúng hạn', 'Communes with the annual report sent on time'],
  ),
  ...communes(
    'committed',
    'higher',
    ['Tỷ lệ xã đăng ký, cam kết xây dựng xã phù hợp với trẻ em (%)', 'Communes with a 5-year commitment (%)'],
    ['Số xã đăng ký, cam kết xây dựng xã phù hợp với trẻ em', 'Communes with a 5-year commitment'],
  ),
  ...communes(
    'hazard_unfenced',
    'lower',
    ['Tỷ lệ xã còn điểm nguy cơ đuối nước, tai nạn chưa rào chắn (%)', 'Communes with a hazard site unfenced (%)'],
    ['Số xã còn điểm nguy cơ đuối nước, tai nạn chưa rào chắn', 'Communes with a hazard site unfenced'],
  ),
];

const ratio = (
  code: string,
  numerator: string,
  denominator: string,
  better: 'higher' | 'lower',
  vi: string,
  en: string,
): IndicatorDef => ({
  code,
  kind: 'ratio',
  numerator,
  denominator,
  better,
  label: { vi, en },
});

/** Indicators bound to a statistic: the indicator's code is the statistic's. */
const statistic = (code: string, better: 'higher' | 'lower', vi: string, en: string): IndicatorDef => ({
  code,
  kind: 'statistic',
  statistic: code,
  percent: statisticOf(code)?.kind === 'rate',
  sensitive: isSensitiveStatistic(code),
  better,
  label: { vi, en },
});

/** The targets the seed plans set on the reports' statistics (An Sơn: "không để xảy ra trẻ em bị đuối nước"). */
export const STATISTIC_INDICATORS: readonly IndicatorDef[] = [
  statistic(
    'drowning.total',
    'lower',
    'Số trẻ em bị đuối nước trong năm (kể cả tử vong; mục tiêu 0)',
    'Children drowned in the year (fatal or not; goal 0)',
  ),
  statistic(
    'hazard.fenced_rate',
    'higher',
    'Tỷ lệ điểm có nguy cơ gây đuối nước, tai nạn có rào chắn, nắp đậy (%)',
    'Hazard sites fenced or covered (%)',
  ),
  // Counted from the activity log ("01 tin bài mỗi tháng", "họp Ban bảo vệ trẻ em hằng quý").
  statistic(
    'communication.broadcasts',
    'higher',
    'Số lần tuyên truyền trên loa truyền thanh',
    'Loudspeaker broadcasts',
  ),
  statistic('communication.news', 'higher', 'Số tin, bài tuyên truyền', 'News items and articles'),
  statistic('communication.sessions', 'higher', 'Số buổi truyền thông trực tiếp', 'Face-to-face sessions'),
  statistic('training.sessions', 'higher', 'Số lớp tập huấn, bồi dưỡng', 'Training courses'),
  statistic('training.participants', 'higher', 'Số lượt người được tập huấn', 'Trainees'),
  statistic('inspection.total', 'higher', 'Số cuộc kiểm tra, giám sát', 'Inspections'),
  statistic('club.activities', 'higher', 'Số buổi sinh hoạt câu lạc bộ trẻ em', "Children's club meetings"),
  statistic('board.meetings', 'higher', 'Số cuộc họp Ban bảo vệ trẻ em', 'Meetings of the child-protection board'),
  statistic(
    'model.safe_community',
    'higher',
    'Số mô hình cộng đồng an toàn cho trẻ em',
    'Safe-community models for children',
  ),
  statistic('fund.raised', 'higher', 'Quỹ Bảo trợ trẻ em vận động được (đồng)', 'Child Protection Fund raised (VND)'),
];

export const INDICATORS: readonly IndicatorDef[] = [
  ratio(
    'C02.registered_rate',
    'C02.registered',
    'C02.births',
    'higher',
    'Tỷ lệ trẻ em được đăng ký khai sinh đúng hạn (%)',
    'Births registered on time (%)',
  ),
  ratio(
    'C03.supported_rate',
    'C03.supported',
    'C03.abused',
    'higher',
    'Tỷ lệ trẻ em bị xâm hại được hỗ trợ, can thiệp (%)',
    'Abused children supported (%)',
  ),
  ratio(
    'C06.supported_rate',
    'C06.supported',
    'C06.special',
    'higher',
    'Tỷ lệ trẻ em có hoàn cảnh đặc biệt được trợ giúp (%)',
    'Children in special circumstances supported (%)',
  ),
  ratio(
    'C06.planned_rate',
    'C06.planned',
    'C06.cases',
    'higher',
    'Tỷ lệ vụ việc có kế hoạch can thiệp đúng hạn (%)',
    'Cases with a timely intervention plan (%)',
  ),
  ratio(
    'C07.immunized_rate',
    'C07.immunized',
    'pop.under1',
    'higher',
    'Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ (%)',
    'Children under 1 fully immunised (%)',
  ),
  ratio(
    'C08.underweight_rate',
    'C08.underweight',
    'C08.weighed',
    'lower',
    'Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng thể nhẹ cân (%)',
    'Underweight children under 5 (%)',
  ),
  ratio(
    'C08.stunted_rate',
    'C08.stunted',
    'C08.weighed',
    'lower',
    'Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng thể thấp còi (%)',
    'Stunted children under 5 (%)',
  ),
  ratio(
    'C09.checked_rate',
    'C09.checked',
    'C09.eligible',
    'higher',
    'Tỷ lệ trẻ em được khám sức khỏe định kỳ (%)',
    'Children with a periodic health check (%)',
  ),
  ratio(
    'C10.attending_rate',
    'C10.attending',
    'pop.age3to5',
    'higher',
    'Tỷ lệ trẻ em 3–5 tuổi đi học mẫu giáo (%)',
    'Children aged 3–5 in preschool (%)',
  ),
  ratio(
    'C11.consulted_rate',
    'C11.consulted',
    'C11.eligible',
    'higher',
    'Tỷ lệ trẻ em được lấy ý kiến (%)',
    'Children consulted (%)',
  ),
  ratio(
    'C13.satisfied_rate',
    'C13.satisfied',
    'C13.respondents',
    'higher',
    'Tỷ lệ hài lòng về thực hiện quyền trẻ em (%)',
    'Satisfaction with children’s rights (%)',
  ),
  {
    code: 'C05.deaths',
    kind: 'count',
    input: 'C05.deaths',
    better: 'lower',
    label: { vi: 'Số trẻ em tử vong do tai nạn, thương tích', en: 'Child deaths from injuries' },
  },
  {
    code: 'C12.events',
    kind: 'count',
    input: 'C12.events',
    better: 'higher',
    label: { vi: 'Số hoạt động vui chơi, giải trí cho trẻ em', en: 'Events for children' },
  },
  {
    code: 'C11.forum',
    kind: 'flag',
    input: 'C11.forum',
    label: { vi: 'Tổ chức diễn đàn trẻ em', en: 'Children’s forum held' },
  },
  {
    code: 'C01.board',
    kind: 'flag',
    input: 'C01.board',
    label: { vi: 'Có ban chỉ đạo bảo vệ, chăm sóc trẻ em', en: 'Child protection board in place' },
  },
  {
    code: 'score.total',
    kind: 'score',
    label: { vi: 'Tổng điểm đánh giá xã phù hợp với trẻ em', en: 'Child-friendly commune total score' },
  },
  {
    code: 'recognized',
    kind: 'recognized',
    label: { vi: 'Xã đạt chuẩn phù hợp với trẻ em', en: 'Commune recognised as child-friendly' },
  },
  ...STATISTIC_INDICATORS,
  ...COMMUNE_INDICATORS,
];

const BY_CODE = new Map(INDICATORS.map((d) => [d.code, d]));
export const indicatorDef = (code: string): IndicatorDef | undefined => BY_CODE.get(code);

/** Indicators measured as a yes/no: their goal is implied (yes). */
export const isFlagIndicator = (def: IndicatorDef) => def.kind === 'flag' || def.kind === 'recognized';

/** Indicators measured in % (their goal is 0–100, their value shown with %). */
export const isPercentIndicator = (def: IndicatorDef | undefined) =>
  def?.kind === 'ratio' || ((def?.kind === 'statistic' || def?.kind === 'communes') && def.percent);

/** Indicators only a province measures (over its communes): a commune's plan cannot carry them. */
export const isProvinceIndicator = (def: IndicatorDef | undefined) => def?.kind === 'communes';

/** The statistic an indicator reads, when it reads one (measured from the reports' statistics, not the criteria). */
export const indicatorStatistic = (code: string | null): string | null => {
  const def = code ? indicatorDef(code) : undefined;
  return def?.kind === 'statistic' ? def.statistic : null;
};

/** The criterion inputs an indicator reads: a measured value is withheld wherever one of them is. */
export function indicatorInputs(code: string | null): string[] {
  const def = code ? indicatorDef(code) : undefined;
  if (!def) return [];
  return def.kind === 'ratio'
    ? [def.numerator, def.denominator]
    : def.kind === 'count' || def.kind === 'flag'
      ? [def.input]
      : [];
}

export interface Measurement {
  /** The measured value: a percentage, a count, a score, or 1/0 for a flag; null when the data are missing. */
  value: number | null;
  /** Whether the goal is met; null when there is no goal or no value. */
  met: boolean | null;
}

const num = (v: unknown): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'boolean' ? (v ? 1 : 0) : null;

/**
 * Measures an indicator on a commune's inputs (and score, when computed), or on the unit's statistics for the
 * year (`statistics`: src/core/reports/statistics.ts values; absent: a statistic indicator is not measured),
 * against an optional goal.
 */
export function measure(
  code: string,
  values: InputValues,
  score: ScoreResult | null,
  goal: number | null,
  statistics?: StatisticValues | null,
  comparison?: TargetComparison | null,
): Measurement {
  const def = indicatorDef(code);
  if (!def) return { value: null, met: null };
  let value: number | null = null;
  let better: 'higher' | 'lower' = 'higher';
  switch (def.kind) {
    case 'ratio': {
      const n = num(values[def.numerator]);
      const d = num(values[def.denominator]);
      // No children in the denominator: nothing to measure (the criterion itself treats it as "no cases").
      value = n === null || d === null || d === 0 ? null : Math.round((1000 * n) / d) / 10;
      better = def.better;
      break;
    }
    case 'count':
      value = num(values[def.input]);
      better = def.better;
      break;
    case 'flag':
      value = num(values[def.input]);
      return { value, met: value === null ? null : value === 1 };
    case 'communes':
      // Measured over a province's communes only (measureProvince).
      return { value: null, met: null };
    case 'score':
      value = score ? score.total : null;
      break;
    case 'recognized':
      return { value: score ? (score.recognized ? 1 : 0) : null, met: score ? score.recognized : null };
    case 'statistic':
      value = num(statistics?.[def.statistic]);
      better = def.better;
      break;
  }
  return { value, met: meets(value, goal, comparison ?? null, better) };
}

/**
 * Whether a value meets its goal: by the target's comparison ("trên 70%": above; "không quá": at most), or
 * when it names none, inclusively in the indicator's better direction.
 */
export function meets(
  value: number | null,
  goal: number | null,
  comparison: TargetComparison | null,
  better: 'higher' | 'lower',
): boolean | null {
  if (value === null || goal === null) return null;
  switch (comparison ?? (better === 'higher' ? 'at_least' : 'at_most')) {
    case 'at_least':
      return value >= goal;
    case 'above':
      return value > goal;
    case 'at_most':
      return value <= goal;
    case 'below':
      return value < goal;
  }
}

/** A province's figures for its communes in a year (one row per current commune). */
export interface CommuneFigures {
  values: InputValues;
  score: ScoreResult | null;
  facts: Readonly<Record<CommuneFact, boolean>>;
}

/** Share in percent with one decimal, or null over no unit. */
const share = (n: number, d: number): number | null => (d === 0 ? null : Math.round((1000 * n) / d) / 10);

/**
 * Measures an indicator over a province's communes: a 'communes' indicator counts them (or their share);
 * a commune indicator rolls up: a ratio from the summed numerators and denominators, a count summed, a flag
 * or recognition as the share of communes with it, a score as the communes' mean. Statistic indicators are
 * measured on the province's statistics (measure()).
 */
export function measureProvince(
  code: string,
  communes: readonly CommuneFigures[],
  goal: number | null,
  comparison: TargetComparison | null = null,
): Measurement {
  const def = indicatorDef(code);
  if (!def || def.kind === 'statistic') return { value: null, met: null };
  let value: number | null = null;
  let better: 'higher' | 'lower' = 'higher';
  const sum = (input: string) => {
    const vs = communes.map((c) => num(c.values[input])).filter((v): v is number => v !== null);
    return vs.length ? vs.reduce((a, b) => a + b, 0) : null;
  };
  switch (def.kind) {
    case 'communes': {
      const n = communes.filter((c) => c.facts[def.of]).length;
      value = def.percent ? share(n, communes.length) : n;
      better = def.better;
      break;
    }
    case 'ratio': {
      // Only communes with both figures count: a missing denominator must not dilute the rate.
      let n = 0;
      let d = 0;
      for (const c of communes) {
        const cn = num(c.values[def.numerator]);
        const cd = num(c.values[def.denominator]);
        if (cn === null || cd === null) continue;
        n += cn;
        d += cd;
      }
      value = share(n, d);
      better = def.better;
      break;
    }
    case 'count':
      value = sum(def.input);
      better = def.better;
      break;
    case 'flag': {
      const known = communes.filter((c) => num(c.values[def.input]) !== null);
      value = share(known.filter((c) => num(c.values[def.input]) === 1).length, known.length);
      break;
    }
    case 'recognized': {
      const scored = communes.filter((c) => c.score);
      value = share(scored.filter((c) => c.score!.recognized).length, communes.length);
      break;
    }
    case 'score': {
      const scored = communes.filter((c) => c.score).map((c) => c.score!.total);
      value = scored.length ? Math.round((10 * scored.reduce((a, b) => a + b, 0)) / scored.length) / 10 : null;
      break;
    }
  }
  return { value, met: meets(value, goal, comparison, better) };
}
