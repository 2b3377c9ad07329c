// Small pieces shared by the register pages: who may do what, the register's sub-navigation, form
// fields that show the API's issue for their field, dates typed dd/mm/yyyy, form submission, facts,
// list tables and their loading states, filters kept in the address, uploads and job polling.
import { useEffect, useState, type FormEvent, type Key, type ReactNode } from 'react';
import { Link, NavLink, useParams, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError, api, type ApiIssue } from '../../app/api.ts';
import { useAuth } from '../../app/auth.tsx';
import { i18n } from '../../app/i18n.ts';
import { ErrorBox, Loading } from '../../app/ui.tsx';
import type { Loaded } from '../../app/useApi.ts';
import { parseDay, showDay } from '../rounds/DateField.tsx';
import type { Job, RegisterAccess } from './types.ts';
import './register.css';

export { parseDay, showDay };

export const registerPath = (unitId: number | string) => `/register/${unitId}`;
export const registerApi = (unitId: number | string) => `/api/communes/${encodeURIComponent(String(unitId))}/register`;

/** The register access the logged-in person has to a commune, as the server grants it. */
export function useRegisterAccess(unitId: number): RegisterAccess | null {
  const { user } = useAuth();
  const roles = (user?.roles ?? []).filter((r) => r.unitId === unitId).map((r) => r.role);
  if (roles.includes('commune_chairman')) return 'chairman';
  if (roles.includes('commune_officer')) return 'officer';
  if (roles.includes('collaborator')) return 'collaborator';
  return null;
}

/** The commune of the route's `:unitId` and the person's register access to it (null where the id names no commune). */
export function useRegisterUnit(): { unitId: number; access: RegisterAccess | null } {
  const { unitId: raw } = useParams();
  const unitId = Number(raw);
  const access = useRegisterAccess(unitId);
  return { unitId, access: Number.isInteger(unitId) && unitId > 0 ? access : null };
}

/** The register's own links: list, import, export, cases, read log (each for whom it is meant). */
export function RegisterNav({ unitId, access }: { unitId: number; access: RegisterAccess | null }) {
  const { t } = useTranslation();
  const base = registerPath(unitId);
  const identifiable = access === 'officer' || access === 'chairman';
  return (
    <nav className="register-nav" aria-label={t('registerUi:nav.label')}>
      <NavLink to={base} end>
        {t('registerUi:nav.children')}
      </NavLink>
      {identifiable && <NavLink to={`${base}/cases`}>{t('registerUi:nav.cases')}</NavLink>}
      {identifiable && <NavLink to={`${base}/import`}>{t('registerUi:nav.import')}</NavLink>}
      {identifiable && (
        <a href={`${registerApi(unitId)}/export.xlsx`} download>
          {t('registerUi:nav.export')}
        </a>
      )}
      {access === 'chairman' && <NavLink to={`${base}/access-log`}>{t('registerUi:nav.accessLog')}</NavLink>}
    </nav>
  );
}

/** A notice for a person without register access to this commune (the server would refuse anyway). */
export function NoAccess() {
  const { t } = useTranslation();
  return (
    <section className="page">
      <p className="error-box" role="alert">
        {t('registerUi:noAccess')}
      </p>
    </section>
  );
}

export function BackLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <p className="small">
      <Link to={to}>← {children}</Link>
    </p>
  );
}

/** The API's issues by field name ("birthDate", "values.x" → last part). */
export function issuesByField(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(error instanceof ApiError)) return out;
  for (const issue of error.issues) {
    const field = String(issue.field ?? '').split('.').pop() ?? '';
    out[field] = out[field] ? `${out[field]}\n${issue.message}` : issue.message;
  }
  return out;
}

/** Issues whose field is not one of the form's: shown with the form's message. */
export function otherIssues(error: unknown, fields: readonly string[]): ApiIssue[] {
  if (!(error instanceof ApiError)) return [];
  return error.issues.filter((i) => !fields.includes(String(i.field ?? '').split('.').pop() ?? ''));
}

/** A date typed dd/mm/yyyy as the API's yyyy-mm-dd; text that is not a date goes as typed so that the API names it. */
export function dayForApi(text: string): string | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(trimmed)) return trimmed;
  return parseDay(trimmed) ?? trimmed;
}

export const todayIso = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};
/** Today as typed in a date field (dd/mm/yyyy). */
export const todayText = () => showDay(todayIso());

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
          <span className="required-mark" aria-label={t('registerUi:form.required')} title={t('registerUi:form.required')}>
            {' '}
            *
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

const described = (id: string, error?: string, hint?: string) => (error ? `${id}-error` : hint ? `${id}-hint` : undefined);

export function TextInput(
  props: FieldProps & { value: string; onChange(v: string): void; type?: string; inputMode?: 'numeric' | 'decimal' | 'text'; maxLength?: number; list?: string; autoComplete?: string },
) {
  const { id, value, onChange, type = 'text', inputMode, maxLength, list, error, hint, required, autoComplete = 'off' } = props;
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

export function TextArea(props: FieldProps & { value: string; onChange(v: string): void; rows?: number; maxLength?: number }) {
  const { id, value, onChange, rows = 3, maxLength, error, hint } = props;
  return (
    <FieldFrame {...props}>
      <textarea id={id} className="prose" rows={rows} value={value} maxLength={maxLength} aria-invalid={!!error} aria-describedby={described(id, error, hint)} onChange={(e) => onChange(e.target.value)} />
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

export function SelectInput(props: FieldProps & { value: string; onChange(v: string): void; options: Array<{ value: string; label: string }>; empty?: string }) {
  const { id, value, onChange, options, empty, error, hint, required } = props;
  return (
    <FieldFrame {...props}>
      <select id={id} value={value} required={required} aria-invalid={!!error} aria-describedby={described(id, error, hint)} onChange={(e) => onChange(e.target.value)}>
        <Options options={options} empty={empty} />
      </select>
    </FieldFrame>
  );
}

/** A date typed as on paper (dd/mm/yyyy); the text is kept as typed and converted when sent. */
export function DateInput(props: FieldProps & { value: string; onChange(v: string): void }) {
  const { t } = useTranslation();
  const { id, value, onChange, error, required } = props;
  const bad = value.trim() !== '' && parseDay(value) === null && !/^\d{4}-\d{2}-\d{2}$/.test(value.trim());
  const message = error || (bad ? t('registerUi:form.badDate', { value }) : undefined);
  return (
    <FieldFrame {...props} error={message} hint={props.hint ?? t('registerUi:form.dateHint')}>
      <input
        id={id}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        placeholder={t('registerUi:form.datePlaceholder')}
        className="date-input"
        value={value}
        required={required}
        aria-invalid={!!message}
        aria-describedby={described(id, message, t('registerUi:form.dateHint'))}
        onChange={(e) => onChange(e.target.value)}
      />
    </FieldFrame>
  );
}

export function CheckInput({ id, label, checked, onChange }: { id: string; label: string; checked: boolean; onChange(v: boolean): void }) {
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
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(err);
      onError?.(err);
    } finally {
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
    <button type="submit" className="btn-primary" disabled={busy}>
      {busy ? t('common:working') : children}
    </button>
  );
}

/** A form's submit and cancel buttons. */
export function FormActions({ busy, submitLabel, onCancel }: { busy: boolean; submitLabel: ReactNode; onCancel(): void }) {
  const { t } = useTranslation();
  return (
    <div className="action-row">
      <SubmitButton busy={busy}>{submitLabel}</SubmitButton>
      <button type="button" className="btn-secondary" onClick={onCancel} disabled={busy}>
        {t('registerUi:form.cancel')}
      </button>
    </div>
  );
}

/** A filter's select in a toolbar; `all`, where given, is the choice of no filter (value ''). */
export function FilterSelect({ id, label, value, onChange, all, options }: { id: string; label: string; value: string; onChange(v: string): void; all?: string; options: Array<{ value: string; label: string }> }) {
  return (
    <div className="field inline">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <Options options={options} empty={all} />
      </select>
    </div>
  );
}

/** One term and its value in a `dl.facts` or `dl.count-list`. */
export function Fact({ term, children, className, testId }: { term: ReactNode; children: ReactNode; className?: string; testId?: string }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd className={className} data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

/** The address's search parameters and a change of some of them (a value of null or '' removes one). */
export function useSearchUpdate() {
  const [params, setParams] = useSearchParams();
  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };
  return [params, update] as const;
}

/** A list's loading states: the error with a retry, the spinner, the empty line, then the list itself. */
export function ListResource<T>({ loaded, isEmpty, empty, children }: { loaded: Loaded<T>; isEmpty(data: T): boolean; empty: ReactNode; children(data: T): ReactNode }) {
  if (loaded.error) return <ErrorBox error={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data) return <Loading />;
  if (isEmpty(loaded.data)) return <p role="status">{empty}</p>;
  return <>{children(loaded.data)}</>;
}

export interface Column<T> {
  label: string;
  cell(row: T): ReactNode;
  className?: string;
}

/** A responsive table: each cell carries its column's label (data-label) for the narrow layout. */
export function DataTable<T>({ rows, columns, rowKey, rowClassName, testId }: { rows: readonly T[]; columns: ReadonlyArray<Column<T>>; rowKey(row: T, index: number): Key; rowClassName?(row: T): string | undefined; testId?: string }) {
  return (
    <table className="table responsive" data-testid={testId}>
      <thead>
        <tr>
          {columns.map((c, n) => (
            <th key={n} scope="col">
              {c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, i) => (
          <tr key={rowKey(row, i)} className={rowClassName?.(row)}>
            {columns.map((c, n) => (
              <td key={n} data-label={c.label} className={c.className}>
                {c.cell(row)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Sends a file as multipart/form-data (field `file`); errors as ApiError, like api(). */
export async function uploadFile<T>(path: string, file: File, headers: Record<string, string> = {}): Promise<T> {
  const form = new FormData();
  form.append('file', file, file.name);
  let response: Response;
  try {
    response = await fetch(path, { method: 'POST', body: form, credentials: 'same-origin', headers: { Accept: 'application/json', ...headers } });
  } catch {
    throw new ApiError(0, 'network', i18n.t('common:error.network'));
  }
  const text = await response.text().catch(() => '');
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (response.ok) return json as T;
  const error = (json as { error?: { code?: string; message?: string; issues?: ApiIssue[] } } | undefined)?.error;
  throw new ApiError(response.status, error?.code ?? `http_${response.status}`, error?.message || i18n.t('common:error.http', { status: response.status }), Array.isArray(error?.issues) ? error.issues : []);
}

export const POLL_MS = 500;

/** Follows a background job every ~500 ms until it is done or failed; null while there is no job. */
export function useJob<R>(jobId: string | null): { job: Job<R> | null; error: ApiError | null } {
  // Each answer is kept with the job it belongs to, so that a previous job's answer is never taken for the current one.
  const [state, setState] = useState<{ for: string; job: Job<R> | null; error: ApiError | null } | null>(null);
  useEffect(() => {
    if (!jobId) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const controller = new AbortController();
    const poll = async () => {
      try {
        const next = await api<Job<R>>(`/api/register/jobs/${encodeURIComponent(jobId)}`, { signal: controller.signal });
        if (controller.signal.aborted) return;
        setState({ for: jobId, job: next, error: null });
        if (next.status === 'running') timer = setTimeout(() => void poll(), POLL_MS);
      } catch (e) {
        if (controller.signal.aborted) return;
        setState({ for: jobId, job: null, error: e instanceof ApiError ? e : new ApiError(0, 'unexpected', String(e)) });
      }
    };
    void poll();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [jobId]);
  const current = state && state.for === jobId ? state : null;
  return { job: current?.job ?? null, error: current?.error ?? null };
}

/** The message of a failed job, whatever shape the server gave it. */
export function jobErrorText(job: Job<unknown>): string {
  const e = job.error;
  if (!e) return '';
  return typeof e === 'string' ? e : e.message;
}

/** A progress bar with the phase and done/total, announced politely. */
export function JobProgress({ job, label }: { job: Job<unknown> | null; label: string }) {
  const { t } = useTranslation();
  const phase = job?.phase ? t(`registerUi:import.phase.${job.phase}`, { defaultValue: job.phase }) : t('registerUi:import.phase.starting');
  const total = job?.total ?? 0;
  const done = job?.done ?? 0;
  return (
    <div className="job-progress" role="status" aria-live="polite" data-testid="job-progress">
      <p className="small">
        <strong>{label}</strong> — {phase}
        {total > 0 && <> · {t('registerUi:import.doneOfTotal', { done, total })}</>}
      </p>
      <progress max={total > 0 ? total : undefined} value={total > 0 ? done : undefined} aria-label={label}>
        {total > 0 ? `${done}/${total}` : ''}
      </progress>
    </div>
  );
}
