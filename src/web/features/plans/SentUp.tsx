// "Ghi ngày gửi lên cấp trên": an issued plan's day of being sent to the level above, which the level above
// reads as on time or late against the day it set. Asked once more before it is recorded (the province
// counts it); the server refuses a day before the issue or in the future, naming it.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../app/api.ts';
import { useFormat } from '../../app/format.ts';
import { ConfirmDialog } from '../../ui/confirm.tsx';
import { dayForApi, todayText } from '../../ui/dates.ts';
import { DateInput } from '../../ui/forms.tsx';
import { issueAt } from './parts.ts';
import type { PlanView } from './types.ts';

export function SentUp({ plan, onSent }: { plan: PlanView; onSent(view: PlanView): void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [open, setOpen] = useState(false);
  const [day, setDay] = useState(todayText());
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      const view = await api<PlanView>(`/api/plans/${plan.id}/sent`, {
        method: 'PATCH',
        body: { sentOn: dayForApi(day) },
      });
      setConfirming(false);
      setOpen(false);
      onSent(view);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'network', String(err)));
      // A refusal naming the day goes back to the field.
      if (err instanceof ApiError && err.issues.length) setConfirming(false);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="plan-sent" data-testid="plan-sent">
      <p className="small">
        {plan.sentOn ? t('plansUi:sent.on', { date: f.date(plan.sentOn) }) : t('plansUi:sent.not')}
        {plan.lowerPlansDue && <> · {t('plansUi:sent.lowerDue', { date: f.date(plan.lowerPlansDue) })}</>}
      </p>
      {plan.canWrite && !open && (
        <button type="button" className="btn-secondary" onClick={() => setOpen(true)}>
          {plan.sentOn ? t('plansUi:sent.change') : t('plansUi:sent.record')}
        </button>
      )}
      {open && (
        <form
          className="row-fields"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            setError(null);
            setConfirming(true);
          }}
        >
          <DateInput
            id="plan-sentOn"
            label={t('plansUi:sent.day')}
            value={day}
            onChange={setDay}
            error={issueAt(error, 'sentOn') ?? (error && !error.issues.length ? error.message : undefined)}
            className="narrow"
          />
          <div className="action-row">
            <button type="submit" className="btn-primary">
              {t('plansUi:sent.record')}
            </button>
            <button type="button" className="btn-secondary" onClick={() => setOpen(false)}>
              {t('plansUi:list.cancel')}
            </button>
          </div>
        </form>
      )}
      {confirming && (
        <ConfirmDialog
          testId="sent-confirm"
          title={t('plansUi:sent.ask', { date: f.date(dayForApi(day)), number: plan.number })}
          confirmLabel={t('plansUi:sent.confirm')}
          busy={busy}
          error={error}
          onConfirm={send}
          onCancel={() => setConfirming(false)}
        >
          <p>{t('plansUi:sent.explain')}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
