// The one way the web app talks to the server: JSON over fetch, errors as ApiError with the server's message.
import { i18n } from './i18n.ts';
import { recallRead, rememberRead } from './offline/reads.ts';
import { vaultOpen } from './offline/vault.ts';
import { busyRetryWait } from '../../core/http/retry.ts';

export interface ApiIssue {
  field: string;
  value: unknown;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: ApiIssue[] = [],
    /** The whole error answer, for routes that say more than the error (a save's `conflicts`). */
    readonly body: unknown = undefined,
  ) {
    super(message);
  }
}

type UnauthorizedListener = () => void;
let onUnauthorized: UnauthorizedListener | null = null;

/** Called when a request answers 401 (the session ended): the shell goes back to the login page. */
export function setUnauthorizedListener(listener: UnauthorizedListener | null) {
  onUnauthorized = listener;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
  /** Do not treat a 401 as "session ended" (login, "who am I"). */
  quiet401?: boolean;
  /** Extra request headers, e.g. Idempotency-Key. */
  headers?: Record<string, string>;
  /** Told before a request the server refused as busy (503) is sent again: only one with an Idempotency-Key is. */
  onRetry?: (attempt: number, seconds: number) => void;
}

/** A fresh Idempotency-Key (getRandomValues: randomUUID needs HTTPS, and a commune's server may be plain HTTP). */
export const newIdempotencyKey = () =>
  Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');

export async function api<T>(path: string, options: RequestOptions = {}, attempt = 1): Promise<T> {
  const { method = options.body === undefined ? 'GET' : 'POST', body, signal } = options;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      signal,
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...options.headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    // Without a connection, a register page reads what the server last gave this person (offline/reads.ts).
    const kept = method === 'GET' ? await recallRead<T>(path) : undefined;
    if (kept !== undefined) return kept;
    // A signed-in person offline: say that this page was never kept here, not just that the line is down.
    const notKept = method === 'GET' && vaultOpen();
    throw new ApiError(0, 'network', i18n.t(notKept ? 'common:offline.notKept' : 'common:error.network'));
  }
  const text = await response.text().catch(() => '');
  let json: unknown = undefined;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  if (response.ok) {
    if (method === 'GET') await rememberRead(path, json);
    return json as T;
  }

  // A busy server did nothing with the request: one with an Idempotency-Key goes again after Retry-After.
  const busy = busyRetrySeconds(response, options, attempt);
  if (busy !== null) {
    options.onRetry?.(attempt, busy);
    await pause(busy, signal);
    return api<T>(path, options, attempt + 1);
  }
  const error = (json as { error?: { code?: string; message?: string; issues?: ApiIssue[] } } | undefined)?.error;
  if (response.status === 401 && !options.quiet401) onUnauthorized?.();
  throw new ApiError(
    response.status,
    error?.code ?? `http_${response.status}`,
    error?.message || i18n.t('common:error.http', { status: response.status }),
    Array.isArray(error?.issues) ? error.issues : [],
    json,
  );
}

/** How many times a request refused as busy (503) is sent again, waiting longer each time (core/http/retry.ts). */
export const BUSY_RETRIES = 4;

/** Seconds to wait before sending again a request refused as busy, or null when it is not sent again. */
function busyRetrySeconds(response: Response, options: RequestOptions, attempt: number): number | null {
  if (response.status !== 503 || attempt > BUSY_RETRIES) return null;
  if (!Object.keys(options.headers ?? {}).some((h) => h.toLowerCase() === 'idempotency-key')) return null;
  return busyRetryWait(response.headers.get('retry-after'), attempt, Math.random());
}

const pause = (seconds: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, seconds * 1000);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });

export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.name === 'AbortError') return '';
  return i18n.t('common:error.unexpected');
}

export const qs = (params: Record<string, string | number | boolean | null | undefined>): string => {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') search.set(k, String(v));
  const s = search.toString();
  return s ? `?${s}` : '';
};
