// Quyết định công nhận xã, phường đạt chuẩn phù hợp với trẻ em (QĐ 06/QĐ-TTg), laid out per Nghị định 30/2020/NĐ-CP.
import {
  basisLines,
  cell,
  CLOSING_GAP_PT,
  closingTable,
  countWord,
  headingTable,
  INDENT_MM,
  recipientParas,
  scoreOf,
  signatureParas,
  SIZE,
  summaryPara,
  typeTitle,
  vi,
} from './common.ts';
import { citation } from './legal-bases.ts';
import { A4_PAGE, para, type Block, type Cell, type DocModel, type Para } from './model.ts';
import type { RecognitionDecision } from './types.ts';

const TABLE_SIZE = 12;

function bodyPara(runs: Para['runs'], extra: Partial<Para> = {}): Para {
  return para(runs, SIZE.body, 'justify', { firstLineIndentMm: INDENT_MM, after: 6, ...extra });
}

function article(n: number, text: string, extra: Partial<Para> = {}): Para {
  return bodyPara([{ text: `${vi()('documents:article', { number: n })} `, bold: true }, { text }], extra);
}

export function recognitionDecisionModel(doc: RecognitionDecision): DocModel {
  const t = vi();
  const blocks: Block[] = [];
  // A draft says so first, in capitals, so that a printed copy cannot pass for the signed decision.
  if (doc.draft)
    blocks.push(
      para([{ text: t('documents:decision.draft'), bold: true }], SIZE.body, 'right', { after: 2 }),
      para([{ text: t('documents:decision.draftNote'), italic: true }], SIZE.header, 'right', { after: 6 }),
    );
  blocks.push(headingTable(doc.header));
  // Tight vertical spacing: the decision, its list and the signature fit one page.
  blocks.push(typeTitle(t('documents:decision.type'), 12));
  blocks.push(summaryPara(t('documents:decision.summary', { year: doc.year })));
  blocks.push(
    para([{ text: doc.authorityLine.trim().toLocaleUpperCase('vi'), bold: true }], SIZE.body, 'center', {
      after: 6,
      keepWithNext: true,
    }),
  );
  for (const basis of basisLines([...doc.bases.map(citation), doc.proposal]))
    blocks.push(bodyPara([{ text: basis, italic: true }]));
  blocks.push(
    para([{ text: t('documents:decision.decides'), bold: true }], SIZE.body, 'center', {
      after: 6,
      keepWithNext: true,
    }),
  );

  blocks.push(
    article(1, t('documents:decision.article1', { count: countWord(doc.communes.length), year: doc.year }), {
      keepWithNext: true,
    }),
  );
  // One line a commune at table size (the category column holds 'Xã miền núi, hải đảo, đặc biệt khó khăn'), so that
  // a province's decision with half a dozen communes stays on one page.
  const size = TABLE_SIZE;
  const head: Cell[] = (['no', 'name', 'code', 'category', 'score'] as const).map((k) =>
    cell(t(`documents:decision.column.${k}`), 'center', { bold: true, size }),
  );
  const rows: Cell[][] = doc.communes.map((c, i) => [
    cell(String(i + 1), 'center', { size }),
    cell(c.name, 'left', { size }),
    cell(c.code, 'center', { size }),
    cell(c.categoryLabel, 'center', { size }),
    cell(scoreOf(c.total, c.threshold), 'center', { size }),
  ]);
  blocks.push({
    kind: 'table',
    widthsMm: [11, 48, 13, 71, 22],
    borders: true,
    headerRows: 1,
    paddingMm: 1,
    rows: [head, ...rows],
  });

  blocks.push(article(2, doc.effectiveArticle?.trim() || t('documents:decision.effective'), { before: 6 }));
  // Article 3 stays on the page of the signature: a last page with only the signature is not allowed.
  blocks.push(
    article(3, t('documents:decision.executors', { executors: doc.executors.trim().replace(/[\s.;,]+$/u, '') }), {
      keepWithNext: true,
      after: CLOSING_GAP_PT,
    }),
  );
  blocks.push(closingTable(recipientParas(doc.recipients), signatureParas(doc.signature)));

  return {
    page: A4_PAGE,
    blocks,
    title: `${doc.draft ? `${t('documents:decision.draft')} – ` : ''}${t('documents:decision.title', { year: doc.year })}`,
    pageNumberSize: SIZE.body,
  };
}
