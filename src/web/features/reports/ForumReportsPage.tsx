// "/reports/:unitId/forum-reports?year=": for a province's officials, the reports on every children's forum its
// communes (and the province itself) held in the year: each due 15 days after its forum, on time, late (⚠ in
// words), missing or not yet due, with the forum's report one click away.
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format.ts';
import { useApi } from '../../app/useApi.ts';
import { thisYear as currentYear } from '../../ui/dates.ts';
import { FilterSelect } from '../../ui/forms.tsx';
import { DataTable, ListResource, useSearchUpdate } from '../../ui/tables.tsx';
import { ForumChildren, StatusBadge } from './parts.tsx';
import { forumReportPath, forumReportsApi, type ForumReportList, type ForumReportRow } from './types.ts';
import './reports.css';

export default function ForumReportsPage() {
  const unitId = Number(useParams().unitId);
  return <ForumReportsView key={unitId} unitId={unitId} />;
}

function ForumReportsView({ unitId }: { unitId: number }) {
  const { t } = useTranslation();
  const [params, update] = useSearchUpdate();
  const thisYear = currentYear();
  const year = Number(params.get('year')) || thisYear;
  const show = params.get('show') === 'problems' ? 'problems' : 'all';
  const loaded = useApi<ForumReportList>(`${forumReportsApi(unitId)}?year=${year}`);
  const years = Array.from({ length: 6 }, (_, i) => String(thisYear + 1 - i));
  return (
    <section className="page reports-page" aria-labelledby="forum-reports-page-title">
      <h1 id="forum-reports-page-title">{t('reportsUi:forumReports.title')}</h1>
      <p className="small muted">{t('reportsUi:forumReports.lead')}</p>
      <div className="toolbar">
        <FilterSelect
          id="forum-reports-year"
          label={t('reportsUi:page.year')}
          value={String(year)}
          onChange={(v) => update({ year: v })}
          options={years.map((y) => ({ value: y, label: t('reportsUi:page.yearValue', { year: y }) }))}
        />
        <FilterSelect
          id="forum-reports-show"
          label={t('reportsUi:consolidated.filter')}
          value={show}
          onChange={(v) => update({ show: v === 'all' ? null : v })}
          options={[
            { value: 'all', label: t('reportsUi:consolidated.all') },
            { value: 'problems', label: t('reportsUi:forumReports.problems') },
          ]}
        />
      </div>
      <div className="action-row">
        <Link className="btn-secondary" to={`/reports/${unitId}/consolidated?year=${year}`}>
          {t('reportsUi:forumReports.toConsolidated')}
        </Link>
      </div>
      <ListResource loaded={loaded} isEmpty={() => false} empty="">
        {(list) => <ForumReportsBody list={list} year={year} show={show} />}
      </ListResource>
    </section>
  );
}

function ForumReportsBody({ list, year, show }: { list: ForumReportList; year: number; show: 'all' | 'problems' }) {
  const { t } = useTranslation();
  const f = useFormat();
  const rows = list.rows;
  const k = list.completeness;
  const problem = (r: ForumReportRow) => r.timeliness === 'late' || r.timeliness === 'missing';
  const shown = show === 'problems' ? rows.filter(problem) : rows;
  return (
    <>
      <section aria-labelledby="forum-completeness-title" className="completeness" data-testid="forum-completeness">
        <h2 id="forum-completeness-title">{t('reportsUi:forumReports.completeness', { year })}</h2>
        <p className="completeness-main">
          <strong>
            {t('reportsUi:forumReports.submitted', {
              submitted: rows.filter((r) => r.submittedOn).length,
              forums: k.forums,
            })}
          </strong>
        </p>
        <ul className="completeness-list">
          <li>{t('reportsUi:consolidated.onTime', { count: k.onTime })}</li>
          <li className={k.late ? 'warn-text' : undefined} data-testid="forum-completeness-late">
            {k.late ? '⚠ ' : ''}
            {t('reportsUi:consolidated.late', { count: k.late })}
          </li>
          <li className={k.missing ? 'bad-text' : undefined} data-testid="forum-completeness-missing">
            {k.missing ? '⚠ ' : ''}
            {t('reportsUi:consolidated.missing', { count: k.missing })}
          </li>
          <li>{t('reportsUi:consolidated.pending', { count: k.pending })}</li>
        </ul>
        <p className="small muted">{t('reportsUi:consolidated.asOf', { date: f.date(list.today) })}</p>
      </section>
      {shown.length === 0 ? (
        <p role="status">{t('reportsUi:forumReports.none', { year })}</p>
      ) : (
        <DataTable<ForumReportRow>
          testId="forum-report-rows"
          rows={shown}
          rowKey={(r) => r.forumId}
          rowClassName={(r) => (problem(r) ? `row-${r.timeliness}` : undefined)}
          columns={[
            { label: t('reportsUi:consolidated.col.commune'), cell: (r) => r.unitName },
            {
              label: t('reportsUi:forums.col.forum'),
              cell: (r) => <Link to={forumReportPath(r.unitId, r.forumId)}>{r.title}</Link>,
            },
            { label: t('reportsUi:forums.col.heldOn'), className: 'date', cell: (r) => f.date(r.heldOn) },
            {
              label: t('reportsUi:forums.col.children'),
              cell: (r) => <ForumChildren row={r} />,
            },
            { label: t('reportsUi:forums.col.dueOn'), className: 'date', cell: (r) => f.date(r.dueOn) },
            {
              label: t('reportsUi:forums.col.submittedOn'),
              className: 'date',
              cell: (r) => (r.submittedOn ? f.date(r.submittedOn) : '—'),
            },
            { label: t('reportsUi:forums.col.status'), cell: (r) => <StatusBadge status={r.timeliness} /> },
          ]}
        />
      )}
    </>
  );
}
