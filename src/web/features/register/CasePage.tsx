// One protection case (the server sends only cases the viewer may see, whole): its details, the plan's
// deadlines with the next step's due date in words, the chairman's assignment of a worker and approval of
// the plan (each confirmed with a summary first), and an edit of the plan dates for its worker and the chairman.
import { useId, useState } from 'react';
import { useApi } from '../../app/useApi.ts';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../app/api.ts';
import { useAuth } from '../../app/auth.tsx';
import { useFormat } from '../../app/format.ts';
import { Badge, PageResource } from '../../app/ui.tsx';
import { CAUSE_KINDS, DeadlineInfo, PLAN_KINDS, TimelinessBadge } from './CasesPage.tsx';
import { INJURY_CAUSES } from '../../../core/reports/statistics.ts';
import { NoAccess, RegisterNav, registerApi, registerPath, useRegisterUnit } from './parts.tsx';
import { ConfirmDialog, SummaryList } from '../../ui/confirm.tsx';
import { dayForApi, showDay, todayText } from '../../ui/dates.ts';
import { BackLink, DateInput, FormError, SelectInput, SubmitButton, useFormSubmit } from '../../ui/forms.tsx';
import { Fact } from '../../ui/tables.tsx';
import type { CaseView, CaseWritten, RegisterAccess } from './types.ts';

export default function CasePage() {
  const { caseId } = useParams();
  const { unitId, access } = useRegisterUnit();
  if (!access || access === 'collaborator') return <NoAccess />;
  const path = `${registerApi(unitId)}/cases/${encodeURIComponent(caseId ?? '')}`;
  return (
    <PageResource<CaseView> path={path} isCurrent={(c) => String(c.id) === caseId}>
      {(c, loaded) => (
        <CaseDetail
          key={c.id}
          unitId={unitId}
          access={access}
          view={c}
          onChange={(next) => (next ? loaded.setData(next) : loaded.reload())}
        />
      )}
    </PageResource>
  );
}

function CaseDetail({
  unitId,
  access,
  view,
  onChange,
}: {
  unitId: number;
  access: RegisterAccess;
  view: CaseView;
  onChange(v: CaseView | null): void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const { user } = useAuth();
  const d = view.details;
  const mayEdit = access === 'chairman' || (view.caseWorker.id !== null && view.caseWorker.id === user?.id);
  const needsPlan = PLAN_KINDS.includes(view.kind);
  const label = (field: string) => t(`register:field.${field}`);

  return (
    <section className="page register-page" aria-labelledby="case-title">
      <BackLink to={`${registerPath(unitId)}/cases`}>{t('registerUi:cases.back')}</BackLink>
      <h1 id="case-title">{t('registerUi:cases.caseTitle', { kind: t(`register:kind.${view.kind}`) })}</h1>
      <RegisterNav unitId={unitId} access={access} />
      <p className="logged-note" role="note">
        {t('registerUi:cases.logged')}
      </p>
      <div className="card">
        <dl className="facts compact">
          <Fact term={label('kind')}>{t(`register:kind.${view.kind}`)}</Fact>
          <Fact term={label('reportedOn')}>{f.date(view.reportedOn)}</Fact>
          <Fact term={label('closedOn')}>
            {view.closedOn ? f.date(view.closedOn) : <Badge tone="warn">{t('registerUi:cases.openState')}</Badge>}
          </Fact>
          <>
            <Fact term={t('registerUi:cases.child')}>
              <Link to={`${registerPath(unitId)}/children/${view.child.id}`}>
                {view.child.fullName} <span className="code">{view.child.code}</span>
              </Link>
            </Fact>
            {d.abuseKind && <Fact term={label('abuseKind')}>{t(`register:abuseKind.${d.abuseKind}`)}</Fact>}
            {CAUSE_KINDS.includes(view.kind) && (
              <Fact term={label('cause')}>
                {d.cause ? (
                  t(`register:cause.${d.cause}`)
                ) : (
                  <Badge tone="warn">{t('registerUi:cases.causeUnrecorded')}</Badge>
                )}
              </Fact>
            )}
            <Fact term={label('occurredOn')}>{f.date(d.occurredOn)}</Fact>
            <Fact term={label('emergency')}>
              {d.emergency ? t('assessments:value.yes') : t('assessments:value.no')}
            </Fact>
            <Fact term={label('caseWorkerId')}>
              {view.caseWorker.name ?? <Badge tone="warn">{t('registerUi:cases.unassigned')}</Badge>}
            </Fact>
            {view.assignment && (
              <Fact term={t('registerUi:cases.assignedBy')}>
                {view.assignment.by ?? '—'}
                {view.assignment.at && `, ${f.dateTime(view.assignment.at)}`}
              </Fact>
            )}
            <Fact term={label('summary')} className="pre-line">
              {d.summary || '—'}
            </Fact>
          </>
        </dl>
      </div>

      {needsPlan && (
        <div className="card" aria-labelledby="plan-title">
          <h2 className="card-title" id="plan-title">
            {t('registerUi:cases.plan')}
          </h2>
          <p>
            <DeadlineInfo deadline={view.deadline} />
          </p>
          {d && (
            <dl className="facts compact">
              <Fact term={t('registerUi:cases.planDueOn')}>{f.date(d.planDueOn) || '—'}</Fact>
              <Fact term={label('planDraftedOn')}>{f.date(d.planDraftedOn) || '—'}</Fact>
              <Fact term={t('registerUi:cases.approvalDueOn')}>{f.date(d.approvalDueOn) || '—'}</Fact>
              <Fact term={label('planApprovedOn')}>{f.date(d.planApprovedOn) || '—'}</Fact>
            </dl>
          )}
          {view.timeliness !== 'not_needed' && (
            <p>
              <TimelinessBadge timeliness={view.timeliness} />
            </p>
          )}
          {access === 'chairman' && d && d.planDraftedOn && !d.planApprovedOn && (
            <ApproveForm unitId={unitId} view={view} onDone={onChange} />
          )}
        </div>
      )}

      {access === 'chairman' && <AssignForm unitId={unitId} view={view} onDone={onChange} />}
      {mayEdit && <EditDates unitId={unitId} view={view} needsPlan={needsPlan} onDone={onChange} />}
    </section>
  );
}

function EditDates({
  unitId,
  view,
  needsPlan,
  onDone,
}: {
  unitId: number;
  view: CaseView;
  needsPlan: boolean;
  onDone(v: CaseView | null): void;
}) {
  const { t } = useTranslation();
  const uid = useId();
  const d = view.details;
  const [planDraftedOn, setPlanDraftedOn] = useState(showDay(d.planDraftedOn));
  const [closedOn, setClosedOn] = useState(showDay(view.closedOn));
  const [cause, setCause] = useState(d.cause ?? '');
  const takesCause = CAUSE_KINDS.includes(view.kind);
  const [saved, setSaved] = useState(false);
  const { submit, error, issues, busy } = useFormSubmit(async () => {
    setSaved(false);
    const body: Record<string, unknown> = { closedOn: dayForApi(closedOn) };
    if (needsPlan) body.planDraftedOn = dayForApi(planDraftedOn);
    // Sent only when chosen: an old case without a cause may still be closed.
    if (takesCause && (cause || d.cause)) body.cause = cause || null;
    const next = await api<CaseWritten>(`${registerApi(unitId)}/cases/${view.id}`, { method: 'PUT', body });
    setSaved(true);
    onDone(next.case);
  });

  return (
    <form className="card register-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby={`${uid}-title`}>
      <h2 className="card-title" id={`${uid}-title`}>
        {takesCause ? t('registerUi:cases.editCause') : t('registerUi:cases.editDates')}
      </h2>
      <div className="form-grid">
        {takesCause && (
          <SelectInput
            id={`${uid}-cause`}
            label={t('register:field.cause')}
            required
            value={cause}
            onChange={setCause}
            empty={t('registerUi:form.choose')}
            options={INJURY_CAUSES.map((x) => ({ value: x, label: t(`register:cause.${x}`) }))}
            error={issues.cause}
          />
        )}
        {needsPlan && (
          <DateInput
            id={`${uid}-drafted`}
            label={t('register:field.planDraftedOn')}
            value={planDraftedOn}
            onChange={setPlanDraftedOn}
            error={issues.planDraftedOn}
          />
        )}
        <DateInput
          id={`${uid}-closed`}
          label={t('register:field.closedOn')}
          value={closedOn}
          onChange={setClosedOn}
          error={issues.closedOn}
        />
      </div>
      <FormError error={error} fields={['cause', 'planDraftedOn', 'closedOn']} />
      {saved && (
        <p className="ok-text" role="status">
          {t('registerUi:form.saved')}
        </p>
      )}
      <SubmitButton busy={busy}>{t('registerUi:form.save')}</SubmitButton>
    </form>
  );
}

/** An act confirmed in a dialog: its busy state and its error, shown in the dialog. */
function useConfirmedAct(action: () => Promise<void>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | string | null>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(err instanceof ApiError ? err : String(err));
    } finally {
      setBusy(false);
    }
  };
  return { run, busy, error, reset: () => setError(null) };
}

/** Facts of the case every confirmation repeats: which case, which child, what kind, who handles it. */
function useCaseRows(view: CaseView) {
  const { t } = useTranslation();
  const kind = t(`register:kind.${view.kind}`);
  const abuse = view.details.abuseKind
    ? ` (${t(`register:abuseKind.${view.details.abuseKind}`)})`
    : view.details.cause
      ? ` (${t(`register:cause.${view.details.cause}`)})`
      : '';
  return [
    { label: t('registerUi:cases.caseNumber'), value: String(view.id) },
    { label: t('registerUi:cases.child'), value: view.child.fullName },
    { label: t('register:field.childCode'), value: view.child.code },
    { label: t('register:field.kind'), value: `${kind}${abuse}` },
  ];
}

/**
 * The chairman approves the intervention plan on a date. Approval cannot be undone: a summary of the case,
 * the plan's dates and who handles it is confirmed first, with a warning when the date is past the due date.
 */
function ApproveForm({ unitId, view, onDone }: { unitId: number; view: CaseView; onDone(v: CaseView): void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const uid = useId();
  const d = view.details;
  const [approvedOn, setApprovedOn] = useState(todayText());
  const [missing, setMissing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const caseRows = useCaseRows(view);
  const day = dayForApi(approvedOn);
  const act = useConfirmedAct(async () => {
    const next = await api<CaseView>(`${registerApi(unitId)}/cases/${view.id}/approve-plan`, {
      method: 'POST',
      body: { approvedOn: day ?? '' },
    });
    setConfirming(false);
    onDone(next);
  });
  const issues = act.error instanceof ApiError ? act.error.issues : [];
  const fieldError =
    (missing ? t('registerUi:cases.approveDateMissing') : undefined) ??
    issues.find((i) => i.field === 'planApprovedOn' || i.field === 'approvedOn')?.message;
  const late = day && d.approvalDueOn && day > d.approvalDueOn;

  return (
    <>
      <form
        className="sub-form"
        onSubmit={(e) => {
          e.preventDefault();
          setMissing(!day);
          act.reset();
          if (day) setConfirming(true);
        }}
        noValidate
        aria-label={t('registerUi:cases.approve')}
      >
        <DateInput
          id={`${uid}-approved`}
          label={t('register:field.planApprovedOn')}
          required
          value={approvedOn}
          onChange={(v) => {
            setApprovedOn(v);
            setMissing(false);
          }}
          error={fieldError}
        />
        <SubmitButton busy={act.busy}>{t('registerUi:cases.approve')}</SubmitButton>
      </form>
      {confirming && day && (
        <ConfirmDialog
          testId="approve-confirm"
          title={t('registerUi:cases.approveTitle', { id: view.id })}
          confirmLabel={t('registerUi:cases.approveConfirm')}
          onConfirm={act.run}
          onCancel={() => {
            setConfirming(false);
            act.reset();
          }}
          busy={act.busy}
          error={act.error}
          irreversible
          warning={late ? t('registerUi:cases.approveLate', { date: f.date(day), due: f.date(d.approvalDueOn) }) : null}
        >
          <SummaryList
            rows={[
              ...caseRows,
              { label: t('register:field.reportedOn'), value: f.date(view.reportedOn) },
              { label: t('registerUi:cases.planDueOn'), value: f.date(d.planDueOn) || '—' },
              { label: t('register:field.planDraftedOn'), value: f.date(d.planDraftedOn) || '—' },
              { label: t('registerUi:cases.approvalDueOn'), value: f.date(d.approvalDueOn) || '—' },
              { label: t('register:field.planApprovedOn'), value: <strong>{f.date(day)}</strong> },
              {
                label: t('register:field.caseWorkerId'),
                value: view.caseWorker.name ?? t('registerUi:cases.unassigned'),
              },
            ]}
          />
        </ConfirmDialog>
      )}
    </>
  );
}

/**
 * The chairman assigns the worker. Assigning shows that officer the child's confidential records, which
 * cannot be unseen: a summary (case, child, kind, who now and who next) is confirmed before it is sent.
 */
function AssignForm({ unitId, view, onDone }: { unitId: number; view: CaseView; onDone(v: CaseView | null): void }) {
  const { t } = useTranslation();
  const uid = useId();
  const workers = useApi<Array<{ id: number; fullName: string }>>(`${registerApi(unitId)}/workers`);
  const [workerId, setWorkerId] = useState(view.caseWorker.id === null ? '' : String(view.caseWorker.id));
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState(false);
  const caseRows = useCaseRows(view);
  const chosen = workers.data?.find((w) => String(w.id) === workerId);
  const changed = workerId !== (view.caseWorker.id === null ? '' : String(view.caseWorker.id));
  const act = useConfirmedAct(async () => {
    const next = await api<CaseWritten>(`${registerApi(unitId)}/cases/${view.id}`, {
      method: 'PUT',
      body: { caseWorkerId: workerId ? Number(workerId) : null },
    });
    setConfirming(false);
    setDone(true);
    onDone(next.case);
  });
  const kind = t(`register:kind.${view.kind}`);
  return (
    <>
      <form
        className="card register-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (changed) setConfirming(true);
        }}
        noValidate
        aria-labelledby={`${uid}-title`}
      >
        <h2 className="card-title" id={`${uid}-title`}>
          {t('registerUi:cases.assignTitle')}
        </h2>
        <p className="small muted">{t('registerUi:cases.assignIntro')}</p>
        <SelectInput
          id={`${uid}-worker`}
          label={t('registerUi:cases.assignWorker')}
          value={workerId}
          onChange={(v) => {
            setWorkerId(v);
            setConfirming(false);
            setDone(false);
            act.reset();
          }}
          options={(workers.data ?? []).map((w) => ({ value: String(w.id), label: w.fullName }))}
          empty={t('registerUi:cases.assignNobody')}
        />
        {done && (
          <p className="ok-text" role="status">
            {t('registerUi:cases.assigned')}
          </p>
        )}
        <div className="action-row">
          <button type="submit" className="btn-primary" disabled={!changed}>
            {t('registerUi:cases.assignSubmit')}
          </button>
        </div>
      </form>
      {confirming && (
        <ConfirmDialog
          testId="assign-confirm"
          title={
            chosen
              ? t('registerUi:cases.assignQuestion', { id: view.id, name: chosen.fullName })
              : t('registerUi:cases.unassignQuestion', { id: view.id })
          }
          confirmLabel={t('registerUi:cases.assignSubmit')}
          onConfirm={act.run}
          onCancel={() => {
            setConfirming(false);
            act.reset();
          }}
          busy={act.busy}
          error={act.error}
          irreversible={!!chosen}
          tone={chosen ? 'primary' : 'danger'}
        >
          <SummaryList
            rows={[
              ...caseRows,
              {
                label: t('registerUi:cases.currentWorker'),
                value: view.caseWorker.name ?? t('registerUi:cases.unassigned'),
              },
              {
                label: t('registerUi:cases.assignWorker'),
                value: <strong>{chosen ? chosen.fullName : t('registerUi:cases.assignNobody')}</strong>,
              },
            ]}
          />
          <p>
            {chosen
              ? t('registerUi:cases.assignConfirm', { id: view.id, kind, name: chosen.fullName })
              : t('registerUi:cases.unassignConfirm', { id: view.id })}
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
