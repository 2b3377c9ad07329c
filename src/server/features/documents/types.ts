// Input shapes of the official documents (Nghị định 30/2020/NĐ-CP layout). Plain data: the callers fill them
// from the database; the renderers turn them into .docx / PDF bytes without any I/O of their own.
import type { LegalText } from './legal-bases.ts';

export interface SignatureBlock {
  /** 'TM. ỦY BAN NHÂN DÂN', or '' when the signer signs in their own name. */
  authority: string;
  /** 'KT. CHỦ TỊCH' or 'CHỦ TỊCH'. */
  capacity: string;
  /** 'PHÓ CHỦ TỊCH', or '' when the capacity line is already the title. */
  title: string;
  name: string;
}

export interface DocumentHeader {
  /** Parent body, printed above the issuing body (not bold), e.g. 'ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN' above a department. */
  parentBody?: string;
  /** 'ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN'; a '\n' forces the line break, otherwise it is split to fit its column. */
  issuingBody: string;
  /** '125/QĐ-UBND' (printed as 'Số: 125/QĐ-UBND'). */
  number: string;
  /** 'Thái Nguyên' */
  place: string;
  /** yyyy-mm-dd */
  date: string;
}

export interface RecognitionDecision {
  /** A draft to look at before recording: "DỰ THẢO" above the heading and in the title, never the signed text. */
  draft?: boolean;
  header: DocumentHeader;
  year: number;
  /** 'CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN': the decision is the Chairman's own (see chairSignature). */
  authorityLine: string;
  /** The legal texts cited, as data (legal-bases.ts); each is printed 'Căn cứ …;'. */
  bases: LegalText[];
  /** The last basis: 'Theo đề nghị của Giám đốc Sở Y tế tại Tờ trình số …'. */
  proposal: string;
  communes: Array<{ name: string; code: string; categoryLabel: string; total: number; threshold: number }>;
  /** Article 2; default 'Quyết định này có hiệu lực kể từ ngày ký.' */
  effectiveArticle?: string;
  /** Article 3: who implements, e.g. 'Chánh Văn phòng UBND tỉnh, Giám đốc Sở Y tế, Chủ tịch UBND các xã, phường có tên tại Điều 1'. */
  executors: string;
  /** '- Như Điều 3;' … ; dashes and end punctuation are normalised, '- Lưu: VT.' is added when no line starts with 'Lưu'. */
  recipients: string[];
  signature: SignatureBlock;
}

export interface SelfAssessmentCriterionItem {
  code: string;
  title: string;
  explanation: string;
  points: number;
  max: number;
  provisional: boolean;
}

export interface SelfAssessmentCriterion {
  code: string;
  title: string;
  max: number;
  points: number;
  provisional: boolean;
  items: SelfAssessmentCriterionItem[];
}

/** Biên bản họp Hội đồng tự đánh giá + Bảng tự đánh giá. */
export interface SelfAssessmentMinutes {
  /** number like '12/BB-UBND' */
  header: DocumentHeader;
  communeName: string;
  provinceName: string;
  year: number;
  /** date: yyyy-mm-dd, or yyyy-mm-ddTHH:mm to print the hour too. */
  meeting: { date: string; place: string; summary: string };
  /** role: 'Chủ tịch Hội đồng', 'Phó Chủ tịch Hội đồng', 'Thư ký', 'Thành viên' … (the 'Thư ký' signs on the left). */
  council: Array<{ name: string; position: string; role: string }>;
  ruleSetTitle: string;
  criteria: SelfAssessmentCriterion[];
  total: number;
  threshold: number;
  categoryLabel: string;
  recognized: boolean;
  reasons: string[];
  /** The council chair's signature (right-hand side). */
  signature: SignatureBlock;
}

/** Where a budget line's money comes from (src/core/plans/plan.ts BUDGET_SOURCES). */
export type PlanBudgetSource = 'central' | 'province' | 'commune' | 'programme' | 'socialised' | 'fund' | 'other';

/** Kế hoạch (a yearly or multi-year plan of a commune or province), sections I–VI as the real plans write them. */
export interface PlanDocument {
  /** number like '117/KH-UBND', or '      /KH-UBND' for a draft. */
  header: DocumentHeader;
  /** The summary under 'KẾ HOẠCH': 'Triển khai thực hiện công tác trẻ em năm 2024 trên địa bàn xã An Sơn'. */
  title: string;
  /** 'Thực hiện Kế hoạch số … của …, UBND xã … xây dựng Kế hoạch … như sau:'; '^[…]' after a word is a footnote. */
  basis: string;
  /** The plan's first and last year (a yearly plan: to = null): yearly targets are grouped under their year. */
  years?: { from: number; to: number | null };
  /** Free text; each line is a paragraph (lines starting with '- ' kept as written). */
  purposes: string;
  requirements: string;
  /** year: a multi-year plan's yearly step (null or absent: the whole plan). */
  targets: Array<{ text: string; year?: number | null }>;
  /**
   * dueOn yyyy-mm-dd; the deadline and agencies are printed under the task when given. A monthly or quarterly task
   * reads 'hằng tháng' / 'hằng quý' (with how many times, when more than once).
   */
  tasks: Array<{
    text: string;
    dueOn: string | null;
    agencies: string[];
    recurrence?: 'once' | 'monthly' | 'quarterly';
    perOccurrence?: number;
  }>;
  budget: string;
  /** Kinh phí as lines (item, source, estimate in đồng; a multi-year plan's by year), printed as a table with totals. */
  budgetLines?: Array<{ item: string; source: PlanBudgetSource; year: number | null; estimate: number }>;
  /**
   * The plan as the annex of the decision that issues it: no heading or signature of its own, the line
   * '(Ban hành kèm theo Quyết định số … ngày … của …)' under its summary.
   */
  annex?: { decisionNumber: string; decisionOn: string | null; issuer: string };
  /** Tổ chức thực hiện: the heading as printed ('Công chức Văn hóa - xã hội') and its duties (a paragraph per line). */
  assignments: Array<{ heading: string; duties: string }>;
  /** Due days of the 6-month and annual reports, 'MM-DD'. */
  sixMonthDue: string;
  annualDue: string;
  /** 'UBND huyện (qua Phòng Lao động, Thương binh, Xã hội - Dân tộc)' */
  reportTo: string;
  /** The reporting regime as written (a paragraph per line); when empty, a sentence is made from the due days and reportTo. */
  reporting: string;
  /** '- Phòng …;' … ; dashes and end punctuation are normalised, '- Lưu: VT.' is added when missing. */
  recipients: string[];
  signature: SignatureBlock;
}

/** A table of figures in a report: a bold header row, then rows of text; `boldRows` (indexes into rows) are totals. */
export interface ReportTable {
  title: string;
  widthsMm: number[];
  head: string[];
  rows: string[][];
  align?: Array<'left' | 'center' | 'right'>;
  boldRows?: number[];
  /** Font size (pt) of the table; 12 by default, smaller for wide tables. */
  size?: number;
}

/** Báo cáo (6-month, annual, or the province's consolidated one): numbered sections of text and tables. */
export interface PeriodicReportDocument {
  header: DocumentHeader;
  /** The document type as printed: 'BÁO CÁO'. */
  type: string;
  /** Trích yếu: 'Kết quả thực hiện công tác trẻ em 6 tháng đầu năm 2026'. */
  summary: string;
  /** 'Kính gửi: …', when the report is addressed. */
  addressee?: string;
  /** The opening paragraph ('Thực hiện Kế hoạch số …, UBND xã … báo cáo như sau:'). */
  opening: string;
  /** Headings as printed ('I. KẾT QUẢ THỰC HIỆN'); text lines become paragraphs ('- ' items kept). */
  sections: Array<{ heading: string; text?: string; tables?: ReportTable[] }>;
  recipients: string[];
  signature: SignatureBlock;
}

/**
 * Quyết định ban hành Kế hoạch (Nghị định 30/2020/NĐ-CP, Phụ lục III): the decision, then the plan as its annex.
 * Bắc Kạn's Quyết định 352/QĐ-UBND (08/03/2019) issues its 2019–2025 plan this way.
 */
export interface PlanDecisionDocument {
  /** A draft (the plan or its decision not yet issued): "DỰ THẢO" above the heading. */
  draft?: boolean;
  /** number like '352/QĐ-UBND'. */
  header: DocumentHeader;
  /** 'ỦY BAN NHÂN DÂN TỈNH BẮC KẠN': who decides. */
  authorityLine: string;
  /** 'Căn cứ …' lines (the last may be 'Theo đề nghị của …'); '^[…]' after a word is a footnote. */
  bases: string[];
  /** Article 3: who implements ('Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc các Sở: …'). */
  executors: string;
  /** Article 2; default 'Quyết định này có hiệu lực kể từ ngày ký.' */
  effectiveArticle?: string;
  /** '- Như Điều 3;' is put first; '- Lưu: VT.' is added when missing. */
  recipients: string[];
  signature: SignatureBlock;
  /** The plan issued, printed after the decision as its annex (its `annex` is filled from the decision). */
  plan: PlanDocument;
}
