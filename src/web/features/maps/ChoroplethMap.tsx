// The dashboards' map: communes of a province (or provinces of the nation) coloured by result or share
// recognised. Paths come pre-projected from the server (short strings in pixels: no projection library on
// slow phones); units without an imported boundary are squares of a tile grid, so the overview never needs
// anything from the Internet. Every region and square is a focusable link with its name and figure, and
// the same figures are one tap away as a table.
import { useId, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { hasRole, useAuth } from '../../app/auth.tsx';
import { useFormat } from '../../app/format.ts';
import { ErrorBox, Loading } from '../../app/ui.tsx';
import { useApi } from '../../app/useApi.ts';
import { COMMUNE_CLASSES, shareClassBounds } from '../../../core/maps/classes.ts';
import { DataTable } from '../../ui/tables.tsx';
import type { MapRegion, MapView } from './types.ts';
import './maps.css';

const linkOf = (view: MapView, r: MapRegion) =>
  (view.level === 'nation' ? `/dashboard/provinces/${r.unitId}` : `/dashboard/communes/${r.unitId}`) +
  `?periodId=${view.period.id}`;

/** "Xã La Bằng" → "La Bằng": squares are small; the full name stays in the label. */
const shortName = (name: string) => name.replace(/^(Xã|Phường|Đặc khu|Tỉnh|Thành phố)\s+/u, '');

function useLabels(view: MapView) {
  const { t } = useTranslation();
  const f = useFormat();
  const clsLabel = (cls: string) => {
    if (view.level === 'nation' && cls === 'none') return t('mapsUi:cls.shareNone');
    if (!cls.startsWith('share')) return t(`mapsUi:cls.${cls}`);
    const b = shareClassBounds().find((x) => x.cls === cls)!;
    return b.to >= 100
      ? t('mapsUi:cls.shareLast', { from: b.from, to: b.to })
      : t('mapsUi:cls.share', { from: b.from, to: b.to });
  };
  const label = (r: MapRegion) => {
    if (view.level === 'nation')
      return t('mapsUi:label.province', {
        name: r.name,
        share: r.figures.share === null ? '—' : `${f.num(r.figures.share, 1)}%`,
        recognised: r.figures.recognised,
        units: r.figures.units,
      });
    const cls = clsLabel(r.cls);
    return r.figures.meanTotal === null
      ? t('mapsUi:label.commune', { name: r.name, cls })
      : t('mapsUi:label.communeScore', { name: r.name, cls, total: f.num(r.figures.meanTotal, 1) });
  };
  return { clsLabel, label };
}

// A commune's state as a mark as well as a colour, so that it reads in greyscale and for people who do not see colour.
const MARK: Record<string, string> = { recognised: '✓', below: '✗', incomplete: '…', none: '–' };

function TileMark({ cls }: { cls: string }) {
  const mark = MARK[cls];
  return mark ? (
    <span className="tile-mark" aria-hidden="true">
      {mark}
    </span>
  ) : null;
}

export function ChoroplethMap({ view }: { view: MapView }) {
  const { t } = useTranslation();
  const f = useFormat();
  const navigate = useNavigate();
  const id = useId();
  const [showTable, setShowTable] = useState(false);
  const { clsLabel, label } = useLabels(view);
  const drawn = view.regions.filter((r) => r.path);
  const tiles = view.regions.filter((r) => !r.path);
  const classes: string[] =
    view.level === 'nation' ? [...shareClassBounds().map((b) => b.cls), 'none'] : [...COMMUNE_CLASSES];
  const count = (cls: string) => view.regions.filter((r) => r.cls === cls).length;
  const newest = view.sources[0];
  return (
    <section className="card map-figure" data-testid="map" aria-labelledby={`${id}-h`}>
      <div className="dash-figure-head">
        <h2 className="card-title" id={`${id}-h`}>
          {t(view.level === 'nation' ? 'mapsUi:map.titleNation' : 'mapsUi:map.titleProvince')}
        </h2>
        <button
          type="button"
          className="btn-link"
          aria-expanded={showTable}
          aria-controls={`${id}-t`}
          onClick={() => setShowTable((v) => !v)}
        >
          {showTable ? t('mapsUi:map.hideTable') : t('mapsUi:map.showTable')}
        </button>
      </div>
      <ul className="map-legend" aria-label={t('mapsUi:map.legend')} data-testid="map-legend">
        {classes.map((cls) => (
          <li key={cls}>
            <span className={`map-swatch cls-${cls}`} aria-hidden="true">
              <TileMark cls={cls} />
            </span>{' '}
            {clsLabel(cls)}: {f.num(count(cls))}
          </li>
        ))}
      </ul>
      {drawn.length > 0 && (
        <svg
          className="map-svg"
          viewBox={`0 0 ${view.width} ${view.height}`}
          role="group"
          aria-label={t('mapsUi:map.svg', { count: drawn.length })}
          data-testid="map-svg"
        >
          {drawn.map((r) => (
            <a
              key={r.unitId}
              href={linkOf(view, r)}
              aria-label={label(r)}
              data-code={r.code}
              onClick={(e) => {
                e.preventDefault();
                navigate(linkOf(view, r));
              }}
            >
              <title>{label(r)}</title>
              <path d={r.path!} className={`map-region cls-${r.cls}`} />
            </a>
          ))}
        </svg>
      )}
      {tiles.length > 0 && (
        <>
          <p className="small">
            {drawn.length ? t('mapsUi:map.tilesRest', { count: tiles.length }) : t('mapsUi:map.tilesOnly')}
          </p>
          <ul className="map-tiles" aria-label={t('mapsUi:map.tiles')} data-testid="map-tiles">
            {tiles.map((r) => (
              <li key={r.unitId}>
                <Link
                  to={linkOf(view, r)}
                  className={`map-tile cls-${r.cls}`}
                  aria-label={label(r)}
                  title={label(r)}
                  data-code={r.code}
                >
                  <TileMark cls={r.cls} />
                  {shortName(r.name)}
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
      <p className="small">
        {newest && t('mapsUi:map.sources', { file: newest.fileName, date: f.dateTime(newest.committedAt) })}{' '}
        {view.canImport && (
          <Link to={`/maps/import${view.level === 'province' && view.unit ? `?provinceId=${view.unit.id}` : ''}`}>
            {t('mapsUi:map.import')}
          </Link>
        )}
      </p>
      <div id={`${id}-t`} hidden={!showTable} className="dash-table">
        <DataTable<MapRegion>
          testId="map-table"
          rows={view.regions}
          rowKey={(r) => r.unitId}
          columns={[
            { label: t('mapsUi:table.name'), cell: (r) => r.name },
            { label: t('mapsUi:table.code'), cell: (r) => r.code },
            { label: t('mapsUi:table.cls'), cell: (r) => clsLabel(r.cls) },
            ...(view.level === 'nation'
              ? [
                  { label: t('mapsUi:table.units'), cell: (r: MapRegion) => f.num(r.figures.units), className: 'num' },
                  {
                    label: t('mapsUi:table.recognised'),
                    cell: (r: MapRegion) => f.num(r.figures.recognised),
                    className: 'num',
                  },
                  {
                    label: t('mapsUi:table.share'),
                    cell: (r: MapRegion) => (r.figures.share === null ? '—' : `${f.num(r.figures.share, 1)}%`),
                    className: 'num',
                  },
                ]
              : [
                  {
                    label: t('mapsUi:table.total'),
                    cell: (r: MapRegion) => (r.figures.meanTotal === null ? '—' : f.num(r.figures.meanTotal, 1)),
                    className: 'num',
                  },
                ]),
            {
              label: t('mapsUi:table.boundary'),
              cell: (r) => (r.path ? t('mapsUi:table.drawn') : t('mapsUi:table.tile')),
            },
          ]}
        />
      </div>
    </section>
  );
}

/** The map section of a province's or the nation's dashboard, for the dashboard's period. */
export function DashboardMap({
  level,
  unitId,
  periodId,
}: {
  level: 'nation' | 'province' | 'commune';
  unitId: number | null;
  periodId: number;
}) {
  const { user } = useAuth();
  const path =
    level === 'nation'
      ? `/api/maps/nation?periodId=${periodId}`
      : level === 'province' && unitId
        ? `/api/maps/provinces/${unitId}?periodId=${periodId}`
        : null;
  const loaded = useApi<MapView>(path);
  if (!path || !user || (level === 'nation' && !hasRole(user, 'ministry_official') && !hasRole(user, 'system_admin')))
    return null;
  if (loaded.error) return <ErrorBox error={loaded.error} onRetry={loaded.reload} />;
  const v = loaded.data;
  if (!v || v.period.id !== periodId || (v.level === 'province' && v.unit?.id !== unitId)) return <Loading />;
  return <ChoroplethMap view={v} />;
}
