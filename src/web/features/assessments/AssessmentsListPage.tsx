// Communes in the caller's scope for one period: total / threshold, recognised or not, markers.
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { isAdmin, useAuth } from '../../app/auth.tsx';
import { qs } from '../../app/api.ts';
import { useFormat } from '../../app/format.ts';
import type { AssessmentRow, Period, Unit } from '../../app/types.ts';
import { Badge, ErrorBox, Loading, ProvisionalBadge, ProvisionalNote, RecognizedBadge } from '../../app/ui.tsx';
import { useApi } from '../../app/useApi.ts';
import { latestPeriod } from '../auth/HomeRedirect.tsx';
// Registers what these pages keep for offline use, before their first request.
import './offline.ts';

export default function AssessmentsListPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const { user } = useAuth();
  const [params, setParams] = useSearchParams();
  const [filter, setFilter] = useState('');
  const [status, setStatus] = useState<'' | 'recognized' | 'notRecognized' | 'notStarted'>('');
  const periods = useApi<Period[]>('/api/periods');
  const admin = isAdmin(user);
  const provinces = useApi<{ items: Unit[] }>(admin ? '/api/units?level=province&limit=100' : null);
  const sorted = useMemo(() => [...(periods.data ?? [])].sort((a, b) => b.year - a.year), [periods.data]);
  const periodId = params.get('period') ?? (periods.data ? String(latestPeriod(periods.data)?.id ?? '') : '');
  const provinceId = params.get('province') ?? '';
  const rows = useApi<{ items: AssessmentRow[] }>(
    periodId ? `/api/periods/${periodId}/assessments${qs({ provinceId })}` : null,
  );

  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== 'period' && !next.get('period') && periodId) next.set('period', periodId);
    setParams(next, { replace: true });
  };

  const shown = useMemo(() => {
    const q = filter.trim().toLocaleLowerCase('vi');
    const items = rows.data?.items ?? [];
    return items.filter((r) => {
      if (q && !r.unitName.toLocaleLowerCase('vi').includes(q) && !r.unitCode.includes(q)) return false;
      if (status === 'recognized') return r.updatedAt !== null && r.recognized;
      if (status === 'notRecognized') return r.updatedAt !== null && !r.recognized;
      if (status === 'notStarted') return r.updatedAt === null;
      return true;
    });
  }, [rows.data, filter, status]);
  const recognized = shown.filter((r) => r.recognized).length;

  return (
    <section className="page">
      <h1>{t('assessments:list.title')}</h1>
      {periods.error && <ErrorBox error={periods.error} onRetry={periods.reload} />}
      <div className="toolbar">
        <div className="field inline">
          <label htmlFor="period-select">{t('assessments:list.period')}</label>
          <select
            id="period-select"
            value={periodId}
            onChange={(e) => set('period', e.target.value)}
            disabled={!periods.data}
          >
            {sorted.map((p) => (
              <option key={p.id} value={p.id}>
                {t('assessments:list.periodOption', { year: p.year, from: f.date(p.startsOn), to: f.date(p.endsOn) })}
              </option>
            ))}
          </select>
        </div>
        {admin && (
          <div className="field inline">
            <label htmlFor="province-select">{t('assessments:list.province')}</label>
            <select id="province-select" value={provinceId} onChange={(e) => set('province', e.target.value)}>
              <option value="">{t('assessments:list.allProvinces')}</option>
              {(provinces.data?.items ?? []).map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="field inline">
          <label htmlFor="status-filter">{t('assessments:list.status')}</label>
          <select id="status-filter" value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
            <option value="">{t('assessments:list.allStatuses')}</option>
            <option value="recognized">{t('scoring:recognized')}</option>
            <option value="notRecognized">{t('scoring:notRecognized')}</option>
            <option value="notStarted">{t('assessments:status.notStarted')}</option>
          </select>
        </div>
        <div className="field inline">
          <label htmlFor="commune-filter">{t('assessments:list.filter')}</label>
          <input id="commune-filter" type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
        </div>
      </div>
      {periods.data && periods.data.length === 0 && <p>{t('assessments:list.noPeriods')}</p>}
      {rows.error && <ErrorBox error={rows.error} onRetry={rows.reload} />}
      {rows.loading && <Loading />}
      {rows.data && !rows.loading && (
        <>
          <p className="muted small" role="status">
            {t('assessments:list.summary', { count: shown.length, recognized })}
          </p>
          {shown.some((r) => r.provisional && r.updatedAt !== null) && <ProvisionalNote />}
          {shown.length === 0 ? (
            <p>{t('assessments:list.empty')}</p>
          ) : (
            <table className="table responsive">
              <thead>
                <tr>
                  <th scope="col">{t('assessments:list.commune')}</th>
                  <th scope="col">{t('assessments:list.category')}</th>
                  <th scope="col" className="num">
                    {t('assessments:list.score')}
                  </th>
                  <th scope="col">{t('assessments:list.status')}</th>
                  <th scope="col">{t('assessments:list.updated')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((r) => (
                  <tr key={r.unitId}>
                    <td data-label={t('assessments:list.commune')}>
                      <Link to={`/assessments/${r.unitId}/${periodId}`} className="row-link">
                        {r.unitName}
                      </Link>{' '}
                      <span className="code">{r.unitCode}</span>
                    </td>
                    <td data-label={t('assessments:list.category')}>
                      {r.category ? t(`common:category.${r.category}`) : t('common:category.none')}
                    </td>
                    <td data-label={t('assessments:list.score')} className="num">
                      {r.total === null || r.updatedAt === null ? '—' : f.num(r.total)}
                      {r.threshold !== null && <span className="muted"> / {f.num(r.threshold)}</span>}
                    </td>
                    <td data-label={t('assessments:list.status')}>
                      <span className="badges">
                        {r.updatedAt === null ? (
                          <Badge tone="muted">{t('assessments:status.notStarted')}</Badge>
                        ) : (
                          <RecognizedBadge recognized={r.recognized} />
                        )}
                        {r.provisional && r.updatedAt !== null && <ProvisionalBadge />}
                        {!r.complete && r.updatedAt !== null && (
                          <Badge tone="info">{t('assessments:status.incomplete')}</Badge>
                        )}
                      </span>
                    </td>
                    <td data-label={t('assessments:list.updated')}>{r.updatedAt ? f.dateTime(r.updatedAt) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
