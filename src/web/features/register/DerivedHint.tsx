// The register's count beside an input of the assessment form: "Từ sổ theo dõi: N", a badge when the
// stored value came from the register, the records behind the count, and a button that adopts it.
// Typing stays possible: when the typed value differs, both are shown and the officer decides.
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, messageOf } from '../../app/api.ts';
import { useFormat } from '../../app/format.ts';
import { Badge, ErrorBox, Loading } from '../../app/ui.tsx';
import { useApi } from '../../app/useApi.ts';
import { registerApi, registerPath } from './parts.tsx';
import type { DerivedBody, DerivedInput, DerivedRecords } from './types.ts';
import './register.css';

export type { DerivedInput };

export interface DerivedState {
  body: DerivedBody;
  /** Inputs the register gives a count for, by code. */
  byCode: Map<string, DerivedInput>;
}

/**
 * The register's counts for the assessment of a commune and period, for those who may see them
 * (officer, chairman). Any refusal (a 403 for the others) or error means: show nothing.
 */
export function useDerived(unitId: number, periodId: number, enabled: boolean): DerivedState | null {
  const [state, setState] = useState<DerivedState | null>(null);
  useEffect(() => {
    setState(null);
    if (!enabled) return;
    const controller = new AbortController();
    api<DerivedBody>(`${registerApi(unitId)}/derived?periodId=${encodeURIComponent(String(periodId))}`, {
      signal: controller.signal,
    })
      .then((body) => {
        if (controller.signal.aborted) return;
        const byCode = new Map(body.inputs.filter((i) => i.computed !== null).map((i) => [i.code, i]));
        setState({ body, byCode });
      })
      .catch(() => {
        if (!controller.signal.aborted) setState(null);
      });
    return () => controller.abort();
  }, [unitId, periodId, enabled]);
  return state;
}

/** The line under the form's title: the date the counts are taken at, with a link to the register. */
export function DerivedNotice({ unitId, state }: { unitId: number; state: DerivedState | null }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (!state) return null;
  if (!state.body.hasRegister)
    return (
      <p className="small muted">
        {t('registerUi:derived.noRegister')}{' '}
        <Link to={`${registerPath(unitId)}/import`}>{t('registerUi:derived.toImport')}</Link>
      </p>
    );
  return (
    <p className="small muted" data-testid="derived-notice">
      {t('registerUi:derived.notice', { date: f.date(state.body.period.endsOn) })}{' '}
      <Link to={registerPath(unitId)}>{t('registerUi:derived.toRegister')}</Link>
    </p>
  );
}

export interface DerivedHintProps {
  unitId: number;
  periodId: number;
  derived: DerivedInput;
  /** What the field holds now: a number, text that is not one, or nothing. */
  current: number | string | boolean | null;
  origin: 'manual' | 'register' | 'survey' | 'forum' | undefined;
  readOnly: boolean;
  onAdopt(code: string): Promise<void>;
}

export function DerivedHint({ unitId, periodId, derived, current, origin, readOnly, onAdopt }: DerivedHintProps) {
  const { t } = useTranslation();
  const f = useFormat();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const computed = derived.computed ?? 0;
  const code = derived.code;
  const typed = typeof current === 'number' || typeof current === 'boolean' ? current : null;
  const differs = typed !== null && typed !== computed;
  const inUse = typed === computed && origin === derived.origin;
  const show = (v: number | boolean) =>
    typeof v === 'boolean' ? t(v ? 'registerUi:derived.yes' : 'registerUi:derived.no') : f.num(v);
  // Only the register's counts have records behind them; surveys are anonymous.
  const hasRecords = derived.origin === 'register';
  const boxId = `derived-${code}`;

  const adopt = useCallback(async () => {
    setBusy(true);
    setError(null);
    try {
      await onAdopt(code);
    } catch (e) {
      setError(messageOf(e) || t('common:error.unexpected'));
    } finally {
      setBusy(false);
    }
  }, [onAdopt, code, t]);

  return (
    <div className="derived-box" data-testid={boxId} id={boxId}>
      <div className="derived-line">
        <span>
          {t(`registerUi:derived.from.${derived.origin}`)} <strong className="derived-value">{show(computed)}</strong>
        </span>
        {origin === derived.origin && typed !== null && (
          <Badge tone="info">{t(`registerUi:derived.adopted.${derived.origin}`)}</Badge>
        )}
        {hasRecords && (
          <button
            type="button"
            className="btn-link"
            aria-expanded={open}
            aria-controls={`${boxId}-records`}
            onClick={() => setOpen((o) => !o)}
          >
            {t('registerUi:derived.records')}
          </button>
        )}
        {!readOnly && !inUse && (
          <button type="button" className="btn-secondary btn-small" disabled={busy} onClick={() => void adopt()}>
            {busy ? t('common:working') : t('registerUi:derived.adopt')}
          </button>
        )}
      </div>
      {differs && (
        <p className="derived-differs" role="note">
          ⚠ {t(`registerUi:derived.differsFrom.${derived.origin}`, { typed: show(typed), computed: show(computed) })}
        </p>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {open && hasRecords && (
        <div className="derived-records" id={`${boxId}-records`}>
          <RecordsList unitId={unitId} periodId={periodId} code={code} />
        </div>
      )}
    </div>
  );
}

function RecordsList({ unitId, periodId, code }: { unitId: number; periodId: number; code: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const records = useApi<DerivedRecords>(
    `${registerApi(unitId)}/derived/${encodeURIComponent(code)}/records?periodId=${encodeURIComponent(String(periodId))}`,
  );
  if (records.error) return <ErrorBox error={records.error} onRetry={records.reload} />;
  if (!records.data) return <Loading />;
  const data = records.data;
  const shown = data.records;
  return (
    <>
      <p className="small">{t('registerUi:derived.recordsCount', { count: data.count })}</p>
      {data.count === 0 && <p className="small muted">{t('registerUi:derived.noRecords')}</p>}
      {shown.length > 0 && (
        <ul className="plain-list small">
          {shown.map((r, n) =>
            r.kind === 'village' ? (
              <li key={`v${r.id}`}>{r.name}</li>
            ) : (
              <li key={`c${r.id}-${n}`}>
                <Link to={`${registerPath(unitId)}/children/${r.id}`}>{r.fullName}</Link>{' '}
                <span className="code">{r.code}</span>{' '}
                <span className="muted">
                  {f.date(r.birthDate)} · {r.village}
                </span>
              </li>
            ),
          )}
        </ul>
      )}
      {/* The records listed are those the viewer may see; the count is the exact figure scored. */}
      {data.count > data.records.length && (
        <p className="small muted">
          {t('registerUi:derived.shownOf', { shown: data.records.length, count: data.count })}
        </p>
      )}
    </>
  );
}
