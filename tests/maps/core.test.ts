// The pure map pieces: reading files, codes that lost their zeros, detecting the code property, winding,
// simplification, projection into the SVG box, and the colour classes.
import { geoArea } from 'd3-geo';
import { describe, expect, it } from 'vitest';
import {
  BoundaryFileError,
  detectCodeProperty,
  matchFeatures,
  normaliseCode,
  readBoundaryFile,
  rewind,
  simplifyMatched,
  type Area,
} from '../../src/core/maps/boundaries.ts';
import { communeClass, shareClass } from '../../src/core/maps/classes.ts';
import { projectAreas } from '../../src/core/maps/project.ts';
import { geojson, topojson } from './fixtures.ts';

const units = [
  { id: 1, code: '05818', name: 'Xã La Bằng' },
  { id: 2, code: '05845', name: 'Xã Vạn Phú' },
  { id: 3, code: '05851', name: 'Xã Quân Chu' },
  { id: 4, code: '05860', name: 'Xã Khác' },
];
const codes = new Set(units.map((u) => u.code));

describe('reading a boundary file', () => {
  it('reads GeoJSON and TopoJSON alike', () => {
    const a = readBoundaryFile(JSON.stringify(geojson()), 'a.geojson');
    const b = readBoundaryFile(JSON.stringify(topojson()), 'b.topojson');
    expect(a).toHaveLength(4);
    expect(b).toHaveLength(4);
    expect(b.map((f) => f.properties.ma)).toEqual([5818, 5845, 5851, 99999]);
    expect(b[0]!.geometry.type).toBe('Polygon');
  });

  it('names the field and the value of what it refuses', () => {
    const refused = (text: string) => {
      try {
        readBoundaryFile(text, 'x.json');
      } catch (e) {
        if (e instanceof BoundaryFileError) return { key: e.key, field: e.field, value: e.value };
        throw e;
      }
      throw new Error('accepted');
    };
    expect(refused('nope')).toMatchObject({ key: 'maps:error.not_json', field: 'file', value: 'x.json' });
    expect(refused('{"type":"GeometryCollection","geometries":[]}')).toMatchObject({
      key: 'maps:error.not_collection',
      field: 'type',
      value: 'GeometryCollection',
    });
    expect(refused('{"type":"Topology","objects":{}}')).toMatchObject({
      key: 'maps:error.bad_topology',
      field: 'objects',
    });
    const ring = [
      [0, 0],
      [1, 0],
      [0, 0],
    ]; // three positions: not a ring
    expect(
      refused(
        JSON.stringify({
          type: 'FeatureCollection',
          features: [{ type: 'Feature', properties: { ma: 1 }, geometry: { type: 'Polygon', coordinates: [ring] } }],
        }),
      ),
    ).toMatchObject({
      key: 'maps:error.bad_coordinates',
      field: 'features[0].geometry.coordinates',
    });
  });
});

describe('codes', () => {
  it('pads numbers that lost their leading zeros to the level’s width', () => {
    expect(normaliseCode(5845, 'commune')).toBe('05845');
    expect(normaliseCode(' 05845 ', 'commune')).toBe('05845');
    expect(normaliseCode('1', 'province')).toBe('01');
    expect(normaliseCode(null, 'commune')).toBeNull();
    expect(normaliseCode('', 'commune')).toBeNull();
  });

  it('detects the property whose values match the most codes', () => {
    const features = readBoundaryFile(JSON.stringify(geojson()), 'a');
    expect(detectCodeProperty(features, 'commune', codes)).toBe('ma_xa');
    const topo = readBoundaryFile(JSON.stringify(topojson()), 'b');
    expect(detectCodeProperty(topo, 'commune', codes)).toBe('ma');
    expect(detectCodeProperty(features, 'commune', new Set(['00001']))).toBeNull();
  });

  it('matches features, merges a unit drawn twice, and lists the rest', () => {
    const fc = geojson();
    fc.features.push({ ...fc.features[0]! }); // La Bằng again: one unit, two features
    const r = matchFeatures(readBoundaryFile(JSON.stringify(fc), 'a'), 'ma_xa', 'commune', units);
    expect(r.matched.map((m) => [m.unit.code, m.features])).toEqual([
      ['05818', [1, 5]],
      ['05845', [2]],
      ['05851', [3]],
    ]);
    expect(r.matched[0]!.geometry.type).toBe('MultiPolygon');
    expect(r.unmatched.map((u) => [u.feature, u.value])).toEqual([[4, '99999']]);
    expect(r.missing.map((u) => u.code)).toEqual(['05860']);
  });
});

describe('geometry', () => {
  const ccw: Area = {
    type: 'Polygon',
    coordinates: [
      [
        [105, 21],
        [105.1, 21],
        [105.1, 21.1],
        [105, 21.1],
        [105, 21],
      ],
    ],
  };

  it('winds polygons for d3-geo: the small area, not the globe without it', () => {
    expect(geoArea(ccw)).toBeGreaterThan(2 * Math.PI);
    expect(geoArea(rewind(ccw))).toBeLessThan(0.001);
    expect(rewind(rewind(ccw))).toEqual(rewind(ccw));
  });

  it('simplifies away a detour smaller than the threshold and keeps the corners', () => {
    // A 1 cm bump (triangle of 5e-9 square degrees) goes; a 100 m one (5e-5) stays.
    const bumpy = (h: number): Area => ({
      type: 'Polygon',
      coordinates: [
        [
          [105, 21],
          [105.05, 21 - h],
          [105.1, 21],
          [105.1, 21.1],
          [105, 21.1],
          [105, 21],
        ],
      ],
    });
    const ringOf = (g: Area) => (g as { coordinates: number[][][] }).coordinates[0]!;
    const small = simplifyMatched([{ unit: units[0]!, features: [1], geometry: bumpy(1e-7) }]).get(1)!;
    expect(ringOf(small)).toHaveLength(5);
    expect(ringOf(small)).toContainEqual([105.1, 21.1]);
    const large = simplifyMatched([{ unit: units[0]!, features: [1], geometry: bumpy(1e-3) }]).get(1)!;
    expect(ringOf(large)).toHaveLength(6);
    expect(ringOf(large)).toContainEqual([105.05, 20.999]);
  });

  it('projects into a box 600 wide, the height following the shape', () => {
    const tall: Area = {
      type: 'Polygon',
      coordinates: [
        [
          [105, 21],
          [105.1, 21],
          [105.1, 21.3],
          [105, 21.3],
          [105, 21],
        ],
      ],
    };
    const map = projectAreas([{ key: 'a', geometry: tall }])!;
    expect(map.width).toBe(600);
    expect(map.height).toBeGreaterThan(1700); // three times as tall as wide, a little more in Mercator
    expect(map.height).toBeLessThan(2000);
    const numbers = map.paths[0]!.d.match(/-?\d+(\.\d+)?/g)!.map(Number);
    expect(Math.min(...numbers)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...numbers)).toBeLessThanOrEqual(map.height);
    expect(projectAreas([])).toBeNull();
  });
});

describe('colour classes', () => {
  it('puts provinces in share classes with 70% (the target) as an edge', () => {
    expect([
      shareClass(null),
      shareClass(0),
      shareClass(4.3),
      shareClass(25),
      shareClass(69.9),
      shareClass(70),
      shareClass(100),
    ]).toEqual(['none', 'share0', 'share0', 'share1', 'share2', 'share3', 'share4']);
  });
  it('puts communes in result classes', () => {
    expect(communeClass({ assessed: 0, complete: 0, recognised: 0 })).toBe('none');
    expect(communeClass({ assessed: 1, complete: 0, recognised: 0 })).toBe('incomplete');
    expect(communeClass({ assessed: 1, complete: 1, recognised: 0 })).toBe('below');
    expect(communeClass({ assessed: 1, complete: 1, recognised: 1 })).toBe('recognised');
  });
});
