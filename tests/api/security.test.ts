// Web security: headers on every response, cross-site writes refused, a new session on every login,
// idle and absolute session timeouts, accounts locked after repeated wrong passwords (in parallel too),
// and the same password check for unknown and disabled names as for real ones.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/server/demo/accounts.ts';
import { passwordVerifications } from '../../src/server/features/auth/passwords.ts';
import { LOCK_AFTER } from '../../src/server/features/auth/routes.ts';
import { tokenHash } from '../../src/server/features/auth/users.ts';
import { login, startTestApp, type TestApp } from '../support/server.ts';

let t: TestApp;
let address = 0;
// Each login attempt from its own address, so the per-address rate limit does not hide the lockout.
const fresh = () => `10.77.0.${++address}`;
const attempt = (username: string, password: string, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password },
    remoteAddress: fresh(),
    headers,
  });
const me = (cookie: string) => t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });

beforeAll(async () => {
  t = await startTestApp();
}, 120_000);
afterAll(() => t?.close());

describe('web security', () => {
  it('sends a content security policy and the usual protective headers on pages and the API', async () => {
    for (const url of ['/api/health', '/login']) {
      const res = await t.app.inject({ method: 'GET', url });
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toContain('unsafe-eval');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('same-origin');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    }
  });

  it('refuses a write from another site and changes nothing; the app’s own pages still write', async () => {
    const cookie = await login(t.app, 'xa.vanphu');
    const unit = await t.database.db
      .selectFrom('unit')
      .select('id')
      .where('code', '=', '05845')
      .where('valid_to', 'is', null)
      .executeTakeFirstOrThrow();
    const url = `/api/units/${unit.id}/agencies`;
    const payload = { kind: 'school', name: 'Trường Tiểu học Vạn Phú' };
    for (const headers of [
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      { origin: 'https://evil.example' },
      { origin: 'null' },
    ]) {
      const res = await t.app.inject({
        method: 'POST',
        url,
        payload,
        headers: { cookie, host: 'cfc.local', ...headers },
      });
      expect(res.statusCode, JSON.stringify(headers)).toBe(403);
      expect(res.json().error.message).toContain('trang web khác');
    }
    expect(await t.database.db.selectFrom('agency').select('id').where('unit_id', '=', unit.id).execute()).toEqual([]);
    const own = await t.app.inject({
      method: 'POST',
      url,
      payload,
      headers: { cookie, host: 'cfc.local', origin: 'http://cfc.local', 'sec-fetch-site': 'same-origin' },
    });
    expect(own.statusCode, own.body).toBe(201);
    // Reading is never refused by origin: links from other sites to the public pages must work.
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/health', headers: { 'sec-fetch-site': 'cross-site' } }))
        .statusCode,
    ).toBe(200);
  });

  it('gives a new session on login and ends the one presented before it', async () => {
    const before = await login(t.app, 'xa.tancuong');
    const res = await attempt('xa.tancuong', DEMO_PASSWORD, { cookie: before });
    expect(res.statusCode).toBe(200);
    const after = `cfc_session=${res.cookies.find((c) => c.name === 'cfc_session')!.value}`;
    expect(after).not.toBe(before);
    expect((await me(before)).statusCode).toBe(401);
    expect((await me(after)).statusCode).toBe(200);
  });

  it('ends a session after 30 idle minutes and 12 hours after login, whatever the activity', async () => {
    const db = t.database.db;
    const idle = await login(t.app, 'xa.tancuong');
    expect((await me(idle)).statusCode).toBe(200);
    await db
      .updateTable('session')
      .set({ last_seen_at: new Date(Date.now() - 31 * 60_000) })
      .where('token_hash', '=', tokenHash(idle.split('=')[1]!))
      .execute();
    expect((await me(idle)).statusCode).toBe(401);

    const busy = await login(t.app, 'xa.tancuong');
    const session = await db
      .selectFrom('session')
      .select(['created_at', 'expires_at'])
      .where('token_hash', '=', tokenHash(busy.split('=')[1]!))
      .executeTakeFirstOrThrow();
    expect(new Date(session.expires_at).getTime() - new Date(session.created_at).getTime()).toBeLessThanOrEqual(
      12 * 3_600_000 + 5_000,
    );
    await db
      .updateTable('session')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('token_hash', '=', tokenHash(busy.split('=')[1]!))
      .execute();
    expect((await me(busy)).statusCode).toBe(401);
  });

  it('locks an account after five wrong passwords, even against the right one, and lets it in once the lock has passed', async () => {
    for (let i = 0; i < 5; i++) expect((await attempt('xa.daitu', `sai-${i}`)).statusCode).toBe(401);
    const locked = await attempt('xa.daitu', DEMO_PASSWORD);
    expect(locked.statusCode).toBe(423);
    expect(locked.json().error.message).toMatch(/tạm khóa.*15 phút/u);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'in', ['account_locked', 'login_locked'])
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['account_locked', 'login_locked']);
    await t.database.db
      .updateTable('app_user')
      .set({ locked_until: new Date(Date.now() - 1000) })
      .where('username', '=', 'xa.daitu')
      .execute();
    expect((await attempt('xa.daitu', DEMO_PASSWORD)).statusCode).toBe(200);
    const row = await t.database.db
      .selectFrom('app_user')
      .select(['failed_logins', 'locked_until'])
      .where('username', '=', 'xa.daitu')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ failed_logins: 0, locked_until: null });
  });

  it(`checks at most ${LOCK_AFTER} passwords when 16 wrong ones arrive at once, then refuses even the right one`, async () => {
    const db = t.database.db;
    const user = await db
      .selectFrom('app_user')
      .select('id')
      .where('username', '=', 'xa.labang')
      .executeTakeFirstOrThrow();
    const before = passwordVerifications();
    const answers = await Promise.all(Array.from({ length: 16 }, (_, i) => attempt('xa.labang', `sai-song-song-${i}`)));
    expect(passwordVerifications() - before).toBe(LOCK_AFTER);
    expect(answers.filter((a) => a.statusCode === 401)).toHaveLength(LOCK_AFTER);
    expect(answers.filter((a) => a.statusCode === 423)).toHaveLength(16 - LOCK_AFTER);
    const right = await attempt('xa.labang', DEMO_PASSWORD);
    expect(right.statusCode).toBe(423);
    expect(passwordVerifications() - before).toBe(LOCK_AFTER); // refused before any check
    const audit = await db.selectFrom('audit_log').select('action').where('user_id', '=', user.id).execute();
    const count = (action: string) => audit.filter((a) => a.action === action).length;
    expect([count('login_failed'), count('account_locked'), count('login_locked'), count('login')]).toEqual([
      LOCK_AFTER,
      1,
      16 - LOCK_AFTER + 1,
      0,
    ]);
  });

  it('checks a password for an unknown or a disabled name exactly as for a real one, and answers alike', async () => {
    const db = t.database.db;
    await db.updateTable('app_user').set({ disabled: true }).where('username', '=', 'xa.ankhanh').execute();
    const answers = [];
    for (const [username, password] of [
      ['xa.tancuong', 'sai-mat-khau'],
      ['khong.co.ai', DEMO_PASSWORD],
      ['xa.ankhanh', DEMO_PASSWORD],
    ] as const) {
      const before = passwordVerifications();
      const res = await attempt(username, password);
      // One argon2 verification ran to the end: against the account's hash, or the dummy one made at start-up.
      expect(passwordVerifications() - before, username).toBe(1);
      answers.push([res.statusCode, res.json()]);
    }
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    expect(answers[0]![0]).toBe(401);
    // A disabled account's count does not move: it is not an account one can log into.
    const disabled = await db
      .selectFrom('app_user')
      .select(['failed_logins', 'locked_until'])
      .where('username', '=', 'xa.ankhanh')
      .executeTakeFirstOrThrow();
    expect(disabled).toEqual({ failed_logins: 0, locked_until: null });
    await db.updateTable('app_user').set({ disabled: false }).where('username', '=', 'xa.ankhanh').execute();
  });
});
