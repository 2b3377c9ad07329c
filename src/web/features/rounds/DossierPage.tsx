// A commune's dossier in a round: its state and steps, the council and meeting (commune, in draft),
// the transitions this user may take, the item-by-item review, what changed since the last
// submission, the appraiser's values, documents, public comments and the history.
import { useMemo, useRef, useState, type FormEvent } from 'react';
import type { TFunction } from 'i18next';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, ApiError, messageOf, newIdempotencyKey } from '../../app/api.ts';
import { useFormat } from '../../app/format.ts';
import { Badge, ErrorBox, Loading, PageResource } from '../../app/ui.tsx';
import { useApi } from '../../app/useApi.ts';
import { AppraiserValuesForm, TotalsSideBySide } from './AppraiserPanel.tsx';
import { CommentsPanel } from './CommentsPanel.tsx';
import { CouncilEditor, CouncilView } from './CouncilEditor.tsx';
import { EvidencePanel } from './EvidencePanel.tsx';
import { StateBadge, StepIndicator, useRuleSet } from './parts.tsx';
import { todayIso } from '../../ui/dates.ts';
import { ChangesPanel, ReviewPanel } from './ReviewPanel.tsx';
import { DecisionLine } from './RoundPage.tsx';
import { docs, NEEDS_COMMENT, type Decision, type EntryView, type RoundDetail } from './types.ts';
import { notifiedOf, type Action } from '../../../core/workflow/round-entry.ts';
import type { RuleSetDetail } from '../../app/types.ts';
import { focusById } from '../../ui/focus.ts';
import { ConfirmDialog, SummaryList } from '../../ui/confirm.tsx';
import { DueDate } from '../../ui/deadline.tsx';

const COMMUNE_ACTORS = ['commune_officer', 'commune_chairman'];
const PUBLIC_STATES = new Set([
  'posted',
  'submitted',
  'returned',
  'appraised',
  'recognized',
  'not_recognized',
  'revoked',
]);

export default function DossierPage() {
  const { id, unitId } = useParams();
  const path = `/api/rounds/${encodeURIComponent(id ?? '')}/entries/${encodeURIComponent(unitId ?? '')}`;
  return (
    <PageResource<EntryView> path={path} isCurrent={(v) => String(v.round.id) === id && String(v.unit.id) === unitId}>
      {(view, loaded) => <Dossier key={path} view={view} onChange={loaded.setData} reload={loaded.reload} />}
    </PageResource>
  );
}

function Dossier({ view, onChange, reload }: { view: EntryView; onChange(next: EntryView): void; reload(): void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const rs = useRuleSet(view.ruleSet.id);
  const def = rs.data?.definition ?? null;
  const e = view.entry;
  const commune = view.actors.some((a) => COMMUNE_ACTORS.includes(a));
  const appraiser = view.actors.includes('appraiser');
  const underReview = view.lastSubmission !== null && e.submissions > 0;
  const beforeSubmission = ['draft', 'self_assessed', 'posted'].includes(e.state);
  const formLink = `/assessments/${view.unit.id}/${view.round.periodId}`;

  // The review waits for the rule set's labels so an item never shows as a bare code first.
  const review =
    underReview &&
    (rs.loading ? (
      <Loading />
    ) : (
      <>
        <ChangesPanel view={view} def={def} />
        <section className="card" aria-labelledby="totals-title">
          <h2 id="totals-title" className="card-title">
            {t('rounds:totals.title')}
          </h2>
          <TotalsSideBySide view={view} />
        </section>
        <ReviewPanel view={view} def={def} onChanged={onChange} />
      </>
    ));
  const council = (
    <section className="card" aria-labelledby="council-title">
      <h2 id="council-title" className="card-title">
        {t('rounds:council.title')}
      </h2>
      {commune && e.state === 'draft' ? <CouncilEditor view={view} onSaved={onChange} /> : <CouncilView view={view} />}
    </section>
  );

  return (
    <section className="page dossier-page">
      <p className="small">
        <Link to={`/rounds/${view.round.id}`}>← {view.round.title}</Link>
      </p>
      <h1>
        {view.unit.name} <span className="code">{view.unit.code}</span>
      </h1>
      <p className="form-meta">
        <StateBadge state={e.state} />
        {view.unit.category && <span>{t(`common:category.${view.unit.category}`)}</span>}
        <span>{t('assessments:form.ruleSet', { code: view.ruleSet.code, version: view.ruleSet.version })}</span>
        {e.submissions > 0 && <span>{t('rounds:dossier.submissions', { count: e.submissions })}</span>}
      </p>
      <StepIndicator state={e.state} />

      <div className="dossier-layout">
        <div className="dossier-main">
          <EntryActions view={view} def={def} onChange={onChange} formLink={formLink} commune={commune} />
          {beforeSubmission ? (
            <>
              {council}
              {review}
            </>
          ) : (
            <>
              {review}
              {council}
            </>
          )}
          {e.id !== null && <CommentsPanel entryId={e.id} state={e.state} moderator={commune} />}
        </div>
        <aside className="dossier-side">
          <section className="card" aria-labelledby="facts-title">
            <h2 id="facts-title" className="card-title">
              {t('rounds:dossier.facts')}
            </h2>
            <dl className="facts compact">
              <div>
                <dt>{t('rounds:calendar.dossierDue')}</dt>
                <dd>
                  <DueDate
                    status={view.due}
                    dueOn={view.round.dossierDue}
                    done={view.due === null}
                    label={f.date(view.round.dossierDue)}
                  />
                </dd>
              </div>
              <div>
                <dt>{t('rounds:dossier.posting')}</dt>
                <dd>
                  {e.postingFrom && e.postingTo ? (
                    <>
                      {t('rounds:dossier.postingRange', { from: f.date(e.postingFrom), to: f.date(e.postingTo) })}{' '}
                      {e.state === 'posted' &&
                        (e.postingTo < todayIso() ? (
                          <Badge tone="ok">{t('rounds:dossier.postingOver')}</Badge>
                        ) : (
                          <Badge tone="info">{t('rounds:dossier.postingOn')}</Badge>
                        ))}
                    </>
                  ) : (
                    t('rounds:dossier.postingNone', { days: view.round.postingDays })
                  )}
                </dd>
              </div>
              {e.decision && (
                <div>
                  <dt>{t('rounds:dossier.decision')}</dt>
                  <dd>{t('rounds:decision.line', { number: e.decision.number, date: f.date(e.decision.signedOn) })}</dd>
                </div>
              )}
              {view.submissions.length > 0 && (
                <div>
                  <dt>{t('rounds:dossier.submissionList')}</dt>
                  <dd>
                    <ul className="plain-list">
                      {view.submissions.map((s) => (
                        <li key={s.number}>
                          {t('rounds:dossier.submissionLine', {
                            number: s.number,
                            when: f.dateTime(s.submittedAt),
                            total: f.num(s.total),
                          })}
                        </li>
                      ))}
                    </ul>
                  </dd>
                </div>
              )}
            </dl>
            <p className="small">
              <Link to={formLink}>
                {commune && view.editable !== 'none' ? t('rounds:dossier.openFormEdit') : t('rounds:dossier.openForm')}
              </Link>
            </p>
            {PUBLIC_STATES.has(e.state) && (
              <p className="small">
                <Link to={`/cong-khai/${view.unit.code}`}>{t('rounds:dossier.publicPage')}</Link>
              </p>
            )}
          </section>
          <Documents view={view} />
          <EvidencePanel
            key={`${e.id ?? 'none'}-${e.state}`}
            entryId={e.id}
            def={def}
            required={view.evidence.required}
            onChanged={reload}
          />
          <Registration view={view} commune={commune} />
          {appraiser && underReview && ['submitted', 'returned', 'appraised'].includes(e.state) && e.id !== null && (
            <AppraiserValuesForm
              key={`${e.submissions}-${JSON.stringify(view.appraiser?.values ?? {})}`}
              view={view}
              def={def}
              onSaved={onChange}
            />
          )}
          <History view={view} />
          <p className="small">
            <button type="button" className="btn-link" onClick={reload}>
              {t('common:reload')}
            </button>
          </p>
        </aside>
      </div>
    </section>
  );
}

const ACTION_STYLE: Record<string, string> = { reject: 'btn-danger', revoke: 'btn-danger', reopen: 'btn-secondary' };
/** Acts the one who makes them cannot take back. */
const IRREVERSIBLE = new Set(['submit', 'resubmit', 'reject', 'revoke']);
const SUBMITS = new Set(['submit', 'resubmit']);

/** "C03 Bảo đảm …": a criterion as people read it, from the rule set when loaded. */
function criterionLabel(
  def: RuleSetDetail['definition'] | null,
  code: string,
  text: ReturnType<typeof useFormat>['text'],
) {
  const c = def?.criteria.find((x) => x.code === code);
  return c ? `${code} ${text(c.title)}` : code;
}

function EntryActions({
  view,
  def,
  onChange,
  formLink,
  commune,
}: {
  view: EntryView;
  def: RuleSetDetail['definition'] | null;
  onChange(next: EntryView): void;
  formLink: string;
  commune: boolean;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const [pending, setPending] = useState<string | null>(null);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [retrying, setRetrying] = useState(false);
  // One key per submission until it goes through: the retries after a busy server, and a second click, send it once.
  const submitKey = useRef<{ action: string; key: string } | null>(null);
  const e = view.entry;
  const actions = view.actions;
  const accepted = view.reviews.filter((r) => r.decision === 'accepted').length;
  const waiting = view.items.length - accepted;
  const returned = view.reviews.filter((r) => r.decision === 'returned');
  const label = (code: string) => criterionLabel(def, code, f.text);

  async function run() {
    if (!pending) return;
    setError(null);
    if (NEEDS_COMMENT.has(pending) && !comment.trim()) return setError(t('rounds:actions.commentRequired'));
    setBusy(true);
    if (SUBMITS.has(pending) && submitKey.current?.action !== pending)
      submitKey.current = { action: pending, key: newIdempotencyKey() };
    try {
      const next = await api<EntryView>(`/api/rounds/${view.round.id}/entries/${view.unit.id}/transitions`, {
        method: 'POST',
        body: comment.trim() ? { action: pending, comment: comment.trim() } : { action: pending },
        headers: SUBMITS.has(pending) ? { 'Idempotency-Key': submitKey.current!.key } : undefined,
        onRetry: () => setRetrying(true),
      });
      submitKey.current = null;
      setDone(pending);
      setPending(null);
      setComment('');
      onChange(next);
      focusById('action-done');
    } catch (err) {
      setError(err instanceof ApiError ? err : messageOf(err));
    } finally {
      setBusy(false);
      setRetrying(false);
    }
  }

  const hint = (() => {
    if (commune && e.state === 'draft') return t('rounds:hint.draft');
    if (commune && e.state === 'self_assessed') return t('rounds:hint.self_assessed', { days: view.round.postingDays });
    if (commune && e.state === 'posted')
      return e.postingTo && e.postingTo >= todayIso()
        ? t('rounds:hint.postingOn', { until: f.date(e.postingTo) })
        : t('rounds:hint.postingOver');
    if (commune && e.state === 'returned') return t('rounds:hint.returnedCommune', { count: returned.length });
    if (commune && e.state === 'submitted') return t('rounds:hint.submittedCommune');
    if (actions.includes('appraise'))
      return waiting > 0 ? t('rounds:hint.appraiseWaiting', { count: waiting }) : t('rounds:hint.appraiseReady');
    const reviewer = view.reviewSectors === 'all' || view.reviewSectors.length > 0;
    if (reviewer && e.state === 'returned') return t('rounds:hint.returnedReviewer');
    if (reviewer && e.state === 'submitted') return t('rounds:hint.review');
    if (e.state === 'appraised' && view.actors.includes('signer')) return t('rounds:hint.signer');
    return null;
  })();

  return (
    <section className="actions-box dossier-actions" aria-labelledby="actions-title">
      <h2 id="actions-title" className="card-title">
        {t('rounds:actions.title')}
      </h2>
      <p className="dossier-due" data-testid="dossier-due">
        <DueDate
          status={view.due}
          dueOn={view.round.dossierDue}
          done={view.due === null}
          label={t('rounds:dossierActs.due', { date: f.date(view.round.dossierDue) })}
        />
      </p>
      {hint && <p className="small">{hint}</p>}
      {commune && e.state === 'returned' && returned.length > 0 && (
        <ul className="returned-list">
          {returned.map((r) => (
            <li key={r.itemCode}>
              <strong className="code">{r.itemCode}</strong>: {r.reason}{' '}
              <span className="muted small">— {r.reviewerName}</span>
            </li>
          ))}
        </ul>
      )}
      {commune && (e.state === 'draft' || e.state === 'returned') && (
        <p>
          <Link to={formLink} className="btn-secondary btn-like">
            {e.state === 'returned' ? t('rounds:actions.fixReturned') : t('rounds:actions.enterValues')}
          </Link>
        </p>
      )}
      {e.state === 'appraised' && view.actors.includes('signer') && (
        <p>
          <Link to={`/rounds/${view.round.id}`}>{t('rounds:actions.toDecision')}</Link>
        </p>
      )}
      {done && !pending && (
        <p className="ok-text" role="status" id="action-done">
          {t('rounds:actions.done', { action: t(`rounds:action.${done}`) })}
        </p>
      )}
      {view.held.map((h) => (
        <div key={h.action} className="held-action" data-testid={`held-${h.action}`}>
          {h.reason === 'posting_not_over' ? (
            <p>{t('rounds:dossierActs.heldPosting', { from: f.date(h.from ?? '') })}</p>
          ) : (
            <>
              <p>
                {t('rounds:dossierActs.heldEvidence', {
                  action: t(`rounds:action.${h.action}`),
                  count: h.criteria.length,
                })}
              </p>
              <ul className="small">
                {h.criteria.map((c) => (
                  <li key={c}>{label(c)}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      ))}
      {actions.length === 0 ? (
        !hint && !view.held.length && <p className="muted small">{t('rounds:actions.none')}</p>
      ) : (
        <div className="action-row">
          {actions.map((a) => (
            <button
              key={a}
              type="button"
              className={ACTION_STYLE[a] ?? 'btn-primary'}
              onClick={() => {
                setPending(a);
                setComment('');
                setDone(null);
                setError(null);
              }}
              disabled={busy}
            >
              {t(`rounds:action.${a}`)}
            </button>
          ))}
        </div>
      )}
      {pending && (
        <ActionDialog
          action={pending}
          view={view}
          label={label}
          waiting={waiting}
          comment={comment}
          onComment={setComment}
          busy={busy}
          retrying={retrying}
          error={error}
          onConfirm={run}
          onCancel={() => {
            setPending(null);
            setError(null);
          }}
        />
      )}
      {!pending && error && <ErrorBox error={error} />}
    </section>
  );
}

/** The late-submission sentence, or null when the dossier is sent in time. */
function lateWords(t: TFunction, view: EntryView, date: string) {
  if (!view.due) return null;
  if (view.due.state === 'overdue') return t('rounds:dossierActs.late', { count: view.due.days, date });
  return null;
}

/** The confirmation of one transition: the commune, what happens, who hears of it, a reason where one is needed. */
function ActionDialog({
  action,
  view,
  label,
  waiting,
  comment,
  onComment,
  busy,
  retrying,
  error,
  onConfirm,
  onCancel,
}: {
  action: string;
  view: EntryView;
  label(code: string): string;
  waiting: number;
  comment: string;
  onComment(text: string): void;
  busy: boolean;
  /** The server answered busy (503) and the request is being sent again. */
  retrying: boolean;
  error: ApiError | string | null;
  onConfirm(): Promise<void>;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const submits = SUBMITS.has(action);
  const late = action === 'submit' ? lateWords(t, view, f.date(view.round.dossierDue)) : null;
  const without = submits && !view.evidence.required ? view.evidence.without : [];
  const warning =
    late || without.length ? (
      <>
        {late}
        {late && without.length > 0 && ' '}
        {without.length > 0 && t('rounds:dossierActs.withoutEvidenceWarning')}
      </>
    ) : undefined;
  return (
    <ConfirmDialog
      testId="action-confirm"
      title={t(`rounds:confirm.${action}`, { name: view.unit.name, count: waiting })}
      confirmLabel={t('rounds:actions.confirm', { action: t(`rounds:action.${action}`) })}
      tone={ACTION_STYLE[action] === 'btn-danger' ? 'danger' : 'primary'}
      irreversible={IRREVERSIBLE.has(action)}
      warning={warning}
      busy={busy}
      error={error}
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      <SummaryList
        rows={[
          { label: t('rounds:dossierActs.unit'), value: view.unit.name },
          {
            label: t('rounds:dossierActs.what'),
            value: t(`rounds:dossierActs.effect.${action}`, { days: view.round.postingDays }),
          },
          {
            label: t('rounds:dossierActs.notified'),
            value: t(`rounds:dossierActs.notified_${notifiedOf(action as Action)}`),
          },
        ]}
      />
      {without.length > 0 && (
        <div className="confirm-missing">
          <p>{t('rounds:dossierActs.withoutEvidence', { count: without.length })}</p>
          <ul className="small">
            {without.map((c) => (
              <li key={c}>{label(c)}</li>
            ))}
          </ul>
        </div>
      )}
      {NEEDS_COMMENT.has(action) && (
        <div className="field">
          <label htmlFor="action-comment">{t('rounds:actions.commentRequiredLabel')}</label>
          <textarea
            id="action-comment"
            className="prose"
            rows={3}
            maxLength={2000}
            value={comment}
            required
            onChange={(x) => onComment(x.target.value)}
          />
        </div>
      )}
      {retrying && (
        <p className="muted small" role="status" data-testid="action-retrying">
          {t('rounds:actions.retrying')}
        </p>
      )}
    </ConfirmDialog>
  );
}

function Documents({ view }: { view: EntryView }) {
  const { t } = useTranslation();
  const decisions = useApi<{ items: Decision[] }>(
    view.entry.decision ? `/api/rounds/${view.round.id}/decisions` : null,
  );
  const decision = decisions.data?.items.find((d) => d.number === view.entry.decision?.number) ?? null;
  const hasMinutes = view.entry.id !== null && view.entry.council.length > 0;
  return (
    <section className="card" aria-labelledby="docs-title">
      <h2 id="docs-title" className="card-title">
        {t('rounds:docs.title')}
      </h2>
      <ul className="plain-list">
        {hasMinutes ? (
          <li>
            {t('rounds:docs.minutes')}{' '}
            <span className="doc-links">
              <a href={docs.minutesDocx(view.round.id, view.unit.id)} download>
                .docx
              </a>
              <a href={docs.minutesPdf(view.round.id, view.unit.id)} download>
                .pdf
              </a>
            </span>
          </li>
        ) : (
          <li className="muted small">{t('rounds:docs.minutesLater')}</li>
        )}
        {decision && (
          <li>
            <DecisionLine decision={decision} />
          </li>
        )}
      </ul>
    </section>
  );
}

function Registration({ view, commune }: { view: EntryView; commune: boolean }) {
  const { t } = useTranslation();
  const round = useApi<RoundDetail>(`/api/rounds/${view.round.id}`);
  const row = useMemo(() => round.data?.entries.find((x) => x.unitId === view.unit.id), [round.data, view.unit.id]);
  const [documentRef, setDocumentRef] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | string | null>(null);
  if (!round.data || !row) return null;
  const term = round.data.term;

  async function register(ev: FormEvent) {
    ev.preventDefault();
    setError(null);
    setBusy(true);
    try {
      await api(`/api/units/${view.unit.id}/registrations`, {
        method: 'POST',
        body: { termStart: term.start, documentRef: documentRef.trim() },
      });
      round.reload();
    } catch (err) {
      setError(err instanceof ApiError ? err : messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="registration-title">
      <h2 id="registration-title" className="card-title">
        {t('rounds:registration.title', { start: term.start, end: term.end })}
      </h2>
      {row.registered ? (
        <p className="ok-text">✓ {t('rounds:registration.done', { start: term.start, end: term.end })}</p>
      ) : commune ? (
        <form onSubmit={(ev) => void register(ev)}>
          <p className="small muted">{t('rounds:registration.hint')}</p>
          <div className="field">
            <label htmlFor="registration-ref">{t('rounds:registration.documentRef')}</label>
            <input
              id="registration-ref"
              type="text"
              value={documentRef}
              maxLength={300}
              required
              onChange={(x) => setDocumentRef(x.target.value)}
              placeholder={t('rounds:registration.placeholder')}
            />
          </div>
          <ErrorBox error={error} />
          <button type="submit" className="btn-primary" disabled={busy}>
            {busy ? t('common:working') : t('rounds:registration.submit')}
          </button>
        </form>
      ) : (
        <p className="muted">{t('rounds:registration.not')}</p>
      )}
    </section>
  );
}

function History({ view }: { view: EntryView }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <section className="card" aria-labelledby="history-title">
      <h2 id="history-title" className="card-title">
        {t('rounds:history.title')}
      </h2>
      {view.transitions.length === 0 ? (
        <p className="muted small">{t('rounds:history.none')}</p>
      ) : (
        <ol className="timeline">
          {view.transitions.map((x, n) => (
            <li key={n}>
              <p className="timeline-head">
                <strong>{t(`rounds:action.${x.action}`, { defaultValue: x.action })}</strong>{' '}
                <span className="muted small">
                  {t(`rounds:state.${x.fromState}`, { defaultValue: x.fromState })} →{' '}
                  {t(`rounds:state.${x.toState}`, { defaultValue: x.toState })}
                </span>
              </p>
              <p className="small muted">
                {x.actorName ?? '—'} · {f.dateTime(x.at)}
              </p>
              {x.comment && <p className="small timeline-comment">{x.comment}</p>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
