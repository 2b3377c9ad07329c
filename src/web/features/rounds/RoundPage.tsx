// One round: its calendar (due / past), who appraises and who signs, every commune's dossier, the .ics
// calendar; the signer selects appraised communes and records the recognition decision, once confirmed in a
// dialog that sums it up (communes, number, date, signer) and links to its draft (DỰ THẢO) to read first.
import { useMemo, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, ApiError, messageOf } from '../../app/api.ts';
import { useAuth } from '../../app/auth.tsx';
import { useFormat } from '../../app/format.ts';
import { Badge, ErrorBox, Loading } from '../../app/ui.tsx';
import { useApi } from '../../app/useApi.ts';
import { DateField } from './DateField.tsx';
import { DueDate, StateBadge } from './parts.tsx';
import { showDay, todayIso } from '../../ui/dates.ts';
import { ConfirmDialog, SummaryList } from '../../ui/confirm.tsx';
import {
  decisionIssues,
  DECISION_NUMBER_MAX,
  SIGNER_MAX,
  type DecisionField,
} from '../../../core/workflow/decision.ts';
import { RecheckPanel } from './RecheckPanel.tsx';
import { IssuerGroupField, REFORM_DAY } from '../groups/IssuerGroupField.tsx';
import { RoundForm } from './RoundForm.tsx';
import { docs, ENTRY_STATE_LIST, type Decision, type RoundDetail, type RoundRow } from './types.ts';

export default function RoundPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const { id } = useParams();
  const { user } = useAuth();
  const detail = useApi<RoundDetail>(`/api/rounds/${encodeURIComponent(id ?? '')}`);
  const decisions = useApi<{ items: Decision[] }>(`/api/rounds/${encodeURIComponent(id ?? '')}/decisions`);
  const [editing, setEditing] = useState(false);
  const [stateFilter, setStateFilter] = useState('');
  const [search, setSearch] = useState('');
  const [selected, setSelected] = useState<Set<number>>(new Set());

  const d = detail.data;
  // As on the server: the province's own officials; the administrator configures, signs and re-checks nothing.
  const mayConfigure =
    !!d && !!user?.roles.some((r) => r.role === 'province_official' && r.unitId === d.round.provinceId);
  const signer = !!d && !!user?.roles.some((r) => r.role === 'signer' && r.unitId === d.round.provinceId);
  const mayRecheck =
    !!d &&
    !!user?.roles.some(
      (r) => (r.role === 'province_official' || r.role === 'appraiser') && r.unitId === d.round.provinceId,
    );
  const shown = useMemo(() => {
    const q = search.trim().toLocaleLowerCase('vi');
    return (d?.entries ?? []).filter(
      (e) =>
        (!stateFilter || e.state === stateFilter) &&
        (!q || e.name.toLocaleLowerCase('vi').includes(q) || e.code.includes(q)),
    );
  }, [d, stateFilter, search]);
  const counts = useMemo(() => {
    const c: Record<string, number> = {};
    for (const e of d?.entries ?? []) c[e.state] = (c[e.state] ?? 0) + 1;
    return c;
  }, [d]);

  if (detail.error)
    return (
      <section className="page">
        <ErrorBox error={detail.error} onRetry={detail.reload} />
      </section>
    );
  if (!d) return <Loading />;
  const r = d.round;
  const appraised = d.entries.filter((e) => e.state === 'appraised' && e.entryId !== null);
  const today = todayIso();
  const openDossiers = d.entries.some((e) => ['draft', 'self_assessed', 'posted', 'returned'].includes(e.state));

  return (
    <section className="page round-page">
      <p className="small">
        <Link to="/rounds">← {t('rounds:list.title')}</Link>
      </p>
      <h1>{r.title}</h1>
      {editing ? (
        <RoundForm
          round={r}
          onCancel={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            detail.reload();
          }}
        />
      ) : (
        <div className="round-head">
          <section className="card" aria-labelledby="calendar-title">
            <h2 id="calendar-title" className="card-title">
              {t('rounds:round.calendar')}
            </h2>
            <dl className="facts compact">
              {(['dossierDue', 'appraisalDue', 'decisionDue', 'reportDue'] as const).map((k) => (
                <div key={k}>
                  <dt>{t(`rounds:calendar.${k}`)}</dt>
                  <dd>
                    <DueDate date={r[k]} done={k === 'dossierDue' && !openDossiers} />
                  </dd>
                </div>
              ))}
              <div>
                <dt>{t('rounds:round.postingDays')}</dt>
                <dd>{t('rounds:round.days', { count: r.postingDays })}</dd>
              </div>
            </dl>
            <p className="small">
              <a href={docs.calendar(r.id)} download>
                {t('rounds:round.ics')}
              </a>
            </p>
          </section>
          <section className="card" aria-labelledby="people-title">
            <h2 id="people-title" className="card-title">
              {t('rounds:round.people')}
            </h2>
            <dl className="facts compact">
              <div>
                <dt>{t('rounds:round.appraisingBody')}</dt>
                <dd>{r.appraisingBody}</dd>
              </div>
              {r.issuerGroupName && (
                <div>
                  <dt>{t('rounds:round.issuerGroup')}</dt>
                  <dd>{r.issuerGroupName}</dd>
                </div>
              )}
              <div>
                <dt>{t('rounds:round.signer')}</dt>
                <dd>
                  {r.signerTitle}
                  {r.signerName ? ` — ${r.signerName}` : ''}
                </dd>
              </div>
              <div>
                <dt>{t('rounds:round.term')}</dt>
                <dd>{t('rounds:round.termValue', { start: d.term.start, end: d.term.end })}</dd>
              </div>
            </dl>
            {mayConfigure && r.decisionDue < REFORM_DAY && (
              <IssuerGroupField
                record="round"
                id={r.id}
                provinceId={r.provinceId}
                current={r.issuerGroupId}
                onSaved={detail.reload}
              />
            )}
            {mayConfigure && (
              <button type="button" className="btn-secondary" onClick={() => setEditing(true)}>
                {t('rounds:round.edit')}
              </button>
            )}
          </section>
        </div>
      )}

      <h2>{t('rounds:round.communes')}</h2>
      <div className="toolbar">
        <div className="field inline">
          <label htmlFor="state-filter">{t('rounds:round.stateFilter')}</label>
          <select id="state-filter" value={stateFilter} onChange={(e) => setStateFilter(e.target.value)}>
            <option value="">{t('rounds:round.allStates', { count: d.entries.length })}</option>
            {ENTRY_STATE_LIST.filter((s) => counts[s]).map((s) => (
              <option key={s} value={s}>
                {t(`rounds:state.${s}`)} ({counts[s]})
              </option>
            ))}
          </select>
        </div>
        <div className="field inline">
          <label htmlFor="commune-search">{t('rounds:round.search')}</label>
          <input id="commune-search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
        </div>
      </div>
      <p className="badges round-counts" aria-label={t('rounds:round.countsLabel')}>
        {ENTRY_STATE_LIST.filter((s) => counts[s]).map((s) => (
          <button
            key={s}
            type="button"
            className="chip"
            aria-pressed={stateFilter === s}
            onClick={() => setStateFilter(stateFilter === s ? '' : s)}
          >
            <StateBadge state={s} /> {counts[s]}
          </button>
        ))}
      </p>
      {shown.length === 0 ? (
        <p>{t('rounds:round.noCommunes')}</p>
      ) : (
        <table className="table responsive round-table">
          <thead>
            <tr>
              <th scope="col">{t('rounds:round.commune')}</th>
              <th scope="col">{t('rounds:round.state')}</th>
              <th scope="col" className="num">
                {t('rounds:round.submissions')}
              </th>
              <th scope="col" className="num">
                {t('rounds:round.total')}
              </th>
              <th scope="col">{t('rounds:round.registered')}</th>
              <th scope="col">{t('rounds:round.decision')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((e) => (
              <tr key={e.unitId}>
                <td data-label={t('rounds:round.commune')}>
                  {signer && e.state === 'appraised' && e.entryId !== null && (
                    <input
                      type="checkbox"
                      className="row-check"
                      aria-label={t('rounds:decision.select', { name: e.name })}
                      checked={selected.has(e.entryId)}
                      onChange={(ev) =>
                        setSelected((s) => {
                          const next = new Set(s);
                          if (ev.target.checked) next.add(e.entryId!);
                          else next.delete(e.entryId!);
                          return next;
                        })
                      }
                    />
                  )}
                  <Link to={`/rounds/${r.id}/entries/${e.unitId}`} className="row-link">
                    {e.name}
                  </Link>{' '}
                  <span className="code">{e.code}</span>
                </td>
                <td data-label={t('rounds:round.state')}>
                  <span className="badges">
                    <StateBadge state={e.state} />
                    {e.overdue && <Badge tone="bad">{t('rounds:round.overdue')}</Badge>}
                  </span>
                </td>
                <td data-label={t('rounds:round.submissions')} className="num">
                  {e.submissions || '—'}
                </td>
                <td data-label={t('rounds:round.total')} className="num">
                  {e.total === null ? '—' : f.num(e.total)}
                </td>
                <td data-label={t('rounds:round.registered')}>
                  {e.registered ? (
                    <span className="ok-text">
                      <span aria-hidden="true">✓</span>
                      <span className="sr-only">{t('rounds:round.registeredYes')}</span>
                    </span>
                  ) : (
                    <span className="muted">{t('rounds:round.registeredNo')}</span>
                  )}
                </td>
                <td data-label={t('rounds:round.decision')}>{e.decisionNumber ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {mayRecheck && <RecheckPanel roundId={r.id} ruleSetId={r.ruleSetId} provinceId={r.provinceId} />}

      {signer && (
        <DecisionForm
          roundId={r.id}
          defaultSignerName={r.signerName}
          defaultSignerTitle={r.signerTitle}
          selected={[...selected].filter((x) => appraised.some((e) => e.entryId === x))}
          communes={new Map(appraised.map((e) => [e.entryId!, e]))}
          appraisedCount={appraised.length}
          takenNumbers={(decisions.data?.items ?? []).map((x) => x.number)}
          today={today}
          onRecorded={() => {
            setSelected(new Set());
            detail.reload();
            decisions.reload();
          }}
        />
      )}

      <h2>{t('rounds:decision.listTitle')}</h2>
      {decisions.error && <ErrorBox error={decisions.error} onRetry={decisions.reload} />}
      {decisions.data &&
        (decisions.data.items.length === 0 ? (
          <p className="muted">{t('rounds:decision.none')}</p>
        ) : (
          <ul className="decision-list">
            {decisions.data.items.map((x) => (
              <li key={x.id}>
                <DecisionLine decision={x} />
              </li>
            ))}
          </ul>
        ))}
    </section>
  );
}

export function DecisionLine({ decision }: { decision: Decision }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <span className="decision-line">
      <strong>{t('rounds:decision.line', { number: decision.number, date: f.date(decision.signedOn) })}</strong>
      <span className="muted small">
        {' '}
        — {decision.signerTitle} {decision.signerName}
        {decision.issuerGroupName ? ` (${t('rounds:decision.issuerGroup', { name: decision.issuerGroupName })})` : ''}
      </span>{' '}
      <span className="doc-links">
        <a href={docs.decisionDocx(decision.id)} download>
          {t('rounds:docs.decisionDocx')}
        </a>
        <a href={docs.decisionPdf(decision.id)} download>
          {t('rounds:docs.decisionPdf')}
        </a>
      </span>
    </span>
  );
}

interface DecisionFormProps {
  roundId: number;
  defaultSignerName: string;
  defaultSignerTitle: string;
  selected: number[];
  communes: Map<number, RoundRow>;
  appraisedCount: number;
  takenNumbers: string[];
  today: string;
  onRecorded(): void;
}

type FieldErrors = Partial<Record<DecisionField, string>>;

/** The draft of the decision as typed, rendered by the server without recording anything. */
function previewUrl(roundId: number, format: 'pdf' | 'docx', facts: Record<string, string>, entryIds: number[]) {
  const q = new URLSearchParams({ ...facts, entryIds: entryIds.join(',') });
  return `/api/rounds/${roundId}/decisions/preview.${format}?${q.toString()}`;
}

function DecisionForm({
  roundId,
  defaultSignerName,
  defaultSignerTitle,
  selected,
  communes,
  appraisedCount,
  takenNumbers,
  today,
  onRecorded,
}: DecisionFormProps) {
  const { t } = useTranslation();
  const f = useFormat();
  const [number, setNumber] = useState('');
  const [signedOn, setSignedOn] = useState<string | null>(today);
  const [signerName, setSignerName] = useState(defaultSignerName);
  const [signerTitle, setSignerTitle] = useState(defaultSignerTitle);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [confirming, setConfirming] = useState(false);
  const [recorded, setRecorded] = useState<Decision | null>(null);

  const facts = {
    number: number.trim(),
    signedOn: signedOn ?? '',
    signerName: signerName.trim(),
    signerTitle: signerTitle.trim(),
  };

  /** The same checks as the server's, shown at their fields before anything is asked. */
  function check(): FieldErrors {
    const found: FieldErrors = {};
    for (const i of decisionIssues(facts, today))
      found[i.field] ??= t(i.key, {
        ...i.params,
        value: i.field === 'signedOn' ? showDay(i.value) || i.value : i.value,
      });
    if (!found.number && takenNumbers.includes(facts.number))
      found.number = t('rounds:decisionCheck.numberTaken', { value: facts.number });
    return found;
  }

  function review(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (!selected.length) return setError(t('rounds:decision.noneSelected'));
    const found = check();
    setFieldErrors(found);
    const first = (['number', 'signedOn', 'signerName', 'signerTitle'] as const).find((k) => found[k]);
    if (first) {
      document.getElementById(FIELD_IDS[first])?.focus();
      return;
    }
    setConfirming(true);
  }

  async function record() {
    setError(null);
    setBusy(true);
    try {
      const d = await api<Decision>(`/api/rounds/${roundId}/decisions`, {
        method: 'POST',
        body: {
          number: facts.number,
          signedOn: facts.signedOn,
          signerName: facts.signerName,
          signerTitle: facts.signerTitle || undefined,
          entryIds: selected,
        },
      });
      setConfirming(false);
      setRecorded(d);
      setNumber('');
      onRecorded();
    } catch (err) {
      setError(err instanceof ApiError ? err : messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  const clearError = (k: DecisionField) => setFieldErrors((prev) => (prev[k] ? { ...prev, [k]: undefined } : prev));
  const fieldError = (k: DecisionField) =>
    fieldErrors[k] ? (
      <p className="field-error" id={`${FIELD_IDS[k]}-error`}>
        {fieldErrors[k]}
      </p>
    ) : null;
  const described = (k: DecisionField) =>
    fieldErrors[k] ? { 'aria-invalid': true, 'aria-describedby': `${FIELD_IDS[k]}-error` } : {};
  const chosen = selected.map((id) => communes.get(id)).filter((c): c is RoundRow => !!c);

  return (
    <section className="actions-box" aria-labelledby="decision-title">
      <h2 id="decision-title">{t('rounds:decision.title')}</h2>
      {recorded && (
        <div className="notice" role="status">
          <p>{t('rounds:decision.recorded', { number: recorded.number })}</p>
          <DecisionLine decision={recorded} />
        </div>
      )}
      {appraisedCount === 0 ? (
        <p className="muted">{t('rounds:decision.noAppraised')}</p>
      ) : (
        <form onSubmit={review} noValidate>
          <p className="small muted">{t('rounds:decision.hint')}</p>
          <p>
            {selected.length
              ? t('rounds:decision.selected', {
                  count: selected.length,
                  names: chosen.map((c) => c.name).join(', '),
                })
              : t('rounds:decision.noneSelected')}
          </p>
          <div className="form-grid">
            <div className="field">
              <label htmlFor={FIELD_IDS.number}>{t('rounds:decision.number')}</label>
              <input
                id={FIELD_IDS.number}
                type="text"
                value={number}
                maxLength={DECISION_NUMBER_MAX}
                placeholder="2151/QĐ-UBND"
                onChange={(e) => {
                  setNumber(e.target.value);
                  clearError('number');
                }}
                required
                {...described('number')}
              />
              {fieldError('number')}
            </div>
            <DateField
              id={FIELD_IDS.signedOn}
              label={t('rounds:decision.signedOn')}
              value={signedOn}
              onChange={(v) => {
                setSignedOn(v);
                clearError('signedOn');
              }}
              required
              error={fieldErrors.signedOn}
            />
            <div className="field">
              <label htmlFor={FIELD_IDS.signerName}>{t('rounds:decision.signerName')}</label>
              <input
                id={FIELD_IDS.signerName}
                type="text"
                value={signerName}
                maxLength={SIGNER_MAX}
                onChange={(e) => {
                  setSignerName(e.target.value);
                  clearError('signerName');
                }}
                required
                {...described('signerName')}
              />
              {fieldError('signerName')}
            </div>
            <div className="field">
              <label htmlFor={FIELD_IDS.signerTitle}>{t('rounds:decision.signerTitle')}</label>
              <input
                id={FIELD_IDS.signerTitle}
                type="text"
                value={signerTitle}
                maxLength={SIGNER_MAX}
                onChange={(e) => {
                  setSignerTitle(e.target.value);
                  clearError('signerTitle');
                }}
                {...described('signerTitle')}
              />
              {fieldError('signerTitle')}
            </div>
          </div>
          {!confirming && <ErrorBox error={error} />}
          <button type="submit" className="btn-primary" disabled={busy || !selected.length}>
            {t('rounds:decision.record')}
          </button>
        </form>
      )}
      {confirming && (
        <ConfirmDialog
          testId="decision-confirm"
          title={t('rounds:decision.confirmTitle', { number: facts.number, count: chosen.length })}
          confirmLabel={t('rounds:decision.confirmLabel')}
          onConfirm={record}
          onCancel={() => {
            setConfirming(false);
            setError(null);
          }}
          busy={busy}
          error={error}
          warning={t('rounds:decision.effect')}
          irreversible
        >
          <SummaryList
            rows={[
              {
                label: t('rounds:decision.communes'),
                value: (
                  <ul className="plain-list">
                    {chosen.map((c) => (
                      <li key={c.entryId}>
                        <strong>{c.name}</strong>
                        {' — '}
                        {t('rounds:decision.communeFacts', {
                          category: c.category ? t(`common:category.${c.category}`) : t('rounds:decision.noCategory'),
                          points: c.total === null ? '—' : f.num(c.total),
                        })}
                      </li>
                    ))}
                  </ul>
                ),
              },
              { label: t('rounds:decision.number'), value: facts.number },
              { label: t('rounds:decision.signedOn'), value: f.date(facts.signedOn) },
              {
                label: t('rounds:decision.signer'),
                value: [facts.signerTitle || defaultSignerTitle, facts.signerName].filter(Boolean).join(' '),
              },
            ]}
          />
          <p className="doc-links">
            <a href={previewUrl(roundId, 'pdf', facts, selected)} target="_blank" rel="noopener">
              {t('rounds:decision.previewPdf')}
            </a>
            <a href={previewUrl(roundId, 'docx', facts, selected)} download>
              {t('rounds:decision.previewDocx')}
            </a>
          </p>
          <p className="small muted">{t('rounds:decision.previewHint')}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

const FIELD_IDS: Record<DecisionField, string> = {
  number: 'decision-number',
  signedOn: 'decision-date',
  signerName: 'decision-signer',
  signerTitle: 'decision-signer-title',
};
