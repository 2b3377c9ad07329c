// Kế hoạch (a yearly plan), laid out per Nghị định 30/2020/NĐ-CP the way communes write them: the basis sentence,
// then I. Mục đích, yêu cầu; II. Mục tiêu cụ thể; III. Nhiệm vụ, giải pháp trọng tâm; IV. Kinh phí thực hiện;
// V. Tổ chức thực hiện; VI. Chế độ báo cáo; the closing sentence, Nơi nhận and the signature.
import {
  CLOSING_GAP_PT,
  closingTable,
  headingTable,
  INDENT_MM,
  recipientParas,
  signatureParas,
  SIZE,
  summaryPara,
  typeTitle,
} from './common.ts';
import { A4_PAGE, para, type Block, type DocModel, type Para, type Run } from './model.ts';
import type { PlanDocument } from './types.ts';

/** The plan's fixed words: an official document is always in Vietnamese, so they are not translated. */
export const PLAN_WORDS = {
  type: 'KẾ HOẠCH',
  purposesAndRequirements: 'I. MỤC ĐÍCH, YÊU CẦU',
  purposes: '1. Mục đích',
  requirements: '2. Yêu cầu',
  targets: 'II. MỤC TIÊU CỤ THỂ',
  tasks: 'III. NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM',
  budget: 'IV. KINH PHÍ THỰC HIỆN',
  organisation: 'V. TỔ CHỨC THỰC HIỆN',
  reporting: 'VI. CHẾ ĐỘ BÁO CÁO',
  due: 'Thời hạn',
  agencies: 'Cơ quan thực hiện',
} as const;

function bodyPara(runs: Run[] | string, extra: Partial<Para> = {}): Para {
  return para(runs, SIZE.body, 'justify', { firstLineIndentMm: INDENT_MM, after: 6, ...extra });
}

function heading(text: string): Para {
  return para([{ text, bold: true }], SIZE.body, 'left', {
    firstLineIndentMm: INDENT_MM,
    before: 6,
    after: 6,
    keepWithNext: true,
  });
}

/** A text typed with one paragraph per line (blank lines dropped). */
const lines = (text: string) =>
  text
    .split(/\n+/u)
    .map((l) => l.trim())
    .filter(Boolean);

const lowerFirst = (s: string) => (s ? s.charAt(0).toLocaleLowerCase('vi') + s.slice(1) : s);
const endStop = (s: string) => (/[.:;!?…]$/u.test(s) ? s : `${s}.`);
/** 'MM-DD' → '10/5' (day/month, as the plans write report deadlines). */
export const dayMonth = (md: string) => `${Number(md.slice(3, 5))}/${Number(md.slice(0, 2))}`;
/** yyyy-mm-dd → dd/mm/yyyy */
const shortDate = (iso: string) => iso.split('-').reverse().join('/');

/** The sentence of section VI built from the plan's due days and recipient. */
export function reportingSentence(doc: Pick<PlanDocument, 'title' | 'sixMonthDue' | 'annualDue' | 'reportTo'>): string {
  const to = doc.reportTo.trim().replace(/[\s.;,]+$/u, '');
  return `Định kỳ báo cáo kết quả thực hiện Kế hoạch: báo cáo 6 tháng (trước ngày ${dayMonth(doc.sixMonthDue)}) và báo cáo năm (trước ngày ${dayMonth(doc.annualDue)})${to ? ` về ${to}` : ''} để tổng hợp, báo cáo cấp trên theo quy định.`;
}

export function planModel(doc: PlanDocument): DocModel {
  const w = PLAN_WORDS;
  const title = doc.title.trim();
  const blocks: Block[] = [headingTable(doc.header)];
  blocks.push(typeTitle(w.type));
  blocks.push(summaryPara(title));
  for (const l of lines(doc.basis)) blocks.push(bodyPara(l));

  blocks.push(heading(w.purposesAndRequirements));
  blocks.push(heading(w.purposes));
  for (const l of lines(doc.purposes)) blocks.push(bodyPara(l));
  blocks.push(heading(w.requirements));
  for (const l of lines(doc.requirements)) blocks.push(bodyPara(l));

  blocks.push(heading(w.targets));
  doc.targets.forEach((t, i) => blocks.push(bodyPara(`${i + 1}. ${endStop(t.trim())}`)));

  blocks.push(heading(w.tasks));
  doc.tasks.forEach((t, i) => {
    const detail = [
      t.dueOn ? `${w.due}: ${shortDate(t.dueOn)}` : '',
      t.agencies.length ? `${w.agencies}: ${t.agencies.join('; ')}` : '',
    ]
      .filter(Boolean)
      .join('. ');
    blocks.push(bodyPara(`${i + 1}. ${endStop(t.text.trim())}`, detail ? { after: 2 } : {}));
    if (detail) blocks.push(bodyPara([{ text: `(${detail}.)`, italic: true }]));
  });

  blocks.push(heading(w.budget));
  for (const l of lines(doc.budget)) blocks.push(bodyPara(l));

  blocks.push(heading(w.organisation));
  doc.assignments.forEach((a, i) => {
    blocks.push(heading(`${i + 1}. ${a.heading.trim()}`));
    for (const l of lines(a.duties)) blocks.push(bodyPara(l));
  });

  blocks.push(heading(w.reporting));
  // The regime as written; when nothing is written, the sentence the due days and recipient make.
  const reporting = lines(doc.reporting);
  for (const l of reporting.length ? reporting : [reportingSentence(doc)]) blocks.push(bodyPara(l));
  // The closing sentence stays on the page of the signature: a last page with only the signature is not allowed.
  blocks.push(
    bodyPara(`Trên đây là Kế hoạch ${lowerFirst(title).replace(/[\s.]+$/u, '')}./.`, {
      before: 6,
      after: CLOSING_GAP_PT,
      keepWithNext: true,
    }),
  );
  blocks.push(closingTable(recipientParas(doc.recipients), signatureParas(doc.signature)));

  return { page: A4_PAGE, blocks, title: `Kế hoạch ${lowerFirst(title)}`, pageNumberSize: SIZE.body };
}
