// Set many communes' categories from a CSV (pasted or chosen as a file): preview first, then apply.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, messageOf } from '../../app/api.ts';
import type { ImportResult } from '../../app/types.ts';

export function CategoryImport({ onApplied }: { onApplied: () => void }) {
  const { t } = useTranslation();
  const [csv, setCsv] = useState('');
  const [preview, setPreview] = useState<{ csv: string; result: ImportResult } | null>(null);
  const [applied, setApplied] = useState<ImportResult | null>(null);
  const [busy, setBusy] = useState<null | 'preview' | 'apply'>(null);
  const [error, setError] = useState<string | null>(null);
  const [rowErrors, setRowErrors] = useState<ImportResult['errors']>([]);

  async function run(dryRun: boolean) {
    setBusy(dryRun ? 'preview' : 'apply');
    setError(null);
    setRowErrors([]);
    try {
      const result = await api<ImportResult>('/api/units/categories/import', { method: 'POST', body: { csv, dryRun } });
      if (dryRun) {
        setPreview({ csv, result });
        setApplied(null);
      } else {
        setApplied(result);
        setPreview(null);
        onApplied();
      }
    } catch (e) {
      // Row errors come back as a refusal whose issues carry the row number.
      const issues = e instanceof ApiError ? (e.issues as Array<ImportResult['errors'][number]>) : [];
      setError(messageOf(e));
      setRowErrors(
        issues.map((i) => ({
          row: typeof i.row === 'number' ? i.row : 0,
          field: i.field,
          value: i.value,
          message: i.message,
        })),
      );
      setPreview(null);
      setApplied(null);
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
  const isApplied = applied !== null;
  const errors = current?.errors.length ? current.errors : rowErrors;
  const changes = (r: ImportResult | null | undefined) => (r ? r.rows.filter((x) => x.before !== x.after).length : 0);
  const canApply =
    !!preview && preview.csv === csv && preview.result.errors.length === 0 && changes(preview.result) > 0;

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
        <input
          id="import-file"
          type="file"
          accept=".csv,text/csv,text/plain"
          onChange={(e) => void readFile(e.target.files?.[0])}
        />
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
        <button
          type="button"
          className="btn-secondary"
          disabled={!csv.trim() || busy !== null}
          onClick={() => void run(true)}
        >
          {busy === 'preview' ? t('common:working') : t('common:import.preview')}
        </button>
        <button
          type="button"
          className="btn-primary"
          disabled={!canApply || busy !== null}
          onClick={() => void run(false)}
        >
          {busy === 'apply' ? t('common:working') : t('common:import.apply')}
        </button>
      </div>
      {preview && preview.csv !== csv && <p className="small warn-text">{t('common:import.changedSincePreview')}</p>}
      {error && (
        <p className="field-error" role="alert">
          {rowErrors.length ? t('common:import.refused', { count: rowErrors.length }) : error}
        </p>
      )}
      {(current || errors.length > 0) && (
        <div className="import-result" role="status">
          {current && (
            <p className={isApplied ? 'ok-text' : undefined}>
              {isApplied
                ? t('common:import.applied', {
                    count: typeof current.applied === 'number' ? current.applied : current.rows.length,
                  })
                : t('common:import.previewSummary', { count: changes(current), errors: current.errors.length })}
            </p>
          )}
          {errors.length > 0 && (
            <>
              <h3>{t('common:import.errors')}</h3>
              <table className="table responsive">
                <thead>
                  <tr>
                    <th scope="col">{t('common:import.row')}</th>
                    <th scope="col">{t('common:import.field')}</th>
                    <th scope="col">{t('common:import.value')}</th>
                    <th scope="col">{t('common:import.message')}</th>
                  </tr>
                </thead>
                <tbody>
                  {errors.map((e, n) => (
                    <tr key={n} className="error-row">
                      <td data-label={t('common:import.row')}>
                        {t('common:import.row')} {e.row || '—'}
                      </td>
                      <td data-label={t('common:import.field')} className="code">
                        {e.field}
                      </td>
                      <td data-label={t('common:import.value')} className="code">
                        {e.value === null || e.value === undefined ? '' : String(e.value)}
                      </td>
                      <td data-label={t('common:import.message')}>{e.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
          {current && current.rows.length > 0 && (
            <>
              <h3>{isApplied ? t('common:import.changedRows') : t('common:import.rowsRead')}</h3>
              <table className="table responsive">
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
                      <td data-label={t('common:import.row')}>
                        {t('common:import.row')} {r.row}
                      </td>
                      <td data-label={t('common:unitsPage.name')}>
                        {r.name} <span className="code">{r.code}</span>
                      </td>
                      <td data-label={t('common:import.before')}>
                        {r.before ? t(`common:category.${r.before}`) : t('common:category.none')}
                      </td>
                      <td data-label={t('common:import.after')}>
                        {r.before === r.after ? (
                          <span className="muted">{t('common:import.unchanged')}</span>
                        ) : (
                          <strong>{r.after ? t(`common:category.${r.after}`) : t('common:category.none')}</strong>
                        )}
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
