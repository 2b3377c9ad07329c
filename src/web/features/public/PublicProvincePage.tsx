// /cong-khai/tinh/:code?year= — a province's public page for a year: the communes recognised with their
// decisions, the self-assessments on public display in that year's round with their comments (and the
// comment form while a posting is open), and where a survey is open, the way to the survey page. Only
// communes are counted; nothing about children is shown.
import { useParams, useSearchParams, Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { qs } from '../../app/api.ts';
import { useFormat } from '../../app/format.ts';
import { Badge, ErrorBox, Loading } from '../../app/ui.tsx';
import { useApi } from '../../app/useApi.ts';
import { CommentForm, CommentList } from './CommentForm.tsx';
import { Crumbs } from './Crumbs.tsx';
import type { PublicProvincePage as Page } from './types.ts';
import { usePageTitle } from './usePageTitle.ts';

type Posting = Page['postings'][number];

export default function PublicProvincePage() {
  const { t } = useTranslation();
  const f = useFormat();
  const { code = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const year = params.get('year') ?? '';
  const page = useApi<Page>(`/api/public/provinces/${encodeURIComponent(code)}${qs({ year })}`);
  usePageTitle(page.data?.province.name);

  if (page.error)
    return (
      <div className="page">
        <Crumbs trail={[]} />
        <ErrorBox error={page.error} onRetry={page.reload} />
      </div>
    );
  if (!page.data) return <Loading />;
  const { province, years, round } = page.data;
  const shown = page.data.year;
  const share = province.communes > 0 ? `${f.num((page.data.recognized.length / province.communes) * 100, 1)} %` : '—';

  return (
    <div className="page public-page">
      <Crumbs trail={[]} current={province.name} />
      <h1>{province.name}</h1>
      {years.length === 0 ? (
        <p>{t('portalUi:province.noRounds')}</p>
      ) : (
        <div className="toolbar">
          <div className="field inline">
            <label htmlFor="province-year">{t('portalUi:province.year')}</label>
            <select
              id="province-year"
              value={String(shown ?? '')}
              onChange={(e) => {
                const next = new URLSearchParams(params);
                next.set('year', e.target.value);
                setParams(next, { replace: true });
              }}
            >
              {[...new Set([...years, ...(shown === null ? [] : [shown])])]
                .sort((a, b) => b - a)
                .map((y) => (
                  <option key={y} value={y}>
                    {y}
                  </option>
                ))}
            </select>
          </div>
        </div>
      )}
      {page.loading && <Loading />}
      {shown !== null && (
        <>
          <p role="status" data-testid="province-summary">
            {t('portalUi:province.summary', {
              count: page.data.recognized.length,
              total: f.num(province.communes),
              year: shown,
              share,
            })}
          </p>
          <section aria-labelledby="recognized-title">
            <h2 id="recognized-title">{t('portalUi:province.recognizedTitle', { year: shown })}</h2>
            {page.data.recognized.length === 0 ? (
              <p>{t('portalUi:province.noneRecognized', { year: shown })}</p>
            ) : (
              <div className="table-scroll" role="region" aria-labelledby="recognized-caption" tabIndex={0}>
                <table className="table portal-table stack" data-testid="recognized-table">
                  <caption id="recognized-caption">{t('portalUi:province.recognizedCaption', { year: shown })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('portalUi:province.commune')}</th>
                      <th scope="col" className="num">
                        {t('portalUi:province.total')}
                      </th>
                      <th scope="col">{t('portalUi:province.decision')}</th>
                      <th scope="col">{t('portalUi:province.signer')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.data.recognized.map((r) => (
                      <tr key={r.communeCode}>
                        <th scope="row">
                          <Link to={`/cong-khai/${r.communeCode}`}>{r.communeName}</Link>
                        </th>
                        <td className="num" data-label={t('portalUi:province.total')}>
                          {r.total === null ? '—' : f.num(r.total)}
                        </td>
                        <td data-label={t('portalUi:province.decision')}>
                          {r.decision
                            ? t('portalUi:province.decisionLine', {
                                number: r.decision.number,
                                date: f.date(r.decision.signedOn),
                              })
                            : '—'}
                        </td>
                        <td data-label={t('portalUi:province.signer')}>
                          <span lang="vi">{r.decision ? r.decision.signerTitle : '—'}</span>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </>
      )}
      {round && (
        <section aria-labelledby="postings-title">
          <h2 id="postings-title">{t('portalUi:province.postingsTitle', { round: round.title })}</h2>
          {page.data.postings.length === 0 ? (
            <p>{t('portalUi:province.noPostings')}</p>
          ) : (
            <ul className="posting-list">
              {page.data.postings.map((p) => (
                <li key={p.entryId}>
                  <PostingCard posting={p} />
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      {round && (
        <section aria-labelledby="surveys-title">
          <h2 id="surveys-title">{t('portalUi:province.surveysTitle')}</h2>
          {page.data.surveys.length === 0 ? (
            <p>{t('portalUi:province.noSurveys')}</p>
          ) : (
            <>
              <p className="small muted">{t('portalUi:province.surveysIntro')}</p>
              <ul className="survey-list" data-testid="survey-links">
                {page.data.surveys.map((s) => (
                  <li key={s.communeCode}>
                    <strong>{s.communeName}</strong>
                    {' — '}
                    {t('portalUi:province.surveyAudiences', {
                      audiences: s.audiences.map((a) => t(`surveysUi:audience.${a}`)).join(', '),
                    })}
                    {' · '}
                    <Link to="/khao-sat">{t('portalUi:province.surveyLink')}</Link>
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      )}
    </div>
  );
}

function PostingCard({ posting: p }: { posting: Posting }) {
  const { t } = useTranslation();
  const f = useFormat();
  const headingId = `posting-${p.entryId}`;
  return (
    <article className="card" aria-labelledby={headingId}>
      <h3 id={headingId} className="card-title">
        {p.communeName}
      </h3>
      <p>
        <Badge tone={p.state === 'recognized' ? 'ok' : 'info'}>
          {p.state === 'recognized'
            ? t('rounds:public.recognized')
            : t(`rounds:public.state.${p.state}`, { defaultValue: t(`rounds:state.${p.state}`) })}
        </Badge>{' '}
        {p.total !== null && <span>{t('portalUi:province.score', { total: f.num(p.total) })}</span>}
      </p>
      {p.posting.from && p.posting.to && (
        <p className="small">
          {t('rounds:public.posting', { from: f.date(p.posting.from), to: f.date(p.posting.to) })}{' '}
          {p.posting.commentsOpen ? (
            <Badge tone="ok">{t('rounds:public.commentsOpen')}</Badge>
          ) : (
            <Badge tone="muted">{t('rounds:public.commentsClosed')}</Badge>
          )}
        </p>
      )}
      <p className="small">
        <Link to={`/cong-khai/${p.communeCode}`}>{t('portalUi:province.details', { commune: p.communeName })}</Link>
      </p>
      <h4>{t('rounds:public.comments', { count: p.comments.length })}</h4>
      <CommentList comments={p.comments} />
      {p.posting.commentsOpen && <CommentForm code={p.communeCode} entryId={p.entryId} />}
    </article>
  );
}
