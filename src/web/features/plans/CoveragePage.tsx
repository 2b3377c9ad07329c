// "/plans/:unitId/coverage": a province's communes and their plans for a year: issued and sent on time, late,
// missing or not yet due against the province plan's due day for them, with each plan's number and dates and
// the commune's 5-year commitment. Read by the province's roles (GET /api/units/:unitId/plan-coverage).
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format.ts';
import { Badge, ErrorBox, Loading } from '../../app/ui.tsx';
import { useApi } from '../../app/useApi.ts';
import { DataTable } from '../../ui/tables.tsx';
import { thisYear } from '../../ui/dates.ts';
import type { PlanCoverage } from '../../../server/features/plans/contracts.ts';
import { plansPath, unitApi } from './parts.ts';
import './plans.css';

type State = PlanCoverage['communes'][number]['state'];
const TONE: Record<State, 'ok' | 'bad' | 'warn' | 'muted'> = {
  on_time: 'ok',
  late: 'warn',
  missing: 'bad',
  pending: 'muted',
};
const STATES: State[] = ['missing', 'late', 'pending', 'on_time'];

export default function CoveragePage() {
  const unitId = Number(useParams().unitId);
  return <CoverageView key={unitId} unitId={unitId} />;
}

function CoverageView({ unitId }: { unitId: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [year, setYear] = useState(thisYear());
  const [only, setOnly] = useState<State | ''>('');
  const coverage = useApi<PlanCoverage>(`${unitApi(unitId)}/plan-coverage?year=${year}`);
  const c = coverage.data;
  const rows = c ? c.communes.filter((r) => !only || r.state === only) : [];
  const years = Array.from({ length: 8 }, (_, i) => thisYear() + 1 - i);

  return (
    <section className="page plans-page" aria-labelledby="coverage-title">
      <h1 id="coverage-title">{t('plansUi:coverage.title')}</h1>
      <nav className="register-nav" aria-label={t('plansUi:coverage.title')}>
        <Link to={plansPath(unitId)}>{t('plansUi:coverage.toPlans')}</Link>
      </nav>
      <div className="toolbar">
        <label>
          {t('plansUi:coverage.year')}{' '}
          <select value={year} onChange={(e) => setYear(Number(e.target.value))}>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          {t('plansUi:coverage.show')}{' '}
          <select value={only} onChange={(e) => setOnly(e.target.value as State | '')}>
            <option value="">{t('plansUi:coverage.all')}</option>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {t(`plansUi:coverage.state.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorBox error={coverage.error} onRetry={coverage.reload} />
      {coverage.loading && <Loading />}
      {c && (
        <>
          <p data-testid="coverage-due">
            {c.parentPlan
              ? t('plansUi:coverage.due', {
                  plan: c.parentPlan.number || c.parentPlan.title,
                  date: c.due ? f.date(c.due) : t('plansUi:coverage.noDue'),
                })
              : t('plansUi:coverage.noParent', { year: c.year })}
          </p>
          <p data-testid="coverage-counts">
            {t('plansUi:coverage.counts', {
              communes: f.num(c.counts.communes),
              issued: f.num(c.counts.issued),
              onTime: f.num(c.counts.on_time),
              late: f.num(c.counts.late),
              missing: f.num(c.counts.missing),
              pending: f.num(c.counts.pending),
              committed: f.num(c.counts.committed),
            })}
          </p>
          <DataTable
            testId="coverage-table"
            rows={rows}
            rowKey={(r) => r.unitId}
            columns={[
              {
                label: t('plansUi:coverage.commune'),
                cell: (r) => <Link to={plansPath(r.unitId)}>{r.name}</Link>,
              },
              {
                label: t('plansUi:coverage.stateLabel'),
                cell: (r) => (
                  <Badge tone={TONE[r.state]}>
                    {t(`plansUi:coverage.state.${r.state}`)}
                    {r.state === 'late' && r.daysLate !== null
                      ? ` (${t('plansUi:coverage.daysLate', { count: r.daysLate })})`
                      : ''}
                  </Badge>
                ),
              },
              {
                label: t('plansUi:coverage.plan'),
                cell: (r) =>
                  r.plan ? (
                    <Link to={`${plansPath(r.unitId)}/${r.plan.id}`}>{r.plan.number}</Link>
                  ) : r.draft ? (
                    t('plansUi:coverage.draftOnly')
                  ) : (
                    '—'
                  ),
              },
              { label: t('plansUi:coverage.issuedOn'), cell: (r) => f.date(r.plan?.issuedOn) || '—' },
              { label: t('plansUi:coverage.sentOn'), cell: (r) => f.date(r.plan?.sentOn) || '—' },
              {
                label: t('plansUi:coverage.commitment'),
                cell: (r) =>
                  r.commitment
                    ? t('plansUi:coverage.term', {
                        from: r.commitment.termStart,
                        to: r.commitment.termEnd,
                        ref: r.commitment.documentRef,
                      })
                    : t('plansUi:coverage.noCommitment'),
              },
            ]}
          />
        </>
      )}
    </section>
  );
}
