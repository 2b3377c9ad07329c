// Boundary imports through the API on the demo data: a GeoJSON and a TopoJSON file of three Thái Nguyên
// communes previewed (matched, unmatched, missing), committed in one go, read back as the province's map with
// the dashboard's figures; bad files refused with the field and value named and nothing stored; who may import.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { form } from '../support/multipart.ts';
import { login, startTestApp, type TestApp } from '../support/server.ts';
import { geojson, topojson } from './fixtures.ts';

let t: TestApp;
const cookies: Record<string, string> = {};
let province: number;
let otherProvince: number;
const idOf = async (level: 'province' | 'commune', code: string) =>
  (
    await t.database.db
      .selectFrom('unit')
      .select('id')
      .where('level', '=', level)
      .where('code', '=', code)
      .where('valid_to', 'is', null)
      .executeTakeFirstOrThrow()
  ).id;

async function upload(
  user: string,
  fields: Record<string, string>,
  data: Buffer | string,
  name = 'xa-thai-nguyen.geojson',
) {
  const body = await form(fields, {
    name,
    data: Buffer.isBuffer(data) ? data : Buffer.from(data),
    type: 'application/geo+json',
  });
  return t.app.inject({
    method: 'POST',
    url: '/api/maps/imports',
    payload: body.payload,
    headers: { ...body.headers, cookie: cookies[user]!, 'accept-language': 'vi' },
  });
}
const post = (user: string, url: string) =>
  t.app.inject({ method: 'POST', url, payload: {}, headers: { cookie: cookies[user]!, 'accept-language': 'vi' } });
const get = (user: string, url: string) =>
  t.app.inject({ method: 'GET', url, headers: { cookie: cookies[user]!, 'accept-language': 'vi' } });
const stored = async () =>
  (
    await sql<{ imports: number; committed: number; boundaries: number }>`
      SELECT (SELECT count(*)::int FROM boundary_import) AS imports,
             (SELECT count(*)::int FROM boundary_import WHERE committed_at IS NOT NULL) AS committed,
             (SELECT count(*)::int FROM unit_boundary) AS boundaries`.execute(t.database.db)
  ).rows[0]!;

beforeAll(async () => {
  t = await startTestApp();
  province = await idOf('province', '19');
  otherProvince = (
    await t.database.db
      .selectFrom('unit')
      .select('id')
      .where('level', '=', 'province')
      .where('code', '<>', '19')
      .where('valid_to', 'is', null)
      .executeTakeFirstOrThrow()
  ).id;
  for (const u of ['admin', 'tinh.thainguyen', 'xa.vanphu']) cookies[u] = await login(t.app, u);
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('a commune file of the demo province', () => {
  it('before any import the map has every commune as a tile and no path', async () => {
    const res = await get('tinh.thainguyen', `/api/maps/provinces/${province}`);
    expect(res.statusCode, res.body).toBe(200);
    const map = res.json();
    expect(map.regions).toHaveLength(92);
    expect(map.regions.every((r: { path: string | null }) => r.path === null)).toBe(true);
    expect(map.sources).toEqual([]);
    expect(map.canImport).toBe(true);
  });

  it('previews the GeoJSON: the code property detected, 3 matched, the unknown code reported, 89 communes missing; nothing stored yet', async () => {
    const res = await upload('admin', { level: 'commune', provinceId: String(province) }, JSON.stringify(geojson()));
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json();
    expect(p).toMatchObject({
      codeProperty: 'ma_xa',
      detected: true,
      features: 4,
      counts: { matched: 3, unmatched: 1, missing: 89 },
    });
    expect(p.matched.map((m: { code: string }) => m.code)).toEqual(['05818', '05845', '05851']);
    expect(p.unmatched).toEqual([{ feature: 4, value: '99999', properties: { ma_xa: '99999', ten: 'Xã Không Có' } }]);
    expect(p.missing.some((u: { code: string }) => u.code === '05845')).toBe(false);
    expect(await stored()).toEqual({ imports: 1, committed: 0, boundaries: 0 });
  });

  it('previews the TopoJSON version with numeric codes under "ma", replacing the earlier preview', async () => {
    const res = await upload(
      'admin',
      { level: 'commune', provinceId: String(province), codeProperty: 'ma' },
      JSON.stringify(topojson()),
      'xa.topojson',
    );
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json();
    expect(p).toMatchObject({
      codeProperty: 'ma',
      detected: false,
      features: 4,
      counts: { matched: 3, unmatched: 1, missing: 89 },
    });
    expect(p.unmatched[0].value).toBe(99999);
    expect(await stored()).toEqual({ imports: 1, committed: 0, boundaries: 0 });
  });

  it('commits the preview: one geometry per matched commune, and the map draws them with the dashboard’s classes', async () => {
    const preview = (
      await upload('admin', { level: 'commune', provinceId: String(province) }, JSON.stringify(geojson()))
    ).json();
    const res = await post('admin', `/api/maps/imports/${preview.importId}/commit`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ importId: preview.importId, stored: 3 });
    expect(await stored()).toEqual({ imports: 1, committed: 1, boundaries: 3 });
    // The same preview cannot be committed twice.
    expect((await post('admin', `/api/maps/imports/${preview.importId}/commit`)).statusCode).toBe(404);

    const geometry = await t.database.db
      .withTables<{ unit_boundary: { unit_id: number; geometry: unknown } }>()
      .selectFrom('unit_boundary')
      .select('geometry')
      .where('unit_id', '=', await idOf('commune', '05845'))
      .executeTakeFirstOrThrow();
    expect(geometry.geometry).toMatchObject({ type: 'Polygon' });

    const map = (await get('tinh.thainguyen', `/api/maps/provinces/${province}`)).json();
    const drawn = map.regions.filter((r: { path: string | null }) => r.path);
    expect(drawn.map((r: { code: string }) => r.code).sort()).toEqual(['05818', '05845', '05851']);
    expect(map.regions.filter((r: { path: string | null }) => !r.path)).toHaveLength(89);
    // The demo: Quân Chu recognised, La Bằng complete but failing C05, Vạn Phú a draft.
    const cls = Object.fromEntries(map.regions.map((r: { code: string; cls: string }) => [r.code, r.cls]));
    expect([cls['05851'], cls['05818'], cls['05845']]).toEqual(['recognised', 'below', 'incomplete']);
    expect(map.regions.find((r: { code: string }) => r.code === '05851').figures).toMatchObject({
      recognised: 1,
      complete: 1,
    });
    // Pre-projected into the 600-wide box: every coordinate inside it (a ring wound the wrong way would fill the globe).
    expect(map.width).toBe(600);
    for (const r of drawn) {
      const numbers = (r.path as string).match(/-?\d+(\.\d+)?/g)!.map(Number);
      expect(Math.min(...numbers)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...numbers)).toBeLessThanOrEqual(Math.max(map.width, map.height));
    }
    expect(map.sources).toEqual([
      { importId: preview.importId, fileName: 'xa-thai-nguyen.geojson', committedAt: expect.any(String) },
    ]);
    const history = (await get('tinh.thainguyen', '/api/maps/imports')).json();
    expect(history[0]).toMatchObject({
      id: preview.importId,
      level: 'commune',
      fileName: 'xa-thai-nguyen.geojson',
      matched: 3,
    });
  });

  it('a newer import replaces a unit’s boundary and keeps the older version', async () => {
    const again = geojson();
    again.features = again.features.slice(2, 3); // Quân Chu alone
    const preview = (
      await upload(
        'tinh.thainguyen',
        { level: 'commune', provinceId: String(province) },
        JSON.stringify(again),
        'quan-chu.geojson',
      )
    ).json();
    expect(preview.counts).toEqual({ matched: 1, unmatched: 0, missing: 91 });
    expect((await post('tinh.thainguyen', `/api/maps/imports/${preview.importId}/commit`)).statusCode).toBe(200);
    expect(await stored()).toMatchObject({ committed: 2, boundaries: 4 });
    const map = (await get('admin', `/api/maps/provinces/${province}`)).json();
    expect(map.regions.filter((r: { path: string | null }) => r.path)).toHaveLength(3);
    expect(map.sources.map((s: { fileName: string }) => s.fileName)).toEqual([
      'quan-chu.geojson',
      'xa-thai-nguyen.geojson',
    ]);
  });
});

describe('bad files are refused with the field and value named, and nothing is stored', () => {
  const fields = () => ({ level: 'commune', provinceId: String(province) });
  const cases: Array<[string, () => string | Buffer, number, string, RegExp]> = [
    ['not JSON', () => '{"type": "FeatureCollection", features: [', 400, 'file', /không phải JSON/],
    [
      'not a collection',
      () => JSON.stringify({ type: 'Feature', properties: {}, geometry: null }),
      400,
      'type',
      /“type” là "Feature"/,
    ],
    [
      'a feature without geometry',
      () =>
        JSON.stringify({
          type: 'FeatureCollection',
          features: [...geojson().features, { type: 'Feature', properties: { ma_xa: '05999' }, geometry: null }],
        }),
      400,
      'features[4].geometry',
      /thứ 5 không có hình.*05999/,
    ],
    [
      'a point instead of an area',
      () =>
        JSON.stringify({
          type: 'FeatureCollection',
          features: [
            {
              type: 'Feature',
              properties: { ma_xa: '05845' },
              geometry: { type: 'Point', coordinates: [105.6, 21.6] },
            },
          ],
        }),
      400,
      'features[0].geometry.type',
      /"Point"/,
    ],
    [
      'codes matching nothing',
      () => JSON.stringify({ ...geojson(), features: geojson().features.slice(3) }),
      400,
      'codeProperty',
      /"99999"/,
    ],
    [
      'an empty collection',
      () => JSON.stringify({ type: 'FeatureCollection', features: [] }),
      400,
      'features',
      /không có đối tượng/,
    ],
  ];
  for (const [what, data, status, field, message] of cases)
    it(what, async () => {
      const before = await stored();
      const res = await upload('admin', fields(), data());
      expect(res.statusCode, res.body).toBe(status);
      const error = res.json().error;
      expect(error.message).toMatch(message);
      expect(error.issues[0].field).toBe(field);
      expect(error.issues[0].message).toBe(error.message);
      expect(await stored()).toEqual(before);
    });

  it('a property the file does not have', async () => {
    const res = await upload('admin', { ...fields(), codeProperty: 'ma_tinh' }, JSON.stringify(geojson()));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('không có thuộc tính “ma_tinh”');
    expect(res.json().error.message).toContain('ma_xa, ten');
  });

  it('a file over the 50 MB limit', async () => {
    const before = await stored();
    const res = await upload('admin', fields(), Buffer.alloc(50 * 1024 * 1024 + 10, 0x20), 'ca-nuoc.geojson');
    expect(res.statusCode).toBe(413);
    expect(res.json().error.message).toContain('50 MB');
    expect(res.json().error.issues[0]).toMatchObject({ field: 'file', value: 'ca-nuoc.geojson' });
    expect(await stored()).toEqual(before);
  }, 60_000);
});

describe('who imports and who reads', () => {
  it('a province official imports its own communes only, and no province file', async () => {
    expect(
      (
        await upload(
          'tinh.thainguyen',
          { level: 'commune', provinceId: String(otherProvince) },
          JSON.stringify(geojson()),
        )
      ).statusCode,
    ).toBe(403);
    expect((await upload('tinh.thainguyen', { level: 'province' }, JSON.stringify(geojson()))).statusCode).toBe(403);
    expect(
      (await upload('xa.vanphu', { level: 'commune', provinceId: String(province) }, JSON.stringify(geojson())))
        .statusCode,
    ).toBe(403);
  });

  it('a preview is committed only by the person who made it', async () => {
    const preview = (
      await upload('admin', { level: 'commune', provinceId: String(province) }, JSON.stringify(geojson()))
    ).json();
    expect((await post('tinh.thainguyen', `/api/maps/imports/${preview.importId}/commit`)).statusCode).toBe(404);
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/maps/imports/${preview.importId}`,
      headers: { cookie: cookies.admin! },
    });
    expect(del.statusCode).toBe(204);
  });

  it('the maps follow the dashboards’ rules: the nation for administrators, a province for those who read it', async () => {
    expect((await get('tinh.thainguyen', '/api/maps/nation')).statusCode).toBe(403);
    expect((await get('xa.vanphu', `/api/maps/provinces/${province}`)).statusCode).toBe(403);
    expect((await get('tinh.thainguyen', `/api/maps/provinces/${otherProvince}`)).statusCode).toBe(403);
    const nation = await get('admin', '/api/maps/nation');
    expect(nation.statusCode, nation.body).toBe(200);
    const n = nation.json();
    expect(n.regions).toHaveLength(34);
    const tn = n.regions.find((r: { code: string }) => r.code === '19');
    // 4 of 92 recognised: 4.3%, the lowest class; no province boundaries imported, so every province is a tile.
    expect(tn).toMatchObject({ cls: 'share0', path: null, figures: { recognised: 4, units: 92, share: 4.3 } });
  });
});
