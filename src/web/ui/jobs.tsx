// Background jobs (imports, exports): following one until it is done, and its progress bar.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../app/api.ts';
import './ui.css';

/** A background job as the server reports it (GET /api/register/jobs/:id). */
export interface Job<R> {
  id: string;
  status: 'running' | 'done' | 'failed';
  phase: string;
  done: number;
  total: number;
  result?: R;
  error?:
    { code?: string; message: string; issues?: Array<{ field: string; value: unknown; message: string }> } | string;
}

const POLL_MS = 500;

/** Follows a background job every ~500 ms until it is done or failed; null while there is no job. */
export function useJob<R>(jobId: string | null): { job: Job<R> | null; error: ApiError | null } {
  // Each answer is kept with the job it belongs to, so that a previous job's answer is never taken for the current one.
  const [state, setState] = useState<{ for: string; job: Job<R> | null; error: ApiError | null } | null>(null);
  useEffect(() => {
    if (!jobId) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const controller = new AbortController();
    const poll = async () => {
      try {
        const next = await api<Job<R>>(`/api/register/jobs/${encodeURIComponent(jobId)}`, {
          signal: controller.signal,
        });
        if (controller.signal.aborted) return;
        setState({ for: jobId, job: next, error: null });
        if (next.status === 'running') timer = setTimeout(() => void poll(), POLL_MS);
      } catch (e) {
        if (controller.signal.aborted) return;
        setState({
          for: jobId,
          job: null,
          error: e instanceof ApiError ? e : new ApiError(0, 'unexpected', String(e)),
        });
      }
    };
    void poll();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [jobId]);
  const current = state && state.for === jobId ? state : null;
  return { job: current?.job ?? null, error: current?.error ?? null };
}

/** The message of a failed job, whatever shape the server gave it. */
export function jobErrorText(job: Job<unknown>): string {
  const e = job.error;
  if (!e) return '';
  return typeof e === 'string' ? e : e.message;
}

/** A progress bar with the phase and done/total, announced politely. */
export function JobProgress({ job, label }: { job: Job<unknown> | null; label: string }) {
  const { t } = useTranslation();
  const phase = job?.phase ? t(`ui:job.phase.${job.phase}`, { defaultValue: job.phase }) : t('ui:job.phase.starting');
  const total = job?.total ?? 0;
  const done = job?.done ?? 0;
  return (
    <div className="job-progress" role="status" aria-live="polite" data-testid="job-progress">
      <p className="small">
        <strong>{label}</strong> — {phase}
        {total > 0 && <> · {t('ui:job.doneOfTotal', { done, total })}</>}
      </p>
      <progress max={total > 0 ? total : undefined} value={total > 0 ? done : undefined} aria-label={label}>
        {total > 0 ? `${done}/${total}` : ''}
      </progress>
    </div>
  );
}
