// Importing a register file (.xlsx from the template, or .csv of the children sheet): upload, follow the
// check as it runs, read the preview (counts, new villages, every issue with its sheet, row and column),
// then write it into the register, or discard it.
import { useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, messageOf, newIdempotencyKey } from '../../app/api.ts';
import { useFormat } from '../../app/format.ts';
import { ErrorBox } from '../../app/ui.tsx';
import { NoAccess, RegisterNav, registerApi, registerPath, useRegisterUnit } from './parts.tsx';
import { JobProgress, jobErrorText, useJob } from '../../ui/jobs.tsx';
import { DataTable, Fact } from '../../ui/tables.tsx';
import { uploadFile } from '../../ui/uploads.ts';
import type { ImportCommitted, ImportPreview, RegisterAccess } from './types.ts';

export default function ImportPage() {
  const { unitId, access } = useRegisterUnit();
  // Importing and exporting are the officer's and the chairman's (the server refuses a collaborator).
  if (!access || access === 'collaborator') return <NoAccess />;
  return <Importer key={unitId} unitId={unitId} access={access} />;
}

type Stage =
  | { kind: 'choose' }
  | { kind: 'checking'; jobId: string }
  | { kind: 'preview'; preview: ImportPreview }
  | { kind: 'committing'; jobId: string; preview: ImportPreview }
  | { kind: 'committed'; result: ImportCommitted; preview: ImportPreview };

const ACCEPT = '.xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv';

function Importer({ unitId, access }: { unitId: number; access: RegisterAccess }) {
  const { t } = useTranslation();
  const f = useFormat();
  const uid = useId();
  const fileRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [stage, setStage] = useState<Stage>({ kind: 'choose' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const jobId = stage.kind === 'checking' || stage.kind === 'committing' ? stage.jobId : null;
  const { job, error: pollError } = useJob<ImportPreview | ImportCommitted>(jobId);

  // A finished job moves the page on: the preview after the check, the result after the commit.
  useEffect(() => {
    if (!job) return;
    if (job.status === 'failed') {
      setError(jobErrorText(job) || t('registerUi:import.failed'));
      setStage((s) => (s.kind === 'committing' ? { kind: 'preview', preview: s.preview } : { kind: 'choose' }));
    } else if (job.status === 'done' && job.result) {
      const result = job.result;
      setStage((s) =>
        s.kind === 'checking'
          ? { kind: 'preview', preview: result as ImportPreview }
          : s.kind === 'committing'
            ? { kind: 'committed', result: result as ImportCommitted, preview: s.preview }
            : s,
      );
    }
  }, [job, jobId, t]);
  useEffect(() => {
    if (pollError) {
      setError(pollError.message);
      setStage((s) =>
        s.kind === 'committing'
          ? { kind: 'preview', preview: s.preview }
          : s.kind === 'checking'
            ? { kind: 'choose' }
            : s,
      );
    }
  }, [pollError]);

  async function upload() {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const { jobId: id } = await uploadFile<{ jobId: string | number }>(`${registerApi(unitId)}/imports`, file);
      setStage({ kind: 'checking', jobId: String(id) });
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  async function commit(preview: ImportPreview) {
    setBusy(true);
    setError(null);
    try {
      // One key per click: a retry of this request (dropped connection) is answered with the same job, never a second import.
      const headers = { 'Idempotency-Key': newIdempotencyKey() };
      const { jobId: id } = await api<{ jobId: string | number }>(
        `${registerApi(unitId)}/imports/${encodeURIComponent(String(preview.importId))}/commit`,
        { method: 'POST', body: {}, headers },
      );
      setStage({ kind: 'committing', jobId: String(id), preview });
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  async function discard(preview: ImportPreview) {
    // A file with issues was never kept for writing: nothing to discard on the server.
    if (preview.importId === null) {
      reset();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api(`${registerApi(unitId)}/imports/${encodeURIComponent(String(preview.importId))}`, { method: 'DELETE' });
    } catch (e) {
      // Already gone (expired) is as good as discarded; anything else is worth saying.
      const message = messageOf(e);
      if (message) setError(message);
    } finally {
      setBusy(false);
      reset();
    }
  }

  function reset() {
    setStage({ kind: 'choose' });
    setFile(null);
    if (fileRef.current) fileRef.current.value = '';
  }

  const preview = stage.kind === 'preview' || stage.kind === 'committing' ? stage.preview : null;

  return (
    <section className="page register-page" aria-labelledby="import-title">
      <h1 id="import-title">{t('registerUi:import.title')}</h1>
      <RegisterNav unitId={unitId} access={access} />

      <div className="card">
        <h2 className="card-title">{t('registerUi:import.step1')}</h2>
        <p className="small">{t('registerUi:import.templateIntro')}</p>
        <p>
          <a className="btn-like" href="/api/register/template.xlsx" download>
            {t('registerUi:import.template')}
          </a>
        </p>
        <p className="small muted">{t('registerUi:import.csvNote')}</p>
      </div>

      <div className="card">
        <h2 className="card-title">{t('registerUi:import.step2')}</h2>
        <div className="field">
          <label htmlFor={`${uid}-file`}>{t('registerUi:import.file')}</label>
          <input
            ref={fileRef}
            id={`${uid}-file`}
            type="file"
            accept={ACCEPT}
            disabled={stage.kind === 'checking' || stage.kind === 'committing'}
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setError(null);
              if (stage.kind === 'committed') setStage({ kind: 'choose' });
            }}
          />
        </div>
        <button
          type="button"
          className="btn-primary"
          disabled={!file || busy || stage.kind !== 'choose'}
          onClick={() => void upload()}
        >
          {t('registerUi:import.upload')}
        </button>
        {stage.kind === 'checking' && <JobProgress job={job} label={t('registerUi:import.checking')} />}
      </div>

      {error && <ErrorBox error={error} />}

      {preview && (
        <div className="card" aria-labelledby={`${uid}-preview`} data-testid="import-preview">
          <h2 className="card-title" id={`${uid}-preview`}>
            {t('registerUi:import.previewTitle', { file: preview.fileName })}
          </h2>
          <dl className="count-list">
            <Fact term={t('registerUi:import.rows')}>{f.num(preview.summary.rows)}</Fact>
            <Fact term={t('registerUi:import.newChildren')} testId="count-new">
              {f.num(preview.summary.children.new)}
            </Fact>
            <Fact term={t('registerUi:import.updatedChildren')}>{f.num(preview.summary.children.updated)}</Fact>
            <Fact term={t('registerUi:import.circumstances')}>{f.num(preview.summary.circumstances)}</Fact>
            <Fact term={t('registerUi:import.supports')}>{f.num(preview.summary.supports)}</Fact>
            <Fact term={t('registerUi:import.healthRecords')}>{f.num(preview.summary.healthRecords)}</Fact>
          </dl>
          {preview.summary.newVillages.length > 0 && (
            <p>
              <strong>{t('registerUi:import.newVillages', { count: preview.summary.newVillages.length })}</strong>{' '}
              {preview.summary.newVillages.join(', ')}
            </p>
          )}
          {preview.issueCount > 0 ? (
            <>
              <p className="field-error" role="alert">
                {t('registerUi:import.issuesFound', { count: preview.issueCount })}
              </p>
              {preview.issueCount > preview.issues.length && (
                <p className="small muted">
                  {t('registerUi:import.issuesShown', { shown: preview.issues.length, count: preview.issueCount })}
                </p>
              )}
              <DataTable
                rows={preview.issues}
                rowKey={(_, n) => n}
                rowClassName={() => 'error-row'}
                testId="import-issues"
                columns={[
                  { label: t('registerUi:import.sheet'), cell: (i) => i.sheet },
                  { label: t('registerUi:import.row'), cell: (i) => i.row },
                  { label: t('registerUi:import.column'), cell: (i) => i.column },
                  { label: t('registerUi:import.message'), cell: (i) => i.message },
                ]}
              />
              <p className="small">{t('registerUi:import.fixAndRetry')}</p>
            </>
          ) : (
            <p className="ok-text">{t('registerUi:import.noIssues')}</p>
          )}
          <div className="action-row">
            <button
              type="button"
              className="btn-primary"
              disabled={preview.issueCount > 0 || preview.importId === null || busy || stage.kind === 'committing'}
              onClick={() => void commit(preview)}
            >
              {t('registerUi:import.commit')}
            </button>
            <button
              type="button"
              className="btn-secondary"
              disabled={busy || stage.kind === 'committing'}
              onClick={() => void discard(preview)}
            >
              {t('registerUi:import.discard')}
            </button>
          </div>
          {stage.kind === 'committing' && <JobProgress job={job} label={t('registerUi:import.committing')} />}
        </div>
      )}

      {stage.kind === 'committed' && (
        <div className="card" role="status" data-testid="import-done">
          <p className="ok-text">
            <strong>{t('registerUi:import.done', { file: stage.preview.fileName })}</strong>
          </p>
          <dl className="count-list">
            <Fact term={t('registerUi:import.childrenWritten')}>{f.num(stage.result.children)}</Fact>
            <Fact term={t('registerUi:import.circumstances')}>{f.num(stage.result.circumstances ?? 0)}</Fact>
            <Fact term={t('registerUi:import.supports')}>{f.num(stage.result.supports ?? 0)}</Fact>
            <Fact term={t('registerUi:import.healthRecords')}>{f.num(stage.result.healthRecords ?? 0)}</Fact>
          </dl>
          <p>
            <Link to={registerPath(unitId)}>{t('registerUi:import.toRegister')}</Link>
          </p>
          <button type="button" className="btn-secondary" onClick={reset}>
            {t('registerUi:import.another')}
          </button>
        </div>
      )}
    </section>
  );
}
