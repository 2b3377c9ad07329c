// Biên bản họp Hội đồng tự đánh giá xã, phường phù hợp với trẻ em, with the self-assessment table
// (criterion by criterion, item by item), the total against the threshold and the conclusion.
import {
  cell,
  CLOSING_GAP_PT,
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
import { A4_PAGE, para, type Block, type Cell, type DocModel, type Para, type Run } from './model.ts';
import type { SelfAssessmentMinutes } from './types.ts';

const SMALL = 12;

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
        commune: doc.communeName,
        province: doc.provinceName,
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
  const rows: Cell[][] = [head];
  let maxTotal = 0;
  let anyProvisional = false;
  for (const c of doc.criteria) {
    maxTotal += c.max;
    anyProvisional ||= c.provisional;
    rows.push([
      cell(c.code, 'center', { bold: true, size: SMALL }),
      cell(c.title, 'left', { bold: true, size: SMALL }),
      cell('', 'left', { size: SMALL }),
      pointsCell(c.points, c.provisional, true),
      cell(num(c.max), 'center', { bold: true, size: SMALL }),
    ]);
    for (const item of c.items) {
      anyProvisional ||= item.provisional;
      rows.push([
        cell(item.code, 'center', { size: SMALL }),
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
  blocks.push({ kind: 'table', widthsMm: [14, 50, 55, 26, 20], borders: true, headerRows: 1, rows });
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
    commune: doc.communeName,
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
  left.push(para([{ text: secretary?.name ?? '', bold: true }], SIZE.body, 'center', { before: 76 }));
  blocks.push(closingTable(left, right, [82.5, 82.5]));

  return {
    page: A4_PAGE,
    blocks,
    title: t('documents:minutes.title', { year: doc.year, commune: doc.communeName }),
    pageNumberSize: SIZE.body,
  };
}
