// A child's record: every field of the register, dates typed dd/mm/yyyy, the API's issues shown under
// their field. Used to add a child and to edit one.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api.ts';
import { sendOrQueue } from '../../app/offline/outbox.ts';
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

const EDUCATION = [
  'none',
  'preschool',
  'primary',
  'lower_secondary',
  'upper_secondary',
  'vocational',
  'out_of_school',
] as const;

const TEXT_FIELDS = [
  'code',
  'villageName',
  'householdCode',
  'householdHead',
  'address',
  'fullName',
  'idNumber',
  'guardianName',
  'guardianRelation',
  'disability',
  'note',
] as const;
const DATE_FIELDS = ['birthDate', 'birthRegisteredOn', 'fullyImmunizedOn', 'movedOutOn', 'diedOn'] as const;
const CHOICE_FIELDS = ['sex', 'education'] as const;
export const CHILD_FIELDS = [...TEXT_FIELDS, ...DATE_FIELDS, ...CHOICE_FIELDS] as const;
type FieldName = (typeof CHILD_FIELDS)[number];
type Values = Record<FieldName, string>;

const empty = (): Values => Object.fromEntries(CHILD_FIELDS.map((f) => [f, ''])) as Values;

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
function bodyOf(v: Values) {
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
  onSaved,
  onQueued,
  onCancel,
}: {
  unitId: number;
  villages: Village[];
  /** The child being edited; absent when adding. */
  child?: ChildRecord;
  onSaved(id: number, name: string): void;
  /** Added without a connection: the child waits in the outbox (issue 21). */
  onQueued?(name: string): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const uid = useId();
  const [values, setValues] = useState<Values>(() => (child ? fromRecord(child) : empty()));
  const id = (f: string) => `${uid}-${f}`;
  const { submit, error, issues, busy } = useFormSubmit(
    async () => {
      const body = bodyOf(values);
      if (child) {
        const saved = await api<{ id: number }>(`${registerApi(unitId)}/children/${child.id}`, { method: 'PUT', body });
        onSaved(saved.id, body.fullName);
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
    (err) => focusFirstIssue(err, CHILD_FIELDS, id),
  );
  const set = (f: FieldName) => (v: string) => setValues((prev) => ({ ...prev, [f]: v }));
  const label = (f: FieldName) => t(`register:field.${f}`);
  const common = (f: FieldName) => ({
    id: id(f),
    label: label(f),
    error: issues[f],
    required: REQUIRED.has(f),
    value: values[f],
    onChange: set(f),
  });

  const listId = `${uid}-villages`;
  return (
    <form className="card register-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby={`${uid}-title`}>
      <h2 className="card-title" id={`${uid}-title`}>
        {child ? t('registerUi:child.editTitle') : t('registerUi:child.addTitle')}
      </h2>
      <p className="small muted">{t('registerUi:form.requiredNote')}</p>
      <fieldset className="plain-fieldset">
        <legend>{t('registerUi:child.identity')}</legend>
        <div className="form-grid">
          <TextInput {...common('code')} maxLength={40} />
          <TextInput {...common('fullName')} maxLength={120} autoComplete="off" />
          <DateInput {...common('birthDate')} />
          <SelectInput
            {...common('sex')}
            empty={t('registerUi:form.choose')}
            options={(['male', 'female'] as const).map((s) => ({ value: s, label: t(`register:sex.${s}`) }))}
          />
          <TextInput
            {...common('idNumber')}
            inputMode="numeric"
            maxLength={12}
            hint={t('registerUi:child.idNumberHint')}
          />
          <DateInput {...common('birthRegisteredOn')} />
        </div>
      </fieldset>
      <fieldset className="plain-fieldset">
        <legend>{t('registerUi:child.householdTitle')}</legend>
        <div className="form-grid">
          <TextInput {...common('villageName')} maxLength={120} list={listId} />
          <datalist id={listId}>
            {villages.map((v) => (
              <option key={v.id} value={v.name} />
            ))}
          </datalist>
          <TextInput {...common('householdCode')} maxLength={40} />
          <TextInput {...common('householdHead')} maxLength={120} />
          <TextInput {...common('address')} maxLength={200} />
          <TextInput {...common('guardianName')} maxLength={120} />
          <TextInput {...common('guardianRelation')} maxLength={60} />
        </div>
      </fieldset>
      <fieldset className="plain-fieldset">
        <legend>{t('registerUi:child.schoolingHealth')}</legend>
        <div className="form-grid">
          <SelectInput
            {...common('education')}
            empty={t('registerUi:form.notRecorded')}
            options={EDUCATION.map((e) => ({ value: e, label: t(`register:education.${e}`) }))}
          />
          <DateInput {...common('fullyImmunizedOn')} />
          <TextInput {...common('disability')} maxLength={200} />
          <DateInput {...common('movedOutOn')} />
          <DateInput {...common('diedOn')} />
        </div>
        <TextArea {...common('note')} maxLength={500} rows={2} />
      </fieldset>
      <FormError error={error} fields={CHILD_FIELDS} />
      <FormActions
        busy={busy}
        submitLabel={child ? t('registerUi:form.save') : t('registerUi:child.addSubmit')}
        onCancel={onCancel}
      />
    </form>
  );
}
