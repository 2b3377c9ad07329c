// The statistics a report can hold: each one's code, words, how it is counted (from the register, forums,
// hazard list and activity log, or typed in by the unit) and how it adds up across units. One catalogue for the report forms,
// the consolidated report, the plans' indicators and the statistics export. Pure.

type Label = { vi: string; en: string };

/** Causes of injury and death, the national list the cases use. */
export const INJURY_CAUSES = [
  'drowning',
  'traffic',
  'fall',
  'burn',
  'poisoning',
  'electric_shock',
  'animal_bite',
  'violence',
  'other',
] as const;
export type InjuryCause = (typeof INJURY_CAUSES)[number];

export const INJURY_CAUSE_LABELS: Record<InjuryCause, Label> = {
  drowning: { vi: 'Đuối nước', en: 'Drowning' },
  traffic: { vi: 'Tai nạn giao thông', en: 'Traffic accident' },
  fall: { vi: 'Ngã', en: 'Fall' },
  burn: { vi: 'Bỏng', en: 'Burn' },
  poisoning: { vi: 'Ngộ độc', en: 'Poisoning' },
  electric_shock: { vi: 'Điện giật', en: 'Electric shock' },
  animal_bite: { vi: 'Động vật cắn', en: 'Animal bite' },
  violence: { vi: 'Bạo lực', en: 'Violence' },
  other: { vi: 'Nguyên nhân khác', en: 'Other cause' },
};

/** Kinds of hazard site a commune lists: where children may drown or fall. */
export const HAZARD_KINDS = ['pond', 'river', 'canal', 'well', 'pit', 'other'] as const;
export type HazardKind = (typeof HAZARD_KINDS)[number];

export const HAZARD_KIND_LABELS: Record<HazardKind, Label> = {
  pond: { vi: 'Ao, hồ', en: 'Pond or lake' },
  river: { vi: 'Sông, suối', en: 'River or stream' },
  canal: { vi: 'Kênh, mương', en: 'Canal or ditch' },
  well: { vi: 'Giếng', en: 'Well' },
  pit: { vi: 'Hố sâu, hố công trình', en: 'Pit or open excavation' },
  other: { vi: 'Khác', en: 'Other' },
};

/** Where a statistic's value comes from. */
export type StatisticSource = 'register' | 'hazards' | 'forums' | 'activities' | 'entered';

export type StatisticDef =
  /** A number of children, cases, sites, sessions: summed across units. */
  | { code: string; kind: 'count'; source: StatisticSource; unit: Label; label: Label }
  /**
   * A sum of money in đồng: summed across units. Typed in, or counted from the activity log; `logged`: typed in,
   * and what the plans hold stands where nothing was typed (budget.planned: the issued plans' budget lines of the
   * year; budget.spent: what the log charged to them).
   */
  | { code: string; kind: 'amount'; source: 'entered' | 'activities'; logged?: boolean; unit: Label; label: Label }
  /** numerator / denominator in %, recomputed from the summed counts (never a mean of rates). */
  | { code: string; kind: 'rate'; numerator: string; denominator: string; unit: Label; label: Label };

const CHILDREN: Label = { vi: 'trẻ em', en: 'children' };
const TIMES: Label = { vi: 'lượt', en: 'times' };
const SITES: Label = { vi: 'điểm', en: 'sites' };
const SESSIONS: Label = { vi: 'buổi', en: 'sessions' };
const ITEMS: Label = { vi: 'tin, bài', en: 'items' };
const PEOPLE: Label = { vi: 'lượt người', en: 'attendances' };
const DONG: Label = { vi: 'đồng', en: 'VND' };
const PERCENT: Label = { vi: '%', en: '%' };

const count = (code: string, source: StatisticSource, unit: Label, vi: string, en: string): StatisticDef => ({
  code,
  kind: 'count',
  source,
  unit,
  label: { vi, en },
});
const entered = (code: string, unit: Label, vi: string, en: string) => count(code, 'entered', unit, vi, en);
const amount = (code: string, vi: string, en: string, source: 'entered' | 'activities' = 'entered'): StatisticDef => ({
  code,
  kind: 'amount',
  source,
  unit: DONG,
  label: { vi, en },
});
const logged = (code: string, unit: Label, vi: string, en: string) => count(code, 'activities', unit, vi, en);
const rate = (code: string, numerator: string, denominator: string, vi: string, en: string): StatisticDef => ({
  code,
  kind: 'rate',
  numerator,
  denominator,
  unit: PERCENT,
  label: { vi, en },
});

const ABUSE_FORMS = [
  ['sexual', 'Xâm hại tình dục', 'Sexual abuse'],
  ['physical', 'Bạo lực thể chất', 'Physical violence'],
  ['emotional', 'Bạo lực tinh thần', 'Emotional violence'],
  ['neglect', 'Bỏ mặc, sao nhãng', 'Neglect'],
  ['exploitation', 'Bóc lột', 'Exploitation'],
] as const;

const byCause = (kind: 'injury' | 'death', vi: string, en: string) => [
  ...INJURY_CAUSES.map((c) =>
    count(
      `${kind}.${c}`,
      'register',
      CHILDREN,
      `${vi}: ${INJURY_CAUSE_LABELS[c].vi.toLowerCase()}`,
      `${en}: ${INJURY_CAUSE_LABELS[c].en.toLowerCase()}`,
    ),
  ),
  count(`${kind}.unrecorded`, 'register', CHILDREN, `${vi}: chưa ghi nguyên nhân`, `${en}: cause not recorded`),
];

export const STATISTICS: readonly StatisticDef[] = [
  // Children in the commune, as the register stands at the cut-off.
  count('children.total', 'register', CHILDREN, 'Tổng số trẻ em (dưới 16 tuổi)', 'Children (under 16)'),
  count('children.under6', 'register', CHILDREN, 'Trẻ em dưới 6 tuổi', 'Children under 6'),
  count('children.special', 'register', CHILDREN, 'Trẻ em có hoàn cảnh đặc biệt', 'Children in special circumstances'),
  count(
    'children.special_supported',
    'register',
    CHILDREN,
    'Trẻ em có hoàn cảnh đặc biệt được trợ giúp trong kỳ',
    'Children in special circumstances supported in the period',
  ),
  rate(
    'children.special_supported_rate',
    'children.special_supported',
    'children.special',
    'Tỷ lệ trẻ em có hoàn cảnh đặc biệt được trợ giúp',
    'Children in special circumstances supported',
  ),
  // Abuse and other protection cases that happened in the period and were known by the cut-off.
  count('abuse.total', 'register', CHILDREN, 'Trẻ em bị xâm hại', 'Children abused'),
  ...ABUSE_FORMS.map(([f, vi, en]) =>
    count(
      `abuse.${f}`,
      'register',
      CHILDREN,
      `Trẻ em bị xâm hại: ${vi.toLowerCase()}`,
      `Children abused: ${en.toLowerCase()}`,
    ),
  ),
  count(
    'abuse.supported',
    'register',
    CHILDREN,
    'Trẻ em bị xâm hại được hỗ trợ, can thiệp',
    'Abused children supported',
  ),
  rate(
    'abuse.supported_rate',
    'abuse.supported',
    'abuse.total',
    'Tỷ lệ trẻ em bị xâm hại được hỗ trợ, can thiệp',
    'Abused children supported',
  ),
  count('abandonment.total', 'register', CHILDREN, 'Trẻ em bị bỏ rơi', 'Children abandoned'),
  count('trafficking.total', 'register', CHILDREN, 'Trẻ em bị mua bán', 'Children trafficked'),
  count('law_violation.total', 'register', CHILDREN, 'Trẻ em vi phạm pháp luật', 'Children in conflict with the law'),
  count('drug_use.total', 'register', CHILDREN, 'Trẻ em sử dụng ma túy', 'Children using drugs'),
  count(
    'child_labour.total',
    'register',
    CHILDREN,
    'Trẻ em lao động trái quy định của pháp luật',
    'Children in unlawful work',
  ),
  // Injuries and deaths by cause.
  count('injury.total', 'register', CHILDREN, 'Trẻ em bị tai nạn, thương tích', 'Children injured'),
  ...byCause('injury', 'Bị thương', 'Injured'),
  count('death.total', 'register', CHILDREN, 'Trẻ em tử vong', 'Children who died'),
  ...byCause('death', 'Tử vong', 'Died'),
  count(
    'drowning.total',
    'register',
    CHILDREN,
    'Trẻ em bị đuối nước (kể cả tử vong)',
    'Children drowned (fatal or not)',
  ),
  // Hazard sites as the list stands at the cut-off.
  count('hazard.listed', 'hazards', SITES, 'Điểm có nguy cơ đuối nước, tai nạn đã rà soát', 'Hazard sites listed'),
  count('hazard.fixed', 'hazards', SITES, 'Điểm đã khắc phục (lấp, đóng)', 'Hazard sites removed'),
  count('hazard.open', 'hazards', SITES, 'Điểm còn nguy cơ', 'Hazard sites remaining'),
  count(
    'hazard.fenced',
    'hazards',
    SITES,
    'Điểm còn nguy cơ đã có rào chắn, nắp đậy',
    'Remaining sites fenced or covered',
  ),
  count('hazard.signposted', 'hazards', SITES, 'Điểm còn nguy cơ đã có biển cảnh báo', 'Remaining sites signposted'),
  count(
    'hazard.unsafe',
    'hazards',
    SITES,
    'Điểm chưa có rào chắn, chưa có biển cảnh báo',
    'Sites neither fenced nor signposted',
  ),
  rate(
    'hazard.fenced_rate',
    'hazard.fenced',
    'hazard.open',
    'Tỷ lệ điểm nguy cơ có rào chắn, nắp đậy',
    'Remaining sites fenced',
  ),
  // Children's participation.
  count(
    'forum.held',
    'forums',
    { vi: 'diễn đàn', en: 'forums' },
    'Diễn đàn trẻ em đã tổ chức',
    "Children's forums held",
  ),
  count('forum.children', 'forums', CHILDREN, 'Trẻ em tham gia diễn đàn', 'Children taking part in forums'),
  count('forum.boys', 'forums', CHILDREN, 'Trẻ em nam tham gia', 'Boys taking part'),
  count('forum.girls', 'forums', CHILDREN, 'Trẻ em nữ tham gia', 'Girls taking part'),
  count(
    'forum.under30',
    'forums',
    { vi: 'diễn đàn', en: 'forums' },
    'Diễn đàn có dưới 30 trẻ em tham gia',
    'Forums with fewer than 30 children',
  ),
  count('consultation.held', 'forums', SESSIONS, 'Buổi lấy ý kiến trẻ em', 'Consultations of children'),
  count(
    'recommendation.total',
    'forums',
    { vi: 'ý kiến', en: 'items' },
    'Ý kiến, kiến nghị của trẻ em',
    "Children's recommendations",
  ),
  count(
    'recommendation.answered',
    'forums',
    { vi: 'ý kiến', en: 'items' },
    'Ý kiến, kiến nghị đã được trả lời',
    'Recommendations answered',
  ),
  rate(
    'recommendation.answered_rate',
    'recommendation.answered',
    'recommendation.total',
    'Tỷ lệ ý kiến, kiến nghị được trả lời',
    'Recommendations answered',
  ),
  count(
    'event.total',
    'forums',
    { vi: 'sự kiện', en: 'events' },
    'Sự kiện, hoạt động cho trẻ em',
    'Events for children',
  ),
  count(
    'event.action_month',
    'forums',
    { vi: 'sự kiện', en: 'events' },
    'Hoạt động Tháng hành động vì trẻ em',
    'Action Month activities',
  ),
  count('event.participants', 'forums', PEOPLE, 'Lượt trẻ em tham gia sự kiện', 'Children at events'),
  // Counted from the activity log (src/core/activities/statistics.ts): communication, training, inspection…
  logged('communication.broadcasts', TIMES, 'Tuyên truyền trên hệ thống loa truyền thanh', 'Loudspeaker broadcasts'),
  logged('communication.news', ITEMS, 'Tin, bài, phóng sự', 'News items and articles'),
  logged('communication.sessions', SESSIONS, 'Buổi truyền thông trực tiếp', 'Face-to-face sessions'),
  logged('communication.participants', PEOPLE, 'Lượt người dự truyền thông trực tiếp', 'Attendances at sessions'),
  logged('communication.leaflets', { vi: 'tờ', en: 'copies' }, 'Tờ rơi, tài liệu phát ra', 'Leaflets handed out'),
  logged('training.sessions', { vi: 'lớp', en: 'courses' }, 'Lớp tập huấn, bồi dưỡng', 'Training courses'),
  logged('training.participants', PEOPLE, 'Lượt người được tập huấn', 'Trainees'),
  logged('inspection.total', { vi: 'cuộc', en: 'inspections' }, 'Cuộc kiểm tra, giám sát', 'Inspections'),
  logged(
    'inspection.child_labour',
    { vi: 'cuộc', en: 'inspections' },
    'Cuộc kiểm tra lao động trẻ em tại cơ sở sản xuất, kinh doanh',
    'Inspections of child labour in businesses',
  ),
  logged(
    'club.activities',
    { vi: 'buổi', en: 'meetings' },
    'Buổi sinh hoạt câu lạc bộ trẻ em',
    "Children's club meetings",
  ),
  logged('club.children', PEOPLE, 'Lượt trẻ em sinh hoạt câu lạc bộ', 'Children at club meetings'),
  logged(
    'board.meetings',
    { vi: 'cuộc', en: 'meetings' },
    'Cuộc họp Ban bảo vệ trẻ em',
    'Meetings of the child-protection board',
  ),
  logged(
    'commendation.total',
    { vi: 'lượt', en: 'awards' },
    'Lượt khen thưởng tập thể, cá nhân',
    'Commendations to groups and people',
  ),
  logged(
    'model.safe_community',
    { vi: 'mô hình', en: 'models' },
    'Mô hình cộng đồng an toàn cho trẻ em',
    'Safe-community models for children',
  ),
  logged('model.safe_home', { vi: 'mô hình', en: 'models' }, 'Mô hình ngôi nhà an toàn', 'Safe-home models'),
  // Typed in by the unit: violations handled, gifts.
  entered(
    'violation.handled',
    { vi: 'vụ', en: 'cases' },
    'Vụ vi phạm quyền trẻ em bị xử lý',
    'Violations of children’s rights sanctioned',
  ),
  entered('gift.count', { vi: 'suất', en: 'gifts' }, 'Suất quà tặng trẻ em', 'Gifts to children'),
  // Money, in đồng.
  { ...amount('budget.planned', 'Kinh phí được bố trí', 'Budget allocated'), logged: true } as StatisticDef,
  { ...amount('budget.spent', 'Kinh phí đã sử dụng', 'Budget spent'), logged: true } as StatisticDef,
  amount('budget.mobilised', 'Kinh phí vận động xã hội', 'Funds raised from the community'),
  amount('fund.raised', 'Quỹ Bảo trợ trẻ em: số vận động được', 'Child Protection Fund: raised', 'activities'),
  amount('fund.spent', 'Quỹ Bảo trợ trẻ em: số đã chi', 'Child Protection Fund: spent', 'activities'),
  amount('gift.value', 'Giá trị quà tặng trẻ em', 'Value of gifts to children'),
];

const byCode = new Map(STATISTICS.map((s) => [s.code, s]));

export function statisticOf(code: string): StatisticDef | undefined {
  return byCode.get(code);
}

/** Counts of children in the population, not of harm: the register's statistics that are not sensitive. */
const POPULATION = new Set(['children.total', 'children.under6']);

/**
 * Counts of harmed or vulnerable children (abuse, offences, injuries, deaths, special circumstances) and rates
 * made from them: shown exactly only to those the one disclosure rule lets see a unit's sensitive counts
 * (src/core/privacy/disclosure.ts); everyone else gets a report without them.
 */
export function isSensitiveStatistic(code: string): boolean {
  const s = byCode.get(code);
  if (!s) return false;
  if (s.kind === 'rate') return isSensitiveStatistic(s.numerator) || isSensitiveStatistic(s.denominator);
  return s.source === 'register' && !POPULATION.has(code);
}

/** Statistics that a unit types in (every other one is counted from the data). */
export const isEntered = (code: string) => {
  const s = byCode.get(code);
  return s !== undefined && s.kind !== 'rate' && s.source === 'entered';
};

export type StatisticValues = Record<string, number | null>;

/**
 * Every statistic's value from what was counted and what was typed: counts and amounts as given (missing:
 * null), a typed amount the log also counts from the log when nothing was typed, rates from their numerator
 * and denominator (null when the denominator is 0 or missing).
 */
export function completeStatistics(measured: Record<string, number>, typed: StatisticValues = {}): StatisticValues {
  const out: StatisticValues = {};
  for (const s of STATISTICS) {
    if (s.kind === 'rate') continue;
    const fromLog = s.kind === 'amount' && s.logged ? measured[s.code] : undefined;
    const v = s.source === 'entered' ? (typed[s.code] ?? fromLog) : measured[s.code];
    out[s.code] = v === undefined ? null : v;
  }
  for (const s of STATISTICS) {
    if (s.kind !== 'rate') continue;
    const n = out[s.numerator];
    const d = out[s.denominator];
    out[s.code] = n == null || !d ? null : Math.round((1000 * n) / d) / 10;
  }
  return out;
}

/**
 * Many units' statistics added up: counts and amounts summed over the units that have them (null when none
 * has), rates recomputed from the summed counts.
 */
export function rollUpStatistics(list: readonly StatisticValues[]): StatisticValues {
  const sums: Record<string, number> = {};
  const typed: StatisticValues = {};
  for (const values of list)
    for (const s of STATISTICS) {
      if (s.kind === 'rate') continue;
      const v = values[s.code];
      if (v == null) continue;
      if (s.source === 'entered') typed[s.code] = (typed[s.code] ?? 0) + v;
      else sums[s.code] = (sums[s.code] ?? 0) + v;
    }
  return completeStatistics(sums, typed);
}

/** Checks a typed value: a whole number of things, or đồng, not negative. Null: not given. */
export function enteredIssue(code: string, value: unknown): 'unknown' | 'not_number' | 'negative' | 'not_whole' | null {
  if (!isEntered(code)) return 'unknown';
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'not_number';
  if (value < 0) return 'negative';
  if (!Number.isInteger(value)) return 'not_whole';
  return null;
}
