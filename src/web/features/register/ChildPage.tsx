// One child's record: identity, household, schooling and immunisation, special circumstances, supports,
// health records (each with add and remove) and the child's cases. The server logs every view.
import { useEffect, useId, useMemo, useState, type ReactNode } from 'react';
import { Link, Navigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, messageOf } from '../../app/api.ts';
import { useFormat } from '../../app/format.ts';
import { Badge, PageResource } from '../../app/ui.tsx';
import { useApi } from '../../app/useApi.ts';
import { pendingFor, sendOrQueue, useOutbox, type OutboxItem } from '../../app/offline/outbox.ts';
import { OutboxEntry } from '../../app/offline/OfflineStatus.tsx';
import { ChildForm, showChildValue, type ChildEdit } from './ChildForm.tsx';
import { CHILD_EDIT_FIELDS, sameChildValue } from '../../../core/register/child-edit.ts';
import { NoAccess, RegisterNav, registerApi, registerPath, useRegisterUnit } from './parts.tsx';
import { dayForApi } from '../../ui/dates.ts';
import {
  BackLink,
  CheckInput,
  DateInput,
  FormError,
  NumberInput,
  SelectInput,
  TextInput,
  useFormSubmit,
} from '../../ui/forms.tsx';
import { useNumbers } from '../../ui/numbers.ts';
import { Fact } from '../../ui/tables.tsx';
import { ConfirmDialog, SummaryList } from '../../ui/confirm.tsx';
import type { ChildRecord, CircumstanceGroupRow, RegisterAccess, Village } from './types.ts';

export default function ChildPage() {
  const { childId } = useParams();
  const { unitId, access } = useRegisterUnit();
  // A record sent from the outbox is now on the server: the child is read again, even if its first read was still
  // on its way (a child added offline is opened as soon as it arrives, while its records follow it).
  const { sentCount } = useOutbox();
  if (!access) return <NoAccess />;
  // A child added offline, not yet on the server: its page is made from what the device holds (issue 21).
  if (childId?.startsWith('new-'))
    return <PendingChild unitId={unitId} access={access} placeholder={childId} key={childId} />;
  const path = `${registerApi(unitId)}/children/${encodeURIComponent(childId ?? '')}`;
  return (
    <PageResource<ChildRecord> path={path} isCurrent={(c) => String(c.id) === childId} reloadOn={sentCount}>
      {(child, loaded) => (
        <ChildView key={child.id} unitId={unitId} access={access} child={child} reload={loaded.reload} />
      )}
    </PageResource>
  );
}

function Facts({ rows }: { rows: Array<[string, ReactNode]> }) {
  return (
    <dl className="facts compact">
      {rows.map(([label, value]) => (
        <Fact key={label} term={label}>
          {value === '' || value === null || value === undefined ? <span className="muted">—</span> : value}
        </Fact>
      ))}
    </dl>
  );
}

function ChildView({
  unitId,
  access,
  child,
  reload,
}: {
  unitId: number;
  access: RegisterAccess;
  child: ChildRecord;
  reload(): void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState<false | 'sent' | 'queued'>(false);
  const label = (field: string) => t(`register:field.${field}`);
  const identifiable = access === 'officer' || access === 'chairman';
  const where: RecordsPlace = { unitId, childId: child.id, childName: child.fullName, reload };
  // Edits of this child in the outbox (issue 21): shown as waiting; one the server refused on sync comes back in the
  // form with its answer (a conflict with both values at the field), over the record as it stands now.
  const outbox = useOutbox();
  const edits = pendingFor(outbox.items, `${registerApi(unitId)}/children/${child.id}`, 'PUT');
  const refusedEdit = edits.find((i) => i.state === 'refused');
  const lastWaiting = edits.filter((i) => i.state === 'waiting').at(-1);
  const refusedId = refusedEdit?.id;
  useEffect(() => {
    if (refusedId !== undefined) reload();
  }, [refusedId, reload]);
  // A refused edit opens the form by itself, until the person sets it aside (Cancel; "Sửa hồ sơ" brings it back).
  const [setAside, setSetAside] = useState<number | null>(null);
  const formOpen = editing || (refusedEdit !== undefined && refusedEdit.id !== setAside);
  const villages = useApi<Village[]>(formOpen ? `${registerApi(unitId)}/villages` : null);

  return (
    <section className="page register-page" aria-labelledby="child-title">
      <BackLink to={registerPath(unitId)}>{t('registerUi:child.back')}</BackLink>
      <div className="register-head">
        <h1 id="child-title">
          {child.fullName} <span className="code">{child.code}</span>
        </h1>
        {!formOpen && (
          <button
            type="button"
            className="btn-secondary"
            onClick={() => {
              setEditing(true);
              setSaved(false);
            }}
          >
            {t('registerUi:child.edit')}
          </button>
        )}
      </div>
      <RegisterNav unitId={unitId} access={access} />
      <p className="logged-note" role="note">
        {t('registerUi:child.logged')}
      </p>
      {child.diedOn && <Badge tone="muted">{t('registerUi:left.died')}</Badge>}
      {child.movedOutOn && <Badge tone="muted">{t('registerUi:left.moved')}</Badge>}
      {saved && (
        <p className="ok-text" role="status">
          {saved === 'queued' ? t('common:offline.savedOnDevice') : t('registerUi:child.saved')}
        </p>
      )}
      {edits.length > 0 && (
        <div className="card" data-testid="pending-edit">
          <h2 className="card-title">{t('registerUi:pending.editTitle')}</h2>
          <ul className="outbox-list">
            {edits.map((item) => (
              <OutboxEntry key={item.id} item={item} discard={outbox.discard}>
                <EditChanges item={item} />
              </OutboxEntry>
            ))}
          </ul>
        </div>
      )}
      {formOpen && (
        <ChildForm
          key={refusedEdit?.id ?? 'edit'}
          unitId={unitId}
          villages={villages.data ?? []}
          child={child}
          queued={refusedEdit ?? lastWaiting}
          onSaved={() => {
            setEditing(false);
            setSaved('sent');
            reload();
          }}
          onQueued={() => {
            setEditing(false);
            setSaved('queued');
          }}
          onCancel={() => {
            setEditing(false);
            setSetAside(refusedEdit?.id ?? null);
          }}
        />
      )}

      <div className="card">
        <h2 className="card-title">{t('registerUi:child.identity')}</h2>
        <Facts
          rows={[
            [label('code'), child.code],
            [label('fullName'), child.fullName],
            [label('birthDate'), `${f.date(child.birthDate)} (${t('registerUi:age', { count: child.age })})`],
            [label('sex'), t(`register:sex.${child.sex}`)],
            [label('idNumber'), child.idNumber ?? ''],
            [label('birthRegisteredOn'), f.date(child.birthRegisteredOn)],
          ]}
        />
      </div>
      <div className="card">
        <h2 className="card-title">{t('registerUi:child.householdTitle')}</h2>
        <Facts
          rows={[
            [label('villageName'), child.village.name],
            [label('householdCode'), child.household.code],
            [label('householdHead'), child.household.head],
            [label('address'), child.household.address],
            [label('guardianName'), child.guardianName],
            [label('guardianRelation'), child.guardianRelation],
          ]}
        />
      </div>
      <div className="card">
        <h2 className="card-title">{t('registerUi:child.schoolingHealth')}</h2>
        <Facts
          rows={[
            [label('education'), child.education ? t(`register:education.${child.education}`) : ''],
            [
              label('fullyImmunizedOn'),
              child.fullyImmunizedOn ? f.date(child.fullyImmunizedOn) : t('registerUi:child.notImmunized'),
            ],
            [label('disability'), child.disability],
            [label('movedOutOn'), f.date(child.movedOutOn)],
            [label('diedOn'), f.date(child.diedOn)],
            [label('note'), child.note],
          ]}
        />
      </div>

      {child.sameIdNumber && child.sameIdNumber.length > 0 && (
        <p className="warn-text" role="note">
          {t('registerUi:child.sameIdNumber', { count: child.sameIdNumber.length })}{' '}
          {child.sameIdNumber.map((o, i) => (
            <span key={o.id}>
              {i > 0 && ', '}
              <Link to={`${registerPath(unitId)}/children/${o.id}`}>
                {o.fullName} ({o.code})
              </Link>
            </span>
          ))}
        </p>
      )}
      {child.circumstances && <Circumstances where={where} access={access} records={child.circumstances} />}
      {child.supports && <Supports where={where} records={child.supports} cases={child.cases ?? []} />}
      {child.healthRecords && <HealthRecords where={where} records={child.healthRecords} />}
      {child.cases && identifiable && (
        <div className="card" aria-labelledby="cases-title">
          <h2 className="card-title" id="cases-title">
            {t('registerUi:child.cases')}
          </h2>
          {child.cases.length === 0 ? (
            <p className="muted small">{t('registerUi:child.noCases')}</p>
          ) : (
            <ul className="record-list">
              {child.cases.map((c) => (
                <li key={c.id}>
                  <Link to={`${registerPath(unitId)}/cases/${c.id}`}>{t(`register:kind.${c.kind}`)}</Link>
                  <span className="small">
                    {label('reportedOn')}: {f.date(c.reportedOn)}
                  </span>
                  {c.closedOn ? (
                    <span className="small muted">
                      {label('closedOn')}: {f.date(c.closedOn)}
                    </span>
                  ) : (
                    <Badge tone="warn">{t('registerUi:cases.open')}</Badge>
                  )}
                </li>
              ))}
            </ul>
          )}
          <p className="small">
            <Link to={`${registerPath(unitId)}/cases?child=${encodeURIComponent(child.code)}`}>
              {t('registerUi:child.openCase')}
            </Link>
          </p>
        </div>
      )}
    </section>
  );
}

/** What a queued edit changes, field by field (from the values it was made from). */
function EditChanges({ item }: { item: OutboxItem }) {
  const { t } = useTranslation();
  const body = item.body as ChildEdit;
  const base = body.base;
  if (!base) return null;
  const changed = CHILD_EDIT_FIELDS.filter((f) => !sameChildValue(body[f], base[f]));
  if (!changed.length) return null;
  return (
    <ul className="small edit-changes">
      {changed.map((f) => (
        <li key={f} data-change={f}>
          {t('registerUi:pending.change', {
            field: t(`register:field.${f}`),
            from: showChildValue(t, f, base[f]),
            to: showChildValue(t, f, body[f]),
          })}
        </li>
      ))}
    </ul>
  );
}

/**
 * A child added on this device and still in the outbox (issue 21): what was typed, and the record sections whose
 * additions are queued after the child, naming it by a placeholder that the outbox replaces with the server's id.
 * Once the child is sent, the page moves to its record on the server.
 */
function PendingChild({
  unitId,
  access,
  placeholder,
}: {
  unitId: number;
  access: RegisterAccess;
  placeholder: string;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const outbox = useOutbox();
  const key = placeholder.slice('new-'.length);
  const item = pendingFor(outbox.items, `${registerApi(unitId)}/children`).find((i) => i.idempotencyKey === key);
  const sentAs = outbox.resolved[key];
  if (!item && sentAs !== undefined) return <Navigate to={`${registerPath(unitId)}/children/${sentAs}`} replace />;
  if (!item)
    return (
      <section className="page register-page">
        <BackLink to={registerPath(unitId)}>{t('registerUi:child.back')}</BackLink>
        <p className="muted" role="status">
          {t('registerUi:pending.gone')}
        </p>
      </section>
    );
  const body = item.body as ChildEdit;
  const label = (field: string) => t(`register:field.${field}`);
  const where: RecordsPlace = { unitId, childId: placeholder, childName: body.fullName, reload: () => undefined };
  return (
    <section className="page register-page" aria-labelledby="child-title">
      <BackLink to={registerPath(unitId)}>{t('registerUi:child.back')}</BackLink>
      <div className="register-head">
        <h1 id="child-title">
          {body.fullName} <span className="code">{body.code}</span>
        </h1>
      </div>
      <RegisterNav unitId={unitId} access={access} />
      <div className="card" data-testid="pending-child">
        <h2 className="card-title">{t('registerUi:pending.childTitle')}</h2>
        <p className="small">{t('registerUi:pending.childNote')}</p>
        <ul className="outbox-list">
          <OutboxEntry item={item} retry={outbox.retry} discard={outbox.discard} />
        </ul>
        <Facts
          rows={[
            [label('birthDate'), f.date(body.birthDate)],
            [label('sex'), body.sex ? t(`register:sex.${body.sex}`) : ''],
            [label('villageName'), body.villageName],
            [label('householdCode'), body.householdCode],
            [label('householdHead'), body.householdHead],
          ]}
        />
      </div>
      <Circumstances where={where} access={access} records={[]} />
      {access !== 'collaborator' && <Supports where={where} records={[]} cases={[]} />}
      <HealthRecords where={where} records={[]} />
    </section>
  );
}

/** Removes a dated record once confirmed in the dialog (asking holds the record's id); the list reloads. */
function useRemove(unitId: number, childId: number | string, kind: RecordKind, reload: () => void) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const [asking, setAsking] = useState<number | null>(null);
  const remove = async () => {
    const id = asking;
    if (id === null) return;
    setBusy(id);
    setError(null);
    try {
      await api(`${registerApi(unitId)}/children/${childId}/${kind}/${id}`, { method: 'DELETE' });
      setAsking(null);
      reload();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(null);
    }
  };
  const ask = (id: number) => {
    setError(null);
    setAsking(id);
  };
  const cancel = () => {
    setError(null);
    setAsking(null);
  };
  return { remove, ask, cancel, asking, error, busy };
}

type FormValues = Record<string, string | boolean>;

/**
 * A small add form for a dated record: posts, shows the API's issues under their fields, then reloads. Without a
 * connection the record waits in the outbox (issue 21) and `done` says 'queued'.
 */
function useAddForm<V extends FormValues>(
  unitId: number,
  childId: number | string,
  kind: RecordKind,
  initial: () => V,
  toBody: (v: V) => object,
  reload: () => void,
  label: (v: V) => string,
) {
  const [values, setValues] = useState<V>(initial);
  const [done, setDone] = useState<false | 'sent' | 'queued'>(false);
  const { submit, error, issues, busy } = useFormSubmit(async () => {
    setDone(false);
    const sent = await sendOrQueue({
      method: 'POST',
      url: `${registerApi(unitId)}/children/${childId}/${kind}`,
      body: toBody(values),
      label: label(values),
    });
    setValues(initial());
    setDone(sent.queued ? 'queued' : 'sent');
    if (!sent.queued) reload();
  });
  const set =
    <K extends keyof V>(k: K) =>
    (v: V[K]) =>
      setValues((prev) => ({ ...prev, [k]: v }));
  return { values, set, submit, error, issues, busy, done };
}

type AddForm<V extends FormValues> = ReturnType<typeof useAddForm<V>>;

type RecordKind = 'circumstances' | 'supports' | 'health-records';

/** Whose records a section shows, and how the page reloads after a change. */
interface RecordsPlace {
  unitId: number;
  /** The child's id, or the placeholder of a child still in the outbox. */
  childId: number | string;
  childName: string;
  reload(): void;
}

interface DatedRecordsProps<R extends { id: number }, V extends FormValues> extends RecordsPlace {
  kind: RecordKind;
  title: string;
  emptyText: string;
  addLabel: string;
  records: ReadonlyArray<R>;
  testId?: string;
  /** The row's content before its remove button. */
  renderRecord(record: R): ReactNode;
  /** What the remove button names for a screen reader. */
  removeName(record: R): ReactNode;
  mayRemove?: boolean;
  initial(): V;
  toBody(values: V): object;
  /** The form's fields, in its grid; `id` makes a field's id. */
  fields(form: AddForm<V>, id: (name: string) => string): ReactNode;
  /** Anything under the grid (check boxes). */
  afterFields?(form: AddForm<V>, id: (name: string) => string): ReactNode;
  fieldNames: readonly string[];
  /** Whether "added" stays on show once the form is closed. */
  addedAfterClose?: boolean;
  /** The record in a few words, for the outbox's list ("Trợ cấp xã hội"). */
  describe?(values: V): string;
}

/**
 * A card of a child's dated records (circumstances, supports, health records): the list with a remove
 * button on each, and an add form that opens under it. The callers give the rows' content and the fields.
 */
function DatedRecordsSection<R extends { id: number }, V extends FormValues>(props: DatedRecordsProps<R, V>) {
  const {
    unitId,
    childId,
    kind,
    reload,
    title,
    emptyText,
    addLabel,
    records,
    testId,
    renderRecord,
    removeName,
    mayRemove = true,
    fields,
    afterFields,
    fieldNames,
    addedAfterClose = false,
    childName,
    describe,
  } = props;
  const { t } = useTranslation();
  const uid = useId();
  const id = (name: string) => `${uid}-${name}`;
  const [open, setOpen] = useState(false);
  const removal = useRemove(unitId, childId, kind, reload);
  const form = useAddForm(unitId, childId, kind, props.initial, props.toBody, reload, (v) =>
    [`${title} — ${childName}`, describe?.(v)].filter(Boolean).join(': '),
  );
  const outbox = useOutbox();
  // Once sent, a record is read from the server with the child (ChildPage reloads on each write sent).
  const pending = pendingFor(outbox.items, `${registerApi(unitId)}/children/${childId}/${kind}`);
  const added = (
    <p className="ok-text small" role="status">
      {form.done === 'queued' ? t('common:offline.savedOnDevice') : t('registerUi:child.added')}
    </p>
  );
  return (
    <div className="card" aria-labelledby={id('title')}>
      <h2 className="card-title" id={id('title')}>
        {title}
      </h2>
      {records.length === 0 ? (
        <p className="muted small">{emptyText}</p>
      ) : (
        <ul className="record-list" data-testid={testId}>
          {records.map((r) => (
            <li key={r.id}>
              {renderRecord(r)}
              {mayRemove && (
                <button
                  type="button"
                  className="btn-link"
                  disabled={removal.busy === r.id}
                  onClick={() => removal.ask(r.id)}
                >
                  {t('registerUi:child.remove')}
                  <span className="sr-only"> {removeName(r)}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {pending.length > 0 && (
        <ul className="outbox-list" data-testid={`pending-${kind}`}>
          {pending.map((item) => (
            <OutboxEntry key={item.id} item={item} retry={outbox.retry} discard={outbox.discard} />
          ))}
        </ul>
      )}
      {removal.asking !== null &&
        (() => {
          const record = records.find((r) => r.id === removal.asking);
          return (
            <ConfirmDialog
              testId={`remove-confirm-${kind}`}
              title={t('registerUi:child.confirmRemove')}
              confirmLabel={t('registerUi:child.removeYes')}
              onConfirm={removal.remove}
              onCancel={removal.cancel}
              busy={removal.busy !== null}
              error={removal.error}
              tone="danger"
              irreversible
            >
              <SummaryList
                rows={[
                  { label: t('registerUi:child.removeSection'), value: title },
                  { label: t('registerUi:child.removeRecord'), value: record ? renderRecord(record) : '' },
                ]}
              />
            </ConfirmDialog>
          );
        })()}
      {addedAfterClose && form.done && !open && added}
      {!open && (
        <button type="button" className="btn-secondary btn-small" onClick={() => setOpen(true)}>
          {addLabel}
        </button>
      )}
      {open && (
        <form className="sub-form" onSubmit={(e) => void form.submit(e)} noValidate aria-label={addLabel}>
          <div className="form-grid register-form">{fields(form, id)}</div>
          {afterFields?.(form, id)}
          <FormError error={form.error} fields={fieldNames} />
          {form.done && added}
          <div className="action-row">
            <button type="submit" className="btn-primary" disabled={form.busy}>
              {t('registerUi:form.add')}
            </button>
            <button type="button" className="btn-secondary" onClick={() => setOpen(false)}>
              {t('registerUi:form.close')}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}

/** The special-circumstance groups to choose from, loaded when the add form opens. */
function GroupSelect({
  id,
  access,
  value,
  onChange,
  error,
}: {
  id: string;
  access: RegisterAccess;
  value: string;
  onChange(v: string): void;
  error?: string;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const groups = useApi<CircumstanceGroupRow[]>('/api/register/groups');
  // A collaborator records the open groups only; sensitive ones are the officer's.
  const options = useMemo(
    () =>
      (groups.data ?? [])
        .filter((g) => access !== 'collaborator' || !g.sensitive)
        .map((g) => ({
          value: g.code,
          label: `${g.parent ? '— ' : ''}${g.parent ? g.code : `${g.letter})`} ${f.text(g.label)}`,
        })),
    [groups.data, access, f],
  );
  return (
    <SelectInput
      id={id}
      label={t('register:field.group')}
      required
      value={value}
      onChange={onChange}
      options={options}
      empty={t('registerUi:form.choose')}
      error={error}
    />
  );
}

function Circumstances({
  where,
  access,
  records,
}: {
  where: RecordsPlace;
  access: RegisterAccess;
  records: NonNullable<ChildRecord['circumstances']>;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <DatedRecordsSection
      {...where}
      kind="circumstances"
      title={t('registerUi:child.circumstances')}
      emptyText={t('registerUi:child.noCircumstances')}
      addLabel={t('registerUi:child.addCircumstance')}
      records={records}
      testId="circumstances"
      renderRecord={(c) => (
        <>
          <span className="grow">
            <strong>{f.text(c.label)}</strong> <span className="code">{c.group}</span>
          </span>
          <span className="small">
            {t('registerUi:child.fromTo', {
              from: f.date(c.startedOn),
              to: c.endedOn ? f.date(c.endedOn) : t('registerUi:child.ongoing'),
            })}
          </span>
          {c.note && <span className="small muted">{c.note}</span>}
        </>
      )}
      removeName={(c) => f.text(c.label)}
      mayRemove={access !== 'collaborator'}
      initial={() => ({ group: '', startedOn: '', endedOn: '', note: '' })}
      toBody={(v) => ({
        group: v.group,
        startedOn: dayForApi(v.startedOn) ?? '',
        endedOn: dayForApi(v.endedOn),
        note: v.note.trim(),
      })}
      fieldNames={['group', 'startedOn', 'endedOn', 'note']}
      addedAfterClose
      fields={(form, id) => (
        <>
          <GroupSelect
            id={id('group')}
            access={access}
            value={form.values.group}
            onChange={form.set('group')}
            error={form.issues.group}
          />
          <DateInput
            id={id('started')}
            label={t('register:field.startedOn')}
            required
            value={form.values.startedOn}
            onChange={form.set('startedOn')}
            error={form.issues.startedOn}
          />
          <DateInput
            id={id('ended')}
            label={t('register:field.endedOn')}
            value={form.values.endedOn}
            onChange={form.set('endedOn')}
            error={form.issues.endedOn}
          />
          <NoteInput id={id('note')} value={form.values.note} onChange={form.set('note')} error={form.issues.note} />
        </>
      )}
    />
  );
}

function NoteInput(props: { id: string; value: string; onChange(v: string): void; error?: string }) {
  const { t } = useTranslation();
  return <TextInput {...props} label={t('register:field.note')} maxLength={300} />;
}

function Supports({
  where,
  records,
  cases,
}: {
  where: RecordsPlace;
  records: NonNullable<ChildRecord['supports']>;
  cases: NonNullable<ChildRecord['cases']>;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <DatedRecordsSection
      {...where}
      kind="supports"
      title={t('registerUi:child.supports')}
      emptyText={t('registerUi:child.noSupports')}
      addLabel={t('registerUi:child.addSupport')}
      records={records}
      renderRecord={(s) => (
        <>
          <span className="grow">
            <strong>{s.kind}</strong> — {s.provider}
          </span>
          <span className="small">{f.date(s.givenOn)}</span>
          {s.note && <span className="small muted">{s.note}</span>}
        </>
      )}
      removeName={(s) => s.kind}
      describe={(v) => v.kind.trim()}
      initial={() => ({ kind: '', givenOn: '', provider: '', note: '', caseId: '' })}
      toBody={(v) => ({
        kind: v.kind.trim(),
        givenOn: dayForApi(v.givenOn) ?? '',
        provider: v.provider.trim(),
        note: v.note.trim(),
        caseId: v.caseId ? Number(v.caseId) : null,
      })}
      fieldNames={['kind', 'givenOn', 'provider', 'note', 'caseId']}
      fields={(form, id) => (
        <>
          <TextInput
            id={id('kind')}
            label={t('registerUi:child.supportKind')}
            required
            value={form.values.kind}
            onChange={form.set('kind')}
            maxLength={120}
            error={form.issues.kind}
          />
          <DateInput
            id={id('given')}
            label={t('register:field.givenOn')}
            required
            value={form.values.givenOn}
            onChange={form.set('givenOn')}
            error={form.issues.givenOn}
          />
          <TextInput
            id={id('provider')}
            label={t('register:field.provider')}
            required
            value={form.values.provider}
            onChange={form.set('provider')}
            maxLength={160}
            error={form.issues.provider}
          />
          <NoteInput id={id('note')} value={form.values.note} onChange={form.set('note')} error={form.issues.note} />
          {cases.length > 0 && (
            <SelectInput
              id={id('case')}
              label={t('register:field.caseId')}
              value={form.values.caseId}
              onChange={form.set('caseId')}
              options={cases.map((c) => ({
                value: String(c.id),
                label: `${t(`register:kind.${c.kind}`)} — ${f.date(c.reportedOn)}`,
              }))}
              empty={t('registerUi:child.noCase')}
              error={form.issues.caseId}
            />
          )}
        </>
      )}
    />
  );
}

function HealthRecords({
  where,
  records,
}: {
  where: RecordsPlace;
  records: NonNullable<ChildRecord['healthRecords']>;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const numbers = useNumbers();
  return (
    <DatedRecordsSection
      {...where}
      kind="health-records"
      title={t('registerUi:child.health')}
      emptyText={t('registerUi:child.noHealth')}
      addLabel={t('registerUi:child.addHealth')}
      records={records}
      renderRecord={(h) => (
        <>
          <span className="grow">
            <strong>{t(`register:healthKind.${h.kind}`)}</strong> {f.date(h.checkedOn)}
          </span>
          {h.weightKg !== null && (
            <span className="small">{t('registerUi:child.weight', { value: f.num(h.weightKg, 1) })}</span>
          )}
          {h.heightCm !== null && (
            <span className="small">{t('registerUi:child.height', { value: f.num(h.heightCm, 1) })}</span>
          )}
          {h.underweight && <Badge tone="warn">{t('register:field.underweight')}</Badge>}
          {h.stunted && <Badge tone="warn">{t('register:field.stunted')}</Badge>}
          {h.note && <span className="small muted">{h.note}</span>}
        </>
      )}
      removeName={(h) => (
        <>
          {t(`register:healthKind.${h.kind}`)} {f.date(h.checkedOn)}
        </>
      )}
      initial={() => ({
        kind: 'growth',
        checkedOn: '',
        weightKg: '',
        heightCm: '',
        underweight: false as boolean,
        stunted: false as boolean,
        note: '',
      })}
      toBody={(v) => ({
        kind: v.kind,
        checkedOn: dayForApi(v.checkedOn) ?? '',
        weightKg: numbers.forApi(v.weightKg),
        heightCm: numbers.forApi(v.heightCm),
        underweight: v.underweight,
        stunted: v.stunted,
        note: v.note.trim(),
      })}
      fieldNames={['kind', 'checkedOn', 'weightKg', 'heightCm', 'note']}
      fields={(form, id) => (
        <>
          <SelectInput
            id={id('kind')}
            label={t('register:field.kind')}
            required
            value={form.values.kind}
            onChange={form.set('kind')}
            options={(['growth', 'periodic'] as const).map((k) => ({ value: k, label: t(`register:healthKind.${k}`) }))}
            error={form.issues.kind}
          />
          <DateInput
            id={id('checked')}
            label={t('register:field.checkedOn')}
            required
            value={form.values.checkedOn}
            onChange={form.set('checkedOn')}
            error={form.issues.checkedOn}
          />
          <NumberInput
            id={id('weight')}
            label={t('register:field.weightKg')}
            value={form.values.weightKg}
            onChange={form.set('weightKg')}
            error={form.issues.weightKg}
          />
          <NumberInput
            id={id('height')}
            label={t('register:field.heightCm')}
            value={form.values.heightCm}
            onChange={form.set('heightCm')}
            error={form.issues.heightCm}
          />
          <NoteInput id={id('note')} value={form.values.note} onChange={form.set('note')} error={form.issues.note} />
        </>
      )}
      afterFields={(form, id) => (
        <div className="action-row">
          <CheckInput
            id={id('under')}
            label={t('register:field.underweight')}
            checked={form.values.underweight}
            onChange={form.set('underweight')}
          />
          <CheckInput
            id={id('stunted')}
            label={t('register:field.stunted')}
            checked={form.values.stunted}
            onChange={form.set('stunted')}
          />
        </div>
      )}
    />
  );
}
