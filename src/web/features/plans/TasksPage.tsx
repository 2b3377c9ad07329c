// "/plans/:unitId/tasks": what an agency owes across the unit's plans, overdue and due-soon first, with the
// progress dialog on each task.
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { qs } from '../../app/api.ts';
import { useApi } from '../../app/useApi.ts';
import { BackLink, FilterSelect } from '../../ui/forms.tsx';
import { DataTable, ListResource, useSearchUpdate } from '../../ui/tables.tsx';
import { plansPath, unitApi, useCanWrite } from './parts.ts';
import { Occurrences } from './Occurrences.tsx';
import { ProgressDialog, TaskStateLine } from './ProgressDialog.tsx';
import type { Agency, UnitInfo, UnitTask } from './types.ts';
import './plans.css';

export default function TasksPage() {
  const unitId = Number(useParams().unitId);
  return <TasksView key={unitId} unitId={unitId} />;
}

function TasksView({ unitId }: { unitId: number }) {
  const { t } = useTranslation();
  const canWrite = useCanWrite(unitId);
  const [params, update] = useSearchUpdate();
  const agencyId = params.get('agency') ?? '';
  const unit = useApi<UnitInfo>(unitApi(unitId));
  const agencies = useApi<Agency[]>(`${unitApi(unitId)}/agencies`);
  const tasks = useApi<UnitTask[]>(`${unitApi(unitId)}/tasks${qs({ agencyId })}`);
  const [progressOf, setProgressOf] = useState<UnitTask | null>(null);
  const overdue = (tasks.data ?? []).filter((x) => x.state === 'overdue').length;

  return (
    <section className="page plans-page" aria-labelledby="tasks-title">
      <BackLink to={plansPath(unitId)}>{t('plansUi:builder.back')}</BackLink>
      <h1 id="tasks-title">{t('plansUi:tasks.title')}</h1>
      <p className="small muted">{t('plansUi:tasks.lead', { unit: unit.data?.name ?? '' })}</p>
      <div className="toolbar">
        <FilterSelect
          id="tasks-agency"
          label={t('plansUi:tasks.agency')}
          value={agencyId}
          onChange={(v) => update({ agency: v })}
          all={t('plansUi:tasks.all')}
          options={(agencies.data ?? []).map((a) => ({ value: String(a.id), label: a.name }))}
        />
      </div>
      {overdue > 0 && (
        <p className="overdue-text" role="status">
          ⚠ {t('plansUi:tasks.overdueSummary', { count: overdue })}
        </p>
      )}
      <ListResource loaded={tasks} isEmpty={(d) => d.length === 0} empty={t('plansUi:tasks.empty')}>
        {(rows) => (
          <DataTable
            testId="agency-tasks"
            rows={rows}
            rowKey={(r) => r.id}
            rowClassName={(r) => (r.state === 'overdue' ? 'has-overdue' : undefined)}
            columns={[
              {
                label: t('plansUi:tasks.task'),
                cell: (r) => (
                  <Link to={`${plansPath(unitId)}/${r.planId}#task-${r.id}`} className="task-text">
                    {r.position + 1}. {r.text}
                  </Link>
                ),
              },
              { label: t('plansUi:tasks.plan'), cell: (r) => `${r.planYear} · ${r.planTitle}` },
              {
                label: t('plansUi:tasks.state'),
                cell: (r) => (
                  <>
                    <TaskStateLine task={r} />
                    {r.occurrences.length > 0 && <Occurrences task={r} />}
                  </>
                ),
              },
              {
                label: '',
                cell: (r) => (
                  <button
                    type="button"
                    className="btn-secondary"
                    aria-label={t('plansUi:tasks.recordFor', { n: r.position + 1 })}
                    onClick={() => setProgressOf(r)}
                  >
                    {t('plansUi:tasks.record')}
                  </button>
                ),
              },
            ]}
          />
        )}
      </ListResource>
      {progressOf && (
        <ProgressDialog
          unitId={unitId}
          task={progressOf}
          canWrite={canWrite}
          onClose={() => setProgressOf(null)}
          onSaved={() => tasks.reload()}
        />
      )}
    </section>
  );
}
