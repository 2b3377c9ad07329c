// Comments on a public posting: the published ones with the commune's answers, and the form for anyone
// (no account, no personal data; the commune moderates before anything is shown).
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, messageOf } from '../../app/api.ts';
import { useFormat } from '../../app/format.ts';
import { ErrorBox } from '../../app/ui.tsx';
import type { PublicComment } from './types.ts';

const MAX = 2000;

export function CommentForm({ code, entryId }: { code: string; entryId: number }) {
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
      await api(`/api/public/communes/${encodeURIComponent(code)}/comments`, {
        method: 'POST',
        body: { entryId, body },
      });
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

/** Published comments with the commune's answers; their text is Vietnamese whatever the page's language. */
export function CommentList({ comments }: { comments: PublicComment[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (comments.length === 0) return <p className="muted small">{t('rounds:public.noComments')}</p>;
  return (
    <ul className="comment-list">
      {comments.map((c, n) => (
        <li key={n} className="comment">
          <p className="small muted">{f.dateTime(c.createdAt)}</p>
          <p className="pre-line" lang="vi">
            {c.body}
          </p>
          {c.answer && (
            <div className="comment-answer">
              <p className="small muted">{t('rounds:public.answer', { when: f.dateTime(c.answeredAt) })}</p>
              <p className="pre-line" lang="vi">
                {c.answer}
              </p>
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}
