// /cong-khai/:code — a commune's posted self-assessment for anyone: each criterion's points with the figures
// behind them, "Tạm tính" explained once, the self-assessment table to download (.pdf), the recognition if any,
// the published comments with the commune's answers, and a comment form while the posting is open. No
// personal data is shown or asked for.
import { useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format.ts';
import { suppressedRange } from '../../../core/privacy/disclosure.ts';
import { Badge, ErrorBox, Loading, ProvisionalNote } from '../../app/ui.tsx';
import { useApi } from '../../app/useApi.ts';
import { CommentForm, CommentList } from './CommentForm.tsx';
import { Crumbs } from './Crumbs.tsx';
import type { PublicCommune, PublicEntry, PublicFigure, PublicItem } from './types.ts';
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
  const provisional = s ? s.criteria.filter((c) => c.provisional && !c.noData) : [];
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
            )}
          </p>
          {/* "Tạm tính" once for the whole table, with what it means and which criteria: never on each row. */}
          {(s.provisional || provisional.length > 0) && (
            <ProvisionalNote>
              {provisional.length > 0 && (
                <p>
                  {t('portalUi:posting.provisionalList', {
                    count: provisional.length,
                    total: s.criteria.length,
                    list: provisional.map((c) => `${c.code} ${f.text(c.title)}`.trim()).join('; '),
                  })}
                </p>
              )}
            </ProvisionalNote>
          )}
          <p className="public-download">
            <a
              className="btn-secondary"
              href={`/api/public/communes/${encodeURIComponent(code)}/entries/${entry.entryId}/self-assessment.pdf`}
              download
            >
              {t('portalUi:posting.download')}
            </a>{' '}
            <span className="small muted">{t('portalUi:posting.downloadHint')}</span>
          </p>
          <p className="small muted">{t('portalUi:posting.figuresHint')}</p>
          <table className="table public-criteria">
            <caption className="sr-only">{t('rounds:public.criteria')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('rounds:public.criterion')}</th>
                <th scope="col">{t('portalUi:posting.figures')}</th>
                <th scope="col" className="num">
                  {t('rounds:public.points')}
                </th>
              </tr>
            </thead>
            <tbody>
              {s.criteria.map((c) => (
                <tr
                  key={c.code}
                  data-criterion={c.code}
                  className={c.points === 0 && !c.noData ? 'error-row' : c.noData ? 'no-data-row' : undefined}
                >
                  <th scope="row" className="public-criterion-title">
                    <span className="crit-code">{c.code}</span> {f.text(c.title)}
                  </th>
                  <td className="public-figures" data-label={t('portalUi:posting.figures')}>
                    {c.items.map((item, n) => (
                      <CriterionItem key={n} item={item} />
                    ))}
                  </td>
                  <td className="num" data-label={t('rounds:public.points')}>
                    <span className="crit-points">
                      {c.noData
                        ? t('portalUi:posting.noData')
                        : t('assessments:points', { points: f.num(c.points), max: f.num(c.max) })}
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

/** One item of a criterion: its title and points, and the figures it was scored from, in words with their units. */
function CriterionItem({ item }: { item: PublicItem }) {
  const { t } = useTranslation();
  const f = useFormat();
  const value = (fig: PublicFigure) =>
    fig.suppressed
      ? t('portalUi:posting.suppressed', suppressedRange())
      : fig.value === null
        ? t('portalUi:posting.noData')
        : typeof fig.value === 'boolean'
          ? t(fig.value ? 'portalUi:posting.yes' : 'portalUi:posting.no')
          : f.num(fig.value);
  return (
    <div className="public-item">
      <p className="public-item-title small">
        {f.text(item.title)}{' '}
        <span className="muted">
          (
          {item.noData
            ? t('portalUi:posting.noData')
            : t('portalUi:posting.itemPoints', { points: f.num(item.points), max: f.num(item.max) })}
          )
        </span>
      </p>
      <ul className="public-figure-list">
        {item.figures.map((fig, n) => (
          <li key={n}>
            {f.text(fig.label)}: <strong>{value(fig)}</strong>
          </li>
        ))}
        {item.rate && (
          <li>
            {t('portalUi:posting.rate', {
              value: `${f.num(item.rate.value)}${t(`scoring:unit.${item.rate.scale}`)}`,
            })}
          </li>
        )}
      </ul>
    </div>
  );
}
