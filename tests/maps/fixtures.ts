// A hand-made boundary file of three communes of Thái Nguyên (simple squares near their real places) plus
// one feature whose code is no current unit; rings counter-clockwise as RFC 7946 asks.
import type { FeatureCollection, Polygon } from 'geojson';
import { topology } from 'topojson-server';

const square = (lon: number, lat: number, size = 0.05): Polygon => ({
  type: 'Polygon',
  coordinates: [
    [
      [lon, lat],
      [lon + size, lat],
      [lon + size, lat + size],
      [lon, lat + size],
      [lon, lat],
    ],
  ],
});

/** La Bằng 05818, Vạn Phú 05845, Quân Chu 05851 (real codes), and 99999 (no such commune). */
export const COMMUNES = [
  { ma_xa: '05818', ten: 'Xã La Bằng', geometry: square(105.6, 21.7) },
  { ma_xa: '05845', ten: 'Xã Vạn Phú', geometry: square(105.65, 21.7) },
  { ma_xa: '05851', ten: 'Xã Quân Chu', geometry: square(105.6, 21.65) },
  { ma_xa: '99999', ten: 'Xã Không Có', geometry: square(105.9, 21.9) },
];

export function geojson(): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: COMMUNES.map((c) => ({
      type: 'Feature',
      properties: { ma_xa: c.ma_xa, ten: c.ten },
      geometry: c.geometry,
    })),
  };
}

/** The same as TopoJSON, codes as numbers under "ma" (the leading zero lost, as spreadsheets do). */
export function topojson() {
  const fc: FeatureCollection = {
    type: 'FeatureCollection',
    features: COMMUNES.map((c) => ({
      type: 'Feature',
      properties: { ma: Number(c.ma_xa), ten: c.ten },
      geometry: c.geometry,
    })),
  };
  return topology({ xa: fc }, 1e5);
}
