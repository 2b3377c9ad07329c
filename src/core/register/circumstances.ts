// The 14 groups of children in special circumstances (Luật Trẻ em 2016, Điều 10), as a lookup
// that officials extend with sub-groups; sensitive groups reveal a case and are shown only to its handlers.

export interface CircumstanceGroup {
  code: string;
  /** The letter printed in the law: a, b, c, d, đ, e, g, h, i, k, l, m, n, o. */
  letter: string;
  label: { vi: string; en: string };
  sensitive: boolean;
}

export const CIRCUMSTANCE_GROUPS: readonly CircumstanceGroup[] = [
  {
    code: 'a',
    letter: 'a',
    sensitive: false,
    label: { vi: 'Trẻ em mồ côi cả cha và mẹ', en: 'Orphaned of both parents' },
  },
  { code: 'b', letter: 'b', sensitive: true, label: { vi: 'Trẻ em bị bỏ rơi', en: 'Abandoned' } },
  { code: 'c', letter: 'c', sensitive: false, label: { vi: 'Trẻ em không nơi nương tựa', en: 'Without support' } },
  { code: 'd', letter: 'd', sensitive: false, label: { vi: 'Trẻ em khuyết tật', en: 'With disabilities' } },
  { code: 'dd', letter: 'đ', sensitive: true, label: { vi: 'Trẻ em nhiễm HIV/AIDS', en: 'Living with HIV/AIDS' } },
  { code: 'e', letter: 'e', sensitive: true, label: { vi: 'Trẻ em vi phạm pháp luật', en: 'Violating the law' } },
  { code: 'g', letter: 'g', sensitive: true, label: { vi: 'Trẻ em nghiện ma túy', en: 'Addicted to drugs' } },
  {
    code: 'h',
    letter: 'h',
    sensitive: false,
    label: {
      vi: 'Trẻ em phải bỏ học kiếm sống chưa hoàn thành phổ cập giáo dục trung học cơ sở',
      en: 'Dropped out to earn a living before finishing lower secondary',
    },
  },
  {
    code: 'i',
    letter: 'i',
    sensitive: true,
    label: {
      vi: 'Trẻ em bị tổn hại nghiêm trọng về thể chất và tinh thần do bị bạo lực',
      en: 'Seriously harmed physically or mentally by violence',
    },
  },
  { code: 'k', letter: 'k', sensitive: true, label: { vi: 'Trẻ em bị bóc lột', en: 'Exploited' } },
  { code: 'l', letter: 'l', sensitive: true, label: { vi: 'Trẻ em bị xâm hại tình dục', en: 'Sexually abused' } },
  { code: 'm', letter: 'm', sensitive: true, label: { vi: 'Trẻ em bị mua bán', en: 'Trafficked' } },
  {
    code: 'n',
    letter: 'n',
    sensitive: false,
    label: {
      vi: 'Trẻ em mắc bệnh hiểm nghèo hoặc bệnh phải điều trị dài ngày thuộc hộ nghèo, hộ cận nghèo',
      en: 'Dangerous or long-term illness in a poor or near-poor household',
    },
  },
  {
    code: 'o',
    letter: 'o',
    sensitive: false,
    label: {
      vi: 'Trẻ em di cư, trẻ em lánh nạn, tị nạn chưa xác định được cha mẹ hoặc không có người chăm sóc',
      en: 'Migrant or refugee with no identified parents or caregiver',
    },
  },
];

/** Sub-groups shipped with the product (Nghị định 56/2017 and Luật Người khuyết tật); officials add more. */
export const BUILTIN_SUBGROUPS: readonly { code: string; parent: string; label: { vi: string; en: string } }[] = [
  {
    code: 'c.1',
    parent: 'c',
    label: { vi: 'Mồ côi cha hoặc mẹ, người còn lại mất tích', en: 'One parent dead, the other missing' },
  },
  {
    code: 'c.2',
    parent: 'c',
    label: {
      vi: 'Mồ côi cha hoặc mẹ, người còn lại đang chấp hành án phạt tù',
      en: 'One parent dead, the other in prison',
    },
  },
  {
    code: 'c.3',
    parent: 'c',
    label: {
      vi: 'Cha mẹ mất năng lực hành vi dân sự hoặc không có khả năng nuôi dưỡng',
      en: 'Parents lacking capacity or unable to care',
    },
  },
  { code: 'd.1', parent: 'd', label: { vi: 'Khuyết tật đặc biệt nặng', en: 'Especially severe disability' } },
  { code: 'd.2', parent: 'd', label: { vi: 'Khuyết tật nặng', en: 'Severe disability' } },
  { code: 'd.3', parent: 'd', label: { vi: 'Khuyết tật nhẹ', en: 'Mild disability' } },
];

const byCode = new Map(CIRCUMSTANCE_GROUPS.map((g) => [g.code, g]));

/** The top group of a code: 'c.2' → 'c'. */
export const topGroup = (code: string) => code.split('.')[0] as string;

export const isSensitiveCircumstance = (code: string) => byCode.get(topGroup(code))?.sensitive ?? false;

/** Accepts a code ('dd', 'c.1') or the law's letter ('đ', 'Đ') as officials type them. */
export function normaliseCircumstanceCode(raw: string): string {
  const s = raw.trim().toLowerCase().replace(/^đ/, 'dd');
  return s;
}
