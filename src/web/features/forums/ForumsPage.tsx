// "/forums/:unitId": a commune's children's forums and consultations of a chosen year (or date range),
// newest first, with their recommendations, answers and overdue ones flagged, a forum under 30 children
// flagged, and each forum's report due day with a link to it; and the events held for children. The
// commune officer and chairman write; province officials read. For a province: its own province-level
// forums, which its province official writes.
import { useId, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { qs } from '../../app/api.ts';
import { sendOrQueue } from '../../app/offline/outbox.ts';
import { useAuth } from '../../app/auth.tsx';
import { useFormat } from '../../app/format.ts';
import type { Period } from '../../app/types.ts';
import { Badge } from '../../app/ui.tsx';
import { useApi } from '../../app/useApi.ts';
import { dayForApi, showDay, thisYear as currentYear, todayIso, todayText } from '../../ui/dates.ts';
import { DateInput, FilterSelect, FormActions, FormError, TextArea, useFormSubmit } from '../../ui/forms.tsx';
import { Fact, ListResource, useSearchUpdate } from '../../ui/tables.tsx';
import { EventsSection } from './EventsSection.tsx';
import { ForumForm } from './ForumForm.tsx';
import { daysOverdue, forumReportPath, forumsApi, issuesByPath } from './parts.ts';
import { FORUM_MIN_CHILDREN, PROVINCE_ROLES, type Forum, type Recommendation } from './types.ts';
import './forums.css';
// Registers what this page keeps for offline use, before its first request.
import './offline.ts';
import { SectionHead } from './SectionHead.tsx';
import { PendingWrites, under, usePending } from '../../app/offline/PendingWrites.tsx';

const YEARS_BACK = 6;
const RANGE = 'range';

/** The dates the lists cover: a year (the default, this year) or a range typed dd/mm/yyyy. */
function useRange() {
  const [params, update] = useSearchUpdate();
  const thisYear = currentYear();
  const choice = params.get('year') ?? String(thisYear);
  const fromText = params.get('from') ?? '';
  const toText = params.get('to') ?? '';
  const range =
    choice === RANGE
      ? { from: dayForApi(fromText) ?? undefined, to: dayForApi(toText) ?? undefined }
      : { from: `${choice}-01-01`, to: `${choice}-12-31` };
  const years = Array.from({ length: YEARS_BACK }, (_, i) => String(thisYear - i));
  return { choice, fromText, toText, range, years, update, year: choice === RANGE ? null : Number(choice) };
}

export default function ForumsPage() {
  const unitId = Number(useParams().unitId);
  return <ForumsView key={unitId} unitId={unitId} />;
}

function ForumsView({ unitId }: { unitId: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { user } = useAuth();
  // A province role held on this unit: the page is the province's own forums.
  const isProvince = !!user?.roles.some((r) => PROVINCE_ROLES.includes(r.role) && r.unitId === unitId);
  // The server decides; this only hides forms the server would refuse (officer and chairman, province official).
  const canWrite = !!user?.roles.some(
    (r) =>
      r.unitId === unitId &&
      (isProvince ? r.role === 'province_official' : r.role === 'commune_officer' || r.role === 'commune_chairman'),
  );
  const { choice, fromText, toText, range, years, update, year } = useRange();
  const periods = useApi<Period[]>('/api/periods');
  const period = year !== null ? periods.data?.find((p) => p.year === year) : undefined;
  const query = qs(range);

  return (
    <section className="page register-page forums-page" aria-labelledby="forums-page-title">
      <h1 id="forums-page-title">{t('forumsUi:page.title')}</h1>
      <p className="small muted">{t(isProvince ? 'forumsUi:page.leadProvince' : 'forumsUi:page.lead')}</p>
      {!canWrite && (
        <p className="logged-note">{t(isProvince ? 'forumsUi:page.readOnlyProvince' : 'forumsUi:page.readOnly')}</p>
      )}
      <div className="toolbar">
        <FilterSelect
          id="forums-year"
          label={t('forumsUi:filter.year')}
          value={choice}
          onChange={(v) => update({ year: v, from: null, to: null })}
          options={[
            ...years.map((y) => ({ value: y, label: t('forumsUi:filter.yearValue', { year: y }) })),
            { value: RANGE, label: t('forumsUi:filter.range') },
          ]}
        />
        {choice === RANGE && (
          <>
            <DateInput
              id="forums-from"
              label={t('forumsUi:filter.from')}
              value={fromText}
              onChange={(v) => update({ from: v })}
              className="inline"
            />
            <DateInput
              id="forums-to"
              label={t('forumsUi:filter.to')}
              value={toText}
              onChange={(v) => update({ to: v })}
              className="inline"
            />
          </>
        )}
      </div>
      <p className="small muted" role="status">
        {range.from || range.to
          ? t('forumsUi:filter.showing', { from: f.date(range.from) || '…', to: f.date(range.to) || '…' })
          : t('forumsUi:filter.showingOpen')}
      </p>
      <nav className="register-nav" aria-label={t('forumsUi:page.sections')}>
        <a href="#forums-title">{t('forumsUi:forums.title')}</a>
        <a href="#events-title">{t('forumsUi:events.title')}</a>
        {isProvince && (
          <Link
            to={`/reports/${unitId}/forum-reports${year !== null ? `?year=${year}` : ''}`}
            data-testid="to-forum-reports"
          >
            {t('forumsUi:page.toForumReports')}
          </Link>
        )}
        {period && !isProvince && (
          <Link to={`/assessments/${unitId}/${period.id}`} data-testid="to-assessment">
            {t('forumsUi:page.toAssessment', { year: period.year })}
          </Link>
        )}
      </nav>
      <ForumsSection unitId={unitId} query={query} canWrite={canWrite} isProvince={isProvince} />
      <EventsSection unitId={unitId} query={query} canWrite={canWrite} />
    </section>
  );
}

function ForumsSection({
  unitId,
  query,
  canWrite,
  isProvince,
}: {
  unitId: number;
  query: string;
  canWrite: boolean;
  isProvince: boolean;
}) {
  const { t } = useTranslation();
  const list = useApi<Forum[]>(`${forumsApi(unitId)}${query}`);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<number | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const today = todayIso();
  const overdue = (list.data ?? []).flatMap((fo) => fo.recommendations).filter((r) => daysOverdue(r, today) > 0).length;
  const onSaved = (fo: Forum) => {
    setAdding(false);
    setEditing(null);
    setSaved(t('forumsUi:forums.saved', { title: fo.title }));
    list.reload();
  };
  // Recorded without a connection: it waits in the outbox (shown below) and the list shows it once sent.
  const pending = usePending(under(forumsApi(unitId)), list.reload);
  const onQueued = (title: string) => {
    setAdding(false);
    setEditing(null);
    setSaved(`${title} — ${t('common:offline.savedOnDevice')}`);
  };

  return (
    <section aria-labelledby="forums-title" className="forums-section">
      <SectionHead
        id="forums-title"
        title={t('forumsUi:forums.title')}
        addLabel={t('forumsUi:forums.add')}
        canAdd={canWrite && !adding}
        onAdd={() => {
          setAdding(true);
          setSaved(null);
        }}
        saved={saved}
      />
      {adding && (
        <ForumForm
          unitId={unitId}
          provinceLevel={isProvince}
          onSaved={onSaved}
          onQueued={onQueued}
          onCancel={() => setAdding(false)}
        />
      )}
      <PendingWrites pending={pending} testId="pending-forums" />
      {overdue > 0 && (
        <p className="error-box" role="alert" data-testid="overdue-count">
          ⚠ {t('forumsUi:forums.overdueCount', { count: overdue })}
        </p>
      )}
      <ListResource loaded={list} isEmpty={(rows) => rows.length === 0} empty={t('forumsUi:forums.empty')}>
        {(rows) => (
          <ul className="card-list forum-list" data-testid="forum-list">
            {rows.map((fo) =>
              editing === fo.id ? (
                <li key={fo.id}>
                  <ForumForm
                    unitId={unitId}
                    forum={fo}
                    provinceLevel={isProvince}
                    onSaved={onSaved}
                    onQueued={onQueued}
                    onCancel={() => setEditing(null)}
                  />
                </li>
              ) : (
                <li key={fo.id}>
                  <ForumCard
                    unitId={unitId}
                    forum={fo}
                    canWrite={canWrite}
                    today={today}
                    onEdit={() => {
                      setEditing(fo.id);
                      setSaved(null);
                    }}
                    onChanged={list.reload}
                  />
                </li>
              ),
            )}
          </ul>
        )}
      </ListResource>
    </section>
  );
}

function ForumCard({
  unitId,
  forum,
  canWrite,
  today,
  onEdit,
  onChanged,
}: {
  unitId: number;
  forum: Forum;
  canWrite: boolean;
  today: string;
  onEdit(): void;
  onChanged(): void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const recs = forum.recommendations;
  const answered = recs.filter((r) => r.answeredOn).length;
  const overdue = recs.filter((r) => daysOverdue(r, today) > 0).length;
  const p = forum.participants;
  const titleId = `forum-${forum.id}-title`;
  return (
    <article
      className={`card forum-card${overdue > 0 ? ' has-overdue' : ''}`}
      aria-labelledby={titleId}
      data-testid={`forum-${forum.id}`}
    >
      <div className="forum-card-head">
        <h3 className="card-title" id={titleId}>
          {forum.title}
        </h3>
        {canWrite && (
          <button
            type="button"
            className="btn-secondary btn-small"
            onClick={onEdit}
            aria-label={t('forumsUi:forums.editLabel', { title: forum.title })}
          >
            {t('forumsUi:forums.edit')}
          </button>
        )}
      </div>
      <p className="small forum-meta">
        <strong>{f.date(forum.heldOn)}</strong> · {t(`forums:kind.${forum.kind}`)} · {t(`forums:level.${forum.level}`)}
      </p>
      <dl className="count-list forum-counts">
        <Fact term={t('forumsUi:forums.participants')} testId="forum-participants">
          {f.num(p.total)}
        </Fact>
        <Fact term={t('forumsUi:forums.recommendations')} testId="forum-recs">
          {f.num(recs.length)}
        </Fact>
        <Fact term={t('forumsUi:forums.answered')} testId="forum-answered">
          {t('forumsUi:forums.answeredOf', { answered: f.num(answered), total: f.num(recs.length) })}
        </Fact>
      </dl>
      <p className="small muted">
        {t('forumsUi:forums.byBand', {
          bu: p.boysUnder11,
          gu: p.girlsUnder11,
          bm: p.boys11to15,
          gm: p.girls11to15,
          bo: p.boys16to17,
          go: p.girls16to17,
        })}
      </p>
      {forum.belowMinimum && (
        <p className="overdue" data-testid="forum-below-minimum">
          ⚠ {t('forumsUi:forums.belowMinimum', { min: FORUM_MIN_CHILDREN })}
        </p>
      )}
      {overdue > 0 && (
        <p className="overdue" data-testid="forum-overdue">
          {t('forumsUi:forums.overdue', { count: overdue })}
        </p>
      )}
      <ForumReportLine unitId={unitId} forum={forum} />
      {forum.note && <p className="small pre-line">{forum.note}</p>}
      {recs.length === 0 ? (
        <p className="small muted">{t('forumsUi:forums.noRecs')}</p>
      ) : (
        <ol className="rec-list">
          {recs.map((r, i) => (
            <RecommendationItem
              key={r.id}
              unitId={unitId}
              forum={forum}
              rec={r}
              n={i + 1}
              canWrite={canWrite}
              today={today}
              onChanged={onChanged}
            />
          ))}
        </ol>
      )}
    </article>
  );
}

/** The forum's report to the level above: due 15 days after the forum, whether it came in, a link to it. */
function ForumReportLine({ unitId, forum }: { unitId: number; forum: Forum }) {
  const { t } = useTranslation();
  const f = useFormat();
  const r = forum.report;
  const late = r.status === 'late' || r.status === 'missing';
  const state =
    r.status === 'pending' && r.drafted
      ? t('forumsUi:report.drafting')
      : t(`forumsUi:report.status.${r.status}`, { date: f.date(r.submittedOn) });
  return (
    <p className="small forum-report" data-testid="forum-report">
      <span>{t('forumsUi:report.due', { date: f.date(r.dueOn) })}</span>{' '}
      <span className={late ? 'overdue-text' : r.status === 'on_time' ? 'ok-text' : undefined}>{state}</span>{' '}
      <Link to={forumReportPath(unitId, forum.id)} aria-label={t('forumsUi:report.openLabel', { title: forum.title })}>
        {t('forumsUi:report.open')}
      </Link>
    </p>
  );
}

function RecommendationItem({
  unitId,
  forum,
  rec,
  n,
  canWrite,
  today,
  onChanged,
}: {
  unitId: number;
  forum: Forum;
  rec: Recommendation;
  n: number;
  canWrite: boolean;
  today: string;
  onChanged(): void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const [answering, setAnswering] = useState(false);
  const late = daysOverdue(rec, today);
  return (
    <li className={`rec-item${late > 0 ? ' rec-overdue' : ''}`} data-testid={`rec-${n}`}>
      <p className="rec-text">{rec.text}</p>
      <p className="small rec-facts">
        <span>{t('forumsUi:rec.agency', { agency: rec.agency })}</span>
        <span>{rec.dueOn ? t('forumsUi:rec.due', { date: f.date(rec.dueOn) }) : t('forumsUi:rec.noDue')}</span>
      </p>
      {rec.answeredOn ? (
        <div className="rec-answer">
          <Badge tone="ok">
            ✓ {t('forumsUi:rec.answeredOn', { date: f.date(rec.answeredOn) })}
            {rec.dueOn && rec.answeredOn > rec.dueOn ? ` ${t('forumsUi:rec.answeredLate')}` : ''}
          </Badge>
          <p className="small pre-line">{rec.answer}</p>
        </div>
      ) : late > 0 ? (
        <p className="overdue" data-testid="rec-overdue">
          {t('forumsUi:rec.overdue', { count: late })}
        </p>
      ) : (
        <p>
          <Badge tone="warn">{t('forumsUi:rec.waiting')}</Badge>
        </p>
      )}
      {canWrite && !answering && (
        <button type="button" className="btn-secondary btn-small" onClick={() => setAnswering(true)}>
          {rec.answeredOn ? t('forumsUi:rec.editAnswer') : t('forumsUi:rec.answer')}
        </button>
      )}
      {answering && (
        <AnswerForm
          unitId={unitId}
          forumId={forum.id}
          rec={rec}
          onSaved={() => {
            setAnswering(false);
            onChanged();
          }}
          onCancel={() => setAnswering(false)}
        />
      )}
    </li>
  );
}

const ANSWER_FIELDS = ['answer', 'answeredOn'] as const;

function AnswerForm({
  unitId,
  forumId,
  rec,
  onSaved,
  onCancel,
}: {
  unitId: number;
  forumId: number;
  rec: Recommendation;
  onSaved(): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const uid = useId();
  const [answer, setAnswer] = useState(rec.answer ?? '');
  const [answeredOn, setAnsweredOn] = useState(rec.answeredOn ? showDay(rec.answeredOn) : todayText());
  const { submit, error, busy } = useFormSubmit(async () => {
    // Without a connection the answer waits in the outbox (shown with the forums) and goes out when it returns.
    await sendOrQueue({
      method: 'PUT',
      url: `${forumsApi(unitId)}/${forumId}/recommendations/${rec.id}/answer`,
      body: { answer: answer.trim(), answeredOn: dayForApi(answeredOn) ?? '' },
      label: t('forumsUi:rec.answerTitle', { text: rec.text }),
    });
    onSaved();
  });
  const issues = issuesByPath(error);
  return (
    <form
      className="sub-form"
      onSubmit={(e) => void submit(e)}
      noValidate
      aria-label={t('forumsUi:rec.answerTitle', { text: rec.text })}
    >
      <TextArea
        id={`${uid}-answer`}
        label={t('forums:field.answer')}
        required
        rows={3}
        maxLength={8000}
        value={answer}
        onChange={setAnswer}
        error={issues.answer}
      />
      <DateInput
        id={`${uid}-answeredOn`}
        label={t('forums:field.answeredOn')}
        required
        value={answeredOn}
        onChange={setAnsweredOn}
        error={issues.answeredOn}
      />
      <FormError error={error} fields={ANSWER_FIELDS} />
      <FormActions busy={busy} submitLabel={t('forumsUi:rec.saveAnswer')} onCancel={onCancel} />
    </form>
  );
}
