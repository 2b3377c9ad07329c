// Official documents as pure functions: data in → Buffer out (Nghị định 30/2020/NĐ-CP layout).
// The only file read is the shipped PDF font (resources/fonts/liberation-serif).
import { recognitionDecisionModel } from './recognition-decision.ts';
import { renderDocx } from './render-docx.ts';
import { renderPdf } from './render-pdf.ts';
import { planModel } from './plan.ts';
import { planDecisionModel } from './plan-decision.ts';
import { selfAssessmentMinutesModel } from './self-assessment-minutes.ts';
import { periodicReportModel } from './periodic-report.ts';
import { publicSelfAssessmentModel, type PublicSelfAssessmentTable } from './public-self-assessment.ts';
import { consolidatedReportModel } from './consolidated-report.ts';
import type {
  PeriodicReportDocument,
  PlanDecisionDocument,
  PlanDocument,
  RecognitionDecision,
  SelfAssessmentMinutes,
} from './types.ts';

export type {
  DocumentHeader,
  PeriodicReportDocument,
  ReportTable,
  PlanBudgetSource,
  PlanDecisionDocument,
  PlanDocument,
  RecognitionDecision,
  SelfAssessmentCriterion,
  SelfAssessmentCriterionItem,
  SelfAssessmentMinutes,
  SignatureBlock,
} from './types.ts';
export { placeDateLine } from './common.ts';
export { BUDGET_SOURCE_WORDS } from './plan.ts';
export { defaultPlanBases } from './plan-decision.ts';
export type { PublicSelfAssessmentTable } from './public-self-assessment.ts';

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const PDF_MIME = 'application/pdf';

/** Quyết định công nhận xã, phường đạt chuẩn phù hợp với trẻ em, as .docx. */
export function recognitionDecisionDocx(doc: RecognitionDecision): Promise<Buffer> {
  return renderDocx(recognitionDecisionModel(doc));
}

/** The same decision as PDF (Liberation Serif embedded). */
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

/** Bảng tự đánh giá, the public copy (only what the public page carries), as PDF. */
export function publicSelfAssessmentPdf(doc: PublicSelfAssessmentTable): Promise<Buffer> {
  return renderPdf(publicSelfAssessmentModel(doc));
}

/** Kế hoạch (sections I–VI), as .docx. */
export function planDocx(doc: PlanDocument): Promise<Buffer> {
  return renderDocx(planModel(doc));
}

/** The same plan as PDF. */
export function planPdf(doc: PlanDocument): Promise<Buffer> {
  return renderPdf(planModel(doc));
}

/** Quyết định ban hành Kế hoạch with the plan as its annex, as .docx. */
export function planDecisionDocx(doc: PlanDecisionDocument): Promise<Buffer> {
  return renderDocx(planDecisionModel(doc));
}

/** The same decision and annex as PDF. */
export function planDecisionPdf(doc: PlanDecisionDocument): Promise<Buffer> {
  return renderPdf(planDecisionModel(doc));
}

/** Báo cáo định kỳ (6 tháng, năm) of a commune or province, as .docx. */
export function periodicReportDocx(doc: PeriodicReportDocument): Promise<Buffer> {
  return renderDocx(periodicReportModel(doc));
}

/** Báo cáo tổng hợp of a province over its communes' reports, as .docx. */
export function consolidatedReportDocx(doc: PeriodicReportDocument): Promise<Buffer> {
  return renderDocx(consolidatedReportModel(doc));
}

// Used by other features.
export { PDF_FONT_NAMES, PT_PER_MM, registerFonts } from './fonts.ts';
export type { FontStyle } from './fonts.ts';
export { documentRoutes } from './routes.ts';
export { sendAttachment, type DocumentFile } from '../../http/attachment.ts';
