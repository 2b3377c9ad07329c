// Set many communes' categories from a CSV (pasted or chosen as a file): preview first, then apply.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, messageOf } from '../../app/api.ts';
import type { ImportResult } from '../../app/types.ts';
import { ErrorBox } from '../../app/ui.tsx';

export function CategoryImport({ onApplied }: { onApplied: () => void }) {
  const { t } = useTranslation();
  const [csv, setCsv] = useState('');
  const [preview, setPreview] = useState<{ csv: string; result: ImportResult } | null>(null);
  const [applied, setApplied] = useState<ImportResult | null>(null);
  const [busy, setBusy] = useState<null | 'preview' | 'apply'>(null);
  const [error, setError] = useState<ApiError | string | null>(null);

  async function run(dryRun: boolean) {
    setBusy(dryRun ? 'preview' : 'apply');
    setError(null);
    try {
      const result = await api<ImportResult>('/api/units/categories/import', { method: 'POST', body: { csv, dryRun } });
      if (dryRun) {
        setPreview({ csv, result });
        setApplied(null);
      } else {
        setApplied(result);
        setPreview(null);
        if (result.applied) onApplied();
      }
    } catch (e) {
      setError(e instanceof ApiError ? e : messageOf(e));
    } finally {
      setBusy(null);
    }
  }

  async function readFile(file: File | undefined) {
    if (!file) return;
    const text = await file.text();
    setCsv(text.replace(/^\uFEFF/, ''));
    setPreview(null);
    setApplied(null);
  }

  const current = applied ?? preview?.result ?? null;
  const canApply = !!preview && preview.csv === csv && preview.result.errors.length === 0 && preview.result.rows.length > 0;

  return (
    <section className="import-box" aria-labelledby="import-title">
      <h2 id="import-title">{t('common:import.title')}</h2>
      <p className="small muted">
        {t('common:import.intro')}{' '}
        <a href="/api/units/categories/template.csv" download>
          {t('common:import.template')}
        </a>
      </p>
      <div className="field">
        <label htmlFor="import-file">{t('common:import.file')}</label>
        <input id="import-file" type="file" accept=".csv,text/csv,text/plain" onChange={(e) => void readFile(e.target.files?.[0])} />
      </div>
      <div className="field">
        <label htmlFor="import-csv">{t('common:import.paste')}</label>
        <textarea
          id="import-csv"
          rows={6}
          spellCheck={false}
          value={csv}
          onChange={(e) => {
            setCsv(e.target.value);
            setApplied(null);
          }}
          placeholder="code,category"
        />
      </div>
      <div className="action-row">
        <button type="button" className="btn-secondary" disabled={!csv.trim() || busy !== null} onClick={() => void run(true)}>
          {busy === 'preview' ? t('common:working') : t('common:import.preview')}
        </button>
        <button type="button" className="btn-primary" disabled={!canApply || busy !== null} onClick={() => void run(false)}>
          {busy === 'apply' ? t('common:working') : t('common:import.apply')}
        </button>
      </div>
      {preview && preview.csv !== csv && <p className="small warn-text">{t('common:import.changedSincePreview')}</p>}
      <ErrorBox error={error} />
      {current && (
        <div className="import-result" role="status">
          <p className={current.applied ? 'ok-text' : undefined}>
            {current.applied
              ? t('common:import.applied', { count: current.rows.length })
              : t('common:import.previewSummary', { count: current.rows.length, errors: current.errors.length })}
          </p>
          {current.errors.length > 0 && (
            <>
              <h3>{t('common:import.errors')}</h3>
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t('common:import.row')}</th>
                    <th scope="col">{t('common:import.field')}</th>
                    <th scope="col">{t('common:import.value')}</th>
                    <th scope="col">{t('common:import.message')}</th>
                  </tr>
                </thead>
                <tbody>
                  {current.errors.map((e, n) => (
                    <tr key={n} className="error-row">
                      <td>{e.row}</td>
                      <td className="code">{e.field}</td>
                      <td className="code">{e.value === null || e.value === undefined ? '' : String(e.value)}</td>
                      <td>{e.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
          {current.rows.length > 0 && (
            <>
              <h3>{current.applied ? t('common:import.changedRows') : t('common:import.rowsToChange')}</h3>
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t('common:import.row')}</th>
                    <th scope="col">{t('common:unitsPage.name')}</th>
                    <th scope="col">{t('common:import.before')}</th>
                    <th scope="col">{t('common:import.after')}</th>
                  </tr>
                </thead>
                <tbody>
                  {current.rows.map((r) => (
                    <tr key={r.row}>
                      <td>{r.row}</td>
                      <td>
                        {r.name} <span className="code">{r.code}</span>
                      </td>
                      <td>{r.before ? t(`common:category.${r.before}`) : t('common:category.none')}</td>
                      <td>
                        <strong>{r.after ? t(`common:category.${r.after}`) : t('common:category.none')}</strong>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </div>
      )}
    </section>
  );
}
