// A child's record: every field of the register, dates typed dd/mm/yyyy, the API's issues shown under
// their field. Used to add a child and to edit one. An edit carries the values it was made from (its base), so that
// sent later (offline) it does not overwrite what someone else changed meanwhile: the server refuses such a field
// and the form shows both values there to choose from (issue 21).
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiError, type ApiIssue } from '../../app/api.ts';
import { discard, sendOrQueue, type OutboxItem } from '../../app/offline/outbox.ts';
import { registerApi } from './parts.tsx';
import { dayForApi, showDay } from '../../ui/dates.ts';
import {
  DateInput,
  focusFirstIssue,
  FormActions,
  FormError,
  SelectInput,
  TextArea,
  TextInput,
  useFormSubmit,
} from '../../ui/forms.tsx';
import type { ChildRecord, Village } from './types.ts';
import { CHILD_DATE_FIELDS, CHILD_EDIT_FIELDS } from '../../../core/register/child-edit.ts';

const EDUCATION = [
  'none',
  'preschool',
  'primary',
  'lower_secondary',
  'upper_secondary',
  'vocational',
  'out_of_school',
] as const;

export type FieldName = (typeof CHILD_EDIT_FIELDS)[number];
type Values = Record<FieldName, string>;

const empty = (): Values => Object.fromEntries(CHILD_EDIT_FIELDS.map((f) => [f, ''])) as Values;

function fromRecord(c: ChildRecord): Values {
  return {
    code: c.code,
    villageName: c.village.name,
    householdCode: c.household.code,
    householdHead: c.household.head,
    address: c.household.address ?? '',
    fullName: c.fullName,
    idNumber: c.idNumber ?? '',
    guardianName: c.guardianName ?? '',
    guardianRelation: c.guardianRelation ?? '',
    disability: c.disability ?? '',
    note: c.note ?? '',
    birthDate: showDay(c.birthDate),
    birthRegisteredOn: showDay(c.birthRegisteredOn),
    fullyImmunizedOn: showDay(c.fullyImmunizedOn),
    movedOutOn: showDay(c.movedOutOn),
    diedOn: showDay(c.diedOn),
    sex: c.sex,
    education: c.education ?? '',
  };
}

/** The body the API expects: trimmed text, ISO dates (or the text as typed, for the API to name), null for empty optionals. */
export function bodyOf(v: Values) {
  const text = (s: string) => s.trim();
  return {
    code: text(v.code),
    villageName: text(v.villageName),
    householdCode: text(v.householdCode),
    householdHead: text(v.householdHead),
    address: text(v.address),
    fullName: text(v.fullName),
    birthDate: dayForApi(v.birthDate) ?? '',
    sex: v.sex || null,
    idNumber: text(v.idNumber) || null,
    guardianName: text(v.guardianName),
    guardianRelation: text(v.guardianRelation),
    birthRegisteredOn: dayForApi(v.birthRegisteredOn),
    education: v.education || null,
    fullyImmunizedOn: dayForApi(v.fullyImmunizedOn),
    disability: text(v.disability),
    movedOutOn: dayForApi(v.movedOutOn),
    diedOn: dayForApi(v.diedOn),
    note: text(v.note),
  };
}

export type ChildBody = ReturnType<typeof bodyOf>;
/** An edit as queued: the body and the values it was made from. */
export type ChildEdit = ChildBody & { base?: ChildBody };

const DATE_SET = new Set<string>(CHILD_DATE_FIELDS);
/** A body's value as the form shows it (dates dd/mm/yyyy, empty as ''). */
const formValue = (f: FieldName, v: unknown) =>
  v === null || v === undefined ? '' : DATE_SET.has(f) ? showDay(String(v)) : String(v);
/** The fields a 409 named as changed by someone else meanwhile, with their values when the answer gave them. */
function conflictsOf(issues: ApiIssue[], theirs?: Map<string, unknown>): Partial<Record<FieldName, Conflict>> {
  const out: Partial<Record<FieldName, Conflict>> = {};
  for (const i of issues) {
    if (!(CHILD_EDIT_FIELDS as readonly string[]).includes(i.field)) continue;
    out[i.field as FieldName] = theirs?.has(i.field)
      ? { message: i.message, theirs: theirs.get(i.field) }
      : { message: i.message };
  }
  return out;
}

function fromBody(b: Partial<ChildBody>): Values {
  return Object.fromEntries(CHILD_EDIT_FIELDS.map((f) => [f, formValue(f, b[f])])) as Values;
}

/** A value of a child's field as people read it: dates dd/mm/yyyy, a choice by its name, empty said so. */
export function showChildValue(t: TFunction, f: FieldName, v: unknown): string {
  if (v === null || v === undefined || v === '') return t('registerUi:pending.empty');
  if (f === 'sex' || f === 'education') return t(`register:${f}.${String(v)}`);
  return formValue(f, v);
}

/** The record as an edit body: what an edit starts from. */
export const baseOf = (c: ChildRecord): ChildBody => bodyOf(fromRecord(c));

/** A field someone else changed meanwhile: the server's sentence; their value when the 409 named it. */
interface Conflict {
  message: string;
  theirs?: unknown;
}

const REQUIRED = new Set<FieldName>([
  'code',
  'villageName',
  'householdCode',
  'householdHead',
  'fullName',
  'birthDate',
  'sex',
]);

export function ChildForm({
  unitId,
  villages,
  child,
  queued,
  onSaved,
  onQueued,
  onCancel,
}: {
  unitId: number;
  villages: Village[];
  /** The child being edited (as the server last gave it); absent when adding. */
  child?: ChildRecord;
  /** An edit of this child in the outbox: the form continues it (a refused one comes back with the server's answer). */
  queued?: OutboxItem;
  onSaved(id: number, name: string): void;
  /** Saved without a connection: the write waits in the outbox (issue 21). */
  onQueued?(name: string): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const uid = useId();
  const edit = queued?.body as ChildEdit | undefined;
  const [values, setValues] = useState<Values>(() => (edit ? fromBody(edit) : child ? fromRecord(child) : empty()));
  // What the edit was made from: the waiting edit's result, else the record as shown.
  const [base, setBase] = useState<ChildBody | null>(() =>
    queued?.state === 'waiting' ? bodyOf(fromBody(edit!)) : (edit?.base ?? (child ? baseOf(child) : null)),
  );
  const refusal = queued?.state === 'refused' ? queued.refusal : null;
  const [conflicts, setConflicts] = useState<Partial<Record<FieldName, Conflict>>>(() =>
    refusal?.code === 'edit_conflict' ? conflictsOf(refusal.issues) : {},
  );
  // The server's other objections to a refused edit, at their fields until the person sends again.
  const [earlier, setEarlier] = useState<Record<string, string>>(() =>
    refusal && refusal.code !== 'edit_conflict'
      ? Object.fromEntries(refusal.issues.map((i) => [i.field, i.message]))
      : {},
  );
  const id = (f: string) => `${uid}-${f}`;
  const { submit, error, issues, busy } = useFormSubmit(
    async () => {
      const body = bodyOf(values);
      if (child) {
        const open = Object.keys(conflicts);
        if (open.length)
          throw new ApiError(
            409,
            'choose',
            t('registerUi:conflict.chooseFirst', { count: open.length }),
            open.map((f) => ({ field: f, value: null, message: conflicts[f as FieldName]!.message })),
          );
        setEarlier({});
        try {
          const sent = await sendOrQueue<{ id: number }>({
            method: 'PUT',
            url: `${registerApi(unitId)}/children/${child.id}`,
            body: { ...body, base },
            label: `${t('registerUi:child.editTitle')}: ${body.fullName} (${body.code})`,
          });
          // The refused edit this one settles leaves the queue.
          if (queued?.state === 'refused') await discard(queued.id);
          if (sent.queued) onQueued?.(body.fullName);
          else onSaved(sent.result.id, body.fullName);
        } catch (err) {
          if (err instanceof ApiError && err.code === 'edit_conflict') {
            const theirs = new Map(
              ((err.body as { conflicts?: Array<{ field: string; theirs: { value: unknown } }> })?.conflicts ?? []).map(
                (c) => [c.field, c.theirs.value],
              ),
            );
            setConflicts(conflictsOf(err.issues, theirs));
          }
          throw err;
        }
        return;
      }
      // A new child is kept on the device when the line is down, and sent once (Idempotency-Key) when it returns.
      const sent = await sendOrQueue<{ id: number }>({
        method: 'POST',
        url: `${registerApi(unitId)}/children`,
        body,
        label: `${t('registerUi:child.addTitle')}: ${body.fullName} (${body.code})`,
      });
      if (sent.queued) onQueued?.(body.fullName);
      else onSaved(sent.result.id, body.fullName);
      setValues(empty());
    },
    // Take the person to the first field the API named.
    (err) => focusFirstIssue(err, CHILD_EDIT_FIELDS, id),
  );
  const set = (f: FieldName) => (v: string) => setValues((prev) => ({ ...prev, [f]: v }));
  const label = (f: FieldName) => t(`register:field.${f}`);
  const common = (f: FieldName) => ({
    id: id(f),
    label: label(f),
    error: conflicts[f] ? undefined : (issues[f] ?? earlier[f]),
    required: REQUIRED.has(f),
    value: values[f],
    onChange: set(f),
  });
  /** Their value: as the 409 named it, else as the record (reloaded after the refusal) holds it now. */
  const theirsOf = (f: FieldName) => {
    const c = conflicts[f];
    return c && 'theirs' in c ? c.theirs : child ? baseOf(child)[f] : null;
  };
  const shown = (f: FieldName, v: unknown) => showChildValue(t, f, v);
  // Keeping either value, the edit is now made from theirs: kept, theirs stays; mine, it replaces theirs.
  const pick = (f: FieldName, which: 'mine' | 'theirs') => {
    const theirs = theirsOf(f);
    if (which === 'theirs') set(f)(formValue(f, theirs));
    setBase((prev) => ({ ...(prev ?? bodyOf(values)), [f]: theirs }) as ChildBody);
    setConflicts((prev) => {
      const rest = { ...prev };
      delete rest[f];
      return rest;
    });
    setTimeout(() => document.getElementById(id(f))?.focus(), 0);
  };
  /** A field's input with, under it, both values to choose from when someone else changed it meanwhile. */
  const at = (f: FieldName, input: ReactNode) => {
    const c = conflicts[f];
    if (!c) return input;
    return (
      <>
        {input}
        <div className="child-conflict" role="group" aria-labelledby={`${id(f)}-conflict`} data-field={f}>
          <p id={`${id(f)}-conflict`}>
            <strong>{t('registerUi:conflict.title')}</strong> ({label(f)})
          </p>
          <p className="small">{c.message}</p>
          <ul className="conflict-values">
            <li className="conflict-theirs">{t('registerUi:conflict.theirs', { value: shown(f, theirsOf(f)) })}</li>
            <li className="conflict-mine">{t('registerUi:conflict.mine', { value: shown(f, bodyOf(values)[f]) })}</li>
          </ul>
          <div className="action-row">
            <button type="button" className="btn-secondary btn-small" onClick={() => pick(f, 'theirs')}>
              {t('registerUi:conflict.keepTheirs')}
              <span className="sr-only"> ({label(f)})</span>
            </button>
            <button type="button" className="btn-primary btn-small" onClick={() => pick(f, 'mine')}>
              {t('registerUi:conflict.keepMine')}
              <span className="sr-only"> ({label(f)})</span>
            </button>
          </div>
        </div>
      </>
    );
  };

  const listId = `${uid}-villages`;
  return (
    <form className="card register-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby={`${uid}-title`}>
      <h2 className="card-title" id={`${uid}-title`}>
        {child ? t('registerUi:child.editTitle') : t('registerUi:child.addTitle')}
      </h2>
      <p className="small muted">{t('registerUi:form.requiredNote')}</p>
      {refusal && (
        <div className="warn-text" role="alert" data-testid="edit-refused">
          <p>{refusal.message}</p>
          <p className="small">{t('registerUi:conflict.resolveNote')}</p>
        </div>
      )}
      <fieldset className="plain-fieldset">
        <legend>{t('registerUi:child.identity')}</legend>
        <div className="form-grid">
          {at('code', <TextInput {...common('code')} maxLength={40} />)}
          {at('fullName', <TextInput {...common('fullName')} maxLength={120} autoComplete="off" />)}
          {at('birthDate', <DateInput {...common('birthDate')} />)}
          {at(
            'sex',
            <SelectInput
              {...common('sex')}
              empty={t('registerUi:form.choose')}
              options={(['male', 'female'] as const).map((s) => ({ value: s, label: t(`register:sex.${s}`) }))}
            />,
          )}
          {at(
            'idNumber',
            <TextInput
              {...common('idNumber')}
              inputMode="numeric"
              maxLength={12}
              hint={t('registerUi:child.idNumberHint')}
            />,
          )}
          {at('birthRegisteredOn', <DateInput {...common('birthRegisteredOn')} />)}
        </div>
      </fieldset>
      <fieldset className="plain-fieldset">
        <legend>{t('registerUi:child.householdTitle')}</legend>
        <div className="form-grid">
          {at('villageName', <TextInput {...common('villageName')} maxLength={120} list={listId} />)}
          <datalist id={listId}>
            {villages.map((v) => (
              <option key={v.id} value={v.name} />
            ))}
          </datalist>
          {at('householdCode', <TextInput {...common('householdCode')} maxLength={40} />)}
          {at('householdHead', <TextInput {...common('householdHead')} maxLength={120} />)}
          {at('address', <TextInput {...common('address')} maxLength={200} />)}
          {at('guardianName', <TextInput {...common('guardianName')} maxLength={120} />)}
          {at('guardianRelation', <TextInput {...common('guardianRelation')} maxLength={60} />)}
        </div>
      </fieldset>
      <fieldset className="plain-fieldset">
        <legend>{t('registerUi:child.schoolingHealth')}</legend>
        <div className="form-grid">
          {at(
            'education',
            <SelectInput
              {...common('education')}
              empty={t('registerUi:form.notRecorded')}
              options={EDUCATION.map((e) => ({ value: e, label: t(`register:education.${e}`) }))}
            />,
          )}
          {at('fullyImmunizedOn', <DateInput {...common('fullyImmunizedOn')} />)}
          {at('disability', <TextInput {...common('disability')} maxLength={200} />)}
          {at('movedOutOn', <DateInput {...common('movedOutOn')} />)}
          {at('diedOn', <DateInput {...common('diedOn')} />)}
        </div>
        {at('note', <TextArea {...common('note')} maxLength={500} rows={2} />)}
      </fieldset>
      <FormError error={error} fields={CHILD_EDIT_FIELDS} />
      <FormActions
        busy={busy}
        submitLabel={child ? t('registerUi:form.save') : t('registerUi:child.addSubmit')}
        onCancel={onCancel}
      />
    </form>
  );
}
