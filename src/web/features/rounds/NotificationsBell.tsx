// The bell in the header: unread notifications (returns, submissions, decisions), each leading to its dossier.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api.ts';
import { useFormat } from '../../app/format.ts';
import { focusOn } from '../../ui/focus.ts';
import type { AppNotification } from './types.ts';

const POLL_MS = 60_000;

export function NotificationsBell() {
  const { t } = useTranslation();
  const f = useFormat();
  const navigate = useNavigate();
  const location = useLocation();
  const [items, setItems] = useState<AppNotification[]>([]);
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  const load = useCallback(async (signal?: AbortSignal) => {
    try {
      const body = await api<{ items: AppNotification[] }>('/api/notifications', { signal, quiet401: true });
      setItems(body.items);
    } catch {
      // The bell stays quiet on a dropped line; the next poll tries again.
    }
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    void load(controller.signal);
    const timer = setInterval(() => void load(), POLL_MS);
    return () => {
      controller.abort();
      clearInterval(timer);
    };
  }, [load, location.pathname]);

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent | KeyboardEvent) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !box.current?.contains(e.target as Node)) {
        setOpen(false);
        // Escape from inside the panel would leave focus on a button that is about to go: back to the bell.
        if (e instanceof KeyboardEvent) focusOn(button.current);
      }
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);

  const unread = items.filter((n) => !n.read);

  async function markRead(n: AppNotification) {
    setItems((list) => list.map((x) => (x.id === n.id ? { ...x, read: true } : x)));
    await api(`/api/notifications/${n.id}/read`, { method: 'POST', body: {} }).catch(() => undefined);
  }

  async function follow(n: AppNotification) {
    setOpen(false);
    if (!n.read) await markRead(n);
    if (n.link) navigate(n.link);
  }

  async function readAll() {
    for (const n of unread) await markRead(n);
  }

  return (
    <div className="bell" ref={box}>
      <button
        ref={button}
        type="button"
        className="bell-button"
        aria-expanded={open}
        aria-haspopup="true"
        title={t('common:notifications.button', { count: unread.length })}
        onClick={() => setOpen((o) => !o)}
      >
        <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
          <path
            fill="currentColor"
            d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z"
          />
        </svg>
        {/* The name is the button's own text, so that it contains the number shown ("Thông báo (2 chưa đọc)"). */}
        <span className="sr-only">{t('common:notifications.buttonLead')} (</span>
        {unread.length > 0 ? (
          <span className="bell-count" data-testid="unread-count">
            {unread.length > 99 ? '99+' : unread.length}
          </span>
        ) : (
          <span className="sr-only">0</span>
        )}
        <span className="sr-only"> {t('common:notifications.buttonUnread')})</span>
      </button>
      {open && (
        <div className="bell-panel" role="region" aria-label={t('common:notifications.title')}>
          <div className="bell-head">
            <strong>{t('common:notifications.title')}</strong>
            {unread.length > 0 && (
              <button type="button" className="btn-link" onClick={() => void readAll()}>
                {t('common:notifications.readAll')}
              </button>
            )}
          </div>
          {items.length === 0 ? (
            <p className="muted small">{t('common:notifications.none')}</p>
          ) : (
            <ul className="bell-list">
              {items.slice(0, 20).map((n) => (
                <li key={n.id} className={n.read ? 'read' : 'unread'}>
                  <button type="button" className="bell-item" onClick={() => void follow(n)}>
                    <span className="bell-message">{n.message}</span>
                    <span className="bell-when">{f.dateTime(n.createdAt)}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
