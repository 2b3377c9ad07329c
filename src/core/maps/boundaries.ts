// Boundary files of provinces or communes: a GeoJSON FeatureCollection or a TopoJSON topology is checked,
// its features matched to unit codes by one property, and the matched geometry simplified for storage.
// Pure: the caller reads the file and the units.
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import { geoArea } from 'd3-geo';
import { feature as topoFeature } from 'topojson-client';
import { topology as toTopology } from 'topojson-server';
import { presimplify, simplify } from 'topojson-simplify';
import type { GeometryObject, Objects, Topology } from 'topojson-specification';

/** A refused file: the translation key (namespace maps), its parameters, and the field and value at fault. */
export class BoundaryFileError extends Error {
  constructor(
    readonly key: string,
    readonly params: Record<string, unknown>,
    readonly field: string,
    readonly value: unknown,
  ) {
    super(key);
  }
}

export type BoundaryLevel = 'province' | 'commune';
export type Area = Polygon | MultiPolygon;

/** Unit codes have a fixed width (2 digits for a province, 5 for a commune): numbers in files lose the zeros. */
export const CODE_WIDTH: Record<BoundaryLevel, number> = { province: 2, commune: 5 };

/** Property names that usually hold the code, most likely first (tried when the form leaves the property empty). */
export const COMMON_CODE_PROPERTIES = [
  'ma',
  'code',
  'ma_xa',
  'ma_tinh',
  'maxa',
  'matinh',
  'ma_dvhc',
  'madvhc',
  'ma_hc',
  'id',
] as const;

export interface FileFeature {
  index: number;
  properties: Record<string, unknown>;
  geometry: Area;
}

const brief = (v: unknown) => (v === undefined ? null : (JSON.stringify(v)?.slice(0, 120) ?? null));

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The features of a boundary file, in order. Refuses (BoundaryFileError) text that is not JSON, JSON that is
 * neither a FeatureCollection nor a Topology, an empty file, and any feature without a polygon geometry.
 */
export function readBoundaryFile(text: string, fileName: string): FileFeature[] {
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw new BoundaryFileError(
      'maps:error.not_json',
      { file: fileName, detail: (error as Error).message },
      'file',
      fileName,
    );
  }
  if (!isRecord(json))
    throw new BoundaryFileError('maps:error.not_collection', { type: brief(json) }, 'type', brief(json));
  let features: unknown[];
  if (json.type === 'FeatureCollection') {
    if (!Array.isArray(json.features))
      throw new BoundaryFileError('maps:error.no_features', {}, 'features', brief(json.features));
    features = json.features;
  } else if (json.type === 'Topology') {
    features = topologyFeatures(json);
  } else {
    throw new BoundaryFileError('maps:error.not_collection', { type: brief(json.type) }, 'type', json.type ?? null);
  }
  if (!features.length) throw new BoundaryFileError('maps:error.no_features', {}, 'features', []);
  return features.map((f, index) => {
    const field = `features[${index}]`;
    if (!isRecord(f) || f.type !== 'Feature')
      throw new BoundaryFileError(
        'maps:error.not_feature',
        { index: index + 1, value: brief(isRecord(f) ? f.type : f) },
        `${field}.type`,
        isRecord(f) ? (f.type ?? null) : brief(f),
      );
    const properties = isRecord(f.properties) ? f.properties : {};
    const g = f.geometry;
    if (!isRecord(g))
      throw new BoundaryFileError(
        'maps:error.no_geometry',
        { index: index + 1, properties: brief(properties) },
        `${field}.geometry`,
        properties,
      );
    if (g.type !== 'Polygon' && g.type !== 'MultiPolygon')
      throw new BoundaryFileError(
        'maps:error.not_polygon',
        { index: index + 1, type: brief(g.type), properties: brief(properties) },
        `${field}.geometry.type`,
        g.type ?? null,
      );
    if (!validCoordinates(g as unknown as Area))
      throw new BoundaryFileError(
        'maps:error.bad_coordinates',
        { index: index + 1, properties: brief(properties) },
        `${field}.geometry.coordinates`,
        properties,
      );
    return { index, properties, geometry: g as unknown as Area };
  });
}

function topologyFeatures(json: Record<string, unknown>): unknown[] {
  const objects = json.objects;
  if (!isRecord(objects) || !Object.keys(objects).length || !Array.isArray(json.arcs))
    throw new BoundaryFileError('maps:error.bad_topology', {}, 'objects', brief(objects));
  const out: unknown[] = [];
  // Every object of the topology, each a collection of units (files usually hold one).
  for (const [name, object] of Object.entries(objects)) {
    if (!isRecord(object) || typeof object.type !== 'string')
      throw new BoundaryFileError('maps:error.bad_topology', {}, `objects.${name}`, brief(object));
    let converted: Feature | FeatureCollection;
    try {
      converted = topoFeature(json as unknown as Topology, object as unknown as GeometryObject) as
        Feature | FeatureCollection;
    } catch (error) {
      throw new BoundaryFileError(
        'maps:error.bad_topology_object',
        { name, detail: (error as Error).message },
        `objects.${name}`,
        brief(object),
      );
    }
    if (converted.type === 'FeatureCollection') out.push(...converted.features);
    else out.push(converted);
  }
  return out;
}

const isPosition = (p: unknown): p is Position =>
  Array.isArray(p) && p.length >= 2 && Number.isFinite(p[0]) && Number.isFinite(p[1]);
const validRing = (r: unknown) => Array.isArray(r) && r.length >= 4 && r.every(isPosition);
const validPolygon = (p: unknown) => Array.isArray(p) && p.length > 0 && p.every(validRing);

function validCoordinates(g: Area): boolean {
  if (g.type === 'Polygon') return validPolygon(g.coordinates);
  return Array.isArray(g.coordinates) && g.coordinates.length > 0 && g.coordinates.every(validPolygon);
}

/** Names of the properties the features carry, in first-seen order. */
export function propertyNames(features: readonly FileFeature[]): string[] {
  const names = new Set<string>();
  for (const f of features) for (const k of Object.keys(f.properties)) names.add(k);
  return [...names];
}

/** A property value as a unit code: trimmed, and digits padded to the level's width ("5845" and 5845 → "05845"). */
export function normaliseCode(value: unknown, level: BoundaryLevel): string | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const s = String(value).trim();
  if (!s) return null;
  return /^\d+$/.test(s) ? s.padStart(CODE_WIDTH[level], '0') : s;
}

/**
 * The property holding the code: the one whose values match the most known codes; among equals, the
 * commonest name (compared without case). Null when no property matches any code.
 */
export function detectCodeProperty(
  features: readonly FileFeature[],
  level: BoundaryLevel,
  codes: ReadonlySet<string>,
): string | null {
  const rank = (name: string) => {
    const i = (COMMON_CODE_PROPERTIES as readonly string[]).indexOf(name.toLowerCase());
    return i < 0 ? COMMON_CODE_PROPERTIES.length : i;
  };
  let best: { name: string; hits: number } | null = null;
  for (const name of propertyNames(features)) {
    const hits = features.filter((f) => {
      const c = normaliseCode(f.properties[name], level);
      return c !== null && codes.has(c);
    }).length;
    if (hits && (!best || hits > best.hits || (hits === best.hits && rank(name) < rank(best.name))))
      best = { name, hits };
  }
  return best?.name ?? null;
}

export interface UnitRef {
  id: number;
  code: string;
  name: string;
}

export interface Matched {
  unit: UnitRef;
  /** 1-based feature numbers merged into the unit (a unit drawn as several features becomes one). */
  features: number[];
  geometry: Area;
}

export interface Unmatched {
  /** 1-based, as people count rows. */
  feature: number;
  value: unknown;
  properties: Record<string, unknown>;
}

export interface MatchResult {
  matched: Matched[];
  unmatched: Unmatched[];
  /** Units of the scope that no feature draws. */
  missing: UnitRef[];
}

const polygonsOf = (g: Area): Position[][][] => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates);

/** Features matched to the units by the property's value; the rest reported with their values. */
export function matchFeatures(
  features: readonly FileFeature[],
  property: string,
  level: BoundaryLevel,
  units: readonly UnitRef[],
): MatchResult {
  const byCode = new Map(units.map((u) => [u.code, u]));
  const found = new Map<number, { unit: UnitRef; features: number[]; polygons: Position[][][] }>();
  const unmatched: Unmatched[] = [];
  for (const f of features) {
    const value = f.properties[property];
    const unit = byCode.get(normaliseCode(value, level) ?? '');
    if (!unit) {
      unmatched.push({ feature: f.index + 1, value: value ?? null, properties: f.properties });
      continue;
    }
    const m = found.get(unit.id) ?? { unit, features: [], polygons: [] };
    m.features.push(f.index + 1);
    m.polygons.push(...polygonsOf(f.geometry));
    found.set(unit.id, m);
  }
  const matched = [...found.values()].map((m) => ({
    unit: m.unit,
    features: m.features,
    geometry: (m.polygons.length === 1
      ? { type: 'Polygon', coordinates: m.polygons[0]! }
      : { type: 'MultiPolygon', coordinates: m.polygons }) as Area,
  }));
  matched.sort((a, b) => a.unit.code.localeCompare(b.unit.code));
  return { matched, unmatched, missing: units.filter((u) => !found.has(u.id)) };
}

/**
 * d3-geo reads polygons on the sphere: an exterior ring wound the other way round would cover the whole
 * globe but the unit. Files follow either convention (RFC 7946 says counter-clockwise), so each polygon
 * larger than a hemisphere is turned round.
 */
export function rewind(g: Area): Area {
  const fix = (rings: Position[][]) =>
    geoArea({ type: 'Polygon', coordinates: rings }) > 2 * Math.PI ? rings.map((r) => [...r].reverse()) : rings;
  return g.type === 'Polygon'
    ? { type: 'Polygon', coordinates: fix(g.coordinates) }
    : { type: 'MultiPolygon', coordinates: g.coordinates.map(fix) };
}

/** Triangles smaller than this (square degrees, about 0.1 ha at Vietnam's latitudes) are dropped: dashboard scale. */
export const SIMPLIFY_MIN_AREA = 1e-8;
/** Stored coordinates keep 5 decimals (about 1 m). */
const round = (n: number) => Math.round(n * 1e5) / 1e5;

/**
 * Simplified geometry per matched unit, for storage: one topology over all of them, so that shared borders
 * are simplified the same way on both sides, then back to GeoJSON, wound for d3-geo, with rounded coordinates.
 */
export function simplifyMatched(matched: readonly Matched[], minArea = SIMPLIFY_MIN_AREA): Map<number, Area> {
  const collection: FeatureCollection<Geometry> = {
    type: 'FeatureCollection',
    features: matched.map((m) => ({ type: 'Feature', id: m.unit.id, properties: {}, geometry: m.geometry })),
  };
  const topo = simplify(presimplify(toTopology({ units: collection }, 1e6) as Topology<Objects>), minArea);
  const back = topoFeature(topo, topo.objects.units!) as FeatureCollection<Geometry | null>;
  const out = new Map<number, Area>();
  back.features.forEach((f, i) => {
    const unitId = matched[i]!.unit.id;
    const g = f.geometry;
    // A unit simplified away entirely keeps its original shape rather than disappearing from the map.
    const area =
      g && (g.type === 'Polygon' || g.type === 'MultiPolygon') && polygonsOf(g).length ? g : matched[i]!.geometry;
    const rounded = (rings: Position[][]) => rings.map((r) => r.map((p) => [round(p[0]!), round(p[1]!)]));
    out.set(
      unitId,
      rewind(
        area.type === 'Polygon'
          ? { type: 'Polygon', coordinates: rounded(area.coordinates) }
          : { type: 'MultiPolygon', coordinates: area.coordinates.map(rounded) },
      ),
    );
  });
  return out;
}
