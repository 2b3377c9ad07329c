// Stored boundaries to SVG paths: one Mercator projection fitted to the width of the map, the height
// following the shape. Done on the server so that phones receive short path strings in pixels and never
// load or run a projection library.
import type { FeatureCollection } from 'geojson';
import { geoMercator, geoPath } from 'd3-geo';
import { rewind, type Area } from './boundaries.ts';

export interface ProjectedMap<K> {
  width: number;
  height: number;
  paths: Array<{ key: K; d: string }>;
}

export const MAP_WIDTH = 600;

/** Paths in a box `width` wide (one decimal: a tenth of a pixel is finer than any screen shows). */
export function projectAreas<K>(
  areas: ReadonlyArray<{ key: K; geometry: Area }>,
  width = MAP_WIDTH,
): ProjectedMap<K> | null {
  if (!areas.length) return null;
  const collection: FeatureCollection<Area> = {
    type: 'FeatureCollection',
    features: areas.map((a) => ({ type: 'Feature', properties: {}, geometry: rewind(a.geometry) })),
  };
  const projection = geoMercator().fitWidth(width, collection);
  const path = geoPath(projection).digits(1);
  const [[, y0], [, y1]] = path.bounds(collection);
  const height = Math.max(1, Math.ceil(y1 - Math.min(0, y0)));
  return {
    width,
    height,
    paths: areas.map((a, i) => ({ key: a.key, d: path(collection.features[i]!) ?? '' })).filter((p) => p.d),
  };
}
