// Loads one API resource for a page: data, error, loading, and reload. A public page's first render takes
// the answer the server inlined in the page (preloaded.ts) instead of asking again.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { api, ApiError } from './api.ts';
import { preloaded, showApp, consumePreloaded } from './preloaded.ts';

export interface Loaded<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
  setData: (data: T) => void;
}

export function useApi<T>(path: string | null): Loaded<T> {
  const [initial] = useState(() => (path === null ? undefined : preloaded<T>(path)));
  const [data, setData] = useState<T | null>(initial && 'data' in initial ? initial.data : null);
  const [error, setError] = useState<ApiError | null>(initial && 'error' in initial ? initial.error : null);
  const [loading, setLoading] = useState(path !== null && !initial);
  const [tick, setTick] = useState(0);
  // The path whose answer came with the page: its first fetch is skipped.
  const given = useRef(initial ? path : null);

  useLayoutEffect(() => {
    if (given.current !== null) consumePreloaded(given.current);
    if (!loading) showApp();
  }, [loading]);

  useEffect(() => {
    if (path === null) {
      setLoading(false);
      return;
    }
    if (given.current === path && tick === 0) {
      given.current = null;
      return;
    }
    given.current = null;
    const controller = new AbortController();
    setLoading(true);
    setError(null);
    api<T>(path, { signal: controller.signal })
      .then((body) => {
        setData(body);
        setLoading(false);
      })
      .catch((e: unknown) => {
        if (controller.signal.aborted) return;
        setError(e instanceof ApiError ? e : new ApiError(0, 'unexpected', String(e)));
        setLoading(false);
      });
    return () => controller.abort();
  }, [path, tick]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload, setData };
}
