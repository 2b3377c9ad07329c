// The questionnaire as a form: big face buttons or labelled choices (native radios, so arrows and
// Tab work), an age-band choice when the questionnaire has one, and a check that nothing required is left.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { SCALES } from '../../../core/surveys/scales.ts';
import { messageOf, ApiError } from '../../app/api.ts';
import { useFormat } from '../../app/format.ts';
import { ErrorBox } from '../../app/ui.tsx';
import type { SurveyQuestion, SurveyQuestionnaire } from './types.ts';
import './surveys.css';

export interface AnswerFormProps {
  questionnaire: SurveyQuestionnaire;
  /** Prefix of the inputs' names and ids, unique on the page. */
  idPrefix: string;
  submitLabel: string;
  onSubmit(body: { answers: Record<string, number>; ageBand?: string }): Promise<void>;
  /** The error of a refused submission as the caller wants it shown (else the server's message). */
  describeError?(error: unknown): string | null;
}

function Question({
  q,
  idPrefix,
  value,
  missing,
  onChange,
}: {
  q: SurveyQuestion;
  idPrefix: string;
  value: number | undefined;
  missing: boolean;
  onChange(v: number): void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const faces = q.scale === 'faces3';
  const name = `${idPrefix}-${q.code}`;
  return (
    <fieldset className={`survey-question${missing ? ' missing' : ''}`} data-question={q.code}>
      <legend>{f.text(q.text)}</legend>
      {missing && (
        <p className="field-error" role="alert">
          {t('surveysUi:form.missingOne')}
        </p>
      )}
      <div className={`survey-choices${faces ? ' faces' : ''}`}>
        {SCALES[q.scale].map((s) => (
          <label key={s.value} className="survey-choice">
            <input
              type="radio"
              name={name}
              value={s.value}
              checked={value === s.value}
              onChange={() => onChange(s.value)}
              required={false}
            />
            {faces && (
              <span className="survey-face" aria-hidden="true">
                {s.face}
              </span>
            )}
            <span className="survey-choice-label">{f.text(s.label)}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function AnswerForm({ questionnaire, idPrefix, submitLabel, onSubmit, describeError }: AnswerFormProps) {
  const { t } = useTranslation();
  const [answers, setAnswers] = useState<Record<string, number>>({});
  const [ageBand, setAgeBand] = useState('');
  const [missing, setMissing] = useState<string[]>([]);
  const [error, setError] = useState<ApiError | string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const left = questionnaire.questions.filter((q) => q.required && answers[q.code] === undefined).map((q) => q.code);
    setMissing(left);
    if (left.length) {
      setError(t('surveysUi:form.missing', { count: left.length }));
      document.querySelector<HTMLElement>(`[data-question="${left[0]}"] input`)?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onSubmit({ answers, ...(ageBand ? { ageBand } : {}) });
      setAnswers({});
      setAgeBand('');
    } catch (err) {
      const described = describeError?.(err);
      setError(described ?? (err instanceof ApiError ? err : messageOf(err)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      {questionnaire.ageBands.length > 0 && (
        <fieldset className="survey-question">
          <legend>{t('surveysUi:form.ageBand')}</legend>
          <div className="survey-choices">
            {questionnaire.ageBands.map((band) => (
              <label key={band} className="survey-choice">
                <input
                  type="radio"
                  name={`${idPrefix}-age`}
                  value={band}
                  checked={ageBand === band}
                  onChange={() => setAgeBand(band)}
                />
                <span className="survey-choice-label">
                  {t('surveysUi:form.ageBandValue', { band: band.replace('-', '–') })}
                </span>
              </label>
            ))}
          </div>
        </fieldset>
      )}
      {questionnaire.questions.map((q) => (
        <Question
          key={q.code}
          q={q}
          idPrefix={idPrefix}
          value={answers[q.code]}
          missing={missing.includes(q.code) && answers[q.code] === undefined}
          onChange={(v) => {
            setAnswers((a) => ({ ...a, [q.code]: v }));
            if (typeof error === 'string') setError(null);
          }}
        />
      ))}
      <ErrorBox error={error} />
      <button type="submit" className="btn-primary survey-submit" disabled={busy}>
        {busy ? t('common:working') : submitLabel}
      </button>
    </form>
  );
}
