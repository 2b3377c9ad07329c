// Events held for children (action month, 1 June, mid-autumn, other): the list of the chosen dates and
// a form to record one, the API's issues under their field.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { sendOrQueue } from '../../app/offline/outbox.ts';
import { useFormat } from '../../app/format.ts';
import { useApi } from '../../app/useApi.ts';
import { dayForApi, todayText } from '../../ui/dates.ts';
import {
  DateInput,
  focusFirstIssue,
  FormActions,
  FormError,
  NumberInput,
  SelectInput,
  TextArea,
  TextInput,
  useFormSubmit,
} from '../../ui/forms.tsx';
import { DataTable, ListResource } from '../../ui/tables.tsx';
import { countOf, eventsApi } from './parts.ts';
import { EVENT_KINDS, type ChildEvent } from './types.ts';
import { SectionHead } from './SectionHead.tsx';
import { PendingWrites, under, usePending } from '../../app/offline/PendingWrites.tsx';

export function EventsSection({ unitId, query, canWrite }: { unitId: number; query: string; canWrite: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const list = useApi<ChildEvent[]>(`${eventsApi(unitId)}${query}`);
  const [adding, setAdding] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  // Recorded without a connection: it waits in the outbox (shown below) and the list shows it once sent.
  const pending = usePending(under(eventsApi(unitId)), list.reload);
  return (
    <section aria-labelledby="events-title" className="forums-section">
      <SectionHead
        id="events-title"
        title={t('forumsUi:events.title')}
        addLabel={t('forumsUi:events.add')}
        canAdd={canWrite && !adding}
        onAdd={() => {
          setAdding(true);
          setSaved(null);
        }}
        saved={saved}
      />
      {adding && (
        <EventForm
          unitId={unitId}
          onSaved={(e) => {
            setAdding(false);
            setSaved(t('forumsUi:events.saved', { title: e.title }));
            list.reload();
          }}
          onQueued={(title) => {
            setAdding(false);
            setSaved(`${title} — ${t('common:offline.savedOnDevice')}`);
          }}
          onCancel={() => setAdding(false)}
        />
      )}
      <PendingWrites pending={pending} testId="pending-events" />
      <ListResource loaded={list} isEmpty={(rows) => rows.length === 0} empty={t('forumsUi:events.empty')}>
        {(rows) => (
          <>
            <p className="small muted">{t('forumsUi:events.count', { count: rows.length })}</p>
            <DataTable
              rows={rows}
              rowKey={(e) => e.id}
              testId="events-table"
              columns={[
                { label: t('forums:field.title'), cell: (e) => <strong>{e.title}</strong> },
                { label: t('forums:field.heldOn'), cell: (e) => f.date(e.heldOn) },
                { label: t('forums:field.kind'), cell: (e) => t(`forums:kind.${e.kind}`) },
                { label: t('forums:field.participants'), cell: (e) => f.num(e.participants), className: 'num' },
                { label: t('forums:field.note'), cell: (e) => <span className="pre-line">{e.note}</span> },
              ]}
            />
          </>
        )}
      </ListResource>
    </section>
  );
}

const EVENT_FIELDS = ['kind', 'heldOn', 'title', 'participants', 'note'] as const;

function EventForm({
  unitId,
  onSaved,
  onQueued,
  onCancel,
}: {
  unitId: number;
  onSaved(e: ChildEvent): void;
  onQueued(title: string): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const uid = useId();
  const [v, setV] = useState({ kind: '', heldOn: todayText(), title: '', participants: '', note: '' });
  const id = (k: string) => `${uid}-${k}`;
  const { submit, error, issues, busy } = useFormSubmit(
    async () => {
      const title = v.title.trim();
      // Kept on the device when the line is down, and sent once (Idempotency-Key) when it returns.
      const sent = await sendOrQueue<ChildEvent>({
        method: 'POST',
        url: eventsApi(unitId),
        body: {
          kind: v.kind || null,
          heldOn: dayForApi(v.heldOn) ?? '',
          title,
          participants: countOf(v.participants, f.locale),
          note: v.note.trim(),
        },
        label: `${t('forumsUi:events.addTitle')}: ${title}`,
      });
      if (sent.queued) onQueued(title);
      else onSaved(sent.result);
    },
    (err) => focusFirstIssue(err, EVENT_FIELDS, id),
  );
  const field = (k: keyof typeof v) => ({
    id: id(k),
    label: t(`forums:field.${k}`),
    value: v[k],
    onChange: (value: string) => setV((prev) => ({ ...prev, [k]: value })),
    error: issues[k],
  });
  return (
    <form
      className="card register-form"
      onSubmit={(e) => void submit(e)}
      noValidate
      aria-labelledby={`${uid}-heading`}
      data-testid="event-form"
    >
      <h3 className="card-title" id={`${uid}-heading`}>
        {t('forumsUi:events.addTitle')}
      </h3>
      <div className="form-grid">
        <SelectInput
          {...field('kind')}
          required
          empty={t('ui:form.choose')}
          options={EVENT_KINDS.map((k) => ({ value: k, label: t(`forums:kind.${k}`) }))}
        />
        <DateInput {...field('heldOn')} required />
        <TextInput {...field('title')} required maxLength={300} />
        <NumberInput {...field('participants')} integer />
      </div>
      <TextArea {...field('note')} rows={2} maxLength={4000} />
      <FormError error={error} fields={EVENT_FIELDS} />
      <FormActions busy={busy} submitLabel={t('forumsUi:events.submit')} onCancel={onCancel} />
    </form>
  );
}
