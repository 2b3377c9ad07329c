// A due date with where it stands today, in words (not colour alone): "Hạn 15/11/2026 · quá hạn 21 ngày".
import { useTranslation } from 'react-i18next';
import { dueStatus, type DueStatus } from '../../core/calendar/deadline.ts';
import { formatWeekday } from '../../i18n/format.ts';
import { useFormat } from '../app/format.ts';
import { todayIso } from './dates.ts';

/** Words for a status: never "0 days overdue" (a deadline passed over a weekend is said with its date). */
export function useDueWords() {
  const { t } = useTranslation();
  const f = useFormat();
  return (s: DueStatus): string => {
    if (s.state === 'today') return t('ui:due.today');
    if (s.state === 'upcoming') return t(`ui:due.left_${s.unit}`, { count: s.days });
    if (s.days === 0)
      return t('ui:due.lateNoWorkingDay', { date: f.date(s.dueOn), weekday: formatWeekday(s.dueOn, f.locale) });
    return t(`ui:due.late_${s.unit}`, { count: s.days });
  };
}

/**
 * "Hạn 15/11/2026 — quá hạn 21 ngày". Pass `status` when the server counted it (working days need the
 * holiday calendar), or `dueOn` to count calendar days against today in Vietnam. `done` hides the count.
 */
export function DueDate({
  dueOn,
  status,
  done = false,
  label,
}: {
  dueOn?: string | null;
  status?: DueStatus | null;
  done?: boolean;
  /** Replaces "Hạn {{date}}", e.g. "Hạn xã nộp hồ sơ 15/11/2026". */
  label?: string;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const words = useDueWords();
  const s = status ?? (dueOn ? dueStatus(dueOn, todayIso()) : null);
  if (!s) return null;
  const tone = done
    ? undefined
    : s.state === 'overdue'
      ? 'overdue'
      : s.state === 'today' || s.days <= 2
        ? 'due-soon'
        : undefined;
  return (
    <span className="due-date" data-state={done ? 'done' : s.state}>
      <span>{label ?? t('ui:due.dueOn', { date: f.date(s.dueOn) })}</span>
      {!done && (
        <>
          {' — '}
          {s.state === 'overdue' ? (
            <strong className={tone}>{words(s)}</strong>
          ) : (
            <span className={tone}>{words(s)}</span>
          )}
        </>
      )}
    </span>
  );
}
