// What the outbox does with the server's answer to a queued write (pure, so it is tested on its own).

/**
 * 'sent': done, leave the queue. 'wait': the write may still succeed as it is (no connection, session ended, server
 * busy or failing), so stop and try again later in the same order. 'refused': the server said no to this write
 * (validation, permission, frozen record): keep it for the person with the server's message, never resend blindly.
 */
export type SyncVerdict = 'sent' | 'wait' | 'refused';

export function syncVerdict(status: number): SyncVerdict {
  if (status >= 200 && status < 300) return 'sent';
  if (status === 0 || status === 401 || status === 408 || status === 429 || status >= 500) return 'wait';
  return 'refused';
}
