// The commune's child register: children filtered by village, name (typed with or without diacritics),
// age band and special-circumstance group, a page at a time; a form to add a child. Each row shown is
// logged by the server.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { qs } from '../../app/api.ts';
import { useFormat } from '../../app/format.ts';
import { Badge } from '../../app/ui.tsx';
import { useApi } from '../../app/useApi.ts';
import { pendingFor, placeholderOf, useOutbox } from '../../app/offline/outbox.ts';
import { OutboxEntry } from '../../app/offline/OfflineStatus.tsx';
import { ChildForm } from './ChildForm.tsx';
import { NoAccess, RegisterNav, registerApi, registerPath, useRegisterAccess, useRegisterUnit } from './parts.tsx';
import { FilterSelect } from '../../ui/forms.tsx';
import { focusById, focusResult } from '../../ui/focus.ts';
import { type Column, DataTable, ListResource, useSearchUpdate } from '../../ui/tables.tsx';
import { useKeptSearch } from './keptSearch.ts';
import type { ChildPage, ChildRow, CircumstanceGroupRow, Village } from './types.ts';

const PAGE_SIZE = 25;
export const AGE_BANDS = ['under1', '1to2', '3to5', '6to10', '11to15', '16to17'] as const;

export default function RegisterPage() {
  const { unitId, access } = useRegisterUnit();
  if (!access) return <NoAccess />;
  return <RegisterList key={unitId} unitId={unitId} access={access} />;
}

function RegisterList({
  unitId,
  access,
}: {
  unitId: number;
  access: NonNullable<ReturnType<typeof useRegisterAccess>>;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const [params, updateParams] = useSearchUpdate();
  const villageId = params.get('village') ?? '';
  const q = params.get('q') ?? '';
  const ageBand = params.get('age') ?? '';
  const group = params.get('group') ?? '';
  const includeLeft = params.get('left') === 'true';
  const page = Math.max(1, Number(params.get('page') ?? 1) || 1);
  const [text, setText] = useState(q);
  const [adding, setAdding] = useState(false);
  const [added, setAdded] = useState<{ id: number; name: string } | null>(null);
  const [queued, setQueued] = useState<string | null>(null);

  const villages = useApi<Village[]>(`${registerApi(unitId)}/villages`);
  const groups = useApi<CircumstanceGroupRow[]>('/api/register/groups');
  const outbox = useOutbox();
  // Without a connection a search runs on the device over the children it keeps: the words typed go nowhere.
  const filtered = Boolean(q || villageId || ageBand || group || includeLeft);
  const listUrl = `${registerApi(unitId)}/children`;
  const list = useApi<ChildPage>(
    !outbox.online && filtered
      ? null
      : `${listUrl}${qs({ villageId: villageId || undefined, q: q || undefined, ageBand: ageBand || undefined, group: group || undefined, includeLeft: includeLeft ? 'true' : undefined, page, pageSize: PAGE_SIZE })}`,
  );
  const keptActive = (!outbox.online && filtered) || list.error?.status === 0;
  const kept = useKeptSearch(listUrl, { q, villageId, ageBand, group, includeLeft }, keptActive);
  const shown: typeof list = !keptActive
    ? list
    : kept
      ? {
          ...list,
          loading: false,
          error: null,
          data: {
            total: kept.rows.length,
            page,
            pageSize: PAGE_SIZE,
            rows: kept.rows.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE),
          },
        }
      : { ...list, loading: true, error: null, data: null };
  // Sensitive groups may be filtered by the chairman only (the server refuses others).
  const topGroups = useMemo(
    () => (groups.data ?? []).filter((g) => g.parent === null && (access === 'chairman' || !g.sensitive)),
    [groups.data, access],
  );
  const groupByCode = useMemo(() => new Map((groups.data ?? []).map((g) => [g.code, g])), [groups.data]);

  // Children added without a connection (issue 21): shown as waiting until the outbox sends them, then listed.
  const pending = pendingFor(outbox.items, `${registerApi(unitId)}/children`);
  const sentSeen = useRef(outbox.sentCount);
  const { reload: reloadList } = list;
  const { reload: reloadVillages } = villages;
  useEffect(() => {
    if (outbox.sentCount === sentSeen.current) return;
    sentSeen.current = outbox.sentCount;
    reloadList();
    reloadVillages();
  }, [outbox.sentCount, reloadList, reloadVillages]);

  // A change of the filters goes back to the first page.
  const update = (changes: Record<string, string | null>) => updateParams({ page: null, ...changes });

  const columns: Array<Column<ChildRow>> = [
    {
      label: t('register:field.fullName'),
      cell: (c) => (
        <>
          <Link to={`${registerPath(unitId)}/children/${c.id}`} className="row-link">
            {c.fullName}
          </Link>{' '}
          <span className="code">{c.code}</span>
          {c.left && (
            <>
              {' '}
              <Badge tone="muted">{t(`registerUi:left.${c.left}`)}</Badge>
            </>
          )}
        </>
      ),
    },
    {
      label: t('register:field.birthDate'),
      cell: (c) => (
        <>
          {f.date(c.birthDate)} <span className="small muted">({t('registerUi:age', { count: c.age })})</span>
        </>
      ),
    },
    { label: t('register:field.sex'), cell: (c) => t(`register:sex.${c.sex}`) },
    { label: t('register:field.villageName'), cell: (c) => c.villageName },
    { label: t('register:field.householdCode'), cell: (c) => c.householdCode },
    {
      label: t('registerUi:list.groups'),
      cell: (c) =>
        c.groups.length === 0 ? (
          '—'
        ) : (
          <span className="group-letters">
            {c.groups.map((code) => {
              const g = groupByCode.get(code);
              return (
                <abbr key={code} className="badge badge-info" title={g ? f.text(g.label) : code}>
                  {g?.letter ?? code}
                </abbr>
              );
            })}
            <span className="sr-only">
              {c.groups.map((code) => (groupByCode.get(code) ? f.text(groupByCode.get(code)!.label) : code)).join('; ')}
            </span>
          </span>
        ),
    },
  ];

  return (
    <section className="page register-page" aria-labelledby="register-title">
      <div className="register-head">
        <h1 id="register-title">{t('registerUi:list.title')}</h1>
        {!adding && (
          <button
            type="button"
            className="btn-primary"
            id="register-add"
            onClick={() => {
              setAdding(true);
              setAdded(null);
              setQueued(null);
              focusResult(() => document.querySelector<HTMLElement>('.register-form :is(input, select, textarea)'));
            }}
          >
            {t('registerUi:list.add')}
          </button>
        )}
      </div>
      <RegisterNav unitId={unitId} access={access} />
      <p className="logged-note small">{t('registerUi:list.logged')}</p>

      {added && (
        <p className="ok-text" role="status" id="register-added">
          {t('registerUi:list.added', { name: added.name })}{' '}
          <Link to={`${registerPath(unitId)}/children/${added.id}`}>{t('registerUi:list.openAdded')}</Link>
        </p>
      )}
      {queued && (
        <p className="ok-text" role="status">
          {queued} — {t('common:offline.savedOnDevice')}
        </p>
      )}
      {pending.length > 0 && (
        <div className="card" data-testid="pending-children">
          <h2 className="card-title">{t('common:offline.queueTitle')}</h2>
          <ul className="outbox-list">
            {pending.map((item) => (
              <OutboxEntry key={item.id} item={item} retry={outbox.retry} discard={outbox.discard}>
                {/* Its page takes records for it before it reaches the server (sent after it, with its id). */}
                <Link
                  to={`${registerPath(unitId)}/children/${placeholderOf(item.idempotencyKey)}`}
                  aria-label={`${t('registerUi:pending.open')}: ${(item.body as { fullName?: string } | null)?.fullName ?? ''}`}
                >
                  {t('registerUi:pending.open')}
                </Link>
              </OutboxEntry>
            ))}
          </ul>
        </div>
      )}
      {adding && (
        <ChildForm
          unitId={unitId}
          villages={villages.data ?? []}
          onSaved={(id, name) => {
            setAdded({ id, name });
            setAdding(false);
            list.reload();
            villages.reload();
            focusById('register-added');
          }}
          onQueued={(name) => {
            setQueued(name);
            setAdding(false);
          }}
          onCancel={() => {
            setAdding(false);
            focusById('register-add');
          }}
        />
      )}

      <form
        className="toolbar"
        role="search"
        aria-label={t('registerUi:list.filters')}
        onSubmit={(e) => {
          e.preventDefault();
          update({ q: text.trim() || null });
        }}
      >
        <div className="field inline grow">
          <label htmlFor="reg-q">{t('registerUi:list.search')}</label>
          <input
            id="reg-q"
            type="search"
            value={text}
            placeholder={t('registerUi:list.searchPlaceholder')}
            onChange={(e) => setText(e.target.value)}
          />
        </div>
        <FilterSelect
          id="reg-village"
          label={t('register:field.villageName')}
          value={villageId}
          onChange={(v) => update({ village: v })}
          all={t('registerUi:list.allVillages')}
          options={(villages.data ?? []).map((v) => ({
            value: String(v.id),
            label: `${v.name} (${f.num(v.children)})`,
          }))}
        />
        <FilterSelect
          id="reg-age"
          label={t('registerUi:list.ageBand')}
          value={ageBand}
          onChange={(v) => update({ age: v })}
          all={t('registerUi:list.allAges')}
          options={AGE_BANDS.map((b) => ({ value: b, label: t(`registerUi:ageBand.${b}`) }))}
        />
        <FilterSelect
          id="reg-group"
          label={t('register:field.group')}
          value={group}
          onChange={(v) => update({ group: v })}
          all={t('registerUi:list.allGroups')}
          options={topGroups.map((g) => ({ value: g.code, label: `${g.letter}) ${f.text(g.label)}` }))}
        />
        <label className="check">
          <input
            type="checkbox"
            checked={includeLeft}
            onChange={(e) => update({ left: e.target.checked ? 'true' : null })}
          />{' '}
          {t('registerUi:list.includeLeft')}
        </label>
        <button type="submit" className="btn-secondary">
          {t('registerUi:list.searchButton')}
        </button>
      </form>

      {keptActive && kept && (
        <p className="note small" role="note" data-testid="kept-search">
          {t('registerUi:pending.keptSearch', { count: kept.kept, shown: f.num(kept.kept) })}
        </p>
      )}
      <ListResource
        loaded={shown}
        isEmpty={(data) => data.rows.length === 0}
        empty={q || villageId || ageBand || group ? t('registerUi:list.noMatch') : t('registerUi:list.empty')}
      >
        {(data) => {
          const pages = Math.max(1, Math.ceil(data.total / data.pageSize));
          return (
            <>
              <p className="small muted" role="status">
                {t('registerUi:list.count', { count: data.total, shown: f.num(data.total) })}
              </p>
              <DataTable
                rows={data.rows}
                rowKey={(c) => c.id}
                rowClassName={(c) => (c.left ? 'historic' : undefined)}
                testId="children-table"
                columns={columns}
              />
              {pages > 1 && (
                <nav className="pager" aria-label={t('common:pager.label')}>
                  <button
                    type="button"
                    className="btn-secondary"
                    disabled={page <= 1}
                    onClick={() => update({ page: page > 2 ? String(page - 1) : null })}
                  >
                    {t('common:pager.previous')}
                  </button>
                  <span className="small">{t('registerUi:list.page', { page, pages })}</span>
                  <button
                    type="button"
                    className="btn-secondary"
                    disabled={page >= pages}
                    onClick={() => update({ page: String(page + 1) })}
                  >
                    {t('common:pager.next')}
                  </button>
                </nav>
              )}
            </>
          );
        }}
      </ListResource>
    </section>
  );
}
