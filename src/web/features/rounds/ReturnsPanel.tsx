// The returns gathered on a dossier under appraisal: each item a sector (or the appraiser) returned, with its
// reason and who, not sent yet; a return can be withdrawn, and the appraiser sends them all to the commune at
// once after a summary (src/core/workflow/review.ts says what sending does).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RuleSetDefinition } from '../../../core/rule-sets/schema.ts';
import { checkSendReturns, mayWithdrawReturn, sendOutcome } from '../../../core/workflow/review.ts';
import { api, ApiError, messageOf, newIdempotencyKey } from '../../app/api.ts';
import { useFormat } from '../../app/format.ts';
import { ErrorBox } from '../../app/ui.tsx';
import { ConfirmDialog, SummaryList } from '../../ui/confirm.tsx';
import type { EntryView } from './types.ts';

interface Props {
  view: EntryView;
  def: RuleSetDefinition | null;
  onChanged(next: EntryView): void;
}

export function ReturnsPanel({ view, def, onChanged }: Props) {
  const { t } = useTranslation();
  const f = useFormat();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | string | null>(null);
  const [sendError, setSendError] = useState<ApiError | string | null>(null);
  const [sent, setSent] = useState<number | null>(null);

  const appraiser = view.actors.includes('appraiser');
  const reviewer = view.reviewSectors === 'all' || view.reviewSectors.length > 0;
  const outcome = sendOutcome(view.items, view.reviews);
  const pending = outcome.returned;
  if (view.entry.id === null || (!appraiser && !reviewer)) return null;
  if (view.entry.state !== 'submitted')
    return sent !== null ? (
      <p className="ok-text returns-sent" role="status">
        {t('rounds:returns.sent', { count: sent })}
      </p>
    ) : null;
  if (!appraiser && pending.length === 0) return null;

  const mayWithdraw = (r: (typeof pending)[number]) =>
    mayWithdrawReturn(r, view.reviewSectors === 'all' ? 'all' : view.reviewSectors);
  const canSend = checkSendReturns(view.entry.state, view.actors, pending.length).ok;
  const itemTitle = (code: string) =>
    f.text(def?.criteria.flatMap((c) => c.items).find((i) => i.code === code)?.title) || code;
  const sectorLabel = (code: string) => f.text(def?.sectors.find((s) => s.code === code)?.label) || code;
  const itemUrl = (code: string) => `/api/round-entries/${view.entry.id}/reviews/${encodeURIComponent(code)}`;

  async function withdraw(code: string) {
    setError(null);
    setBusy(code);
    try {
      onChanged(await api<EntryView>(itemUrl(code), { method: 'DELETE' }));
    } catch (err) {
      setError(err instanceof ApiError ? err : messageOf(err));
    } finally {
      setBusy(null);
    }
  }

  async function send() {
    setSendError(null);
    setBusy('send');
    try {
      const next = await api<EntryView>(`/api/round-entries/${view.entry.id}/returns`, {
        method: 'POST',
        body: {},
        headers: { 'Idempotency-Key': newIdempotencyKey() },
      });
      setSent(pending.length);
      setConfirming(false);
      onChanged(next);
    } catch (err) {
      setSendError(err instanceof ApiError ? err : messageOf(err));
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="card returns-panel" aria-labelledby="returns-title" data-testid="returns-panel">
      <h2 id="returns-title" className="card-title">
        {t('rounds:returns.title', { count: pending.length })}
      </h2>
      <p className="small muted">{appraiser ? t('rounds:returns.hintAppraiser') : t('rounds:returns.hintReviewer')}</p>
      {pending.length === 0 ? (
        <p>{t('rounds:returns.none')}</p>
      ) : (
        <ul className="returned-list returns-list">
          {pending.map((r) => (
            <li key={r.itemCode} data-item={r.itemCode}>
              <strong>{itemTitle(r.itemCode)}</strong> <span className="code">{r.itemCode}</span>: {r.reason}
              <span className="muted small">
                {' '}
                —{' '}
                {t('rounds:returns.by', {
                  name: r.reviewerName ?? '—',
                  sector: sectorLabel(r.sector),
                })}
                , {f.dateTime(r.reviewedAt)}
              </span>
              {mayWithdraw(r) && (
                <>
                  {' '}
                  <button
                    type="button"
                    className="btn-secondary btn-small"
                    onClick={() => void withdraw(r.itemCode)}
                    disabled={busy !== null}
                    aria-label={t('rounds:review.withdrawItem', { code: r.itemCode })}
                  >
                    {busy === r.itemCode ? t('common:working') : t('rounds:review.withdraw')}
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      <ErrorBox error={error} />
      {canSend && (
        <div className="action-row">
          <button
            type="button"
            className="btn-danger"
            onClick={() => {
              setSendError(null);
              setConfirming(true);
            }}
            disabled={busy !== null}
          >
            {t('rounds:returns.send', { count: pending.length })}
          </button>
        </div>
      )}
      {confirming && (
        <ConfirmDialog
          testId="returns-confirm"
          title={t('rounds:returns.confirmTitle', { unit: view.unit.name, count: pending.length })}
          confirmLabel={t('rounds:returns.confirm')}
          tone="danger"
          busy={busy === 'send'}
          error={sendError}
          warning={outcome.unjudged > 0 ? t('rounds:returns.unjudged', { count: outcome.unjudged }) : undefined}
          onConfirm={send}
          onCancel={() => setConfirming(false)}
        >
          <SummaryList
            rows={pending.map((r) => ({
              label: `${itemTitle(r.itemCode)} (${r.itemCode})`,
              value: r.reason,
            }))}
          />
          <p>{t('rounds:returns.after')}</p>
          {outcome.accepted > 0 && <p className="small">{t('rounds:returns.kept', { count: outcome.accepted })}</p>}
        </ConfirmDialog>
      )}
    </section>
  );
}
