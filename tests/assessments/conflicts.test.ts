// Conflicts without loss (issue 21): two people of one commune change the same value. A save that says which
// value it edited from (`bases`) is refused whole when someone else changed that field meanwhile, naming both
// values, who and when; resolving keeps both values in the field's history. A save without bases overwrites,
// as before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startTestApp, type TestApp } from '../support/server.ts';
import { communeId } from '../support/db.ts';

let t: TestApp;
let officer: string; // xa.daitu
let chairman: string; // chutich.daitu
let officerName: string;
let chairmanName: string;
let unit: number;
let periodId: number;

beforeAll(async () => {
  t = await startTestApp();
  [officer, chairman] = (await Promise.all(['xa.daitu', 'chutich.daitu'].map((u) => login(t.app, u)))) as [
    string,
    string,
  ];
  const db = t.database.db;
  const name = async (username: string) =>
    (await db.selectFrom('app_user').select('full_name').where('username', '=', username).executeTakeFirstOrThrow())
      .full_name;
  officerName = await name('xa.daitu');
  chairmanName = await name('chutich.daitu');
  unit = await communeId(db, '05830');
  // A period of its own: no round, nothing saved yet, nothing frozen.
  periodId = (
    await db
      .insertInto('period')
      .values({ year: 2033, starts_on: '2033-01-01', ends_on: '2033-12-31' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}, 180_000);
afterAll(() => t?.close());

type Figure = number | boolean | null;
const put = (cookie: string, payload: object) =>
  t.app.inject({
    method: 'PUT',
    url: `/api/units/${unit}/assessments/${periodId}/values`,
    headers: { cookie },
    payload,
  });
const current = async (code: string): Promise<Figure> => {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/units/${unit}/assessments/${periodId}`,
    headers: { cookie: officer },
  });
  return res.json().values[code]?.value ?? null;
};
const history = async (code: string) => {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/units/${unit}/assessments/${periodId}/history?code=${encodeURIComponent(code)}`,
    headers: { cookie: officer },
  });
  expect(res.statusCode).toBe(200);
  return res.json().items as Array<{ value: Figure; enteredByName: string; notKept?: true }>;
};

describe('saving without bases', () => {
  it('overwrites as before: the later save wins and both are in the history', async () => {
    expect((await put(officer, { values: { 'pop.villages': 10 } })).statusCode).toBe(200);
    const res = await put(chairman, { values: { 'pop.villages': 11 } });
    expect(res.statusCode).toBe(200);
    expect(res.json().values['pop.villages'].value).toBe(11);
    expect(await current('pop.villages')).toBe(11);
    expect((await history('pop.villages')).map((h) => h.value)).toEqual([11, 10]);
  });
});

describe('saving with bases', () => {
  it('saves a field whose base is what stands', async () => {
    const res = await put(officer, { values: { 'pop.villages': 12 }, bases: { 'pop.villages': 11 } });
    expect(res.statusCode).toBe(200);
    expect(res.json().values['pop.villages']).toMatchObject({ value: 12, enteredByName: officerName });
  });

  it('refuses a stale base with 409, naming both values, who and when, and stores nothing of that save', async () => {
    // The chairman edited from 11 (before the officer's 12) and also changed another field in the same save.
    const res = await put(chairman, {
      values: { 'pop.villages': 13, 'pop.children': 900 },
      bases: { 'pop.villages': 11, 'pop.children': null },
    });
    expect(res.statusCode).toBe(409);
    const body = res.json();
    expect(body.conflicts).toHaveLength(1);
    expect(body.conflicts[0]).toMatchObject({
      code: 'pop.villages',
      base: 11,
      mine: 13,
      theirs: { value: 12, enteredByName: officerName },
    });
    expect(Date.parse(body.conflicts[0].theirs.enteredAt)).not.toBeNaN();
    expect(body.error.code).toBe('value_conflict');
    expect(body.error.issues).toEqual([
      expect.objectContaining({ field: 'pop.villages', value: 13, message: expect.stringContaining(officerName) }),
    ]);
    expect(await current('pop.villages')).toBe(12);
    expect(await current('pop.children')).toBeNull();
    expect((await history('pop.villages')).map((h) => h.value)).toEqual([12, 11, 10]);
  });

  it('answers in English to an English caller', async () => {
    const res = await t.app.inject({
      method: 'PUT',
      url: `/api/units/${unit}/assessments/${periodId}/values`,
      headers: { cookie: `${chairman}; lang=en` },
      payload: { values: { 'pop.villages': 13 }, bases: { 'pop.villages': 11 } },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toMatch(/changed by someone else/);
  });

  it('does not call it a conflict when both changed the field to the same value', async () => {
    const res = await put(chairman, { values: { 'pop.villages': 12 }, bases: { 'pop.villages': 11 } });
    expect(res.statusCode).toBe(200);
    expect(await current('pop.villages')).toBe(12);
  });

  it('lets exactly one of two saves from the same base through when they are sent together', async () => {
    const [a, b] = await Promise.all([
      put(officer, { values: { 'pop.villages': 20 }, bases: { 'pop.villages': 12 } }),
      put(chairman, { values: { 'pop.villages': 21 }, bases: { 'pop.villages': 12 } }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const winner = a.statusCode === 200 ? 20 : 21;
    expect(await current('pop.villages')).toBe(winner);
    const refused = (a.statusCode === 409 ? a : b).json();
    expect(refused.conflicts[0].theirs.value).toBe(winner);
  });

  it('names who cleared a value when the conflict is with a cleared field', async () => {
    const standing = await current('pop.villages');
    expect(
      (await put(officer, { values: { 'pop.villages': null }, bases: { 'pop.villages': standing } })).statusCode,
    ).toBe(200);
    const res = await put(chairman, { values: { 'pop.villages': 30 }, bases: { 'pop.villages': standing } });
    expect(res.statusCode).toBe(409);
    expect(res.json().conflicts[0]).toMatchObject({
      code: 'pop.villages',
      mine: 30,
      theirs: { value: null, enteredByName: officerName },
    });
    expect(await current('pop.villages')).toBeNull();
  });

  it('refuses a base or a not-kept value for an input the rule set does not have, naming it', async () => {
    const res = await put(officer, { values: { 'pop.villages': 5 }, bases: { 'no.such': 1 }, notKept: { 'no.pe': 2 } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues.map((i: { field: string }) => i.field)).toEqual(['bases.no.such', 'notKept.no.pe']);
    expect(await current('pop.villages')).toBeNull();
  });
});

describe('resolving a conflict', () => {
  it('keeping my value: saved over theirs with theirs as base; the history keeps both', async () => {
    expect((await put(officer, { values: { 'C02.births': 80 }, bases: { 'C02.births': null } })).statusCode).toBe(200);
    const conflict = await put(chairman, { values: { 'C02.births': 90 }, bases: { 'C02.births': null } });
    expect(conflict.statusCode).toBe(409);
    const theirs = conflict.json().conflicts[0].theirs.value;
    const res = await put(chairman, { values: { 'C02.births': 90 }, bases: { 'C02.births': theirs } });
    expect(res.statusCode).toBe(200);
    expect(await current('C02.births')).toBe(90);
    const h = await history('C02.births');
    expect(h.map((x) => [x.value, x.enteredByName])).toEqual([
      [90, chairmanName],
      [80, officerName],
    ]);
  });

  it('keeping theirs: mine is recorded in the history as not kept and never stands', async () => {
    expect((await put(officer, { values: { 'C01.budget': true }, bases: { 'C01.budget': null } })).statusCode).toBe(
      200,
    );
    const conflict = await put(chairman, { values: { 'C01.budget': false }, bases: { 'C01.budget': null } });
    expect(conflict.statusCode).toBe(409);
    const res = await put(chairman, { values: {}, notKept: { 'C01.budget': false } });
    expect(res.statusCode).toBe(200);
    expect(res.json().values['C01.budget'].value).toBe(true);
    expect(await current('C01.budget')).toBe(true);
    const h = await history('C01.budget');
    expect(h).toEqual([
      expect.objectContaining({ value: false, enteredByName: chairmanName, notKept: true }),
      expect.objectContaining({ value: true, enteredByName: officerName }),
    ]);
    expect(h[1]).not.toHaveProperty('notKept');
    // The value that stood instead is recorded beside it.
    const row = await t.database.db
      .selectFrom('assessment_value_unkept')
      .select(['value', 'kept_value'])
      .where('code', '=', 'C01.budget')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ value: false, kept_value: true });
  });
});
