// Pieces shared by the report pages: the status badge in words, the figures of a report as tables.
import { useTranslation } from 'react-i18next';
import { indicatorDef } from '../../../core/plans/indicators.ts';
import { isSuppressed, suppressedRange } from '../../../core/privacy/disclosure.ts';
import { useFormat } from '../../app/format.ts';
import { Badge } from '../../app/ui.tsx';
import { DataTable, Fact } from '../../ui/tables.tsx';
import { statusTone, type ReportFigures, type Timeliness } from './types.ts';

export function StatusBadge({ status }: { status: Timeliness }) {
  const { t } = useTranslation();
  return <Badge tone={statusTone(status)}>{t(`reportsUi:status.${status}`)}</Badge>;
}

export function FiguresView({ figures, year }: { figures: ReportFigures; year: number }) {
  // The suppressed label is the assessments' own, wherever a withheld figure shows.
  const { t } = useTranslation(['reportsUi', 'assessments']);
  const f = useFormat();
  const kind = (code: string | null) => (code ? indicatorDef(code)?.kind : undefined);
  const pct = (code: string | null) => (kind(code) === 'ratio' ? '%' : '');
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
