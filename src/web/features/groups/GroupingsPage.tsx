// "/groupings/:unitId": a province's groupings of communes. Former districts are uploaded as a list of old
// commune codes with their district (a current commune falls in the district of most of its predecessors);
// any other grouping as a list of current communes. Re-checks can then draw n communes per group.
import { useId, useState, type FormEvent } from 'react';
import { useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError, api, messageOf } from '../../app/api.ts';
import { useAuth } from '../../app/auth.tsx';
import { ErrorBox, Loading } from '../../app/ui.tsx';
import { useApi } from '../../app/useApi.ts';
import { SubmitButton } from '../../ui/forms.tsx';
import { uploadFile } from '../../ui/uploads.ts';
// The server's own answer (type-only import: nothing of the server is bundled).
import type { Grouping, Groupings } from '../../../server/features/groups/contracts.ts';

const ACCEPT = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export default function GroupingsPage() {
  const { t } = useTranslation();
  const { unitId } = useParams();
  const { user } = useAuth();
  const id = Number(unitId);
  const loaded = useApi<Groupings>(Number.isInteger(id) ? `/api/units/${id}/groupings` : null);
  const canWrite = !!user?.roles.some((r) => r.role === 'province_official' && r.unitId === id);

  return (
    <section className="page groupings-page">
      <h1>{t('groupsUi:title')}</h1>
      <p className="muted">{t('groupsUi:intro')}</p>
      {canWrite && <UploadForm provinceId={id} onSaved={loaded.reload} />}
      {loaded.error && <ErrorBox error={loaded.error} onRetry={loaded.reload} />}
      {!loaded.error && !loaded.data && <Loading />}
      {loaded.data && loaded.data.groupings.length === 0 && <p role="status">{t('groupsUi:empty')}</p>}
      {loaded.data?.groupings.map((g) => (
        <GroupingView key={g.grouping} provinceId={id} grouping={g} canWrite={canWrite} onDeleted={loaded.reload} />
      ))}
    </section>
  );
}

function UploadForm({ provinceId, onSaved }: { provinceId: number; onSaved(): void }) {
  const { t } = useTranslation();
  const ids = useId();
  const [name, setName] = useState(t('groupsUi:defaultName'));
  const [kind, setKind] = useState<'former_district' | 'custom'>('former_district');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  async function submit(ev: FormEvent) {
    ev.preventDefault();
    setError(null);
    setDone(null);
    if (!name.trim()) return setError(t('groupsUi:nameRequired'));
    if (!file) return setError(t('groupsUi:fileRequired'));
    setBusy(true);
    try {
      const saved = await uploadFile<Grouping>(
        `/api/units/${provinceId}/groupings/${encodeURIComponent(name.trim())}?kind=${kind}`,
        file,
        { method: 'PUT' },
      );
      setDone(t('groupsUi:saved', { name: saved.grouping, groups: saved.groups.length }));
      onSaved();
    } catch (err) {
      setError(err instanceof ApiError ? err : messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="actions-box" onSubmit={(ev) => void submit(ev)} aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{t('groupsUi:upload')}</h2>
      <p className="small muted">{t('groupsUi:fileHint')}</p>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${ids}-name`}>{t('groupsUi:name')}</label>
          <input id={`${ids}-name`} value={name} maxLength={100} required onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-kind`}>{t('groupsUi:kind')}</label>
          <select
            id={`${ids}-kind`}
            value={kind}
            onChange={(e) => setKind(e.target.value as 'former_district' | 'custom')}
          >
            <option value="former_district">{t('groupsUi:kinds.former_district')}</option>
            <option value="custom">{t('groupsUi:kinds.custom')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-file`}>{t('groupsUi:file')}</label>
          <input
            id={`${ids}-file`}
            type="file"
            accept={ACCEPT}
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </div>
      </div>
      <ErrorBox error={error} />
      {done && (
        <p className="notice" role="status">
          {done}
        </p>
      )}
      <SubmitButton busy={busy}>{t('groupsUi:submit')}</SubmitButton>
    </form>
  );
}

function GroupingView({
  provinceId,
  grouping,
  canWrite,
  onDeleted,
}: {
  provinceId: number;
  grouping: Grouping;
  canWrite: boolean;
  onDeleted(): void;
}) {
  const { t } = useTranslation();
  const ids = useId();
  const [error, setError] = useState<ApiError | string | null>(null);
  const [busy, setBusy] = useState(false);

  async function remove() {
    if (!window.confirm(t('groupsUi:confirmDelete', { name: grouping.grouping }))) return;
    setBusy(true);
    setError(null);
    try {
      await api(`/api/units/${provinceId}/groupings/${encodeURIComponent(grouping.grouping)}`, { method: 'DELETE' });
      onDeleted();
    } catch (err) {
      setError(err instanceof ApiError ? err : messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="grouping" aria-labelledby={`${ids}-h`} data-testid="grouping">
      <h2 id={`${ids}-h`}>
        {grouping.grouping} <span className="muted small">({t(`groupsUi:kinds.${grouping.kind}`)})</span>
      </h2>
      <table className="table responsive">
        <thead>
          <tr>
            <th scope="col">{t('groupsUi:group')}</th>
            <th scope="col" className="num">
              {t('groupsUi:members')}
            </th>
            <th scope="col">{t('groupsUi:communes')}</th>
          </tr>
        </thead>
        <tbody>
          {grouping.groups.map((g) => (
            <tr key={g.id}>
              <td data-label={t('groupsUi:group')}>
                {g.name} {g.code && <span className="code">{g.code}</span>}
              </td>
              <td data-label={t('groupsUi:members')} className="num">
                {g.members}
              </td>
              <td data-label={t('groupsUi:communes')}>
                {g.communes.length ? g.communes.map((c) => c.name).join(', ') : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {grouping.unassigned.length > 0 && (
        <details>
          <summary>{t('groupsUi:unassigned', { count: grouping.unassigned.length })}</summary>
          <p className="small">{grouping.unassigned.map((c) => c.name).join(', ')}</p>
        </details>
      )}
      <ErrorBox error={error} />
      {canWrite && (
        <button type="button" className="btn-link" disabled={busy} onClick={() => void remove()}>
          {t('groupsUi:delete')}
        </button>
      )}
    </section>
  );
}
