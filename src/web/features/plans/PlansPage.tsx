// "/plans/:unitId": a commune's or province's yearly plans (draft or issued, number, tasks, overdue ones),
// and the creation of a new plan, from the blank template or, for a commune, from one of its province's plans.
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api.ts';
import { useFormat } from '../../app/format.ts';
import { Badge, ErrorBox } from '../../app/ui.tsx';
import { useApi } from '../../app/useApi.ts';
import { useAuth } from '../../app/auth.tsx';
import { FormError, SelectInput, SubmitButton, TextInput, useFormSubmit } from '../../ui/forms.tsx';
import { DataTable, ListResource } from '../../ui/tables.tsx';
import { blankPlan, fromParent, issueAt, plansPath, unitApi, useCanWrite } from './parts.ts';
import type { PlanDraft, PlanInput, PlanSummary, PlanView, UnitInfo } from './types.ts';
import './plans.css';
import { thisYear } from '../../ui/dates.ts';

export default function PlansPage() {
  const unitId = Number(useParams().unitId);
  return <PlansView key={unitId} unitId={unitId} />;
}

function PlansView({ unitId }: { unitId: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  const unit = useApi<UnitInfo>(unitApi(unitId));
  const plans = useApi<PlanSummary[]>(`${unitApi(unitId)}/plans`);
  const canWrite = useCanWrite(unitId);
  // The province's own roles and the administrator see its communes' coverage; a commune reading its province's plans does not.
  const { user } = useAuth();
  const readsCoverage = !!user?.roles.some((r) => r.unitId === unitId || r.role === 'system_admin');
  const [creating, setCreating] = useState(false);
  const name = unit.data?.name ?? '';

  return (
    <section className="page plans-page" aria-labelledby="plans-title">
      <h1 id="plans-title">{t('plansUi:list.title')}</h1>
      <p className="small muted">{t('plansUi:list.lead', { unit: name })}</p>
      {!canWrite && <p className="logged-note">{t('plansUi:list.readOnly')}</p>}
      <nav className="register-nav" aria-label={t('plansUi:list.title')}>
        <Link to={`${plansPath(unitId)}/tasks`}>{t('plansUi:list.toTasks')}</Link>
        {unit.data?.level === 'province' && readsCoverage && (
          <Link to={`${plansPath(unitId)}/coverage`}>{t('plansUi:coverage.link')}</Link>
        )}
      </nav>
      <ErrorBox error={unit.error} onRetry={unit.reload} />
      <ListResource loaded={plans} isEmpty={(d) => d.length === 0} empty={t('plansUi:list.empty')}>
        {(rows) => (
          <DataTable
            testId="plans-table"
            rows={rows}
            rowKey={(r) => r.id}
            rowClassName={(r) => (r.overdue > 0 ? 'has-overdue' : undefined)}
            columns={[
              {
                label: t('plansUi:list.year'),
                // A multi-year plan reads "2019–2025".
                cell: (r) => (r.yearTo && r.yearTo > r.year ? `${r.year}–${r.yearTo}` : r.year),
                className: 'num',
              },
              {
                label: t('plansUi:list.plan'),
                cell: (r) => (
                  <>
                    <Link to={`${plansPath(unitId)}/${r.id}`}>{r.title}</Link>
                    {r.parentPlanId && <span className="small muted block">{t('plansUi:list.implements')}</span>}
                  </>
                ),
              },
              { label: t('plansUi:list.number'), cell: (r) => r.number || '—' },
              {
                label: t('plansUi:list.status'),
                cell: (r) =>
                  r.status === 'issued' ? (
                    <>
                      <Badge tone="ok">
                        {t('plansUi:list.issued')}{' '}
                        {r.issuedOn ? t('plansUi:list.issuedOn', { date: f.date(r.issuedOn) }) : ''}
                      </Badge>
                      {r.sentOn && (
                        <span className="small muted"> {t('plansUi:sent.on', { date: f.date(r.sentOn) })}</span>
                      )}
                    </>
                  ) : (
                    <Badge tone="muted">{t('plansUi:list.draft')}</Badge>
                  ),
              },
              { label: t('plansUi:list.tasks'), cell: (r) => r.tasks, className: 'num' },
              {
                label: t('plansUi:list.overdue'),
                cell: (r) =>
                  r.overdue > 0 ? (
                    <span className="overdue-text">{t('plansUi:list.overdueCount', { count: r.overdue })}</span>
                  ) : (
                    t('plansUi:list.none')
                  ),
              },
            ]}
          />
        )}
      </ListResource>
      {unit.data && canWrite && !creating && (
        <p>
          <button type="button" className="btn-primary" onClick={() => setCreating(true)}>
            + {t('plansUi:list.create')}
          </button>
        </p>
      )}
      {unit.data && canWrite && creating && <CreatePlan unit={unit.data} onCancel={() => setCreating(false)} />}
    </section>
  );
}

/** A new plan: the blank template of the chosen year, or a draft implementing one of the province's plans. */
function CreatePlan({ unit, onCancel }: { unit: UnitInfo; onCancel(): void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const level = unit.level === 'province' ? 'province' : 'commune';
  const [year, setYear] = useState(String(thisYear()));
  const [parentId, setParentId] = useState('');
  const provincePlans = useApi<PlanSummary[]>(
    level === 'commune' && unit.parentId ? `${unitApi(unit.parentId)}/plans` : null,
  );

  const create = async (input: PlanInput, adapted?: PlanDraft['adapted']) => {
    const plan = await api<PlanView>(`${unitApi(unit.id)}/plans`, { method: 'POST', body: input });
    // The plan page says what inheriting adapted (targets left out, deadlines left blank).
    navigate(`${plansPath(unit.id)}/${plan.id}`, adapted ? { state: { adapted } } : undefined);
  };
  const blank = useFormSubmit(() => create(blankPlan(Number(year), { name: unit.name, level })));
  const inherit = useFormSubmit(async () => {
    const draft = await api<PlanDraft>(`${unitApi(unit.id)}/plan-drafts/${parentId}`);
    await create(fromParent(draft.plan, { name: unit.name, level }), draft.adapted);
  });
  const province = unit.parentName ?? '';

  return (
    <section className="card plan-create" aria-labelledby="create-title" data-testid="plan-create">
      <h2 id="create-title">{t('plansUi:list.createTitle')}</h2>
      <p className="small muted">{t('plansUi:list.createLead')}</p>
      <form className="plan-create-blank" onSubmit={(e) => void blank.submit(e)}>
        <TextInput
          id="new-plan-year"
          label={t('plansUi:list.planYear')}
          value={year}
          onChange={setYear}
          inputMode="numeric"
          maxLength={4}
          error={issueAt(blank.error, 'year')}
        />
        <FormError error={blank.error} fields={['year']} />
        <div className="action-row">
          <SubmitButton busy={blank.busy}>{t('plansUi:list.blank')}</SubmitButton>
          <button type="button" className="btn-secondary" onClick={onCancel}>
            {t('plansUi:list.cancel')}
          </button>
        </div>
      </form>
      {level === 'commune' && (
        <form className="plan-create-parent" onSubmit={(e) => void inherit.submit(e)}>
          <h3>{t('plansUi:list.fromProvince')}</h3>
          <p className="small muted">{t('plansUi:list.fromProvinceLead')}</p>
          <ListResource
            loaded={provincePlans}
            isEmpty={(d) => d.length === 0}
            empty={t('plansUi:list.noProvincePlans', { province })}
          >
            {(rows) => (
              <>
                <SelectInput
                  id="province-plan"
                  label={t('plansUi:list.provincePlan', { province })}
                  value={parentId}
                  onChange={setParentId}
                  empty={t('plansUi:list.chooseProvincePlan')}
                  options={rows.map((p) => ({
                    value: String(p.id),
                    label: `${p.year} · ${p.number ? `${p.number} · ` : ''}${p.title}`,
                  }))}
                />
                <FormError error={inherit.error} fields={[]} />
                {/* Not "working" before anything is chosen: disabled, with the reason next to it. */}
                <button
                  type="submit"
                  className="btn-primary"
                  disabled={!parentId || inherit.busy}
                  aria-describedby={parentId ? undefined : 'inherit-reason'}
                >
                  {inherit.busy ? t('common:working') : t('plansUi:list.createFrom')}
                </button>
                {!parentId && (
                  <p id="inherit-reason" className="small muted" data-testid="inherit-reason">
                    {t('plansUi:list.chooseFirst')}
                  </p>
                )}
              </>
            )}
          </ListResource>
        </form>
      )}
    </section>
  );
}
