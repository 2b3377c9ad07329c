// The shell's line about the connection and the outbox (issue 21): online or not, how many changes wait to be sent,
// and, opened, each of them with the server's message when it refused one (send again or discard).
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../format.ts';
import { Badge } from '../ui.tsx';
import { useOutbox, type OutboxItem } from './outbox.ts';
import './offline.css';

export function OfflineStatus() {
  const { t } = useTranslation();
  const outbox = useOutbox();
  const { online, waiting, refused, items, sending } = outbox;
  return (
    <div className="offline-status" data-testid="offline-status">
      <span className={`connection ${online ? 'is-online' : 'is-offline'}`}>
        {online ? t('common:offline.online') : t('common:offline.offline')}
      </span>
      <span role="status" className="outbox-count">
        {waiting.length > 0 && <span>{t('common:offline.waiting', { count: waiting.length })}</span>}
        {refused.length > 0 && (
          <span className="warn-text">{t('common:offline.refused', { count: refused.length })}</span>
        )}
        {sending && waiting.length > 0 && <span className="muted">{t('common:offline.sending')}</span>}
      </span>
      {items.length > 0 && (
        <details className="outbox">
          <summary>{t('common:offline.queueTitle')}</summary>
          {online && waiting.length > 0 && (
            <button type="button" className="btn-secondary btn-small" onClick={() => void outbox.flush()}>
              {t('common:offline.sendNow')}
            </button>
          )}
          <ul className="outbox-list">
            {items.map((item) => (
              <OutboxEntry key={item.id} item={item} retry={outbox.retry} discard={outbox.discard} />
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

/** One queued write; a refused one shows the server's message and its issues, each naming its field. */
export function OutboxEntry({
  item,
  retry,
  discard,
  children,
}: {
  item: OutboxItem;
  retry?: (id: number) => Promise<void>;
  discard?: (id: number) => Promise<void>;
  /** More about the write where it is shown (a link to the child's page, the fields an edit changes). */
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <li className="outbox-entry" data-testid="outbox-entry">
      <span>
        {item.label}{' '}
        {item.state === 'refused' ? (
          <Badge tone="bad">{t('common:offline.refusedBadge')}</Badge>
        ) : (
          <Badge tone="warn">{t('common:offline.pending')}</Badge>
        )}{' '}
        <span className="small muted">{t('common:offline.queuedAt', { time: f.dateTime(item.queuedAt) })}</span>
      </span>
      {children}
      {item.refusal && (
        <div className="outbox-refusal" role="alert">
          <p className="warn-text">{item.refusal.message}</p>
          {item.refusal.issues.length > 0 && (
            <ul>
              {item.refusal.issues.map((issue, i) => (
                <li key={i} data-field={issue.field}>
                  {issue.message}
                </li>
              ))}
            </ul>
          )}
          <p className="small muted">{t('common:offline.refusedHint')}</p>
          <span className="outbox-actions">
            {retry && (
              <button type="button" className="btn-secondary btn-small" onClick={() => void retry(item.id)}>
                {t('common:offline.retry')}
              </button>
            )}
            {discard && (
              <button type="button" className="btn-link" onClick={() => void discard(item.id)}>
                {t('common:offline.discard')}
              </button>
            )}
          </span>
        </div>
      )}
    </li>
  );
}
