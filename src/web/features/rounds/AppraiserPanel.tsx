// The commune's total and the appraiser's side by side; the appraiser may keep his own corrected
// values (scored by the server) beside the commune's, without touching them.
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { RuleSetDefinition } from '../../../core/rule-sets/schema.ts';
import { api, ApiError, messageOf } from '../../app/api.ts';
import { useFormat } from '../../app/format.ts';
import { ErrorBox, ProvisionalBadge, RecognizedBadge } from '../../app/ui.tsx';
import { parseCount } from '../assessments/formLogic.ts';
import { isSuppressed } from '../../../core/privacy/disclosure.ts';
import { useShowValue } from './parts.tsx';
import type { EntryView } from './types.ts';

export function TotalsSideBySide({ view }: { view: EntryView }) {
  const { t } = useTranslation();
  const f = useFormat();
  const commune = view.lastSubmission?.result;
  if (!commune) return null;
  const appraiser = view.appraiser?.result ?? null;
  return (
    <div className="totals" role="group" aria-label={t('rounds:totals.label')}>
      <div className="total-box">
        <p className="total-caption">{t('rounds:totals.commune', { number: view.entry.submissions })}</p>
        <p className="total-value" data-testid="commune-total">
          <span className="total-number">{f.num(commune.total)}</span>
          <span className="total-max"> / {f.num(commune.maxTotal)}</span>
        </p>
        <p className="badges">
          <RecognizedBadge recognized={commune.recognized} />
          {commune.provisional && <ProvisionalBadge />}
        </p>
      </div>
      <div className={`total-box${appraiser ? ' total-appraiser' : ''}`}>
        <p className="total-caption">{t('rounds:totals.appraiser')}</p>
        {appraiser ? (
          <>
            <p className="total-value" data-testid="appraiser-total">
              <span className="total-number">{f.num(appraiser.total)}</span>
              <span className="total-max"> / {f.num(appraiser.maxTotal)}</span>
            </p>
            <p className="badges">
              <RecognizedBadge recognized={appraiser.recognized} />
            </p>
          </>
        ) : (
          <p className="muted small">{t('rounds:totals.sameAsCommune')}</p>
        )}
      </div>
      <p className="small muted totals-threshold">
        {t('rounds:totals.threshold', { threshold: f.num(commune.threshold) })}
      </p>
    </div>
  );
}

export function AppraiserValuesForm({
  view,
  def,
  onSaved,
}: {
  view: EntryView;
  def: RuleSetDefinition | null;
  onSaved(next: EntryView): void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const show = useShowValue();
  const [values, setValues] = useState<Record<string, number | boolean>>(() => {
    const out: Record<string, number | boolean> = {};
    for (const [k, v] of Object.entries(view.appraiser?.values ?? {})) if (v !== null && !isSuppressed(v)) out[k] = v;
    return out;
  });
  const [code, setCode] = useState('');
  const [text, setText] = useState('');
  const [flag, setFlag] = useState<'true' | 'false'>('true');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | string | null>(null);
  const [saved, setSaved] = useState(false);
  const inputs = useMemo(() => def?.inputs ?? [], [def]);
  const input = inputs.find((i) => i.code === code);
  const communeValue = (c: string) => view.lastSubmission?.values[c] ?? null;

  function add(ev: FormEvent) {
    ev.preventDefault();
    setError(null);
    if (!input) return setError(t('rounds:appraiser.chooseInput'));
    let value: number | boolean;
    if (input.kind === 'flag') value = flag === 'true';
    else {
      const n = parseCount(text, f.locale);
      if (typeof n !== 'number') return setError(t('rounds:appraiser.notANumber', { value: text }));
      value = n;
    }
    setValues((v) => ({ ...v, [input.code]: value }));
    setSaved(false);
    setText('');
  }

  async function save() {
    setError(null);
    setBusy(true);
    try {
      const next = await api<EntryView>(`/api/round-entries/${view.entry.id}/appraiser-values`, {
        method: 'PUT',
        body: { values },
      });
      setSaved(true);
      onSaved(next);
    } catch (err) {
      setError(err instanceof ApiError ? err : messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  const entries = Object.entries(values);
  return (
    <section className="card" aria-labelledby="appraiser-title">
      <h2 id="appraiser-title" className="card-title">
        {t('rounds:appraiser.title')}
      </h2>
      <p className="small muted">{t('rounds:appraiser.hint')}</p>
      {entries.length > 0 && (
        <ul className="plain-list">
          {entries.map(([c, v]) => (
            <li key={c}>
              {f.text(inputs.find((i) => i.code === c)?.label) || c} <span className="code">{c}</span>:{' '}
              {show(communeValue(c))} → <strong>{show(v)}</strong>{' '}
              <button
                type="button"
                className="btn-link"
                onClick={() => {
                  setSaved(false);
                  setValues((all) => Object.fromEntries(Object.entries(all).filter(([k]) => k !== c)));
                }}
              >
                {t('rounds:appraiser.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="appraiser-add" onSubmit={add}>
        <div className="field">
          <label htmlFor="appraiser-input">{t('rounds:appraiser.input')}</label>
          <select id="appraiser-input" value={code} onChange={(e) => setCode(e.target.value)}>
            <option value="">{t('rounds:appraiser.chooseInput')}</option>
            {inputs.map((i) => (
              <option key={i.code} value={i.code}>
                {i.code} — {f.text(i.label)}
              </option>
            ))}
          </select>
        </div>
        {input && (
          <p className="small muted">{t('rounds:appraiser.communeValue', { value: show(communeValue(input.code)) })}</p>
        )}
        {input?.kind === 'flag' ? (
          <div className="field">
            <label htmlFor="appraiser-flag">{t('rounds:appraiser.value')}</label>
            <select id="appraiser-flag" value={flag} onChange={(e) => setFlag(e.target.value as 'true' | 'false')}>
              <option value="true">{t('assessments:value.yes')}</option>
              <option value="false">{t('assessments:value.no')}</option>
            </select>
          </div>
        ) : (
          <div className="field">
            <label htmlFor="appraiser-value">{t('rounds:appraiser.value')}</label>
            <input
              id="appraiser-value"
              type="text"
              inputMode="numeric"
              className="count-input"
              value={text}
              onChange={(e) => setText(e.target.value)}
              disabled={!input}
            />
          </div>
        )}
        <button type="submit" className="btn-secondary" disabled={!input}>
          {t('rounds:appraiser.add')}
        </button>
      </form>
      <ErrorBox error={error} />
      <div className="action-row">
        <button type="button" className="btn-primary" onClick={() => void save()} disabled={busy}>
          {busy ? t('common:saving') : t('rounds:appraiser.save')}
        </button>
        {saved && (
          <span className="state-saved" role="status">
            {t('common:saved')}
          </span>
        )}
      </div>
    </section>
  );
}
