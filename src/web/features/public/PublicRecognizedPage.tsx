// /cong-khai: the portal's home. Every province with its share of communes recognised per year (leading to
// the province's page), then the communes recognised, by year and province, each leading to its public page.
import { useMemo, useRef } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { compareVi } from '../../../core/collation.ts';
import { qs } from '../../app/api.ts';
import { useFormat } from '../../app/format.ts';
import { ErrorBox, Loading } from '../../app/ui.tsx';
import { useApi } from '../../app/useApi.ts';
import { usePageTitle } from './usePageTitle.ts';
import type { PublicProvinceList, RecognizedRow } from './types.ts';
import { thisYear as currentYear } from '../../ui/dates.ts';

export default function PublicRecognizedPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const [params, setParams] = useSearchParams();
  const year = params.get('year') ?? '';
  const provinceCode = params.get('province') ?? '';
  const list = useApi<{ items: RecognizedRow[] }>(`/api/public/recognized${qs({ year, provinceCode })}`);
  // Provinces and years seen so far, so that a filter never hides its own options.
  const seen = useRef(new Map<string, string>());
  const years = useRef(new Set<number>());
  for (const r of list.data?.items ?? []) {
    seen.current.set(r.provinceCode, r.provinceName);
    years.current.add(r.year);
  }
  const thisYear = currentYear();
  const yearOptions = useMemo(
    () => [...new Set([...years.current, thisYear, thisYear - 1])].sort((a, b) => b - a),
    [list.data, thisYear],
  );

  usePageTitle(t('portalUi:title'));
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  return (
    <div className="page">
      <h1>{t('portalUi:title')}</h1>
      <p className="muted small">{t('portalUi:intro')}</p>
      <ProvincesTable />
      <section aria-labelledby="recognized-title">
        <h2 id="recognized-title">{t('portalUi:recognizedList')}</h2>
        <p className="muted small">{t('rounds:public.recognizedIntro')}</p>
        <div className="toolbar">
          <div className="field inline">
            <label htmlFor="pub-year">{t('rounds:public.year')}</label>
            <select id="pub-year" value={year} onChange={(e) => set('year', e.target.value)}>
              <option value="">{t('rounds:public.allYears')}</option>
              {yearOptions.map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
          </div>
          <div className="field inline">
            <label htmlFor="pub-province">{t('rounds:public.province')}</label>
            <select id="pub-province" value={provinceCode} onChange={(e) => set('province', e.target.value)}>
              <option value="">{t('rounds:public.allProvinces')}</option>
              {[...seen.current.entries()]
                .sort((a, b) => compareVi(a[1], b[1]))
                .map(([code, name]) => (
                  <option key={code} value={code}>
                    {name}
                  </option>
                ))}
            </select>
          </div>
        </div>
        {list.error && <ErrorBox error={list.error} onRetry={list.reload} />}
        {list.loading && <Loading />}
        {list.data &&
          !list.loading &&
          (list.data.items.length === 0 ? (
            <p>{t('rounds:public.noneRecognized')}</p>
          ) : (
            <>
              <p className="small muted" role="status">
                {t('rounds:public.count', { count: list.data.items.length })}
              </p>
              <table className="table responsive">
                <caption className="sr-only">{t('portalUi:recognizedList')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('rounds:round.commune')}</th>
                    <th scope="col">{t('rounds:public.province')}</th>
                    <th scope="col">{t('rounds:public.year')}</th>
                    <th scope="col" className="num">
                      {t('rounds:round.total')}
                    </th>
                    <th scope="col">{t('rounds:round.decision')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.data.items.map((r) => (
                    <tr key={`${r.communeCode}-${r.year}`}>
                      <td data-label={t('rounds:round.commune')}>
                        <Link to={`/cong-khai/${r.communeCode}`} className="row-link">
                          {r.communeName}
                        </Link>{' '}
                        <span className="code">{r.communeCode}</span>
                      </td>
                      <td data-label={t('rounds:public.province')}>{r.provinceName}</td>
                      <td data-label={t('rounds:public.year')}>{r.year}</td>
                      <td data-label={t('rounds:round.total')} className="num">
                        {r.total === null ? '—' : f.num(r.total)}
                      </td>
                      <td data-label={t('rounds:round.decision')}>
                        {r.decisionNumber
                          ? t('rounds:decision.line', { number: r.decisionNumber, date: f.date(r.decisionSignedOn) })
                          : '—'}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          ))}
      </section>
    </div>
  );
}

/** Each province with its communes and, for every year of a round, how many were recognised and their share. */
function ProvincesTable() {
  const { t } = useTranslation();
  const f = useFormat();
  const list = useApi<PublicProvinceList>('/api/public/provinces');
  const share = (value: number | null) => (value === null ? '—' : `${f.num(value * 100, 1)} %`);
  return (
    <section aria-labelledby="provinces-title">
      <h2 id="provinces-title">{t('portalUi:provinces.title')}</h2>
      {list.error && <ErrorBox error={list.error} onRetry={list.reload} />}
      {!list.data && !list.error && <Loading />}
      {list.data &&
        (list.data.years.length === 0 && list.data.items.length === 0 ? (
          <p>{t('portalUi:provinces.noYears')}</p>
        ) : (
          <div className="table-scroll" role="region" aria-labelledby="provinces-caption" tabIndex={0}>
            <table className="table portal-table" data-testid="provinces-table">
              <caption id="provinces-caption">{t('portalUi:provinces.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('portalUi:provinces.province')}</th>
                  <th scope="col" className="num">
                    {t('portalUi:provinces.communes')}
                  </th>
                  {list.data.years.map((y) => (
                    <th scope="col" className="num" key={y}>
                      {t('portalUi:provinces.yearColumn', { year: y })}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((p) => (
                  <tr key={p.code}>
                    <th scope="row">
                      <Link to={`/cong-khai/tinh/${p.code}`}>{p.name}</Link>
                    </th>
                    <td className="num">{f.num(p.communes)}</td>
                    {p.years.map((y) => (
                      <td className="num" key={y.year}>
                        {y.round || y.recognized > 0 ? (
                          <Link
                            to={`/cong-khai/tinh/${p.code}?year=${y.year}`}
                            className="portal-share"
                            title={t('portalUi:provinces.shareLong', {
                              count: y.recognized,
                              total: p.communes,
                              share: share(y.share),
                            })}
                          >
                            {t('portalUi:provinces.share', { count: f.num(y.recognized), share: share(y.share) })}
                          </Link>
                        ) : (
                          <span className="muted small">{t('portalUi:provinces.noRound')}</span>
                        )}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </section>
  );
}
