// A forum or consultation: kind, level, date typed dd/mm/yyyy, title, the six participant counts with
// their total, and the children's recommendations (text, agency, deadline). The API's issues are shown
// under their field, recommendation by recommendation; nothing is stored on a refusal.
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { sendOrQueue } from '../../app/offline/outbox.ts';
import { useFormat } from '../../app/format.ts';
import { dayForApi, showDay, todayText } from '../../ui/dates.ts';
import type { NumberLocale } from '../../../core/numbers.ts';
import {
  DateInput,
  FormActions,
  FormError,
  NumberInput,
  SelectInput,
  TextArea,
  TextInput,
  useFormSubmit,
} from '../../ui/forms.tsx';
import { countOf, focusFirstPath, forumsApi, issuesByPath } from './parts.ts';
import { BANDS, FORUM_KINDS, FORUM_LEVELS, type Band, type Forum } from './types.ts';

interface RecValues {
  /** Local key for React; the server's id for a recommendation already stored. */
  key: number;
  id?: number;
  text: string;
  agency: string;
  dueOn: string;
  answered: boolean;
}

interface Values {
  kind: string;
  level: string;
  heldOn: string;
  title: string;
  note: string;
  counts: Record<Band, string>;
  recs: RecValues[];
}

const TOP_FIELDS = ['kind', 'level', 'heldOn', 'title', ...BANDS, 'note'] as const;
const REC_FIELDS = ['text', 'agency', 'dueOn'] as const;
/** Every field name the form shows an issue under (the last part of a path, as FormError reads it). */
const FORM_FIELDS = [...TOP_FIELDS, ...REC_FIELDS, 'answer', 'answeredOn'];

let nextKey = 1;
const emptyRec = (): RecValues => ({ key: nextKey++, text: '', agency: '', dueOn: '', answered: false });

function fromForum(f: Forum | undefined, provinceLevel: boolean): Values {
  if (!f)
    return {
      kind: 'forum',
      level: provinceLevel ? 'province' : 'commune',
      heldOn: todayText(),
      title: '',
      note: '',
      counts: Object.fromEntries(BANDS.map((b) => [b, ''])) as Record<Band, string>,
      recs: [],
    };
  return {
    kind: f.kind,
    level: f.level,
    heldOn: showDay(f.heldOn),
    title: f.title,
    note: f.note,
    counts: Object.fromEntries(BANDS.map((b) => [b, String(f.participants[b])])) as Record<Band, string>,
    recs: f.recommendations.map((r) => ({
      key: nextKey++,
      id: r.id,
      text: r.text,
      agency: r.agency,
      dueOn: showDay(r.dueOn),
      answered: r.answeredOn !== null,
    })),
  };
}

function bodyOf(v: Values, locale: NumberLocale) {
  return {
    kind: v.kind,
    level: v.level,
    heldOn: dayForApi(v.heldOn) ?? '',
    title: v.title.trim(),
    note: v.note.trim(),
    ...(Object.fromEntries(BANDS.map((b) => [b, countOf(v.counts[b], locale)])) as Record<Band, number>),
    recommendations: v.recs.map((r) => ({
      ...(r.id ? { id: r.id } : {}),
      text: r.text.trim(),
      agency: r.agency.trim(),
      dueOn: dayForApi(r.dueOn),
    })),
  };
}

export function ForumForm({
  unitId,
  forum,
  provinceLevel = false,
  onSaved,
  onQueued,
  onCancel,
}: {
  unitId: number;
  forum?: Forum;
  /** The province's own forums: province level only (a commune's are commune, village or school level). */
  provinceLevel?: boolean;
  onSaved(saved: Forum): void;
  /** Recorded without a connection: the forum waits in the outbox (issue 21). */
  onQueued(title: string): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const uid = useId();
  const [values, setValues] = useState<Values>(() => fromForum(forum, provinceLevel));
  const recsRef = useRef<HTMLOListElement>(null);
  const id = (path: string) => `${uid}-${path.replace(/\./g, '-')}`;
  const paths = () => [
    ...TOP_FIELDS,
    ...values.recs.flatMap((_, i) => REC_FIELDS.map((r) => `recommendations.${i}.${r}`)),
  ];
  const { submit, error, busy } = useFormSubmit(
    async () => {
      const body = bodyOf(values, f.locale);
      // Kept on the device when the line is down, and sent once (Idempotency-Key) when it returns.
      const sent = await sendOrQueue<Forum>({
        method: forum ? 'PUT' : 'POST',
        url: forum ? `${forumsApi(unitId)}/${forum.id}` : forumsApi(unitId),
        body,
        label: `${forum ? t('forumsUi:form.editTitle') : t('forumsUi:form.addTitle')}: ${body.title}`,
      });
      if (sent.queued) onQueued(body.title);
      else onSaved(sent.result);
    },
    (err) => focusFirstPath(err, paths(), id),
  );
  const issues = issuesByPath(error);
  const set = (k: 'kind' | 'level' | 'heldOn' | 'title' | 'note') => (v: string) =>
    setValues((prev) => ({ ...prev, [k]: v }));
  const setCount = (b: Band) => (v: string) => setValues((prev) => ({ ...prev, counts: { ...prev.counts, [b]: v } }));
  const setRec = (key: number, k: 'text' | 'agency' | 'dueOn') => (v: string) =>
    setValues((prev) => ({ ...prev, recs: prev.recs.map((r) => (r.key === key ? { ...r, [k]: v } : r)) }));
  const addRec = () => {
    setValues((prev) => ({ ...prev, recs: [...prev.recs, emptyRec()] }));
    // The new recommendation's first box gets the focus, so that a keyboard user types on.
    setTimeout(() => recsRef.current?.querySelector<HTMLElement>('li:last-child textarea')?.focus(), 0);
  };
  const removeRec = (key: number) => setValues((prev) => ({ ...prev, recs: prev.recs.filter((r) => r.key !== key) }));
  const field = (k: 'heldOn' | 'title' | 'note') => ({
    id: id(k),
    label: t(`forums:field.${k}`),
    value: values[k],
    onChange: set(k),
    error: issues[k],
  });

  const counts = BANDS.map((b) => countOf(values.counts[b], f.locale));
  const totalOk = counts.every((n) => Number.isInteger(n));
  const total = counts.reduce((s, n) => s + n, 0);

  return (
    <form
      className="card forum-form register-form"
      onSubmit={(e) => void submit(e)}
      noValidate
      aria-labelledby={`${uid}-heading`}
      data-testid="forum-form"
    >
      <h3 className="card-title" id={`${uid}-heading`}>
        {forum ? t('forumsUi:form.editTitle') : t('forumsUi:form.addTitle')}
      </h3>
      <p className="small muted">{t('ui:form.requiredNote')}</p>
      <fieldset className="plain-fieldset">
        <legend>{t('forumsUi:form.general')}</legend>
        <div className="form-grid">
          <SelectInput
            id={id('kind')}
            label={t('forums:field.kind')}
            required
            value={values.kind}
            onChange={set('kind')}
            error={issues.kind}
            options={FORUM_KINDS.map((k) => ({ value: k, label: t(`forums:kind.${k}`) }))}
          />
          <SelectInput
            id={id('level')}
            label={t('forums:field.level')}
            required
            value={values.level}
            onChange={set('level')}
            error={issues.level}
            options={FORUM_LEVELS.filter((k) => (k === 'province') === provinceLevel || k === forum?.level).map(
              (k) => ({ value: k, label: t(`forums:level.${k}`) }),
            )}
          />
          <DateInput {...field('heldOn')} required />
          <TextInput {...field('title')} required maxLength={300} />
        </div>
      </fieldset>
      <fieldset className="plain-fieldset">
        <legend>{t('forumsUi:form.participants')}</legend>
        <div className="participants-grid">
          {BANDS.map((b) => (
            <NumberInput
              key={b}
              id={id(b)}
              label={t(`forums:field.${b}`)}
              integer
              value={values.counts[b]}
              onChange={setCount(b)}
              error={issues[b]}
            />
          ))}
        </div>
        <p className="forum-total" role="status" aria-live="polite" data-testid="forum-total">
          {totalOk ? t('forumsUi:form.total', { total: f.num(total) }) : t('forumsUi:form.totalBad')}
        </p>
      </fieldset>
      <fieldset className="plain-fieldset">
        <legend>{t('forumsUi:form.recommendations')}</legend>
        <p className="small muted">{t('forumsUi:form.recsHint')}</p>
        <ol className="rec-edit-list" ref={recsRef}>
          {values.recs.map((r, i) => {
            const path = (k: string) => `recommendations.${i}.${k}`;
            return (
              <li key={r.key} className="rec-edit" data-testid={`rec-edit-${i + 1}`}>
                <div className="rec-edit-head">
                  <strong>{t('forumsUi:form.recNumber', { n: i + 1 })}</strong>
                  {r.answered ? (
                    <span className="small muted">{t('forumsUi:form.answeredLocked')}</span>
                  ) : (
                    <button type="button" className="btn-link" onClick={() => removeRec(r.key)}>
                      {t('forumsUi:form.removeRec', { n: i + 1 })}
                    </button>
                  )}
                </div>
                <TextArea
                  id={id(path('text'))}
                  label={t('forums:field.text')}
                  required
                  rows={2}
                  maxLength={4000}
                  value={r.text}
                  onChange={setRec(r.key, 'text')}
                  error={issues[path('text')]}
                />
                <div className="form-grid">
                  <TextInput
                    id={id(path('agency'))}
                    label={t('forums:field.agency')}
                    required
                    maxLength={300}
                    value={r.agency}
                    onChange={setRec(r.key, 'agency')}
                    error={issues[path('agency')]}
                  />
                  <DateInput
                    id={id(path('dueOn'))}
                    label={t('forums:field.dueOn')}
                    value={r.dueOn}
                    onChange={setRec(r.key, 'dueOn')}
                    error={issues[path('dueOn')]}
                  />
                </div>
              </li>
            );
          })}
        </ol>
        <button type="button" className="btn-secondary" onClick={addRec}>
          + {t('forumsUi:form.addRec')}
        </button>
      </fieldset>
      <TextArea {...field('note')} rows={2} maxLength={4000} />
      <FormError error={error} fields={FORM_FIELDS} />
      <FormActions
        busy={busy}
        submitLabel={forum ? t('forumsUi:form.submitEdit') : t('forumsUi:form.submitAdd')}
        onCancel={onCancel}
      />
    </form>
  );
}
