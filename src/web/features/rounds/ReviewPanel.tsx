// Item-by-item review of the last submission, grouped by criterion: each item's points and how they
// were reached, the current review (accepted ✓ / returned with its reason and who), and for the
// sectors the user reviews, Accept / Return (a return needs a reason).
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { InputDef, RuleSetDefinition } from '../../../core/rule-sets/schema.ts';
import { isSuppressed, suppressedRange, type DisclosedItem } from '../../../core/privacy/disclosure.ts';
import { describeItem } from '../../../core/scoring/explain.ts';
import { isPendingReturn, parseReturnsComment, reviewOpen } from '../../../core/workflow/review.ts';
import { api, ApiError, messageOf } from '../../app/api.ts';
import { useFormat } from '../../app/format.ts';
import { tr } from '../../app/translate.ts';
import { Badge, ErrorBox, ProvisionalBadge, RecognizedBadge } from '../../app/ui.tsx';
import { focusById, focusResult } from '../../ui/focus.ts';
import { useShowValue } from './parts.tsx';
import { ReturnsPanel } from './ReturnsPanel.tsx';
import type { EntryView, ItemReview, ReviewItem } from './types.ts';

interface Props {
  view: EntryView;
  def: RuleSetDefinition | null;
  onChanged(next: EntryView): void;
}

/**
 * Items returned before the last resubmission, with the reason, read from the dossier's history
 * (the reviews themselves cover only the current submission).
 */
export function previousReturns(view: EntryView): Map<string, { reason: string; by: string | null }> {
  const out = new Map<string, { reason: string; by: string | null }>();
  if (view.submissions.length < 2) return out;
  const sent = (a: string) => a === 'submit' || a === 'resubmit';
  const last = view.transitions.findIndex((x) => sent(x.action));
  if (last < 0) return out;
  const before = view.transitions.findIndex((x, i) => i > last && sent(x.action));
  for (const x of view.transitions.slice(last + 1, before < 0 ? undefined : before)) {
    if (x.action !== 'return_item') continue;
    // One line per item: a gathered send lists every item returned with it.
    for (const [code, reason] of parseReturnsComment(x.comment))
      if (!out.has(code)) out.set(code, { reason, by: x.actorName });
  }
  return out;
}

/** The first Accept or Return button of a row after the row `id`, in the order shown. */
function nextToReview(id: string): HTMLElement | null {
  const rows = [...document.querySelectorAll<HTMLElement>('.review-panel .review-item')];
  const at = rows.findIndex((r) => r.id === id);
  for (const row of rows.slice(at + 1)) {
    const button = row.querySelector<HTMLElement>('.review-actions button:not([disabled])');
    if (button) return button;
  }
  return null;
}

export function mayReview(view: EntryView, sector: string): boolean {
  if (view.entry.id === null || !reviewOpen(view.entry.state)) return false;
  return view.reviewSectors === 'all' || view.reviewSectors.includes(sector);
}

export function ReviewPanel({ view, def, onChanged }: Props) {
  const { t } = useTranslation();
  const f = useFormat();
  const result = view.lastSubmission?.result ?? null;
  const reviews = useMemo(() => new Map(view.reviews.map((r) => [r.itemCode, r])), [view.reviews]);
  const changedInputs = useMemo(() => new Set(view.changes.map((c) => c.code)), [view.changes]);
  const earlier = useMemo(() => previousReturns(view), [view]);
  const inputs = useMemo(() => new Map((def?.inputs ?? []).map((i) => [i.code, i])), [def]);
  const sectorOnly = Array.isArray(view.reviewSectors) && view.reviewSectors.length > 0;
  const [mineOnly, setMineOnly] = useState(sectorOnly);
  const [bulk, setBulk] = useState<{ done: number; total: number } | null>(null);
  const [bulkError, setBulkError] = useState<ApiError | string | null>(null);
  const [said, setSaid] = useState('');

  const mine = view.items.filter((i) => mayReview(view, i.sector));
  const pendingMine = mine.filter((i) => !reviews.has(i.code));
  const accepted = view.items.filter((i) => reviews.get(i.code)?.decision === 'accepted').length;
  const returned = view.items.filter((i) => reviews.get(i.code)?.decision === 'returned').length;
  const shownItems = mineOnly
    ? view.items.filter((i) => view.reviewSectors === 'all' || view.reviewSectors.includes(i.sector))
    : view.items;
  const byCriterion = new Map<string, ReviewItem[]>();
  for (const item of shownItems) byCriterion.set(item.criterion, [...(byCriterion.get(item.criterion) ?? []), item]);

  async function acceptAll() {
    setBulkError(null);
    const list = pendingMine;
    setBulk({ done: 0, total: list.length });
    let last: EntryView | null = null;
    try {
      for (const [n, item] of list.entries()) {
        last = await api<EntryView>(`/api/round-entries/${view.entry.id}/reviews/${encodeURIComponent(item.code)}`, {
          method: 'PUT',
          body: { decision: 'accepted' },
        });
        setBulk({ done: n + 1, total: list.length });
      }
    } catch (err) {
      setBulkError(err instanceof ApiError ? err : messageOf(err));
    } finally {
      setBulk(null);
      if (last) onChanged(last);
    }
  }

  const criterionDef = (code: string) => def?.criteria.find((c) => c.code === code);
  const sectorLabel = (code: string) => f.text(def?.sectors.find((s) => s.code === code)?.label) || code;

  return (
    <>
      <ReturnsPanel view={view} def={def} onChanged={onChanged} />
      <section className="card review-panel" aria-labelledby="review-title">
        <h2 id="review-title" className="card-title">
          {t('rounds:review.title', { number: view.entry.submissions })}
        </h2>
        <p className="review-summary">
          <Badge tone="ok">{t('rounds:review.acceptedCount', { count: accepted })}</Badge>{' '}
          {returned > 0 && <Badge tone="bad">{t('rounds:review.returnedCount', { count: returned })}</Badge>}{' '}
          <Badge tone="muted">
            {t('rounds:review.pendingCount', { count: view.items.length - accepted - returned })}
          </Badge>
        </p>
        {result && (
          <p className="small">
            {t('rounds:review.total', {
              total: f.num(result.total),
              max: f.num(result.maxTotal),
              threshold: f.num(result.threshold),
            })}{' '}
            <RecognizedBadge recognized={result.recognized} />
            {result.provisional && <ProvisionalBadge />}
          </p>
        )}
        <div className="toolbar">
          {sectorOnly && (
            <label className="check">
              <input type="checkbox" checked={mineOnly} onChange={(e) => setMineOnly(e.target.checked)} />
              {t('rounds:review.mineOnly', { sectors: (view.reviewSectors as string[]).map(sectorLabel).join(', ') })}
            </label>
          )}
          {pendingMine.length > 0 && (
            <button type="button" className="btn-secondary" onClick={() => void acceptAll()} disabled={bulk !== null}>
              {bulk
                ? t('rounds:review.acceptingAll', bulk)
                : t('rounds:review.acceptAll', { count: pendingMine.length })}
            </button>
          )}
        </div>
        <ErrorBox error={bulkError} />
        <p className="sr-only" role="status" data-testid="review-said">
          {said}
        </p>
        {[...byCriterion.entries()].map(([code, items]) => {
          const c = criterionDef(code);
          const cr = result?.criteria.find((x) => x.code === code);
          return (
            <section
              key={code}
              className="criterion review-criterion"
              id={`review-${code}`}
              aria-labelledby={`review-${code}-title`}
            >
              <div className="criterion-head">
                <h3 id={`review-${code}-title`}>
                  <span className="crit-code">{code}</span> {c ? f.text(c.title) : ''}
                </h3>
                {cr && (
                  <p className="criterion-score">
                    {cr.provisional && <ProvisionalBadge />}
                    {cr.points === 0 && def?.noZeroCriterion && (
                      <Badge tone="bad">{t('assessments:score.zeroLabel')}</Badge>
                    )}
                    <strong>{t('assessments:points', { points: f.num(cr.points), max: f.num(cr.max) })}</strong>
                  </p>
                )}
              </div>
              {c && <p className="small muted">{t('rounds:review.sector', { sector: sectorLabel(c.sector) })}</p>}
              <ul className="items">
                {items.map((item) => (
                  <ReviewRow
                    key={item.code}
                    view={view}
                    item={item}
                    title={f.text(c?.items.find((i) => i.code === item.code)?.title) || item.code}
                    result={cr?.items.find((i) => i.code === item.code)}
                    review={reviews.get(item.code)}
                    previous={earlier.get(item.code)}
                    inputs={inputs}
                    changed={item.inputs.some((x) => changedInputs.has(x))}
                    canReview={mayReview(view, item.sector) && bulk === null}
                    onChanged={onChanged}
                    onDecided={setSaid}
                  />
                ))}
              </ul>
            </section>
          );
        })}
      </section>
    </>
  );
}

interface RowProps {
  view: EntryView;
  item: ReviewItem;
  title: string;
  result: DisclosedItem | undefined;
  review: ItemReview | undefined;
  previous: { reason: string; by: string | null } | undefined;
  inputs: Map<string, InputDef>;
  changed: boolean;
  canReview: boolean;
  onChanged(next: EntryView): void;
  /** Says the decision once, in the panel's one live region. */
  onDecided(message: string): void;
}

function ReviewRow({
  view,
  item,
  title,
  result,
  review,
  previous,
  inputs,
  changed,
  canReview,
  onChanged,
  onDecided,
}: RowProps) {
  const { t } = useTranslation();
  const f = useFormat();
  const show = useShowValue();
  const [returning, setReturning] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | string | null>(null);
  const id = `item-${item.code.replace(/\W/g, '-')}`;

  async function decide(decision: 'accepted' | 'returned', ev?: FormEvent) {
    ev?.preventDefault();
    setError(null);
    if (decision === 'returned' && !reason.trim()) {
      setError(t('rounds:review.reasonRequired'));
      focusById(`${id}-reason`);
      return;
    }
    setBusy(true);
    try {
      const next = await api<EntryView>(
        `/api/round-entries/${view.entry.id}/reviews/${encodeURIComponent(item.code)}`,
        {
          method: 'PUT',
          body: decision === 'returned' ? { decision, reason: reason.trim() } : { decision },
        },
      );
      setReturning(false);
      setReason('');
      onChanged(next);
      onDecided(
        decision === 'accepted'
          ? t('rounds:review.acceptedItem', { title })
          : t('rounds:review.returnedItem', { title }),
      );
      // Accepted: on to the next item still to review; returned: the item's new state, with its reason.
      focusResult(() =>
        decision === 'accepted'
          ? (nextToReview(id) ?? document.getElementById(`${id}-state`))
          : document.getElementById(`${id}-state`),
      );
    } catch (err) {
      setError(err instanceof ApiError ? err : messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  const status = review?.decision ?? 'pending';
  return (
    <li
      className={`item-score review-item review-${status}${changed ? ' review-changed' : ''}${previous ? ' review-was-returned' : ''}`}
      id={id}
      data-item={item.code}
    >
      <div className="item-line">
        <span className="item-title">
          {title} <span className="code">{item.code}</span>
          {changed && (
            <>
              {' '}
              <Badge tone="warn">{t('rounds:review.changedBadge')}</Badge>
            </>
          )}
        </span>
        <span className="item-points">
          {result?.mark === 'P' && <ProvisionalBadge />}
          {result && (
            <strong>{t('assessments:points', { points: f.num(result.points), max: f.num(result.max) })}</strong>
          )}
        </span>
      </div>
      {result && (
        <p className="small review-explain">
          {isSuppressed(result)
            ? t('assessments:suppressed.item', suppressedRange())
            : describeItem(tr(t), result, (n) => f.num(n))}
          {!isSuppressed(result) && Object.keys(result.inputs).length > 0 && (
            <span className="muted">
              {' · '}
              {Object.entries(result.inputs)
                .map(([code, value]) => `${f.text(inputs.get(code)?.label) || code}: ${show(value)}`)
                .join(' · ')}
            </span>
          )}
        </p>
      )}
      {previous && (
        <p className="previous-return small">
          <strong>↩ {t('rounds:review.returnedBefore', { number: view.entry.submissions - 1 })}:</strong>{' '}
          {previous.reason}
          {previous.by && <span className="muted"> — {previous.by}</span>}
        </p>
      )}
      <p className="review-state" id={`${id}-state`}>
        {status === 'accepted' && (
          <span className="ok-text">
            ✓ {t('rounds:review.accepted')}
            <span className="muted small">
              {' '}
              — {t('rounds:review.by', { name: review?.reviewerName ?? '—', when: f.dateTime(review?.reviewedAt) })}
            </span>
          </span>
        )}
        {status === 'returned' && (
          <span className="returned-text">
            <strong>
              ↩ {review && isPendingReturn(review) ? t('rounds:review.pendingReturn') : t('rounds:review.sentReturn')}:
            </strong>{' '}
            {review?.reason}
            <span className="muted small">
              {' '}
              — {t('rounds:review.by', { name: review?.reviewerName ?? '—', when: f.dateTime(review?.reviewedAt) })}
            </span>
          </span>
        )}
        {status === 'pending' && <span className="muted">{t('rounds:review.pending')}</span>}
      </p>
      {canReview && !returning && (
        <div className="action-row review-actions">
          {status !== 'accepted' && (
            <button
              type="button"
              className="btn-secondary btn-small"
              onClick={() => void decide('accepted')}
              disabled={busy}
              aria-label={t('rounds:review.acceptItem', { title, code: item.code })}
            >
              {t('rounds:review.accept')}
            </button>
          )}
          {status !== 'returned' && (
            <button
              type="button"
              className="btn-secondary btn-small btn-return"
              id={`${id}-return`}
              onClick={() => setReturning(true)}
              disabled={busy}
              aria-label={t('rounds:review.returnItem', { title, code: item.code })}
            >
              {t('rounds:review.return')}
            </button>
          )}
        </div>
      )}
      {returning && (
        <form className="return-form" onSubmit={(ev) => void decide('returned', ev)}>
          <div className="field">
            <label htmlFor={`${id}-reason`}>{t('rounds:review.reason', { code: item.code })}</label>
            <textarea
              id={`${id}-reason`}
              className="prose"
              rows={2}
              maxLength={2000}
              value={reason}
              aria-required="true"
              aria-invalid={!!error && !reason.trim()}
              aria-describedby={error ? `${id}-error` : undefined}
              onChange={(e) => setReason(e.target.value)}
              autoFocus
            />
          </div>
          <div className="action-row">
            <button type="submit" className="btn-danger btn-small" disabled={busy}>
              {busy ? t('common:working') : t('rounds:review.confirmReturn')}
            </button>
            <button
              type="button"
              className="btn-secondary btn-small"
              onClick={() => {
                setReturning(false);
                setError(null);
                focusResult(() => document.getElementById(`${id}-return`) ?? document.getElementById(`${id}-state`));
              }}
              disabled={busy}
            >
              {t('common:cancel')}
            </button>
          </div>
        </form>
      )}
      <div id={`${id}-error`}>
        <ErrorBox error={error} />
      </div>
    </li>
  );
}

/** "Changes since the last submission": each input whose value differs, before → after, highlighted. */
export function ChangesPanel({ view, def }: { view: EntryView; def: RuleSetDefinition | null }) {
  const { t } = useTranslation();
  const f = useFormat();
  const show = useShowValue();
  if (view.submissions.length < 2) return null;
  const label = (code: string) => f.text(def?.inputs.find((i) => i.code === code)?.label) || code;
  return (
    <section className="card changes-panel" aria-labelledby="changes-title" data-testid="changes-panel">
      <h2 id="changes-title" className="card-title">
        {t('rounds:changes.title')}
      </h2>
      <p className="small muted">
        {t('rounds:changes.between', { before: view.entry.submissions - 1, after: view.entry.submissions })}
      </p>
      {view.changes.length === 0 ? (
        <p>{t('rounds:changes.none')}</p>
      ) : (
        <table className="table responsive changes-table">
          <thead>
            <tr>
              <th scope="col">{t('rounds:changes.input')}</th>
              <th scope="col" className="num">
                {t('rounds:changes.before')}
              </th>
              <th scope="col" className="num">
                {t('rounds:changes.after')}
              </th>
            </tr>
          </thead>
          <tbody>
            {view.changes.map((c) => (
              <tr key={c.code} data-code={c.code}>
                <td data-label={t('rounds:changes.input')}>
                  {label(c.code)} <span className="code">{c.code}</span>
                </td>
                <td data-label={t('rounds:changes.before')} className="num">
                  <del>{show(c.before)}</del>
                </td>
                <td data-label={t('rounds:changes.after')} className="num">
                  <strong>
                    <span aria-hidden="true">→ </span>
                    {show(c.after)}
                  </strong>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {view.changes.some((c) => isSuppressed(c.before) || isSuppressed(c.after)) && (
        <p className="small muted suppressed-note">{t('assessments:suppressed.explain', suppressedRange())}</p>
      )}
    </section>
  );
}
