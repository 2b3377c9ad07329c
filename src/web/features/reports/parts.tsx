// Pieces shared by the report pages: the status badge in words, the data period, the form's statistics tables
// (typed rows as number inputs while the report is a draft), and the figures of a report as tables.
import { useTranslation } from 'react-i18next';
import { indicatorDef, isPercentIndicator } from '../../../core/plans/indicators.ts';
import { isSuppressed, suppressedRange } from '../../../core/privacy/disclosure.ts';
import type { FormRowValue } from '../../../core/reports/forms.ts';
import { statisticOf } from '../../../core/reports/statistics.ts';
import { ApiError } from '../../app/api.ts';
import { useFormat } from '../../app/format.ts';
import { Badge } from '../../app/ui.tsx';
import { NumberInput } from '../../ui/forms.tsx';
import { DataTable, Fact } from '../../ui/tables.tsx';
import { statusTone, type ReportFigures, type ReportStatistics, type Timeliness } from './types.ts';

/** How many children took part in a forum, flagged in words below the 30 that Thông tư 29/2019 asks. */
export function ForumChildren({ row }: { row: { children: number; under30: boolean } }) {
  const { t } = useTranslation();
  const f = useFormat();
  return row.under30 ? (
    <span className="warn-text">{t('reportsUi:forums.under30', { children: f.num(row.children) })}</span>
  ) : (
    <>{f.num(row.children)}</>
  );
}

export function StatusBadge({ status }: { status: Timeliness }) {
  const { t } = useTranslation();
  return <Badge tone={statusTone(status)}>{t(`reportsUi:status.${status}`)}</Badge>;
}

export function FiguresView({ figures, year }: { figures: ReportFigures; year: number }) {
  // The suppressed label is the assessments' own, wherever a withheld figure shows.
  const { t } = useTranslation(['reportsUi', 'assessments']);
  const f = useFormat();
  const kind = (code: string | null) => (code ? indicatorDef(code)?.kind : undefined);
  const pct = (code: string | null) => (code && isPercentIndicator(indicatorDef(code)) ? '%' : '');
  const flag = (code: string | null) => kind(code) === 'flag' || kind(code) === 'recognized';
  const valueText = (x: ReportFigures['targets'][number]) =>
    isSuppressed(x)
      ? t('assessments:suppressed.value', suppressedRange())
      : x.value === null
        ? t('reportsUi:figures.notMeasured')
        : flag(x.indicator)
          ? t(x.value ? 'reportsUi:consolidated.yes' : 'reportsUi:consolidated.no')
          : `${f.num(x.value)}${pct(x.indicator)}`;
  const task = figures.tasks;
  const fo = figures.forums;
  return (
    <section aria-labelledby="figures-title" className="report-figures">
      <h2 id="figures-title">{t('reportsUi:figures.title')}</h2>

      <h3>{t('reportsUi:figures.targets')}</h3>
      {figures.targets.length === 0 ? (
        <p className="small muted">{t('reportsUi:figures.noTargets')}</p>
      ) : (
        <DataTable
          testId="report-targets"
          rows={figures.targets}
          rowKey={(_, i) => i}
          columns={[
            { label: t('reportsUi:figures.target'), cell: (x) => x.text },
            {
              label: t('reportsUi:figures.goal'),
              cell: (x) => (x.goal === null ? '' : `${f.num(x.goal)}${pct(x.indicator)}`),
            },
            { label: t('reportsUi:figures.value'), cell: valueText },
            {
              label: t('reportsUi:figures.met'),
              cell: (x) => (x.met === null ? '' : t(x.met ? 'reportsUi:figures.metYes' : 'reportsUi:figures.metNo')),
            },
          ]}
        />
      )}

      <h3>{t('reportsUi:figures.tasks')}</h3>
      <dl className="facts compact report-facts" data-testid="report-tasks">
        {(['total', 'done', 'doneLate', 'inProgress', 'notStarted', 'overdue', 'cancelled'] as const).map((k) => (
          <Fact
            key={k}
            term={t(`reportsUi:figures.task.${k}`)}
            className={k === 'overdue' && task.overdue > 0 ? 'warn-text' : undefined}
          >
            {k === 'overdue' && task.overdue > 0 ? `⚠ ${f.num(task[k])}` : f.num(task[k])}
          </Fact>
        ))}
        <Fact term={t('reportsUi:figures.task.meanProgress')}>{f.num(task.meanProgress)}%</Fact>
      </dl>

      <h3>{t('reportsUi:figures.score')}</h3>
      {figures.score ? (
        <>
          <p data-testid="report-score">
            <strong>
              {t('reportsUi:figures.scoreLine', {
                total: f.num(figures.score.total),
                max: f.num(figures.score.maxTotal),
                threshold: f.num(figures.score.threshold),
              })}
            </strong>{' '}
            <Badge tone={figures.score.recognized ? 'ok' : 'bad'}>
              {t(figures.score.recognized ? 'reportsUi:figures.recognized' : 'reportsUi:figures.notRecognized')}
            </Badge>
          </p>
          <DataTable
            rows={Object.entries(figures.score.criteria)}
            rowKey={([code]) => code}
            columns={[
              { label: t('reportsUi:figures.criterion'), cell: ([code]) => code },
              {
                label: t('reportsUi:figures.points'),
                cell: ([code, points]) =>
                  figures.score!.zeroCriteria.includes(code) ? `⚠ ${f.num(points)}` : f.num(points),
              },
            ]}
          />
        </>
      ) : (
        <p className="small muted">{t('reportsUi:figures.noScore', { year, date: f.date(figures.asOf) })}</p>
      )}

      <h3>{t('reportsUi:figures.activities')}</h3>
      <dl className="facts compact report-facts" data-testid="report-activities">
        {(['forums', 'consultations', 'participants', 'recommendations', 'answered', 'events'] as const).map((k) => (
          <Fact key={k} term={t(`reportsUi:figures.activity.${k}`)}>
            {f.num(fo[k])}
          </Fact>
        ))}
        {(['children', 'residents'] as const).map((a) => {
          const s = figures.surveys[a];
          return (
            <Fact key={a} term={t(`reportsUi:figures.survey.${a}`)}>
              {s
                ? t('reportsUi:figures.survey.value', {
                    respondents: f.num(s.respondents),
                    satisfied: f.num(s.satisfied),
                  })
                : t('reportsUi:figures.survey.none')}
            </Fact>
          );
        })}
      </dl>
    </section>
  );
}

/** "Số liệu tính từ ngày 15/12/2025 đến ngày 14/06/2026": the days a report's data cover. */
export function PeriodLine({ period, testId }: { period: { from: string; to: string }; testId?: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <p className="report-period" data-testid={testId}>
      <strong>{t('reportsUi:statistics.period', { from: f.date(period.from), to: f.date(period.to) })}</strong>
    </p>
  );
}

/** A statistic's value in words: a number in the language on screen (the unit, % for a rate, beside it), or "no data yet". */
export function useStatisticText() {
  const { t } = useTranslation();
  const f = useFormat();
  return (kind: FormRowValue['kind'], value: number | null | undefined) =>
    value === null || value === undefined
      ? t('reportsUi:statistics.noData')
      : kind === 'rate'
        ? f.num(value, 1)
        : f.num(value);
}

/** The API's issue for a typed statistic: its field names the code ("entered.budget.spent" or the code alone). */
export function statisticIssue(error: unknown, code: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const found = error.issues
    .filter((i) => {
      const field = String(i.field ?? '');
      return field === code || field.endsWith(`.${code}`) || field.endsWith(`[${JSON.stringify(code)}]`);
    })
    .map((i) => i.message);
  return found.length ? found.join('\n') : undefined;
}

/** Where a row's number comes from, in words: counted from the data, worked out, or typed by the unit. */
function sourceKey(row: FormRowValue): string {
  if (row.kind === 'rate') return 'rate';
  if (row.entered) return 'entered';
  const def = statisticOf(row.statistic);
  return def && def.kind !== 'rate' ? def.source : 'register';
}

/**
 * The form's tables. Counted rows show their value, read only; typed rows are number inputs when `edit` is
 * given (the text as typed, read as a number of the language on screen when saved).
 */
export function StatisticsTables({
  statistics,
  edit,
}: {
  statistics: ReportStatistics;
  edit?: { texts: Record<string, string>; onChange(code: string, text: string): void; error: unknown };
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const valueText = useStatisticText();
  return (
    <section aria-labelledby="statistics-title" className="report-statistics" data-testid="report-statistics">
      <h2 id="statistics-title">{f.text(statistics.form.title)}</h2>
      <PeriodLine period={statistics.period} testId="report-period" />
      {edit && <p className="small muted">{t('reportsUi:statistics.editHint')}</p>}
      {statistics.tables.map((table, n) => (
        <div key={table.id} className="stat-table-block">
          <h3 id={`stat-table-${table.id}`}>
            {n + 1}. {f.text(table.title)}
          </h3>
          <table
            className="table responsive stat-table"
            aria-labelledby={`stat-table-${table.id}`}
            data-testid={`stat-table-${table.id}`}
          >
            <thead>
              <tr>
                <th scope="col">{t('reportsUi:statistics.col.no')}</th>
                <th scope="col">{t('reportsUi:statistics.col.statistic')}</th>
                <th scope="col">{t('reportsUi:statistics.col.unit')}</th>
                <th scope="col">{t('reportsUi:statistics.col.value')}</th>
                <th scope="col">{t('reportsUi:statistics.col.source')}</th>
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row, i) => {
                const label = f.text(row.label);
                const typed = edit && row.entered;
                return (
                  <tr
                    key={row.statistic}
                    data-statistic={row.statistic}
                    className={typed ? 'stat-typed' : row.value === null ? 'stat-none' : undefined}
                  >
                    <td data-label={t('reportsUi:statistics.col.no')}>{`${n + 1}.${i + 1}`}</td>
                    <th scope="row" data-label={t('reportsUi:statistics.col.statistic')}>
                      {label}
                    </th>
                    <td data-label={t('reportsUi:statistics.col.unit')}>{f.text(row.unit)}</td>
                    <td data-label={t('reportsUi:statistics.col.value')} className="stat-value">
                      {typed ? (
                        <NumberInput
                          id={`stat-${table.id}-${row.statistic.replace(/\W/g, '-')}`}
                          className="stat-input"
                          label={label}
                          integer
                          value={edit.texts[row.statistic] ?? ''}
                          onChange={(v) => edit.onChange(row.statistic, v)}
                          error={statisticIssue(edit.error, row.statistic)}
                        />
                      ) : (
                        valueText(row.kind, row.value)
                      )}
                    </td>
                    <td data-label={t('reportsUi:statistics.col.source')} className="small muted">
                      {t(`reportsUi:statistics.source.${sourceKey(row)}`)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ))}
    </section>
  );
}
