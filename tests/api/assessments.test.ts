import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startTestApp, type TestApp } from '../support/server.ts';
import { communeId } from '../support/db.ts';

let t: TestApp;
let officer: string; // xa.tancuong
let other: string; // xa.labang
let province: string;
let admin: string;
let tanCuong: number;
let laBang: number;
let periodId: number;

const unitId = async (code: string) => await communeId(t.database.db, code);

beforeAll(async () => {
  t = await startTestApp();
  [officer, other, province, admin] = (await Promise.all(
    ['xa.tancuong', 'xa.labang', 'tinh.thainguyen', 'admin'].map((u) => login(t.app, u)),
  )) as [string, string, string, string];
  tanCuong = await unitId('05503');
  laBang = await unitId('05818');
  periodId = (await t.database.db.selectFrom('period').select('id').where('year', '=', 2026).executeTakeFirstOrThrow())
    .id;
});
afterAll(() => t?.close());

const get = (cookie: string, unit: number) =>
  t.app.inject({ method: 'GET', url: `/api/units/${unit}/assessments/${periodId}`, headers: { cookie } });
const put = (cookie: string, unit: number, payload: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: 'PUT',
    url: `/api/units/${unit}/assessments/${periodId}/values`,
    headers: { cookie, ...headers },
    payload: payload as object,
  });

describe('scoping', () => {
  it('lets a commune officer read and write their own commune', async () => {
    const res = await get(officer, tanCuong);
    expect(res.statusCode).toBe(200);
    expect(res.json().readOnly).toBe(false);
    expect(res.json().unit.name).toBe('Xã Tân Cương');
  });

  it('refuses another commune to a commune officer, for reading and for writing', async () => {
    expect((await get(officer, laBang)).statusCode).toBe(403);
    const before = (await get(other, laBang)).json().values['C12.events'].value;
    const res = await put(officer, laBang, { values: { 'C12.events': 0 } });
    expect(res.statusCode).toBe(403);
    expect((await get(other, laBang)).json().values['C12.events'].value).toBe(before);
    const history = await t.app.inject({
      method: 'GET',
      url: `/api/units/${laBang}/assessments/${periodId}/history`,
      headers: { cookie: officer },
    });
    expect(history.statusCode).toBe(403);
  });

  it('lists only the officer’s commune, and the province’s communes to the province official', async () => {
    const mine = (
      await t.app.inject({ method: 'GET', url: `/api/periods/${periodId}/assessments`, headers: { cookie: officer } })
    ).json();
    expect(mine.items.map((i: { unitId: number }) => i.unitId)).toEqual([tanCuong]);
    const theirs = (
      await t.app.inject({ method: 'GET', url: `/api/periods/${periodId}/assessments`, headers: { cookie: province } })
    ).json();
    expect(theirs.items.length).toBe(92);
    expect(theirs.items.some((i: { unitId: number }) => i.unitId === laBang)).toBe(true);
  });

  it('lets the province official read but not write a commune’s values', async () => {
    const res = await get(province, tanCuong);
    expect(res.statusCode).toBe(200);
    expect(res.json().readOnly).toBe(true);
    expect((await put(province, tanCuong, { values: { 'C12.events': 1 } })).statusCode).toBe(403);
  });

  it('refuses a province official a commune of another province', async () => {
    const hanoi = await unitId('00004'); // Phường Ba Đình, Hà Nội
    expect((await get(province, hanoi)).statusCode).toBe(403);
    expect((await get(admin, hanoi)).statusCode).toBe(200);
  });

  it('refuses everything without a session', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/units/${tanCuong}/assessments/${periodId}` });
    expect(res.statusCode).toBe(401);
  });
});

describe('saving values', () => {
  it('rescores, keeps who entered each value with a note, and the history of every value', async () => {
    const res = await put(officer, tanCuong, {
      values: { 'C12.events': 1 },
      notes: { 'C12.events': 'Biên bản hoạt động hè' },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const c12 = body.result.criteria.find((c: { code: string }) => c.code === 'C12');
    expect(c12.items.find((i: { code: string }) => i.code === 'C12.events').points).toBe(10);
    expect(body.values['C12.events']).toMatchObject({
      value: 1,
      sourceNote: 'Biên bản hoạt động hè',
      enteredByName: 'Cán bộ Xã Tân Cương',
    });
    await put(officer, tanCuong, { values: { 'C12.events': 4 } });
    const history = (
      await t.app.inject({
        method: 'GET',
        url: `/api/units/${tanCuong}/assessments/${periodId}/history?code=C12.events`,
        headers: { cookie: officer },
      })
    ).json();
    expect(history.items.map((h: { value: number }) => h.value)).toEqual([4, 1, 4]);
  });

  it('writes an audit entry with before and after', async () => {
    await put(officer, tanCuong, { values: { 'C13.satisfied': 270 } });
    const log = (
      await t.app.inject({ method: 'GET', url: '/api/audit?entity=assessment', headers: { cookie: admin } })
    ).json();
    const entry = log.items[0];
    expect(entry).toMatchObject({ action: 'save_values', entity: 'assessment', username: 'xa.tancuong' });
    expect(entry.before['C13.satisfied'].value).toBe(276);
    expect(entry.after['C13.satisfied'].value).toBe(270);
    expect(typeof entry.after.total).toBe('number');
  });

  it('never shows the administrator a sensitive count in the audit log, however the values were saved', async () => {
    const saved = await put(officer, tanCuong, { values: { 'C03.abused': 1, 'C06.special': 30 } });
    expect(saved.statusCode, saved.body).toBe(200);
    const log = (
      await t.app.inject({ method: 'GET', url: '/api/audit?entity=assessment', headers: { cookie: admin } })
    ).json();
    const entry = log.items[0];
    expect(entry.after['C03.abused']).toEqual({ value: null, suppressed: true });
    expect(entry.after['C06.special']).toEqual({ value: null, suppressed: true });
    expect(entry.before['C03.abused']).toEqual({ value: null, suppressed: true });
    // The stored row keeps the figure: the audit itself is not changed, only what the administrator is shown.
    const stored = await t.database.db
      .selectFrom('audit_log')
      .select('after')
      .where('action', '=', 'save_values')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect((stored.after as Record<string, { value: number }>)['C03.abused']!.value).toBe(1);
  });

  it('keeps the rule-set version the assessment was scored with after a new version is published', async () => {
    // The ministry publishes the criteria (a national policy), not the technical administrator.
    const ministry = await login(t.app, 'bo.yte');
    const list = (await t.app.inject({ method: 'GET', url: '/api/rule-sets', headers: { cookie: ministry } })).json();
    const v1 = list.items.find((r: { version: number }) => r.version === 1);
    const draft = (
      await t.app.inject({
        method: 'POST',
        url: `/api/rule-sets/${v1.id}/copy`,
        headers: { cookie: ministry },
        payload: { note: 'thử' },
      })
    ).json();
    const def = draft.definition;
    def.criteria
      .find((c: { code: string }) => c.code === 'C12')
      .items.find((i: { code: string }) => i.code === 'C12.events').measure.bands[1].points = 20;
    expect(
      (
        await t.app.inject({
          method: 'PUT',
          url: `/api/rule-sets/${draft.id}`,
          headers: { cookie: ministry },
          payload: { definition: def },
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (await t.app.inject({ method: 'POST', url: `/api/rule-sets/${draft.id}/publish`, headers: { cookie: ministry } }))
        .statusCode,
    ).toBe(200);

    const kept = (await get(officer, tanCuong)).json();
    expect(kept.ruleSet.version).toBe(1);
    // A commune that starts now gets version 2.
    const fresh = await unitId('05773'); // Xã Phú Xuyên, no assessment yet
    const freshView = (await get(admin, fresh)).json();
    expect(freshView.ruleSet.version).toBe(2);
  });
});

describe('bad input stores nothing', () => {
  const snapshot = async () => (await get(officer, tanCuong)).json().values;

  it.each([
    ['numerator above its denominator', { values: { 'C02.registered': 100000 } }, 'C02.registered', 100000],
    ['negative count', { values: { 'C05.injured': -3 } }, 'C05.injured', -3],
    ['fractional count', { values: { 'C05.injured': 2.5 } }, 'C05.injured', 2.5],
    ['unknown code', { values: { 'C99.nothing': 1 } }, 'C99.nothing', 1],
    ['flag given a number', { values: { 'C01.staff': 1 } }, 'C01.staff', 1],
    ['wrong type', { values: { 'C05.injured': 'ba' } }, 'values.C05.injured', 'ba'],
  ])('%s → 400 naming the field and the value, nothing changed', async (_name, payload, field, value) => {
    const before = await snapshot();
    const res = await put(officer, tanCuong, payload);
    expect(res.statusCode).toBe(400);
    const issue = res.json().error.issues.find((i: { field: string }) => i.field === field);
    expect(issue, JSON.stringify(res.json())).toBeTruthy();
    expect(issue.value).toEqual(value);
    expect(issue.message).toContain(String(value));
    expect(await snapshot()).toEqual(before);
  });

  it('answers in English when asked', async () => {
    const res = await put(officer, tanCuong, { values: { 'C05.injured': -3 } }, { cookie: `${officer}; lang=en` });
    expect(res.json().error.message).toMatch(/nothing was saved/);
    expect(res.json().error.issues[0].message).toMatch(/must not be negative, got -3/);
  });

  it('rejects malformed JSON and oversized bodies', async () => {
    const malformed = await t.app.inject({
      method: 'PUT',
      url: `/api/units/${tanCuong}/assessments/${periodId}/values`,
      headers: { cookie: officer, 'content-type': 'application/json' },
      payload: '{"values": {',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('malformed_json');
    const huge = await t.app.inject({
      method: 'PUT',
      url: `/api/units/${tanCuong}/assessments/${periodId}/values`,
      headers: { cookie: officer, 'content-type': 'application/json' },
      payload: JSON.stringify({ values: {}, notes: { x: 'a'.repeat(3 * 1024 * 1024) } }),
    });
    expect(huge.statusCode).toBe(413);
  });

  it('keeps earlier values when a later save fails half-way through its checks', async () => {
    const before = await snapshot();
    const res = await put(officer, tanCuong, { values: { 'C12.events': 7, 'C02.registered': 100000 } });
    expect(res.statusCode).toBe(400);
    expect(await snapshot()).toEqual(before);
  });
});

describe('stateless scoring', () => {
  it('scores with the same engine and explains failures', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/score',
      headers: { cookie: officer },
      payload: { category: 'other', values: { 'pop.children': 10 }, allowMissing: true },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().complete).toBe(false);
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/score',
      headers: { cookie: officer },
      payload: { category: 'ward', values: {} },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues[0]).toMatchObject({ field: 'category', value: 'ward' });
  });
});
