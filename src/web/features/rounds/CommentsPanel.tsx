// Comments left on the public page: the commune publishes or hides each one and answers it (an answer
// publishes it); the level above reads them.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, messageOf } from '../../app/api.ts';
import { useFormat } from '../../app/format.ts';
import { Badge, ErrorBox, Loading } from '../../app/ui.tsx';
import { useApi } from '../../app/useApi.ts';
import type { ModeratedComment } from './types.ts';

const MODERATION_STATES = new Set(['draft', 'self_assessed', 'posted', 'returned']);

export function CommentsPanel({ entryId, state, moderator }: { entryId: number; state: string; moderator: boolean }) {
  const { t } = useTranslation();
  const list = useApi<{ items: ModeratedComment[] }>(`/api/round-entries/${entryId}/comments`);
  const canModerate = moderator && MODERATION_STATES.has(state);
  const replace = (c: ModeratedComment) =>
    list.data && list.setData({ items: list.data.items.map((x) => (x.id === c.id ? c : x)) });

  return (
    <section className="card" aria-labelledby="comments-title">
      <h2 id="comments-title" className="card-title">
        {t('rounds:comments.title')}
      </h2>
      {list.error && <ErrorBox error={list.error} onRetry={list.reload} />}
      {list.loading && <Loading />}
      {list.data &&
        (list.data.items.length === 0 ? (
          <p className="muted">{t('rounds:comments.none')}</p>
        ) : (
          <>
            {moderator && !canModerate && <p className="small muted">{t('rounds:comments.locked')}</p>}
            <ul className="comment-list">
              {list.data.items.map((c) => (
                <CommentRow key={c.id} comment={c} entryId={entryId} canModerate={canModerate} onChanged={replace} />
              ))}
            </ul>
          </>
        ))}
    </section>
  );
}

function CommentRow({
  comment,
  entryId,
  canModerate,
  onChanged,
}: {
  comment: ModeratedComment;
  entryId: number;
  canModerate: boolean;
  onChanged(c: ModeratedComment): void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const [answer, setAnswer] = useState(comment.answer ?? '');
  const [answering, setAnswering] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | string | null>(null);

  async function change(body: { status?: 'published' | 'hidden'; answer?: string }) {
    setError(null);
    setBusy(true);
    try {
      const next = await api<ModeratedComment>(`/api/round-entries/${entryId}/comments/${comment.id}`, {
        method: 'PUT',
        body,
      });
      setAnswering(false);
      onChanged(next);
    } catch (err) {
      setError(err instanceof ApiError ? err : messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  const tone = comment.status === 'published' ? 'ok' : comment.status === 'hidden' ? 'muted' : 'warn';
  return (
    <li className="comment">
      <p className="comment-meta small">
        <Badge tone={tone}>{t(`publicPosting:status.${comment.status}`)}</Badge>{' '}
        <span className="muted">{f.dateTime(comment.createdAt)}</span>
      </p>
      <p className="pre-line">{comment.body}</p>
      {comment.answer && !answering && (
        <div className="comment-answer">
          <p className="small muted">
            {t('rounds:comments.answerBy', {
              name: comment.answeredByName ?? '—',
              when: f.dateTime(comment.answeredAt),
            })}
          </p>
          <p className="pre-line">{comment.answer}</p>
        </div>
      )}
      {canModerate && !answering && (
        <div className="action-row">
          {comment.status !== 'published' && (
            <button
              type="button"
              className="btn-secondary btn-small"
              disabled={busy}
              onClick={() => void change({ status: 'published' })}
            >
              {t('rounds:comments.publish')}
            </button>
          )}
          {comment.status !== 'hidden' && (
            <button
              type="button"
              className="btn-secondary btn-small"
              disabled={busy}
              onClick={() => void change({ status: 'hidden' })}
            >
              {t('rounds:comments.hide')}
            </button>
          )}
          <button type="button" className="btn-secondary btn-small" disabled={busy} onClick={() => setAnswering(true)}>
            {comment.answer ? t('rounds:comments.editAnswer') : t('rounds:comments.answer')}
          </button>
        </div>
      )}
      {answering && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void change({ answer });
          }}
        >
          <div className="field">
            <label htmlFor={`answer-${comment.id}`}>{t('rounds:comments.answerLabel')}</label>
            <textarea
              id={`answer-${comment.id}`}
              className="prose"
              rows={3}
              maxLength={2000}
              value={answer}
              onChange={(e) => setAnswer(e.target.value)}
              required
            />
          </div>
          <p className="small muted">{t('rounds:comments.answerHint')}</p>
          <div className="action-row">
            <button type="submit" className="btn-primary btn-small" disabled={busy}>
              {busy ? t('common:working') : t('rounds:comments.send')}
            </button>
            <button
              type="button"
              className="btn-secondary btn-small"
              disabled={busy}
              onClick={() => setAnswering(false)}
            >
              {t('common:cancel')}
            </button>
          </div>
        </form>
      )}
      <ErrorBox error={error} />
    </li>
  );
}
