// Every rule set and version: published ones are used for scoring, drafts are being prepared.
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format.ts';
import type { RuleSetSummary } from '../../app/types.ts';
import { ErrorBox, Loading } from '../../app/ui.tsx';
import { useApi } from '../../app/useApi.ts';
import { StatusBadge } from './parts.tsx';

export default function RuleSetsListPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const list = useApi<{ items: RuleSetSummary[] }>('/api/rule-sets');
  const items = [...(list.data?.items ?? [])].sort(
    (a, b) => a.code.localeCompare(b.code) || Number(b.version) - Number(a.version),
  );
  const titleOf = (id: number | null) => {
    const r = items.find((x) => x.id === id);
    return r ? `${r.code} v${r.version}` : null;
  };
  return (
    <section className="page">
      <h1>{t('ruleSets:list.title')}</h1>
      <p className="muted">{t('ruleSets:list.intro')}</p>
      {list.error && <ErrorBox error={list.error} onRetry={list.reload} />}
      {list.loading && <Loading />}
      {list.data && items.length === 0 && <p>{t('ruleSets:list.empty')}</p>}
      {items.length > 0 && (
        <table className="table responsive">
          <thead>
            <tr>
              <th scope="col">{t('ruleSets:list.name')}</th>
              <th scope="col">{t('ruleSets:list.version')}</th>
              <th scope="col">{t('ruleSets:list.status')}</th>
              <th scope="col">{t('ruleSets:list.dates')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((r) => (
              <tr key={r.id}>
                <td data-label={t('ruleSets:list.name')}>
                  <Link to={`/rule-sets/${r.id}`} className="row-link">
                    {f.text(r.title)}
                  </Link>
                  <div className="code">{r.code}</div>
                  {r.note && <div className="small muted">{r.note}</div>}
                </td>
                <td data-label={t('ruleSets:list.version')}>
                  {r.version}
                  {r.basedOnId !== null && titleOf(r.basedOnId) && (
                    <div className="small muted">{t('ruleSets:basedOn', { name: titleOf(r.basedOnId) })}</div>
                  )}
                </td>
                <td data-label={t('ruleSets:list.status')}>
                  <StatusBadge status={r.status} />
                </td>
                <td data-label={t('ruleSets:list.dates')} className="small">
                  {r.publishedAt
                    ? t('ruleSets:publishedAt', { date: f.date(r.publishedAt) })
                    : r.createdAt
                      ? t('ruleSets:createdAt', { date: f.date(r.createdAt) })
                      : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
