// "/maps/import": boundaries for the dashboards' maps. Choose the level (and the province of a commune
// file), the property holding the code (empty: detected), upload a GeoJSON or TopoJSON file, read the
// preview (matched units, features matching none with their values, units left without a boundary), then
// save it as a new version or discard it. Administrators import anything; a province official its communes.
import { useId, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, ApiError, messageOf, type ApiIssue } from '../../app/api.ts';
import { hasRole, useAuth } from '../../app/auth.tsx';
import { useFormat } from '../../app/format.ts';
import { i18n } from '../../app/i18n.ts';
import { ErrorBox } from '../../app/ui.tsx';
import { useApi } from '../../app/useApi.ts';
import { SubmitButton } from '../../ui/forms.tsx';
import { DataTable, Fact } from '../../ui/tables.tsx';
import type { BoundaryLevel, ImportPreview, ImportRecord } from './types.ts';
import './maps.css';

const ACCEPT = '.geojson,.json,.topojson,application/geo+json,application/json';

/** The form as multipart/form-data (fields first, then the file); errors as ApiError, like api(). */
async function uploadForm<T>(path: string, fields: Record<string, string>, file: File): Promise<T> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', file, file.name);
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      body: form,
      credentials: 'same-origin',
      headers: { Accept: 'application/json' },
    });
  } catch {
    throw new ApiError(0, 'network', i18n.t('common:error.network'));
  }
  const json = (await response.json().catch(() => undefined)) as
    { error?: { code?: string; message?: string; issues?: ApiIssue[] } } | T | undefined;
  if (response.ok) return json as T;
  const error = (json as { error?: { code?: string; message?: string; issues?: ApiIssue[] } } | undefined)?.error;
  throw new ApiError(
    response.status,
    error?.code ?? `http_${response.status}`,
    error?.message || i18n.t('common:error.http', { status: response.status }),
    error?.issues ?? [],
  );
}

export default function BoundaryImportPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const admin = hasRole(user, 'system_admin');
  const ownProvinces = (user?.roles ?? [])
    .filter((r) => r.role === 'province_official' && r.unitId !== null)
    .map((r) => r.unitId as number);
  if (!admin && !ownProvinces.length)
    return (
      <section className="page">
        <h1>{t('mapsUi:import.title')}</h1>
        <p>{t('mapsUi:import.noAccess')}</p>
      </section>
    );
  return <Importer admin={admin} ownProvinces={ownProvinces} />;
}

function Importer({ admin, ownProvinces }: { admin: boolean; ownProvinces: number[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const uid = useId();
  const [search] = useSearchParams();
  const fileRef = useRef<HTMLInputElement>(null);
  const provinces = useApi<{ items: Array<{ id: number; code: string; name: string }> }>(
    '/api/units?level=province&limit=100',
  );
  const history = useApi<ImportRecord[]>('/api/maps/imports');
  const [level, setLevel] = useState<BoundaryLevel>('commune');
  const [provinceId, setProvinceId] = useState(search.get('provinceId') ?? (admin ? '' : String(ownProvinces[0])));
  const [codeProperty, setCodeProperty] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [done, setDone] = useState<{ stored: number; provinceId: number | null } | null>(null);
  const [error, setError] = useState<ApiError | string | null>(null);
  const [busy, setBusy] = useState(false);

  const choices = (provinces.data?.items ?? []).filter((p) => admin || ownProvinces.includes(p.id));

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(e instanceof ApiError ? e : messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  const check = () =>
    run(async () => {
      if (!file) return;
      setDone(null);
      setPreview(null);
      const fields: Record<string, string> = { level, codeProperty };
      if (level === 'commune') fields.provinceId = provinceId;
      setPreview(await uploadForm<ImportPreview>('/api/maps/imports', fields, file));
    });

  const commit = (p: ImportPreview) =>
    run(async () => {
      const r = await api<{ stored: number }>(`/api/maps/imports/${p.importId}/commit`, { method: 'POST', body: {} });
      setDone({ stored: r.stored, provinceId: p.provinceId });
      setPreview(null);
      setFile(null);
      if (fileRef.current) fileRef.current.value = '';
      history.reload();
    });

  const discard = (p: ImportPreview) =>
    run(async () => {
      await api(`/api/maps/imports/${p.importId}`, { method: 'DELETE' });
      setPreview(null);
    });

  const more = (shown: number, count: number) =>
    count > shown ? <p className="small muted">{t('mapsUi:import.more', { shown, count })}</p> : null;

  return (
    <section className="page" aria-labelledby={`${uid}-title`}>
      <h1 id={`${uid}-title`}>{t('mapsUi:import.title')}</h1>
      <p className="small">{t('mapsUi:import.intro')}</p>
      <form
        className="card"
        onSubmit={(e) => {
          e.preventDefault();
          void check();
        }}
      >
        {admin && (
          <div className="field">
            <label htmlFor={`${uid}-level`}>{t('mapsUi:import.level')}</label>
            <select id={`${uid}-level`} value={level} onChange={(e) => setLevel(e.target.value as BoundaryLevel)}>
              <option value="commune">{t('mapsUi:import.levelCommune')}</option>
              <option value="province">{t('mapsUi:import.levelProvince')}</option>
            </select>
          </div>
        )}
        {level === 'commune' && (
          <div className="field">
            <label htmlFor={`${uid}-province`}>{t('mapsUi:import.province')}</label>
            <select id={`${uid}-province`} value={provinceId} onChange={(e) => setProvinceId(e.target.value)}>
              {admin && <option value="">{t('mapsUi:import.allProvinces')}</option>}
              {choices.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor={`${uid}-prop`}>{t('mapsUi:import.codeProperty')}</label>
          <input
            id={`${uid}-prop`}
            value={codeProperty}
            list={`${uid}-props`}
            maxLength={100}
            aria-describedby={`${uid}-prop-hint`}
            onChange={(e) => setCodeProperty(e.target.value)}
          />
          <datalist id={`${uid}-props`}>
            {(preview?.properties ?? []).map((p) => (
              <option key={p} value={p} />
            ))}
          </datalist>
          <p className="small muted" id={`${uid}-prop-hint`}>
            {t('mapsUi:import.codeHint')}
          </p>
        </div>
        <div className="field">
          <label htmlFor={`${uid}-file`}>{t('mapsUi:import.file')}</label>
          <input
            ref={fileRef}
            id={`${uid}-file`}
            type="file"
            accept={ACCEPT}
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </div>
        <SubmitButton busy={busy}>
          {busy && !preview ? t('mapsUi:import.checking') : t('mapsUi:import.preview')}
        </SubmitButton>
      </form>

      {error && <ErrorBox error={error} />}
      {done && (
        <p className="card" role="status" data-testid="import-done">
          {t('mapsUi:import.committed', { count: done.stored })}{' '}
          {done.provinceId !== null ? (
            <Link to={`/dashboard/provinces/${done.provinceId}`}>{t('mapsUi:import.toDashboard')}</Link>
          ) : (
            admin && <Link to="/dashboard/nation">{t('mapsUi:import.toDashboard')}</Link>
          )}
        </p>
      )}

      {preview && (
        <div className="card" data-testid="import-preview">
          <p>
            {t('mapsUi:import.summary', {
              file: preview.fileName,
              features: preview.features,
              property: preview.codeProperty,
              detected: preview.detected ? t('mapsUi:import.detected') : '',
            })}
          </p>
          <dl className="facts">
            <Fact term={t('mapsUi:import.factMatched')}>{f.num(preview.counts.matched)}</Fact>
            <Fact term={t('mapsUi:import.factUnmatched')}>{f.num(preview.counts.unmatched)}</Fact>
            <Fact term={t('mapsUi:import.factMissing')}>{f.num(preview.counts.missing)}</Fact>
          </dl>
          <div className="toolbar">
            <button type="button" className="btn-primary" disabled={busy} onClick={() => void commit(preview)}>
              {t('mapsUi:import.commit')}
            </button>
            <button type="button" className="btn-secondary" disabled={busy} onClick={() => void discard(preview)}>
              {t('mapsUi:import.discard')}
            </button>
          </div>
          <h2 className="card-title">{t('mapsUi:import.matched', { count: preview.counts.matched })}</h2>
          <DataTable
            testId="preview-matched"
            rows={preview.matched}
            rowKey={(m) => m.unitId}
            columns={[
              { label: t('mapsUi:table.code'), cell: (m) => m.code },
              { label: t('mapsUi:table.name'), cell: (m) => m.name },
              { label: t('mapsUi:import.feature'), cell: (m) => m.features.join(', ') },
            ]}
          />
          {more(preview.matched.length, preview.counts.matched)}
          {preview.counts.unmatched > 0 && (
            <>
              <h2 className="card-title">{t('mapsUi:import.unmatched', { count: preview.counts.unmatched })}</h2>
              <DataTable
                testId="preview-unmatched"
                rows={preview.unmatched}
                rowKey={(u) => u.feature}
                columns={[
                  { label: t('mapsUi:import.feature'), cell: (u) => u.feature },
                  { label: t('mapsUi:import.value'), cell: (u) => JSON.stringify(u.value) },
                  {
                    label: t('mapsUi:import.properties'),
                    cell: (u) => <code>{JSON.stringify(u.properties).slice(0, 200)}</code>,
                  },
                ]}
              />
              {more(preview.unmatched.length, preview.counts.unmatched)}
            </>
          )}
          {preview.counts.missing > 0 && (
            <details>
              <summary>{t('mapsUi:import.missing', { count: preview.counts.missing })}</summary>
              <p className="small">{preview.missing.map((u) => `${u.name} (${u.code})`).join(', ')}</p>
              {more(preview.missing.length, preview.counts.missing)}
            </details>
          )}
        </div>
      )}

      <section className="card">
        <h2 className="card-title">{t('mapsUi:import.history')}</h2>
        {history.error ? (
          <ErrorBox error={history.error} onRetry={history.reload} />
        ) : !history.data?.length ? (
          <p className="small">{t('mapsUi:import.noHistory')}</p>
        ) : (
          <DataTable
            testId="import-history"
            rows={history.data}
            rowKey={(r) => r.id}
            columns={[
              { label: t('mapsUi:import.when'), cell: (r) => f.dateTime(r.committedAt) },
              { label: t('mapsUi:import.fileName'), cell: (r) => r.fileName },
              {
                label: t('mapsUi:import.scope'),
                cell: (r) =>
                  r.level === 'province'
                    ? t('mapsUi:import.levelProvince')
                    : (r.provinceName ?? t('mapsUi:import.nation')),
              },
              { label: t('mapsUi:import.factMatched'), cell: (r) => f.num(r.matched), className: 'num' },
              { label: t('mapsUi:import.by'), cell: (r) => r.by },
            ]}
          />
        )}
      </section>
    </section>
  );
}
