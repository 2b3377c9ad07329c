// How long a client waits before sending again a request the server refused as busy (503 with Retry-After): at
// least what the server said, doubling with each refusal (capped), spread at random so that those refused together
// do not come back together. Exponential backoff with jitter: a backlog drains instead of being hit by one wave
// after another. Used by the web app (src/web/app/api.ts) and the deadline-rush benchmark alike.

/** The longest wait between two attempts, in seconds. */
export const MAX_RETRY_WAIT_SECONDS = 30;

/**
 * Seconds to wait before attempt `attempt + 1` (attempt 1 is the first refusal); `retryAfter` is the header as sent
 * (seconds; missing or unreadable counts as 2), `random` a number in [0, 1).
 */
export function busyRetryWait(retryAfter: string | null | undefined, attempt: number, random: number): number {
  const said = Number(retryAfter);
  const base = Number.isFinite(said) && said > 0 ? said : 2;
  const doubled = Math.min(MAX_RETRY_WAIT_SECONDS, base * 2 ** Math.max(0, attempt - 1));
  return doubled * (0.5 + random);
}
