// A date typed as on paper, dd/mm/yyyy, kept as yyyy-mm-dd for the API.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parseDay, showDay } from '../../ui/dates.ts';

interface Props {
  id: string;
  label: string;
  value: string | null;
  onChange(iso: string | null): void;
  required?: boolean;
  error?: string;
  disabled?: boolean;
}

export function DateField({ id, label, value, onChange, required, error, disabled }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState(showDay(value));
  // A new value from outside (a reset, a prefilled calendar) replaces what is shown.
  useEffect(() => {
    if (parseDay(text) !== value) setText(showDay(value));
  }, [value]);
  const bad = text.trim() !== '' && parseDay(text) === null;
  const message = bad ? t('rounds:form.badDate', { value: text }) : error;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        placeholder={t('rounds:form.datePlaceholder')}
        value={text}
        required={required}
        disabled={disabled}
        aria-invalid={!!message}
        aria-describedby={message ? `${id}-error` : undefined}
        className="date-input"
        onChange={(e) => {
          setText(e.target.value);
          const iso = parseDay(e.target.value);
          onChange(e.target.value.trim() === '' ? null : iso);
        }}
      />
      {message && (
        <p className="field-error" id={`${id}-error`}>
          {message}
        </p>
      )}
    </div>
  );
}
