// Every saved version of one value, newest first: who, when, the value and its source note; a value not kept
// when a conflict was resolved (issue 21) is listed too, marked as such.
import { useTranslation } from 'react-i18next';
import { useApi } from '../../app/useApi.ts';
import { useFormat } from '../../app/format.ts';
import { ErrorBox, Loading } from '../../app/ui.tsx';
import type { HistoryEntry } from '../../app/types.ts';
import { isSuppressed, suppressedRange, type SuppressedCell } from '../../../core/privacy/disclosure.ts';

export function HistoryList({
  unitId,
  periodId,
  code,
  kind,
}: {
  unitId: number;
  periodId: number;
  code: string;
  kind: 'count' | 'flag';
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const history = useApi<{ items: HistoryEntry[] }>(
    `/api/units/${unitId}/assessments/${periodId}/history?code=${encodeURIComponent(code)}`,
  );
  if (history.error) return <ErrorBox error={history.error} onRetry={history.reload} />;
  if (!history.data) return <Loading />;
  const items = history.data.items;
  if (!items.length) return <p className="muted small">{t('assessments:history.empty')}</p>;
  return (
    <ol className="history" aria-label={t('assessments:history.title')}>
      {items.map((h, n) => (
        <li key={n} className={h.notKept ? 'history-not-kept' : undefined}>
          <span className="history-when">{f.dateTime(h.enteredAt)}</span>{' '}
          <span className="history-who">{h.enteredByName ?? t('assessments:history.unknownUser')}</span>
          {': '}
          <strong className="history-value">{showValue(t, f.num, kind, isSuppressed(h) ? h : h.value)}</strong>
          {h.notKept ? <span className="history-status"> — {t('assessments:history.notKept')}</span> : null}
          {h.sourceNote ? <span className="history-note"> — {h.sourceNote}</span> : null}
        </li>
      ))}
    </ol>
  );
}

export function showValue(
  t: (key: string, params?: Record<string, unknown>) => string,
  num: (n: number) => string,
  kind: 'count' | 'flag',
  value: number | boolean | string | null | undefined | SuppressedCell,
): string {
  if (isSuppressed(value)) return t('assessments:suppressed.value', suppressedRange());
  if (value === null || value === undefined || value === '') return t('assessments:value.empty');
  if (typeof value === 'boolean' || kind === 'flag')
    return value === true ? t('assessments:value.yes') : t('assessments:value.no');
  return typeof value === 'number' ? num(value) : String(value);
}
