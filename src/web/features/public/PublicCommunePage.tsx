// /cong-khai/:code — a commune's posted self-assessment for anyone: the score of each criterion with its
// provisional marks, the recognition if any, the published comments with the commune's answers, and a
// comment form while the posting is open. No personal data is shown or asked for.
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, ApiError, messageOf } from '../../app/api.ts';
import { useFormat } from '../../app/format.ts';
import { Badge, ErrorBox, Loading, ProvisionalBadge } from '../../app/ui.tsx';
import { useApi } from '../../app/useApi.ts';
import type { PublicCommune, PublicEntry } from './types.ts';

export default function PublicCommunePage() {
  const { t } = useTranslation();
  const { code } = useParams();
  const page = useApi<PublicCommune>(`/api/public/communes/${encodeURIComponent(code ?? '')}`);
  if (page.error)
    return (
      <section className="page">
        <ErrorBox error={page.error} onRetry={page.reload} />
        <p>
          <Link to="/cong-khai">← {t('rounds:public.recognizedTitle')}</Link>
        </p>
      </section>
    );
  if (!page.data) return <Loading />;
  const { commune, entries } = page.data;
  return (
    <section className="page public-page">
      <p className="small">
        <Link to="/cong-khai">← {t('rounds:public.recognizedTitle')}</Link>
      </p>
      <h1>
        {commune.name}
        {commune.provinceName && <span className="muted h1-sub"> — {commune.provinceName}</span>}
      </h1>
      {!commune.current && <p className="notice">{t('rounds:public.notCurrent')}</p>}
      {entries.length === 0 ? <p>{t('rounds:public.nothingPosted')}</p> : entries.map((e) => <PublicEntryView key={e.entryId} code={commune.code} entry={e} />)}
    </section>
  );
}

function PublicEntryView({ code, entry }: { code: string; entry: PublicEntry }) {
  const { t } = useTranslation();
  const f = useFormat();
  const s = entry.score;
  return (
    <article className="card public-entry" aria-labelledby={`entry-${entry.entryId}`}>
      <h2 id={`entry-${entry.entryId}`} className="card-title">
        {entry.round.title}
      </h2>
      {entry.recognition ? (
        <p className="recognized-line">
          <Badge tone="ok">{t('rounds:public.recognized')}</Badge>{' '}
          {t('rounds:public.recognizedBy', { number: entry.recognition.decisionNumber, date: f.date(entry.recognition.signedOn) })}
        </p>
      ) : (
        <p>
          <Badge tone="info">{t(`rounds:public.state.${entry.state}`, { defaultValue: t(`rounds:state.${entry.state}`) })}</Badge>
        </p>
      )}
      {entry.posting.from && entry.posting.to && (
        <p className="small">
          {t('rounds:public.posting', { from: f.date(entry.posting.from), to: f.date(entry.posting.to) })}{' '}
          {entry.posting.commentsOpen ? <Badge tone="ok">{t('rounds:public.commentsOpen')}</Badge> : <Badge tone="muted">{t('rounds:public.commentsClosed')}</Badge>}
        </p>
      )}
      {s && (
        <>
          <p className="public-total">
            <span className="muted">{s.source === 'submission' ? t('rounds:public.scoreSubmitted') : t('rounds:public.scoreSelf')}: </span>
            <strong className="total-number">{f.num(s.total)}</strong>
            {s.maxTotal !== null && <span className="total-max"> / {f.num(s.maxTotal)}</span>}
            {s.threshold !== null && <span className="muted small"> · {t('rounds:public.threshold', { threshold: f.num(s.threshold) })}</span>}{' '}
            {s.provisional && <ProvisionalBadge />}
          </p>
          {s.provisional && <p className="small muted">{t('rounds:public.provisionalNote')}</p>}
          <table className="table public-criteria">
            <caption className="sr-only">{t('rounds:public.criteria')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('rounds:public.criterion')}</th>
                <th scope="col" className="num">
                  {t('rounds:public.points')}
                </th>
              </tr>
            </thead>
            <tbody>
              {s.criteria.map((c) => (
                <tr key={c.code} className={c.points === 0 ? 'error-row' : undefined}>
                  <td>
                    <span className="crit-code">{c.code}</span> {f.text(c.title)}
                  </td>
                  <td className="num">
                    <span className="crit-points">
                      {c.provisional && <ProvisionalBadge />}
                      {t('assessments:points', { points: f.num(c.points), max: f.num(c.max) })}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <h3>{t('rounds:public.comments', { count: entry.comments.length })}</h3>
      {entry.comments.length === 0 ? (
        <p className="muted small">{t('rounds:public.noComments')}</p>
      ) : (
        <ul className="comment-list">
          {entry.comments.map((c, n) => (
            <li key={n} className="comment">
              <p className="small muted">{f.dateTime(c.createdAt)}</p>
              <p className="pre-line">{c.body}</p>
              {c.answer && (
                <div className="comment-answer">
                  <p className="small muted">{t('rounds:public.answer', { when: f.dateTime(c.answeredAt) })}</p>
                  <p className="pre-line">{c.answer}</p>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {entry.posting.commentsOpen && <CommentForm code={code} entryId={entry.entryId} />}
    </article>
  );
}

const MAX = 2000;

function CommentForm({ code, entryId }: { code: string; entryId: number }) {
  const { t } = useTranslation();
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | string | null>(null);
  const [sent, setSent] = useState(false);
  const id = `comment-${entryId}`;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      await api(`/api/public/communes/${encodeURIComponent(code)}/comments`, { method: 'POST', body: { entryId, body } });
      setSent(true);
      setBody('');
    } catch (err) {
      setError(err instanceof ApiError ? err : messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="comment-form" onSubmit={(e) => void submit(e)}>
      <div className="field">
        <label htmlFor={id}>{t('rounds:public.commentLabel')}</label>
        <textarea
          id={id}
          className="prose"
          rows={4}
          maxLength={MAX}
          value={body}
          required
          aria-describedby={`${id}-hint`}
          onChange={(e) => {
            setBody(e.target.value);
            setSent(false);
          }}
        />
        <p className="small muted" id={`${id}-hint`}>
          {t('rounds:public.commentHint', { count: body.trim().length, max: MAX })}
        </p>
      </div>
      <ErrorBox error={error} />
      {sent && (
        <p className="ok-text" role="status">
          {t('rounds:public.commentSent')}
        </p>
      )}
      <button type="submit" className="btn-primary" disabled={busy || !body.trim()}>
        {busy ? t('common:working') : t('rounds:public.send')}
      </button>
    </form>
  );
}
