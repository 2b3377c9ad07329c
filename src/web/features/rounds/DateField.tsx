// A date typed as on paper, dd/mm/yyyy, kept as yyyy-mm-dd for the API.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../../i18n/format.ts';
import { dayOf } from '../../app/format.ts';

/** "15/11/2026", "15-11-2026" or "15.11.2026" → "2026-11-15"; null when not a real date. */
export function parseDay(text: string): string | null {
  const m = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$/.exec(text);
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(y, mo - 1, d);
  if (date.getFullYear() !== y || date.getMonth() !== mo - 1 || date.getDate() !== d) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export const showDay = (iso: string | null | undefined) => (iso ? formatDate(dayOf(iso)) : '');

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
