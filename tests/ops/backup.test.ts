// A demo database backed up and restored into a fresh one is the same database, evidence files included.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/server/db/database.ts';
import { writeAudit } from '../../src/server/features/audit/audit.ts';
import { verifyAccessLogChain } from '../../src/server/features/audit/access-log.ts';
import { verifyAuditChain } from '../../src/server/features/audit/chain.ts';
import {
  backupDatabase,
  listTables,
  readBackupHeader,
  restoreDatabase,
} from '../../src/server/features/backup/backup.ts';
import { LocalFileStore } from '../../src/server/features/evidence/storage.ts';
import { addEvidence } from '../../src/server/features/evidence/store.ts';
import { tinyPdf } from '../evidence/samples.ts';
import { createEntry } from '../public-posting/fixtures.ts';
import { openTestDatabase } from '../support/db.ts';
import { startTestApp, type TestApp } from '../support/server.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'cfc-backup-'));
const archive = path.join(dir, 'demo.cfcbak');
const sourceFiles = new LocalFileStore(path.join(dir, 'files-source'));
const targetFiles = new LocalFileStore(path.join(dir, 'files-target'));

let t: TestApp;
let target: DatabaseHandle;
const opened: DatabaseHandle[] = [];
let evidenceKey: string;
const pdf = tinyPdf('Bien ban sao luu');

beforeAll(async () => {
  t = await startTestApp();
  const { entryId } = await createEntry(t.database.db, { communeCode: '05503', state: 'draft' });
  const officer = await t.database.db
    .selectFrom('app_user')
    .select('id')
    .where('username', '=', 'xa.tancuong')
    .executeTakeFirstOrThrow();
  const { record } = await addEvidence(
    t.database.db,
    sourceFiles,
    {
      entryId,
      criterionCode: 'C07',
      itemCode: null,
      fileName: 'Biên bản.pdf',
      mediaType: 'application/pdf',
      data: pdf,
    },
    { userId: officer.id },
  );
  evidenceKey = (
    await t.database.db
      .selectFrom('evidence_file')
      .select('storage_key')
      .where('id', '=', record.id)
      .executeTakeFirstOrThrow()
  ).storage_key;
  await writeAudit(t.database.db, {
    userId: null,
    action: 'test',
    entity: 'x',
    before: null,
    after: { chữ: 'Tiếng Việt', big: '12345678901234567890' },
  });
  // Reads of children in two communes' chains, so that the read log's chains travel too.
  const commune = await t.database.db
    .selectFrom('unit')
    .select('id')
    .where('code', 'in', ['05503', '05830'])
    .where('level', '=', 'commune')
    .where('valid_to', 'is', null)
    .execute();
  await t.database.db
    .insertInto('child_access_log')
    .values(
      [0, 1, 0, 1, 0].map((i) => ({
        user_id: officer.id,
        unit_id: commune[i]!.id,
        action: 'list',
        fields: ['identity'],
      })),
    )
    .execute();
  target = await openTestDatabase();
}, 180_000);
afterAll(async () => {
  await t?.close();
  await target?.close();
  for (const h of opened) await h.close();
  rmSync(dir, { recursive: true, force: true });
});

const countOf = async (h: DatabaseHandle, table: string) =>
  Number((await sql<{ n: string }>`SELECT count(*)::text AS n FROM ${sql.table(table)}`.execute(h.db)).rows[0]!.n);

/** Every row of a table as text, in primary-key order, folded into one digest. */
async function digest(h: DatabaseHandle, table: { name: string; primaryKey: string[]; columns: { name: string }[] }) {
  const order = (table.primaryKey.length ? table.primaryKey : table.columns.map((c) => c.name)).map((k) =>
    sql.ref(`t.${k}`),
  );
  const r = await sql<{
    d: string | null;
  }>`SELECT md5(string_agg(t::text, E'\n' ORDER BY ${sql.join(order)})) AS d FROM ${sql.table(table.name)} AS t`.execute(
    h.db,
  );
  return r.rows[0]!.d;
}

describe('backup and restore', () => {
  it('restores every table, row for row, with sequences that continue and an intact audit chain', async () => {
    const backup = await backupDatabase(t.database, archive, { files: sourceFiles });
    const tables = await listTables(t.database.db);
    expect(backup.tables).toBe(tables.length);
    expect(backup).toMatchObject({ files: 1, missingFiles: [] });
    expect(statSync(archive).size).toBeGreaterThan(1000);
    // The whole register is in it: readable by its owner only.
    expect(statSync(archive).mode & 0o777).toBe(0o600);

    const header = await readBackupHeader(archive);
    expect(header.schemaMigrations).toContain('0010_audit_chain');
    expect(header.tables.map((x) => x.name)).not.toContain('schema_migration');
    // Parents come before the tables that refer to them.
    const at = (name: string) => header.tables.findIndex((x) => x.name === name);
    expect(at('unit')).toBeLessThan(at('assessment'));
    expect(at('app_user')).toBeLessThan(at('audit_log'));
    expect(at('round_entry')).toBeLessThan(at('evidence_file'));

    const restored = await restoreDatabase(target, archive, { files: targetFiles });
    const auditRows = await countOf(t.database, 'audit_log');
    expect(restored.chain).toMatchObject({ intact: true, count: auditRows });
    const reads = await countOf(t.database, 'child_access_log');
    expect(reads).toBeGreaterThanOrEqual(5);
    expect(restored.accessLog).toMatchObject({ log: 'child_access_log', intact: true, count: reads });
    expect(restored.files).toBe(1);
    expect(restored.rows).toBe(backup.rows);

    let nonEmpty = 0;
    for (const table of tables) {
      const [a, b] = [await countOf(t.database, table.name), await countOf(target, table.name)];
      expect(b, table.name).toBe(a);
      expect(header.tables.find((x) => x.name === table.name)?.rows, table.name).toBe(a);
      if (a) nonEmpty++;
      expect(await digest(target, table), table.name).toBe(await digest(t.database, table));
    }
    expect(nonEmpty).toBeGreaterThan(15);

    // The evidence bytes came along, under the same key.
    expect((await targetFiles.get(evidenceKey)).equals(pdf)).toBe(true);

    // New rows take new ids after the restored ones, and the audit chain goes on from the restored head.
    const maxPeriod = (
      await t.database.db
        .selectFrom('period')
        .select(sql<number>`max(id)`.as('m'))
        .executeTakeFirstOrThrow()
    ).m;
    const period = await target.db
      .insertInto('period')
      .values({ year: 2040, starts_on: '2040-01-01', ends_on: '2040-12-31' })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(period.id).toBe(maxPeriod + 1);
    const maxAudit = (await sql<{ m: string }>`SELECT max(id)::text AS m FROM audit_log`.execute(t.database.db))
      .rows[0]!.m;
    await writeAudit(target.db, { userId: null, action: 'after_restore', entity: 'x' });
    const added = (
      await sql<{ id: string }>`SELECT id::text AS id FROM audit_log WHERE action = 'after_restore'`.execute(target.db)
    ).rows[0]!.id;
    expect(BigInt(added)).toBe(BigInt(maxAudit) + 1n);
    expect(await verifyAuditChain(target.db)).toMatchObject({ intact: true, count: auditRows + 1 });
    // The read log goes on from each commune's restored head, with ids after the restored ones.
    const heads = new Map(restored.accessLog.chains.map((c) => [c.chain, c]));
    const unit = restored.accessLog.chains[0]!.chain!;
    const officer = await target.db
      .selectFrom('app_user')
      .select('id')
      .where('username', '=', 'xa.tancuong')
      .executeTakeFirstOrThrow();
    const read = await target.db
      .insertInto('child_access_log')
      .values({ user_id: officer.id, unit_id: unit, action: 'view' })
      .returning(['id', 'prev_hash'])
      .executeTakeFirstOrThrow();
    expect(read.prev_hash).toBe((heads.get(unit) as { headHash: string }).headHash);
    expect(BigInt(read.id)).toBe(
      BigInt(
        (await sql<{ m: string }>`SELECT max(id)::text AS m FROM child_access_log`.execute(t.database.db)).rows[0]!.m,
      ) + 1n,
    );
    expect(await verifyAccessLogChain(target.db)).toMatchObject({ intact: true, count: reads + 1 });
  });

  it('writes the archive readable by its owner only, in directories it creates for its owner only', async () => {
    const nested = path.join(dir, 'kho', '2026-11');
    const file = path.join(nested, 'cfc-2026-11-23.cfcbak');
    await backupDatabase(t.database, file, { files: null });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(nested).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(dir, 'kho')).mode & 0o777).toBe(0o700);
    // Written again over an existing archive: still owner-only.
    writeFileSync(file, 'old', { mode: 0o644 });
    await backupDatabase(t.database, file, { files: null });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect((await readBackupHeader(file)).format).toBe('cfc-backup');
  });

  it('refuses a database that holds data', async () => {
    await expect(restoreDatabase(t.database, archive)).rejects.toThrow(
      /không trống.*the target database is not empty \(rows in: .*audit_log/,
    );
    // The restored target now holds rows too.
    const before = await countOf(target, 'unit');
    await expect(restoreDatabase(target, archive)).rejects.toThrow(/not empty/);
    expect(await countOf(target, 'unit')).toBe(before);
  });

  it('refuses a cut-off archive and one made at other migrations, leaving the target empty', async () => {
    const fresh = await openTestDatabase();
    opened.push(fresh);
    const bytes = readFileSync(archive);
    const cut = path.join(dir, 'cut.cfcbak');
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    await expect(restoreDatabase(fresh, cut)).rejects.toThrow(/the backup file is (damaged|cut off)/);

    const lines = gunzipSync(bytes).toString('utf8').split('\n');
    const header = JSON.parse(lines[0]!);
    header.schemaMigrations.push('0999_future');
    const other = path.join(dir, 'other.cfcbak');
    writeFileSync(other, gzipSync([JSON.stringify(header), ...lines.slice(1)].join('\n')));
    await expect(restoreDatabase(fresh, other)).rejects.toThrow(/only in the backup: 0999_future/);

    writeFileSync(path.join(dir, 'not.cfcbak'), gzipSync('{"hello":1}\n'));
    await expect(restoreDatabase(fresh, path.join(dir, 'not.cfcbak'))).rejects.toThrow(/not a cfc backup/);

    for (const table of await listTables(fresh.db)) expect(await countOf(fresh, table.name), table.name).toBe(0);
  });
});

describe('cfc backup / cfc restore', () => {
  // The commands open their own databases: on-disk PGlite directories, or test schemas on DATABASE_URL.
  const cfc = (args: string[], env: Record<string, string>) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/cfc.ts', ...args], {
      encoding: 'utf8',
      env: { ...process.env, CFC_LANG: 'vi', ...env },
    });
  const envFor = (name: string, h: DatabaseHandle | null): Record<string, string> =>
    h
      ? {
          DATABASE_URL: process.env.DATABASE_URL!,
          DATABASE_SCHEMA: h.schema,
          CFC_FILES_DIR: path.join(dir, `${name}-files`),
        }
      : { DATABASE_URL: '', CFC_DATA_DIR: path.join(dir, name) };

  it('backs up one database and restores it into an empty one, then refuses to restore over it', async () => {
    const pg = Boolean(process.env.DATABASE_URL);
    const [a, b] = pg ? [await openTestDatabase(), await openTestDatabase()] : [null, null];
    if (a && b) opened.push(a, b);
    const file = path.join(dir, 'cli.cfcbak');
    const envA = envFor('cli-a', a);
    const envB = envFor('cli-b', b);

    expect(
      cfc(
        [
          'create-user',
          '--username',
          'quantri2',
          '--password',
          'mat-khau-dai',
          '--name',
          'Quản trị 2',
          '--role',
          'system_admin',
        ],
        envA,
      ).status,
    ).toBe(0);
    const backup = cfc(['backup', file], envA);
    expect(backup.stderr).toBe('');
    expect(backup.status).toBe(0);
    expect(backup.stdout).toContain('Đã sao lưu / Backed up');
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const restore = cfc(['restore', file], envB);
    expect(restore.stderr).toBe('');
    expect(restore.status).toBe(0);
    expect(restore.stdout).toMatch(/Audit log intact: \d+ entries/);
    expect(restore.stdout).toMatch(/Access log of children’s records intact: \d+ entries/);

    const again = cfc(['restore', file], envB);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('the target database is not empty');

    const restored = b ?? (await openDatabase({ dataDir: path.join(dir, 'cli-b') }));
    try {
      expect(
        await restored.db
          .selectFrom('app_user')
          .select('full_name')
          .where('username', '=', 'quantri2')
          .executeTakeFirst(),
      ).toEqual({ full_name: 'Quản trị 2' });
    } finally {
      if (!b) await restored.close();
    }
  }, 180_000);
});
