// Writes the sample documents to a folder, to look at them by hand (not a test):
//   npx tsx tests/documents/render-samples.ts /tmp/docs
//   soffice --headless --convert-to pdf --outdir /tmp/docs/lo /tmp/docs/*.docx; pdftoppm -png -r 60 /tmp/docs/decision.pdf /tmp/docs/p
// (every document over the demo's data: tests/api/documents.test.ts shows how to fetch them).
import { mkdirSync, writeFileSync } from 'node:fs';
import {
  recognitionDecisionDocx,
  recognitionDecisionPdf,
  selfAssessmentMinutesDocx,
  selfAssessmentMinutesPdf,
} from '../../src/server/features/documents/index.ts';
import { provinceDecision, sampleDecision, sampleMinutes } from './fixtures.ts';

const out = process.argv[2] ?? '/tmp/documents-samples';
mkdirSync(out, { recursive: true });
const failed = sampleMinutes({
  total: 420,
  recognized: false,
  reasons: ['Tổng điểm dưới ngưỡng 450 điểm', 'Chỉ tiêu 2.2 chưa đạt'],
});
writeFileSync(`${out}/decision.docx`, await recognitionDecisionDocx(sampleDecision()));
writeFileSync(`${out}/decision.pdf`, await recognitionDecisionPdf(sampleDecision()));
writeFileSync(`${out}/decision-province.docx`, await recognitionDecisionDocx(provinceDecision()));
writeFileSync(`${out}/decision-province.pdf`, await recognitionDecisionPdf(provinceDecision()));
writeFileSync(`${out}/minutes.docx`, await selfAssessmentMinutesDocx(sampleMinutes()));
writeFileSync(`${out}/minutes-failed.pdf`, await selfAssessmentMinutesPdf(failed));
console.log(`written to ${out}`);
