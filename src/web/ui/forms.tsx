// The form kit: fields that show the API's issue for their field (text, area, select, date typed
// dd/mm/yyyy, number typed in the language on screen, check), the form's own refusal, submission with busy
// and error kept, submit and cancel buttons, a toolbar filter, and a back link.
import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError, type ApiIssue } from '../app/api.ts';
import { parseDay } from './dates.ts';
import { useNumbers } from './numbers.ts';
import './ui.css';

export function BackLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <p className="small">
      <Link to={to}>← {children}</Link>
    </p>
  );
}

/** The API's issues by field name ("birthDate", "values.x" → last part). */
function issuesByField(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(error instanceof ApiError)) return out;
  for (const issue of error.issues) {
    const field =
      String(issue.field ?? '')
        .split('.')
        .pop() ?? '';
    out[field] = out[field] ? `${out[field]}\n${issue.message}` : issue.message;
  }
  return out;
}

/** Issues whose field is not one of the form's: shown with the form's message. */
function otherIssues(error: unknown, fields: readonly string[]): ApiIssue[] {
  if (!(error instanceof ApiError)) return [];
  return error.issues.filter(
    (i) =>
      !fields.includes(
        String(i.field ?? '')
          .split('.')
          .pop() ?? '',
      ),
  );
}

interface FieldProps {
  id: string;
  label: string;
  error?: string;
  hint?: string;
  required?: boolean;
  className?: string;
}

function FieldFrame({ id, label, error, hint, required, className, children }: FieldProps & { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>
        {label}
        {required && (
          <span className="required-mark" title={t('ui:form.required')}>
            {' '}
            <span aria-hidden="true">*</span>
            <span className="sr-only">({t('ui:form.required')})</span>
          </span>
        )}
      </label>
      {children}
      {hint && !error && (
        <p className="small muted" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error pre-line" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

const described = (id: string, error?: string, hint?: string) =>
  error ? `${id}-error` : hint ? `${id}-hint` : undefined;

export function TextInput(
  props: FieldProps & {
    value: string;
    onChange(v: string): void;
    type?: string;
    inputMode?: 'numeric' | 'decimal' | 'text';
    maxLength?: number;
    list?: string;
    autoComplete?: string;
  },
) {
  const {
    id,
    value,
    onChange,
    type = 'text',
    inputMode,
    maxLength,
    list,
    error,
    hint,
    required,
    autoComplete = 'off',
  } = props;
  return (
    <FieldFrame {...props}>
      <input
        id={id}
        type={type}
        inputMode={inputMode}
        value={value}
        maxLength={maxLength}
        list={list}
        required={required}
        autoComplete={autoComplete}
        aria-invalid={!!error}
        aria-describedby={described(id, error, hint)}
        onChange={(e) => onChange(e.target.value)}
      />
    </FieldFrame>
  );
}

export function TextArea(
  props: FieldProps & { value: string; onChange(v: string): void; rows?: number; maxLength?: number },
) {
  const { id, value, onChange, rows = 3, maxLength, error, hint } = props;
  return (
    <FieldFrame {...props}>
      <textarea
        id={id}
        className="prose"
        rows={rows}
        value={value}
        maxLength={maxLength}
        aria-invalid={!!error}
        aria-describedby={described(id, error, hint)}
        onChange={(e) => onChange(e.target.value)}
      />
    </FieldFrame>
  );
}

/** A select's options; `empty`, where given, is the choice of none (value ''). */
function Options({ options, empty }: { options: Array<{ value: string; label: string }>; empty?: string }) {
  return (
    <>
      {empty !== undefined && <option value="">{empty}</option>}
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </>
  );
}

export function SelectInput(
  props: FieldProps & {
    value: string;
    onChange(v: string): void;
    options: Array<{ value: string; label: string }>;
    empty?: string;
  },
) {
  const { id, value, onChange, options, empty, error, hint, required } = props;
  return (
    <FieldFrame {...props}>
      <select
        id={id}
        value={value}
        required={required}
        aria-invalid={!!error}
        aria-describedby={described(id, error, hint)}
        onChange={(e) => onChange(e.target.value)}
      >
        <Options options={options} empty={empty} />
      </select>
    </FieldFrame>
  );
}

/** A date typed as on paper (dd/mm/yyyy); the text is kept as typed and converted when sent. */
export function DateInput(props: FieldProps & { value: string; onChange(v: string): void }) {
  const { t } = useTranslation();
  const { id, label, value, onChange, error, required } = props;
  const bad = value.trim() !== '' && parseDay(value) === null && !/^\d{4}-\d{2}-\d{2}$/.test(value.trim());
  // An empty required date is missing, not malformed: the server's "not a valid date" would mislead.
  const missing = !!error && !!required && value.trim() === '';
  const message = missing
    ? t('ui:form.requiredEmpty', { field: label })
    : error || (bad ? t('ui:form.badDate', { value }) : undefined);
  return (
    <FieldFrame {...props} error={message} hint={props.hint ?? t('ui:form.dateHint')}>
      <input
        id={id}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        placeholder={t('ui:form.datePlaceholder')}
        className="date-input"
        value={value}
        required={required}
        aria-invalid={!!message}
        aria-describedby={described(id, message, t('ui:form.dateHint'))}
        onChange={(e) => onChange(e.target.value)}
      />
    </FieldFrame>
  );
}

/**
 * A number typed as people write it in the language on screen ("1.200", "2,5" in Vietnamese); the text is
 * kept as typed and read with useNumbers (src/web/ui/numbers.ts) when sent. Text that is not a number in this
 * language ("1.2.3") is named under the field, with the field's name and what was typed.
 */
export function NumberInput(props: FieldProps & { value: string; onChange(v: string): void; integer?: boolean }) {
  const { t } = useTranslation();
  const numbers = useNumbers();
  const { id, label, value, onChange, error, hint, required, integer } = props;
  const bad = numbers.read(value) === undefined;
  const message =
    error || (bad ? t('ui:form.badNumber', { field: label, value: value.trim(), example: 1200.5 }) : undefined);
  return (
    <FieldFrame {...props} error={message}>
      <input
        id={id}
        type="text"
        inputMode={integer ? 'numeric' : 'decimal'}
        autoComplete="off"
        value={value}
        required={required}
        aria-invalid={!!message}
        aria-describedby={described(id, message, hint)}
        onChange={(e) => onChange(e.target.value)}
      />
    </FieldFrame>
  );
}

export function CheckInput({
  id,
  label,
  checked,
  onChange,
}: {
  id: string;
  label: string;
  checked: boolean;
  onChange(v: boolean): void;
}) {
  return (
    <label className="check" htmlFor={id}>
      <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} /> {label}
    </label>
  );
}

/** The form's refusal: the API's message and the issues that belong to no field of the form. */
export function FormError({ error, fields }: { error: unknown; fields: readonly string[] }) {
  if (!error) return null;
  const message = error instanceof ApiError ? error.message : error instanceof Error ? error.message : String(error);
  const rest = otherIssues(error, fields);
  return (
    <div className="error-box" role="alert">
      <p>{message}</p>
      {rest.length > 0 && (
        <ul>
          {rest.map((i, n) => (
            <li key={n}>{i.message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * A form's submission: stops the browser's own, runs `action` with busy set and the last error cleared,
 * keeps what it throws (and hands it to `onError`) so that the form can show it under its fields.
 */
export function useFormSubmit(action: () => Promise<void>, onError?: (error: unknown) => void) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const running = useRef(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    // The submit button stays enabled while busy (disabling it would drop focus to <body>): a second press waits.
    if (running.current) return;
    running.current = true;
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(err);
      onError?.(err);
    } finally {
      running.current = false;
      setBusy(false);
    }
  };
  return { submit, error, issues: issuesByField(error), busy };
}

/** Takes the person to the first of the form's fields that the API named in `error`. */
export function focusFirstIssue(error: unknown, fields: readonly string[], idOf: (field: string) => string) {
  const issues = issuesByField(error);
  const first = fields.find((f) => issues[f]);
  if (first) setTimeout(() => document.getElementById(idOf(first))?.focus(), 0);
}

/** A form's submit button: "working" while the form is busy. */
export function SubmitButton({ busy, children }: { busy: boolean; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <button
      type="submit"
      className="btn-primary"
      aria-disabled={busy || undefined}
      onClick={(e) => {
        if (busy) e.preventDefault();
      }}
    >
      {busy ? t('common:working') : children}
    </button>
  );
}

/** A form's submit and cancel buttons. */
export function FormActions({
  busy,
  submitLabel,
  onCancel,
}: {
  busy: boolean;
  submitLabel: ReactNode;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  return (
    <div className="action-row">
      <SubmitButton busy={busy}>{submitLabel}</SubmitButton>
      <button type="button" className="btn-secondary" onClick={onCancel} disabled={busy}>
        {t('ui:form.cancel')}
      </button>
    </div>
  );
}

/** A filter's select in a toolbar; `all`, where given, is the choice of no filter (value ''). */
export function FilterSelect({
  id,
  label,
  value,
  onChange,
  all,
  options,
}: {
  id: string;
  label: string;
  value: string;
  onChange(v: string): void;
  all?: string;
  options: Array<{ value: string; label: string }>;
}) {
  return (
    <div className="field inline">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <Options options={options} empty={all} />
      </select>
    </div>
  );
}
