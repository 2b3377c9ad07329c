// "/dashboard/nation", "/dashboard/provinces/:id", "/dashboard/communes/:id": the share meeting the standard
// against the target, counts, criteria, score distribution, the trend across the 2025 reorganisation,
// dossier timeliness and results a provisional rule decided. Every chart has its table (the text
// alternative) one tap away, and the whole page downloads as .xlsx with the same figures.
import { lazy, Suspense, useId, useState, type ReactNode } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { targetWording } from '../../../core/dashboards/targets.ts';
import { useFormat } from '../../app/format.ts';
import type { Period } from '../../app/types.ts';
import { Badge, ErrorBox, Loading, RecognizedBadge } from '../../app/ui.tsx';
import { useApi } from '../../app/useApi.ts';
import { DataTable } from '../../ui/tables.tsx';
import type {
  BreakdownRow,
  CriterionFigure,
  Dashboard,
  Level,
  TargetComparison,
  TimelinessRow,
  TrendPoint,
  Warning,
} from './types.ts';
import { DashboardMap } from '../maps/ChoroplethMap.tsx';
import './dashboards.css';

// Chart.js is most of this page's bytes: it comes in its own chunk, so the figures and tables show while it loads.
const charts = () => import('./charts.tsx');
const LineChart = lazy(() => charts().then((m) => ({ default: m.LineChart })));
const BarChart = lazy(() => charts().then((m) => ({ default: m.BarChart })));
const ColumnChart = lazy(() => charts().then((m) => ({ default: m.ColumnChart })));
const StackedBar = lazy(() => charts().then((m) => ({ default: m.StackedBar })));

const apiPath = (level: Level, id: string | undefined) =>
  level === 'nation'
    ? '/api/dashboards/nation'
    : `/api/dashboards/${level === 'province' ? 'provinces' : 'communes'}/${id}`;

/** A chart with a button that shows its table; the chart's label tells where the figures are. */
function Figure({
  title,
  chart,
  table,
  testId,
}: {
  title: string;
  chart: ReactNode;
  table: ReactNode;
  testId: string;
}) {
  const { t } = useTranslation();
  const [showTable, setShowTable] = useState(false);
  const id = useId();
  return (
    <section className="card dash-figure" data-testid={testId} aria-labelledby={`${id}-h`}>
      <div className="dash-figure-head">
        <h2 className="card-title" id={`${id}-h`}>
          {title}
        </h2>
        <button
          type="button"
          className="btn-link"
          aria-expanded={showTable}
          aria-controls={`${id}-t`}
          onClick={() => setShowTable((v) => !v)}
        >
          {showTable ? t('dashboardsUi:hideTable') : t('dashboardsUi:showTable')}
        </button>
      </div>
      <Suspense fallback={<Loading />}>{chart}</Suspense>
      <div id={`${id}-t`} hidden={!showTable} className="dash-table">
        {table}
      </div>
    </section>
  );
}

function TargetCard({ d }: { d: Dashboard }) {
  const { t } = useTranslation();
  const f = useFormat();
  const c = d.comparison;
  const { target, source } = targetWording(c.target, t);
  const share = c.share ?? 0;
  return (
    <section className="card dash-target" data-testid="share-vs-target">
      <h2 className="card-title">{t('dashboardsUi:share.title')}</h2>
      <p className="dash-big">
        <strong>{c.share === null ? '—' : `${f.num(c.share, 1)}%`}</strong>{' '}
        <span className="small">
          {t('dashboardsUi:share.of', { recognised: d.counts.recognised, units: d.counts.units })}
        </span>
      </p>
      <div
        className="dash-meter"
        role="meter"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={share}
        aria-label={t('dashboardsUi:share.meter', { share: f.num(share, 1), target: c.target.percent })}
      >
        <div
          className={c.met ? 'dash-meter-fill ok' : 'dash-meter-fill'}
          style={{ width: `${Math.min(100, share)}%` }}
        />
        <div className="dash-meter-target" style={{ left: `${c.target.percent}%` }} />
      </div>
      <p>
        {t('dashboardsUi:share.target', { target, level: t(`dashboardsUi:share.level.${c.target.level}`) })}{' '}
        {c.met === null ? null : c.met ? (
          <Badge tone="ok">{t('dashboardsUi:share.met')}</Badge>
        ) : (
          <Badge tone="bad">{t('dashboardsUi:share.notMet', { count: c.needed ?? 0 })}</Badge>
        )}
      </p>
      {source ? (
        <p className="small" data-testid="target-source">
          {source}
        </p>
      ) : null}
    </section>
  );
}

function Counts({ d }: { d: Dashboard }) {
  const { t } = useTranslation();
  const f = useFormat();
  const items: Array<[string, string]> = [
    ['units', f.num(d.counts.units)],
    ['assessed', f.num(d.counts.assessed)],
    ['complete', f.num(d.counts.complete)],
    ['recognised', f.num(d.counts.recognised)],
    ['decided', f.num(d.counts.decided)],
    ['meanTotal', d.counts.meanTotal === null ? '—' : f.num(d.counts.meanTotal, 1)],
  ];
  return (
    <dl className="dash-counts" data-testid="counts">
      {items.map(([k, v]) => (
        <div key={k}>
          <dt>{t(`dashboards:export.${k}`)}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function CommuneStatus({ d }: { d: Dashboard }) {
  const { t } = useTranslation();
  const f = useFormat();
  const c = d.commune!;
  return (
    <section className="card" data-testid="commune-status">
      <h2 className="card-title">{t('dashboardsUi:commune.title', { year: d.period.year })}</h2>
      {!c.status.assessed ? (
        <p>{t('dashboardsUi:commune.notAssessed')}</p>
      ) : (
        <p className="dash-big">
          <strong>{c.total === null ? '—' : f.num(c.total, 1)}</strong>
          {c.threshold !== null && (
            <span className="small"> / {t('dashboardsUi:commune.threshold', { threshold: c.threshold })}</span>
          )}{' '}
          {c.status.complete ? (
            <RecognizedBadge recognized={c.status.recognised} />
          ) : (
            <Badge tone="muted">{t('dashboardsUi:commune.incomplete')}</Badge>
          )}
        </p>
      )}
      {c.status.viaLineage && (
        <p className="small">{t('dashboardsUi:commune.viaLineage', { count: c.status.members })}</p>
      )}
    </section>
  );
}

function TrendFigure({ d }: { d: Dashboard }) {
  const { t } = useTranslation();
  const f = useFormat();
  const pct = (v: number | null) => (v === null ? '—' : `${f.num(v, 1)}%`);
  const commune = d.level === 'commune';
  return (
    <Figure
      testId="trend"
      title={t(commune ? 'dashboardsUi:trend.titleCommune' : 'dashboardsUi:trend.title')}
      chart={
        commune ? (
          <BarChart
            label={t('dashboardsUi:trend.chartCommune')}
            maxLabel={t('dashboards:export.max')}
            rows={d.trend.map((p) => ({
              label: `${p.year}${p.recognised ? ' ✓' : ''}`,
              value: p.meanTotal,
              max: 1000,
              text: p.meanTotal === null ? '—' : `${f.num(p.meanTotal, 1)}/1000`,
            }))}
          />
        ) : (
          <LineChart
            label={t('dashboardsUi:trend.chart')}
            points={d.trend.map((p) => ({ label: String(p.year), value: p.comparison.share }))}
            targets={d.trend.map((p) => p.comparison.target.percent)}
            format={(v) => `${f.num(v, 1)}%`}
            names={{ share: t('dashboards:export.recognised'), target: t('dashboards:export.target') }}
          />
        )
      }
      table={
        <DataTable<TrendPoint>
          testId="trend-table"
          rows={d.trend}
          rowKey={(p) => p.periodId}
          columns={[
            { label: t('dashboards:export.year'), cell: (p) => p.year },
            { label: t('dashboards:export.units'), cell: (p) => f.num(p.units), className: 'num' },
            { label: t('dashboards:export.assessed'), cell: (p) => f.num(p.assessed), className: 'num' },
            { label: t('dashboards:export.recognised'), cell: (p) => f.num(p.recognised), className: 'num' },
            { label: t('dashboards:export.share'), cell: (p) => pct(p.comparison.share), className: 'num' },
            {
              label: t('dashboards:export.targetPercent'),
              cell: (p) => `${f.num(p.comparison.target.percent)}%`,
              className: 'num',
            },
            {
              label: t('dashboards:export.met'),
              cell: (p) =>
                p.comparison.met === null
                  ? '—'
                  : p.comparison.met
                    ? t('dashboards:export.yes')
                    : t('dashboards:export.no'),
            },
            {
              label: t('dashboards:export.meanTotal'),
              cell: (p) => (p.meanTotal === null ? '—' : f.num(p.meanTotal, 1)),
              className: 'num',
            },
          ]}
        />
      }
    />
  );
}

function CriteriaFigure({ d }: { d: Dashboard }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Figure
      testId="criteria"
      title={t('dashboardsUi:criteria.title')}
      chart={
        <BarChart
          label={t('dashboardsUi:criteria.chart')}
          maxLabel={t('dashboards:export.max')}
          rows={d.criteria.map((c) => ({
            label: c.code,
            value: c.meanPoints,
            max: c.max,
            alert: c.zeroed > 0,
            text:
              c.meanPoints === null
                ? '—'
                : `${f.num(c.meanPoints, 1)}/${f.num(c.max)}${c.zeroed ? ` · ${t('dashboardsUi:criteria.zeroedShort', { count: c.zeroed })}` : ''}`,
          }))}
        />
      }
      table={
        <DataTable<CriterionFigure>
          testId="criteria-table"
          rows={d.criteria}
          rowKey={(c) => c.code}
          columns={[
            { label: t('dashboards:export.code'), cell: (c) => c.code },
            { label: t('dashboards:export.criterion'), cell: (c) => f.text(c.title) },
            { label: t('dashboards:export.max'), cell: (c) => f.num(c.max), className: 'num' },
            { label: t('dashboards:export.scored'), cell: (c) => f.num(c.scored), className: 'num' },
            {
              label: t('dashboards:export.meanPoints'),
              cell: (c) => (c.meanPoints === null ? '—' : f.num(c.meanPoints, 1)),
              className: 'num',
            },
            { label: t('dashboards:export.belowFull'), cell: (c) => f.num(c.belowFull), className: 'num' },
            { label: t('dashboards:export.zeroed'), cell: (c) => f.num(c.zeroed), className: 'num' },
          ]}
        />
      }
    />
  );
}

function DistributionFigure({ d }: { d: Dashboard }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Figure
      testId="distribution"
      title={t('dashboardsUi:distribution.title')}
      chart={
        <ColumnChart
          label={t('dashboardsUi:distribution.chart')}
          columns={d.distribution.map((b) => ({
            label: `${f.num(b.from)}–${f.num(b.to)}`,
            value: b.count,
            alert: b.to < 800,
          }))}
        />
      }
      table={
        <DataTable<{ from: number; to: number; count: number }>
          testId="distribution-table"
          rows={d.distribution}
          rowKey={(b) => b.from}
          columns={[
            { label: t('dashboards:export.band'), cell: (b) => `${f.num(b.from)}–${f.num(b.to)}` },
            { label: t('dashboards:export.count'), cell: (b) => f.num(b.count), className: 'num' },
          ]}
        />
      }
    />
  );
}

const TIMELINESS = ['onTime', 'late', 'overdue', 'pending', 'noEntry'] as const;
const STATUS_KEY = { onTime: 'on_time', late: 'late', overdue: 'overdue', pending: 'pending' } as const;

function TimelinessFigure({ d }: { d: Dashboard }) {
  const { t } = useTranslation();
  const f = useFormat();
  const label = (k: (typeof TIMELINESS)[number]) =>
    k === 'noEntry' ? t('dashboardsUi:timeliness.noEntry') : t(`dashboards:timeliness.${STATUS_KEY[k]}`);
  const tone = (s: TimelinessRow['status']) => (s === 'on_time' ? 'ok' : s === 'pending' ? 'muted' : 'bad');
  return (
    <Figure
      testId="timeliness"
      title={t('dashboardsUi:timeliness.title')}
      chart={
        <>
          <StackedBar
            label={t('dashboardsUi:timeliness.chart', { onTime: d.timeliness.onTime, entries: d.timeliness.entries })}
            parts={TIMELINESS.map((k) => ({ key: k, label: label(k), value: d.timeliness[k] }))}
          />
          <ul className="dash-legend">
            {TIMELINESS.map((k) => (
              <li key={k}>
                <span className={`dash-swatch part-${k}`} aria-hidden="true" /> {label(k)}: {f.num(d.timeliness[k])}
              </li>
            ))}
          </ul>
        </>
      }
      table={
        d.timeliness.rows.length ? (
          <>
            {d.timeliness.omitted > 0 && (
              <p className="small" data-testid="timeliness-showing">
                {t('dashboardsUi:timeliness.showing', {
                  shown: f.num(d.timeliness.rows.length),
                  total: f.num(d.timeliness.entries),
                })}
              </p>
            )}
            <DataTable<TimelinessRow>
              testId="timeliness-table"
              rows={d.timeliness.rows}
              rowKey={(r) => r.unitId}
              columns={[
                { label: t('dashboards:export.unitName'), cell: (r) => r.name },
                {
                  label: t('dashboards:export.state'),
                  cell: (r) => t(`rounds:state.${r.state}`, { defaultValue: r.state }),
                },
                { label: t('dashboards:export.due'), cell: (r) => f.date(r.due) },
                {
                  label: t('dashboards:export.submittedOn'),
                  cell: (r) => (r.submittedOn ? f.date(r.submittedOn) : '—'),
                },
                {
                  label: t('dashboards:export.daysLate'),
                  cell: (r) => (r.daysLate === null ? '—' : f.num(r.daysLate)),
                  className: 'num',
                },
                {
                  label: t('dashboards:export.status'),
                  cell: (r) => <Badge tone={tone(r.status)}>{t(`dashboards:timeliness.${r.status}`)}</Badge>,
                },
              ]}
            />
          </>
        ) : (
          <p className="small">{t('dashboardsUi:timeliness.none')}</p>
        )
      }
    />
  );
}

function Warnings({ d }: { d: Dashboard }) {
  const { t } = useTranslation();
  const f = useFormat();
  const link = (w: Warning) => `/assessments/${w.unitId}/${d.period.id}`;
  return (
    <section className="card" data-testid="warnings">
      <h2 className="card-title">{t('dashboardsUi:warnings.title', { count: d.warningsTotal })}</h2>
      <p className="small">{t('dashboardsUi:warnings.hint')}</p>
      {d.warningsOmitted > 0 && (
        <p className="small" data-testid="warnings-showing">
          {t('dashboardsUi:warnings.showing', { shown: f.num(d.warnings.length), total: f.num(d.warningsTotal) })}
        </p>
      )}
      {d.warnings.length === 0 ? (
        <p>{t('dashboardsUi:warnings.none')}</p>
      ) : (
        <DataTable<Warning>
          rows={d.warnings}
          rowKey={(w) => w.unitId}
          columns={[
            {
              label: t('dashboards:export.unitName'),
              cell: (w) =>
                w.unitId === d.unit?.id || d.level !== 'commune' ? <Link to={link(w)}>{w.name}</Link> : w.name,
            },
            {
              label: t('dashboards:export.total'),
              cell: (w) => `${f.num(w.total)}/${f.num(w.threshold)}`,
              className: 'num',
            },
            { label: t('dashboards:export.recognised'), cell: (w) => <RecognizedBadge recognized={w.recognized} /> },
            {
              label: t('dashboards:export.impact'),
              cell: (w) => (
                <ul className="dash-impacts">
                  {w.impacts.map((i, n) => (
                    <li key={n}>
                      {t(`dashboards:impact.${i.kind}`, {
                        ...i,
                        criteria: 'criteria' in i ? i.criteria.join(', ') : '',
                      })}
                    </li>
                  ))}
                </ul>
              ),
            },
          ]}
        />
      )}
    </section>
  );
}

const PAGE_SIZE = 25;
/** Case- and diacritic-insensitive text for the search ("thai nguyen" finds "Thái Nguyên"; đ as d). */
const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();

function Breakdown({ d }: { d: Dashboard }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [query, setQuery] = useState('');
  const [page, setPage] = useState(0);
  const searchId = useId();
  const pct = (c: TargetComparison | null) => (c?.share === null || !c ? '—' : `${f.num(c.share, 1)}%`);
  if (d.level === 'nation')
    return (
      <section className="card" data-testid="breakdown">
        <h2 className="card-title">{t('dashboardsUi:breakdown.provinces')}</h2>
        <DataTable<BreakdownRow>
          rows={d.breakdown}
          rowKey={(r) => r.unitId}
          columns={[
            {
              label: t('dashboards:export.unitName'),
              cell: (r) => <Link to={`/dashboard/provinces/${r.unitId}?periodId=${d.period.id}`}>{r.name}</Link>,
            },
            { label: t('dashboards:export.units'), cell: (r) => f.num(r.units), className: 'num' },
            { label: t('dashboards:export.assessed'), cell: (r) => f.num(r.assessed), className: 'num' },
            { label: t('dashboards:export.recognised'), cell: (r) => f.num(r.recognised), className: 'num' },
            { label: t('dashboards:export.share'), cell: (r) => pct(r.comparison), className: 'num' },
            {
              label: t('dashboards:export.met'),
              cell: (r) =>
                r.comparison?.met ? <Badge tone="ok">{t('dashboards:export.yes')}</Badge> : t('dashboards:export.no'),
            },
          ]}
        />
      </section>
    );
  const title = d.level === 'province' ? t('dashboardsUi:breakdown.communes') : t('dashboardsUi:breakdown.members');
  // Communes not assessed are many: listed after the assessed ones.
  const sorted = [...d.breakdown].sort((a, b) => b.assessed - a.assessed);
  // A province has up to ~170 communes: a page at a time, with a search by name (the .xlsx keeps them all).
  const paged = d.level === 'province';
  const needle = fold(query.trim());
  const found = paged && needle ? sorted.filter((r) => fold(r.name).includes(needle)) : sorted;
  const pages = Math.max(1, Math.ceil(found.length / PAGE_SIZE));
  const current = Math.min(page, pages - 1);
  const rows = paged ? found.slice(current * PAGE_SIZE, (current + 1) * PAGE_SIZE) : found;
  return (
    <section className="card" data-testid="breakdown">
      <h2 className="card-title">{title}</h2>
      {paged && (
        <div className="toolbar dash-pager">
          <div className="field inline">
            <label htmlFor={`${searchId}-q`}>{t('dashboardsUi:breakdown.search')}</label>
            <input
              id={`${searchId}-q`}
              type="search"
              value={query}
              onChange={(e) => {
                setQuery(e.target.value);
                setPage(0);
              }}
            />
          </div>
          <nav aria-label={t('dashboardsUi:breakdown.pages')} className="dash-pages">
            <button
              type="button"
              className="btn-secondary btn-small"
              disabled={current === 0}
              onClick={() => setPage(current - 1)}
            >
              {t('dashboardsUi:breakdown.previous')}
            </button>{' '}
            <span className="small" aria-live="polite" data-testid="breakdown-showing">
              {found.length
                ? t('dashboardsUi:breakdown.showing', {
                    from: f.num(current * PAGE_SIZE + 1),
                    to: f.num(Math.min(found.length, (current + 1) * PAGE_SIZE)),
                    total: f.num(found.length),
                  })
                : t('dashboardsUi:breakdown.noMatch', { query })}
            </span>{' '}
            <button
              type="button"
              className="btn-secondary btn-small"
              disabled={current >= pages - 1}
              onClick={() => setPage(current + 1)}
            >
              {t('dashboardsUi:breakdown.next')}
            </button>
          </nav>
        </div>
      )}
      <DataTable<BreakdownRow>
        rows={rows}
        rowKey={(r) => r.unitId}
        columns={[
          {
            label: t('dashboards:export.unitName'),
            cell: (r) =>
              d.level === 'province' ? (
                <Link to={`/dashboard/communes/${r.unitId}?periodId=${d.period.id}`}>{r.name}</Link>
              ) : (
                `${r.name} (${r.code})`
              ),
          },
          {
            label: t('dashboards:export.total'),
            cell: (r) => (r.meanTotal === null ? '—' : f.num(r.meanTotal, 1)),
            className: 'num',
          },
          {
            label: t('dashboards:export.threshold'),
            cell: (r) => (r.threshold === null || r.threshold === undefined ? '—' : f.num(r.threshold)),
            className: 'num',
          },
          {
            label: t('dashboardsUi:breakdown.result'),
            cell: (r) =>
              !r.assessed ? (
                <span className="small">{t('dashboardsUi:breakdown.notAssessed')}</span>
              ) : r.complete ? (
                <RecognizedBadge recognized={r.recognised === 1} />
              ) : (
                <Badge tone="muted">{t('dashboardsUi:commune.incomplete')}</Badge>
              ),
          },
          {
            label: t('dashboardsUi:breakdown.lineage'),
            cell: (r) =>
              r.status?.viaLineage ? t('dashboardsUi:breakdown.viaLineage', { count: r.status.members }) : '',
          },
        ]}
      />
    </section>
  );
}

export function DashboardView({ d, xlsx }: { d: Dashboard; xlsx: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <>
      <p className="small" data-testid="as-of">
        {t('dashboardsUi:asOf', { when: f.dateTime(d.asOf) })}{' '}
        <a className="btn-secondary btn-small" href={xlsx} download>
          {t('dashboardsUi:download')}
        </a>
      </p>
      {d.level === 'commune' ? <CommuneStatus d={d} /> : <TargetCard d={d} />}
      <Counts d={d} />
      {d.level !== 'commune' && <DashboardMap level={d.level} unitId={d.unit?.id ?? null} periodId={d.period.id} />}
      <TrendFigure d={d} />
      <CriteriaFigure d={d} />
      {d.level !== 'commune' && <DistributionFigure d={d} />}
      <TimelinessFigure d={d} />
      <Warnings d={d} />
      <Breakdown d={d} />
      <p className="small dash-rule">{t('dashboards:rule.lineage')}</p>
    </>
  );
}

export default function DashboardPage({ level }: { level: Level }) {
  const { t } = useTranslation();
  const { id } = useParams();
  const [search, setSearch] = useSearchParams();
  const periodId = search.get('periodId');
  const periods = useApi<Period[]>('/api/periods');
  const base = apiPath(level, id);
  const query = periodId ? `?periodId=${encodeURIComponent(periodId)}` : '';
  const loaded = useApi<Dashboard>(`${base}${query}`);
  const d = loaded.data;
  const current =
    d &&
    d.level === level &&
    (level === 'nation' || String(d.unit?.id) === id) &&
    (!periodId || String(d.period.id) === periodId);
  const heading = d?.unit ? t('dashboardsUi:title', { unit: d.unit.name }) : t('dashboardsUi:titleNation');
  return (
    <section className="page dashboard">
      <h1>{current ? heading : t('dashboardsUi:titleNation')}</h1>
      <div className="toolbar">
        <div className="field inline">
          <label htmlFor="dash-period">{t('dashboardsUi:period')}</label>
          <select
            id="dash-period"
            value={periodId ?? (d ? String(d.period.id) : '')}
            onChange={(e) => setSearch(e.target.value ? { periodId: e.target.value } : {}, { replace: true })}
          >
            {(periods.data ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.year}
              </option>
            ))}
          </select>
        </div>
        <button type="button" className="btn-secondary" onClick={loaded.reload}>
          {t('dashboardsUi:refresh')}
        </button>
        {current && d.unit?.provinceId && level === 'commune' && (
          <Link to={`/dashboard/provinces/${d.unit.provinceId}?periodId=${d.period.id}`}>
            {t('dashboardsUi:toProvince', { name: d.unit.provinceName })}
          </Link>
        )}
      </div>
      {loaded.error ? (
        <ErrorBox error={loaded.error} onRetry={loaded.reload} />
      ) : !current ? (
        <Loading />
      ) : (
        <DashboardView d={d} xlsx={`${base}/dashboard.xlsx?periodId=${d.period.id}`} />
      )}
    </section>
  );
}
