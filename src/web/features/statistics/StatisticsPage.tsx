// "/statistics/:unitId?from=&to=": the child statistics of a commune or a province over a data period typed
// dd/mm/yyyy — the national indicators (Thông tư 13/2021) a commune's data answers, a column per commune and
// the total for a province — and the same as .xlsx and .csv. Counts and rates only.
import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { StatisticsExport } from '../../../server/features/statistics/contracts.ts';
import { useFormat } from '../../app/format.ts';
import { useApi } from '../../app/useApi.ts';
import { DateInput } from '../../ui/forms.tsx';
import { dayForApi, showDay, todayIso } from '../../ui/dates.ts';
import { ListResource, useSearchUpdate } from '../../ui/tables.tsx';
import './statistics.css';

export default function StatisticsPage() {
  const unitId = Number(useParams().unitId);
  return <StatisticsView key={unitId} unitId={unitId} />;
}

function StatisticsView({ unitId }: { unitId: number }) {
  const { t } = useTranslation();
  const [params, update] = useSearchUpdate();
  const today = todayIso();
  const from = params.get('from') || `${today.slice(0, 4)}-01-01`;
  const to = params.get('to') || today;
  const [fromText, setFromText] = useState(showDay(from));
  const [toText, setToText] = useState(showDay(to));
  const query = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
  const base = `/api/units/${unitId}/statistics`;
  const loaded = useApi<StatisticsExport>(`${base}?${query}`);

  function apply(e: FormEvent) {
    e.preventDefault();
    // Typed text that is not a day goes as typed: the server names the field and the value.
    update({ from: dayForApi(fromText), to: dayForApi(toText) });
  }

  return (
    <section className="page statistics-page" aria-labelledby="statistics-title">
      <h1 id="statistics-title">
        {t('statisticsUi:title')}
        {loaded.data ? ` – ${loaded.data.unit.name}` : ''}
      </h1>
      <p className="small muted">{t('statisticsUi:lead')}</p>
      <form className="statistics-period" onSubmit={apply} aria-label={t('statisticsUi:period')}>
        <DateInput id="statistics-from" label={t('statisticsUi:from')} value={fromText} onChange={setFromText} />
        <DateInput id="statistics-to" label={t('statisticsUi:to')} value={toText} onChange={setToText} />
        <button type="submit" className="btn-primary">
          {t('statisticsUi:apply')}
        </button>
      </form>
      <div className="action-row">
        <a className="btn-secondary" href={`${base}.xlsx?${query}`} download data-testid="statistics-xlsx">
          {t('statisticsUi:downloadXlsx')}
        </a>
        <a className="btn-secondary" href={`${base}.csv?${query}`} download data-testid="statistics-csv">
          {t('statisticsUi:downloadCsv')}
        </a>
      </div>
      <ListResource loaded={loaded} isEmpty={() => false} empty="">
        {(data) => <StatisticsTable data={data} />}
      </ListResource>
    </section>
  );
}

function StatisticsTable({ data }: { data: StatisticsExport }) {
  const { t } = useTranslation();
  const f = useFormat();
  const province = data.unit.level === 'province';
  const value = (v: number | null) => (v === null ? t('statisticsUi:noData') : f.num(v, 1));
  const groups: string[] = [];
  for (const r of data.national) if (!groups.includes(r.group.vi)) groups.push(r.group.vi);
  const width = 2 + data.columns.length + (province ? 1 : 0);
  return (
    <>
      <p data-testid="statistics-period">
        {t('statisticsUi:periodLine', { from: f.date(data.period.from), to: f.date(data.period.to) })}
      </p>
      <p className="small muted">{t('statisticsUi:source', { source: f.text(data.source) })}</p>
      <div className="statistics-scroll" role="region" aria-labelledby="statistics-title" tabIndex={0}>
        <table className="table" data-testid="statistics-table">
          <thead>
            <tr>
              <th scope="col">{t('statisticsUi:col.code')}</th>
              <th scope="col">{t('statisticsUi:col.indicator')}</th>
              {data.columns.map((c) => (
                <th key={c.unitId} scope="col">
                  {c.name}
                </th>
              ))}
              {province && <th scope="col">{t('statisticsUi:col.total')}</th>}
            </tr>
          </thead>
          <tbody>
            {groups.map((g) => (
              <GroupRows key={g} data={data} group={g} width={width} value={value} province={province} />
            ))}
          </tbody>
        </table>
      </div>
      <p className="small muted">{t('statisticsUi:note')}</p>
    </>
  );
}

function GroupRows({
  data,
  group,
  width,
  value,
  province,
}: {
  data: StatisticsExport;
  group: string;
  width: number;
  value(v: number | null): string;
  province: boolean;
}) {
  const f = useFormat();
  const rows = data.national.filter((r) => r.group.vi === group);
  return (
    <>
      <tr className="group-row">
        <th colSpan={width} scope="colgroup">
          {f.text(rows[0]!.group)}
        </th>
      </tr>
      {rows.map((r) => (
        <tr key={r.code} data-indicator={r.code}>
          <td>{r.code}</td>
          <th scope="row">
            {f.text(r.label)} <span className="small muted">({f.text(r.unit)})</span>
          </th>
          {r.values.map((v, i) => (
            <td key={data.columns[i]!.unitId}>{value(v)}</td>
          ))}
          {province && <td className="total">{value(r.total)}</td>}
        </tr>
      ))}
    </>
  );
}
