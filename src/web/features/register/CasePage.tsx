// One protection case (the server sends only cases the viewer may see, whole): its details, the plan's
// deadlines, the chairman's assignment of a worker (confirmed with a summary), an edit of the plan dates
// for its worker and the chairman, and the chairman's approval of the plan.
import { useId, useState } from 'react';
import { useApi } from '../../app/useApi.ts';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api.ts';
import { useAuth } from '../../app/auth.tsx';
import { useFormat } from '../../app/format.ts';
import { Badge, PageResource } from '../../app/ui.tsx';
import { DeadlineInfo, PLAN_KINDS, TimelinessBadge } from './CasesPage.tsx';
import { NoAccess, RegisterNav, registerApi, registerPath, useRegisterUnit } from './parts.tsx';
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
            <ApproveForm unitId={unitId} caseId={view.id} onDone={onChange} />
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
  const [saved, setSaved] = useState(false);
  const { submit, error, issues, busy } = useFormSubmit(async () => {
    setSaved(false);
    const body: Record<string, unknown> = { closedOn: dayForApi(closedOn) };
    if (needsPlan) body.planDraftedOn = dayForApi(planDraftedOn);
    const next = await api<CaseWritten>(`${registerApi(unitId)}/cases/${view.id}`, { method: 'PUT', body });
    setSaved(true);
    onDone(next.case);
  });

  return (
    <form className="card register-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby={`${uid}-title`}>
      <h2 className="card-title" id={`${uid}-title`}>
        {t('registerUi:cases.editDates')}
      </h2>
      <div className="form-grid">
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
      <FormError error={error} fields={['planDraftedOn', 'closedOn']} />
      {saved && (
        <p className="ok-text" role="status">
          {t('registerUi:form.saved')}
        </p>
      )}
      <SubmitButton busy={busy}>{t('registerUi:form.save')}</SubmitButton>
    </form>
  );
}

function ApproveForm({ unitId, caseId, onDone }: { unitId: number; caseId: number; onDone(v: CaseView): void }) {
  const { t } = useTranslation();
  const uid = useId();
  const [approvedOn, setApprovedOn] = useState(todayText());
  const { submit, error, issues, busy } = useFormSubmit(async () => {
    onDone(
      await api<CaseView>(`${registerApi(unitId)}/cases/${caseId}/approve-plan`, {
        method: 'POST',
        body: { approvedOn: dayForApi(approvedOn) ?? '' },
      }),
    );
  });

  return (
    <form className="sub-form" onSubmit={(e) => void submit(e)} noValidate aria-label={t('registerUi:cases.approve')}>
      <DateInput
        id={`${uid}-approved`}
        label={t('register:field.planApprovedOn')}
        required
        value={approvedOn}
        onChange={setApprovedOn}
        error={issues.planApprovedOn ?? issues.approvedOn}
      />
      <FormError error={error} fields={['planApprovedOn', 'approvedOn']} />
      <SubmitButton busy={busy}>{t('registerUi:cases.approve')}</SubmitButton>
    </form>
  );
}

/**
 * The chairman assigns the worker. Assigning shows that officer the child's confidential records, which
 * cannot be unseen: the form asks once more with a summary (case, kind, who) before it is sent.
 */
function AssignForm({ unitId, view, onDone }: { unitId: number; view: CaseView; onDone(v: CaseView | null): void }) {
  const { t } = useTranslation();
  const uid = useId();
  const workers = useApi<Array<{ id: number; fullName: string }>>(`${registerApi(unitId)}/workers`);
  const [workerId, setWorkerId] = useState(view.caseWorker.id === null ? '' : String(view.caseWorker.id));
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState(false);
  const chosen = workers.data?.find((w) => String(w.id) === workerId);
  const changed = workerId !== (view.caseWorker.id === null ? '' : String(view.caseWorker.id));
  const { submit, error, issues, busy } = useFormSubmit(async () => {
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
    <form className="card register-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby={`${uid}-title`}>
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
        }}
        options={(workers.data ?? []).map((w) => ({ value: String(w.id), label: w.fullName }))}
        empty={t('registerUi:cases.assignNobody')}
        error={issues.caseWorkerId}
      />
      <FormError error={error} fields={['caseWorkerId']} />
      {done && (
        <p className="ok-text" role="status">
          {t('registerUi:cases.assigned')}
        </p>
      )}
      {confirming ? (
        <div className="confirm" role="alertdialog" aria-labelledby={`${uid}-q`}>
          <p id={`${uid}-q`}>
            {chosen
              ? t('registerUi:cases.assignConfirm', { id: view.id, kind, name: chosen.fullName })
              : t('registerUi:cases.unassignConfirm', { id: view.id })}
          </p>
          <div className="action-row">
            <SubmitButton busy={busy}>{t('registerUi:cases.assignSubmit')}</SubmitButton>
            <button type="button" className="btn-secondary" onClick={() => setConfirming(false)} disabled={busy}>
              {t('common:cancel')}
            </button>
          </div>
        </div>
      ) : (
        <div className="action-row">
          <button type="button" className="btn-primary" disabled={!changed} onClick={() => setConfirming(true)}>
            {t('registerUi:cases.assignSubmit')}
          </button>
        </div>
      )}
    </form>
  );
}
