// "/reports/:unitId/consolidated?year=&kind=": for a province's officials, which communes reported (on time,
// late — marked ⚠ in words, not colour only — missing, not yet due), the per-commune table, the roll-up
// totals of the submitted reports, the form's statistics rolled up (a column per commune and the total, rates
// from the summed counts), and the .docx / .xlsx. The 6-month, annual and Action Month reports alike.
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format.ts';
import { useApi } from '../../app/useApi.ts';
import { FilterSelect } from '../../ui/forms.tsx';
import { DataTable, Fact, ListResource, useSearchUpdate } from '../../ui/tables.tsx';
import { PeriodLine, StatusBadge, useStatisticText } from './parts.tsx';
import {
  consolidatedStatisticsOf,
  reportApi,
  yearlyKind,
  YEARLY_KINDS,
  type Consolidated,
  type ConsolidatedRow,
  type ConsolidatedStatistics,
} from './types.ts';
import './reports.css';
import { thisYear as currentYear } from '../../ui/dates.ts';

export default function ConsolidatedPage() {
  const unitId = Number(useParams().unitId);
  return <ConsolidatedView key={unitId} unitId={unitId} />;
}

function ConsolidatedView({ unitId }: { unitId: number }) {
  const { t } = useTranslation();
  const [params, update] = useSearchUpdate();
  const thisYear = currentYear();
  const year = Number(params.get('year')) || thisYear;
  const kind = yearlyKind(params.get('kind'));
  const show = params.get('show') === 'problems' ? 'problems' : 'all';
  const url = `${reportApi(unitId, year, kind)}/consolidated`;
  const loaded = useApi<Consolidated>(url);
  const years = Array.from({ length: 6 }, (_, i) => String(thisYear + 1 - i));

  return (
    <section className="page reports-page" aria-labelledby="consolidated-title">
      <h1 id="consolidated-title">
        {t('reportsUi:consolidated.title', { province: loaded.data?.province.name ?? '' })}
      </h1>
      <p className="small muted">{t('reportsUi:consolidated.lead')}</p>
      <div className="toolbar">
        <FilterSelect
          id="consolidated-year"
          label={t('reportsUi:page.year')}
          value={String(year)}
          onChange={(v) => update({ year: v })}
          options={years.map((y) => ({ value: y, label: t('reportsUi:page.yearValue', { year: y }) }))}
        />
        <FilterSelect
          id="consolidated-kind"
          label={t('reportsUi:consolidated.kind')}
          value={kind}
          onChange={(v) => update({ kind: v })}
          options={YEARLY_KINDS.map((k) => ({ value: k, label: t(`reportsUi:kind.${k}`) }))}
        />
        <FilterSelect
          id="consolidated-show"
          label={t('reportsUi:consolidated.filter')}
          value={show}
          onChange={(v) => update({ show: v === 'all' ? null : v })}
          options={[
            { value: 'all', label: t('reportsUi:consolidated.all') },
            { value: 'problems', label: t('reportsUi:consolidated.problems') },
          ]}
        />
      </div>
      <div className="action-row">
        <a className="btn-secondary" href={`${url}.docx`} download data-testid="consolidated-docx">
          {t('reportsUi:consolidated.downloadDocx')}
        </a>
        <a className="btn-secondary" href={`${url}.xlsx`} download data-testid="consolidated-xlsx">
          {t('reportsUi:consolidated.downloadXlsx')}
        </a>
        <Link className="btn-secondary" to={`/reports/${unitId}?year=${year}&kind=${kind}`}>
          {t('reportsUi:consolidated.ownReport')}
        </Link>
        <Link className="btn-secondary" to={`/reports/${unitId}/forum-reports?year=${year}`}>
          {t('reportsUi:page.toForumReports')}
        </Link>
      </div>
      <ListResource loaded={loaded} isEmpty={() => false} empty="">
        {(c) => <ConsolidatedBody c={c} show={show} />}
      </ListResource>
    </section>
  );
}

function ConsolidatedBody({ c, show }: { c: Consolidated; show: 'all' | 'problems' }) {
  const { t } = useTranslation();
  const f = useFormat();
  const k = c.completeness;
  const opt = (v: number | null, suffix = '') => (v === null ? '—' : `${f.num(v)}${suffix}`);
  const rows = show === 'problems' ? c.rows.filter((r) => r.status === 'late' || r.status === 'missing') : c.rows;
  const tt = c.totals;

  return (
    <>
      <section aria-labelledby="completeness-title" className="completeness" data-testid="completeness">
        <h2 id="completeness-title">{t('reportsUi:consolidated.completeness')}</h2>
        <p className="completeness-main">
          <strong data-testid="completeness-submitted">
            {t('reportsUi:consolidated.submitted', { submitted: k.submitted, units: k.units })}
          </strong>
        </p>
        <ul className="completeness-list">
          <li>{t('reportsUi:consolidated.onTime', { count: k.onTime })}</li>
          <li className={k.late ? 'warn-text' : undefined} data-testid="completeness-late">
            {k.late ? '⚠ ' : ''}
            {t('reportsUi:consolidated.late', { count: k.late })}
          </li>
          <li className={k.missing ? 'bad-text' : undefined} data-testid="completeness-missing">
            {k.missing ? '⚠ ' : ''}
            {t('reportsUi:consolidated.missing', { count: k.missing })}
          </li>
          <li>{t('reportsUi:consolidated.pending', { count: k.pending })}</li>
        </ul>
        <p className="small muted">{t('reportsUi:consolidated.asOf', { date: f.date(c.today) })}</p>
      </section>

      <section aria-labelledby="communes-title">
        <h2 id="communes-title">{t('reportsUi:consolidated.communes')}</h2>
        <DataTable<ConsolidatedRow>
          testId="consolidated-rows"
          rows={rows}
          rowKey={(r) => r.unitId}
          rowClassName={(r) => (r.status === 'late' || r.status === 'missing' ? `row-${r.status}` : undefined)}
          columns={[
            { label: t('reportsUi:consolidated.col.no'), cell: (r) => c.rows.indexOf(r) + 1 },
            {
              label: t('reportsUi:consolidated.col.commune'),
              cell: (r) => <Link to={`/reports/${r.unitId}?year=${c.year}&kind=${c.kind}`}>{r.name}</Link>,
            },
            { label: t('reportsUi:consolidated.col.status'), cell: (r) => <StatusBadge status={r.status} /> },
            { label: t('reportsUi:consolidated.col.dueOn'), cell: (r) => f.date(r.dueOn) },
            {
              label: t('reportsUi:consolidated.col.submittedOn'),
              cell: (r) => (r.submittedOn ? f.date(r.submittedOn) : '—'),
            },
            { label: t('reportsUi:consolidated.col.score'), cell: (r) => opt(r.score) },
            {
              label: t('reportsUi:consolidated.col.recognized'),
              cell: (r) =>
                r.recognized === null
                  ? '—'
                  : t(r.recognized ? 'reportsUi:consolidated.yes' : 'reportsUi:consolidated.no'),
            },
            {
              label: t('reportsUi:consolidated.col.tasks'),
              cell: (r) => (r.tasksDone === null ? '—' : `${f.num(r.tasksDone)}/${f.num(r.tasksTotal ?? 0)}`),
            },
            { label: t('reportsUi:consolidated.col.overdue'), cell: (r) => opt(r.overdue) },
            { label: t('reportsUi:consolidated.col.c13'), cell: (r) => opt(r.c13Rate, '%') },
          ]}
        />
      </section>

      <section aria-labelledby="totals-title" className="report-totals">
        <h2 id="totals-title">{t('reportsUi:consolidated.totals', { count: k.submitted })}</h2>
        <dl className="facts compact report-facts" data-testid="consolidated-totals">
          <Fact term={t('reportsUi:consolidated.meanScore')}>{opt(tt.score)}</Fact>
          <Fact
            term={t('reportsUi:consolidated.recognizedCount')}
          >{`${f.num(tt.recognized)}/${f.num(tt.scored)}`}</Fact>
          <Fact
            term={t('reportsUi:consolidated.tasksDone')}
            testId="totals-tasks"
          >{`${f.num(tt.tasksDone)}/${f.num(tt.tasksTotal)}`}</Fact>
          <Fact term={t('reportsUi:consolidated.overdue')}>{f.num(tt.overdue)}</Fact>
          <Fact term={t('reportsUi:consolidated.c13')}>{opt(tt.c13Rate, '%')}</Fact>
          <Fact term={t('reportsUi:consolidated.forums')}>{f.num(tt.forums)}</Fact>
          <Fact term={t('reportsUi:consolidated.events')}>{f.num(tt.events)}</Fact>
        </dl>
      </section>

      <StatisticsRollUp c={c} />
    </>
  );
}

/**
 * The form's tables rolled up over the submitted reports: a row per statistic, a column per commune that sent
 * its report, and the total (counts summed, rates recomputed from the summed counts by the server). On a phone
 * the commune columns scroll inside their box.
 */
function StatisticsRollUp({ c }: { c: Consolidated }) {
  const { t } = useTranslation();
  const f = useFormat();
  const valueText = useStatisticText();
  const s: ConsolidatedStatistics | null = consolidatedStatisticsOf(c);
  if (!s || s.tables.length === 0)
    return (
      <section aria-labelledby="rollup-title" className="report-rollup">
        <h2 id="rollup-title">{t('reportsUi:rollUp.title')}</h2>
        <p className="small muted" data-testid="rollup-none">
          {t('reportsUi:rollUp.none')}
        </p>
      </section>
    );
  const communes = c.rows.filter((r) => s.byUnit[String(r.unitId)] !== undefined);
  return (
    <section aria-labelledby="rollup-title" className="report-rollup" data-testid="rollup">
      <h2 id="rollup-title">{t('reportsUi:rollUp.title')}</h2>
      {s.period && <PeriodLine period={s.period} testId="rollup-period" />}
      <p className="small muted">{t('reportsUi:rollUp.lead', { count: communes.length })}</p>
      {s.tables.map((table, n) => (
        <div key={table.id} className="stat-table-block">
          <h3 id={`rollup-${table.id}`}>
            {n + 1}. {f.text(table.title)}
          </h3>
          <div className="table-scroll" role="region" aria-labelledby={`rollup-${table.id}`} tabIndex={0}>
            <table className="table rollup-table" data-testid={`rollup-${table.id}`}>
              <thead>
                <tr>
                  <th scope="col">{t('reportsUi:statistics.col.statistic')}</th>
                  <th scope="col">{t('reportsUi:statistics.col.unit')}</th>
                  {communes.map((r) => (
                    <th key={r.unitId} scope="col">
                      {r.name}
                    </th>
                  ))}
                  <th scope="col" className="total">
                    {t('reportsUi:rollUp.total')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {table.rows.map((row) => (
                  <tr key={row.statistic} data-statistic={row.statistic}>
                    <th scope="row">{f.text(row.label)}</th>
                    <td>{f.text(row.unit)}</td>
                    {communes.map((r) => (
                      <td key={r.unitId}>{valueText(row.kind, s.byUnit[String(r.unitId)]?.[row.statistic])}</td>
                    ))}
                    <td className="total">{valueText(row.kind, row.value)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ))}
    </section>
  );
}
