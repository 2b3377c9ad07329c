// Shared by the lookup pages (special-circumstance groups, holidays): who may change them, weekdays, the page's notice line.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth.tsx';
import { dayOf } from '../../app/format.ts';
import type { RoleName } from '../../app/types.ts';
import './lookups.css';

/** True when the logged-in person holds one of `roles` (as on the server: exactly the roles named). */
export function useMayEdit(...roles: RoleName[]): boolean {
  const { user } = useAuth();
  return (user?.roles ?? []).some((r) => roles.includes(r.role));
}

/** "Thứ Hai" … "Chủ nhật" for a yyyy-mm-dd day. */
export function useWeekday(): (iso: string) => string {
  const { t } = useTranslation();
  return (iso: string) => {
    const d = dayOf(iso);
    return typeof d === 'string' ? '' : t(`lookups:weekday.${d.getDay()}`);
  };
}

/** "Only viewing" for people who may not change the page. */
export function ReadOnlyNote() {
  const { t } = useTranslation();
  return (
    <p className="notice" role="note">
      {t('lookups:readOnly')}
    </p>
  );
}

/** A short-lived success line, announced politely; cleared by the next message or after a while. */
export function useFlash(): [string, (message: string) => void] {
  const [message, setMessage] = useState('');
  useEffect(() => {
    if (!message) return;
    const timer = setTimeout(() => setMessage(''), 8000);
    return () => clearTimeout(timer);
  }, [message]);
  return [message, setMessage];
}

export function Flash({ message }: { message: string }) {
  return (
    <p className="ok-text lookup-flash" role="status" aria-live="polite">
      {message}
    </p>
  );
}
