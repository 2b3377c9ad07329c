// The settings: read once from the environment with their defaults, a bad value refused by name in both
// languages (secrets not echoed), every variable in the README's table, and no other reader of process.env.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, VARIABLE_NAMES } from '../../src/server/platform/config.ts';

describe('parseConfig', () => {
  it('gives the defaults for an empty environment (and for empty values)', () => {
    const c = parseConfig({ PORT: '' });
    expect(c).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      demo: true,
      logLevel: 'warn',
      trustProxy: false,
      dataDir: './data',
    });
    expect(c.filesDir).toBe(path.join('./data', 'files'));
    expect(c).toMatchObject({
      loginLockAfter: 5,
      loginRateLimit: 10,
      sessionIdleMinutes: 30,
      surveyCodeFailures: 10,
      evidenceMaxBytes: 20 * 1024 * 1024,
    });
    expect(parseConfig({ NODE_ENV: 'production' }).logLevel).toBe('info');
  });

  it('reads the values it is given', () => {
    const c = parseConfig({
      PORT: '0',
      CFC_DEMO: '0',
      TRUST_PROXY: '1',
      CFC_DATA_DIR: '/srv/cfc',
      SESSION_IDLE_MINUTES: '7.5',
      LOG_LEVEL: 'silent',
    });
    expect(c).toMatchObject({
      port: 0,
      demo: false,
      trustProxy: true,
      dataDir: '/srv/cfc',
      filesDir: path.join('/srv/cfc', 'files'),
      sessionIdleMinutes: 7.5,
      logLevel: 'silent',
    });
  });

  it('refuses bad values, naming each variable, its value and what it must be, in Vietnamese and English', () => {
    let error: unknown;
    try {
      parseConfig({
        PORT: 'abc',
        LOGIN_LOCK_AFTER: '0',
        TRUST_PROXY: 'yes',
        SMTP_URL: 'smtp//user:hunter2@mail',
        PUBLIC_URL: 'example.vn',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('Cấu hình không hợp lệ / Invalid configuration');
    expect(message).toContain('PORT="abc": cần một số nguyên từ 0 đến 65535 / expected a whole number from 0 to 65535');
    expect(message).toContain(
      'LOGIN_LOCK_AFTER="0": cần một số nguyên từ 1 trở lên / expected a whole number of at least 1',
    );
    expect(message).toContain('TRUST_PROXY="yes"');
    expect(message).toContain('PUBLIC_URL="example.vn"');
    expect(message).toContain('SMTP_URL=(ẩn / hidden)');
    expect(message).not.toContain('hunter2');
  });
});

describe('where the settings are', () => {
  it('lists every variable in the README', () => {
    const readme = readFileSync('README.md', 'utf8');
    for (const name of VARIABLE_NAMES) expect(readme, name).toMatch(new RegExp(`^\\| \`${name}\` \\|`, 'm'));
  });

  it('reads process.env nowhere in src but src/server/platform/config.ts', () => {
    const readers: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, e.name);
        if (e.isDirectory()) walk(file);
        else if (/\.tsx?$/.test(e.name) && /process\.env\b/.test(readFileSync(file, 'utf8'))) readers.push(file);
      }
    };
    walk('src');
    expect(readers).toEqual([path.join('src', 'server', 'platform', 'config.ts')]);
  });
});
