// The report and the consolidated report as official documents: their content in Vietnamese, filled from
// the report (frozen or drafted) and the province's roll-up, laid out by the documents feature.
import { indicatorDef, isPercentIndicator } from '../../../core/plans/indicators.ts';
import type { ReportKind, ReportStatistics } from '../../../core/plans/reports.ts';
import type { FormRowValue, FormTableValue } from '../../../core/reports/forms.ts';
import { isSuppressed, suppressedRange } from '../../../core/privacy/disclosure.ts';
import type { DisclosedFigures } from './figures.ts';
import type { RuleSetDefinition } from '../../../core/rule-sets/schema.ts';
import { unitInSentence } from '../../../core/unit-names.ts';
import { formatDate, formatNumber, translator } from '../../../i18n/index.ts';
import {
  BUDGET_SOURCE_WORDS,
  type PeriodicReportDocument,
  type PlanBudgetSource,
  type ReportTable,
  type SignatureBlock,
} from '../documents/index.ts';
import type { Consolidated } from './consolidate.ts';
import { dmy, type ReportView } from './store.ts';
import { inSentence, periodPhrase } from './narrative.ts';

const t = (key: string, params: Record<string, unknown> = {}) => translator('vi')(`reports:doc.${key}`, params);
/** The documents' own words for the statistics, Action Month and forum reports. */
const d = (key: string, params: Record<string, unknown> = {}) => translator('vi')(`documents:report.${key}`, params);
const num = (v: number) => formatNumber(v, 'vi', 1);
const upper = (s: string) => s.toLocaleUpperCase('vi-VN');
/** 'Xã Vạn Phú' → 'Vạn Phú' (the place line of a document). */
const placeOf = (name: string) => name.replace(/^(Tỉnh|Thành phố|Xã|Phường|Đặc khu|Thị trấn)\s+/u, '');

export interface DocumentExtras {
  /** The unit's plan of the year: who the report goes to and who signs it. */
  reportTo: string;
  signature: SignatureBlock | null;
  /** Criteria titles and maxima of the rule set, for the scores table. */
  ruleSet: RuleSetDefinition | null;
  today: string;
  /** The plan's budget lines with what the activity log records as spent against them up to the data's last day. */
  budget?: Array<{ item: string; source: PlanBudgetSource; year: number | null; estimate: number; spent: number }>;
}

/** Kinh phí: each line of the plan's budget with its estimate and what was spent, and the totals. */
export function budgetReportTable(lines: NonNullable<DocumentExtras['budget']>): ReportTable {
  const money = (v: number) => formatNumber(v, 'vi');
  const estimate = lines.reduce((a, l) => a + l.estimate, 0);
  const spent = lines.reduce((a, l) => a + l.spent, 0);
  return {
    title: d('budget.title'),
    widthsMm: [12, 58, 35, 30, 30],
    head: [t('table.index'), d('budget.item'), d('budget.source'), d('budget.estimate'), d('budget.spent')],
    rows: [
      ...lines.map((l, i) => [
        String(i + 1),
        l.year === null ? l.item : `${l.item} (${l.year})`,
        BUDGET_SOURCE_WORDS[l.source],
        money(l.estimate),
        money(l.spent),
      ]),
      ['', d('budget.total'), '', money(estimate), money(spent)],
    ],
    align: ['center', 'left', 'left', 'right', 'right'],
    boldRows: [lines.length],
  };
}

function targetCells(tg: DisclosedFigures['targets'][number]): [string, string, string] {
  const def = tg.indicator ? indicatorDef(tg.indicator) : undefined;
  const pct = isPercentIndicator(def) ? '%' : '';
  const flag = def?.kind === 'flag' || def?.kind === 'recognized';
  const goal = flag ? t('table.yes') : tg.goal === null ? '' : `${num(tg.goal)}${pct}`;
  const value = isSuppressed(tg)
    ? translator('vi')('assessments:suppressed.value', suppressedRange())
    : tg.value === null
      ? t('table.notMeasured')
      : flag
        ? t(tg.value ? 'table.yes' : 'table.no')
        : `${num(tg.value)}${pct}`;
  const met = tg.met === null ? '' : t(tg.met ? 'table.metYes' : 'table.metNo');
  return [goal, value, met];
}

function figureTables(f: DisclosedFigures, ruleSet: RuleSetDefinition | null): ReportTable[] {
  const tables: ReportTable[] = [];
  tables.push({
    title: t('table.targets'),
    widthsMm: [12, 83, 24, 24, 22],
    head: [t('table.index'), t('table.target'), t('table.goal'), t('table.value'), t('table.met')],
    rows: f.targets.length
      ? f.targets.map((tg, i) => [String(i + 1), tg.text, ...targetCells(tg)])
      : [['', t('table.none'), '', '', '']],
    align: ['center', 'left', 'center', 'center', 'center'],
  });
  const task = (k: keyof DisclosedFigures['tasks']) => [t(`task.${k}`), num(f.tasks[k])];
  tables.push({
    title: t('table.tasks'),
    widthsMm: [12, 113, 40],
    head: [t('table.index'), t('table.item'), t('table.count')],
    rows: (
      ['total', 'done', 'doneLate', 'inProgress', 'notStarted', 'overdue', 'cancelled', 'meanProgress'] as const
    ).map((k, i) => [String(i + 1), ...task(k)]),
    align: ['center', 'left', 'center'],
  });
  if (f.score) {
    const codes = Object.keys(f.score.criteria);
    const def = (code: string) => ruleSet?.criteria.find((c) => c.code === code);
    tables.push({
      title: t('table.criteria'),
      widthsMm: [18, 97, 25, 25],
      head: [t('table.criterion'), t('table.item'), t('table.points'), t('table.max')],
      rows: [
        ...codes.map((code) => [
          code,
          def(code)?.title.vi ?? code,
          num(f.score!.criteria[code]!),
          def(code) ? num(def(code)!.max) : '',
        ]),
        ['', t('table.total'), num(f.score.total), num(f.score.maxTotal)],
      ],
      align: ['center', 'left', 'center', 'center'],
      boldRows: [codes.length],
    });
  }
  const fo = f.forums;
  const survey = (a: 'children' | 'residents') => {
    const s = f.surveys[a];
    return s ? `${num(s.respondents)} / ${num(s.satisfied)}` : '—';
  };
  tables.push({
    title: t('table.activities'),
    widthsMm: [12, 113, 40],
    head: [t('table.index'), t('table.item'), t('table.count')],
    rows: [
      ...(['forums', 'consultations', 'participants', 'recommendations', 'answered', 'events'] as const).map((k) => [
        t(`activity.${k}`),
        num(fo[k]),
      ]),
      [t('activity.children'), survey('children')],
      [t('activity.residents'), survey('residents')],
    ].map((r, i) => [String(i + 1), ...r]),
    align: ['center', 'left', 'center'],
  });
  return tables;
}

const defaultSignature = (): SignatureBlock => ({
  authority: t('authority'),
  capacity: t('capacity'),
  title: '',
  name: '',
});

function planPhrase(plans: ReportView['plans']): string {
  return plans
    .map((p) =>
      p.status === 'issued' && p.number ? t('plan', { number: p.number }) : t('planDraft', { title: p.title }),
    )
    .join(', ');
}

/** A statistic's value as the documents print it: vi-VN digits, rates with their %, words for a missing value. */
export function statisticText(row: Pick<FormRowValue, 'kind' | 'value'>): string {
  if (row.value === null) return d('statistics.noData');
  return row.kind === 'rate' ? `${num(row.value)}%` : formatNumber(row.value, 'vi');
}

/** One table of a report form, filled: a numbered row per statistic with its unit and value. */
export function statisticsTable(table: FormTableValue, valueHead = d('statistics.value')): ReportTable {
  return {
    title: table.title.vi,
    widthsMm: [12, 98, 25, 30],
    head: [t('table.index'), t('table.item'), d('statistics.unit'), valueHead],
    rows: table.rows.map((row, i) => [String(i + 1), row.label.vi, row.unit.vi, statisticText(row)]),
    align: ['center', 'left', 'center', 'center'],
  };
}

/** 'Số liệu tính từ ngày 15/12/2025 đến ngày 14/06/2026.' */
export function dataPeriodLine(period: { from: string; to: string }): string {
  return d('statistics.dataPeriod', { from: formatDate(period.from), to: formatDate(period.to) });
}

type ReportOfDocument = Omit<ReportView, 'figures'> & { figures: DisclosedFigures };

function wording(r: ReportOfDocument): { summary: string; opening: string } {
  const unit = inSentence(r.unitName);
  const year = r.year;
  if (r.kind === 'action_month')
    return {
      summary: d('actionMonth.summary', { year }),
      opening: r.plans.length
        ? d('actionMonth.openingPlan', { plans: planPhrase(r.plans), unit, year })
        : d('actionMonth.opening', { unit, year }),
    };
  if (r.kind === 'forum') {
    if (r.forum) {
      const named = { title: r.forum.title, day: formatDate(r.forum.heldOn) };
      return { summary: d('forum.summary', named), opening: d('forum.opening', { ...named, unit }) };
    }
    return { summary: d('forum.summaryYear', { year }), opening: d('forum.openingYear', { unit, year }) };
  }
  const period = periodPhrase(year, r.kind);
  return {
    summary: t('summary', { period }),
    opening: r.plans.length
      ? t('openingPlan', { plans: planPhrase(r.plans), unit, period })
      : t('openingNoPlan', { unit, period }),
  };
}

/** Section II: the data period, then the plan's tables (6-month and annual reports) and the form's statistics tables. */
function figuresSection(r: ReportOfDocument, ruleSet: RuleSetDefinition | null, budget: DocumentExtras['budget']) {
  const stats: ReportStatistics | undefined = r.figures.statistics;
  const yearly = r.kind === 'six_month' || r.kind === 'annual';
  const planTables = yearly ? figureTables(r.figures, ruleSet) : [];
  if (yearly && budget?.length) planTables.push(budgetReportTable(budget));
  return {
    heading: t('figures'),
    ...(stats ? { text: dataPeriodLine(stats.period) } : {}),
    tables: [...planTables, ...(stats?.tables ?? []).map((table) => statisticsTable(table))],
  };
}

export function periodicReportDocument(r: ReportOfDocument, x: DocumentExtras): PeriodicReportDocument {
  const recipients = [
    x.reportTo.trim() || (r.level === 'commune' ? t('recipientProvince') : t('recipientMinistry')),
    t('archive'),
  ];
  const { summary, opening } = wording(r);
  return {
    header: {
      issuingBody: upper(t('issuingBody', { unit: r.unitName })),
      number: t('numberBlank'),
      place: placeOf(r.unitName),
      date: r.submittedOn ?? x.today,
    },
    type: t('type'),
    summary,
    opening,
    sections: [
      { heading: t('results'), text: r.narrative.results },
      figuresSection(r, x.ruleSet, x.budget),
      { heading: t('difficulties'), text: r.narrative.difficulties },
      { heading: t('proposals'), text: r.narrative.proposals },
    ],
    recipients,
    signature: x.signature ?? defaultSignature(),
  };
}

/** Section III of the consolidated report: the form's tables with the province's totals. */
function statisticsSection(c: Consolidated): PeriodicReportDocument['sections'][number] {
  const s = c.statistics;
  if (!s || !s.tables.length) return { heading: d('statistics.heading'), text: d('statistics.none') };
  const lines = [d('statistics.rollUpText', { count: Object.keys(s.byUnit).length })];
  if (s.period) lines.unshift(dataPeriodLine(s.period));
  return {
    heading: d('statistics.heading'),
    text: lines.join('\n'),
    tables: s.tables.map((table) => statisticsTable(table, d('statistics.total'))),
  };
}

const yesNo = (v: boolean | null) => (v === null ? '' : t(v ? 'table.yes' : 'table.no'));
const opt = (v: number | null, suffix = '') => (v === null ? '' : `${num(v)}${suffix}`);

/** The per-commune roll-up table (with the totals row), shared by the .docx and the page. */
export function communesTable(c: Consolidated): ReportTable {
  const status = (s: Consolidated['rows'][number]['status']) => t(`status.${s}`);
  const rows = c.rows.map((r, i) => [
    String(i + 1),
    r.name,
    status(r.status),
    r.submittedOn ? dmy(r.submittedOn) : '',
    opt(r.score),
    yesNo(r.recognized),
    r.tasksDone === null ? '' : `${num(r.tasksDone)}/${num(r.tasksTotal!)}`,
    opt(r.overdue),
    opt(r.c13Rate),
  ]);
  const tt = c.totals;
  rows.push([
    '',
    t('table.totals', { count: c.completeness.submitted }),
    `${num(c.completeness.submitted)}/${num(c.completeness.units)}`,
    '',
    tt.score === null ? '' : t('table.meanScore', { score: num(tt.score) }),
    `${num(tt.recognized)}/${num(tt.scored)}`,
    `${num(tt.tasksDone)}/${num(tt.tasksTotal)}`,
    num(tt.overdue),
    opt(tt.c13Rate),
  ]);
  return {
    title: t('table.communes'),
    widthsMm: [10, 35, 28, 20, 15, 14, 16, 12, 15],
    head: ['index', 'commune', 'status', 'submittedOn', 'score', 'recognized', 'tasksDone', 'overdue', 'c13'].map((k) =>
      t(`table.${k}`),
    ),
    rows,
    align: ['center', 'left', 'left', 'center', 'center', 'center', 'center', 'center', 'center'],
    boldRows: [rows.length - 1],
    size: 10,
  };
}

export function consolidatedReportDocument(
  c: Consolidated,
  kind: ReportKind,
  x: Pick<DocumentExtras, 'signature' | 'today'>,
): PeriodicReportDocument {
  const k = c.completeness;
  const unit = inSentence(c.province.name);
  const period = kind === 'action_month' ? '' : periodPhrase(c.year, kind);
  const summary =
    kind === 'action_month'
      ? d('actionMonth.summaryConsolidated', { year: c.year })
      : t('summaryConsolidated', { period });
  const opening =
    kind === 'action_month'
      ? d('actionMonth.openingConsolidated', { unit, year: c.year })
      : t('openingConsolidated', { unit, period });
  const names = (s: string) =>
    c.rows
      .filter((r) => r.status === s)
      .map((r) => unitInSentence(r.name))
      .join(', ');
  const lines = [t('completenessText', { ...k })];
  if (k.late) lines.push(t('lateList', { list: names('late') }));
  if (k.missing) lines.push(t('missingList', { list: names('missing') }));
  return {
    header: {
      issuingBody: upper(t('issuingBody', { unit: c.province.name })),
      number: t('numberBlank'),
      place: placeOf(c.province.name),
      date: x.today,
    },
    type: t('type'),
    summary,
    opening,
    sections: [
      {
        heading: t('completeness'),
        text: lines.join('\n'),
        tables: [
          {
            title: t('table.completeness'),
            widthsMm: [12, 113, 40],
            head: [t('table.index'), t('table.item'), t('table.count')],
            rows: (['units', 'submitted', 'onTime', 'late', 'missing', 'pending'] as const).map((key, i) => [
              String(i + 1),
              t(`table.${key}`),
              num(k[key]),
            ]),
            align: ['center', 'left', 'center'],
          },
        ],
      },
      { heading: t('rollUp'), text: t('rollUpText', { count: k.submitted }), tables: [communesTable(c)] },
      statisticsSection(c),
    ],
    recipients: [t('recipientMinistry'), t('archive')],
    signature: x.signature ?? defaultSignature(),
  };
}
