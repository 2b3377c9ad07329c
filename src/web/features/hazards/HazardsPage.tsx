// "/hazards/:unitId": the commune's hazard sites (ponds, rivers, canals, wells, pits) by village, filtered by
// state, with today's counts as the reports take them; an add form and an edit of each site for those who write
// (officer and chairman: every village; a collaborator: their own). Dates are typed dd/mm/yyyy.
import { useId, useState } from 'react';
import { useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, qs } from '../../app/api.ts';
import { useFormat } from '../../app/format.ts';
import { Badge } from '../../app/ui.tsx';
import { useApi } from '../../app/useApi.ts';
import { HAZARD_FILTERS, type HazardState } from '../../../core/hazards/sites.ts';
import { HAZARD_KINDS } from '../../../core/reports/statistics.ts';
import { dayForApi, showDay, todayText } from '../../ui/dates.ts';
import {
  DateInput,
  FilterSelect,
  focusFirstIssue,
  FormActions,
  FormError,
  SelectInput,
  TextArea,
  TextInput,
  useFormSubmit,
} from '../../ui/forms.tsx';
import { DataTable, Fact, ListResource, useSearchUpdate } from '../../ui/tables.tsx';
import type { HazardSite, HazardSiteList } from './types.ts';
import './hazards.css';

const STATE_TONE: Record<HazardState, 'ok' | 'info' | 'warn' | 'bad'> = {
  fixed: 'ok',
  fenced_signposted: 'info',
  fenced: 'warn',
  signposted: 'warn',
  unsafe: 'bad',
};

const FIELDS = [
  'villageId',
  'kind',
  'place',
  'responsible',
  'foundOn',
  'fencedOn',
  'signpostedOn',
  'fixedOn',
  'description',
  'note',
] as const;

export default function HazardsPage() {
  const unitId = Number(useParams().unitId);
  return <HazardsView key={unitId} unitId={unitId} />;
}

const hazardsApi = (unitId: number) => `/api/communes/${encodeURIComponent(String(unitId))}/hazard-sites`;

function HazardsView({ unitId }: { unitId: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [params, update] = useSearchUpdate();
  const villageId = params.get('village') ?? '';
  const state = params.get('state') ?? '';
  const kind = params.get('kind') ?? '';
  const list = useApi<HazardSiteList>(
    `${hazardsApi(unitId)}${qs({ villageId: villageId || undefined, state: state || undefined, kind: kind || undefined })}`,
  );
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<number | null>(null);
  const data = list.data;
  const done = () => {
    setAdding(false);
    setEditing(null);
    list.reload();
  };

  return (
    <section className="page register-page hazards-page" aria-labelledby="hazards-title">
      <div className="register-head">
        <h1 id="hazards-title">{t('hazardsUi:title')}</h1>
        {data?.canWrite && !adding && (
          <button type="button" className="btn-primary" onClick={() => setAdding(true)}>
            {t('hazardsUi:add')}
          </button>
        )}
      </div>
      <p className="small muted">{t('hazardsUi:lead')}</p>
      {data && !data.canWrite && <p className="logged-note">{t('hazardsUi:readOnly')}</p>}
      {data && (
        <div className="card">
          <h2 className="card-title">{t('hazardsUi:countsTitle', { date: f.date(data.asOf) })}</h2>
          <dl className="count-list" data-testid="hazard-counts">
            {(['listed', ...HAZARD_FILTERS] as const).map((k) => (
              <Fact key={k} term={t(`hazardsUi:counts.${k}`)}>
                {f.num(data.counts[k])}
              </Fact>
            ))}
          </dl>
        </div>
      )}
      {adding && data && (
        <SiteForm
          unitId={unitId}
          villages={data.villages}
          site={null}
          onCancel={() => setAdding(false)}
          onDone={done}
        />
      )}
      <div className="toolbar">
        <FilterSelect
          id="hazards-village"
          label={t('hazards:field.villageId')}
          value={villageId}
          onChange={(v) => update({ village: v })}
          all={t('hazardsUi:filter.allVillages')}
          options={(data?.villages ?? []).map((v) => ({ value: String(v.id), label: v.name }))}
        />
        <FilterSelect
          id="hazards-state"
          label={t('hazardsUi:filter.state')}
          value={state}
          onChange={(v) => update({ state: v })}
          all={t('hazardsUi:filter.allStates')}
          options={HAZARD_FILTERS.map((s) => ({ value: s, label: t(`hazards:filter.${s}`) }))}
        />
        <FilterSelect
          id="hazards-kind"
          label={t('hazards:field.kind')}
          value={kind}
          onChange={(v) => update({ kind: v })}
          all={t('hazardsUi:filter.allKinds')}
          options={HAZARD_KINDS.map((k) => ({ value: k, label: t(`hazards:kind.${k}`) }))}
        />
      </div>
      <ListResource
        loaded={list}
        isEmpty={(d) => d.sites.length === 0}
        empty={villageId || state || kind ? t('hazardsUi:emptyFiltered') : t('hazardsUi:empty')}
      >
        {(d) =>
          byVillage(d.sites).map(([village, sites]) => (
            <div className="hazards-village" key={village.id}>
              <h2>
                {village.name} <span className="muted small">({f.num(sites.length)})</span>
              </h2>
              <DataTable
                rows={sites}
                rowKey={(s) => s.id}
                testId="hazard-sites"
                columns={[
                  {
                    label: t('hazards:field.place'),
                    cell: (s) => (
                      <>
                        <strong>{s.place}</strong>
                        <br />
                        <span className="small muted">{t(`hazards:kind.${s.kind}`)}</span>
                      </>
                    ),
                  },
                  {
                    label: t('hazardsUi:stateColumn'),
                    cell: (s) => <Badge tone={STATE_TONE[s.state]}>{t(`hazards:state.${s.state}`)}</Badge>,
                  },
                  { label: t('hazards:field.responsible'), cell: (s) => s.responsible || '—' },
                  {
                    label: t('hazardsUi:datesColumn'),
                    cell: (s) => (
                      <span className="small">
                        {t('hazardsUi:foundShort', { date: f.date(s.foundOn) })}
                        {s.fencedOn && <> · {t('hazardsUi:fencedShort', { date: f.date(s.fencedOn) })}</>}
                        {s.signpostedOn && <> · {t('hazardsUi:signpostedShort', { date: f.date(s.signpostedOn) })}</>}
                        {s.fixedOn && <> · {t('hazardsUi:fixedShort', { date: f.date(s.fixedOn) })}</>}
                      </span>
                    ),
                  },
                  {
                    label: '',
                    cell: (s) =>
                      s.canWrite && editing !== s.id ? (
                        <button type="button" className="btn-secondary" onClick={() => setEditing(s.id)}>
                          {t('hazardsUi:edit')}
                        </button>
                      ) : null,
                  },
                ]}
              />
              {sites
                .filter((s) => s.id === editing)
                .map((s) => (
                  <SiteForm
                    key={s.id}
                    unitId={unitId}
                    villages={d.villages}
                    site={s}
                    onCancel={() => setEditing(null)}
                    onDone={done}
                  />
                ))}
            </div>
          ))
        }
      </ListResource>
    </section>
  );
}

/** The sites grouped by village, in the order the server sent them (villages in Vietnamese order). */
function byVillage(sites: readonly HazardSite[]) {
  const groups = new Map<number, [HazardSite['village'], HazardSite[]]>();
  for (const s of sites) {
    const g = groups.get(s.village.id) ?? [s.village, []];
    g[1].push(s);
    groups.set(s.village.id, g);
  }
  return [...groups.values()];
}

/** Adds a site, or changes one (only the fields that changed are sent). */
function SiteForm({
  unitId,
  villages,
  site,
  onCancel,
  onDone,
}: {
  unitId: number;
  villages: HazardSiteList['villages'];
  site: HazardSite | null;
  onCancel(): void;
  onDone(): void;
}) {
  const { t } = useTranslation();
  const uid = useId();
  const writable = villages.filter((v) => v.writable);
  const initial = {
    villageId: site ? String(site.village.id) : writable.length === 1 ? String(writable[0]!.id) : '',
    kind: site?.kind ?? '',
    place: site?.place ?? '',
    responsible: site?.responsible ?? '',
    foundOn: site ? showDay(site.foundOn) : todayText(),
    fencedOn: showDay(site?.fencedOn),
    signpostedOn: showDay(site?.signpostedOn),
    fixedOn: showDay(site?.fixedOn),
    description: site?.description ?? '',
    note: site?.note ?? '',
  };
  const [v, setV] = useState(initial);
  const set = (k: keyof typeof v) => (value: string) => setV((prev) => ({ ...prev, [k]: value }));
  const id = (k: string) => `${uid}-${k}`;
  const { submit, error, issues, busy } = useFormSubmit(
    async () => {
      const body: Record<string, unknown> = {
        villageId: Number(v.villageId) || 0,
        kind: v.kind,
        place: v.place,
        responsible: v.responsible,
        foundOn: dayForApi(v.foundOn) ?? '',
        fencedOn: dayForApi(v.fencedOn),
        signpostedOn: dayForApi(v.signpostedOn),
        fixedOn: dayForApi(v.fixedOn),
        description: v.description,
        note: v.note,
      };
      if (site) {
        const changed = Object.fromEntries(
          Object.entries(body).filter(([k]) => v[k as keyof typeof v] !== initial[k as keyof typeof initial]),
        );
        await api<HazardSite>(`${hazardsApi(unitId)}/${site.id}`, { method: 'PATCH', body: changed });
      } else await api<HazardSite>(hazardsApi(unitId), { method: 'POST', body });
      onDone();
    },
    (err) => focusFirstIssue(err, FIELDS, id),
  );
  const field = (k: keyof typeof v) => ({
    id: id(k),
    label: t(`hazards:field.${k}`),
    value: v[k],
    onChange: set(k),
    error: issues[k],
  });

  return (
    <form className="card register-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby={`${uid}-title`}>
      <h2 className="card-title" id={`${uid}-title`}>
        {site ? t('hazardsUi:editTitle', { place: site.place }) : t('hazardsUi:addTitle')}
      </h2>
      <div className="form-grid">
        <SelectInput
          {...field('villageId')}
          required
          empty={t('hazardsUi:choose')}
          options={writable.map((x) => ({ value: String(x.id), label: x.name }))}
        />
        <SelectInput
          {...field('kind')}
          required
          empty={t('hazardsUi:choose')}
          options={HAZARD_KINDS.map((k) => ({ value: k, label: t(`hazards:kind.${k}`) }))}
        />
        <TextInput {...field('place')} required maxLength={300} />
        <TextInput {...field('responsible')} maxLength={300} />
        <DateInput {...field('foundOn')} required />
        <DateInput {...field('fencedOn')} />
        <DateInput {...field('signpostedOn')} />
        <DateInput {...field('fixedOn')} />
      </div>
      <TextArea {...field('description')} maxLength={2000} rows={2} />
      <TextArea {...field('note')} maxLength={2000} rows={2} />
      <FormError error={error} fields={FIELDS} />
      <FormActions
        busy={busy}
        submitLabel={site ? t('hazardsUi:save') : t('hazardsUi:addSubmit')}
        onCancel={onCancel}
      />
    </form>
  );
}
