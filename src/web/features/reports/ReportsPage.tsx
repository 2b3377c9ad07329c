// "/reports/:unitId": a commune's (or province's) 6-month and annual reports of a year: the due date in words,
// the figures drafted from the data as they stood at the period's end, the written parts to edit and save,
// submission confirmed with a summary (the figures are frozen then), and the .docx. The unit's officers write;
// the province reads.
import { useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../app/api.ts';
import { useAuth } from '../../app/auth.tsx';
import { useFormat } from '../../app/format.ts';
import { ErrorBox, Loading } from '../../app/ui.tsx';
import { useApi } from '../../app/useApi.ts';
import { dueStatus } from '../../../core/calendar/deadline.ts';
import { ConfirmDialog, SummaryList } from '../../ui/confirm.tsx';
import { DueDate } from '../../ui/deadline.tsx';
import { FilterSelect, FormError, TextArea, useFormSubmit } from '../../ui/forms.tsx';
import { ListResource, useSearchUpdate } from '../../ui/tables.tsx';
import { FiguresView, StatusBadge } from './parts.tsx';
import {
  reportApi,
  reportsApi,
  type Narrative,
  type ReportKind,
  type ReportSummary,
  type ReportView,
} from './types.ts';
import './reports.css';
import { thisYear as currentYear, todayIso } from '../../ui/dates.ts';

/** A fresh key per submission, so that a retried request is recognised as the same submission. */
function newKey(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

export default function ReportsPage() {
  const unitId = Number(useParams().unitId);
  return <ReportsView key={unitId} unitId={unitId} />;
}

function ReportsView({ unitId }: { unitId: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { user } = useAuth();
  const [params, update] = useSearchUpdate();
  const thisYear = currentYear();
  const year = Number(params.get('year')) || thisYear;
  const kind: ReportKind = params.get('kind') === 'annual' ? 'annual' : 'six_month';
  const list = useApi<ReportSummary[]>(`${reportsApi(unitId)}?year=${year}`);
  const years = Array.from({ length: 6 }, (_, i) => String(thisYear + 1 - i));
  const provinceOfficial = !!user?.roles.some((r) => r.role === 'province_official' && r.unitId === unitId);

  return (
    <section className="page reports-page" aria-labelledby="reports-page-title">
      <h1 id="reports-page-title">{t('reportsUi:page.title')}</h1>
      <p className="small muted">{t('reportsUi:page.lead')}</p>
      <div className="toolbar">
        <FilterSelect
          id="reports-year"
          label={t('reportsUi:page.year')}
          value={String(year)}
          onChange={(v) => update({ year: v })}
          options={years.map((y) => ({ value: y, label: t('reportsUi:page.yearValue', { year: y }) }))}
        />
        {provinceOfficial && (
          <Link to={`/reports/${unitId}/consolidated?year=${year}&kind=${kind}`} className="btn-secondary">
            {t('reportsUi:page.toConsolidated')}
          </Link>
        )}
      </div>
      <ListResource loaded={list} isEmpty={(rows) => rows.length === 0} empty="">
        {(rows) => (
          <ul className="card-list report-kinds" data-testid="report-list">
            {rows.map((r) => (
              <li key={r.kind} className={r.kind === kind ? 'current' : undefined}>
                <button
                  type="button"
                  className="report-kind"
                  aria-pressed={r.kind === kind}
                  onClick={() => update({ kind: r.kind })}
                  data-testid={`report-kind-${r.kind}`}
                >
                  <strong>{t(`reportsUi:kind.${r.kind}`)}</strong>
                  <DueDate
                    dueOn={r.dueOn}
                    done={r.status === 'submitted'}
                    label={t('reportsUi:list.due', { date: f.date(r.dueOn) })}
                  />
                  <span>
                    {r.submittedOn
                      ? t('reportsUi:list.submittedOn', { date: f.date(r.submittedOn) })
                      : t('reportsUi:list.notSubmitted')}
                  </span>
                  <StatusBadge status={r.timeliness} />
                </button>
              </li>
            ))}
          </ul>
        )}
      </ListResource>
      <ReportLoader key={`${year}-${kind}`} unitId={unitId} year={year} kind={kind} onChanged={list.reload} />
    </section>
  );
}

function ReportLoader({
  unitId,
  year,
  kind,
  onChanged,
}: {
  unitId: number;
  year: number;
  kind: ReportKind;
  onChanged(): void;
}) {
  const loaded = useApi<ReportView>(reportApi(unitId, year, kind));
  if (loaded.error) return <ErrorBox error={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data) return <Loading />;
  return (
    <ReportBody
      report={loaded.data}
      onUpdate={(r) => {
        loaded.setData(r);
        onChanged();
      }}
    />
  );
}

const same = (a: Narrative, b: Narrative) =>
  a.results === b.results && a.difficulties === b.difficulties && a.proposals === b.proposals;

function ReportBody({ report, onUpdate }: { report: ReportView; onUpdate(r: ReportView): void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const url = reportApi(report.unitId, report.year, report.kind);
  const [text, setText] = useState<Narrative>(report.narrative);
  const [note, setNote] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const key = useRef<string>(newKey());
  const dirty = !same(text, report.narrative);
  const submitted = report.status === 'submitted';

  const saveText = async (): Promise<ReportView> => {
    const r = await api<ReportView>(url, { method: 'PUT', body: { narrative: text, revision: report.revision } });
    onUpdate(r);
    setText(r.narrative);
    return r;
  };
  const save = useFormSubmit(async () => {
    setNote(null);
    const r = await saveText();
    setNote(t('reportsUi:narrative.saved', { revision: r.revision }));
  });
  const [sending, setSending] = useState(false);
  const [sendError, setSendError] = useState<ApiError | string | null>(null);
  const send = async () => {
    setSending(true);
    setSendError(null);
    setNote(null);
    try {
      if (dirty) await saveText();
      const r = await api<ReportView>(`${url}/submit`, { method: 'POST', body: { key: key.current } });
      onUpdate(r);
      setConfirming(false);
      setNote(
        t('reportsUi:submit.done', { date: f.date(r.submittedOn), status: t(`reportsUi:status.${r.timeliness}`) }),
      );
    } catch (err) {
      setSendError(err instanceof ApiError ? err : String(err));
    } finally {
      setSending(false);
    }
  };
  const late = dueStatus(report.dueOn, todayIso());
  const reportName = t('reportsUi:report.title', {
    kind: t(`reportsUi:kind.${report.kind}`),
    year: report.year,
    unit: report.unitName,
  });
  const field = (k: keyof Narrative) => (
    <TextArea
      id={`narrative-${k}`}
      label={t(`reportsUi:narrative.${k}`)}
      value={text[k]}
      rows={k === 'results' ? 10 : 5}
      maxLength={20000}
      onChange={(v) => {
        setText({ ...text, [k]: v });
        setNote(null);
      }}
    />
  );
  const readOnlyText = (k: keyof Narrative) => (
    <div key={k} className="narrative-read">
      <h3>{t(`reportsUi:narrative.${k}`)}</h3>
      <p className="pre-line">{report.narrative[k]}</p>
    </div>
  );

  return (
    <article className="report" aria-labelledby="report-title" data-testid="report">
      <div className="register-head">
        <h2 id="report-title">{reportName}</h2>
        <a className="btn-secondary" href={`${url}/report.docx`} download data-testid="report-docx">
          {t('reportsUi:report.download')}
        </a>
      </div>
      <p className={submitted ? 'logged-note' : 'small muted'} data-testid="report-state">
        {submitted
          ? t('reportsUi:report.frozenNote', {
              date: f.date(report.submittedOn),
              by: report.submittedByName ? t('reportsUi:report.by', { name: report.submittedByName }) : '',
            })
          : t('reportsUi:report.draftNote', { date: f.date(report.figures.asOf) })}{' '}
        <StatusBadge status={report.timeliness} />
      </p>
      <p data-testid="report-due">
        <DueDate
          dueOn={report.dueOn}
          done={submitted}
          label={t('reportsUi:report.due', { date: f.date(report.dueOn) })}
        />
      </p>
      <p className="small">
        {report.plans.length
          ? t('reportsUi:report.plans', {
              year: report.year,
              plans: report.plans.map((p) => (p.number ? `${p.number} — ${p.title}` : p.title)).join('; '),
            })
          : t('reportsUi:report.noPlan', { year: report.year })}
      </p>
      {!report.canWrite && !submitted && <p className="logged-note">{t('reportsUi:page.readOnly')}</p>}

      <FiguresView figures={report.figures} year={report.year} />

      <section aria-labelledby="narrative-title" className="report-narrative">
        <h2 id="narrative-title">{t('reportsUi:narrative.title')}</h2>
        {report.canWrite ? (
          <form onSubmit={save.submit} data-testid="narrative-form">
            <p className="small muted">{t('reportsUi:narrative.hint')}</p>
            {field('results')}
            {field('difficulties')}
            {field('proposals')}
            <FormError error={save.error} fields={[]} />
            <div className="action-row">
              <button type="submit" className="btn-secondary" disabled={save.busy || !dirty}>
                {save.busy ? t('common:working') : t('reportsUi:narrative.save')}
              </button>
              {dirty && <span className="small warn-text">{t('reportsUi:narrative.unsaved')}</span>}
            </div>
          </form>
        ) : (
          (['results', 'difficulties', 'proposals'] as const).map(readOnlyText)
        )}
      </section>

      {note && (
        <p role="status" className="logged-note" data-testid="report-note">
          {note}
        </p>
      )}

      {report.canWrite && (
        <section className="report-submit" aria-label={t('reportsUi:submit.button')}>
          <button
            type="button"
            className="btn-primary"
            onClick={() => {
              key.current = newKey();
              setSendError(null);
              setConfirming(true);
            }}
          >
            {t('reportsUi:submit.button')}
          </button>
          {confirming && (
            <ConfirmDialog
              testId="submit-confirm"
              title={t('reportsUi:submit.confirmTitle')}
              confirmLabel={t('reportsUi:submit.confirm')}
              onConfirm={send}
              onCancel={() => setConfirming(false)}
              busy={sending}
              error={sendError}
              irreversible
              warning={
                late.state === 'overdue' || dirty ? (
                  <>
                    {late.state === 'overdue' && (
                      <span className="confirm-line">
                        {t('reportsUi:submit.lateBy', { count: late.days, date: f.date(report.dueOn) })}
                      </span>
                    )}
                    {late.state === 'overdue' && dirty && ' '}
                    {dirty && <span className="confirm-line">{t('reportsUi:submit.confirmUnsaved')}</span>}
                  </>
                ) : null
              }
            >
              <SummaryList
                rows={[
                  { label: t('reportsUi:submit.unit'), value: report.unitName },
                  {
                    label: t('reportsUi:submit.period'),
                    value: t(`reportsUi:submit.periodValue.${report.kind}`, { year: report.year }),
                  },
                  {
                    label: t('reportsUi:submit.due'),
                    value: <DueDate dueOn={report.dueOn} label={f.date(report.dueOn)} />,
                  },
                  {
                    label: t('reportsUi:submit.figures'),
                    value: t('reportsUi:submit.figuresValue', { date: f.date(report.figures.asOf) }),
                  },
                ]}
              />
            </ConfirmDialog>
          )}
        </section>
      )}
      {submitted && (
        <p>
          <button type="button" className="btn-primary" disabled data-testid="submitted-button">
            {t('reportsUi:submit.submitted')} — {f.date(report.submittedOn)}
          </button>
        </p>
      )}
    </article>
  );
}
