// Ban hành: the number, date and signer; the checks of src/core/plans/issue.ts run first (each problem goes
// to its field in the builder, the first focused), then one confirmation with the plan's summary and its
// preview, since an issued plan can no longer be edited. The server checks again and has the last word.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { checkIssue, type PlanIssue } from '../../../core/plans/plan.ts';
import { issueProblems, type IssuablePlan } from '../../../core/plans/issue.ts';
import { api, ApiError, type ApiIssue } from '../../app/api.ts';
import { useFormat } from '../../app/format.ts';
import { ConfirmDialog, SummaryList } from '../../ui/confirm.tsx';
import { dayForApi, todayText } from '../../ui/dates.ts';
import { DateInput, FormError, TextInput } from '../../ui/forms.tsx';
import { issueAt, unitApi } from './parts.ts';
import type { PlanView } from './types.ts';

/** The fields of the issue form itself; every other field a problem names is in the builder. */
export const ISSUE_FIELDS = ['number', 'issuedOn', 'signerName', 'decisionNumber', 'decisionOn'] as const;
const ownField = (field: string) => (ISSUE_FIELDS as readonly string[]).includes(field);

/** The saved plan as the checks read it. */
export function issuableOf(plan: PlanView): IssuablePlan {
  return {
    ...plan,
    tasks: plan.tasks.map((t) => ({
      text: t.text,
      dueOn: t.dueOn,
      agencyIds: t.agencies.map((a) => a.id),
      cancelled: t.status === 'cancelled',
      recurring: t.recurrence !== 'once',
    })),
  };
}

/** Agencies the plan's tasks are given to, each once, in order of first mention. */
const agenciesOf = (plan: PlanView) => [
  ...new Set(plan.tasks.filter((t) => t.status !== 'cancelled').flatMap((t) => t.agencies.map((a) => a.name))),
];

export function IssuePlan({
  plan,
  dirty,
  signerName,
  onProblems,
  onIssued,
}: {
  plan: PlanView;
  dirty: boolean;
  signerName: string;
  /** Problems with fields of the builder (or null to clear them): shown there, the first focused. */
  onProblems(error: ApiError | null): void;
  onIssued(view: PlanView): void;
}) {
  const { t } = useTranslation(['plans', 'plansUi']);
  const f = useFormat();
  const [open, setOpen] = useState(false);
  const [number, setNumber] = useState('');
  const [issuedOn, setIssuedOn] = useState(todayText());
  const [signer, setSigner] = useState(signerName);
  // A plan issued as the annex of a decision (Bắc Kạn: QĐ 352) names it; empty: a plan issued on its own.
  const [decisionNumber, setDecisionNumber] = useState('');
  const [formError, setFormError] = useState<ApiError | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [confirmError, setConfirmError] = useState<ApiError | null>(null);
  // A new save may have put the problems right: they are found again on the next try.
  useEffect(() => setFormError(null), [plan.revision]);

  /** A problem in words, as the server words it: "Nhiệm vụ 3 – Cơ quan thực hiện: …". */
  const label = (field: string) => {
    const parts = field.split('.');
    const own = t(`plans:field.${parts[parts.length - 1]}`);
    return parts.length === 3
      ? t('common:field.row', { section: t(`plans:field.${parts[0]}`), n: Number(parts[1]) + 1, own })
      : own;
  };
  const shown = (v: unknown) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? f.date(v) : v);
  const worded = (issues: PlanIssue[]): ApiIssue[] =>
    issues.map((i) => ({
      field: i.field,
      value: i.params.value ?? null,
      message: t(`plans:${i.key}`, {
        ...Object.fromEntries(Object.entries(i.params).map(([k, v]) => [k, shown(v)])),
        field: label(i.field),
        interpolation: { escapeValue: false },
      }),
    }));

  /** Problems go where their fields are: the issue form's own here, the builder's there. */
  const show = (error: ApiError) => {
    const theirs = error.issues.filter((i) => !ownField(i.field));
    setFormError(error);
    onProblems(theirs.length ? new ApiError(error.status, error.code, error.message, theirs) : null);
  };

  const check = () => {
    setFormError(null);
    onProblems(null);
    const day = dayForApi(issuedOn);
    const issues = [
      ...checkIssue({ number, issuedOn: day, signerName: signer || plan.signerName, year: plan.year }),
      ...issueProblems(issuableOf(plan), { level: plan.level, issuedOn: day }),
    ];
    if (issues.length) {
      show(new ApiError(400, 'invalid', t('plans:error.not_issuable', { count: issues.length }), worded(issues)));
      return;
    }
    setConfirmError(null);
    setConfirming(true);
  };

  const issue = async () => {
    setBusy(true);
    setConfirmError(null);
    try {
      const view = await api<PlanView>(`${unitApi(plan.unitId)}/plans/${plan.id}/issue`, {
        body: {
          number,
          issuedOn: dayForApi(issuedOn) ?? '',
          signerName: signer,
          ...(decisionNumber.trim() ? { decisionNumber: decisionNumber.trim() } : {}),
        },
      });
      setConfirming(false);
      onIssued(view);
    } catch (err) {
      // The server found what this page could not see (another's save): back to the fields.
      if (err instanceof ApiError && err.issues.length) {
        setConfirming(false);
        show(err);
      } else setConfirmError(err instanceof ApiError ? err : new ApiError(0, 'network', String(err)));
    } finally {
      setBusy(false);
    }
  };

  if (!open)
    return (
      <p>
        <button
          type="button"
          className="btn-secondary"
          onClick={() => {
            setSigner(signerName);
            setOpen(true);
          }}
        >
          {t('plansUi:builder.issue')}
        </button>
      </p>
    );
  const tasks = plan.tasks.filter((x) => x.status !== 'cancelled');
  const agencies = agenciesOf(plan);
  const signerLine = [
    signer.trim() || plan.signerName,
    [plan.signerAuthority, plan.signerCapacity, plan.signerTitle].filter(Boolean).join(', '),
  ]
    .filter(Boolean)
    .join(' — ');
  return (
    <>
      <form
        className="card plan-issue"
        onSubmit={(e) => {
          e.preventDefault();
          if (!dirty) check();
        }}
        aria-labelledby="issue-title"
        data-testid="issue-form"
        noValidate
      >
        <h2 id="issue-title">{t('plansUi:builder.issueTitle')}</h2>
        <p className="small muted">{t('plansUi:builder.issueLead')}</p>
        <div className="row-fields">
          <TextInput
            id="issue-number"
            label={t('plansUi:builder.number')}
            hint={t('plansUi:builder.numberHint')}
            value={number}
            onChange={setNumber}
            error={issueAt(formError, 'number')}
          />
          <DateInput
            id="issue-date"
            label={t('plansUi:builder.issuedOn')}
            value={issuedOn}
            onChange={setIssuedOn}
            error={issueAt(formError, 'issuedOn')}
          />
        </div>
        <TextInput
          id="issue-decision"
          label={t('plansUi:builder.decisionNumber')}
          hint={t('plansUi:builder.decisionNumberHint')}
          value={decisionNumber}
          onChange={setDecisionNumber}
          error={issueAt(formError, 'decisionNumber')}
        />
        <TextInput
          id="issue-signer"
          label={t('plansUi:builder.signerName')}
          value={signer}
          onChange={setSigner}
          error={issueAt(formError, 'signerName')}
        />
        <FormError error={formError} fields={[...ISSUE_FIELDS]} />
        <div className="action-row">
          <button
            type="submit"
            className="btn-primary"
            disabled={dirty}
            aria-describedby={dirty ? 'issue-save-first' : undefined}
          >
            {t('plansUi:builder.issueNext')}
          </button>
          <button
            type="button"
            className="btn-secondary"
            onClick={() => {
              setOpen(false);
              setFormError(null);
              onProblems(null);
            }}
          >
            {t('plansUi:list.cancel')}
          </button>
        </div>
        {dirty && (
          <p id="issue-save-first" className="warn-text small">
            {t('plansUi:builder.saveFirst')}
          </p>
        )}
      </form>
      {confirming && (
        <ConfirmDialog
          testId="issue-confirm"
          title={t('plansUi:builder.issueAsk', { number: number.trim() })}
          confirmLabel={t('plansUi:builder.issueConfirm')}
          irreversible
          busy={busy}
          error={confirmError}
          onConfirm={issue}
          onCancel={() => setConfirming(false)}
        >
          <SummaryList
            rows={[
              { label: t('plansUi:builder.summaryTitle'), value: plan.title },
              { label: t('plansUi:builder.number'), value: number.trim() },
              { label: t('plansUi:builder.issuedOn'), value: f.date(dayForApi(issuedOn)) },
              ...(decisionNumber.trim()
                ? [{ label: t('plansUi:builder.decisionNumber'), value: decisionNumber.trim() }]
                : []),
              { label: t('plansUi:builder.summarySigner'), value: signerLine },
              { label: t('plansUi:builder.summaryTasks'), value: f.num(tasks.length) },
              {
                label: t('plansUi:builder.summaryAgencies', { count: agencies.length }),
                value: agencies.join('; '),
              },
            ]}
          />
          <p>
            <a
              href={`${unitApi(plan.unitId)}/plans/${plan.id}/plan.pdf`}
              target="_blank"
              rel="noopener noreferrer"
              data-testid="issue-preview"
            >
              {t('plansUi:builder.preview')}
            </a>
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
