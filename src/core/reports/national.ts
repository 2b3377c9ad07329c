// The national statistical indicators on children (Thông tư 13/2021/TT-BLĐTBXH, Phụ lục I) that a commune's own
// data can answer, each computed from the statistics catalogue. The mapping is data: a reviewer may correct a
// number, a name or a formula here without touching the export. Indicators the product does not collect are
// listed in docs/statistics-export.md, not here. Pure.
import { z } from 'zod';
import { INJURY_CAUSES, statisticOf, type StatisticValues } from './statistics.ts';

/** The circular the indicators come from, printed in every export's header. */
export const NATIONAL_SOURCE = {
  vi: 'Thông tư 13/2021/TT-BLĐTBXH ngày 30/9/2021 (Phụ lục I: Danh mục chỉ tiêu thống kê về tình hình trẻ em)',
  en: 'Circular 13/2021/TT-BLĐTBXH of 30/9/2021 (Annex I: statistical indicators on the situation of children)',
} as const;

const Label = z.object({ vi: z.string().min(1), en: z.string().min(1) });
const Codes = z.array(z.string().refine((c) => statisticOf(c) !== undefined, { message: 'unknown_statistic' })).min(1);

/** How an indicator is computed: a sum of statistics, or a ratio of two sums scaled (100: %, 100 000: per 100 000). */
export const NationalFormulaSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sum'), of: Codes }),
  z.object({
    kind: z.literal('ratio'),
    numerator: Codes,
    denominator: Codes,
    per: z.union([z.literal(100), z.literal(100_000)]),
  }),
]);
export type NationalFormula = z.infer<typeof NationalFormulaSchema>;

export const NationalIndicatorSchema = z.object({
  /** Our row number, grouped as the annex groups its indicators (see docs: check against the annex). */
  code: z.string().regex(/^\d{2}\.\d{2}[a-z]?$/),
  /** The annex's group: 1 general, 3 protection, 6 participation. */
  group: z.enum(['general', 'protection', 'participation']),
  name: Label,
  unit: Label,
  formula: NationalFormulaSchema,
  /** How the product counts it, when that is narrower or wider than the annex's wording. */
  note: Label.optional(),
});
export type NationalIndicator = z.infer<typeof NationalIndicatorSchema>;

export const NATIONAL_GROUPS: Record<NationalIndicator['group'], { vi: string; en: string }> = {
  general: { vi: 'Nhóm 1. Chỉ tiêu chung về trẻ em', en: 'Group 1. General' },
  protection: { vi: 'Nhóm 3. Bảo vệ trẻ em', en: 'Group 3. Child protection' },
  participation: { vi: 'Nhóm 6. Trẻ em tham gia vào các vấn đề về trẻ em', en: 'Group 6. Children’s participation' },
};

const CHILD = { vi: 'Người', en: 'Persons' };
const PCT = { vi: '%', en: '%' };
const PER_100K = { vi: 'Trẻ em/100.000 trẻ em', en: 'Per 100,000 children' };
const sum = (...of: string[]): NationalFormula => ({ kind: 'sum', of });
const ratio = (numerator: string[], denominator: string[], per: 100 | 100_000): NationalFormula => ({
  kind: 'ratio',
  numerator,
  denominator,
  per,
});
const ind = (
  code: string,
  group: NationalIndicator['group'],
  vi: string,
  en: string,
  unit: { vi: string; en: string },
  formula: NationalFormula,
  note?: { vi: string; en: string },
): NationalIndicator => ({ code, group, name: { vi, en }, unit, formula, ...(note ? { note } : {}) });

// Deaths from injury: every recorded cause is an injury cause; deaths whose cause is not recorded are left out.
const INJURY_DEATHS = INJURY_CAUSES.map((c) => `death.${c}`);
const CHILDREN = ['children.total'];

export const NATIONAL_INDICATORS: readonly NationalIndicator[] = [
  ind('01.01', 'general', 'Dân số trẻ em (dưới 16 tuổi)', 'Child population (under 16)', CHILD, sum('children.total'), {
    vi: 'Trẻ em trong sổ theo dõi của xã tại ngày cuối kỳ (không tính trẻ đã chuyển đi, đã mất)',
    en: 'Children in the commune’s register on the last day (not moved out or dead)',
  }),
  ind('01.02', 'general', 'Số trẻ em dưới 6 tuổi', 'Children under 6', CHILD, sum('children.under6')),
  ind(
    '03.01',
    'protection',
    'Số lượng trẻ em có hoàn cảnh đặc biệt',
    'Children in special circumstances',
    CHILD,
    sum('children.special'),
  ),
  ind(
    '03.02',
    'protection',
    'Tỷ lệ trẻ em có hoàn cảnh đặc biệt',
    'Share of children in special circumstances',
    PCT,
    ratio(['children.special'], CHILDREN, 100),
  ),
  ind(
    '03.03',
    'protection',
    'Số lượng trẻ em có hoàn cảnh đặc biệt được trợ giúp',
    'Children in special circumstances supported',
    CHILD,
    sum('children.special_supported'),
    { vi: 'Được trợ giúp trong kỳ', en: 'Supported within the period' },
  ),
  ind(
    '03.04',
    'protection',
    'Tỷ lệ trẻ em có hoàn cảnh đặc biệt được trợ giúp',
    'Share of children in special circumstances supported',
    PCT,
    ratio(['children.special_supported'], ['children.special'], 100),
  ),
  ind('03.05', 'protection', 'Số trẻ em bị xâm hại', 'Children abused', CHILD, sum('abuse.total'), {
    vi: 'Vụ việc xảy ra trong kỳ và đã được báo đến ngày cuối kỳ; mỗi trẻ tính một lần',
    en: 'Cases that happened in the period and were reported by its last day; each child once',
  }),
  ind('03.05a', 'protection', 'Trong đó: xâm hại tình dục', 'Of which: sexual abuse', CHILD, sum('abuse.sexual')),
  ind(
    '03.05b',
    'protection',
    'Trong đó: bạo lực thể chất',
    'Of which: physical violence',
    CHILD,
    sum('abuse.physical'),
  ),
  ind(
    '03.05c',
    'protection',
    'Trong đó: bạo lực tinh thần',
    'Of which: emotional violence',
    CHILD,
    sum('abuse.emotional'),
  ),
  ind('03.05d', 'protection', 'Trong đó: bỏ mặc, sao nhãng', 'Of which: neglect', CHILD, sum('abuse.neglect')),
  ind('03.05e', 'protection', 'Trong đó: bóc lột', 'Of which: exploitation', CHILD, sum('abuse.exploitation')),
  ind(
    '03.06',
    'protection',
    'Tỷ lệ trẻ em bị xâm hại được hỗ trợ, can thiệp',
    'Share of abused children supported',
    PCT,
    ratio(['abuse.supported'], ['abuse.total'], 100),
  ),
  ind('03.07', 'protection', 'Số trẻ em bị bỏ rơi', 'Children abandoned', CHILD, sum('abandonment.total')),
  ind('03.08', 'protection', 'Số trẻ em bị mua bán', 'Children trafficked', CHILD, sum('trafficking.total')),
  ind(
    '03.09',
    'protection',
    'Số trẻ em lao động trái quy định của pháp luật',
    'Children in unlawful work',
    CHILD,
    sum('child_labour.total'),
  ),
  ind(
    '03.10',
    'protection',
    'Số trẻ em vi phạm pháp luật',
    'Children in conflict with the law',
    CHILD,
    sum('law_violation.total'),
  ),
  ind('03.11', 'protection', 'Số trẻ em sử dụng ma túy', 'Children using drugs', CHILD, sum('drug_use.total')),
  ind('03.12', 'protection', 'Số trẻ em bị tai nạn, thương tích', 'Children injured', CHILD, sum('injury.total'), {
    vi: 'Trẻ em bị thương (không tính trẻ tử vong)',
    en: 'Children injured (deaths are counted apart)',
  }),
  ind(
    '03.13',
    'protection',
    'Tỷ suất trẻ em bị tai nạn, thương tích',
    'Rate of children injured',
    PER_100K,
    ratio(['injury.total'], CHILDREN, 100_000),
  ),
  ind(
    '03.14',
    'protection',
    'Số trẻ em tử vong do tai nạn, thương tích',
    'Children who died of injuries',
    CHILD,
    sum(...INJURY_DEATHS),
    { vi: 'Tử vong có ghi nguyên nhân', en: 'Deaths with a recorded cause' },
  ),
  ind(
    '03.15',
    'protection',
    'Tỷ suất trẻ em tử vong do tai nạn, thương tích',
    'Rate of children who died of injuries',
    PER_100K,
    ratio(INJURY_DEATHS, CHILDREN, 100_000),
  ),
  ind('03.16', 'protection', 'Số trẻ em tử vong do đuối nước', 'Children who drowned', CHILD, sum('death.drowning')),
  ind(
    '03.17',
    'protection',
    'Tỷ suất trẻ em tử vong do đuối nước',
    'Rate of children who drowned',
    PER_100K,
    ratio(['death.drowning'], CHILDREN, 100_000),
  ),
  ind(
    '03.18',
    'protection',
    'Số trẻ em tử vong do tai nạn giao thông',
    'Children who died in traffic accidents',
    CHILD,
    sum('death.traffic'),
  ),
  ind(
    '06.01',
    'participation',
    'Số diễn đàn trẻ em được tổ chức',
    'Children’s forums held',
    { vi: 'Diễn đàn', en: 'Forums' },
    sum('forum.held'),
  ),
  ind(
    '06.02',
    'participation',
    'Số lượt trẻ em tham gia diễn đàn',
    'Children taking part in forums',
    { vi: 'Lượt trẻ em', en: 'Attendances' },
    sum('forum.children'),
  ),
  ind(
    '06.03',
    'participation',
    'Tỷ lệ ý kiến, kiến nghị của trẻ em được trả lời, giải quyết',
    'Share of children’s recommendations answered',
    PCT,
    ratio(['recommendation.answered'], ['recommendation.total'], 100),
  ),
];

export type NationalValues = Record<string, number | null>;

/** Counts summed; a ratio to one decimal, null when the denominator is 0 or a part is missing. */
export function nationalValues(
  values: StatisticValues,
  indicators: readonly NationalIndicator[] = NATIONAL_INDICATORS,
): NationalValues {
  const total = (codes: readonly string[]) => {
    let s = 0;
    for (const c of codes) {
      const v = values[c];
      if (v == null) return null;
      s += v;
    }
    return s;
  };
  const out: NationalValues = {};
  for (const i of indicators) {
    const f = i.formula;
    if (f.kind === 'sum') out[i.code] = total(f.of);
    else {
      const n = total(f.numerator);
      const d = total(f.denominator);
      out[i.code] = n == null || !d ? null : Math.round((10 * f.per * n) / d) / 10;
    }
  }
  return out;
}
