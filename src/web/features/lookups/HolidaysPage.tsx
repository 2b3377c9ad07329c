// Holidays and working days of one year: the statutory days off (Labour Code 2019, Art. 112) with
// compensatory days, and the official decisions that move them. Case deadlines count working days.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, qs } from '../../app/api.ts';
import { useFormat } from '../../app/format.ts';
import { Badge, PageResource } from '../../app/ui.tsx';
import type { Loaded } from '../../app/useApi.ts';
import { dayForApi, thisYear as currentYear } from '../../ui/dates.ts';
import { DateInput, FormError, SelectInput, SubmitButton, TextInput, useFormSubmit } from '../../ui/forms.tsx';
import { DataTable, useSearchUpdate, type Column } from '../../ui/tables.tsx';
import { Flash, ReadOnlyNote, useFlash, useMayEdit, useWeekday } from './parts.tsx';

export type HolidaySource = 'statutory' | 'compensatory' | 'adjustment';
export type AdjustmentKind = 'day_off' | 'working_day';

export interface Holiday {
  date: string;
  name: string;
  source: HolidaySource;
}

export interface Adjustment {
  date: string;
  kind: AdjustmentKind;
  name: string;
}

export interface HolidaysBody {
  statutory: Holiday[];
  holidays: Holiday[];
  adjustments: Adjustment[];
}

/** The years the server knows (2000–2100). */
const MIN_YEAR = 2000;
const MAX_YEAR = 2100;
const SOURCE_TONE = { statutory: 'ok', compensatory: 'info', adjustment: 'warn' } as const;

const holidayApi = (date: string) => `/api/holidays/${encodeURIComponent(date)}`;

function yearFrom(text: string | null, fallback: number): number {
  const n = Number(text);
  return Number.isInteger(n) && n >= MIN_YEAR && n <= MAX_YEAR ? n : fallback;
}

export default function HolidaysPage() {
  const { t } = useTranslation();
  const thisYear = currentYear();
  const [params, update] = useSearchUpdate();
  const year = yearFrom(params.get('year'), thisYear);
  const years: number[] = [];
  const chooseYear = (y: number) => update({ year: y === thisYear ? null : String(y) });
  for (
    let y = Math.max(MIN_YEAR, Math.min(year, thisYear) - 3);
    y <= Math.min(MAX_YEAR, Math.max(year, thisYear) + 3);
    y++
  )
    years.push(y);

  return (
    <section className="page lookup-page">
      <h1>{t('lookups:holidays.title')}</h1>
      <p className="notice">{t('lookups:holidays.why')}</p>
      <div className="toolbar">
        <div className="field inline year-field">
          <label htmlFor="holiday-year">{t('lookups:holidays.year')}</label>
          <select id="holiday-year" value={String(year)} onChange={(e) => chooseYear(Number(e.target.value))}>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
      </div>
      {/* A new year is a new resource: nothing of the previous year shows while it loads. */}
      <PageResource<HolidaysBody>
        key={year}
        path={`/api/holidays${qs({ year })}`}
        isCurrent={(d) => Array.isArray(d.holidays)}
      >
        {(data, loaded) => <HolidaysBodyView year={year} data={data} loaded={loaded} onYear={chooseYear} />}
      </PageResource>
    </section>
  );
}

function HolidaysBodyView({
  year,
  data,
  loaded,
  onYear,
}: {
  year: number;
  data: HolidaysBody;
  loaded: Loaded<HolidaysBody>;
  onYear(year: number): void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const weekday = useWeekday();
  const mayEdit = useMayEdit('system_admin');
  const [flash, setFlash] = useFlash();
  const [removing, setRemoving] = useState<string | null>(null);
  const [removeError, setRemoveError] = useState<unknown>(null);

  async function remove(a: Adjustment) {
    setRemoving(a.date);
    setRemoveError(null);
    setFlash('');
    try {
      await api(holidayApi(a.date), { method: 'PUT', body: { kind: null, name: '' } });
      setFlash(t('lookups:holidays.removed', { date: f.date(a.date) }));
      loaded.reload();
    } catch (e) {
      setRemoveError(e);
    } finally {
      setRemoving(null);
    }
  }

  /** A day of another year is saved all the same; the page then shows that year. */
  function onSaved(date: string) {
    setFlash(t('lookups:holidays.add.saved', { date: f.date(date) }));
    const savedYear = Number(date.slice(0, 4));
    if (savedYear !== year) onYear(savedYear);
    else loaded.reload();
  }

  const holidayColumns: Column<Holiday>[] = [
    { label: t('lookups:holidays.col.date'), cell: (h) => <strong>{f.date(h.date)}</strong> },
    { label: t('lookups:holidays.col.weekday'), cell: (h) => weekday(h.date) },
    { label: t('lookups:holidays.col.name'), cell: (h) => h.name },
    {
      label: t('lookups:holidays.col.source'),
      cell: (h) => (
        <Badge tone={SOURCE_TONE[h.source] ?? 'muted'}>
          {t(`lookups:holidays.source.${h.source}`, { defaultValue: h.source })}
        </Badge>
      ),
    },
  ];
  const adjustmentColumns: Column<Adjustment>[] = [
    { label: t('lookups:holidays.col.date'), cell: (a) => <strong>{f.date(a.date)}</strong> },
    { label: t('lookups:holidays.col.weekday'), cell: (a) => weekday(a.date) },
    {
      label: t('lookups:holidays.col.kind'),
      cell: (a) => <Badge tone={a.kind === 'day_off' ? 'warn' : 'info'}>{t(`lookups:holidays.kind.${a.kind}`)}</Badge>,
    },
    { label: t('lookups:holidays.col.name'), cell: (a) => a.name || '—' },
  ];
  if (mayEdit)
    adjustmentColumns.push({
      label: t('lookups:holidays.col.actions'),
      cell: (a) => (
        <button
          type="button"
          className="btn-secondary"
          disabled={removing !== null}
          aria-label={t('lookups:holidays.removeLabel', { date: f.date(a.date) })}
          onClick={() => void remove(a)}
        >
          {removing === a.date ? t('common:working') : t('lookups:holidays.remove')}
        </button>
      ),
    });

  return (
    <>
      <h2>{t('lookups:holidays.effective', { year })}</h2>
      <p className="small muted">{t('lookups:holidays.effectiveIntro')}</p>
      {data.holidays.length === 0 ? (
        <p>{t('lookups:holidays.emptyHolidays')}</p>
      ) : (
        <>
          <p className="small muted">{t('lookups:holidays.count', { count: data.holidays.length })}</p>
          <DataTable rows={data.holidays} columns={holidayColumns} rowKey={(h) => h.date} testId="holidays-table" />
        </>
      )}

      <h2>{t('lookups:holidays.adjustments')}</h2>
      <p className="small muted">{t('lookups:holidays.adjustmentsIntro')}</p>
      {!mayEdit && <ReadOnlyNote />}
      {removeError !== null && <FormError error={removeError} fields={[]} />}
      {data.adjustments.length === 0 ? (
        <p>{t('lookups:holidays.emptyAdjustments')}</p>
      ) : (
        <DataTable
          rows={data.adjustments}
          columns={adjustmentColumns}
          rowKey={(a) => a.date}
          testId="adjustments-table"
        />
      )}
      {mayEdit && <Flash message={flash} />}
      {mayEdit && <AdjustmentForm adjustments={data.adjustments} onSaved={onSaved} />}
    </>
  );
}

const FIELDS = ['date', 'kind', 'name'] as const;

function AdjustmentForm({ adjustments, onSaved }: { adjustments: Adjustment[]; onSaved(date: string): void }) {
  const { t } = useTranslation();
  const [date, setDate] = useState('');
  const [kind, setKind] = useState<AdjustmentKind>('day_off');
  const [name, setName] = useState('');
  const iso = dayForApi(date);
  const form = useFormSubmit(async () => {
    if (!iso) throw new Error(t('lookups:holidays.add.dateRequired'));
    await api(holidayApi(iso), { method: 'PUT', body: { kind, name } });
    setDate('');
    setName('');
    onSaved(iso);
  });
  const replaces = iso !== null && adjustments.some((a) => a.date === iso);

  return (
    <form className="lookup-form" onSubmit={form.submit} aria-labelledby="add-adjustment-title" noValidate>
      <h2 id="add-adjustment-title">{t('lookups:holidays.add.title')}</h2>
      <div className="lookup-fields">
        <DateInput
          id="adjustment-date"
          label={t('lookups:holidays.add.date')}
          value={date}
          onChange={setDate}
          required
          error={form.issues.date}
          hint={replaces ? t('lookups:holidays.add.replaces') : undefined}
        />
        <SelectInput
          id="adjustment-kind"
          label={t('lookups:holidays.add.kind')}
          value={kind}
          onChange={(v) => setKind(v as AdjustmentKind)}
          required
          error={form.issues.kind}
          options={(['day_off', 'working_day'] as const).map((k) => ({
            value: k,
            label: t(`lookups:holidays.kind.${k}`),
          }))}
        />
        <TextInput
          id="adjustment-name"
          className="span-all"
          label={t('lookups:holidays.add.name')}
          value={name}
          onChange={setName}
          maxLength={200}
          error={form.issues.name}
          hint={t('lookups:holidays.add.namePlaceholder')}
        />
      </div>
      <FormError error={form.error} fields={FIELDS} />
      <SubmitButton busy={form.busy}>{t('lookups:holidays.add.submit')}</SubmitButton>
    </form>
  );
}
