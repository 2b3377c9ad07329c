// A page's own queued writes (issue 21), shown where they belong (a forums section, the activity log): each with
// its state, and the server's message when it refused one; the page's list reads the server again after each send.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useOutbox, type OutboxItem } from './outbox.ts';
import { OutboxEntry } from './OfflineStatus.tsx';

/** The writes of the outbox that `belongs` picks, and a reload of the page's list each time the outbox sent one. */
export function usePending(belongs: (item: OutboxItem) => boolean, reload: () => void) {
  const outbox = useOutbox();
  const sentSeen = useRef(outbox.sentCount);
  useEffect(() => {
    if (outbox.sentCount === sentSeen.current) return;
    sentSeen.current = outbox.sentCount;
    reload();
  }, [outbox.sentCount, reload]);
  return { items: outbox.items.filter(belongs), retry: outbox.retry, discard: outbox.discard };
}

/** Writes to a collection or to one of its members ("/api/…/forums", "/api/…/forums/7/…"). */
export const under = (base: string) => (item: OutboxItem) => item.url === base || item.url.startsWith(`${base}/`);

/** The page's writes waiting on this device (or refused by the server, with its message and a retry). */
export function PendingWrites({
  pending,
  testId,
  level = 3,
}: {
  pending: ReturnType<typeof usePending>;
  testId: string;
  /** The heading's level, one below the section it sits in. */
  level?: 2 | 3;
}) {
  const { t } = useTranslation();
  if (pending.items.length === 0) return null;
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <div className="card" data-testid={testId}>
      <Heading className="card-title">{t('common:offline.queueTitle')}</Heading>
      <ul className="outbox-list">
        {pending.items.map((item) => (
          <OutboxEntry key={item.id} item={item} retry={pending.retry} discard={pending.discard} />
        ))}
      </ul>
    </div>
  );
}
