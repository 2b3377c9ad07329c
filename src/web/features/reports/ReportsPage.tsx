// "/reports/:unitId": a commune's (or province's) reports of a year: the 6-month, annual and Action Month reports
// (the due date in words, drafted from the data of their period, the form's statistics, the written parts),
// and the reports on the year's children's forums with their due days and state. The unit's officers write;
// the province reads.
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth.tsx';
import { useFormat } from '../../app/format.ts';
import { useApi } from '../../app/useApi.ts';
import { thisYear as currentYear } from '../../ui/dates.ts';
import { DueDate } from '../../ui/deadline.tsx';
import { FilterSelect } from '../../ui/forms.tsx';
import { DataTable, ListResource, useSearchUpdate } from '../../ui/tables.tsx';
import { ForumChildren, StatusBadge } from './parts.tsx';
import { ReportLoader } from './ReportBody.tsx';
import {
  forumReportPath,
  forumReportsApi,
  reportApi,
  reportsApi,
  yearlyKind,
  type ForumReportList,
  type ForumReportRow,
  type ReportSummary,
} from './types.ts';
import './reports.css';

export default function ReportsPage() {
  const unitId = Number(useParams().unitId);
  return <ReportsView key={unitId} unitId={unitId} />;
}

function ReportsView({ unitId }: { unitId: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { user } = useAuth();
  const [params, update] = useSearchUpdate();
  const thisYear = currentYear();
  const year = Number(params.get('year')) || thisYear;
  const kind = yearlyKind(params.get('kind'));
  const list = useApi<ReportSummary[]>(`${reportsApi(unitId)}?year=${year}`);
  const years = Array.from({ length: 6 }, (_, i) => String(thisYear + 1 - i));
  const provinceOfficial = !!user?.roles.some((r) => r.role === 'province_official' && r.unitId === unitId);

  return (
    <section className="page reports-page" aria-labelledby="reports-page-title">
      <h1 id="reports-page-title">{t('reportsUi:page.title')}</h1>
      <p className="small muted">{t('reportsUi:page.lead')}</p>
      <div className="toolbar">
        <FilterSelect
          id="reports-year"
          label={t('reportsUi:page.year')}
          value={String(year)}
          onChange={(v) => update({ year: v })}
          options={years.map((y) => ({ value: y, label: t('reportsUi:page.yearValue', { year: y }) }))}
        />
        {provinceOfficial && (
          <>
            <Link to={`/reports/${unitId}/consolidated?year=${year}&kind=${kind}`} className="btn-secondary">
              {t('reportsUi:page.toConsolidated')}
            </Link>
            <Link to={`/reports/${unitId}/forum-reports?year=${year}`} className="btn-secondary">
              {t('reportsUi:page.toForumReports')}
            </Link>
          </>
        )}
      </div>
      <ListResource loaded={list} isEmpty={(rows) => rows.length === 0} empty="">
        {(rows) => (
          <ul className="card-list report-kinds" data-testid="report-list">
            {rows.map((r) => (
              <li key={r.kind} className={r.kind === kind ? 'current' : undefined}>
                <button
                  type="button"
                  className="report-kind"
                  aria-pressed={r.kind === kind}
                  onClick={() => update({ kind: r.kind })}
                  data-testid={`report-kind-${r.kind}`}
                >
                  <strong>{t(`reportsUi:kind.${r.kind}`)}</strong>
                  <DueDate
                    dueOn={r.dueOn}
                    done={r.status === 'submitted'}
                    label={t('reportsUi:list.due', { date: f.date(r.dueOn) })}
                  />
                  <span>
                    {r.submittedOn
                      ? t('reportsUi:list.submittedOn', { date: f.date(r.submittedOn) })
                      : t('reportsUi:list.notSubmitted')}
                  </span>
                  <StatusBadge status={r.timeliness} />
                </button>
              </li>
            ))}
          </ul>
        )}
      </ListResource>
      <ReportLoader
        key={`${year}-${kind}`}
        url={reportApi(unitId, year, kind)}
        onChanged={list.reload}
        heading={(r) =>
          t('reportsUi:report.title', { kind: t(`reportsUi:kind.${r.kind}`), year: r.year, unit: r.unitName })
        }
        periodValue={(r) => t(`reportsUi:submit.periodValue.${r.kind}`, { year: r.year })}
      />
      {!provinceOfficial && <ForumReports unitId={unitId} year={year} />}
    </section>
  );
}

/** The reports on the unit's children's forums of the year: each forum, its report's due day and state. */
function ForumReports({ unitId, year }: { unitId: number; year: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  const loaded = useApi<ForumReportList>(`${forumReportsApi(unitId)}?year=${year}`);
  return (
    <section className="forum-reports" aria-labelledby="forum-reports-title">
      <h2 id="forum-reports-title">{t('reportsUi:forums.title', { year })}</h2>
      <p className="small muted">{t('reportsUi:forums.lead')}</p>
      <ListResource
        loaded={loaded}
        isEmpty={(list) => list.rows.length === 0}
        empty={t('reportsUi:forums.none', { year })}
      >
        {(list) => (
          <DataTable<ForumReportRow>
            testId="forum-report-list"
            rows={list.rows}
            rowKey={(r) => r.forumId}
            columns={[
              {
                label: t('reportsUi:forums.col.forum'),
                cell: (r) => <Link to={forumReportPath(r.unitId, r.forumId)}>{r.title}</Link>,
              },
              { label: t('reportsUi:forums.col.heldOn'), className: 'date', cell: (r) => f.date(r.heldOn) },
              { label: t('reportsUi:forums.col.children'), cell: (r) => <ForumChildren row={r} /> },
              {
                label: t('reportsUi:forums.col.dueOn'),
                className: 'date',
                cell: (r) => <DueDate dueOn={r.dueOn} done={!!r.submittedOn} label={f.date(r.dueOn)} />,
              },
              {
                label: t('reportsUi:forums.col.submittedOn'),
                className: 'date',
                cell: (r) => (r.submittedOn ? f.date(r.submittedOn) : '—'),
              },
              { label: t('reportsUi:forums.col.status'), cell: (r) => <StatusBadge status={r.timeliness} /> },
            ]}
          />
        )}
      </ListResource>
    </section>
  );
}
