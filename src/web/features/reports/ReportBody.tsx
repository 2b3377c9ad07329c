// One report on screen, whatever its kind (6-month, annual, Action Month, a forum's): the due date in words, the
// data period and the form's statistics tables (typed rows editable while a draft), the other figures, the written
// parts to edit and save together with the typed statistics, submission confirmed with a summary (the figures are
// frozen then), and the .docx. `url` is the report's API address; its /submit and /report.docx sit under it.
import { useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../app/api.ts';
import { useFormat } from '../../app/format.ts';
import { ErrorBox, Loading } from '../../app/ui.tsx';
import { useApi } from '../../app/useApi.ts';
import { dueStatus } from '../../../core/calendar/deadline.ts';
import { ConfirmDialog, SummaryList, type SummaryRow } from '../../ui/confirm.tsx';
import { todayIso } from '../../ui/dates.ts';
import { DueDate } from '../../ui/deadline.tsx';
import { FormError, TextArea, useFormSubmit } from '../../ui/forms.tsx';
import { useNumbers } from '../../ui/numbers.ts';
import { FiguresView, StatisticsTables, StatusBadge } from './parts.tsx';
import { statisticsOf, type Narrative, type ReportStatistics, type ReportView } from './types.ts';

/** A fresh key per submission, so that a retried request is recognised as the same submission. */
function newKey(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

/** Loads the report at `url` and shows it; `onChanged` tells the page's list that it was saved or sent. */
export function ReportLoader<R extends ReportView>({
  url,
  onChanged,
  heading,
  periodValue,
  intro,
}: {
  url: string;
  onChanged?(): void;
  heading(report: R): string;
  periodValue(report: R): string;
  /** What the page says of the report before its figures (a forum's children). */
  intro?(report: R): ReactNode;
}) {
  const loaded = useApi<R>(url);
  if (loaded.error) return <ErrorBox error={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data) return <Loading />;
  return (
    <ReportBody
      report={loaded.data}
      url={url}
      heading={heading(loaded.data)}
      periodValue={periodValue(loaded.data)}
      intro={intro?.(loaded.data)}
      onUpdate={(r) => {
        loaded.setData(r as R);
        onChanged?.();
      }}
    />
  );
}

const sameText = (a: Narrative, b: Narrative) =>
  a.results === b.results && a.difficulties === b.difficulties && a.proposals === b.proposals;

/** The typed statistics' codes, each once (a form may show one in two tables). */
const enteredCodes = (s: ReportStatistics | null) => [
  ...new Set((s?.tables ?? []).flatMap((t) => t.rows.filter((r) => r.entered).map((r) => r.statistic))),
];

function ReportBody({
  report,
  url,
  heading,
  periodValue,
  intro,
  onUpdate,
}: {
  report: ReportView;
  url: string;
  heading: string;
  periodValue: string;
  intro?: ReactNode;
  onUpdate(r: ReportView): void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const numbers = useNumbers();
  const statistics = statisticsOf(report);
  const codes = enteredCodes(statistics);
  // Whole numbers shown grouped as written ("1.200.000" đồng), which the field reads back the same.
  const typedOf = (r: ReportView): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const table of statisticsOf(r)?.tables ?? [])
      for (const row of table.rows) {
        if (!row.entered) continue;
        const v = r.entered?.[row.statistic] ?? row.value;
        out[row.statistic] = v === null || v === undefined ? '' : Number.isInteger(v) ? f.num(v) : numbers.text(v);
      }
    return out;
  };
  const [text, setText] = useState<Narrative>(report.narrative);
  const [typed, setTyped] = useState<Record<string, string>>(() => typedOf(report));
  const [savedTyped, setSavedTyped] = useState<Record<string, string>>(() => typedOf(report));
  const [note, setNote] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const key = useRef<string>(newKey());
  const typedDirty = codes.some((c) => (typed[c] ?? '').trim() !== (savedTyped[c] ?? '').trim());
  const dirty = !sameText(text, report.narrative) || typedDirty;
  const submitted = report.status === 'submitted';

  const saveAll = async (): Promise<ReportView> => {
    const body: Record<string, unknown> = { narrative: text, revision: report.revision };
    // Text that is not a number goes as typed: the API's refusal then names the statistic and the value.
    if (codes.length) body.entered = Object.fromEntries(codes.map((c) => [c, numbers.forApi(typed[c] ?? '')]));
    const r = await api<ReportView>(url, { method: 'PUT', body });
    onUpdate(r);
    setText(r.narrative);
    const now = typedOf(r);
    setTyped(now);
    setSavedTyped(now);
    return r;
  };
  const save = useFormSubmit(async () => {
    setNote(null);
    const r = await saveAll();
    setNote(t('reportsUi:narrative.saved', { revision: r.revision }));
  });
  const [sending, setSending] = useState(false);
  const [sendError, setSendError] = useState<ApiError | string | null>(null);
  const send = async () => {
    setSending(true);
    setSendError(null);
    setNote(null);
    try {
      if (dirty) await saveAll();
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
  const editing = report.canWrite && !submitted;
  const statisticsEdit = editing
    ? {
        texts: typed,
        onChange: (code: string, v: string) => {
          setTyped((prev) => ({ ...prev, [code]: v }));
          setNote(null);
        },
        error: save.error ?? (sendError instanceof ApiError ? sendError : null),
      }
    : undefined;
  const typedCount = codes.filter((c) => (typed[c] ?? '').trim() !== '').length;
  const summary: SummaryRow[] = [
    { label: t('reportsUi:submit.unit'), value: report.unitName },
    { label: t('reportsUi:submit.period'), value: periodValue },
    { label: t('reportsUi:submit.due'), value: <DueDate dueOn={report.dueOn} label={f.date(report.dueOn)} /> },
    statistics
      ? {
          label: t('reportsUi:submit.figures'),
          value: t('reportsUi:submit.periodFigures', {
            from: f.date(statistics.period.from),
            to: f.date(statistics.period.to),
          }),
        }
      : {
          label: t('reportsUi:submit.figures'),
          value: t('reportsUi:submit.figuresValue', { date: f.date(report.figures.asOf) }),
        },
    ...(codes.length
      ? [
          {
            label: t('reportsUi:submit.typed'),
            value: t('reportsUi:submit.typedValue', { count: typedCount, total: codes.length }),
          },
        ]
      : []),
  ];
  const warnings: ReactNode[] = [];
  if (late.state === 'overdue')
    warnings.push(
      <span key="late" className="confirm-line">
        {t('reportsUi:submit.lateBy', { count: late.days, date: f.date(report.dueOn) })}
      </span>,
    );
  if (dirty)
    warnings.push(
      <span key="unsaved" className="confirm-line">
        {t('reportsUi:submit.confirmUnsaved')}
      </span>,
    );
  if (codes.length && typedCount < codes.length)
    warnings.push(
      <span key="missing" className="confirm-line">
        {t('reportsUi:submit.typedMissing', { count: codes.length - typedCount })}
      </span>,
    );

  return (
    <article className="report" aria-labelledby="report-title" data-testid="report">
      <div className="register-head">
        <h2 id="report-title">{heading}</h2>
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
      {intro}
      {!report.canWrite && !submitted && <p className="logged-note">{t('reportsUi:page.readOnly')}</p>}

      <form onSubmit={save.submit} data-testid="narrative-form" noValidate>
        {statistics ? (
          <StatisticsTables statistics={statistics} edit={statisticsEdit} />
        ) : (
          <p className="small muted" data-testid="report-no-statistics">
            {t('reportsUi:statistics.none')}
          </p>
        )}

        {/* The plan's targets, tasks and self-assessment belong to the 6-month and annual reports only. */}
        {(report.kind === 'six_month' || report.kind === 'annual') && (
          <FiguresView figures={report.figures} year={report.year} />
        )}

        <section aria-labelledby="narrative-title" className="report-narrative">
          <h2 id="narrative-title">{t('reportsUi:narrative.title')}</h2>
          {editing ? (
            <>
              <p className="small muted">{t('reportsUi:narrative.hint')}</p>
              {field('results')}
              {field('difficulties')}
              {field('proposals')}
            </>
          ) : (
            (['results', 'difficulties', 'proposals'] as const).map(readOnlyText)
          )}
        </section>
        {editing && (
          <>
            {/* Issues named under their statistic are not repeated in the form's box (the kit keys fields by the path's last part). */}
            <FormError error={save.error} fields={codes.map((c) => c.split('.').pop() ?? c)} />
            <div className="action-row">
              <button type="submit" className="btn-secondary" disabled={save.busy || !dirty}>
                {save.busy ? t('common:working') : t('reportsUi:narrative.save')}
              </button>
              {dirty && <span className="small warn-text">{t('reportsUi:narrative.unsaved')}</span>}
            </div>
          </>
        )}
      </form>

      {note && (
        <p role="status" className="logged-note" data-testid="report-note">
          {note}
        </p>
      )}

      {editing && (
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
              warning={warnings.length ? warnings.flatMap((w, i) => (i ? [' ', w] : [w])) : null}
            >
              <SummaryList rows={summary} />
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
