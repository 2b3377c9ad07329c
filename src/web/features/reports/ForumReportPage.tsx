// "/reports/:unitId/forums/:forumId": the report on one children's forum, due 15 days after it (Thông tư
// 29/2019): drafted from the forum's record, the form's statistics, the written parts, sent through the same
// confirmation as the yearly reports. Linked from the unit's reports page and the forum's own page.
import { useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format.ts';
import { BackLink } from '../../ui/forms.tsx';
import { ForumChildren } from './parts.tsx';
import { ReportLoader } from './ReportBody.tsx';
import { forumReportApi, type ForumReportView } from './types.ts';
import './reports.css';

export default function ForumReportPage() {
  const params = useParams();
  const unitId = Number(params.unitId);
  const forumId = Number(params.forumId);
  return <ForumReportView key={`${unitId}-${forumId}`} unitId={unitId} forumId={forumId} />;
}

function ForumReportView({ unitId, forumId }: { unitId: number; forumId: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  const forumWords = (r: ForumReportView) =>
    r.forum ? t('reportsUi:forumReport.forum', { title: r.forum.title, date: f.date(r.forum.heldOn) }) : '';
  return (
    <section className="page reports-page" aria-labelledby="forum-report-page-title">
      <BackLink to={`/reports/${unitId}`}>{t('reportsUi:forumReport.back')}</BackLink>
      <h1 id="forum-report-page-title">{t('reportsUi:forumReport.pageTitle')}</h1>
      <p className="small muted">{t('reportsUi:forumReport.lead')}</p>
      <ReportLoader<ForumReportView>
        intro={(r) =>
          r.forum ? (
            <p data-testid="forum-children">
              {t('reportsUi:forumReport.children')} <ForumChildren row={r.forum} />
            </p>
          ) : null
        }
        url={forumReportApi(unitId, forumId)}
        heading={(r) => t('reportsUi:forumReport.title', { forum: forumWords(r), unit: r.unitName })}
        periodValue={(r) => t('reportsUi:submit.periodValue.forum', { forum: forumWords(r) })}
      />
    </section>
  );
}
