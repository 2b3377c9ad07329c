// /cong-khai/:code — a commune's posted self-assessment for anyone: the score of each criterion with its
// provisional marks, the recognition if any, the published comments with the commune's answers, and a
// comment form while the posting is open. No personal data is shown or asked for.
import { useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format.ts';
import { Badge, ErrorBox, Loading, ProvisionalBadge } from '../../app/ui.tsx';
import { useApi } from '../../app/useApi.ts';
import { CommentForm, CommentList } from './CommentForm.tsx';
import { Crumbs } from './Crumbs.tsx';
import type { PublicCommune, PublicEntry } from './types.ts';
import { usePageTitle } from './usePageTitle.ts';

export default function PublicCommunePage() {
  const { t } = useTranslation();
  const { code } = useParams();
  const page = useApi<PublicCommune>(`/api/public/communes/${encodeURIComponent(code ?? '')}`);
  usePageTitle(page.data?.commune.name);
  if (page.error)
    return (
      <div className="page">
        <Crumbs trail={[]} />
        <ErrorBox error={page.error} onRetry={page.reload} />
      </div>
    );
  if (!page.data) return <Loading />;
  const { commune, entries } = page.data;
  return (
    <div className="page public-page">
      <Crumbs
        trail={
          commune.provinceCode && commune.provinceName
            ? [{ to: `/cong-khai/tinh/${commune.provinceCode}`, label: commune.provinceName }]
            : []
        }
        current={commune.name}
      />
      <h1>
        {commune.name}
        {commune.provinceName && <span className="muted h1-sub"> — {commune.provinceName}</span>}
      </h1>
      {!commune.current && <p className="notice">{t('rounds:public.notCurrent')}</p>}
      {entries.length === 0 ? (
        <p>{t('rounds:public.nothingPosted')}</p>
      ) : (
        entries.map((e) => <PublicEntryView key={e.entryId} code={commune.code} entry={e} />)
      )}
    </div>
  );
}

function PublicEntryView({ code, entry }: { code: string; entry: PublicEntry }) {
  const { t } = useTranslation();
  const f = useFormat();
  const s = entry.score;
  return (
    <article className="card public-entry" aria-labelledby={`entry-${entry.entryId}`}>
      <h2 id={`entry-${entry.entryId}`} className="card-title" lang="vi">
        {entry.round.title}
      </h2>
      {entry.recognition ? (
        <p className="recognized-line">
          <Badge tone="ok">{t('rounds:public.recognized')}</Badge>{' '}
          {t('rounds:public.recognizedBy', {
            number: entry.recognition.decisionNumber,
            date: f.date(entry.recognition.signedOn),
          })}
        </p>
      ) : (
        <p>
          <Badge tone="info">
            {t(`rounds:public.state.${entry.state}`, { defaultValue: t(`rounds:state.${entry.state}`) })}
          </Badge>
        </p>
      )}
      {entry.posting.from && entry.posting.to && (
        <p className="small">
          {t('rounds:public.posting', { from: f.date(entry.posting.from), to: f.date(entry.posting.to) })}{' '}
          {entry.posting.commentsOpen ? (
            <Badge tone="ok">{t('rounds:public.commentsOpen')}</Badge>
          ) : (
            <Badge tone="muted">{t('rounds:public.commentsClosed')}</Badge>
          )}
        </p>
      )}
      {s && (
        <>
          <p className="public-total">
            <span className="muted">
              {s.source === 'submission' ? t('rounds:public.scoreSubmitted') : t('rounds:public.scoreSelf')}:{' '}
            </span>
            <strong className="total-number">{f.num(s.total)}</strong>
            {s.maxTotal !== null && <span className="total-max"> / {f.num(s.maxTotal)}</span>}
            {s.threshold !== null && (
              <span className="muted small"> · {t('rounds:public.threshold', { threshold: f.num(s.threshold) })}</span>
            )}{' '}
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
      <CommentList comments={entry.comments} />
      {entry.posting.commentsOpen && <CommentForm code={code} entryId={entry.entryId} />}
    </article>
  );
}
