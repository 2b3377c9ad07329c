// Fuzzing the boundary file reader (src/core/maps/boundaries.ts): any text, any JSON, and GeoJSON and
// TopoJSON files with damaged parts. It returns polygon features or throws BoundaryFileError naming the
// field, never another exception.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { topology } from 'topojson-server';
import { BoundaryFileError, readBoundaryFile } from '../../src/core/maps/boundaries.ts';
import { bounded, fuzz } from './seeds.ts';

const square = (x: number, y: number) => [
  [
    [x, y],
    [x + 1, y],
    [x + 1, y + 1],
    [x, y + 1],
    [x, y],
  ],
];
const collection = (n: number) => ({
  type: 'FeatureCollection',
  features: Array.from({ length: n }, (_, i) => ({
    type: 'Feature',
    properties: { ma: String(i).padStart(5, '0') },
    geometry: { type: 'Polygon', coordinates: square(i, 0) },
  })),
});

/** Replaces the value at a random path of a JSON value with another value. */
function mutate(value: unknown, path: number[], replacement: unknown): unknown {
  if (!path.length || value === null || typeof value !== 'object') return replacement;
  const keys = Object.keys(value);
  if (!keys.length) return replacement;
  const key = keys[path[0]! % keys.length]!;
  const copy: Record<string, unknown> = Array.isArray(value)
    ? ([...value] as unknown as Record<string, unknown>)
    : { ...value };
  copy[key] = mutate((value as Record<string, unknown>)[key], path.slice(1), replacement);
  return copy;
}

describe('boundary files', () => {
  const replacement = fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom(null, [], {}, 'Polygon', 'Topology', 'Feature', [1e400], [[0]], -1, 1e9, 0.5),
  );
  const good = fc.integer({ min: 1, max: 3 }).map((n) => {
    const geo = collection(n);
    return [geo, topology({ units: geo as never })] as const;
  });
  const text = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
    fc
      .tuple(good, fc.boolean(), fc.array(fc.nat(20), { maxLength: 6 }), replacement)
      .map(([[geo, topo], useTopo, path, r]) => JSON.stringify(mutate(useTopo ? topo : geo, path, r))),
  );

  it('any text: polygon features, or a BoundaryFileError naming the field', () => {
    fc.assert(
      fc.property(text, (t) =>
        bounded(500, () => {
          let features;
          try {
            features = readBoundaryFile(t, 'ranh-gioi.geojson');
          } catch (e) {
            expect(e, String(e)).toBeInstanceOf(BoundaryFileError);
            const err = e as BoundaryFileError;
            expect(err.key).toMatch(/^maps:error\.[a-z_]+$/);
            expect(err.field.length).toBeGreaterThan(0);
            return;
          }
          expect(features.length).toBeGreaterThan(0);
          for (const f of features) expect(['Polygon', 'MultiPolygon']).toContain(f.geometry.type);
        }),
      ),
      fuzz('maps.boundaries', 400),
    );
  });

  it('a good GeoJSON file and its TopoJSON read back the same codes', () => {
    fc.assert(
      fc.property(good, ([geo, topo]) => {
        const codes = (t: unknown) => readBoundaryFile(JSON.stringify(t), 'f.json').map((f) => f.properties.ma);
        expect(codes(topo)).toEqual(codes(geo));
      }),
      fuzz('maps.boundaries', 20),
    );
  });
});
