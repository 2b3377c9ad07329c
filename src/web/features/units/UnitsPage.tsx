// Administrative units: provinces (and a commune search), each leading to its detail page.
import { useState, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { qs } from '../../app/api.ts';
import { useFormat } from '../../app/format.ts';
import type { Unit } from '../../app/types.ts';
import { ErrorBox, Loading } from '../../app/ui.tsx';
import { useApi, type Loaded } from '../../app/useApi.ts';
import { kindLabel, Validity } from './parts.tsx';

const PAGE = 50;

export default function UnitsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const level = params.get('level') === 'commune' ? 'commune' : 'province';
  const q = params.get('q') ?? '';
  const historic = params.get('historic') === 'true';
  const offset = Number(params.get('offset') ?? 0) || 0;
  const [text, setText] = useState(q);
  const list = useApi<{ items: Unit[]; total: number }>(
    `/api/units${qs({ level, q, historic: historic ? 'true' : undefined, limit: PAGE, offset: offset || undefined })}`,
  );

  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes))
      if (v) next.set(k, v);
      else next.delete(k);
    if (!('offset' in changes)) next.delete('offset');
    setParams(next, { replace: true });
  };

  return (
    <section className="page">
      <h1>{t('common:unitsPage.title')}</h1>
      <form
        className="toolbar"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          update({ q: text.trim() || null });
        }}
      >
        <div className="field inline">
          <label htmlFor="unit-level">{t('common:unitsPage.level')}</label>
          <select
            id="unit-level"
            value={level}
            onChange={(e) => update({ level: e.target.value === 'commune' ? 'commune' : null })}
          >
            <option value="province">{t('common:unitsPage.levels.province')}</option>
            <option value="commune">{t('common:unitsPage.levels.commune')}</option>
          </select>
        </div>
        <div className="field inline grow">
          <label htmlFor="unit-q">{t('common:unitsPage.search')}</label>
          <input id="unit-q" type="search" value={text} onChange={(e) => setText(e.target.value)} />
        </div>
        <label className="check">
          <input
            type="checkbox"
            checked={historic}
            onChange={(e) => update({ historic: e.target.checked ? 'true' : null })}
          />{' '}
          {t('common:unitsPage.historic')}
        </label>
        <button type="submit" className="btn-secondary">
          {t('common:unitsPage.searchButton')}
        </button>
      </form>
      <UnitTable list={list} showParent={level === 'commune'} />
      {list.data && list.data.total > PAGE && (
        <Pager
          total={list.data.total}
          offset={offset}
          page={PAGE}
          onOffset={(o) => update({ offset: o ? String(o) : null })}
        />
      )}
    </section>
  );
}

export function UnitTable({
  list,
  showParent,
  category,
}: {
  list: Loaded<{ items: Unit[]; total: number }>;
  showParent?: boolean;
  category?: (unit: Unit) => ReactNode;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  if (list.error) return <ErrorBox error={list.error} onRetry={list.reload} />;
  if (!list.data) return <Loading />;
  if (list.data.items.length === 0) return <p>{t('common:unitsPage.empty')}</p>;
  return (
    <>
      <p className="small muted" role="status">
        {t('common:unitsPage.count', { count: list.data.total, shown: f.num(list.data.total) })}
      </p>
      <table className="table responsive">
        <thead>
          <tr>
            <th scope="col">{t('common:unitsPage.name')}</th>
            {showParent && <th scope="col">{t('common:unitsPage.parent')}</th>}
            {category && <th scope="col">{t('common:unitsPage.category')}</th>}
            <th scope="col">{t('common:unitsPage.validity')}</th>
          </tr>
        </thead>
        <tbody>
          {list.data.items.map((u) => (
            <tr key={u.id} className={u.validTo ? 'historic' : undefined}>
              <td data-label={t('common:unitsPage.name')}>
                <Link to={`/units/${u.id}`} className="row-link">
                  {u.name}
                </Link>{' '}
                <span className="code">{u.code}</span> <span className="small muted">{kindLabel(t, u.kind)}</span>
              </td>
              {showParent && <td data-label={t('common:unitsPage.parent')}>{u.parentName ?? '—'}</td>}
              {category && <td data-label={t('common:unitsPage.category')}>{category(u)}</td>}
              <td data-label={t('common:unitsPage.validity')} className="small">
                <Validity from={u.validFrom} to={u.validTo} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function Pager({
  total,
  offset,
  page,
  onOffset,
}: {
  total: number;
  offset: number;
  page: number;
  onOffset: (o: number) => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <nav className="pager" aria-label={t('common:pager.label')}>
      <button
        type="button"
        className="btn-secondary"
        disabled={offset <= 0}
        onClick={() => onOffset(Math.max(0, offset - page))}
      >
        {t('common:pager.previous')}
      </button>
      <span className="small">
        {t('common:pager.range', {
          from: f.num(offset + 1),
          to: f.num(Math.min(total, offset + page)),
          total: f.num(total),
        })}
      </span>
      <button
        type="button"
        className="btn-secondary"
        disabled={offset + page >= total}
        onClick={() => onOffset(offset + page)}
      >
        {t('common:pager.next')}
      </button>
    </nav>
  );
}
