// Opening or editing a round: the year, the calendar (prefilled 15/11, 25/11, 30/11, 05/12), the posting
// days, whether every criterion needs evidence, who appraises and who signs.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, messageOf } from '../../app/api.ts';
import { ErrorBox } from '../../app/ui.tsx';
import { DateField } from './DateField.tsx';
import type { Round } from './types.ts';
import { thisYear as currentYear } from '../../ui/dates.ts';

export function defaultCalendar(year: number) {
  return {
    dossierDue: `${year}-11-15`,
    appraisalDue: `${year}-11-25`,
    decisionDue: `${year}-11-30`,
    reportDue: `${year}-12-05`,
  };
}

const DATES = ['dossierDue', 'appraisalDue', 'decisionDue', 'reportDue'] as const;
type DateKey = (typeof DATES)[number];

interface Props {
  /** Editing this round; otherwise a new one. */
  round?: Round;
  /** Provinces the user may open a round for (new rounds only). */
  provinces?: Array<{ id: number; name: string }>;
  onSaved(round: Round): void;
  onCancel(): void;
}

export function RoundForm({ round, provinces = [], onSaved, onCancel }: Props) {
  const { t } = useTranslation();
  const thisYear = currentYear();
  const [provinceId, setProvinceId] = useState<number | null>(round?.provinceId ?? provinces[0]?.id ?? null);
  const [year, setYear] = useState(String(thisYear));
  const [title, setTitle] = useState(round?.title ?? '');
  const [dates, setDates] = useState<Record<DateKey, string | null>>(
    round
      ? {
          dossierDue: round.dossierDue,
          appraisalDue: round.appraisalDue,
          decisionDue: round.decisionDue,
          reportDue: round.reportDue,
        }
      : defaultCalendar(thisYear),
  );
  const [postingDays, setPostingDays] = useState(String(round?.postingDays ?? 7));
  const [requireEvidence, setRequireEvidence] = useState(round?.requireEvidence ?? false);
  const [appraisingBody, setAppraisingBody] = useState(round?.appraisingBody ?? '');
  const [signerTitle, setSignerTitle] = useState(round?.signerTitle ?? t('rounds:form.signerTitleDefault'));
  const [signerName, setSignerName] = useState(round?.signerName ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | string | null>(null);
  const [touchedDates, setTouchedDates] = useState(false);

  const changeYear = (text: string) => {
    setYear(text);
    const y = Number(text);
    // The calendar follows the year until someone changes a date by hand.
    if (!round && !touchedDates && Number.isInteger(y) && y >= 2019 && y <= 2100) setDates(defaultCalendar(y));
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (DATES.some((k) => !dates[k])) {
      setError(t('rounds:form.datesRequired'));
      return;
    }
    const common = {
      title: title.trim() || undefined,
      dossierDue: dates.dossierDue!,
      appraisalDue: dates.appraisalDue!,
      decisionDue: dates.decisionDue!,
      reportDue: dates.reportDue!,
      postingDays: Number(postingDays),
      requireEvidence,
      appraisingBody: appraisingBody.trim(),
      signerTitle: signerTitle.trim(),
      signerName: signerName.trim(),
    };
    setBusy(true);
    try {
      const saved = round
        ? await api<Round>(`/api/rounds/${round.id}`, { method: 'PUT', body: common })
        : await api<Round>('/api/rounds', { method: 'POST', body: { ...common, provinceId, year: Number(year) } });
      onSaved(saved);
    } catch (err) {
      setError(err instanceof ApiError ? err : messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="actions-box round-form" onSubmit={(e) => void submit(e)} aria-labelledby="round-form-title">
      <h2 id="round-form-title">{round ? t('rounds:form.editTitle') : t('rounds:form.newTitle')}</h2>
      {!round && (
        <div className="form-grid">
          <div className="field">
            <label htmlFor="round-province">{t('rounds:form.province')}</label>
            <select
              id="round-province"
              value={provinceId ?? ''}
              onChange={(e) => setProvinceId(Number(e.target.value) || null)}
              required
            >
              {provinces.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="round-year">{t('rounds:form.year')}</label>
            <input
              id="round-year"
              type="text"
              inputMode="numeric"
              value={year}
              onChange={(e) => changeYear(e.target.value)}
              required
            />
          </div>
        </div>
      )}
      <div className="field">
        <label htmlFor="round-title">{t('rounds:form.title')}</label>
        <input
          id="round-title"
          type="text"
          value={title}
          maxLength={300}
          placeholder={t('rounds:form.titlePlaceholder')}
          onChange={(e) => setTitle(e.target.value)}
        />
      </div>
      <fieldset className="plain-fieldset">
        <legend>{t('rounds:form.calendar')}</legend>
        <p className="small muted">{t('rounds:form.calendarHint')}</p>
        <div className="form-grid">
          {DATES.map((k) => (
            <DateField
              key={k}
              id={`round-${k}`}
              label={t(`rounds:calendar.${k}`)}
              value={dates[k]}
              required
              onChange={(iso) => {
                setTouchedDates(true);
                setDates((d) => ({ ...d, [k]: iso }));
              }}
            />
          ))}
        </div>
      </fieldset>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="round-posting">{t('rounds:form.postingDays')}</label>
          <input
            id="round-posting"
            type="text"
            inputMode="numeric"
            value={postingDays}
            onChange={(e) => setPostingDays(e.target.value)}
            required
          />
        </div>
        <div className="field">
          <label htmlFor="round-body">{t('rounds:form.appraisingBody')}</label>
          <input
            id="round-body"
            type="text"
            value={appraisingBody}
            maxLength={300}
            placeholder={t('rounds:form.appraisingBodyPlaceholder')}
            onChange={(e) => setAppraisingBody(e.target.value)}
            required
          />
        </div>
        <div className="field">
          <label htmlFor="round-signer-title">{t('rounds:form.signerTitle')}</label>
          <input
            id="round-signer-title"
            type="text"
            value={signerTitle}
            maxLength={200}
            onChange={(e) => setSignerTitle(e.target.value)}
            required
          />
        </div>
        <div className="field">
          <label htmlFor="round-signer-name">{t('rounds:form.signerName')}</label>
          <input
            id="round-signer-name"
            type="text"
            value={signerName}
            maxLength={200}
            onChange={(e) => setSignerName(e.target.value)}
          />
        </div>
      </div>
      <div className="field">
        <label className="check" htmlFor="round-require-evidence">
          <input
            id="round-require-evidence"
            type="checkbox"
            checked={requireEvidence}
            aria-describedby="round-require-evidence-hint"
            onChange={(e) => setRequireEvidence(e.target.checked)}
          />{' '}
          {t('rounds:form.requireEvidence')}
        </label>
        <p id="round-require-evidence-hint" className="small muted">
          {t('rounds:form.requireEvidenceHint')}
        </p>
      </div>
      <ErrorBox error={error} />
      <div className="action-row">
        <button type="submit" className="btn-primary" disabled={busy}>
          {busy ? t('common:working') : round ? t('rounds:form.save') : t('rounds:form.open')}
        </button>
        <button type="button" className="btn-secondary" onClick={onCancel} disabled={busy}>
          {t('common:cancel')}
        </button>
      </div>
    </form>
  );
}
