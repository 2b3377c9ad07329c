// Re-check (phúc tra) on the round page: the province draws a sample of recognised communes with a
// recorded seed (the same seed draws the same sample again), enters the values it found different,
// and sees each commune's decided total against the re-check total, item by item.
import { useMemo, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { parseLocaleNumber } from '../../../core/numbers.ts';
import { api, ApiError, messageOf } from '../../app/api.ts';
import { useFormat } from '../../app/format.ts';
import type { RuleSetDetail } from '../../app/types.ts';
import { Badge, ErrorBox, Loading, RecognizedBadge } from '../../app/ui.tsx';
import { useApi } from '../../app/useApi.ts';
import { useRuleSet } from './parts.tsx';

// The server's own answer (type-only import: nothing of the server is bundled).
export type { Recheck } from '../../../server/features/rechecks/contracts.ts';
import type { Recheck } from '../../../server/features/rechecks/contracts.ts';
import type { Groupings } from '../../../server/features/groups/contracts.ts';
export type RecheckEntry = Recheck['entries'][number];
export type RecheckDifference = RecheckEntry['differences'][number];

type Definition = RuleSetDetail['definition'];

export function RecheckPanel({
  roundId,
  ruleSetId,
  provinceId,
}: {
  roundId: number;
  ruleSetId: number;
  provinceId: number;
}) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const recheckId = /^\d+$/.test(params.get('recheck') ?? '') ? params.get('recheck') : null;
  const loaded = useApi<Recheck>(recheckId ? `/api/rechecks/${recheckId}` : null);
  const rs = useRuleSet(ruleSetId);
  const def = rs.data?.definition ?? null;
  const current = loaded.data && String(loaded.data.id) === recheckId ? loaded.data : null;

  return (
    <section className="actions-box recheck-panel" aria-labelledby="recheck-title">
      <h2 id="recheck-title">{t('rounds:recheck.title')}</h2>
      <p className="small muted">{t('rounds:recheck.hint')}</p>
      <DrawForm
        roundId={roundId}
        provinceId={provinceId}
        onDrawn={(r) => {
          loaded.setData(r);
          setParams(
            (p) => {
              const next = new URLSearchParams(p);
              next.set('recheck', String(r.id));
              return next;
            },
            { replace: false },
          );
        }}
      />
      {recheckId && loaded.error && <ErrorBox error={loaded.error} onRetry={loaded.reload} />}
      {recheckId && !loaded.error && !current && <Loading />}
      {current && <RecheckView recheck={current} def={def} onChange={loaded.setData} />}
    </section>
  );
}

function DrawForm({
  roundId,
  provinceId,
  onDrawn,
}: {
  roundId: number;
  provinceId: number;
  onDrawn(r: Recheck): void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  // A draw per group (one commune per former district, as the Tháp Mười plan re-checks) needs a grouping.
  const groupings = useApi<Groupings>(`/api/units/${provinceId}/groupings`);
  const names = groupings.data?.groupings.map((g) => g.grouping) ?? [];
  const [mode, setMode] = useState<'share' | 'groups'>('share');
  const [grouping, setGrouping] = useState('');
  const [perGroup, setPerGroup] = useState('1');
  const [percent, setPercent] = useState('20');
  const [seed, setSeed] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | string | null>(null);

  async function submit(ev: FormEvent) {
    ev.preventDefault();
    setError(null);
    const s = seed.trim() === '' ? undefined : Number(seed.trim());
    if (s !== undefined && (!Number.isInteger(s) || s < 0 || s > 2 ** 31 - 1))
      return setError(t('rounds:recheck.badSeed'));
    let body: Record<string, unknown>;
    if (mode === 'groups') {
      const chosen = grouping || names[0];
      if (!chosen) return setError(t('rounds:recheck.noGrouping'));
      const n = Number(perGroup.trim());
      if (!Number.isInteger(n) || n < 1 || n > 100) return setError(t('rounds:recheck.badPerGroup'));
      body = { grouping: chosen, perGroup: n };
    } else {
      const p = parseLocaleNumber(percent, f.locale);
      if (p === null || p <= 0 || p > 100) return setError(t('rounds:recheck.badShare'));
      body = { share: p / 100 };
    }
    if (s !== undefined) body.seed = s;
    setBusy(true);
    try {
      const r = await api<Recheck>(`/api/rounds/${roundId}/rechecks`, { method: 'POST', body });
      onDrawn(r);
    } catch (err) {
      setError(err instanceof ApiError ? err : messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="recheck-draw" onSubmit={(ev) => void submit(ev)}>
      <fieldset className="field">
        <legend>{t('rounds:recheck.mode')}</legend>
        <label>
          <input type="radio" name="recheck-mode" checked={mode === 'share'} onChange={() => setMode('share')} />{' '}
          {t('rounds:recheck.modeShare')}
        </label>{' '}
        <label>
          <input
            type="radio"
            name="recheck-mode"
            checked={mode === 'groups'}
            disabled={!names.length}
            onChange={() => setMode('groups')}
          />{' '}
          {t('rounds:recheck.modeGroups')}
        </label>
        {groupings.data && !names.length && <p className="small muted">{t('rounds:recheck.noGroupingHint')}</p>}
      </fieldset>
      <div className="form-grid">
        {mode === 'share' ? (
          <div className="field">
            <label htmlFor="recheck-share">{t('rounds:recheck.share')}</label>
            <input
              id="recheck-share"
              type="text"
              inputMode="decimal"
              autoComplete="off"
              value={percent}
              required
              onChange={(e) => setPercent(e.target.value)}
            />
          </div>
        ) : (
          <>
            <div className="field">
              <label htmlFor="recheck-grouping">{t('rounds:recheck.grouping')}</label>
              <select id="recheck-grouping" value={grouping || names[0]} onChange={(e) => setGrouping(e.target.value)}>
                {names.map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="recheck-per-group">{t('rounds:recheck.perGroup')}</label>
              <input
                id="recheck-per-group"
                type="number"
                inputMode="numeric"
                min={1}
                max={100}
                step={1}
                value={perGroup}
                required
                onChange={(e) => setPerGroup(e.target.value)}
              />
            </div>
          </>
        )}
        <div className="field">
          <label htmlFor="recheck-seed">{t('rounds:recheck.seed')}</label>
          <input
            id="recheck-seed"
            type="number"
            inputMode="numeric"
            min={0}
            step={1}
            value={seed}
            placeholder={t('rounds:recheck.seedPlaceholder')}
            onChange={(e) => setSeed(e.target.value)}
          />
        </div>
      </div>
      <ErrorBox error={error} />
      <button type="submit" className="btn-primary" disabled={busy}>
        {busy ? t('common:working') : t('rounds:recheck.draw')}
      </button>
    </form>
  );
}

function RecheckView({
  recheck,
  def,
  onChange,
}: {
  recheck: Recheck;
  def: Definition | null;
  onChange(r: Recheck): void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <div className="recheck-result" data-testid="recheck-result">
      <p className="notice">
        {t('rounds:recheck.seedLine', { seed: String(recheck.seed) })}
        <br />
        {recheck.grouping
          ? t('rounds:recheck.groupLine', {
              grouping: recheck.grouping,
              perGroup: recheck.perGroup,
              count: recheck.entries.length,
              when: f.dateTime(recheck.createdAt),
            })
          : t('rounds:recheck.shareLine', {
              share: f.num(recheck.share * 100, 0),
              count: recheck.entries.length,
              when: f.dateTime(recheck.createdAt),
            })}
      </p>
      {recheck.entries.length === 0 ? (
        <p className="muted">{t('rounds:recheck.empty')}</p>
      ) : (
        <>
          <table className="table responsive recheck-table">
            <thead>
              <tr>
                <th scope="col">{t('rounds:round.commune')}</th>
                {recheck.grouping && <th scope="col">{t('rounds:recheck.group')}</th>}
                <th scope="col" className="num">
                  {t('rounds:recheck.decidedTotal')}
                </th>
                <th scope="col" className="num">
                  {t('rounds:recheck.recheckTotal')}
                </th>
                <th scope="col">{t('rounds:recheck.result')}</th>
              </tr>
            </thead>
            <tbody>
              {recheck.entries.map((e) => (
                <tr key={e.entryId}>
                  <td data-label={t('rounds:round.commune')}>
                    {e.name} <span className="code">{e.code}</span>
                  </td>
                  {recheck.grouping && (
                    <td data-label={t('rounds:recheck.group')}>{e.group || t('rounds:recheck.noGroup')}</td>
                  )}
                  <td data-label={t('rounds:recheck.decidedTotal')} className="num">
                    {e.decidedTotal === null ? '—' : f.num(e.decidedTotal)}
                  </td>
                  <td data-label={t('rounds:recheck.recheckTotal')} className="num">
                    {e.recheckTotal === null ? '—' : f.num(e.recheckTotal)}
                  </td>
                  <td data-label={t('rounds:recheck.result')}>
                    {e.recheckRecognized === null ? (
                      <span className="muted small">{t('rounds:recheck.notChecked')}</span>
                    ) : (
                      <RecognizedBadge recognized={e.recheckRecognized} />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {recheck.entries.map((e) => (
            <RecheckEntryCard
              key={`${e.entryId}-${e.checkedAt ?? ''}`}
              recheckId={recheck.id}
              entry={e}
              def={def}
              onChange={onChange}
            />
          ))}
        </>
      )}
    </div>
  );
}

interface Row {
  code: string;
  value: string;
}

function RecheckEntryCard({
  recheckId,
  entry,
  def,
  onChange,
}: {
  recheckId: number;
  entry: RecheckEntry;
  def: Definition | null;
  onChange(r: Recheck): void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const [rows, setRows] = useState<Row[]>([
    { code: '', value: '' },
    { code: '', value: '' },
  ]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | string | null>(null);
  const inputs = useMemo(() => new Map((def?.inputs ?? []).map((i) => [i.code, i])), [def]);
  const itemTitles = useMemo(
    () => new Map((def?.criteria ?? []).flatMap((c) => c.items.map((i) => [i.code, f.text(i.title)] as const))),
    [def, f],
  );
  const listId = `recheck-inputs-${entry.entryId}`;
  const titleId = `recheck-entry-${entry.entryId}`;

  const setRow = (n: number, patch: Partial<Row>) =>
    setRows((rs) => rs.map((r, i) => (i === n ? { ...r, ...patch } : r)));

  async function submit(ev: FormEvent) {
    ev.preventDefault();
    setError(null);
    const values: Record<string, number | boolean> = {};
    for (const r of rows) {
      const code = r.code.trim();
      if (!code && !r.value.trim()) continue;
      if (!code) return setError(t('rounds:recheck.codeRequired'));
      if (def && !inputs.has(code)) return setError(t('rounds:recheck.unknownCode', { code }));
      const v = r.value.trim();
      if (inputs.get(code)?.kind === 'flag') {
        if (v !== 'true' && v !== 'false') return setError(t('rounds:recheck.badValue', { code }));
        values[code] = v === 'true';
      } else {
        const n = parseLocaleNumber(v, f.locale);
        if (n === null || n < 0) return setError(t('rounds:recheck.badValue', { code }));
        values[code] = n;
      }
    }
    if (Object.keys(values).length === 0) return setError(t('rounds:recheck.noValues'));
    setBusy(true);
    try {
      onChange(
        await api<Recheck>(`/api/rechecks/${recheckId}/entries/${entry.entryId}`, { method: 'PUT', body: { values } }),
      );
    } catch (err) {
      setError(err instanceof ApiError ? err : messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card recheck-entry" aria-labelledby={titleId}>
      <h3 id={titleId} className="card-title">
        {entry.name} <span className="code">{entry.code}</span>
      </h3>
      <p className="small">
        {t('rounds:recheck.totals', {
          decided: entry.decidedTotal === null ? '—' : f.num(entry.decidedTotal),
          recheck: entry.recheckTotal === null ? '—' : f.num(entry.recheckTotal),
        })}
        {entry.checkedAt && (
          <span className="muted"> · {t('rounds:recheck.checkedAt', { when: f.dateTime(entry.checkedAt) })}</span>
        )}
      </p>
      <form onSubmit={(ev) => void submit(ev)} aria-label={t('rounds:recheck.formLabel', { name: entry.name })}>
        <p className="small muted">{t('rounds:recheck.formHint')}</p>
        <datalist id={listId}>
          {(def?.inputs ?? []).map((i) => (
            <option key={i.code} value={i.code}>
              {f.text(i.label)}
            </option>
          ))}
        </datalist>
        {rows.map((r, n) => {
          const kind = inputs.get(r.code.trim())?.kind;
          return (
            <div key={n} className="form-grid recheck-row">
              <div className="field">
                <label htmlFor={`${listId}-code-${n}`}>{t('rounds:recheck.inputCode', { n: n + 1 })}</label>
                <input
                  id={`${listId}-code-${n}`}
                  type="text"
                  list={listId}
                  value={r.code}
                  maxLength={64}
                  autoComplete="off"
                  onChange={(e) => setRow(n, { code: e.target.value })}
                />
                {kind && <span className="small muted">{f.text(inputs.get(r.code.trim())!.label)}</span>}
              </div>
              <div className="field">
                <label htmlFor={`${listId}-value-${n}`}>{t('rounds:recheck.inputValue', { n: n + 1 })}</label>
                {kind === 'flag' ? (
                  <select
                    id={`${listId}-value-${n}`}
                    value={r.value}
                    onChange={(e) => setRow(n, { value: e.target.value })}
                  >
                    <option value="">—</option>
                    <option value="true">{t('assessments:value.yes')}</option>
                    <option value="false">{t('assessments:value.no')}</option>
                  </select>
                ) : (
                  <input
                    id={`${listId}-value-${n}`}
                    type="text"
                    inputMode="decimal"
                    value={r.value}
                    onChange={(e) => setRow(n, { value: e.target.value })}
                  />
                )}
              </div>
            </div>
          );
        })}
        <ErrorBox error={error} />
        <div className="action-row">
          <button
            type="button"
            className="btn-secondary"
            onClick={() => setRows((rs) => [...rs, { code: '', value: '' }])}
            disabled={busy || rows.length >= 20}
          >
            {t('rounds:recheck.addRow')}
          </button>
          <button type="submit" className="btn-primary" disabled={busy}>
            {busy ? t('common:working') : t('rounds:recheck.save')}
          </button>
        </div>
      </form>
      {entry.checkedAt &&
        (entry.differences.length === 0 ? (
          <p className="ok-text small">{t('rounds:recheck.noDifferences')}</p>
        ) : (
          <table
            className="table responsive recheck-differences"
            aria-label={t('rounds:recheck.differencesLabel', { name: entry.name })}
          >
            <thead>
              <tr>
                <th scope="col">{t('rounds:recheck.item')}</th>
                <th scope="col" className="num">
                  {t('rounds:recheck.before')}
                </th>
                <th scope="col" className="num">
                  {t('rounds:recheck.after')}
                </th>
                <th scope="col" className="num">
                  {t('rounds:recheck.delta')}
                </th>
              </tr>
            </thead>
            <tbody>
              {entry.differences.map((d) => (
                <tr key={d.item} className={d.delta < 0 ? 'recheck-loss' : undefined} data-delta={d.delta}>
                  <td data-label={t('rounds:recheck.item')}>
                    <span className="code">{d.item}</span>{' '}
                    <span className="small muted">{itemTitles.get(d.item) ?? ''}</span>
                  </td>
                  <td data-label={t('rounds:recheck.before')} className="num">
                    {f.num(d.before)}
                  </td>
                  <td data-label={t('rounds:recheck.after')} className="num">
                    {f.num(d.after)}
                  </td>
                  <td data-label={t('rounds:recheck.delta')} className={`num${d.delta < 0 ? ' returned-text' : ''}`}>
                    {d.delta < 0 ? <Badge tone="bad">{`−${f.num(-d.delta)}`}</Badge> : `+${f.num(d.delta)}`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </section>
  );
}
