// The register's create routes honour Idempotency-Key (issue 21): an outbox that sends a write again after the line
// dropped (the first attempt may have arrived) adds the child, or the health record, once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startTestApp, type TestApp } from '../support/server.ts';

let t: TestApp;
let cookie = '';
let unit = 0;
let village = '';

beforeAll(async () => {
  t = await startTestApp();
  cookie = await login(t.app, 'ctv.daitu');
  const me = await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie } });
  unit = me.json().user.roles[0].unitId;
  const villages = await t.app.inject({
    method: 'GET',
    url: `/api/communes/${unit}/register/villages`,
    headers: { cookie },
  });
  village = villages.json()[0].name;
}, 120_000);
afterAll(async () => t?.close());

const post = (url: string, payload: object, key?: string) =>
  t.app.inject({ method: 'POST', url, payload, headers: { cookie, ...(key ? { 'idempotency-key': key } : {}) } });

const child = () => ({
  code: 'DT-IDEM-1',
  villageName: village,
  householdCode: 'HO-IDEM-1',
  householdHead: 'Lò Văn Sính',
  fullName: 'Lò Thị Nhung',
  birthDate: '2021-05-09',
  sex: 'female',
});

describe('replaying an offline write', () => {
  it('adds a child once for one key, and refuses the key reused for another child', async () => {
    const url = `/api/communes/${unit}/register/children`;
    const first = await post(url, child(), 'offline-child-1');
    expect(first.statusCode).toBe(201);
    const again = await post(url, child(), 'offline-child-1');
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    const list = await t.app.inject({
      method: 'GET',
      url: `${url}?q=DT-IDEM-1`,
      headers: { cookie },
    });
    expect(list.json().total).toBe(1);
    const other = await post(url, { ...child(), code: 'DT-IDEM-2' }, 'offline-child-1');
    expect(other.statusCode).toBe(409);
    // Without a key, the same child again is refused for its code, naming the field and the value.
    const plain = await post(url, child());
    expect(plain.statusCode).toBe(409);
    expect(JSON.stringify(plain.json())).toContain('DT-IDEM-1');
  });

  it('adds a health record once for one key', async () => {
    const url = `/api/communes/${unit}/register/children`;
    const { id } = (await post(url, { ...child(), code: 'DT-IDEM-3', householdCode: 'HO-IDEM-3' })).json();
    const records = `${url}/${id}/health-records`;
    const body = { kind: 'growth', checkedOn: '2026-12-01', weightKg: 13.2, heightCm: null, note: '' };
    const first = await post(records, body, 'offline-health-1');
    const again = await post(records, body, 'offline-health-1');
    expect([first.statusCode, again.statusCode]).toEqual([201, 201]);
    expect(again.json()).toEqual(first.json());
    const read = await t.app.inject({ method: 'GET', url: `${url}/${id}`, headers: { cookie } });
    expect(read.json().healthRecords).toHaveLength(1);
  });
});
