// The audit log is append-only and hash-chained; `verifyAuditChain` / `cfc audit verify` find the first broken link.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/server/db/database.ts';
import { writeAudit } from '../../src/server/features/audit/audit.ts';
import { GENESIS_HASH, NATIONAL_CHAIN, verifyAuditChain } from '../../src/server/features/audit/chain.ts';
import { login, startTestApp, type TestApp } from '../support/server.ts';
import { useCliDatabase } from '../support/cli.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
}, 120_000);
afterAll(async () => {
  await t?.close();
});

const count = async (h: DatabaseHandle) =>
  Number((await sql<{ n: string }>`SELECT count(*)::text AS n FROM audit_log`.execute(h.db)).rows[0]!.n);
const ids = async (h: DatabaseHandle) =>
  (await sql<{ id: string }>`SELECT id::text AS id FROM audit_log ORDER BY audit_log.id`.execute(h.db)).rows.map(
    (r) => r.id,
  );
/** The ids of one chain, in order. */
const chainIds = async (h: DatabaseHandle, chain: number) =>
  (
    await sql<{
      id: string;
    }>`SELECT id::text AS id FROM audit_log WHERE chain = ${chain} ORDER BY audit_log.id`.execute(h.db)
  ).rows.map((r) => r.id);

describe('audit chain', () => {
  it('chains every write, from the API and from writeAudit, awkward values included', async () => {
    const db = t.database.db;
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'xa.vanphu', password: 'wrong-password' },
    });
    expect(bad.statusCode).toBe(401);
    const admin = await login(t.app, 'admin');
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/audit?entity=user', headers: { cookie: admin } })).statusCode,
    ).toBe(200);
    await writeAudit(db, {
      userId: null,
      action: 'test',
      entity: 'thử nghiệm',
      entityId: 'Xã Vạn Phú 😀',
      before: null,
      after: { ghi_chú: 'dấu "ngoặc"\n|-:', n: 12345678901234567890, nested: [null, true] },
      ip: '127.0.0.1',
    });
    await writeAudit(db, { userId: null, action: 'test', entity: 'x', before: 'chuỗi', after: undefined });
    // Concurrent transactions (parallel on PostgreSQL) still chain one after another in id order.
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        db.transaction().execute(async (trx) => {
          await writeAudit(trx, { userId: null, action: 'parallel', entity: 'x', entityId: i });
          await writeAudit(trx, { userId: null, action: 'parallel', entity: 'x', entityId: `${i}b` });
        }),
      ),
    );
    const report = await verifyAuditChain(db, { pageSize: 7 }); // pages smaller than the log
    const n = await count(t.database);
    expect(n).toBeGreaterThan(26);
    expect(report).toMatchObject({ intact: true, count: n });

    // Each chain links its own rows in id order; with no row older than 0019, each starts from 64 zeros.
    const rows = await sql<{
      id: string;
      chain: number | null;
      prev_hash: string;
      hash: string;
      before: string | null;
    }>`SELECT id::text AS id, chain, prev_hash, hash, before::text AS before FROM audit_log ORDER BY audit_log.id`.execute(
      db,
    );
    expect(rows.rows.every((r) => r.chain !== null)).toBe(true);
    const heads = new Map<number | null, string>();
    for (const r of rows.rows) {
      expect(r.prev_hash).toBe(heads.get(r.chain) ?? GENESIS_HASH);
      heads.set(r.chain, r.hash);
    }
    expect(report.chains.map((c) => c.chain)).toEqual([...heads.keys()].sort((a, b) => a! - b!));
    for (const c of report.chains) if (c.intact) expect(c.headHash).toBe(heads.get(c.chain));
    // The demo's province, its communes' logins and the national rows written above.
    expect(heads.has(NATIONAL_CHAIN)).toBe(true);
    expect(heads.size).toBeGreaterThan(1);
    // JSON null is kept apart from SQL null (both are hashed).
    expect(rows.rows.some((r) => r.before === 'null')).toBe(true);
  });

  it('ignores an id or hashes a writer supplies', async () => {
    const db = t.database.db;
    const last = (await ids(t.database)).at(-1)!;
    const forged = await sql<{ id: string; prev_hash: string }>`
      INSERT INTO audit_log (id, action, entity, prev_hash, hash) VALUES (1, 'forged', 'x', ${'f'.repeat(64)}, ${'e'.repeat(64)})
      RETURNING id::text AS id, prev_hash`.execute(db);
    expect(BigInt(forged.rows[0]!.id)).toBeGreaterThan(BigInt(last));
    expect(forged.rows[0]!.prev_hash).not.toBe('f'.repeat(64));
    expect(await verifyAuditChain(db)).toMatchObject({ intact: true });
  });

  it('refuses UPDATE, DELETE and TRUNCATE through ordinary SQL', async () => {
    const db = t.database.db;
    const before = await count(t.database);
    await expect(sql`UPDATE audit_log SET after = '{"x":1}'::jsonb WHERE action = 'test'`.execute(db)).rejects.toThrow(
      /append-only: UPDATE is refused/,
    );
    await expect(sql`DELETE FROM audit_log WHERE action = 'test'`.execute(db)).rejects.toThrow(
      /không được sửa hay xoá \(DELETE\)/,
    );
    await expect(sql`TRUNCATE audit_log`.execute(db)).rejects.toThrow(/append-only: TRUNCATE is refused/);
    await expect(db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
    expect(await count(t.database)).toBe(before);
    expect(await verifyAuditChain(db)).toMatchObject({ intact: true, count: before });
  });

  it('finds the first tampered row of a chain: changed content, a re-hashed row, a removed row', async () => {
    const db = t.database.db;
    // The national chain holds the rows written above with no actor.
    const all = await chainIds(t.database, NATIONAL_CHAIN);
    expect(all.length).toBeGreaterThan(12);
    const [second, third, target, next] = [all[1]!, all[2]!, all[10]!, all[11]!];
    const asOwner = async (statement: ReturnType<typeof sql>) => {
      await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete`.execute(db);
      try {
        await statement.execute(db);
      } finally {
        await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete`.execute(db);
      }
    };
    const national = async () => {
      const report = await verifyAuditChain(db);
      expect(report.intact).toBe(false);
      // Only the tampered chain is reported broken.
      expect(report.chains.filter((c) => !c.intact).map((c) => c.chain)).toEqual([NATIONAL_CHAIN]);
      return report.chains.find((c) => c.chain === NATIONAL_CHAIN);
    };

    await asOwner(sql`UPDATE audit_log SET after = '{"score": 1000}'::jsonb WHERE id = ${target}::bigint`);
    expect(await national()).toMatchObject({ intact: false, id: target, problem: 'hash', count: 11 });

    // Re-hashing the changed row moves the break to the next one, whose prev_hash no longer matches.
    await asOwner(sql`UPDATE audit_log a SET hash = audit_log_hash(a.prev_hash, a) WHERE id = ${target}::bigint`);
    expect(await national()).toMatchObject({ intact: false, id: next, problem: 'prev_hash' });

    // Removing an earlier row is found first.
    await asOwner(sql`DELETE FROM audit_log WHERE id = ${second}::bigint`);
    expect(await national()).toMatchObject({ intact: false, id: third, problem: 'prev_hash', count: 2 });
  });
});

describe('cfc audit verify', () => {
  const { open, release, cfc: run } = useCliDatabase('cfc-audit-');
  const cfc = () => run('audit', 'verify');

  it('prints the count and exits 0 when intact, names the row and exits 1 when not', async () => {
    let h = await open();
    for (let i = 0; i < 5; i++)
      await writeAudit(h.db, { userId: null, action: 'cli', entity: 'x', entityId: i, after: { i } });
    const [, , third] = await ids(h);
    await release(h);

    const ok = cfc();
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain(
      'Nhật ký kiểm toán nguyên vẹn: 5 bản ghi, 1 chuỗi / Audit log intact: 5 entries in 1 chain',
    );
    expect(ok.stdout).toContain('chuỗi quốc gia / national chain (0): 5 bản ghi / entries');

    h = await open();
    await sql`ALTER TABLE audit_log DISABLE TRIGGER USER`.execute(h.db);
    await sql`UPDATE audit_log SET entity_id = 'khác' WHERE id = ${third}::bigint`.execute(h.db);
    await sql`ALTER TABLE audit_log ENABLE TRIGGER USER`.execute(h.db);
    await release(h);

    const broken = cfc();
    expect(broken.status).toBe(1);
    expect(broken.stdout).toBe('');
    expect(broken.stderr).toContain(
      `national chain (0): bị phá vỡ tại bản ghi id ${third} / broken at entry id ${third}`,
    );
    expect(broken.stderr).toContain('content does not match its stored hash');
  }, 120_000);
});
