// Small shared pieces: status badges, loading and error lines.
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from './api.ts';
import { useApi, type Loaded } from './useApi.ts';

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status" aria-live="polite">
      {label ?? t('common:loading')}
    </p>
  );
}

/** Trying again can help only when the line or the server failed, not when the answer was a refusal (403, 404, …). */
export const retryable = (error: ApiError | string): boolean =>
  typeof error === 'string' ||
  error.status === 0 ||
  error.status === 408 ||
  error.status === 429 ||
  error.status >= 500;

export function ErrorBox({ error, onRetry }: { error: ApiError | string | null; onRetry?: () => void }) {
  const { t } = useTranslation();
  if (!error) return null;
  const message = typeof error === 'string' ? error : error.message;
  // Issues that only repeat the message add nothing.
  const issues = typeof error === 'string' ? [] : error.issues.filter((i) => i.message && i.message !== message);
  return (
    <div className="error-box" role="alert">
      <p>{message}</p>
      {issues.length > 0 && (
        <ul>
          {issues.map((i, n) => (
            <li key={n}>{i.message}</li>
          ))}
        </ul>
      )}
      {onRetry && retryable(error) && (
        <button type="button" className="btn-link" onClick={onRetry}>
          {t('common:retry')}
        </button>
      )}
    </div>
  );
}

type BadgeTone = 'ok' | 'bad' | 'warn' | 'info' | 'muted';

export function Badge({ tone, children, title }: { tone: BadgeTone; children: ReactNode; title?: string }) {
  return (
    <span className={`badge badge-${tone}`} title={title}>
      {children}
    </span>
  );
}

/**
 * "Tạm tính / Provisional": a small marker beside a score that rests on a provisional rule. It carries no
 * explanation of its own (a hover title reaches no phone): the page says what it means once, with
 * ProvisionalNote. `note` is kept for callers that pass one; they show it as text beside the marker.
 */
export function ProvisionalBadge(_props: { note?: string }) {
  // Names its namespace: this file is in the main bundle, which carries only `common`.
  const { t } = useTranslation('scoring');
  return <Badge tone="warn">{t('scoring:mark.P')}</Badge>;
}

/**
 * Once per page: "Tạm tính" with what it means, read by a tap, a click or the keyboard (a <details>: Enter or
 * Space on its summary opens it), never on hover only. `children` says more (which criteria are provisional).
 */
export function ProvisionalNote({ children }: { children?: ReactNode }) {
  const { t } = useTranslation('scoring');
  return (
    <details className="provisional-note" data-testid="provisional-note">
      <summary>
        <Badge tone="warn">{t('scoring:mark.P')}</Badge>{' '}
        <span className="provisional-note-question">{t('common:provisionalQuestion')}</span>
      </summary>
      <div className="provisional-note-body">
        <p>{t('common:provisionalHint')}</p>
        {children}
      </div>
    </details>
  );
}

export function RecognizedBadge({ recognized }: { recognized: boolean }) {
  const { t } = useTranslation('scoring');
  return (
    <Badge tone={recognized ? 'ok' : 'bad'}>{recognized ? t('scoring:recognized') : t('scoring:notRecognized')}</Badge>
  );
}

/**
 * A page's main resource, loaded from `path`: the error (with a retry when one can help), a spinner until the data for
 * these route parameters has arrived (not a previous route's), then the page itself.
 */
export function PageResource<T>({
  path,
  isCurrent,
  children,
  reloadOn,
}: {
  path: string;
  isCurrent: (data: T) => boolean;
  children: (data: T, loaded: Loaded<T>) => ReactNode;
  /** Loaded again whenever this changes, even while loading (e.g. the outbox's count of writes sent). */
  reloadOn?: unknown;
}) {
  const loaded = useApi<T>(path);
  const { reload } = loaded;
  const seen = useRef(reloadOn);
  useEffect(() => {
    if (Object.is(seen.current, reloadOn)) return;
    seen.current = reloadOn;
    reload();
  }, [reloadOn, reload]);
  if (loaded.error)
    return (
      <section className="page">
        <ErrorBox error={loaded.error} onRetry={loaded.reload} />
      </section>
    );
  if (!loaded.data || !isCurrent(loaded.data)) return <Loading />;
  return <>{children(loaded.data, loaded)}</>;
}
