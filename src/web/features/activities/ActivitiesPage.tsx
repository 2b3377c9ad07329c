// "/activities/:unitId": a commune's or province's activity log of a year (broadcasts, news, sessions,
// training, clubs, board meetings, inspections, commendations, the child-protection fund, safe models), filtered
// by kind, with the year's totals as the reports count them; an add form and an edit of each activity for those
// who write: participants by sex, the amount in đồng, the plan task and budget line it serves, evidence files.
import { useId, useState } from 'react';
import { useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, qs } from '../../app/api.ts';
import { sendOrQueue, type OutboxItem } from '../../app/offline/outbox.ts';
import { allowOfflineReads } from '../../app/offline/reads.ts';
import { PendingWrites, usePending } from '../../app/offline/PendingWrites.tsx';
import { useFormat } from '../../app/format.ts';
import { useApi } from '../../app/useApi.ts';
import { ACTIVITY_FORMS, ACTIVITY_KINDS, quantityOf, type ActivityKind } from '../../../core/activities/activity.ts';
import { dayForApi, showDay, thisYear, todayText } from '../../ui/dates.ts';
import {
  DateInput,
  FilterSelect,
  focusFirstIssue,
  FormActions,
  FormError,
  NumberInput,
  SelectInput,
  TextArea,
  TextInput,
  useFormSubmit,
} from '../../ui/forms.tsx';
import { useNumbers } from '../../ui/numbers.ts';
import { uploadFile } from '../../ui/uploads.ts';
import { DataTable, Fact, ListResource, useSearchUpdate } from '../../ui/tables.tsx';
import type { ActivityFileT, ActivityListT, ActivityRecordT } from './types.ts';
import './activities.css';

const FIELDS = [
  'kind',
  'form',
  'heldOn',
  'title',
  'place',
  'quantity',
  'childrenMale',
  'childrenFemale',
  'adultsMale',
  'adultsFemale',
  'amount',
  'taskId',
  'budgetLineId',
  'note',
] as const;

/** The year's totals shown above the list: the statistics the reports take from the log. */
const TOTALS = [
  'communication.broadcasts',
  'communication.news',
  'communication.sessions',
  'communication.participants',
  'communication.leaflets',
  'training.sessions',
  'training.participants',
  'inspection.total',
  'club.activities',
  'board.meetings',
  'commendation.total',
  'model.safe_community',
  'model.safe_home',
  'fund.raised',
  'fund.spent',
] as const;
const MONEY = new Set(['fund.raised', 'fund.spent']);

const ACCEPT = '.pdf,.png,.jpg,.jpeg,.webp,.doc,.docx,.xls,.xlsx,application/pdf,image/*';

export default function ActivitiesPage() {
  const unitId = Number(useParams().unitId);
  return <ActivitiesView key={unitId} unitId={unitId} />;
}

const listApi = (unitId: number) => `/api/units/${encodeURIComponent(String(unitId))}/activities`;

// A unit's activities of a year (and kind), kept on the device once opened, for reading offline (issue 21).
allowOfflineReads(/^\/api\/units\/\d+\/activities(\?[^/]*)?$/);

function ActivitiesView({ unitId }: { unitId: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [params, update] = useSearchUpdate();
  const year = Number(params.get('year')) || thisYear();
  const kind = params.get('kind') ?? '';
  const list = useApi<ActivityListT>(`${listApi(unitId)}${qs({ year, kind: kind || undefined })}`);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<number | null>(null);
  const [queued, setQueued] = useState<string | null>(null);
  const data = list.data;
  const done = () => {
    setAdding(false);
    setEditing(null);
    setQueued(null);
    list.reload();
  };
  // Recorded or changed without a connection: waiting in the outbox (shown here), listed once sent.
  const shownIds = new Set((data?.items ?? []).map((a) => String(a.id)));
  const pending = usePending(
    (i: OutboxItem) =>
      i.url === listApi(unitId) || (i.url.startsWith('/api/activities/') && shownIds.has(i.url.split('/')[3] ?? '')),
    list.reload,
  );
  const onQueued = (title: string, filesLeft: boolean) => {
    setAdding(false);
    setEditing(null);
    setQueued(
      [`${title} — ${t('common:offline.savedOnDevice')}`, filesLeft ? t('activitiesUi:filesLater') : '']
        .filter(Boolean)
        .join(' '),
    );
  };
  const years = Array.from({ length: 7 }, (_, i) => thisYear() - i);

  return (
    <section className="page activities-page" aria-labelledby="activities-title">
      <div className="register-head">
        <h1 id="activities-title">
          {t('activitiesUi:title')}
          {data && <span className="muted small"> · {data.unitName}</span>}
        </h1>
        {data?.canWrite && !adding && (
          <button type="button" className="btn-primary" onClick={() => setAdding(true)}>
            {t('activitiesUi:add')}
          </button>
        )}
      </div>
      <p className="small muted">{t('activitiesUi:lead')}</p>
      {data && !data.canWrite && <p className="logged-note">{t('activitiesUi:readOnly')}</p>}
      <div className="toolbar">
        <FilterSelect
          id="activities-year"
          label={t('activitiesUi:year')}
          value={String(year)}
          onChange={(v) => update({ year: v })}
          options={years.map((y) => ({ value: String(y), label: String(y) }))}
        />
        <FilterSelect
          id="activities-kind"
          label={t('activities:field.kind')}
          value={kind}
          onChange={(v) => update({ kind: v })}
          all={t('activitiesUi:allKinds')}
          options={ACTIVITY_KINDS.map((k) => ({ value: k, label: t(`activities:kind.${k}`) }))}
        />
      </div>
      {data && (
        <div className="card">
          <h2 className="card-title">{t('activitiesUi:totalsTitle', { year: data.year })}</h2>
          <dl className="count-list" data-testid="activity-totals">
            {TOTALS.map((code) => (
              <Fact key={code} term={t(`activitiesUi:totals.${code}`)}>
                <span data-statistic={code}>
                  {f.num(data.totals[code] ?? 0)}
                  {MONEY.has(code) ? ` ${t('activitiesUi:dong')}` : ''}
                </span>
              </Fact>
            ))}
          </dl>
        </div>
      )}
      {queued && (
        <p className="ok-text" role="status">
          {queued}
        </p>
      )}
      <PendingWrites pending={pending} testId="pending-activities" level={2} />
      {adding && data && (
        <ActivityForm
          unitId={unitId}
          list={data}
          activity={null}
          onCancel={() => setAdding(false)}
          onDone={done}
          onQueued={onQueued}
        />
      )}
      <ListResource
        loaded={list}
        isEmpty={(d) => d.items.length === 0}
        empty={kind ? t('activitiesUi:emptyKind', { year }) : t('activitiesUi:empty', { year })}
      >
        {(d) => (
          <>
            <DataTable
              rows={d.items}
              rowKey={(a) => a.id}
              testId="activities"
              columns={[
                { label: t('activities:field.heldOn'), cell: (a) => f.date(a.heldOn) },
                {
                  label: t('activities:field.title'),
                  cell: (a) => (
                    <>
                      <strong>{a.title}</strong>
                      <br />
                      <span className="small muted">
                        {t(`activities:kind.${a.kind}`)}
                        {a.form && ` · ${t(`activities:form.${a.form}`)}`}
                        {a.quantity !== null && ` · ${f.num(a.quantity)}`}
                        {a.place && ` · ${a.place}`}
                      </span>
                    </>
                  ),
                },
                { label: t('activitiesUi:participants'), cell: (a) => <Participants a={a} /> },
                {
                  label: t('activities:field.amount'),
                  cell: (a) => (a.amount === null ? '—' : `${f.num(a.amount)} ${t('activitiesUi:dong')}`),
                },
                {
                  label: t('activitiesUi:serves'),
                  cell: (a) => (
                    <span className="small">
                      {a.taskText ?? ''}
                      {a.taskText && a.budgetLineItem ? ' · ' : ''}
                      {a.budgetLineItem ?? ''}
                      {!a.taskText && !a.budgetLineItem && '—'}
                    </span>
                  ),
                },
                {
                  label: t('activitiesUi:files'),
                  cell: (a) =>
                    a.files.length ? (
                      <ul className="activity-files">
                        {a.files.map((x) => (
                          <li key={x.id}>
                            <a href={x.downloadUrl}>{x.fileName}</a>
                          </li>
                        ))}
                      </ul>
                    ) : (
                      '—'
                    ),
                },
                {
                  label: '',
                  cell: (a) =>
                    a.canWrite && editing !== a.id ? (
                      <button type="button" className="btn-secondary" onClick={() => setEditing(a.id)}>
                        {t('activitiesUi:edit')}
                      </button>
                    ) : null,
                },
              ]}
            />
            {d.items
              .filter((a) => a.id === editing)
              .map((a) => (
                <ActivityForm
                  key={a.id}
                  unitId={unitId}
                  list={d}
                  activity={a}
                  onCancel={() => setEditing(null)}
                  onDone={done}
                  onQueued={onQueued}
                />
              ))}
          </>
        )}
      </ListResource>
    </section>
  );
}

function Participants({ a }: { a: ActivityRecordT }) {
  const { t } = useTranslation();
  const f = useFormat();
  const children = a.childrenMale + a.childrenFemale;
  const adults = a.adultsMale + a.adultsFemale;
  if (!children && !adults) return <>—</>;
  return (
    <span className="small">
      {children > 0 &&
        t('activitiesUi:childrenBySex', {
          n: f.num(children),
          male: f.num(a.childrenMale),
          female: f.num(a.childrenFemale),
        })}
      {children > 0 && adults > 0 && <br />}
      {adults > 0 &&
        t('activitiesUi:adultsBySex', { n: f.num(adults), male: f.num(a.adultsMale), female: f.num(a.adultsFemale) })}
    </span>
  );
}

/** Sends one file as multipart/form-data; errors as ApiError with the server's message. */

/** Adds an activity, or changes one (only the fields that changed are sent); its evidence files go after it. */
function ActivityForm({
  unitId,
  list,
  activity,
  onCancel,
  onDone,
  onQueued,
}: {
  unitId: number;
  list: ActivityListT;
  activity: ActivityRecordT | null;
  onCancel(): void;
  onDone(): void;
  /** Saved without a connection: the activity waits in the outbox (its files, if any, need the line). */
  onQueued(title: string, filesLeft: boolean): void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const numbers = useNumbers();
  const uid = useId();
  const initial = {
    kind: activity?.kind ?? '',
    form: activity?.form ?? '',
    heldOn: activity ? showDay(activity.heldOn) : todayText(),
    title: activity?.title ?? '',
    place: activity?.place ?? '',
    quantity: numbers.text(activity?.quantity),
    childrenMale: numbers.text(activity?.childrenMale || null),
    childrenFemale: numbers.text(activity?.childrenFemale || null),
    adultsMale: numbers.text(activity?.adultsMale || null),
    adultsFemale: numbers.text(activity?.adultsFemale || null),
    amount: numbers.text(activity?.amount),
    taskId: activity?.taskId ? String(activity.taskId) : '',
    budgetLineId: activity?.budgetLineId ? String(activity.budgetLineId) : '',
    note: activity?.note ?? '',
  };
  const [v, setV] = useState(initial);
  const [files, setFiles] = useState<File[]>([]);
  const [confirming, setConfirming] = useState(false);
  const set = (k: keyof typeof v) => (value: string) =>
    setV((prev) => ({ ...prev, [k]: value, ...(k === 'kind' ? { form: '' } : {}) }));
  const id = (k: string) => `${uid}-${k}`;
  const kind = (ACTIVITY_KINDS as readonly string[]).includes(v.kind) ? (v.kind as ActivityKind) : null;
  const forms = kind ? ACTIVITY_FORMS[kind] : [];
  const counts = kind ? quantityOf(kind, v.form) : null;
  const count = (text: string) => numbers.forApi(text) ?? 0;

  const { submit, error, issues, busy } = useFormSubmit(
    async () => {
      const body: Record<string, unknown> = {
        kind: v.kind,
        form: forms.length ? v.form : '',
        heldOn: dayForApi(v.heldOn) ?? '',
        title: v.title,
        place: v.place,
        quantity: counts ? numbers.forApi(v.quantity) : null,
        childrenMale: count(v.childrenMale),
        childrenFemale: count(v.childrenFemale),
        adultsMale: count(v.adultsMale),
        adultsFemale: count(v.adultsFemale),
        amount: numbers.forApi(v.amount),
        taskId: v.taskId ? Number(v.taskId) : null,
        budgetLineId: v.budgetLineId ? Number(v.budgetLineId) : null,
        note: v.note,
      };
      const changed = Object.fromEntries(
        Object.entries(body).filter(([k]) => v[k as keyof typeof v] !== initial[k as keyof typeof initial]),
      );
      const title = v.title.trim() || activity?.title || '';
      // Kept on the device when the line is down, and sent once (Idempotency-Key) when it returns.
      const sent = await sendOrQueue<ActivityRecordT>(
        activity
          ? {
              method: 'PATCH',
              url: `/api/activities/${activity.id}`,
              body: changed,
              label: t('activitiesUi:editTitle', { title }),
            }
          : { method: 'POST', url: listApi(unitId), body, label: `${t('activitiesUi:addTitle')}: ${title}` },
      );
      if (sent.queued) {
        onQueued(title, files.length > 0);
        return;
      }
      for (const file of files) await uploadFile<ActivityFileT>(`/api/activities/${sent.result.id}/files`, file);
      onDone();
    },
    (err) => focusFirstIssue(err, FIELDS, id),
  );
  const field = (k: keyof typeof v) => ({
    id: id(k),
    label: t(`activities:field.${k}`),
    value: v[k],
    onChange: set(k),
    error: issues[k],
  });

  async function removeFile(fileId: number) {
    await api(`/api/activity-files/${fileId}`, { method: 'DELETE' });
    onDone();
  }
  async function remove() {
    await api(`/api/activities/${activity!.id}`, { method: 'DELETE' });
    onDone();
  }

  return (
    <form
      className="card register-form activity-form"
      onSubmit={(e) => void submit(e)}
      noValidate
      aria-labelledby={`${uid}-heading`}
    >
      <h2 className="card-title" id={`${uid}-heading`}>
        {activity ? t('activitiesUi:editTitle', { title: activity.title }) : t('activitiesUi:addTitle')}
      </h2>
      <div className="form-grid">
        <SelectInput
          {...field('kind')}
          required
          empty={t('activitiesUi:choose')}
          options={ACTIVITY_KINDS.map((k) => ({ value: k, label: t(`activities:kind.${k}`) }))}
        />
        {forms.length > 0 && (
          <SelectInput
            {...field('form')}
            required
            empty={t('activitiesUi:choose')}
            options={forms.map((x) => ({ value: x, label: t(`activities:form.${x}`) }))}
          />
        )}
        <DateInput {...field('heldOn')} required />
        <TextInput {...field('place')} maxLength={300} />
      </div>
      <TextInput {...field('title')} required maxLength={500} />
      <div className="form-grid">
        {counts && <NumberInput {...field('quantity')} integer hint={t(`activitiesUi:quantityOf.${counts}`)} />}
        <NumberInput {...field('childrenMale')} integer />
        <NumberInput {...field('childrenFemale')} integer />
        <NumberInput {...field('adultsMale')} integer />
        <NumberInput {...field('adultsFemale')} integer />
        <NumberInput
          {...field('amount')}
          integer
          required={kind === 'fund' || v.budgetLineId !== ''}
          hint={t('activitiesUi:amountHint')}
        />
      </div>
      <div className="form-grid">
        <SelectInput
          {...field('taskId')}
          empty={t('activitiesUi:noTask')}
          options={list.tasks.map((x) => ({ value: String(x.id), label: `${x.text} (${x.planTitle})` }))}
        />
        <SelectInput
          {...field('budgetLineId')}
          empty={t('activitiesUi:noLine')}
          options={list.budgetLines.map((b) => ({
            value: String(b.id),
            label: t('activitiesUi:lineOption', { item: b.item, estimate: f.num(b.estimate) }),
          }))}
        />
      </div>
      <TextArea {...field('note')} maxLength={2000} rows={2} />
      <div className="field">
        <label htmlFor={id('files')}>{t('activitiesUi:addFiles')}</label>
        <input
          id={id('files')}
          type="file"
          multiple
          accept={ACCEPT}
          onChange={(e) => setFiles(Array.from(e.target.files ?? []))}
        />
      </div>
      {activity && activity.files.length > 0 && (
        <ul className="activity-files">
          {activity.files.map((x) => (
            <li key={x.id}>
              <a href={x.downloadUrl}>{x.fileName}</a>{' '}
              <button type="button" className="btn-link" onClick={() => void removeFile(x.id)}>
                {t('activitiesUi:removeFile')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <FormError error={error} fields={FIELDS} />
      <FormActions
        busy={busy}
        submitLabel={activity ? t('activitiesUi:save') : t('activitiesUi:addSubmit')}
        onCancel={onCancel}
      />
      {activity && (
        <div className="action-row">
          {confirming ? (
            <>
              <span>{t('activitiesUi:confirmDelete')}</span>
              <button type="button" className="btn-danger" onClick={() => void remove()}>
                {t('activitiesUi:delete')}
              </button>
              <button type="button" className="btn-secondary" onClick={() => setConfirming(false)}>
                {t('ui:form.cancel')}
              </button>
            </>
          ) : (
            <button type="button" className="btn-secondary" onClick={() => setConfirming(true)}>
              {t('activitiesUi:delete')}
            </button>
          )}
        </div>
      )}
    </form>
  );
}
