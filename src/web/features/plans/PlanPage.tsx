// "/plans/:unitId/:planId": the plan builder, section by section as the real plans are written (basis;
// I. purposes, requirements; II. targets, optionally measured; III. tasks with deadline and agencies;
// IV. budget; V. assignments per agency; VI. reporting regime; recipients and signer). Saved whole with its
// revision; the server's messages, and the problems the issue checks find, stand under the fields they name
// (the first focused). An issued plan is read-only except the progress of its tasks; the .docx / PDF is the
// saved plan. A draft just inherited from the province's plan says what was adapted.
import { isSuppressed, suppressedRange } from '../../../core/privacy/disclosure.ts';
import { useMemo, useState, type ReactNode } from 'react';
import { useLocation, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../app/api.ts';
import { useFormat } from '../../app/format.ts';
import { PageResource } from '../../app/ui.tsx';
import { useApi, type Loaded } from '../../app/useApi.ts';
import {
  BackLink,
  DateInput,
  FormError,
  NumberInput,
  SelectInput,
  SubmitButton,
  TextArea,
  TextInput,
  useFormSubmit,
} from '../../ui/forms.tsx';
import { isPercentIndicator } from '../../../core/plans/indicators.ts';
import { AGENCY_KINDS, BUDGET_SOURCES, TARGET_COMPARISONS, TASK_RECURRENCES } from '../../../core/plans/plan.ts';
import { budgetTotals } from '../../../core/plans/budget.ts';
import { parseLocaleNumber } from '../../../core/numbers.ts';
import {
  formOf,
  inputOf,
  issueAt,
  moved,
  newKey,
  plansPath,
  reportingText,
  unitApi,
  type AssignmentRow,
  type BudgetRow,
  type PlanForm,
  type TargetRow,
  type TaskRow,
} from './parts.ts';
import { IssuePlan } from './IssuePlan.tsx';
import { Occurrences } from './Occurrences.tsx';
import { SentUp } from './SentUp.tsx';
import { ProgressDialog, TaskStateLine } from './ProgressDialog.tsx';
import type { Agency, IndicatorDef, PlanDraft, PlanView, TaskView } from './types.ts';
import './plans.css';

/** The element id of a field the API may name ('tasks.3.dueOn' → 'plan-tasks-3-dueOn'). */
const fid = (path: string) => `plan-${path.replace(/\./g, '-')}`;

/** Takes the person to the first field (in the page's order) that an error names. */
function focusFirst(error: unknown) {
  if (!(error instanceof ApiError)) return;
  const fields = error.issues
    .map((i) => document.getElementById(fid(i.field)))
    .filter((e): e is HTMLElement => e !== null)
    .sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
  const first = fields[0];
  if (first)
    setTimeout(() => {
      first.focus();
      first.scrollIntoView({ block: 'center' });
    }, 0);
}

export default function PlanPage() {
  const { unitId: u, planId: p } = useParams();
  const unitId = Number(u);
  const planId = Number(p);
  return (
    <PageResource<PlanView>
      key={`${unitId}/${planId}`}
      path={`${unitApi(unitId)}/plans/${planId}`}
      isCurrent={(d) => d.id === planId}
    >
      {(plan, loaded) => <PlanEditor plan={plan} loaded={loaded} />}
    </PageResource>
  );
}

function PlanEditor({ plan, loaded }: { plan: PlanView; loaded: Loaded<PlanView> }) {
  const { t } = useTranslation();
  const f = useFormat();
  const unitId = plan.unitId;
  const agencies = useApi<Agency[]>(`${unitApi(unitId)}/agencies`);
  const indicators = useApi<IndicatorDef[]>('/api/plan-indicators');
  const [form, setForm] = useState<PlanForm>(() => formOf(plan, f.locale));
  const [saved, setSaved] = useState<string | null>(null);
  const [progressOf, setProgressOf] = useState<TaskView | null>(null);
  // Problems the issue checks found in the builder's fields, shown under each.
  const [issueError, setIssueError] = useState<ApiError | null>(null);
  // What inheriting the province's plan adapted, said once on the new draft's page.
  const adapted = (useLocation().state as { adapted?: PlanDraft['adapted'] } | null)?.adapted;
  const readOnly = plan.status === 'issued' || !plan.canWrite;
  const dirty = useMemo(
    () => JSON.stringify(inputOf(form, f.locale)) !== JSON.stringify(inputOf(formOf(plan, f.locale), f.locale)),
    [form, plan, f.locale],
  );
  const set = (patch: Partial<PlanForm>) => {
    setSaved(null);
    setForm((prev) => ({ ...prev, ...patch }));
  };
  /** Due days, recipient and year rewrite the reporting sentence while it is still the one they made. */
  const setReport = (patch: Partial<Pick<PlanForm, 'year' | 'sixMonthDue' | 'annualDue' | 'reportTo'>>) => {
    setSaved(null);
    setForm((prev) => {
      const next = { ...prev, ...patch };
      const made = reportingText(prev.year, prev.sixMonthDue, prev.annualDue, prev.reportTo);
      if (!prev.reporting.trim() || prev.reporting.trim() === made)
        next.reporting = reportingText(next.year, next.sixMonthDue, next.annualDue, next.reportTo);
      return next;
    });
  };

  const save = useFormSubmit(
    async () => {
      setSaved(null);
      const view = await api<PlanView>(`${unitApi(unitId)}/plans/${plan.id}`, {
        method: 'PUT',
        body: inputOf(form, f.locale, plan.revision),
      });
      loaded.setData(view);
      setForm(formOf(view, f.locale));
      setIssueError(null);
      setSaved(t('plansUi:builder.saved', { revision: view.revision }));
    },
    // Take the person to the first field the server named.
    focusFirst,
  );
  const err = (path: string) => issueAt(save.error, path) ?? issueAt(issueError, path);
  const viewTask = (id: number | undefined) => plan.tasks.find((x) => x.id === id);
  const viewTarget = (id: number | undefined) => plan.targets.find((x) => x.id === id);
  const activeAgencies = (agencies.data ?? []).filter((a) => a.active);
  // Yearly steps and estimates are offered once the plan spans several years.
  const multiYear = form.yearTo.trim() !== '' && form.yearTo.trim() !== form.year.trim();

  const general = (
    <Section id="general" title={t('plansUi:builder.general')} readOnly={readOnly}>
      <div className="row-fields">
        <TextInput
          id={fid('year')}
          label={t('plansUi:builder.year')}
          value={form.year}
          onChange={(v) => setReport({ year: v })}
          inputMode="numeric"
          maxLength={4}
          error={err('year')}
          className="narrow"
        />
        <TextInput
          id={fid('yearTo')}
          label={t('plansUi:builder.yearTo')}
          hint={t('plansUi:builder.yearToHint')}
          value={form.yearTo}
          onChange={(v) => set({ yearTo: v })}
          inputMode="numeric"
          maxLength={4}
          error={err('yearTo')}
          className="narrow"
        />
        <TextInput
          id={fid('place')}
          label={t('plansUi:builder.place')}
          value={form.place}
          onChange={(v) => set({ place: v })}
          error={err('place')}
        />
      </div>
      <TextArea
        id={fid('title')}
        label={t('plansUi:builder.title')}
        value={form.title}
        onChange={(v) => set({ title: v })}
        rows={2}
        error={err('title')}
      />
      <div className="row-fields">
        <TextInput
          id={fid('issuerName')}
          label={t('plansUi:builder.issuerName')}
          hint={t('plansUi:builder.issuerNameHint')}
          value={form.issuerName}
          onChange={(v) => set({ issuerName: v })}
          error={err('issuerName')}
        />
        <DateInput
          id={fid('lowerPlansDue')}
          label={t('plansUi:builder.lowerPlansDue')}
          value={form.lowerPlansDue}
          onChange={(v) => set({ lowerPlansDue: v })}
          error={err('lowerPlansDue')}
          className="narrow"
        />
      </div>
      <TextArea
        id={fid('basis')}
        label={t('plansUi:builder.basis')}
        hint={`${t('plansUi:builder.basisHint')} ${t('plansUi:builder.footnoteHint')}`}
        value={form.basis}
        onChange={(v) => set({ basis: v })}
        rows={4}
        error={err('basis')}
      />
    </Section>
  );

  return (
    <section className="page plan-page" aria-labelledby="plan-page-title">
      <BackLink to={plansPath(unitId)}>{t('plansUi:builder.back')}</BackLink>
      <h1 id="plan-page-title">
        {plan.status === 'issued'
          ? t('plansUi:builder.titleIssued', { number: plan.number, year: plan.year })
          : t('plansUi:builder.titleDraft', { year: plan.year })}
      </h1>
      <p className="plan-summary">{plan.title}</p>
      {plan.parent && (
        <p className="small muted">
          {t('plansUi:builder.parent', {
            number: plan.parent.number || '…',
            unit: plan.parent.unitName,
            title: plan.parent.title,
          })}
        </p>
      )}
      {(plan.issuerGroup || plan.issuerName || plan.decisionNumber) && (
        <p className="small muted" data-testid="plan-issuer">
          {[
            plan.issuerGroup && t('plansUi:builder.issuerGroup', { name: plan.issuerGroup.name }),
            plan.issuerName && t('plansUi:builder.issuedBy', { name: plan.issuerName }),
            plan.decisionNumber &&
              t('plansUi:builder.decision', { number: plan.decisionNumber, date: f.date(plan.decisionOn) }),
          ]
            .filter(Boolean)
            .join(' · ')}
        </p>
      )}
      {adapted && plan.status !== 'issued' && <AdaptedNote adapted={adapted} />}
      {plan.status === 'issued' && (
        <p className="notice" data-testid="issued-note">
          {t('plansUi:builder.issuedNote', { date: f.date(plan.issuedOn) })}
        </p>
      )}
      {plan.status === 'issued' && <SentUp plan={plan} onSent={(view) => loaded.setData(view)} />}
      {plan.status !== 'issued' && !plan.canWrite && <p className="logged-note">{t('plansUi:builder.readOnly')}</p>}
      <div className="action-row plan-downloads">
        <a
          className="btn-secondary"
          href={`${unitApi(unitId)}/plans/${plan.id}/plan.docx`}
          download
          data-testid="plan-docx"
        >
          {t('plansUi:builder.download')}
        </a>
        <a className="btn-secondary" href={`${unitApi(unitId)}/plans/${plan.id}/plan.pdf`} download>
          {t('plansUi:builder.downloadPdf')}
        </a>
        {/* The decision issuing the plan as its annex (a draft until issued with a decision number). */}
        <a className="btn-secondary" href={`/api/plans/${plan.id}/decision.docx`} download data-testid="plan-decision">
          {t('plansUi:builder.downloadDecision')}
        </a>
      </div>
      {dirty && !readOnly && (
        <p className="warn-text small" role="status">
          {t('plansUi:builder.unsaved')}
        </p>
      )}

      <form className="plan-form" onSubmit={(e) => void save.submit(e)} noValidate data-testid="plan-form">
        {general}

        <Section id="purposes" title={t('plansUi:builder.sectionI')} readOnly={readOnly}>
          <TextArea
            id={fid('purposes')}
            label={t('plansUi:builder.purposes')}
            hint={t('plansUi:builder.linesHint')}
            value={form.purposes}
            onChange={(v) => set({ purposes: v })}
            rows={5}
            error={err('purposes')}
          />
          <TextArea
            id={fid('requirements')}
            label={t('plansUi:builder.requirements')}
            value={form.requirements}
            onChange={(v) => set({ requirements: v })}
            rows={3}
            error={err('requirements')}
          />
        </Section>

        <Section id="targets" title={t('plansUi:builder.sectionII')} readOnly={readOnly}>
          <ol className="plan-rows" data-testid="targets">
            {form.targets.map((row, i) => (
              <TargetItem
                key={row.key}
                row={row}
                i={i}
                count={form.targets.length}
                readOnly={readOnly}
                indicators={indicators.data ?? []}
                measured={viewTarget(row.id)?.measured ?? null}
                savedIndicator={viewTarget(row.id)?.indicator ?? null}
                multiYear={multiYear}
                err={err}
                onChange={(patch) => set({ targets: form.targets.map((x, j) => (j === i ? { ...x, ...patch } : x)) })}
                onMove={(by) => set({ targets: moved(form.targets, i, by) })}
                onRemove={() => set({ targets: form.targets.filter((_, j) => j !== i) })}
              />
            ))}
          </ol>
          <ListError id={fid('targets')} error={err('targets')} />
          {!readOnly && (
            <button
              type="button"
              className="btn-secondary"
              onClick={() =>
                set({
                  targets: [
                    ...form.targets,
                    {
                      key: newKey(),
                      text: '',
                      indicator: '',
                      goal: '',
                      year: '',
                      comparison: '',
                      inheritedFrom: null,
                    },
                  ],
                })
              }
            >
              + {t('plansUi:builder.addTarget')}
            </button>
          )}
        </Section>

        <Section id="tasks" title={t('plansUi:builder.sectionIII')} readOnly={false}>
          {!readOnly && <AgencyAdder unitId={unitId} agencies={agencies} />}
          <ol className="plan-rows" data-testid="tasks">
            {form.tasks.map((row, i) => (
              <TaskItem
                key={row.key}
                row={row}
                i={i}
                count={form.tasks.length}
                readOnly={readOnly}
                agencies={activeAgencies}
                view={viewTask(row.id)}
                err={err}
                onChange={(patch) => set({ tasks: form.tasks.map((x, j) => (j === i ? { ...x, ...patch } : x)) })}
                onMove={(by) => set({ tasks: moved(form.tasks, i, by) })}
                onRemove={() => set({ tasks: form.tasks.filter((_, j) => j !== i) })}
                onProgress={setProgressOf}
              />
            ))}
          </ol>
          <ListError id={fid('tasks')} error={err('tasks')} />
          {!readOnly && (
            <button
              type="button"
              className="btn-secondary"
              onClick={() =>
                set({
                  tasks: [
                    ...form.tasks,
                    {
                      key: newKey(),
                      text: '',
                      due: '',
                      agencyIds: [],
                      recurrence: 'once',
                      perOccurrence: '1',
                      inheritedFrom: null,
                    },
                  ],
                })
              }
            >
              + {t('plansUi:builder.addTask')}
            </button>
          )}
        </Section>

        <Section id="budget" title={t('plansUi:builder.sectionIV')} readOnly={readOnly}>
          <TextArea
            id={fid('budget')}
            label={t('plansUi:builder.budget')}
            hint={t('plansUi:builder.linesHint')}
            value={form.budget}
            onChange={(v) => set({ budget: v })}
            rows={4}
            error={err('budget')}
          />
          <BudgetTable
            rows={form.budgetLines}
            view={plan.budgetLines}
            readOnly={readOnly}
            multiYear={multiYear}
            err={err}
            onChange={(budgetLines) => set({ budgetLines })}
          />
        </Section>

        <Section id="assignments" title={t('plansUi:builder.sectionV')} readOnly={readOnly}>
          <ol className="plan-rows" data-testid="assignments">
            {form.assignments.map((row, i) => (
              <AssignmentItem
                key={row.key}
                row={row}
                i={i}
                count={form.assignments.length}
                readOnly={readOnly}
                agencies={agencies.data ?? []}
                err={err}
                onChange={(patch) =>
                  set({ assignments: form.assignments.map((x, j) => (j === i ? { ...x, ...patch } : x)) })
                }
                onMove={(by) => set({ assignments: moved(form.assignments, i, by) })}
                onRemove={() => set({ assignments: form.assignments.filter((_, j) => j !== i) })}
              />
            ))}
          </ol>
          <ListError id={fid('assignments')} error={err('assignments')} />
          {!readOnly && (
            <button
              type="button"
              className="btn-secondary"
              onClick={() =>
                set({ assignments: [...form.assignments, { key: newKey(), agencyId: '', heading: '', duties: '' }] })
              }
            >
              + {t('plansUi:builder.addAssignment')}
            </button>
          )}
        </Section>

        <Section id="reporting" title={t('plansUi:builder.sectionVI')} readOnly={readOnly}>
          <div className="row-fields">
            <TextInput
              id={fid('sixMonthDue')}
              label={t('plansUi:builder.sixMonthDue')}
              hint={t('plansUi:builder.monthDayHint')}
              value={form.sixMonthDue}
              onChange={(v) => setReport({ sixMonthDue: v })}
              maxLength={5}
              error={err('sixMonthDue')}
              className="narrow"
            />
            <TextInput
              id={fid('annualDue')}
              label={t('plansUi:builder.annualDue')}
              hint={t('plansUi:builder.monthDayHint')}
              value={form.annualDue}
              onChange={(v) => setReport({ annualDue: v })}
              maxLength={5}
              error={err('annualDue')}
              className="narrow"
            />
            <TextInput
              id={fid('actionMonthDue')}
              label={t('plansUi:builder.actionMonthDue')}
              hint={t('plansUi:builder.monthDayHint')}
              value={form.actionMonthDue}
              onChange={(v) => set({ actionMonthDue: v })}
              maxLength={5}
              error={err('actionMonthDue')}
              className="narrow"
            />
          </div>
          <div className="row-fields">
            <TextInput
              id={fid('sixMonthCutoff')}
              label={t('plansUi:builder.sixMonthCutoff')}
              hint={t('plansUi:builder.sixMonthCutoffHint')}
              value={form.sixMonthCutoff}
              onChange={(v) => set({ sixMonthCutoff: v })}
              maxLength={5}
              error={err('sixMonthCutoff')}
              className="narrow"
            />
            <TextInput
              id={fid('annualCutoff')}
              label={t('plansUi:builder.annualCutoff')}
              hint={t('plansUi:builder.annualCutoffHint')}
              value={form.annualCutoff}
              onChange={(v) => set({ annualCutoff: v })}
              maxLength={5}
              error={err('annualCutoff')}
              className="narrow"
            />
          </div>
          <TextInput
            id={fid('reportTo')}
            label={t('plansUi:builder.reportTo')}
            value={form.reportTo}
            onChange={(v) => setReport({ reportTo: v })}
            error={err('reportTo')}
          />
          <TextArea
            id={fid('reporting')}
            label={t('plansUi:builder.reporting')}
            hint={t('plansUi:builder.reportingHint')}
            value={form.reporting}
            onChange={(v) => set({ reporting: v })}
            rows={4}
            error={err('reporting')}
          />
        </Section>

        <Section id="closing" title={t('plansUi:builder.closing')} readOnly={readOnly}>
          <TextArea
            id={fid('recipients')}
            label={t('plansUi:builder.recipients')}
            value={form.recipients}
            onChange={(v) => set({ recipients: v })}
            rows={6}
            error={err('recipients')}
          />
          <div className="row-fields">
            <TextInput
              id={fid('signerAuthority')}
              label={t('plansUi:builder.signerAuthority')}
              value={form.signerAuthority}
              onChange={(v) => set({ signerAuthority: v })}
              error={err('signerAuthority')}
            />
            <TextInput
              id={fid('signerCapacity')}
              label={t('plansUi:builder.signerCapacity')}
              value={form.signerCapacity}
              onChange={(v) => set({ signerCapacity: v })}
              error={err('signerCapacity')}
            />
          </div>
          <div className="row-fields">
            <TextInput
              id={fid('signerTitle')}
              label={t('plansUi:builder.signerTitle')}
              value={form.signerTitle}
              onChange={(v) => set({ signerTitle: v })}
              error={err('signerTitle')}
            />
            <TextInput
              id={fid('signerName')}
              label={t('plansUi:builder.signerName')}
              value={form.signerName}
              onChange={(v) => set({ signerName: v })}
              error={err('signerName')}
            />
          </div>
        </Section>

        {!readOnly && (
          <div className="plan-save">
            <FormError error={save.error} fields={[]} />
            {saved && (
              <p className="ok-text" role="status">
                {saved}
              </p>
            )}
            <SubmitButton busy={save.busy}>{t('plansUi:builder.save')}</SubmitButton>
          </div>
        )}
      </form>

      {!readOnly && (
        <IssuePlan
          plan={plan}
          dirty={dirty}
          signerName={form.signerName}
          onProblems={(error) => {
            setIssueError(error);
            focusFirst(error);
          }}
          onIssued={(view) => {
            loaded.setData(view);
            setForm(formOf(view, f.locale));
          }}
        />
      )}

      {progressOf && (
        <ProgressDialog
          unitId={unitId}
          task={progressOf}
          canWrite={plan.canWrite}
          onClose={() => setProgressOf(null)}
          onSaved={() => loaded.reload()}
        />
      )}
    </section>
  );
}

function Section({
  id,
  title,
  readOnly,
  children,
}: {
  id: string;
  title: string;
  readOnly: boolean;
  children: ReactNode;
}) {
  return (
    <section className="card plan-section" aria-labelledby={`section-${id}`} data-testid={`section-${id}`}>
      <h2 id={`section-${id}`}>{title}</h2>
      <fieldset disabled={readOnly} className="plain-fieldset">
        {children}
      </fieldset>
    </section>
  );
}

/** Move up, move down, remove: each named for the row it acts on. */
function RowTools({
  what,
  i,
  count,
  onMove,
  onRemove,
}: {
  what: string;
  i: number;
  count: number;
  onMove(by: number): void;
  onRemove(): void;
}) {
  const { t } = useTranslation();
  return (
    <span className="row-tools">
      <button
        type="button"
        className="btn-icon"
        aria-label={t('plansUi:builder.up', { what })}
        title={t('plansUi:builder.up', { what })}
        disabled={i === 0}
        onClick={() => onMove(-1)}
      >
        ↑
      </button>
      <button
        type="button"
        className="btn-icon"
        aria-label={t('plansUi:builder.down', { what })}
        title={t('plansUi:builder.down', { what })}
        disabled={i === count - 1}
        onClick={() => onMove(1)}
      >
        ↓
      </button>
      <button
        type="button"
        className="btn-icon danger"
        aria-label={t('plansUi:builder.remove', { what })}
        title={t('plansUi:builder.remove', { what })}
        onClick={onRemove}
      >
        ✕
      </button>
    </span>
  );
}

interface RowProps<R> {
  row: R;
  i: number;
  count: number;
  readOnly: boolean;
  err(path: string): string | undefined;
  onChange(patch: Partial<R>): void;
  onMove(by: number): void;
  onRemove(): void;
}

function TargetItem({
  row,
  i,
  count,
  readOnly,
  indicators,
  measured,
  savedIndicator,
  multiYear,
  err,
  onChange,
  onMove,
  onRemove,
}: RowProps<TargetRow> & {
  indicators: IndicatorDef[];
  measured: PlanView['targets'][number]['measured'];
  savedIndicator: string | null;
  multiYear: boolean;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const what = t('plansUi:builder.target', { n: i + 1 });
  const def = indicators.find((d) => d.code === row.indicator);
  const flag = def?.kind === 'flag' || def?.kind === 'recognized';
  const show = (v: number) =>
    flag
      ? v === 1
        ? t('plansUi:builder.met')
        : t('plansUi:builder.notMet')
      : `${f.num(v)}${isPercentIndicator(def) ? '%' : ''}`;
  return (
    <li className="plan-row" data-testid={`target-${i + 1}`}>
      <div className="plan-row-head">
        <strong>{what}</strong>
        {row.inheritedFrom && <span className="small muted">{t('plansUi:builder.inherited')}</span>}
        {!readOnly && <RowTools what={what} i={i} count={count} onMove={onMove} onRemove={onRemove} />}
      </div>
      <TextArea
        id={fid(`targets.${i}.text`)}
        label={t('plansUi:builder.targetText', { n: i + 1 })}
        value={row.text}
        onChange={(v) => onChange({ text: v })}
        rows={2}
        error={err(`targets.${i}.text`)}
      />
      <div className="row-fields">
        <SelectInput
          id={fid(`targets.${i}.indicator`)}
          label={t('plansUi:builder.indicator')}
          value={row.indicator}
          onChange={(v) => onChange({ indicator: v })}
          empty={t('plansUi:builder.noIndicator')}
          options={indicators.map((d) => ({ value: d.code, label: f.text(d.label) }))}
          error={err(`targets.${i}.indicator`)}
        />
        {row.indicator && !flag && (
          <NumberInput
            id={fid(`targets.${i}.goal`)}
            label={t('plansUi:builder.goal')}
            value={row.goal}
            onChange={(v) => onChange({ goal: v })}
            error={err(`targets.${i}.goal`)}
            className="narrow"
          />
        )}
        {row.indicator && !flag && (
          <SelectInput
            id={fid(`targets.${i}.comparison`)}
            label={t('plansUi:builder.comparison')}
            value={row.comparison}
            onChange={(v) => onChange({ comparison: v as TargetRow['comparison'] })}
            empty={t('plansUi:builder.comparisonDefault')}
            options={TARGET_COMPARISONS.map((c) => ({ value: c, label: t(`plansUi:comparison.${c}`) }))}
            error={err(`targets.${i}.comparison`)}
            className="narrow"
          />
        )}
        {(multiYear || row.year) && (
          <TextInput
            id={fid(`targets.${i}.year`)}
            label={t('plansUi:builder.targetYear')}
            hint={t('plansUi:builder.targetYearHint')}
            value={row.year}
            onChange={(v) => onChange({ year: v })}
            inputMode="numeric"
            maxLength={4}
            error={err(`targets.${i}.year`)}
            className="narrow"
          />
        )}
      </div>
      {row.indicator && row.indicator === savedIndicator && (
        <p className="small measured" data-testid="measured">
          {isSuppressed(measured) ? (
            <span title={t('assessments:suppressed.explain', suppressedRange())}>
              {t('plansUi:builder.measured', { value: t('assessments:suppressed.value', suppressedRange()) })}
            </span>
          ) : measured && measured.value !== null ? (
            <>
              {t('plansUi:builder.measured', { value: show(measured.value) })}
              {measured.met !== null && !flag && (
                <>
                  {' '}
                  ·{' '}
                  {measured.met ? (
                    <span className="ok-text">{t('plansUi:builder.met')}</span>
                  ) : (
                    <span className="overdue-text">{t('plansUi:builder.notMet')}</span>
                  )}
                </>
              )}
            </>
          ) : (
            t('plansUi:builder.measuredNone')
          )}
        </p>
      )}
    </li>
  );
}

function TaskItem({
  row,
  i,
  count,
  readOnly,
  agencies,
  view,
  err,
  onChange,
  onMove,
  onRemove,
  onProgress,
}: RowProps<TaskRow> & { agencies: Agency[]; view: TaskView | undefined; onProgress(task: TaskView): void }) {
  const { t } = useTranslation();
  const what = t('plansUi:builder.task', { n: i + 1 });
  const names = agencies.filter((a) => row.agencyIds.includes(a.id)).map((a) => a.name);
  const toggle = (id: number, on: boolean) =>
    onChange({ agencyIds: on ? [...row.agencyIds, id] : row.agencyIds.filter((x) => x !== id) });
  const agencyError = err(`tasks.${i}.agencyIds`);
  return (
    <li
      className={`plan-row${view?.state === 'overdue' ? ' is-overdue' : ''}`}
      id={view ? `task-${view.id}` : undefined}
      data-testid={`task-${i + 1}`}
    >
      <div className="plan-row-head">
        <strong>{what}</strong>
        {row.inheritedFrom && <span className="small muted">{t('plansUi:builder.inherited')}</span>}
        {view && <TaskStateLine task={view} />}
        {view && (
          <button type="button" className="btn-link" onClick={() => onProgress(view)}>
            {t('plansUi:tasks.record')}
          </button>
        )}
        {!readOnly && <RowTools what={what} i={i} count={count} onMove={onMove} onRemove={onRemove} />}
      </div>
      <fieldset disabled={readOnly} className="plain-fieldset">
        <TextArea
          id={fid(`tasks.${i}.text`)}
          label={t('plansUi:builder.taskText', { n: i + 1 })}
          value={row.text}
          onChange={(v) => onChange({ text: v })}
          rows={3}
          error={err(`tasks.${i}.text`)}
        />
        <div className="row-fields">
          <DateInput
            id={fid(`tasks.${i}.dueOn`)}
            label={t('plansUi:builder.due')}
            value={row.due}
            onChange={(v) => onChange({ due: v })}
            error={err(`tasks.${i}.dueOn`)}
            className="narrow"
          />
          <SelectInput
            id={fid(`tasks.${i}.recurrence`)}
            label={t('plansUi:builder.recurrence')}
            value={row.recurrence}
            onChange={(v) =>
              onChange({
                recurrence: v as TaskRow['recurrence'],
                perOccurrence: v === 'once' ? '1' : row.perOccurrence,
              })
            }
            options={TASK_RECURRENCES.map((r) => ({ value: r, label: t(`plansUi:recurrence.${r}`) }))}
            error={err(`tasks.${i}.recurrence`)}
            className="narrow"
          />
          {row.recurrence !== 'once' && (
            <NumberInput
              id={fid(`tasks.${i}.perOccurrence`)}
              label={t('plansUi:builder.perOccurrence')}
              value={row.perOccurrence}
              onChange={(v) => onChange({ perOccurrence: v })}
              integer
              error={err(`tasks.${i}.perOccurrence`)}
              className="narrow"
            />
          )}
          <details className="agency-pick" id={fid(`tasks.${i}.agencyIds`)} tabIndex={-1}>
            <summary>
              {names.length
                ? t('plansUi:builder.agenciesChosen', { names: names.join('; ') })
                : t('plansUi:builder.agenciesNone')}
            </summary>
            <fieldset className="plain-fieldset">
              <legend className="sr-only">{t('plansUi:builder.agencies')}</legend>
              {agencies.map((a) => (
                <label key={a.id} className="check">
                  <input
                    type="checkbox"
                    checked={row.agencyIds.includes(a.id)}
                    onChange={(e) => toggle(a.id, e.target.checked)}
                  />{' '}
                  {a.name}
                </label>
              ))}
            </fieldset>
          </details>
        </div>
        {agencyError && <p className="field-error pre-line">{agencyError}</p>}
        {view && view.occurrences.length > 0 && <Occurrences task={view} />}
      </fieldset>
    </li>
  );
}

/** Kinh phí: item, source, (year,) estimate in đồng, what the activity log spent, and totals by source. */
function BudgetTable({
  rows,
  view,
  readOnly,
  multiYear,
  err,
  onChange,
}: {
  rows: BudgetRow[];
  view: PlanView['budgetLines'];
  readOnly: boolean;
  multiYear: boolean;
  err(path: string): string | undefined;
  onChange(rows: BudgetRow[]): void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const patch = (i: number, p: Partial<BudgetRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...p } : r)));
  const spentOf = (id: number | undefined) => view.find((v) => v.id === id)?.spent ?? 0;
  // Totals follow the estimates as typed; spending is what the log has recorded against saved lines.
  const totals = budgetTotals(
    rows.map((r) => ({
      source: r.source,
      estimate: parseLocaleNumber(r.estimate.trim() || '0', f.locale) ?? 0,
      spent: spentOf(r.id),
    })),
  );
  return (
    <div className="budget-lines" data-testid="budget-lines">
      <h3>{t('plansUi:budget.title')}</h3>
      {rows.length === 0 && <p className="small muted">{t('plansUi:budget.none')}</p>}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="budget-table">
            <thead>
              <tr>
                <th scope="col">{t('plansUi:budget.item')}</th>
                <th scope="col">{t('plansUi:budget.source')}</th>
                {multiYear && <th scope="col">{t('plansUi:budget.year')}</th>}
                <th scope="col" className="num">
                  {t('plansUi:budget.estimate')}
                </th>
                <th scope="col" className="num">
                  {t('plansUi:budget.spent')}
                </th>
                {!readOnly && (
                  <th scope="col">
                    <span className="sr-only">{t('plansUi:budget.tools')}</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={r.key} data-testid={`budget-line-${i + 1}`}>
                  <td>
                    <TextInput
                      id={fid(`budgetLines.${i}.item`)}
                      label={t('plansUi:budget.itemOf', { n: i + 1 })}
                      value={r.item}
                      onChange={(v) => patch(i, { item: v })}
                      error={err(`budgetLines.${i}.item`)}
                    />
                  </td>
                  <td>
                    <SelectInput
                      id={fid(`budgetLines.${i}.source`)}
                      label={t('plansUi:budget.sourceOf', { n: i + 1 })}
                      value={r.source}
                      onChange={(v) => patch(i, { source: v as BudgetRow['source'] })}
                      options={BUDGET_SOURCES.map((s) => ({ value: s, label: t(`plansUi:source.${s}`) }))}
                      error={err(`budgetLines.${i}.source`)}
                    />
                  </td>
                  {multiYear && (
                    <td>
                      <TextInput
                        id={fid(`budgetLines.${i}.year`)}
                        label={t('plansUi:budget.yearOf', { n: i + 1 })}
                        value={r.year}
                        onChange={(v) => patch(i, { year: v })}
                        inputMode="numeric"
                        maxLength={4}
                        error={err(`budgetLines.${i}.year`)}
                        className="narrow"
                      />
                    </td>
                  )}
                  <td className="num">
                    <NumberInput
                      id={fid(`budgetLines.${i}.estimate`)}
                      label={t('plansUi:budget.estimateOf', { n: i + 1 })}
                      value={r.estimate}
                      onChange={(v) => patch(i, { estimate: v })}
                      integer
                      error={err(`budgetLines.${i}.estimate`)}
                    />
                  </td>
                  <td className="num">{f.num(spentOf(r.id))}</td>
                  {!readOnly && (
                    <td>
                      <button
                        type="button"
                        className="btn-icon danger"
                        aria-label={t('plansUi:builder.remove', { what: t('plansUi:budget.line', { n: i + 1 }) })}
                        title={t('plansUi:builder.remove', { what: t('plansUi:budget.line', { n: i + 1 }) })}
                        onClick={() => onChange(rows.filter((_, j) => j !== i))}
                      >
                        ✕
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
            <tfoot>
              {totals.bySource.length > 1 &&
                totals.bySource.map((s) => (
                  <tr key={s.source} className="small">
                    <th scope="row" colSpan={multiYear ? 3 : 2}>
                      {t('plansUi:budget.ofSource', { source: t(`plansUi:source.${s.source}`) })}
                    </th>
                    <td className="num">{f.num(s.estimate)}</td>
                    <td className="num">{f.num(s.spent)}</td>
                    {!readOnly && <td />}
                  </tr>
                ))}
              <tr data-testid="budget-total">
                <th scope="row" colSpan={multiYear ? 3 : 2}>
                  {t('plansUi:budget.total')}
                </th>
                <td className="num">{f.num(totals.estimate)}</td>
                <td className="num">{f.num(totals.spent)}</td>
                {!readOnly && <td />}
              </tr>
            </tfoot>
          </table>
        </div>
      )}
      <ListError id={fid('budgetLines')} error={err('budgetLines')} />
      {!readOnly && (
        <button
          type="button"
          className="btn-secondary"
          onClick={() => onChange([...rows, { key: newKey(), item: '', source: 'commune', year: '', estimate: '' }])}
        >
          + {t('plansUi:budget.add')}
        </button>
      )}
    </div>
  );
}

function AssignmentItem({
  row,
  i,
  count,
  readOnly,
  agencies,
  err,
  onChange,
  onMove,
  onRemove,
}: RowProps<AssignmentRow> & { agencies: Agency[] }) {
  const { t } = useTranslation();
  const what = t('plansUi:builder.assignment', { n: i + 1 });
  const agency = agencies.find((a) => String(a.id) === row.agencyId);
  return (
    <li className="plan-row" data-testid={`assignment-${i + 1}`}>
      <div className="plan-row-head">
        <strong>{what}</strong>
        {!readOnly && <RowTools what={what} i={i} count={count} onMove={onMove} onRemove={onRemove} />}
      </div>
      <SelectInput
        id={fid(`assignments.${i}.agencyId`)}
        label={t('plansUi:builder.agency')}
        value={row.agencyId}
        onChange={(v) => onChange({ agencyId: v })}
        empty={t('plansUi:builder.chooseAgency')}
        options={agencies
          .filter((a) => a.active || String(a.id) === row.agencyId)
          .map((a) => ({ value: String(a.id), label: a.name }))}
        error={err(`assignments.${i}.agencyId`)}
      />
      <TextInput
        id={fid(`assignments.${i}.heading`)}
        label={t('plansUi:builder.heading')}
        hint={t('plansUi:builder.headingHint')}
        value={row.heading}
        onChange={(v) => onChange({ heading: v })}
        error={err(`assignments.${i}.heading`)}
      />
      {agency && !row.heading.trim() && <p className="small muted">{agency.name}</p>}
      <TextArea
        id={fid(`assignments.${i}.duties`)}
        label={t('plansUi:builder.duties')}
        hint={t('plansUi:builder.linesHint')}
        value={row.duties}
        onChange={(v) => onChange({ duties: v })}
        rows={4}
        error={err(`assignments.${i}.duties`)}
      />
    </li>
  );
}

/** "Thêm cơ quan" without leaving the plan: the usual ones at once, or one by name and kind. */
function AgencyAdder({ unitId, agencies }: { unitId: number; agencies: Loaded<Agency[]> }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<string>('other');
  const [added, setAdded] = useState<string | null>(null);
  const add = useFormSubmit(async () => {
    setAdded(null);
    const agency = await api<Agency>(`${unitApi(unitId)}/agencies`, { body: { kind, name } });
    setName('');
    setAdded(t('plansUi:builder.agencyAdded', { name: agency.name }));
    agencies.reload();
  });
  const defaults = useFormSubmit(async () => {
    agencies.setData(await api<Agency[]>(`${unitApi(unitId)}/agencies/defaults`, { method: 'POST' }));
  });
  const none = agencies.data !== null && agencies.data.length === 0;
  return (
    <div className="agency-adder" data-testid="agency-adder">
      {none && <p className="small">{t('plansUi:builder.noAgencies')}</p>}
      {none && (
        <button
          type="button"
          className="btn-secondary"
          disabled={defaults.busy}
          onClick={(e) => void defaults.submit(e)}
        >
          {t('plansUi:builder.defaultAgencies')}
        </button>
      )}
      <FormError error={defaults.error} fields={[]} />
      <details>
        <summary>{t('plansUi:builder.addAgency')}</summary>
        <div className="row-fields">
          <TextInput
            id="new-agency-name"
            label={t('plansUi:builder.agencyName')}
            value={name}
            onChange={setName}
            error={issueAt(add.error, 'name')}
          />
          <SelectInput
            id="new-agency-kind"
            label={t('plansUi:builder.agencyKind')}
            value={kind}
            onChange={setKind}
            options={AGENCY_KINDS.map((k) => ({ value: k, label: t(`plansUi:kind.${k}`) }))}
            className="narrow"
          />
        </div>
        <FormError error={add.error} fields={['name']} />
        <button type="button" className="btn-secondary" disabled={add.busy} onClick={(e) => void add.submit(e)}>
          + {t('plansUi:builder.addAgency')}
        </button>
      </details>
      {added && (
        <p className="ok-text small" role="status">
          {added}
        </p>
      )}
    </div>
  );
}

/** The problem of a whole list (no task at all, section V empty): focusable, so that "first problem" can go there. */
function ListError({ id, error }: { id: string; error: string | undefined }) {
  return (
    <p id={id} className="field-error pre-line" tabIndex={-1} role={error ? 'alert' : undefined}>
      {error}
    </p>
  );
}

/** What inheriting the province's plan changed: its own targets left out, deadlines already past left blank. */
function AdaptedNote({ adapted }: { adapted: PlanDraft['adapted'] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { droppedTargets: dropped, clearedDeadlines: cleared } = adapted;
  return (
    <div className="notice" role="status" data-testid="adapted-note">
      <p>{t('plansUi:adapted.lead')}</p>
      <ul>
        {dropped.length > 0 && (
          <li>
            {t('plansUi:adapted.droppedTargets', {
              count: dropped.length,
              list: dropped.map((x) => `“${x}”`).join('; '),
            })}
          </li>
        )}
        {cleared.length > 0 && (
          <li>
            {t('plansUi:adapted.clearedDeadlines', {
              count: cleared.length,
              list: cleared.map((x) => t('plansUi:adapted.task', { n: x.n, date: f.date(x.dueOn) })).join('; '),
            })}
          </li>
        )}
        {dropped.length === 0 && cleared.length === 0 && <li>{t('plansUi:adapted.nothing')}</li>}
      </ul>
    </div>
  );
}
