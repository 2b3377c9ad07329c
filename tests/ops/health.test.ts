// /api/health answers 503 when the evidence files directory cannot take a write, and the check writes a
// real file. Tests run as root, whom file modes do not stop: the unwritable directory lies under a
// regular file, which no one can create a directory in.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesProbe } from '../../src/server/features/backup/health.ts';
import { LocalFileStore } from '../../src/server/features/evidence/storage.ts';
import { config } from '../../src/server/platform/config.ts';
import { startTestApp, type TestApp } from '../support/server.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'cfc-health-'));
const writable = path.join(dir, 'files');
const blocker = path.join(dir, 'a-regular-file');
writeFileSync(blocker, 'not a directory');
const unwritable = path.join(blocker, 'files');
const savedFilesDir = config.filesDir;

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ demo: false });
}, 120_000);
afterAll(async () => {
  await t?.close();
  config.filesDir = savedFilesDir;
  rmSync(dir, { recursive: true, force: true });
});

const health = (lang = 'vi') =>
  t.app.inject({ method: 'GET', url: '/api/health', headers: { 'accept-language': lang } });

describe('/api/health and the files directory', () => {
  it('answers 200 when the directory takes a write, and leaves no file behind', async () => {
    config.filesDir = writable;
    const res = await health();
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true, database: t.database.kind, files: 'writable' });
    // The probe did write: it made its sub-folder, and removed its file.
    expect(readdirSync(writable)).toEqual(['__']);
    expect(readdirSync(path.join(writable, '__'))).toEqual([]);
  });

  it('answers 503 with files: "unwritable" and a message in the caller’s language when it cannot write', async () => {
    config.filesDir = unwritable;
    const vi = await health('vi');
    expect(vi.statusCode).toBe(503);
    expect(vi.json()).toMatchObject({ ok: false, database: t.database.kind, files: 'unwritable' });
    expect(vi.json().message).toBe(
      'Không ghi được vào thư mục tệp minh chứng (CFC_FILES_DIR): ENOTDIR. Tải minh chứng lên sẽ thất bại cho đến khi thư mục ghi được trở lại; hãy kiểm tra ổ đĩa (đầy, chỉ đọc) và quyền của thư mục.',
    );
    const en = await health('en');
    expect(en.statusCode).toBe(503);
    expect(en.json().message).toContain('The evidence files directory (CFC_FILES_DIR) cannot be written: ENOTDIR.');
    // The directory is not told to an unauthenticated caller.
    expect(en.body).not.toContain(dir);
    expect(existsSync(unwritable)).toBe(false);

    config.filesDir = writable;
    expect((await health()).statusCode).toBe(200);
  });

  it('probes a store at most once per interval, and again after it', async () => {
    const place = path.join(dir, 'throttled');
    const store = new LocalFileStore(place);
    const probe = filesProbe(60_000);
    expect(await probe(store)).toEqual({ writable: true });
    // The directory becomes a regular file: within the interval the last answer stands…
    rmSync(place, { recursive: true });
    writeFileSync(place, 'no longer a directory');
    expect(await probe(store)).toEqual({ writable: true });
    // …and a probe with no interval to wait for finds it.
    expect(await filesProbe(0)(store)).toEqual({ writable: false, reason: 'ENOTDIR' });
    rmSync(place);
    mkdirSync(place);
    expect(await filesProbe(0)(store)).toEqual({ writable: true });
  });
});
