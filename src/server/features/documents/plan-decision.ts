// Quyết định ban hành Kế hoạch, laid out per Nghị định 30/2020/NĐ-CP (Phụ lục III, the decision that issues a text
// as its annex), as Bắc Kạn's Quyết định 352/QĐ-UBND of 08/03/2019 issued its 2019–2025 plan: the heading; QUYẾT
// ĐỊNH and 'Về việc ban hành Kế hoạch …'; who decides; the bases ('Căn cứ …;'); QUYẾT ĐỊNH:; Điều 1 issues the
// plan; Điều 2 its effect; Điều 3 who carries it out; Nơi nhận and the signature; then, from a new page, the plan.
import { stripFootnotes } from '../../../core/plans/footnotes.ts';
import {
  basisLines,
  CLOSING_GAP_PT,
  closingTable,
  headingTable,
  INDENT_MM,
  recipientParas,
  signatureParas,
  SIZE,
  summaryPara,
  typeTitle,
  vi,
} from './common.ts';
import { citation, LEGAL_TEXTS } from './legal-bases.ts';
import { A4_PAGE, noteRuns, para, type Block, type DocModel, type Para } from './model.ts';
import { planBlocks, planDocumentTitle } from './plan.ts';
import type { PlanDecisionDocument } from './types.ts';

/** The decision's own words (always Vietnamese: an official document). */
export const PLAN_DECISION_WORDS = {
  type: 'QUYẾT ĐỊNH',
  decides: 'QUYẾT ĐỊNH:',
  summary: (plan: string) => `Về việc ban hành ${plan}`,
  article1: (plan: string) => `Ban hành kèm theo Quyết định này ${plan}.`,
  effective: 'Quyết định này có hiệu lực kể từ ngày ký.',
  executors: (who: string) => `${who} chịu trách nhiệm thi hành Quyết định này./.`,
  asArticle3: 'Như Điều 3',
  draft: 'DỰ THẢO',
  draftNote: 'Bản dự thảo, chưa ký, không có giá trị pháp lý',
} as const;

function bodyPara(runs: Para['runs'], extra: Partial<Para> = {}): Para {
  return para(runs, SIZE.body, 'justify', { firstLineIndentMm: INDENT_MM, after: 6, ...extra });
}

function article(n: number, text: string, extra: Partial<Para> = {}): Para {
  return bodyPara([{ text: `${vi()('documents:article', { number: n })} `, bold: true }, ...noteRuns(text)], extra);
}

export function planDecisionModel(doc: PlanDecisionDocument): DocModel {
  const w = PLAN_DECISION_WORDS;
  const plan = planDocumentTitle(doc.plan);
  const blocks: Block[] = [];
  // A draft says so first, so that a printed copy cannot pass for the signed decision.
  if (doc.draft)
    blocks.push(
      para([{ text: w.draft, bold: true }], SIZE.body, 'right', { after: 2 }),
      para([{ text: w.draftNote, italic: true }], SIZE.header, 'right', { after: 6 }),
    );
  blocks.push(headingTable(doc.header));
  blocks.push(typeTitle(w.type, 12));
  blocks.push(summaryPara(w.summary(plan)));
  blocks.push(
    para([{ text: doc.authorityLine.trim().toLocaleUpperCase('vi'), bold: true }], SIZE.body, 'center', {
      after: 6,
      keepWithNext: true,
    }),
  );
  // Bases keep their footnotes; the punctuation ('…;', the last '.') is judged on the text without them.
  for (const basis of decisionBases(doc.bases)) blocks.push(bodyPara(noteRuns(basis, { italic: true })));
  blocks.push(para([{ text: w.decides, bold: true }], SIZE.body, 'center', { after: 6, keepWithNext: true }));
  blocks.push(article(1, w.article1(plan)));
  blocks.push(article(2, doc.effectiveArticle?.trim() || w.effective));
  // Article 3 stays on the page of the signature: a last page with only the signature is not allowed.
  blocks.push(
    article(3, w.executors(doc.executors.trim().replace(/[\s.;,]+$/u, '')), {
      keepWithNext: true,
      after: CLOSING_GAP_PT,
    }),
  );
  const recipients = doc.recipients.some((r) => /như điều 3/iu.test(r))
    ? doc.recipients
    : [w.asArticle3, ...doc.recipients];
  blocks.push(closingTable(recipientParas(recipients), signatureParas(doc.signature)));
  blocks.push(...planBlocks(doc.plan, { pageBreakBefore: true }));
  return {
    page: A4_PAGE,
    blocks,
    title: `${doc.draft ? `${w.draft} – ` : ''}Quyết định ${lowerFirst(w.summary(plan))}`,
    pageNumberSize: SIZE.body,
  };
}

const lowerFirst = (s: string) => (s ? s.charAt(0).toLocaleLowerCase('vi') + s.slice(1) : s);

/**
 * 'Căn cứ …;' lines with the last ending in '.', as basisLines writes them, keeping each line's footnotes: the
 * line is punctuated on its text without them, and the notes are put back where they were.
 */
export function decisionBases(bases: string[]): string[] {
  const kept = bases
    .map((b) => b.trim())
    .filter(
      (b) =>
        stripFootnotes(b)
          .replace(/[\s;.,]+$/u, '')
          .trim().length > 0,
    );
  const plain = basisLines(kept.map((b) => stripFootnotes(b)));
  return kept.map((b, i) => {
    const target = plain[i] ?? '';
    // The markup's line with the prefix and end punctuation of its plain form.
    const body = b.replace(/[\s;.,]+$/u, '');
    const plainBody = stripFootnotes(body)
      .trim()
      .replace(/[\s;.,]+$/u, '');
    const prefix = target.slice(0, Math.max(0, target.length - 1 - plainBody.length));
    return `${prefix}${body.trimStart()}${target.slice(-1)}`;
  });
}

/**
 * The bases of a plan decided on `decidedOn` whose own basis is not written as legal bases: the law on local
 * government in force that day, the Law on Children and Quyết định 06/QĐ-TTg.
 */
export function defaultPlanBases(decidedOn: string): string[] {
  const localGovernment =
    decidedOn <= LEGAL_TEXTS.localGovernmentLaw2015.until
      ? LEGAL_TEXTS.localGovernmentLaw2015
      : LEGAL_TEXTS.localGovernmentLaw2025;
  return [localGovernment, LEGAL_TEXTS.childrenLaw, LEGAL_TEXTS.qd06].map(citation);
}
