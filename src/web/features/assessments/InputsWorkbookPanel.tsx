// Entering the criteria inputs offline: download the commune's Excel template, upload the filled file,
// read the preview (every change and every wrong cell with its sheet, row and column), then save it all.
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, messageOf, newIdempotencyKey } from '../../app/api.ts';
import { useFormat } from '../../app/format.ts';
import type { AssessmentBody } from '../../app/types.ts';
import { ErrorBox } from '../../app/ui.tsx';
import { DataTable } from '../../ui/tables.tsx';
import { uploadFile } from '../../ui/uploads.ts';

// The server's own answers (type-only import: nothing of the server is bundled).
import type {
  InputsCommit as Committed,
  InputsPreview as Preview,
} from '../../../server/features/assessments/contracts.ts';

type Value = number | boolean | null;

const ACCEPT = '.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function InputsWorkbookPanel({ body, onSaved }: { body: AssessmentBody; onSaved(next: AssessmentBody): void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const uid = useId();
  const fileRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [busy, setBusy] = useState<'preview' | 'commit' | null>(null);
  const [error, setError] = useState<ApiError | string | null>(null);
  const [done, setDone] = useState<{ count: number; file: string } | null>(null);
  const path = `/api/units/${body.unit.id}/assessments/${body.period.id}/inputs.xlsx`;

  const show = (v: Value) =>
    v === null
      ? t('inputsWorkbook:ui.empty')
      : typeof v === 'boolean'
        ? t(v ? 'inputsWorkbook:yes' : 'inputsWorkbook:no')
        : f.num(v);
  const failed = (e: unknown) => setError(e instanceof ApiError ? e : messageOf(e));

  async function check() {
    if (!file) return;
    setBusy('preview');
    setError(null);
    setDone(null);
    setPreview(null);
    try {
      setPreview(await uploadFile<Preview>(`${path}/preview`, file));
    } catch (e) {
      failed(e);
    } finally {
      setBusy(null);
    }
  }

  async function commit() {
    if (!file || !preview?.token) return;
    setBusy('commit');
    setError(null);
    try {
      // One key per click: a retry of this request is answered as the first save was, never saved twice.
      const saved = await uploadFile<Committed>(`${path}/commit?token=${encodeURIComponent(preview.token)}`, file, {
        headers: { 'Idempotency-Key': newIdempotencyKey() },
      });
      onSaved({ ...body, values: saved.values, result: saved.result });
      setDone({ count: saved.saved, file: preview.fileName });
      reset();
    } catch (e) {
      failed(e);
    } finally {
      setBusy(null);
    }
  }

  function reset() {
    setPreview(null);
    setFile(null);
    if (fileRef.current) fileRef.current.value = '';
  }

  return (
    <details className="card inputs-workbook" data-testid="inputs-workbook">
      <summary>
        <strong>{t('inputsWorkbook:ui.title')}</strong>
      </summary>
      <p className="small muted">{t('inputsWorkbook:ui.intro')}</p>
      <p>
        <a className="btn-like" href={path} download>
          {t('inputsWorkbook:ui.download')}
        </a>
      </p>
      {!body.readOnly && (
        <>
          <div className="field">
            <label htmlFor={`${uid}-file`}>{t('inputsWorkbook:ui.file')}</label>
            <input
              ref={fileRef}
              id={`${uid}-file`}
              type="file"
              accept={ACCEPT}
              disabled={busy !== null}
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                setPreview(null);
                setError(null);
              }}
            />
          </div>
          <button
            type="button"
            className="btn-secondary"
            disabled={!file || busy !== null}
            onClick={() => void check()}
          >
            {busy === 'preview' ? t('inputsWorkbook:ui.checking') : t('inputsWorkbook:ui.preview')}
          </button>
        </>
      )}
      {error && <ErrorBox error={error} />}
      {done && (
        <p className="ok-text" role="status">
          {t('inputsWorkbook:ui.done', { count: done.count, file: done.file })}
        </p>
      )}
      {preview && (
        <div data-testid="inputs-workbook-preview">
          <h3>{t('inputsWorkbook:ui.previewTitle', { file: preview.fileName })}</h3>
          {preview.issues.length > 0 && (
            <>
              <p className="field-error" role="alert">
                {t('inputsWorkbook:ui.issues', { count: preview.issues.length })}
              </p>
              <DataTable
                rows={preview.issues}
                rowKey={(_, n) => n}
                rowClassName={() => 'error-row'}
                testId="inputs-workbook-issues"
                columns={[
                  { label: t('inputsWorkbook:ui.sheet'), cell: (i) => i.sheet },
                  { label: t('inputsWorkbook:ui.row'), cell: (i) => i.row },
                  { label: t('inputsWorkbook:ui.column'), cell: (i) => i.column },
                  { label: t('inputsWorkbook:ui.message'), cell: (i) => i.detail },
                ]}
              />
            </>
          )}
          {preview.changes.length > 0 ? (
            <>
              <p>
                <strong>{t('inputsWorkbook:ui.changes', { count: preview.changes.length })}</strong>
                {preview.unchanged > 0 && (
                  <span className="muted small">
                    {' '}
                    — {t('inputsWorkbook:ui.unchanged', { count: preview.unchanged })}
                  </span>
                )}
              </p>
              <DataTable
                rows={preview.changes}
                rowKey={(c) => c.code}
                testId="inputs-workbook-changes"
                columns={[
                  { label: t('inputsWorkbook:ui.code'), cell: (c) => <span className="code">{c.code}</span> },
                  { label: t('inputsWorkbook:ui.label'), cell: (c) => c.label },
                  { label: t('inputsWorkbook:ui.oldValue'), cell: (c) => show(c.oldValue) },
                  { label: t('inputsWorkbook:ui.newValue'), cell: (c) => <strong>{show(c.newValue)}</strong> },
                ]}
              />
            </>
          ) : (
            preview.issues.length === 0 && <p className="muted">{t('inputsWorkbook:ui.noChanges')}</p>
          )}
          <div className="action-row">
            <button
              type="button"
              className="btn-primary"
              disabled={!preview.token || busy !== null}
              onClick={() => void commit()}
            >
              {busy === 'commit' ? t('inputsWorkbook:ui.committing') : t('inputsWorkbook:ui.commit')}
            </button>
            <button type="button" className="btn-secondary" disabled={busy !== null} onClick={reset}>
              {t('inputsWorkbook:ui.cancel')}
            </button>
          </div>
        </div>
      )}
    </details>
  );
}
