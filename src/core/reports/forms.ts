// Report forms as data: a form is a versioned list of tables, each row bound to a statistic of the catalogue.
// The presets reproduce what the seed plans ask of the 6-month and annual reports, the Action Month report and
// the report on a children's forum; a province may save an adjusted copy for its communes. Pure.
import { addDays, format, parseISO } from 'date-fns';
import { z } from 'zod';
import { STATISTICS, statisticOf, type StatisticValues } from './statistics.ts';

export const REPORT_KINDS = ['six_month', 'annual', 'action_month', 'forum'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
/** The kinds a unit has once a year (a forum's report belongs to the forum). */
export const YEARLY_REPORT_KINDS = ['six_month', 'annual', 'action_month'] as const;
export type YearlyReportKind = (typeof YEARLY_REPORT_KINDS)[number];

const Label = z.object({ vi: z.string().trim().min(1).max(300), en: z.string().trim().max(300) });

export const ReportFormSchema = z.object({
  kind: z.enum(REPORT_KINDS),
  version: z.number().int().min(1),
  title: Label,
  /** Where the layout came from, said in the document's notes. */
  basis: z.string().max(1000),
  tables: z
    .array(
      z.object({
        id: z.string().regex(/^[a-z0-9_]{1,40}$/),
        title: Label,
        rows: z
          .array(
            z.object({
              statistic: z.string().refine((c) => statisticOf(c) !== undefined, { message: 'unknown_statistic' }),
              /** The row's own words, when the form words it differently from the catalogue. */
              label: Label.optional(),
            }),
          )
          .min(1)
          .max(80),
      }),
    )
    .min(1)
    .max(20),
});
export type ReportForm = z.infer<typeof ReportFormSchema>;

const t = (id: string, vi: string, en: string, codes: string[]) => ({
  id,
  title: { vi, en },
  rows: codes.map((statistic) => ({ statistic })),
});

const codesWith = (prefix: string) => STATISTICS.filter((s) => s.code.startsWith(prefix)).map((s) => s.code);

const SITUATION = [
  t('children', 'Tình hình trẻ em trên địa bàn', 'Children in the area', codesWith('children.')),
  t(
    'protection',
    'Trẻ em bị xâm hại, bạo lực, bóc lột và trẻ em vi phạm pháp luật',
    'Children abused, exploited or in conflict with the law',
    [
      ...codesWith('abuse.'),
      'abandonment.total',
      'trafficking.total',
      'child_labour.total',
      'law_violation.total',
      'drug_use.total',
    ],
  ),
  t('injury', 'Tai nạn, thương tích trẻ em', 'Injuries to children', [
    'drowning.total',
    ...codesWith('injury.'),
    ...codesWith('death.'),
  ]),
  t('hazards', 'Điểm có nguy cơ gây đuối nước, tai nạn cho trẻ em', 'Hazard sites', codesWith('hazard.')),
];
const PARTICIPATION = t('participation', 'Trẻ em tham gia, sự kiện vì trẻ em', "Children's participation and events", [
  'forum.held',
  'forum.children',
  'forum.under30',
  'consultation.held',
  'recommendation.total',
  'recommendation.answered',
  'recommendation.answered_rate',
  'event.total',
  'event.action_month',
  'event.participants',
]);
const ACTIVITIES = t('activities', 'Truyền thông, tập huấn, kiểm tra', 'Communication, training, inspection', [
  ...codesWith('communication.'),
  ...codesWith('training.'),
  'inspection.total',
  'violation.handled',
]);
const BUDGET = t('budget', 'Kinh phí thực hiện', 'Funding', [...codesWith('budget.'), ...codesWith('fund.')]);

const PERIODIC_BASIS =
  'Nội dung theo yêu cầu báo cáo của các kế hoạch mẫu (xã An Sơn, phường 1, xã Liên Sơn 2024; huyện Tháp Mười 2024; tỉnh Bắc Kạn 2019) và nhóm chỉ tiêu bảo vệ trẻ em của Thông tư 13/2021/TT-BLĐTBXH; thời gian chốt số liệu theo Nghị định 09/2019/NĐ-CP.';

/** The national presets, one per kind (version 1). */
export const PRESET_FORMS: Record<ReportKind, ReportForm> = {
  six_month: {
    kind: 'six_month',
    version: 1,
    title: { vi: 'Báo cáo 6 tháng công tác trẻ em', en: 'Six-month report on child affairs' },
    basis: PERIODIC_BASIS,
    tables: [...SITUATION, PARTICIPATION, ACTIVITIES, BUDGET],
  },
  annual: {
    kind: 'annual',
    version: 1,
    title: { vi: 'Báo cáo năm công tác trẻ em', en: 'Annual report on child affairs' },
    basis: PERIODIC_BASIS,
    tables: [...SITUATION, PARTICIPATION, ACTIVITIES, BUDGET],
  },
  action_month: {
    kind: 'action_month',
    version: 1,
    title: { vi: 'Báo cáo kết quả Tháng hành động vì trẻ em', en: 'Report on the Action Month for Children' },
    basis: 'Báo cáo kết quả Tháng hành động vì trẻ em (01/6–30/6) gửi Ủy ban nhân dân tỉnh theo phân cấp từ 01/7/2025.',
    tables: [
      t('activities', 'Hoạt động trong Tháng hành động', 'Activities in the Action Month', [
        'event.action_month',
        'event.participants',
        ...codesWith('communication.'),
        'gift.count',
        'gift.value',
        'budget.mobilised',
      ]),
      t('situation', 'Tình hình trẻ em trong tháng', 'Children in the month', [
        'abuse.total',
        'injury.total',
        'drowning.total',
        'death.total',
        'children.special_supported',
      ]),
    ],
  },
  forum: {
    kind: 'forum',
    version: 1,
    title: { vi: 'Báo cáo kết quả tổ chức Diễn đàn trẻ em', en: "Report on a children's forum" },
    basis:
      'Thông tư 29/2019/TT-BLĐTBXH (diễn đàn có ít nhất 30 trẻ em); báo cáo gửi cấp trên trong 15 ngày sau diễn đàn.',
    tables: [
      t('participants', 'Trẻ em tham gia', 'Children taking part', ['forum.children', 'forum.boys', 'forum.girls']),
      t('recommendations', 'Ý kiến, kiến nghị của trẻ em', "Children's recommendations", [
        'recommendation.total',
        'recommendation.answered',
        'recommendation.answered_rate',
      ]),
      t('funding', 'Kinh phí', 'Funding', ['budget.spent']),
    ],
  },
};

export interface FormRowValue {
  statistic: string;
  label: { vi: string; en: string };
  unit: { vi: string; en: string };
  kind: 'count' | 'amount' | 'rate';
  /** Typed in by the unit (the others are counted). */
  entered: boolean;
  value: number | null;
}
export interface FormTableValue {
  id: string;
  title: { vi: string; en: string };
  rows: FormRowValue[];
}

/** The form's tables filled with the values. */
export function fillForm(form: ReportForm, values: StatisticValues): FormTableValue[] {
  return form.tables.map((table) => ({
    id: table.id,
    title: table.title,
    rows: table.rows.map((row) => {
      const def = statisticOf(row.statistic)!;
      return {
        statistic: row.statistic,
        label: row.label ?? def.label,
        unit: def.unit,
        kind: def.kind,
        entered: def.kind !== 'rate' && def.source === 'entered',
        value: values[row.statistic] ?? null,
      };
    }),
  }));
}

/** The statistics a form asks the unit to type in. */
export function enteredCodes(form: ReportForm): string[] {
  const codes = new Set<string>();
  for (const table of form.tables)
    for (const row of table.rows) {
      const def = statisticOf(row.statistic);
      if (def && def.kind !== 'rate' && def.source === 'entered') codes.add(row.statistic);
    }
  return [...codes];
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const shift = (iso: string, days: number) => format(addDays(parseISO(iso), days), 'yyyy-MM-dd');
const dayBefore = (iso: string) => shift(iso, -1);
const laterOf = (a: string, b: string) => (a > b ? a : b);
const earlierOf = (a: string, b: string) => (a < b ? a : b);

/**
 * The days a report's data cover (yyyy-mm-dd, both ends included). The 6-month and annual reports run from
 * 15/12 of the year before to the cut-off (Nghị định 09/2019/NĐ-CP, Điều 12: 14/6 and 14/12), or the plan's
 * own cut-off (MM-DD); a report due before that default cut-off counts up to the day before it is due. The
 * Action Month report covers 01/6–30/6, a forum's report the forum's day.
 */
export function reportPeriod(
  kind: ReportKind,
  year: number,
  options: { dueOn: string; cutoff?: string | null; heldOn?: string },
): { from: string; to: string } {
  if (kind === 'forum') {
    if (!options.heldOn || !DAY.test(options.heldOn)) throw new Error('a forum report needs the forum day');
    return { from: options.heldOn, to: options.heldOn };
  }
  if (kind === 'action_month') return { from: `${year}-06-01`, to: `${year}-06-30` };
  const from = `${year - 1}-12-15`;
  if (options.cutoff) return { from, to: laterOf(from, `${year}-${options.cutoff}`) };
  const statutory = `${year}-${kind === 'six_month' ? '06-14' : '12-14'}`;
  return { from, to: laterOf(from, earlierOf(statutory, dayBefore(options.dueOn))) };
}

/** A forum's report is due 15 days after the forum. */
export function forumReportDue(heldOn: string): string {
  return shift(heldOn, 15);
}

/** A children's forum under Thông tư 29/2019 has at least 30 children. */
export const FORUM_MIN_CHILDREN = 30;
