// Idempotency keys past their life: a key whose first request never finished is freed after 10 minutes, one that
// finished is kept a day; until then a retry gets the first answer or a 409. Expired keys are swept at most once a
// minute, so each of these is decided on the key itself, not by the sweep.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startTestApp, type TestApp } from '../support/server.ts';

let t: TestApp;
let cookie = '';
let url = '';
let village = '';

beforeAll(async () => {
  t = await startTestApp();
  cookie = await login(t.app, 'ctv.daitu');
  const me = await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie } });
  const unit = me.json().user.roles[0].unitId;
  url = `/api/communes/${unit}/register/children`;
  const villages = await t.app.inject({
    method: 'GET',
    url: `/api/communes/${unit}/register/villages`,
    headers: { cookie },
  });
  village = villages.json()[0].name;
}, 120_000);
afterAll(async () => t?.close());

const KEY = 'aged-key-1';
const add = (n: number) =>
  t.app.inject({
    method: 'POST',
    url,
    headers: { cookie, 'idempotency-key': KEY },
    payload: {
      code: `DT-AGED-${n}`,
      villageName: village,
      householdCode: `HO-AGED-${n}`,
      householdHead: 'Lò Văn Sính',
      fullName: `Lò Thị Nhung ${n}`,
      birthDate: '2021-05-09',
      sex: 'female',
    },
  });
const age = (status: number | null, interval: string) =>
  sql`UPDATE idempotency_key SET status = ${status}, created_at = now() - ${interval}::interval WHERE key = ${KEY}`.execute(
    t.database.db,
  );

describe('idempotency keys as they age', () => {
  it('frees an abandoned key after 10 minutes, not before, and a finished one after a day', async () => {
    expect((await add(1)).statusCode).toBe(201);
    // A first request still running 1 minute ago: its retry is told so, nothing is added.
    await age(null, '1 minute');
    const running = await add(1);
    expect(running.statusCode).toBe(409);
    expect(running.json().error.code).toBe('in_progress');
    expect((await add(2)).json().error.code).toBe('mismatch');
    // Abandoned 11 minutes ago (the process stopped): the key is free, the request runs.
    await age(null, '11 minutes');
    const freed = await add(3);
    expect(freed.statusCode).toBe(201);
    expect(freed.headers['idempotent-replayed']).toBeUndefined();
    // Finished 23 hours ago: another request under the key is a mismatch; after 25 hours the key is gone.
    await age(201, '23 hours');
    expect((await add(4)).statusCode).toBe(409);
    await age(201, '25 hours');
    const expired = await add(5);
    expect(expired.statusCode).toBe(201);
    expect(expired.headers['idempotent-replayed']).toBeUndefined();
    const codes = await t.database.db.selectFrom('child').select('code').where('code', 'like', 'DT-AGED-%').execute();
    expect(codes.map((c) => c.code).sort()).toEqual(['DT-AGED-1', 'DT-AGED-3', 'DT-AGED-5']);
  });
});
