// Bảng tự đánh giá, the public copy: what a commune posted for its residents to comment on — each criterion and
// item with the figures the commune entered, in words, the points and the maximum. It carries only what the
// public page carries (src/server/features/public-posting/contracts.ts): no council, no names, no source notes,
// sensitive small counts withheld. Not an official document: no heading, number or signature.
import { formatDate } from '../../../i18n/format.ts';
import { cell, num, SIZE, summaryPara, typeTitle, vi } from './common.ts';
import { A4_PAGE, para, textWidthMm, type Block, type Cell, type DocModel, type Run } from './model.ts';

export interface PublicFigureLine {
  label: string;
  kind: 'count' | 'flag';
  value: number | boolean | null;
  suppressed: boolean;
}

export interface PublicSelfAssessmentTable {
  communeName: string;
  provinceName: string | null;
  roundTitle: string;
  year: number;
  source: 'submission' | 'self_assessment';
  total: number;
  maxTotal: number | null;
  threshold: number | null;
  /** yyyy-mm-dd: the day the copy was taken from the public page. */
  takenOn: string;
  /** The largest count withheld for being small (1 to this). */
  suppressedMax: number;
  criteria: Array<{
    code: string;
    title: string;
    points: number;
    max: number;
    provisional: boolean;
    noData: boolean;
    items: Array<{
      title: string;
      points: number;
      max: number;
      provisional: boolean;
      noData: boolean;
      rate: { value: number; scale: number } | null;
      figures: PublicFigureLine[];
    }>;
  }>;
}

const SMALL = 11;
const POINTS_MM = 24;
const MAX_MM = 16;
const TITLE_MM = 58;

/** A figure in words: '1.234', 'Có', 'Không', 'Chưa có số liệu', 'Ẩn (1–4)'. */
export function figureText(f: PublicFigureLine, suppressedMax: number): string {
  const t = vi();
  if (f.suppressed) return t('documents:publicTable.suppressed', { max: suppressedMax });
  if (f.value === null) return t('documents:publicTable.noData');
  if (typeof f.value === 'boolean') return t(f.value ? 'documents:publicTable.yes' : 'documents:publicTable.no');
  return num(f.value);
}

function pointsCell(points: number, noData: boolean, provisional: boolean, bold: boolean): Cell {
  const t = vi();
  const runs: Run[] = [{ text: noData ? t('documents:publicTable.noData') : num(points), bold: bold && !noData }];
  if (provisional && !noData) runs.push({ text: `\n${t('documents:minutes.provisional')}`, italic: true });
  return { paras: [para(runs, SMALL, 'center')], vAlign: 'center' };
}

export function publicSelfAssessmentModel(doc: PublicSelfAssessmentTable): DocModel {
  const t = vi();
  const blocks: Block[] = [];
  blocks.push(typeTitle(t('documents:publicTable.type'), 0));
  blocks.push(summaryPara(t('documents:publicTable.summary', { year: doc.year })));
  const where = doc.provinceName ? `${doc.communeName}, ${doc.provinceName}` : doc.communeName;
  blocks.push(para([{ text: where, bold: true }], SIZE.body, 'center', { after: 3 }));
  blocks.push(para(t('documents:publicTable.round', { round: doc.roundTitle.trim() }), SIZE.body, 'center'));
  blocks.push(
    para(
      t(doc.source === 'submission' ? 'documents:publicTable.totalSubmission' : 'documents:publicTable.totalSelf', {
        total: num(doc.total),
        max: doc.maxTotal === null ? '—' : num(doc.maxTotal),
      }) +
        (doc.threshold === null ? '' : ` ${t('documents:publicTable.threshold', { threshold: num(doc.threshold) })}`),
      SIZE.body,
      'left',
      { before: 9, after: 6 },
    ),
  );

  const head = (['criterion', 'figures', 'points', 'max'] as const).map((k) =>
    cell(t(`documents:publicTable.column.${k}`), 'center', { bold: true, size: SMALL }),
  );
  const rows: Cell[][] = [head];
  let anyProvisional = false;
  for (const c of doc.criteria) {
    anyProvisional ||= c.provisional && !c.noData;
    rows.push([
      cell(`${c.code}. ${c.title}`, 'left', { bold: true, size: SMALL }),
      cell('', 'left', { size: SMALL }),
      pointsCell(c.points, c.noData, c.provisional, true),
      cell(num(c.max), 'center', { bold: true, size: SMALL }),
    ]);
    for (const item of c.items) {
      anyProvisional ||= item.provisional && !item.noData;
      const lines = item.figures.map((f) => `${f.label}: ${figureText(f, doc.suppressedMax)}`);
      if (item.rate)
        lines.push(
          t('documents:publicTable.rate', {
            value: `${num(item.rate.value)}${t(`scoring:unit.${item.rate.scale}`)}`,
          }),
        );
      rows.push([
        cell(item.title, 'left', { size: SMALL }),
        { paras: (lines.length ? lines : ['']).map((l) => para(l, SMALL, 'left')), vAlign: 'center' },
        pointsCell(item.points, item.noData, item.provisional, false),
        cell(num(item.max), 'center', { size: SMALL }),
      ]);
    }
  }
  rows.push([
    cell(t('documents:minutes.table.total'), 'center', { bold: true, size: SMALL }),
    cell('', 'left', { size: SMALL }),
    cell(num(doc.total), 'center', { bold: true, size: SMALL }),
    cell(doc.maxTotal === null ? '' : num(doc.maxTotal), 'center', { bold: true, size: SMALL }),
  ]);
  const figuresMm = textWidthMm(A4_PAGE) - TITLE_MM - POINTS_MM - MAX_MM;
  blocks.push({
    kind: 'table',
    widthsMm: [TITLE_MM, figuresMm, POINTS_MM, MAX_MM],
    borders: true,
    headerRows: 1,
    rows,
  });
  if (anyProvisional)
    blocks.push(
      para([{ text: t('documents:publicTable.provisionalNote'), italic: true }], SMALL, 'left', { before: 3 }),
    );
  blocks.push(
    para([{ text: t('documents:publicTable.privacy', { max: doc.suppressedMax }), italic: true }], SMALL, 'left', {
      before: 3,
    }),
  );
  blocks.push(
    para(t('documents:publicTable.takenOn', { date: formatDate(doc.takenOn) }), SMALL, 'left', { before: 3 }),
  );
  return {
    page: A4_PAGE,
    blocks,
    title: t('documents:publicTable.title', { commune: doc.communeName, year: doc.year }),
    pageNumberSize: SIZE.body,
  };
}
