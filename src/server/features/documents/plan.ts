// Kế hoạch (a yearly or multi-year plan), laid out per Nghị định 30/2020/NĐ-CP the way communes write them: the
// basis sentence, then I. Mục đích, yêu cầu; II. Mục tiêu cụ thể; III. Nhiệm vụ, giải pháp trọng tâm; IV. Kinh phí
// thực hiện; V. Tổ chức thực hiện; VI. Chế độ báo cáo; the closing sentence, Nơi nhận and the signature. Printed as
// the annex of the decision that issues it, it has no heading or signature of its own. '^[…]' in a text is a footnote.
import { budgetTotals } from '../../../core/plans/budget.ts';
import { stripFootnotes } from '../../../core/plans/footnotes.ts';
import {
  cell,
  CLOSING_GAP_PT,
  closingTable,
  countWord,
  dateParts,
  headingTable,
  INDENT_MM,
  num,
  recipientParas,
  signatureParas,
  SIZE,
  summaryPara,
  typeTitle,
} from './common.ts';
import { A4_PAGE, noteRuns, para, type Block, type Cell, type DocModel, type Para, type Run } from './model.ts';
import type { PlanBudgetSource, PlanDocument } from './types.ts';

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
  monthly: 'hằng tháng',
  quarterly: 'hằng quý',
  perMonth: 'mỗi tháng',
  perQuarter: 'mỗi quý',
  times: 'lần',
  until: 'đến',
  wholePlan: 'Cả giai đoạn',
  year: 'Năm',
  budgetTable: {
    index: 'TT',
    item: 'Nội dung',
    source: 'Nguồn kinh phí',
    year: 'Năm',
    estimate: 'Dự toán (đồng)',
    total: 'Tổng cộng',
    ofWhich: 'Trong đó:',
  },
  annex: 'Ban hành kèm theo Quyết định số',
} as const;

/** Nguồn kinh phí as the plans name them. */
export const BUDGET_SOURCE_WORDS: Record<PlanBudgetSource, string> = {
  central: 'Ngân sách trung ương',
  province: 'Ngân sách tỉnh',
  commune: 'Ngân sách xã',
  programme: 'Chương trình, dự án',
  socialised: 'Xã hội hóa',
  fund: 'Quỹ Bảo trợ trẻ em',
  other: 'Nguồn khác',
};

/** A body paragraph; its footnotes ('^[…]') become notes. */
function bodyPara(text: Run[] | string, extra: Partial<Para> = {}): Para {
  const runs = typeof text === 'string' ? noteRuns(text) : text;
  return para(runs, SIZE.body, 'justify', { firstLineIndentMm: INDENT_MM, after: 6, ...extra });
}

function heading(text: string, extra: Partial<Para> = {}): Para {
  return para([{ text, bold: true }], SIZE.body, 'left', {
    firstLineIndentMm: INDENT_MM,
    before: 6,
    after: 6,
    keepWithNext: true,
    ...extra,
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
/** yyyy-mm-dd → '08/3/2019', the way a decision is cited (Nghị định 30: a leading zero for January and February). */
export const citedDate = (iso: string) => {
  const p = dateParts(iso);
  return `${p.day}/${p.month}/${p.year}`;
};

/** The sentence of section VI built from the plan's due days and recipient. */
export function reportingSentence(doc: Pick<PlanDocument, 'title' | 'sixMonthDue' | 'annualDue' | 'reportTo'>): string {
  const to = doc.reportTo.trim().replace(/[\s.;,]+$/u, '');
  return `Định kỳ báo cáo kết quả thực hiện Kế hoạch: báo cáo 6 tháng (trước ngày ${dayMonth(doc.sixMonthDue)}) và báo cáo năm (trước ngày ${dayMonth(doc.annualDue)})${to ? ` về ${to}` : ''} để tổng hợp, báo cáo cấp trên theo quy định.`;
}

/** The line under a task: when it is done ('hằng tháng', by a day) and by whom. */
export function taskDetail(t: PlanDocument['tasks'][number]): string {
  const w = PLAN_WORDS;
  const per = t.perOccurrence ?? 1;
  let when = t.dueOn ? shortDate(t.dueOn) : '';
  if (t.recurrence === 'monthly' || t.recurrence === 'quarterly') {
    const monthly = t.recurrence === 'monthly';
    when = monthly ? w.monthly : w.quarterly;
    if (per > 1) when += ` (${monthly ? w.perMonth : w.perQuarter} ${countWord(per)} ${w.times})`;
    if (t.dueOn) when += `, ${w.until} ${shortDate(t.dueOn)}`;
  }
  return [when ? `${w.due}: ${when}` : '', t.agencies.length ? `${w.agencies}: ${t.agencies.join('; ')}` : '']
    .filter(Boolean)
    .join('. ');
}

/** Section II: the whole plan's targets, then a multi-year plan's yearly steps under their year, numbered through. */
function targetBlocks(doc: PlanDocument): Block[] {
  const blocks: Block[] = [];
  const yearly = doc.targets.some((t) => t.year !== null && t.year !== undefined);
  let n = 0;
  const item = (text: string) => bodyPara(`${++n}. ${endStop(text.trim())}`);
  if (!yearly) {
    for (const t of doc.targets) blocks.push(item(t.text));
    return blocks;
  }
  const whole = doc.targets.filter((t) => t.year === null || t.year === undefined);
  const span = doc.years?.to ? `${doc.years.from} - ${doc.years.to}` : '';
  if (whole.length) {
    blocks.push(heading(`${PLAN_WORDS.wholePlan}${span ? ` ${span}` : ''}:`, { before: 0, after: 4 }));
    for (const t of whole) blocks.push(item(t.text));
  }
  const years = [...new Set(doc.targets.flatMap((t) => (t.year ? [t.year] : [])))].sort((a, b) => a - b);
  for (const y of years) {
    blocks.push(heading(`${PLAN_WORDS.year} ${y}:`, { before: 0, after: 4 }));
    for (const t of doc.targets.filter((x) => x.year === y)) blocks.push(item(t.text));
  }
  return blocks;
}

/** Section IV's table: a row per line (item, source, a multi-year plan's year, estimate), the total and by source. */
export function budgetTable(budgetLines: NonNullable<PlanDocument['budgetLines']>): Block {
  const w = PLAN_WORDS.budgetTable;
  const size = 12;
  const withYear = budgetLines.some((l) => l.year !== null);
  const widths = withYear ? [12, 66, 37, 15, 35] : [12, 78, 40, 35];
  const head: Cell[] = [w.index, w.item, w.source, ...(withYear ? [w.year] : []), w.estimate].map((h) =>
    cell(h, 'center', { bold: true, size }),
  );
  const row = (cells: string[], opts: { bold?: boolean; italic?: boolean } = {}): Cell[] =>
    cells.map((c, i) =>
      cell(c, i === 0 || (withYear && i === 3) ? 'center' : i === cells.length - 1 ? 'right' : 'left', {
        ...opts,
        size,
      }),
    );
  const rows: Cell[][] = budgetLines.map((l, i) =>
    row([
      String(i + 1),
      l.item,
      BUDGET_SOURCE_WORDS[l.source],
      ...(withYear ? [l.year === null ? '' : String(l.year)] : []),
      num(l.estimate),
    ]),
  );
  const totals = budgetTotals(budgetLines);
  const blank = withYear ? [''] : [];
  rows.push(row(['', w.total, '', ...blank, num(totals.estimate)], { bold: true }));
  // The split by source only says something when there are several.
  if (totals.bySource.length > 1) {
    rows.push(row(['', w.ofWhich, '', ...blank, ''], { italic: true }));
    for (const s of totals.bySource)
      rows.push(row(['', `- ${BUDGET_SOURCE_WORDS[s.source]}`, '', ...blank, num(s.estimate)], { italic: true }));
  }
  return { kind: 'table', widthsMm: widths, borders: true, headerRows: 1, paddingMm: 1.5, rows: [head, ...rows] };
}

/** '(Ban hành kèm theo Quyết định số 352/QĐ-UBND ngày 08/3/2019 của Ủy ban nhân dân tỉnh Bắc Kạn)' */
export function annexLine(annex: NonNullable<PlanDocument['annex']>): string {
  // A draft's number is blank before its '/QĐ-…' (leading spaces kept, for the number to be written in).
  const number = annex.decisionNumber.trim() ? annex.decisionNumber.trimEnd() : '      /QĐ-UBND';
  const day = annex.decisionOn ? citedDate(annex.decisionOn) : '     /     /      ';
  return `(${PLAN_WORDS.annex} ${number} ngày ${day} của ${annex.issuer})`;
}

/** The blocks of the plan; `first` is given to the first block (a page break when the plan follows its decision). */
export function planBlocks(doc: PlanDocument, first: Partial<Para> = {}): Block[] {
  const w = PLAN_WORDS;
  const title = stripFootnotes(doc.title).trim();
  const blocks: Block[] = [];
  if (doc.annex) {
    blocks.push({ ...typeTitle(w.type, 0), ...first });
    blocks.push({ ...summaryPara(title), rule: undefined, after: 2 });
    blocks.push(
      para([{ text: annexLine(doc.annex), italic: true }], SIZE.body, 'center', {
        rule: { fraction: 0.3 },
        after: 12,
        keepWithNext: true,
      }),
    );
  } else {
    blocks.push(headingTable(doc.header));
    blocks.push(typeTitle(w.type));
    blocks.push(summaryPara(title));
  }
  for (const l of lines(doc.basis)) blocks.push(bodyPara(l));

  blocks.push(heading(w.purposesAndRequirements));
  blocks.push(heading(w.purposes));
  for (const l of lines(doc.purposes)) blocks.push(bodyPara(l));
  blocks.push(heading(w.requirements));
  for (const l of lines(doc.requirements)) blocks.push(bodyPara(l));

  blocks.push(heading(w.targets));
  blocks.push(...targetBlocks(doc));

  blocks.push(heading(w.tasks));
  doc.tasks.forEach((t, i) => {
    const detail = taskDetail(t);
    blocks.push(bodyPara(`${i + 1}. ${endStop(t.text.trim())}`, detail ? { after: 2 } : {}));
    if (detail) blocks.push(bodyPara([{ text: `(${detail}.)`, italic: true }]));
  });

  blocks.push(heading(w.budget));
  for (const l of lines(doc.budget)) blocks.push(bodyPara(l));
  if (doc.budgetLines?.length) blocks.push(budgetTable(doc.budgetLines));

  blocks.push(heading(w.organisation, doc.budgetLines?.length ? { before: 12 } : {}));
  doc.assignments.forEach((a, i) => {
    blocks.push(heading(`${i + 1}. ${a.heading.trim()}`));
    for (const l of lines(a.duties)) blocks.push(bodyPara(l));
  });

  blocks.push(heading(w.reporting));
  // The regime as written; when nothing is written, the sentence the due days and recipient make.
  const reporting = lines(doc.reporting);
  for (const l of reporting.length ? reporting : [reportingSentence(doc)]) blocks.push(bodyPara(l));
  const closing = `Trên đây là Kế hoạch ${lowerFirst(title).replace(/[\s.]+$/u, '')}./.`;
  if (doc.annex) {
    // An annex is signed by its decision: it ends with the closing sentence.
    blocks.push(bodyPara(closing, { before: 6 }));
    return blocks;
  }
  // The closing sentence stays on the page of the signature: a last page with only the signature is not allowed.
  blocks.push(bodyPara(closing, { before: 6, after: CLOSING_GAP_PT, keepWithNext: true }));
  blocks.push(closingTable(recipientParas(doc.recipients), signatureParas(doc.signature)));
  return blocks;
}

/** 'Kế hoạch … giai đoạn 2019 - 2025': a multi-year plan names its span where the title does not. */
export function planDocumentTitle(doc: Pick<PlanDocument, 'title' | 'years'>): string {
  const title = lowerFirst(stripFootnotes(doc.title).trim());
  const to = doc.years?.to;
  const span =
    to && to !== doc.years?.from && !title.includes(String(to)) ? ` giai đoạn ${doc.years!.from} - ${to}` : '';
  return `Kế hoạch ${title}${span}`;
}

export function planModel(doc: PlanDocument): DocModel {
  return { page: A4_PAGE, blocks: planBlocks(doc), title: planDocumentTitle(doc), pageNumberSize: SIZE.body };
}
