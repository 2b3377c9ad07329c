// Retention rules and what may be erased, and why. Pure: the periods are data (retention_setting),
// these are their defaults and legal basis — configurable defaults chosen for the product, not legal advice.
import { addDays, addMonths, addYears, format, parseISO } from 'date-fns';

export type RetentionUnit = 'days' | 'months' | 'years';

export const RETENTION_KEYS = [
  'case_file_years',
  'left_child_years',
  'access_log_years',
  'notification_months',
  'session_days',
  'survey_flood_days',
  'import_preview_days',
] as const;
export type RetentionKey = (typeof RETENTION_KEYS)[number];

export interface RetentionDefault {
  key: RetentionKey;
  value: number;
  unit: RetentionUnit;
  /** Smallest and largest value the administrator may set. */
  min: number;
  max: number;
  legalBasis: { vi: string; en: string };
}

const NOT_ADVICE_VI = 'Mặc định có thể cấu hình, không phải tư vấn pháp lý.';
const NOT_ADVICE_EN = 'A configurable default, not legal advice.';

export const RETENTION_DEFAULTS: readonly RetentionDefault[] = [
  {
    key: 'case_file_years',
    value: 10,
    unit: 'years',
    min: 1,
    max: 100,
    legalBasis: {
      vi: `Hồ sơ vụ việc bảo vệ trẻ em được giữ sau khi đóng vụ việc để theo dõi, giải quyết khiếu nại và thanh tra (Luật Trẻ em 2016; Nghị định 56/2017/NĐ-CP; Luật Lưu trữ 2024 về thời hạn bảo quản hồ sơ). Trong thời hạn này không xoá theo yêu cầu (Nghị định 13/2023/NĐ-CP, Điều 16: không xoá khi pháp luật quy định phải lưu giữ). ${NOT_ADVICE_VI}`,
      en: `Child-protection case files are kept after closure for follow-up, complaints and inspection (Law on Children 2016; Decree 56/2017/ND-CP; Archives Law 2024 on retention of files). Erasure on request is refused meanwhile (Decree 13/2023/ND-CP, Art. 16: no erasure where the law requires keeping). ${NOT_ADVICE_EN}`,
    },
  },
  {
    key: 'left_child_years',
    value: 5,
    unit: 'years',
    min: 1,
    max: 100,
    legalBasis: {
      vi: `Trẻ em đã chuyển đi hoặc đã mất: danh tính được ẩn danh sau thời hạn này (giữ số liệu thống kê, xoá danh tính) — nguyên tắc giới hạn lưu trữ (Nghị định 13/2023/NĐ-CP, Điều 3; Luật Bảo vệ dữ liệu cá nhân 2025). 5 năm bao trùm các kỳ đánh giá, công nhận và kiểm tra lại. ${NOT_ADVICE_VI}`,
      en: `Children who moved out or died: their identity is anonymised after this period (statistics kept, identity removed) — storage limitation (Decree 13/2023/ND-CP, Art. 3; Personal Data Protection Law 2025). Five years cover the assessment, recognition and re-check cycles. ${NOT_ADVICE_EN}`,
    },
  },
  {
    key: 'access_log_years',
    value: 5,
    unit: 'years',
    min: 1,
    max: 100,
    legalBasis: {
      vi: `Nhật ký truy cập hồ sơ trẻ em là bằng chứng về việc xử lý dữ liệu (Nghị định 13/2023/NĐ-CP, nghĩa vụ chứng minh tuân thủ và ghi nhật ký); giữ đủ lâu để trả lời "ai đã xem hồ sơ" và phục vụ thanh tra, sau đó xoá. ${NOT_ADVICE_VI}`,
      en: `The read log of children's records is the evidence of processing (Decree 13/2023/ND-CP, duty to demonstrate compliance and keep logs); kept long enough to answer "who read this record" and for inspection, then deleted. ${NOT_ADVICE_EN}`,
    },
  },
  {
    key: 'notification_months',
    value: 12,
    unit: 'months',
    min: 1,
    max: 1200,
    legalBasis: {
      vi: `Thông báo trong ứng dụng chỉ phục vụ công việc hằng ngày; giữ một năm rồi xoá (tối thiểu hoá dữ liệu, Nghị định 13/2023/NĐ-CP, Điều 3). ${NOT_ADVICE_VI}`,
      en: `In-app notifications serve day-to-day work only; kept one year, then deleted (data minimisation, Decree 13/2023/ND-CP, Art. 3). ${NOT_ADVICE_EN}`,
    },
  },
  {
    key: 'session_days',
    value: 1,
    unit: 'days',
    min: 0,
    max: 365,
    legalBasis: {
      vi: `Phiên đăng nhập đã hết hạn không còn dùng được; xoá sau thời hạn này (tối thiểu hoá dữ liệu). ${NOT_ADVICE_VI}`,
      en: `Expired sign-in sessions can no longer be used; deleted after this period (data minimisation). ${NOT_ADVICE_EN}`,
    },
  },
  {
    key: 'survey_flood_days',
    value: 1,
    unit: 'days',
    min: 1,
    max: 365,
    legalBasis: {
      vi: `Dấu vết mã khảo sát sai (chỉ mã băm của địa chỉ và thời điểm) chỉ để chặn dò mã; xoá sau một ngày. ${NOT_ADVICE_VI}`,
      en: `Records of wrong survey codes (a keyed hash of the address and the time only) exist only to stop code guessing; deleted after a day. ${NOT_ADVICE_EN}`,
    },
  },
  {
    key: 'import_preview_days',
    value: 1,
    unit: 'days',
    min: 1,
    max: 30,
    legalBasis: {
      vi: `Bản xem trước của tệp nhập sổ theo dõi (có danh tính trẻ em) bị huỷ nếu không được ghi trong thời hạn này. ${NOT_ADVICE_VI}`,
      en: `Previews of register imports (holding children's identities) are discarded when not committed within this period. ${NOT_ADVICE_EN}`,
    },
  },
];

export const retentionDefault = (key: string): RetentionDefault | undefined =>
  RETENTION_DEFAULTS.find((d) => d.key === key);

export interface RetentionSetting {
  key: RetentionKey;
  value: number;
  unit: RetentionUnit;
}

export type RetentionSettings = Record<RetentionKey, number>;

/** A value the administrator may set for a rule, or the reason it is refused. */
export function checkRetentionValue(
  key: string,
  value: unknown,
):
  | { ok: true; value: number }
  | { ok: false; code: 'unknown_key' | 'not_integer' | 'out_of_range'; min?: number; max?: number } {
  const d = retentionDefault(key);
  if (!d) return { ok: false, code: 'unknown_key' };
  if (typeof value !== 'number' || !Number.isInteger(value))
    return { ok: false, code: 'not_integer', min: d.min, max: d.max };
  if (value < d.min || value > d.max) return { ok: false, code: 'out_of_range', min: d.min, max: d.max };
  return { ok: true, value };
}

const iso = (d: Date) => format(d, 'yyyy-MM-dd');

/** A date plus a retention period (yyyy-mm-dd in and out). */
export function addPeriod(day: string, value: number, unit: RetentionUnit): string {
  const d = parseISO(day);
  return iso(unit === 'years' ? addYears(d, value) : unit === 'months' ? addMonths(d, value) : addDays(d, value));
}

/** The first day still kept: rows dated before it are due. */
export function cutoff(today: string, value: number, unit: RetentionUnit): string {
  return addPeriod(today, -value, unit);
}

export interface CaseFact {
  id: number;
  closedOn: string | null;
}

export type ErasureDecision =
  | { ok: true }
  | { ok: false; reason: 'open_case'; caseId: number }
  | { ok: false; reason: 'case_retention'; caseId: number; until: string }
  | { ok: false; reason: 'already_erased' };

/**
 * Whether a child's record may be erased today: never while one of its protection cases is open, nor
 * before the case-file retention period after the last closure has passed (the law requires keeping them).
 */
export function erasureDecision(
  cases: readonly CaseFact[],
  caseFileYears: number,
  today: string,
  alreadyErased = false,
): ErasureDecision {
  if (alreadyErased) return { ok: false, reason: 'already_erased' };
  const open = cases.find((c) => c.closedOn === null);
  if (open) return { ok: false, reason: 'open_case', caseId: open.id };
  let latest: { caseId: number; until: string } | null = null;
  for (const c of cases) {
    const until = addPeriod(c.closedOn!, caseFileYears, 'years');
    if (!latest || until > latest.until) latest = { caseId: c.id, until };
  }
  if (latest && today < latest.until) return { ok: false, reason: 'case_retention', ...latest };
  return { ok: true };
}

/** The day a child left the commune's register (moved out or died, the earlier), or null while present. */
export function leftOn(child: { movedOutOn: string | null; diedOn: string | null }): string | null {
  const days = [child.movedOutOn, child.diedOn].filter((d): d is string => d !== null).sort();
  return days[0] ?? null;
}

/** Whether the retention job anonymises a child today: left long enough ago, and nothing keeps the record. */
export function dueForAnonymisation(
  child: { movedOutOn: string | null; diedOn: string | null },
  cases: readonly CaseFact[],
  settings: Pick<RetentionSettings, 'left_child_years' | 'case_file_years'>,
  today: string,
): boolean {
  const left = leftOn(child);
  if (!left || addPeriod(left, settings.left_child_years, 'years') > today) return false;
  return erasureDecision(cases, settings.case_file_years, today).ok;
}

/** The name an erased record carries instead of a person's. */
export const ERASED_NAME = 'Đã xoá';

/** What a child's erasure does to each part of the record (shown in the record of processing and the erasure log). */
export const CHILD_ERASURE: ReadonlyArray<{
  field: string;
  action: 'replaced' | 'removed' | 'year_only' | 'kept';
  why: { vi: string; en: string };
}> = [
  {
    field: 'full_name',
    action: 'replaced',
    why: { vi: `thay bằng "${ERASED_NAME}"`, en: `replaced by "${ERASED_NAME}"` },
  },
  { field: 'code', action: 'replaced', why: { vi: 'thay bằng mã XOA-<số>', en: 'replaced by XOA-<id>' } },
  { field: 'id_number', action: 'removed', why: { vi: 'xoá', en: 'removed' } },
  {
    field: 'guardian',
    action: 'removed',
    why: { vi: 'xoá tên và quan hệ người giám hộ', en: "guardian's name and relation removed" },
  },
  {
    field: 'birth_date',
    action: 'year_only',
    why: {
      vi: 'chỉ giữ năm sinh (ngày 01/01) để số liệu theo năm không đổi',
      en: 'year only (1 January) so that yearly counts stay the same',
    },
  },
  {
    field: 'free_text',
    action: 'removed',
    why: {
      vi: 'xoá ghi chú, khuyết tật, tóm tắt vụ việc, nơi hỗ trợ',
      en: 'notes, disability, case summaries and support providers removed',
    },
  },
  {
    field: 'household',
    action: 'replaced',
    why: {
      vi: 'tên chủ hộ và địa chỉ xoá nếu hộ không còn trẻ nào khác',
      en: "head's name and address erased when no other child remains in the household",
    },
  },
  {
    field: 'facts',
    action: 'kept',
    why: {
      vi: 'giữ giới tính, thôn, các ngày sự kiện và loại hoàn cảnh/vụ việc để số liệu đã tổng hợp không đổi',
      en: 'sex, village, event dates and circumstance/case kinds kept so that aggregate counts stay the same',
    },
  },
];
