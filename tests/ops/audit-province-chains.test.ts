// One audit hash chain per province, plus a national chain (migrations/0019_audit_chains.sql): provinces
// write their audit rows without waiting for each other, each chain verifies on its own, a tampered row
// is reported with its chain and id, and the rows written before 0019 stay one verifiable global chain.
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/server/db/database.ts';
import { migrate } from '../../src/server/db/migrate.ts';
import type { Database } from '../../src/server/db/schema.ts';
import { writeAudit } from '../../src/server/features/audit/audit.ts';
import {
  describeChainReport,
  GENESIS_HASH,
  NATIONAL_CHAIN,
  verifyAuditChain,
} from '../../src/server/features/audit/chain.ts';
import { createUser } from '../../src/server/features/auth/users.ts';
import { startTestApp, type TestApp } from '../support/server.ts';
import { migrateUntil, openTestDatabase } from '../support/db.ts';

let t: TestApp;
/** Two communes of two different provinces. */
let a: { commune: number; province: number };
let b: { commune: number; province: number };

beforeAll(async () => {
  t = await startTestApp({ demo: false });
  const communes = await t.database.db
    .selectFrom('unit')
    .select(['id', 'parent_id'])
    .where('level', '=', 'commune')
    .where('valid_to', 'is', null)
    .orderBy('id')
    .execute();
  const first = communes[0]!;
  const other = communes.find((c) => c.parent_id !== first.parent_id)!;
  a = { commune: first.id, province: first.parent_id! };
  b = { commune: other.id, province: other.parent_id! };
}, 120_000);
afterAll(async () => {
  await t?.close();
});

const unitRow = (unitId: number, action: string) => ({
  userId: null,
  action,
  entity: 'unit',
  entityId: unitId,
  after: { action },
});
const chainOf = async (db: Kysely<Database>, id: string) =>
  (
    await sql<{
      chain: number | null;
      prev_hash: string;
      hash: string;
    }>`SELECT chain, prev_hash, hash FROM audit_log WHERE id = ${id}::bigint`.execute(db)
  ).rows[0]!;
const lastId = async (db: Kysely<Database>, action: string) =>
  (await sql<{ id: string }>`SELECT max(id)::text AS id FROM audit_log WHERE action = ${action}`.execute(db)).rows[0]!
    .id;

describe('audit chains per province', () => {
  it('puts a row in the chain of the province it concerns, and a login in the chain of the account’s province', async () => {
    const db = t.database.db;
    const officer = await createUser(db, {
      username: `xa.chain.${randomBytes(3).toString('hex')}`,
      password: 'Mật-khẩu-dài-2026!',
      fullName: 'Cán bộ xã',
      roles: [{ role: 'commune_officer', unitId: a.commune }],
      checkPolicy: false,
    });
    const official = await createUser(db, {
      username: `tinh.chain.${randomBytes(3).toString('hex')}`,
      password: 'Mật-khẩu-dài-2026!',
      fullName: 'Cán bộ tỉnh',
      roles: [{ role: 'province_official', unitId: b.province }],
      checkPolicy: false,
    });
    const twoProvinces = await createUser(db, {
      username: `hai.tinh.${randomBytes(3).toString('hex')}`,
      password: 'Mật-khẩu-dài-2026!',
      fullName: 'Hai tỉnh',
      roles: [
        { role: 'province_official', unitId: a.province },
        { role: 'province_official', unitId: b.province },
      ],
      checkPolicy: false,
    });
    const admin = await createUser(db, {
      username: `quantri.chain.${randomBytes(3).toString('hex')}`,
      password: 'Mật-khẩu-dài-2026!',
      fullName: 'Quản trị',
      roles: [{ role: 'system_admin', unitId: null }],
      checkPolicy: false,
    });
    const key = async (entity: string, entityId: string | null, userId: number | null) =>
      (await sql<{ k: number }>`SELECT audit_log_chain_key(${entity}, ${entityId}, ${userId}) AS k`.execute(db))
        .rows[0]!.k;
    expect(await key('unit', String(a.commune), null)).toBe(a.province);
    expect(await key('unit', String(b.province), admin)).toBe(b.province);
    expect(await key('register', String(b.commune), officer)).toBe(b.province);
    expect(await key('user', String(officer), officer)).toBe(a.province);
    expect(await key('user', String(official), official)).toBe(b.province);
    expect(await key('user', String(twoProvinces), twoProvinces)).toBe(NATIONAL_CHAIN);
    expect(await key('user', String(admin), admin)).toBe(NATIONAL_CHAIN);
    // A failed login names the user name, not an id, and has no actor when the name is unknown.
    expect(await key('user', 'không-có-ai', null)).toBe(NATIONAL_CHAIN);
    expect(await key('rule_set', '1', official)).toBe(NATIONAL_CHAIN);
    // Anything not mapped, or a row not found, concerns the actor's province.
    expect(await key('something_new', 'x', officer)).toBe(a.province);
    expect(await key('round_entry', '999999999', official)).toBe(b.province);

    // A writer cannot choose the chain.
    const forged = await sql<{
      chain: number;
    }>`INSERT INTO audit_log (action, entity, entity_id, chain, prev_hash, hash)
      VALUES ('forged', 'unit', ${String(a.commune)}, ${b.province}, ${GENESIS_HASH}, ${GENESIS_HASH}) RETURNING chain`.execute(
      db,
    );
    expect(forged.rows[0]!.chain).toBe(a.province);
    expect(await verifyAuditChain(db)).toMatchObject({ intact: true });
  });

  it('takes one lock per chain: two provinces’ transactions write at once, one province’s wait for each other', async () => {
    const db = t.database.db;
    // The lock keys taken by a transaction that writes into both provinces' chains and the national one.
    const keys = await db.transaction().execute(async (trx) => {
      await writeAudit(trx, unitRow(a.commune, 'lock_keys'));
      await writeAudit(trx, unitRow(b.commune, 'lock_keys'));
      await writeAudit(trx, { userId: null, action: 'lock_keys', entity: 'x' });
      const locks = await sql<{ classid: number; objid: number }>`
        SELECT classid::bigint::integer AS classid, objid::bigint::integer AS objid FROM pg_locks
        WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND objsubid = 2 ORDER BY objid`.execute(trx);
      const table = (await sql<{ oid: number }>`SELECT 'audit_log'::regclass::oid::bigint::integer AS oid`.execute(trx))
        .rows[0]!.oid;
      return locks.rows.filter((l) => l.classid === table).map((l) => l.objid);
    });
    expect(keys).toEqual([NATIONAL_CHAIN, a.province, b.province].sort((x, y) => x - y));

    if (t.database.kind === 'postgres') {
      // Real concurrency needs several connections (PGlite has one): A holds province a's chain open
      // while B writes into province b's chain and commits; C, in province a, waits until A commits.
      let releaseA!: () => void;
      const aMayCommit = new Promise<void>((resolve) => (releaseA = resolve));
      let aWrote!: () => void;
      const aHasWritten = new Promise<void>((resolve) => (aWrote = resolve));
      const txA = db.transaction().execute(async (trx) => {
        await writeAudit(trx, unitRow(a.commune, 'concurrent_a'));
        aWrote();
        await aMayCommit;
      });
      await aHasWritten;
      const timeout = (ms: number) =>
        new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms).unref());
      let cDone = false;
      let txC: Promise<void> | undefined;
      try {
        const txB = db.transaction().execute(async (trx) => {
          await writeAudit(trx, unitRow(b.commune, 'concurrent_b'));
          return 'committed' as const;
        });
        expect(await Promise.race([txB, timeout(10_000)])).toBe('committed');
        txC = db.transaction().execute(async (trx) => {
          await writeAudit(trx, unitRow(a.commune, 'concurrent_c'));
          cDone = true;
        });
        await timeout(500);
        expect(cDone).toBe(false);
      } finally {
        releaseA();
      }
      await txA;
      await txC;
      expect(cDone).toBe(true);
      // C links to A, the last committed row of its chain, though B's id lies between them.
      const [rowA, rowB, rowC] = await Promise.all(
        ['concurrent_a', 'concurrent_b', 'concurrent_c'].map(async (action) => chainOf(db, await lastId(db, action))),
      );
      expect(rowA!.chain).toBe(a.province);
      expect(rowB!.chain).toBe(b.province);
      expect(rowC!.prev_hash).toBe(rowA!.hash);
      expect(BigInt(await lastId(db, 'concurrent_a'))).toBeLessThan(BigInt(await lastId(db, 'concurrent_b')));
    } else {
      expect(t.database.kind).toBe('pglite');
    }

    // Many transactions of both provinces at once still leave every chain intact.
    await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        db.transaction().execute(async (trx) => {
          await writeAudit(trx, unitRow(i % 2 ? a.commune : b.commune, 'parallel'));
          await writeAudit(trx, unitRow(i % 2 ? a.commune : b.commune, 'parallel'));
        }),
      ),
    );
    const report = await verifyAuditChain(db, { pageSize: 5 });
    expect(report.intact).toBe(true);
    expect(report.chains.map((c) => c.chain)).toEqual(expect.arrayContaining([NATIONAL_CHAIN, a.province, b.province]));
  });

  it('reports a tampered row with its chain and id, while the other chains verify', async () => {
    const db = t.database.db;
    for (let i = 0; i < 3; i++) await writeAudit(db, unitRow(a.commune, 'tamper_me'));
    const victim = (
      await sql<{
        id: string;
      }>`SELECT id::text AS id FROM audit_log WHERE action = 'tamper_me' ORDER BY id LIMIT 1 OFFSET 1`.execute(db)
    ).rows[0]!.id;
    await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete`.execute(db);
    try {
      await sql`UPDATE audit_log SET after = '{"total": 1000}'::jsonb WHERE id = ${victim}::bigint`.execute(db);
    } finally {
      await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete`.execute(db);
    }
    const report = await verifyAuditChain(db);
    expect(report.intact).toBe(false);
    const broken = report.chains.filter((c) => !c.intact);
    expect(broken).toEqual([expect.objectContaining({ chain: a.province, id: victim, problem: 'hash' })]);
    expect(report.chains.find((c) => c.chain === b.province)).toMatchObject({ intact: true });
    expect(report.chains.find((c) => c.chain === NATIONAL_CHAIN)).toMatchObject({ intact: true });
    const text = describeChainReport(report);
    expect(text).toContain(`province chain ${a.province} (`);
    expect(text).toContain(`broken at entry id ${victim}`);
    // The province keeps writing: its chain stays broken at the same row, the others stay intact.
    await writeAudit(db, unitRow(a.commune, 'after_tamper'));
    await writeAudit(db, unitRow(b.commune, 'after_tamper'));
    const again = await verifyAuditChain(db);
    expect(again.chains.filter((c) => !c.intact)).toEqual([expect.objectContaining({ chain: a.province, id: victim })]);
  });
});

describe('rows written before 0019', () => {
  let h: DatabaseHandle;
  beforeAll(async () => {
    h = await openTestDatabase({ migrated: false });
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  it('stay one global chain with their hashes, and every new chain starts from its last row', async () => {
    const db = h.db;
    await migrateUntil(h, '0019');
    // Written by 0010's trigger: one global chain.
    const province = (
      await sql<{
        id: number;
      }>`INSERT INTO unit (code, level, kind, name, source) VALUES ('99', 'province', 'tinh', 'Tỉnh Thử', 'test') RETURNING id`.execute(
        db,
      )
    ).rows[0]!.id;
    const commune = (
      await sql<{
        id: number;
      }>`INSERT INTO unit (code, level, kind, name, parent_id, source) VALUES ('99001', 'commune', 'xa', 'Xã Thử', ${province}, 'test') RETURNING id`.execute(
        db,
      )
    ).rows[0]!.id;
    for (let i = 0; i < 4; i++)
      await writeAudit(db, {
        userId: null,
        action: 'old',
        entity: i % 2 ? 'unit' : 'x',
        entityId: i % 2 ? commune : i,
        after: { i },
      });
    const old = await sql<{ id: string; hash: string }>`SELECT id::text AS id, hash FROM audit_log ORDER BY id`.execute(
      db,
    );
    expect(old.rows).toHaveLength(4);

    expect(await migrate(h)).toContain('0019_audit_chains');
    // The old rows are unchanged and in no new chain.
    const kept = await sql<{
      id: string;
      hash: string;
      chain: number | null;
    }>`SELECT id::text AS id, hash, chain FROM audit_log ORDER BY id`.execute(db);
    expect(kept.rows.map(({ id, hash }) => ({ id, hash }))).toEqual(old.rows);
    expect(kept.rows.every((r) => r.chain === null)).toBe(true);

    await writeAudit(db, { userId: null, action: 'new', entity: 'x' });
    await writeAudit(db, { userId: null, action: 'new', entity: 'unit', entityId: commune });
    await writeAudit(db, { userId: null, action: 'new', entity: 'unit', entityId: commune });
    const legacyHead = old.rows.at(-1)!.hash;
    const news = await sql<{
      chain: number;
      prev_hash: string;
      hash: string;
    }>`SELECT chain, prev_hash, hash FROM audit_log WHERE action = 'new' ORDER BY id`.execute(db);
    expect(news.rows.map((r) => r.chain)).toEqual([NATIONAL_CHAIN, province, province]);
    expect(news.rows[0]!.prev_hash).toBe(legacyHead);
    expect(news.rows[1]!.prev_hash).toBe(legacyHead);
    expect(news.rows[2]!.prev_hash).toBe(news.rows[1]!.hash);

    const report = await verifyAuditChain(db, { pageSize: 2 });
    expect(report).toMatchObject({ intact: true, count: 7 });
    expect(report.chains).toEqual([
      expect.objectContaining({ chain: null, intact: true, count: 4, headHash: legacyHead }),
      expect.objectContaining({ chain: NATIONAL_CHAIN, intact: true, count: 1 }),
      expect.objectContaining({ chain: province, name: 'Tỉnh Thử', intact: true, count: 2 }),
    ]);
    expect(describeChainReport(report)).toContain('global chain before 0019: 4 bản ghi / entries');

    // Removing the old chain's last row goes unseen by that chain alone, but every new chain starts from it.
    await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete`.execute(db);
    await sql`DELETE FROM audit_log WHERE id = ${old.rows.at(-1)!.id}::bigint`.execute(db);
    await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete`.execute(db);
    const cut = await verifyAuditChain(db);
    expect(cut.chains.find((c) => c.chain === null)).toMatchObject({ intact: true, count: 3 });
    expect(cut.chains.filter((c) => !c.intact).map((c) => [c.chain, c.intact ? null : c.problem])).toEqual([
      [NATIONAL_CHAIN, 'prev_hash'],
      [province, 'prev_hash'],
    ]);
  });
});
