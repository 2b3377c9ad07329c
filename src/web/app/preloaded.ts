// Answers the server sent inside a public page (src/server/http/web-page.ts), so its first render needs no
// request; each is used by the first render that asks for its path, then the app fetches as usual. The
// server's static drawing of the page (#prerender) stays until the app has drawn the same content.
import { ApiError } from './api.ts';

interface Answer {
  status: number;
  body: unknown;
}

let answers: Record<string, Answer> | null = null;

function all(): Record<string, Answer> {
  if (answers === null) {
    const block = document.getElementById('cfc-data');
    try {
      answers = JSON.parse(block?.textContent || '{}') as Record<string, Answer>;
    } catch {
      answers = {};
    }
    // Read once: the page keeps no script element without a source (tests/browser/xss.test.ts looks for them).
    block?.remove();
  }
  return answers;
}

/** The answer inlined for this API path, as data or as the error the request would have thrown. */
export function preloaded<T>(path: string): { data: T } | { error: ApiError } | undefined {
  const a = all()[path];
  if (!a) return undefined;
  if (a.status === 200) return { data: a.body as T };
  const e = (a.body as { error?: { code?: string; message?: string; issues?: ApiError['issues'] } } | null)?.error;
  return { error: new ApiError(a.status, e?.code ?? `http_${a.status}`, e?.message ?? '', e?.issues ?? []) };
}

/** Marks an answer used: a later visit of the same path (a reload, a navigation) asks the server. */
export function consumePreloaded(path: string): void {
  if (answers) delete answers[path];
}

/** Replaces the server's drawing with the app's, in the commit that draws the content (no flash between). */
export function showApp(): void {
  document.getElementById('prerender')?.remove();
  const root = document.getElementById('root');
  if (root?.hidden) root.hidden = false;
}
