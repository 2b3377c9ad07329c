import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startTestApp, type TestApp } from '../support/server.ts';
import { form } from '../support/multipart.ts';
import { DISTRICTS, formerDistrictCsv, recognise, thaiNguyen } from '../groups/fixtures.ts';

let t: TestApp;
let province: string;
let roundId: number;
let expected: Map<number, string>;
let unitName: Map<number, string>;

const draw = (payload: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: `/api/rounds/${roundId}/rechecks`, headers: { cookie: province }, payload });
type Entry = { unitId: number; name: string; group: string | null };

beforeAll(async () => {
  t = await startTestApp();
  province = await login(t.app, 'tinh.thainguyen');
  const db = t.database.db;
  roundId = (await db.selectFrom('round').select('id').executeTakeFirstOrThrow()).id;
  const tn = await thaiNguyen(db);
  unitName = new Map(tn.communes.map((c) => [c.id, c.name]));
  const file = formerDistrictCsv(tn.communes, tn.predecessors, 3);
  expected = file.expected;
  const body = await form({}, { name: 'huyen-cu.csv', data: file.csv, type: 'text/csv' });
  const uploaded = await t.app.inject({
    method: 'PUT',
    url: `/api/units/${tn.provinceId}/groupings/${encodeURIComponent('Huyện cũ')}?kind=former_district`,
    headers: { cookie: province, ...body.headers },
    payload: body.payload,
  });
  expect(uploaded.statusCode, uploaded.body).toBe(200);
  // Three recognised communes in each of the four former districts, and one commune outside them all.
  const outside = tn.communes.find((c) => !expected.has(c.id) && c.code !== '05830')!;
  await recognise(db, roundId, [...expected.keys(), outside.id]);
});
afterAll(() => t?.close());

describe('a stratified re-check', () => {
  it('picks one commune per former district, names each pick’s group, and is reproducible from its seed', async () => {
    const first = await draw({ grouping: 'Huyện cũ', perGroup: 1, seed: 20261207 });
    expect(first.statusCode, first.body).toBe(200);
    const body = first.json();
    expect(body).toMatchObject({ grouping: 'Huyện cũ', perGroup: 1, seed: '20261207' });
    const entries = body.entries as Entry[];
    const inDistricts = entries.filter((e) => e.group !== '');
    // Exactly one commune of each former district, each named with the district it was drawn from.
    expect(inDistricts.map((e) => e.group).sort()).toEqual([...DISTRICTS].sort());
    for (const e of inDistricts) expect(expected.get(e.unitId)).toBe(e.group);
    // The commune no district reaches (and the demo's Quân Chu) form their own stratum: one of them.
    expect(entries.filter((e) => e.group === '')).toHaveLength(1);
    expect(body.share).toBeCloseTo(5 / 14, 5); // 12 in districts + 2 outside recognised

    const again = (await draw({ grouping: 'Huyện cũ', perGroup: 1, seed: 20261207 })).json();
    expect(again.id).not.toBe(body.id);
    expect((again.entries as Entry[]).map((e) => e.unitId)).toEqual(entries.map((e) => e.unitId));

    const picks = new Set<string>();
    for (const seed of [1, 2, 3, 4, 5, 6])
      picks.add(
        JSON.stringify(
          ((await draw({ grouping: 'Huyện cũ', perGroup: 1, seed })).json().entries as Entry[]).map((e) => e.unitId),
        ),
      );
    picks.add(JSON.stringify(entries.map((e) => e.unitId)));
    expect(picks.size).toBeGreaterThan(1); // another seed picks differently

    const read = await t.app.inject({ method: 'GET', url: `/api/rechecks/${body.id}`, headers: { cookie: province } });
    expect((read.json().entries as Entry[]).map((e) => [e.name, e.group])).toEqual(
      entries.map((e) => [unitName.get(e.unitId), e.group]),
    );
  });

  it('draws two per district when asked, and the share draw names no group', async () => {
    const two = (await draw({ grouping: 'Huyện cũ', perGroup: 2, seed: 9 })).json();
    const counts = new Map<string, number>();
    for (const e of two.entries as Entry[]) counts.set(e.group ?? 'null', (counts.get(e.group ?? 'null') ?? 0) + 1);
    for (const d of DISTRICTS) expect(counts.get(d)).toBe(2);
    const share = (await draw({ share: 0.5, seed: 9 })).json();
    expect(share.grouping).toBeNull();
    expect((share.entries as Entry[]).every((e) => e.group === null)).toBe(true);
  });

  it('refuses a draw by an unknown grouping, or by share and groups at once, naming the field and value', async () => {
    const unknown = await draw({ grouping: 'Cụm thi đua', perGroup: 1 });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.issues[0]).toMatchObject({ field: 'grouping', value: 'Cụm thi đua' });
    expect(unknown.json().error.message).toContain('Cụm thi đua');
    const both = await draw({ share: 0.5, grouping: 'Huyện cũ', perGroup: 1 });
    expect(both.statusCode).toBe(400);
    expect(both.json().error.issues[0]).toMatchObject({ field: 'share', value: 0.5 });
    const half = await draw({ grouping: 'Huyện cũ' });
    expect(half.json().error.issues[0].field).toBe('perGroup');
  });
});
