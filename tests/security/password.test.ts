// The password policy (ASVS 2.1) in the pure core, at `cfc create-user`, and at the change-password
// endpoint (current password needed; the account's other sessions end and a new one is issued). The policy
// judges the normal form (NFC, trimmed, whitespace runs collapsed); the hash is of the NFC form.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPassword, passwordLength, policyForm } from '../../src/core/auth/password-policy.ts';
import { hash } from '@node-rs/argon2';
import { hashPassword, matchPassword, verifyPassword } from '../../src/server/features/auth/passwords.ts';
import { DEMO_PASSWORD } from '../../src/server/demo/accounts.ts';
import { setConfig } from '../support/config.ts';
import { login, startTestApp, type TestApp } from '../support/server.ts';

const GOOD = 'Đồi chè xanh mướt sau mưa';

describe('password policy', () => {
  it('counts Unicode characters, not code units or combining marks', () => {
    const composed = 'Mưa rơi nhẹ'; // 11 characters
    expect(passwordLength(composed)).toBe(11);
    expect(passwordLength(composed.normalize('NFD'))).toBe(11);
    expect(composed.normalize('NFD').length).toBeGreaterThan(12);
    expect(checkPassword(composed.normalize('NFD'))).toEqual({
      ok: false,
      rule: 'too_short',
      params: { min: 12, length: 11 },
    });
    expect(checkPassword('🐃🐃🐃🐃🐃🐃🐃🐃')).toMatchObject({ ok: false, rule: 'too_short', params: { length: 8 } });
  });

  it('names the rule broken: length, username, common list, guessable', () => {
    expect(checkPassword(DEMO_PASSWORD)).toMatchObject({ ok: false, rule: 'too_short' });
    expect(checkPassword(`${GOOD} `.repeat(6))).toMatchObject({ ok: false, rule: 'too_long', params: { max: 128 } });
    expect(checkPassword('VanPhu mùa xuân 2026', 'xa.vanphu')).toEqual({
      ok: false,
      rule: 'contains_username',
      params: { username: 'vanphu' },
    });
    expect(checkPassword('123456789012')).toEqual({ ok: false, rule: 'common', params: {} });
    expect(checkPassword('qwertyuiop')).toMatchObject({ rule: 'too_short' });
    expect(checkPassword('aaaaaaaaaaaaaaa')).toMatchObject({ ok: false, rule: 'guessable' });
    expect(checkPassword('password1234')).toMatchObject({ ok: false, rule: 'guessable' });
    expect(checkPassword(GOOD, 'xa.vanphu')).toMatchObject({ ok: true });
    expect(checkPassword('mat-khau-dai', 'quantri2')).toMatchObject({ ok: true });
  });
});

describe('the form the policy judges and the form that is hashed', () => {
  it('judges the password without padding: spaces around one letter are a 1-character password', () => {
    expect(policyForm('  Đồi\u00a0\u00a0chè\t\n xanh  ')).toBe('Đồi chè xanh');
    expect(policyForm('Mưa rơi'.normalize('NFD'))).toBe('Mưa rơi'.normalize('NFC'));
    expect(checkPassword(`${' '.repeat(20)}a${' '.repeat(20)}`)).toEqual({
      ok: false,
      rule: 'too_short',
      params: { min: 12, length: 1 },
    });
    expect(checkPassword(`\t\u3000x\u00a0\n${' '.repeat(30)}`)).toMatchObject({
      ok: false,
      rule: 'too_short',
      params: { length: 1 },
    });
    // Eight letters and three doubled spaces: 14 as typed, 11 as judged.
    expect(checkPassword('ab  cd  ef  gh')).toEqual({ ok: false, rule: 'too_short', params: { min: 12, length: 11 } });
    expect(checkPassword(`\u00a0 123456789012 \t`)).toEqual({ ok: false, rule: 'common', params: {} });
    expect(checkPassword(`   ${GOOD}   `, 'xa.vanphu')).toMatchObject({ ok: true });
  });

  it('hashes the NFC form, so a password typed decomposed on one machine and composed on another is the same', async () => {
    const stored = await hashPassword(GOOD.normalize('NFD'));
    expect(GOOD.normalize('NFD')).not.toBe(GOOD.normalize('NFC'));
    expect(await verifyPassword(stored, GOOD.normalize('NFC'))).toBe(true);
    expect(await verifyPassword(stored, GOOD.normalize('NFD'))).toBe(true);
    // Only NFC: spaces are kept as typed, so a different spacing is a different password.
    expect(await verifyPassword(stored, `${GOOD} `)).toBe(false);
    expect(await verifyPassword(stored, GOOD.replace(' ', '  '))).toBe(false);
  });
});

describe('cfc create-user', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cfc-password-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const cfc = (password: string) =>
    spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli/cfc.ts',
        'create-user',
        '--username',
        'quantri3',
        '--password',
        password,
        '--name',
        'Quản trị 3',
        '--role',
        'system_admin',
      ],
      {
        encoding: 'utf8',
        env: { ...process.env, CFC_LANG: 'vi', DATABASE_URL: '', CFC_DATA_DIR: dir },
      },
    );

  it('refuses a password that breaks the policy with the rule named, and takes a good one', () => {
    const short = cfc('demo@2026');
    expect(short.status).not.toBe(0);
    expect(short.stderr).toContain('Trường “--password”: mật khẩu cần ít nhất 12 ký tự (mật khẩu này có 9)');
    const named = cfc('quantri3-mua-he');
    expect(named.status).not.toBe(0);
    expect(named.stderr).toContain('không được chứa tên đăng nhập (“quantri3”)');
    const ok = cfc(GOOD);
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
  }, 120_000);
});

describe('changing one’s own password', () => {
  let t: TestApp;
  beforeAll(async () => {
    setConfig({ loginRateLimit: 50 });
    t = await startTestApp();
  }, 120_000);
  afterAll(() => t?.close());

  const change = (cookie: string | undefined, body: unknown, lang = 'vi') =>
    t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { ...(cookie ? { cookie: `${cookie}; lang=${lang}` } : {}) },
      payload: body as object,
    });

  it('needs a session and the current password', async () => {
    expect((await change(undefined, { currentPassword: DEMO_PASSWORD, newPassword: GOOD })).statusCode).toBe(401);
    const cookie = await login(t.app, 'xa.daitu');
    const wrong = await change(cookie, { currentPassword: 'sai-mat-khau', newPassword: GOOD });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error).toMatchObject({
      code: 'current_wrong',
      issues: [{ field: 'currentPassword', value: null }],
    });
    expect(wrong.json().error.message).toContain('mật khẩu hiện tại không đúng');
  });

  it('refuses a new password breaking the policy, in the caller’s language, without echoing it', async () => {
    const cookie = await login(t.app, 'xa.daitu');
    const weak = await change(cookie, { currentPassword: DEMO_PASSWORD, newPassword: 'password1234' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.code).toBe('guessable');
    expect(weak.json().error.message).toContain('Trường “Mật khẩu mới”: mật khẩu quá dễ đoán');
    expect(weak.body).not.toContain('password1234');
    const en = await change(cookie, { currentPassword: DEMO_PASSWORD, newPassword: 'daitu-2026-abc' }, 'en');
    expect(en.json().error.message).toBe('Field “New password”: the password must not contain the username (“daitu”).');
    const common = await change(cookie, { currentPassword: DEMO_PASSWORD, newPassword: '123456789012' });
    expect(common.json().error.code).toBe('common');
    // Nothing changed: the demo password still logs in.
    await login(t.app, 'xa.daitu');
  });

  it('refuses a new password made of padding around one letter', async () => {
    const cookie = await login(t.app, 'xa.daitu');
    const padded = await change(cookie, {
      currentPassword: DEMO_PASSWORD,
      newPassword: `${' '.repeat(15)}x${' '.repeat(15)}`,
    });
    expect(padded.statusCode).toBe(400);
    expect(padded.json().error).toMatchObject({ code: 'too_short', issues: [{ field: 'newPassword', value: null }] });
    expect(padded.json().error.message).toContain('mật khẩu cần ít nhất 12 ký tự (mật khẩu này có 1)');
    await login(t.app, 'xa.daitu'); // unchanged
  });

  it('changes it, ends every other session and issues a new one', async () => {
    const other = await login(t.app, 'chutich.daitu');
    const mine = await login(t.app, 'chutich.daitu');
    const res = await change(mine, { currentPassword: DEMO_PASSWORD, newPassword: GOOD });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().message).toContain('Đã đổi mật khẩu');
    const fresh = res.cookies.find((c) => c.name === 'cfc_session')!;
    expect(fresh.httpOnly).toBe(true);
    expect(`cfc_session=${fresh.value}`).not.toBe(mine);
    for (const old of [other, mine])
      expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: old } })).statusCode).toBe(
        401,
      );
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { cookie: `cfc_session=${fresh.value}` },
    });
    expect(me.json().username).toBe('chutich.daitu');
    await expect(login(t.app, 'chutich.daitu')).rejects.toThrow(/401/);
    await login(t.app, 'chutich.daitu', GOOD);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'password_changed')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('takes a new password typed decomposed (NFD) and logs in with it typed composed (NFC), and the other way round', async () => {
    const cookie = await login(t.app, 'xa.vanphu');
    const res = await change(cookie, { currentPassword: DEMO_PASSWORD, newPassword: GOOD.normalize('NFD') });
    expect(res.statusCode, res.body).toBe(200);
    await login(t.app, 'xa.vanphu', GOOD.normalize('NFC'));
    await login(t.app, 'xa.vanphu', GOOD.normalize('NFD'));
  });

  it('still lets in a password hashed from decomposed input before hashes were NFC, and re-hashes it in NFC', async () => {
    const db = t.database.db;
    const legacy = await hash(GOOD.normalize('NFD'), { algorithm: 2 }); // what hashPassword made of NFD input before
    await db.updateTable('app_user').set({ password_hash: legacy }).where('username', '=', 'xa.quanchu').execute();
    expect(await matchPassword(legacy, GOOD)).toEqual({ ok: true, legacy: true });
    await login(t.app, 'xa.quanchu', GOOD.normalize('NFD')); // NFC by the time it reaches the check
    const { password_hash } = await db
      .selectFrom('app_user')
      .select('password_hash')
      .where('username', '=', 'xa.quanchu')
      .executeTakeFirstOrThrow();
    expect(password_hash).not.toBe(legacy);
    expect(await matchPassword(password_hash, GOOD)).toEqual({ ok: true, legacy: false });
    await login(t.app, 'xa.quanchu', GOOD);
  });
});
