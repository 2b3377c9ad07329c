// Official documents as pure functions: data in → Buffer out (Nghị định 30/2020/NĐ-CP layout).
// The only file read is the shipped PDF font (resources/fonts/noto-serif).
import { recognitionDecisionModel } from './recognition-decision.ts';
import { renderDocx } from './render-docx.ts';
import { renderPdf } from './render-pdf.ts';
import { selfAssessmentMinutesModel } from './self-assessment-minutes.ts';
import type { RecognitionDecision, SelfAssessmentMinutes } from './types.ts';

export type {
  DocumentHeader,
  RecognitionDecision,
  SelfAssessmentCriterion,
  SelfAssessmentCriterionItem,
  SelfAssessmentMinutes,
  SignatureBlock,
} from './types.ts';
export { placeDateLine } from './common.ts';

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const PDF_MIME = 'application/pdf';

/** Quyết định công nhận xã, phường đạt chuẩn phù hợp với trẻ em, as .docx. */
export function recognitionDecisionDocx(doc: RecognitionDecision): Promise<Buffer> {
  return renderDocx(recognitionDecisionModel(doc));
}

/** The same decision as PDF (Noto Serif embedded). */
export function recognitionDecisionPdf(doc: RecognitionDecision): Promise<Buffer> {
  return renderPdf(recognitionDecisionModel(doc));
}

/** Biên bản họp Hội đồng tự đánh giá + Bảng tự đánh giá, as .docx. */
export function selfAssessmentMinutesDocx(doc: SelfAssessmentMinutes): Promise<Buffer> {
  return renderDocx(selfAssessmentMinutesModel(doc));
}

/** The same minutes as PDF. */
export function selfAssessmentMinutesPdf(doc: SelfAssessmentMinutes): Promise<Buffer> {
  return renderPdf(selfAssessmentMinutesModel(doc));
}
