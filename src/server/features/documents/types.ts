// Input shapes of the official documents (Nghị định 30/2020/NĐ-CP layout). Plain data: the callers fill them
// from the database; the renderers turn them into .docx / PDF bytes without any I/O of their own.

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
  header: DocumentHeader;
  year: number;
  /** 'CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN' */
  authorityLine: string;
  /** Legal bases, full sentences without the trailing ';' ('Căn cứ Luật …'); 'Căn cứ ' is added when a line starts otherwise (but not before 'Theo …' / 'Xét …'). */
  bases: string[];
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
