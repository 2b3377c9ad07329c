// Biên bản họp Hội đồng tự đánh giá xã, phường phù hợp với trẻ em, with the self-assessment table
// (criterion by criterion, item by item), the total against the threshold and the conclusion.
import {
  cell,
  CLOSING_GAP_PT,
  SIGNATURE_SPACE_PT,
  closingTable,
  countWord,
  datePhrase,
  headingTable,
  INDENT_MM,
  num,
  signatureParas,
  SIZE,
  summaryPara,
  typeTitle,
  vi,
} from './common.ts';
import { unitInSentence } from '../../../core/unit-names.ts';
import { measureMm } from './fonts.ts';
import { A4_PAGE, para, textWidthMm, type Block, type Cell, type DocModel, type Para, type Run } from './model.ts';
import type { SelfAssessmentMinutes } from './types.ts';

const SMALL = 12;
/** Codes ('C08.underweight') are set a point smaller than the table, in a column as wide as their longest word. */
const CODE_SIZE = 11;
const CODE_PAD_MM = 1.5;
const CODE_COLUMN_MM = { min: 14, max: 26 } as const;
/** Widths (mm) of the other columns: criterion, points, maximum; the explanation takes what is left. */
const CRITERION_MM = 50;
const POINTS_MM = 26;
const MAX_MM = 20;

/** 'C08.underweight' → ['C08.', 'underweight']: the places a code may break, after its dots. */
const codePieces = (code: string): string[] => code.split(/(?<=\.)(?=[^.])/u);

/** The code column's width: every code whole if that fits, else each piece between dots on its own line. */
function codeColumnMm(codes: Array<{ code: string; bold: boolean }>): number {
  const need = codes.map(({ code, bold }) => {
    const style = bold ? 'bold' : 'regular';
    const whole = measureMm(code, style, CODE_SIZE);
    const pieces = Math.max(0, ...codePieces(code).map((p) => measureMm(p, style, CODE_SIZE)));
    return Math.min(whole, pieces) + 2 * CODE_PAD_MM + 0.5;
  });
  return Math.min(CODE_COLUMN_MM.max, Math.max(CODE_COLUMN_MM.min, Math.ceil(Math.max(0, ...need))));
}

/** A code cell: on one line when it fits, else broken after its dots, never inside a word. */
function codeCell(code: string, bold: boolean, columnMm: number): Cell {
  const inner = columnMm - 2 * CODE_PAD_MM;
  const fits = measureMm(code, bold ? 'bold' : 'regular', CODE_SIZE) <= inner;
  return cell(fits ? code : codePieces(code).join('\n'), 'center', { bold, size: CODE_SIZE });
}

function bodyPara(runs: Run[] | string, extra: Partial<Para> = {}): Para {
  return para(runs, SIZE.body, 'justify', { firstLineIndentMm: INDENT_MM, after: 6, ...extra });
}

function section(text: string): Para {
  return para([{ text, bold: true }], SIZE.body, 'left', {
    firstLineIndentMm: INDENT_MM,
    before: 6,
    after: 6,
    keepWithNext: true,
  });
}

function pointsCell(points: number, provisional: boolean, bold: boolean): Cell {
  const runs: Run[] = [{ text: num(points), bold }];
  if (provisional) runs.push({ text: `\n${vi()('documents:minutes.provisional')}`, italic: true });
  return { paras: [para(runs, SMALL, 'center')], vAlign: 'center' };
}

function isSecretary(role: string): boolean {
  const want = vi()('documents:minutes.secretaryRole').toLocaleLowerCase('vi');
  return role.toLocaleLowerCase('vi').includes(want);
}

export function selfAssessmentMinutesModel(doc: SelfAssessmentMinutes): DocModel {
  const t = vi();
  const blocks: Block[] = [headingTable(doc.header)];
  blocks.push(typeTitle(t('documents:minutes.type')));
  blocks.push(summaryPara(t('documents:minutes.summary', { year: doc.year })));

  // I. Time and place
  blocks.push(section(t('documents:minutes.sectionTime')));
  blocks.push(bodyPara(t('documents:minutes.time', { time: datePhrase(doc.meeting.date) })));
  blocks.push(bodyPara(t('documents:minutes.place', { place: doc.meeting.place.trim().replace(/[\s.]+$/u, '') })));

  // II. Members present
  blocks.push(section(t('documents:minutes.sectionMembers')));
  blocks.push(
    bodyPara(
      t('documents:minutes.membersIntro', {
        commune: unitInSentence(doc.communeName),
        province: unitInSentence(doc.provinceName),
        present: countWord(doc.council.length),
      }),
      { keepWithNext: true },
    ),
  );
  const memberHead = (['no', 'name', 'position', 'role'] as const).map((k) =>
    cell(t(`documents:minutes.column.${k}`), 'center', { bold: true }),
  );
  const members = doc.council.map((m, i) => [
    cell(String(i + 1), 'center'),
    cell(m.name),
    cell(m.position),
    cell(m.role),
  ]);
  blocks.push({
    kind: 'table',
    widthsMm: [13, 48, 60, 44],
    borders: true,
    headerRows: 1,
    rows: [memberHead, ...members],
  });

  // III. Content and the self-assessment table
  blocks.push(section(t('documents:minutes.sectionContent')));
  for (const line of doc.meeting.summary
    .split(/\n+/u)
    .map((s) => s.trim())
    .filter(Boolean))
    blocks.push(bodyPara(line));
  blocks.push(
    bodyPara(t('documents:minutes.assessmentIntro', { ruleSet: doc.ruleSetTitle.trim() }), { keepWithNext: true }),
  );
  blocks.push(
    para([{ text: t('documents:minutes.tableTitle'), bold: true }], SIZE.body, 'center', {
      before: 6,
      after: 6,
      keepWithNext: true,
    }),
  );

  const head = (['code', 'criterion', 'explanation', 'points', 'max'] as const).map((k) =>
    cell(t(`documents:minutes.table.${k}`), 'center', { bold: true, size: SMALL }),
  );
  const codeMm = codeColumnMm(
    doc.criteria.flatMap((c) => [{ code: c.code, bold: true }, ...c.items.map((i) => ({ code: i.code, bold: false }))]),
  );
  const rows: Cell[][] = [head];
  let maxTotal = 0;
  let anyProvisional = false;
  for (const c of doc.criteria) {
    maxTotal += c.max;
    anyProvisional ||= c.provisional;
    rows.push([
      codeCell(c.code, true, codeMm),
      cell(c.title, 'left', { bold: true, size: SMALL }),
      cell('', 'left', { size: SMALL }),
      pointsCell(c.points, c.provisional, true),
      cell(num(c.max), 'center', { bold: true, size: SMALL }),
    ]);
    for (const item of c.items) {
      anyProvisional ||= item.provisional;
      rows.push([
        codeCell(item.code, false, codeMm),
        cell(item.title, 'left', { size: SMALL }),
        cell(item.explanation, 'left', { size: SMALL }),
        pointsCell(item.points, item.provisional, false),
        cell(num(item.max), 'center', { size: SMALL }),
      ]);
    }
  }
  rows.push([
    cell('', 'center', { size: SMALL }),
    cell(t('documents:minutes.table.total'), 'center', { bold: true, size: SMALL }),
    cell('', 'left', { size: SMALL }),
    cell(num(doc.total), 'center', { bold: true, size: SMALL }),
    cell(num(maxTotal), 'center', { bold: true, size: SMALL }),
  ]);
  const explanationMm = textWidthMm(A4_PAGE) - codeMm - CRITERION_MM - POINTS_MM - MAX_MM;
  blocks.push({
    kind: 'table',
    widthsMm: [codeMm, CRITERION_MM, explanationMm, POINTS_MM, MAX_MM],
    borders: true,
    headerRows: 1,
    paddingMm: CODE_PAD_MM,
    rows,
  });
  if (anyProvisional)
    blocks.push(para([{ text: t('documents:minutes.provisionalNote'), italic: true }], SMALL, 'left', { before: 3 }));

  // IV. Conclusion
  blocks.push(section(t('documents:minutes.sectionConclusion')));
  blocks.push(
    bodyPara(
      t('documents:minutes.totalLine', {
        total: num(doc.total),
        max: num(maxTotal),
        category: doc.categoryLabel,
        threshold: num(doc.threshold),
      }),
    ),
  );
  const conclusion = t(doc.recognized ? 'documents:minutes.conclusionPassed' : 'documents:minutes.conclusionFailed', {
    commune: unitInSentence(doc.communeName),
    year: doc.year,
  });
  blocks.push(bodyPara([{ text: conclusion, bold: true }], { keepWithNext: doc.reasons.length > 0 }));
  const reasons = doc.reasons.map((r) => r.trim().replace(/[\s;.]+$/u, '')).filter(Boolean);
  if (reasons.length > 0) {
    blocks.push(
      bodyPara(
        [
          {
            text: t(doc.recognized ? 'documents:minutes.reasonsPassed' : 'documents:minutes.reasonsFailed'),
            italic: true,
          },
        ],
        { keepWithNext: true, after: 3 },
      ),
    );
    reasons.forEach((r, i) => blocks.push(bodyPara(`- ${r}${i === reasons.length - 1 ? '.' : ';'}`, { after: 3 })));
  }
  blocks.push(bodyPara(t('documents:minutes.closing'), { before: 6, after: CLOSING_GAP_PT, keepWithNext: true }));

  // Signatures: the secretary on the left, the council chair on the right.
  const secretary = doc.council.find((m) => isSecretary(m.role));
  const right = signatureParas(doc.signature);
  const left: Para[] = [para([{ text: t('documents:minutes.secretary'), bold: true }], SIZE.body, 'center')];
  // Blank lines so that both names stand on the same line when the chair's block has more heading lines.
  while (left.length < right.length - 1) left.push(para('', SIZE.body, 'center'));
  left.push(para([{ text: secretary?.name ?? '', bold: true }], SIZE.body, 'center', { before: SIGNATURE_SPACE_PT }));
  blocks.push(closingTable(left, right, [82.5, 82.5]));

  return {
    page: A4_PAGE,
    blocks,
    title: t('documents:minutes.title', { year: doc.year, commune: doc.communeName }),
    pageNumberSize: SIZE.body,
  };
}
