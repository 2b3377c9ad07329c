// One unit: its details, category, lineage (what it came from and became, with validity dates);
// for a province, its communes with their categories and the CSV import of categories.
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { qs } from '../../app/api.ts';
import { canSetCategories, useAuth } from '../../app/auth.tsx';
import type { LineageLink, Unit, UnitDetail } from '../../app/types.ts';
import { useFormat } from '../../app/format.ts';
import { ErrorBox, Loading } from '../../app/ui.tsx';
import { useApi } from '../../app/useApi.ts';
import { CategoryImport } from './CategoryImport.tsx';
import { CategorySelect, kindLabel, Validity } from './parts.tsx';
import { Pager, UnitTable } from './UnitsPage.tsx';

const PAGE = 50;

export default function UnitPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const { user } = useAuth();
  const unit = useApi<UnitDetail>(`/api/units/${encodeURIComponent(id ?? '')}`);
  if (unit.error)
    return (
      <section className="page">
        <ErrorBox error={unit.error} onRetry={unit.reload} />
      </section>
    );
  if (!unit.data || String(unit.data.id) !== id) return <Loading />;
  const u = unit.data;
  const editable = canSetCategories(user);

  return (
    <section className="page">
      <p className="small">
        <Link to={u.level === 'commune' && u.parentId ? `/units/${u.parentId}` : '/units'}>
          ← {u.level === 'commune' && u.parentName ? u.parentName : t('common:unitsPage.title')}
        </Link>
      </p>
      <h1>{u.name}</h1>
      <dl className="facts">
        <div>
          <dt>{t('common:unitsPage.code')}</dt>
          <dd className="code">{u.code}</dd>
        </div>
        <div>
          <dt>{t('common:unitsPage.kind')}</dt>
          <dd>{kindLabel(t, u.kind)}</dd>
        </div>
        {u.parentName && (
          <div>
            <dt>{t('common:unitsPage.parent')}</dt>
            <dd>{u.parentId ? <Link to={`/units/${u.parentId}`}>{u.parentName}</Link> : u.parentName}</dd>
          </div>
        )}
        <div>
          <dt>{t('common:unitsPage.validity')}</dt>
          <dd>
            <Validity from={u.validFrom} to={u.validTo} />
          </dd>
        </div>
        {u.level === 'commune' && (
          <div>
            <dt>{t('common:unitsPage.category')}</dt>
            <dd>
              {editable && !u.validTo ? (
                <CategorySelect unit={u} />
              ) : u.category ? (
                t(`common:category.${u.category}`)
              ) : (
                t('common:category.none')
              )}
            </dd>
          </div>
        )}
      </dl>

      <h2>{t('common:unitsPage.lineage')}</h2>
      {u.predecessors.length === 0 && u.successors.length === 0 ? (
        <p className="muted">{t('common:unitsPage.noLineage')}</p>
      ) : (
        <div className="lineage">
          <LineageList title={t('common:unitsPage.predecessors')} links={u.predecessors} />
          <LineageList title={t('common:unitsPage.successors')} links={u.successors} />
        </div>
      )}

      {u.level === 'province' && <ProvinceCommunes province={u} editable={editable && !u.validTo} />}
    </section>
  );
}

function LineageList({ title, links }: { title: string; links: LineageLink[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (!links.length) return null;
  return (
    <div>
      <h3>{title}</h3>
      <ul className="lineage-list">
        {links.map((l) => (
          <li key={l.id}>
            <Link to={`/units/${l.id}`}>{l.name}</Link> <span className="code">{l.code}</span>{' '}
            <span className="small muted">({t(`common:unitsPage.lineageKind.${l.kind}`)})</span>
            {l.parentName && <span className="small muted"> · {l.parentName}</span>}
            <div className="small">
              <Validity from={l.validFrom} to={l.validTo} />
              {l.effectiveOn && <> · {t('common:unitsPage.effectiveOn', { date: f.date(l.effectiveOn) })}</>}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}

function ProvinceCommunes({ province, editable }: { province: Unit; editable: boolean }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const offset = Number(params.get('offset') ?? 0) || 0;
  const [text, setText] = useState(q);
  const communes = useApi<{ items: Unit[]; total: number }>(
    `/api/units${qs({ level: 'commune', parentId: province.id, q, limit: PAGE, offset: offset || undefined })}`,
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
    <>
      <h2>{t('common:unitsPage.communes')}</h2>
      <form
        className="toolbar"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          update({ q: text.trim() || null });
        }}
      >
        <div className="field inline grow">
          <label htmlFor="commune-q">{t('common:unitsPage.search')}</label>
          <input id="commune-q" type="search" value={text} onChange={(e) => setText(e.target.value)} />
        </div>
        <button type="submit" className="btn-secondary">
          {t('common:unitsPage.searchButton')}
        </button>
      </form>
      <UnitTable
        list={communes}
        category={(c) =>
          editable && !c.validTo ? (
            <CategorySelect key={`${c.id}:${c.category ?? ''}`} unit={c} />
          ) : c.category ? (
            t(`common:category.${c.category}`)
          ) : (
            t('common:category.none')
          )
        }
      />
      {communes.data && communes.data.total > PAGE && (
        <Pager
          total={communes.data.total}
          offset={offset}
          page={PAGE}
          onOffset={(o) => update({ offset: o ? String(o) : null })}
        />
      )}
      {editable && <CategoryImport onApplied={communes.reload} />}
    </>
  );
}
