import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/server/demo/accounts.ts';
import { setConfig } from '../support/config.ts';
import { startTestApp, type TestApp } from '../support/server.ts';

let t: TestApp;
beforeAll(async () => {
  setConfig({ loginRateLimit: 5 });
  t = await startTestApp();
});
afterAll(() => t?.close());

describe('accounts and sessions', () => {
  it('stores argon2id hashes, never the password', async () => {
    const row = await t.database.db
      .selectFrom('app_user')
      .select('password_hash')
      .where('username', '=', 'admin')
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.password_hash).not.toContain(DEMO_PASSWORD);
  });

  it('sets an HttpOnly, SameSite session cookie and stores only its hash', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'xa.tancuong', password: DEMO_PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'cfc_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Strict');
    const sessions = await t.database.db.selectFrom('session').select('token_hash').execute();
    expect(sessions.some((s) => s.token_hash === cookie.value)).toBe(false);
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { cookie: `cfc_session=${cookie.value}` },
    });
    expect(me.json()).toMatchObject({
      username: 'xa.tancuong',
      roles: [{ role: 'commune_officer', unitName: 'Xã Tân Cương' }],
    });
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie: `cfc_session=${cookie.value}` },
    });
    expect(out.statusCode).toBe(200);
    const after = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { cookie: `cfc_session=${cookie.value}` },
    });
    expect(after.statusCode).toBe(401);
  });

  it('answers "who am I" for a visitor with 200 and no user, and with the user once logged in', async () => {
    const session = (cookie?: string) =>
      t.app.inject({ method: 'GET', url: '/api/auth/session', headers: cookie ? { cookie } : {} });
    const anonymous = await session();
    expect(anonymous.statusCode).toBe(200);
    // The idle limit comes too: a device wipes its offline data after it (issue 21).
    expect(anonymous.json()).toEqual({ user: null, idleMinutes: 30 });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'xa.tancuong', password: DEMO_PASSWORD },
    });
    const cookie = `cfc_session=${res.cookies.find((c) => c.name === 'cfc_session')!.value}`;
    const known = await session(cookie);
    expect(known.statusCode).toBe(200);
    expect(known.json().user).toMatchObject({
      username: 'xa.tancuong',
      roles: [{ role: 'commune_officer', unitName: 'Xã Tân Cương' }],
    });
    await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    // An ended session is a visitor again, not an error.
    const ended = await session(cookie);
    expect(ended.statusCode).toBe(200);
    expect(ended.json()).toEqual({ user: null, idleMinutes: 30 });
  });

  it('answers a wrong password with 401 in Vietnamese and audits it', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password: 'sai-mat-khau' },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.message).toBe('Tên đăng nhập hoặc mật khẩu không đúng.');
    const failed = await t.database.db
      .selectFrom('audit_log')
      .select('entity_id')
      .where('action', '=', 'login_failed')
      .execute();
    expect(failed.map((f) => f.entity_id)).toContain('admin');
  });

  it('rate-limits login attempts', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'tinh.thainguyen', password: 'wrong' },
        remoteAddress: '10.9.9.9',
      });
      codes.push(res.statusCode);
    }
    expect(codes).toContain(429);
    expect(codes.filter((c) => c === 401).length).toBeLessThanOrEqual(5);
  });

  it('validates the login body with a message naming the field', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: '', password: 5 },
      remoteAddress: '10.9.9.8',
    });
    expect(res.statusCode).toBe(400);
    const fields = res.json().error.issues.map((i: { field: string }) => i.field);
    expect(fields).toEqual(expect.arrayContaining(['username', 'password']));
  });

  it('serves the OpenAPI document and its reference page', async () => {
    const doc = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(doc.statusCode).toBe(200);
    expect(Object.keys(doc.json().paths)).toEqual(
      expect.arrayContaining([
        '/api/auth/login',
        '/api/units/{unitId}/assessments/{periodId}/values',
        '/api/rule-sets',
      ]),
    );
    const page = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('swagger');
  });
});

describe('serving the web app', () => {
  it('answers client routes with index.html, missing assets with 404, and compresses for slow lines', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/rule-sets/1' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    // index.html names the hashed assets of this release: a browser must not keep it after the next one.
    expect(page.headers['cache-control']).toBe('no-cache');
    // The address people type: the site's root.
    const root = await t.app.inject({ method: 'GET', url: '/' });
    expect(root.statusCode).toBe(200);
    expect(root.headers['content-type']).toContain('text/html');
    expect(root.headers['cache-control']).toBe('no-cache');
    expect((await t.app.inject({ method: 'GET', url: '/assets/missing-abc.js' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/nothing-here' })).statusCode).toBe(404);
    const doc = await t.app.inject({
      method: 'GET',
      url: '/api/openapi.json',
      headers: { 'accept-encoding': 'br, gzip' },
    });
    expect(doc.headers['content-encoding']).toMatch(/br|gzip/);
  });
});
