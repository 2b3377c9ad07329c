// Protection cases of the commune: the next step of each intervention plan with its due date in working
// days and a warning when it has passed. Only the cases the viewer may see arrive; a sensitive case an
// officer opens waits for the chairman to assign it. A form opens a case for a child found by its code.
import { useId, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError, api, qs } from '../../app/api.ts';
import { useFormat } from '../../app/format.ts';
import { Badge } from '../../app/ui.tsx';
import { useApi } from '../../app/useApi.ts';
import { DueDate } from '../../ui/deadline.tsx';
import { NoAccess, RegisterNav, registerApi, registerPath, useRegisterUnit } from './parts.tsx';
import { dayForApi, todayText } from '../../ui/dates.ts';
import {
  CheckInput,
  DateInput,
  focusFirstIssue,
  FormActions,
  FormError,
  SelectInput,
  TextArea,
  TextInput,
  useFormSubmit,
} from '../../ui/forms.tsx';
import { DataTable, ListResource, useSearchUpdate } from '../../ui/tables.tsx';
import { INJURY_CAUSES } from '../../../core/reports/statistics.ts';
import type { CaseDeadline, CaseView, CaseWritten, ChildPage, RegisterAccess } from './types.ts';

export const CASE_KINDS = [
  'abuse',
  'abandonment',
  'trafficking',
  'injury',
  'death',
  'law_violation',
  'drug_use',
  'child_labour',
] as const;
export const ABUSE_KINDS = ['sexual', 'physical', 'emotional', 'neglect', 'exploitation'] as const;
export const PLAN_KINDS: readonly string[] = ['abuse', 'abandonment', 'trafficking'];
/** Kinds that carry a cause from the national list; the others are refused one. */
export const CAUSE_KINDS: readonly string[] = ['injury', 'death'];

export default function CasesPage() {
  const { unitId, access } = useRegisterUnit();
  if (!access || access === 'collaborator') return <NoAccess />;
  return <CasesList key={unitId} unitId={unitId} access={access} />;
}

/** The next step and its due date, with working days left or overdue in words (never "0 days"). */
export function DeadlineInfo({ deadline }: { deadline: CaseDeadline | null }) {
  const { t } = useTranslation();
  if (!deadline) return <span className="muted">—</span>;
  return (
    <span className="due" data-testid="case-deadline">
      <span>{t(`registerUi:cases.step.${deadline.step}`)}:</span> <DueDate status={deadline} />
    </span>
  );
}

function CasesList({ unitId, access }: { unitId: number; access: RegisterAccess }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [params, update] = useSearchUpdate();
  const openOnly = params.get('open') === 'true';
  const childCode = params.get('child') ?? '';
  const [adding, setAdding] = useState(childCode !== '');
  const [waiting, setWaiting] = useState<number | null>(null);
  const list = useApi<CaseView[]>(`${registerApi(unitId)}/cases${qs({ open: openOnly ? 'true' : undefined })}`);
  const overdue = (list.data ?? []).filter((c) => c.deadline?.state === 'overdue').length;

  return (
    <section className="page register-page" aria-labelledby="cases-title">
      <div className="register-head">
        <h1 id="cases-title">{t('registerUi:cases.title')}</h1>
        {!adding && (
          <button type="button" className="btn-primary" onClick={() => setAdding(true)}>
            {t('registerUi:cases.open')}
          </button>
        )}
      </div>
      <RegisterNav unitId={unitId} access={access} />
      <p className="small muted">{t('registerUi:cases.intro')}</p>
      {waiting !== null && (
        <p className="ok-text" role="status">
          {t('registerUi:cases.waiting', { id: waiting })}
        </p>
      )}
      {adding && (
        <OpenCaseForm
          unitId={unitId}
          initialCode={childCode}
          onCancel={() => setAdding(false)}
          onWaiting={(id) => {
            setAdding(false);
            setWaiting(id);
            list.reload();
          }}
        />
      )}
      <div className="toolbar">
        <label className="check">
          <input
            type="checkbox"
            checked={openOnly}
            onChange={(e) => update({ open: e.target.checked ? 'true' : null })}
          />{' '}
          {t('registerUi:cases.openOnly')}
        </label>
      </div>
      {overdue > 0 && (
        <p className="error-box" role="alert">
          {t('registerUi:cases.overdueCount', { count: overdue })}
        </p>
      )}
      <ListResource loaded={list} isEmpty={(rows) => rows.length === 0} empty={t('registerUi:cases.empty')}>
        {(rows) => (
          <DataTable
            rows={rows}
            rowKey={(c) => c.id}
            rowClassName={(c) => (c.deadline?.state === 'overdue' ? 'error-row' : undefined)}
            testId="cases-table"
            columns={[
              {
                label: t('register:field.kind'),
                cell: (c) => (
                  <Link to={`${registerPath(unitId)}/cases/${c.id}`} className="row-link">
                    {t(`register:kind.${c.kind}`)}
                  </Link>
                ),
              },
              {
                label: t('register:field.cause'),
                cell: (c) =>
                  c.details.cause ? (
                    t(`register:cause.${c.details.cause}`)
                  ) : CAUSE_KINDS.includes(c.kind) ? (
                    <span className="muted">{t('registerUi:cases.causeUnrecorded')}</span>
                  ) : (
                    <span className="muted">—</span>
                  ),
              },
              {
                label: t('registerUi:cases.child'),
                cell: (c) => (
                  <Link to={`${registerPath(unitId)}/children/${c.child.id}`}>
                    {c.child.fullName} <span className="code">{c.child.code}</span>
                  </Link>
                ),
              },
              { label: t('register:field.reportedOn'), cell: (c) => f.date(c.reportedOn) },
              { label: t('registerUi:cases.nextStep'), cell: (c) => <DeadlineInfo deadline={c.deadline} /> },
              {
                label: t('registerUi:cases.state'),
                cell: (c) => (
                  <span className="inline-list">
                    {c.closedOn ? (
                      <span className="small">{t('registerUi:cases.closedOn', { date: f.date(c.closedOn) })}</span>
                    ) : (
                      <Badge tone="warn">{t('registerUi:cases.openState')}</Badge>
                    )}
                    {c.timeliness !== 'not_needed' && <TimelinessBadge timeliness={c.timeliness} />}
                    {c.caseWorker.id === null && !c.closedOn && (
                      <Badge tone="warn">{t('registerUi:cases.unassigned')}</Badge>
                    )}
                  </span>
                ),
              },
            ]}
          />
        )}
      </ListResource>
    </section>
  );
}

/** Whether the plan was drafted and approved in time, where the case needs one. */
export function TimelinessBadge({ timeliness }: { timeliness: CaseView['timeliness'] }) {
  const { t } = useTranslation();
  return (
    <Badge tone={timeliness === 'in_time' ? 'ok' : timeliness === 'late' ? 'bad' : 'muted'}>
      {t(`registerUi:cases.timeliness.${timeliness}`)}
    </Badge>
  );
}

const CASE_FIELDS = [
  'childCode',
  'kind',
  'abuseKind',
  'cause',
  'occurredOn',
  'reportedOn',
  'emergency',
  'summary',
  'planDraftedOn',
  'caseWorkerId',
  'childId',
] as const;

function OpenCaseForm({
  unitId,
  initialCode,
  onCancel,
  onWaiting,
}: {
  unitId: number;
  initialCode: string;
  onCancel(): void;
  onWaiting(id: number): void;
}) {
  const { t } = useTranslation();
  const uid = useId();
  const navigate = useNavigate();
  const [v, setV] = useState({
    childCode: initialCode,
    kind: '',
    abuseKind: '',
    cause: '',
    occurredOn: '',
    reportedOn: todayText(),
    summary: '',
    planDraftedOn: '',
  });
  const [emergency, setEmergency] = useState(false);
  const set = (k: keyof typeof v) => (value: string) => setV((prev) => ({ ...prev, [k]: value }));
  const id = (k: string) => `${uid}-${k}`;
  const { submit, error, issues, busy } = useFormSubmit(
    async () => {
      const code = v.childCode.trim();
      if (!code)
        throw new ApiError(400, 'child_code', t('registerUi:cases.childCodeMissing'), [
          { field: 'childCode', value: '', message: t('registerUi:cases.childCodeMissing') },
        ]);
      const found = await api<ChildPage>(
        `${registerApi(unitId)}/children${qs({ q: code, includeLeft: 'true', pageSize: 20 })}`,
      );
      const child = found.rows.find((r) => r.code === code);
      if (!child) {
        const message = t('registerUi:cases.childNotFound', { code });
        throw new ApiError(404, 'child_not_found', message, [{ field: 'childCode', value: code, message }]);
      }
      const created = await api<CaseWritten>(`${registerApi(unitId)}/cases`, {
        method: 'POST',
        body: {
          childId: child.id,
          kind: v.kind || null,
          abuseKind: v.kind === 'abuse' ? v.abuseKind || null : null,
          cause: CAUSE_KINDS.includes(v.kind) ? v.cause || null : null,
          occurredOn: dayForApi(v.occurredOn) ?? '',
          reportedOn: dayForApi(v.reportedOn) ?? '',
          emergency,
          summary: v.summary.trim(),
          planDraftedOn: PLAN_KINDS.includes(v.kind) ? dayForApi(v.planDraftedOn) : null,
        },
      });
      // A sensitive case waits for the chairman's assignment: its author is told so, and stays on the list.
      if (created.case) navigate(`${registerPath(unitId)}/cases/${created.id}`);
      else onWaiting(created.id);
    },
    (err) => focusFirstIssue(err, CASE_FIELDS, id),
  );
  const field = (k: keyof typeof v) => ({
    id: id(k),
    label: t(`register:field.${k}`),
    value: v[k],
    onChange: set(k),
    error: issues[k],
  });
  const choice = (k: 'kind' | 'abuseKind' | 'cause', values: readonly string[]) => ({
    ...field(k),
    required: true,
    empty: t('registerUi:form.choose'),
    options: values.map((x) => ({ value: x, label: t(`register:${k}.${x}`) })),
  });

  return (
    <form className="card register-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby={`${uid}-title`}>
      <h2 className="card-title" id={`${uid}-title`}>
        {t('registerUi:cases.openTitle')}
      </h2>
      <p className="small muted">{t('registerUi:cases.openIntro')}</p>
      <div className="form-grid">
        <TextInput {...field('childCode')} required error={issues.childCode ?? issues.childId} maxLength={40} />
        <SelectInput {...choice('kind', CASE_KINDS)} />
        {v.kind === 'abuse' && <SelectInput {...choice('abuseKind', ABUSE_KINDS)} />}
        {CAUSE_KINDS.includes(v.kind) && <SelectInput {...choice('cause', INJURY_CAUSES)} />}
        <DateInput {...field('occurredOn')} required />
        <DateInput {...field('reportedOn')} required />
        {PLAN_KINDS.includes(v.kind) && <DateInput {...field('planDraftedOn')} />}
      </div>
      <CheckInput
        id={id('emergency')}
        label={t('register:field.emergency')}
        checked={emergency}
        onChange={setEmergency}
      />
      <TextArea {...field('summary')} maxLength={4000} rows={3} />
      {PLAN_KINDS.includes(v.kind) && <p className="small muted">{t('registerUi:cases.planRule')}</p>}
      <FormError error={error} fields={CASE_FIELDS} />
      <FormActions busy={busy} submitLabel={t('registerUi:cases.openSubmit')} onCancel={onCancel} />
    </form>
  );
}
