// The read log of children's records is append-only and hash-chained per commune (migrations/
// 0024_access_log_chain.sql): reads chain as they are written, ordinary SQL cannot change or remove
// them, the retention job deletes old reads through its sanctioned path and the chains still verify,
// and a changed, removed or forged read is found in its chain by `verifyAccessLogChain` / `cfc audit verify`.
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/server/db/database.ts';
import { migrate } from '../../src/server/db/migrate.ts';
import type { Database } from '../../src/server/db/schema.ts';
import {
  ACCESS_LOG_PRUNED,
  verifyAccessLogChain,
  type PrunedRecord,
} from '../../src/server/features/audit/access-log.ts';
import { GENESIS_HASH, verifyAuditChain } from '../../src/server/features/audit/chain.ts';
import { createUser } from '../../src/server/features/auth/users.ts';
import { runRetention } from '../../src/server/features/privacy/retention.ts';
import { todayInVietnam } from '../../src/server/platform/clock.ts';
import { migrateUntil, openTestDatabase } from '../support/db.ts';
import { login, startTestApp, type TestApp } from '../support/server.ts';
import { useCliDatabase } from '../support/cli.ts';

let t: TestApp;
let db: Kysely<Database>;
let daitu: number;
let reader: number;
/** Communes of another province than Đại Từ's, one per test that needs a chain of its own. */
let others: number[];

beforeAll(async () => {
  t = await startTestApp();
  db = t.database.db;
  daitu = (
    await db
      .selectFrom('unit')
      .select(['id', 'parent_id'])
      .where('code', '=', '05830')
      .where('level', '=', 'commune')
      .where('valid_to', 'is', null)
      .executeTakeFirstOrThrow()
  ).id;
  const province = (await db.selectFrom('unit').select('parent_id').where('id', '=', daitu).executeTakeFirstOrThrow())
    .parent_id!;
  others = (
    await db
      .selectFrom('unit')
      .select('id')
      .where('level', '=', 'commune')
      .where('valid_to', 'is', null)
      .where('parent_id', '<>', province)
      .orderBy('id')
      .limit(8)
      .execute()
  ).map((u) => u.id);
  reader = (await db.selectFrom('app_user').select('id').where('username', '=', 'xa.daitu').executeTakeFirstOrThrow())
    .id;
}, 180_000);
afterAll(async () => {
  await t?.close();
});

type Read = {
  unit: number;
  at?: Date;
  action?: string;
  childId?: number | null;
  fields?: string[];
  ip?: string | null;
};
/** Reads written as logReads writes them: one INSERT of many rows. */
const write = (d: Kysely<Database>, reads: Read[]) =>
  d
    .insertInto('child_access_log')
    .values(
      reads.map((r) => ({
        user_id: reader,
        unit_id: r.unit,
        child_id: r.childId ?? null,
        action: r.action ?? 'view',
        fields: r.fields ?? ['identity'],
        ip: r.ip ?? null,
        ...(r.at ? { at: r.at } : {}),
      })),
    )
    .returning('id')
    .execute()
    .then((rows) => rows.map((r) => r.id));
const chain = async (unit: number) =>
  (
    await sql<{
      id: string;
      prev_hash: string;
      hash: string;
      at: Date;
    }>`SELECT id::text AS id, prev_hash, hash, at FROM child_access_log WHERE unit_id = ${unit} ORDER BY child_access_log.id`.execute(
      db,
    )
  ).rows;
/** A statement run the way only the table's owner can: with the refusing trigger switched off. */
const asOwner = async (statement: ReturnType<typeof sql>, trigger = 'child_access_log_no_update_delete') => {
  await sql`ALTER TABLE child_access_log DISABLE TRIGGER ${sql.ref(trigger)}`.execute(db);
  try {
    await statement.execute(db);
  } finally {
    await sql`ALTER TABLE child_access_log ENABLE TRIGGER ${sql.ref(trigger)}`.execute(db);
  }
};
const yearsAgo = (years: number) => new Date(Date.now() - years * 366 * 86_400_000);

describe('access log chain', () => {
  it('chains every read in its commune’s chain, from the API and from a 5,000-row insert, awkward values included', async () => {
    const cookie = await login(t.app, 'xa.daitu');
    const list = await t.app.inject({
      method: 'GET',
      url: `/api/communes/${daitu}/register/children?pageSize=200`,
      headers: { cookie },
    });
    expect(list.statusCode, list.body).toBe(200);
    const listed = (await chain(daitu)).length;
    expect(listed).toBeGreaterThanOrEqual(list.json().rows.length);
    expect(list.json().rows.length).toBeGreaterThan(100);

    // One statement of 5,000 rows, as an export batch writes them; and every kind of value the text must carry.
    await write(
      db,
      Array.from({ length: 5000 }, (_, i) => ({
        unit: others[0]!,
        action: i % 2 ? 'export' : 'denied',
        fields: ['identity', 'ghi chú, "ngoặc" | 5:x', 'Đại Từ 😀', `child:${i}`],
        ip: i % 3 ? '2001:db8::1' : null,
      })),
    );
    await write(db, [
      { unit: others[1]!, fields: [] },
      { unit: others[1]!, fields: ['{}', 'NULL', ''] },
    ]);

    const total = Number(
      (await sql<{ n: string }>`SELECT count(*)::text AS n FROM child_access_log`.execute(db)).rows[0]!.n,
    );
    const report = await verifyAccessLogChain(db, { pageSize: 777 }); // pages smaller than the log
    expect(report).toMatchObject({ log: 'child_access_log', intact: true, count: total, bridged: 0 });
    expect(report.chains.find((c) => c.chain === others[0])).toMatchObject({ intact: true, count: 5000 });
    expect(report.chains.find((c) => c.chain === daitu)).toMatchObject({
      intact: true,
      count: listed,
      name: 'Xã Đại Từ',
    });

    // Each commune's rows link in id order from 64 zeros, whatever else was written between them.
    for (const unit of [daitu, others[0]!, others[1]!]) {
      let prev = GENESIS_HASH;
      for (const row of await chain(unit)) {
        expect(row.prev_hash).toBe(prev);
        prev = row.hash;
      }
      expect(report.chains.find((c) => c.chain === unit)).toMatchObject({ headHash: prev });
    }
  });

  it('takes one lock per commune: two communes write at once, one commune’s writers wait for each other', async () => {
    const [a, b] = [others[2]!, others[3]!];
    const keys = await db.transaction().execute(async (trx) => {
      await write(trx, [{ unit: a }, { unit: a }, { unit: b }]);
      await write(trx, [{ unit: a }]);
      const locks = await sql<{ classid: number; objid: number }>`
        SELECT classid::bigint::integer AS classid, objid::bigint::integer AS objid FROM pg_locks
        WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND objsubid = 2 ORDER BY objid`.execute(trx);
      const table = (
        await sql<{ oid: number }>`SELECT 'child_access_log'::regclass::oid::bigint::integer AS oid`.execute(trx)
      ).rows[0]!.oid;
      return locks.rows.filter((l) => l.classid === table).map((l) => l.objid);
    });
    expect(keys).toEqual([a, b].sort((x, y) => x - y));

    if (t.database.kind === 'postgres') {
      // Several connections (PGlite has one): A holds commune a's chain open while B writes to commune b
      // and commits; C, in commune a, waits until A commits, and then follows A in the chain.
      let releaseA!: () => void;
      const aMayCommit = new Promise<void>((resolve) => (releaseA = resolve));
      let aWrote!: () => void;
      const aHasWritten = new Promise<void>((resolve) => (aWrote = resolve));
      const txA = db.transaction().execute(async (trx) => {
        const ids = await write(trx, [{ unit: a }, { unit: a }]);
        aWrote();
        await aMayCommit;
        return ids;
      });
      await aHasWritten;
      const timeout = (ms: number) =>
        new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms).unref());
      let cDone = false;
      let txC: Promise<string[]> | undefined;
      try {
        const txB = db.transaction().execute(async (trx) => {
          await write(trx, [{ unit: b }]);
          return 'committed' as const;
        });
        expect(await Promise.race([txB, timeout(10_000)])).toBe('committed');
        txC = db.transaction().execute(async (trx) => {
          const ids = await write(trx, [{ unit: a }]);
          cDone = true;
          return ids;
        });
        await timeout(500);
        expect(cDone).toBe(false);
      } finally {
        releaseA();
      }
      const [idsA, idsC] = [await txA, await txC!];
      const rows = await chain(a);
      const at = (id: string) => rows.findIndex((r) => r.id === id);
      expect(at(idsC[0]!)).toBe(at(idsA[1]!) + 1);
      expect(rows[at(idsC[0]!)]!.prev_hash).toBe(rows[at(idsA[1]!)]!.hash);
    } else {
      expect(t.database.kind).toBe('pglite');
    }

    // Many transactions of both communes at once still leave both chains intact.
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        db.transaction().execute((trx) =>
          write(
            trx,
            Array.from({ length: 30 }, () => ({ unit: i % 2 ? a : b })),
          ),
        ),
      ),
    );
    const report = await verifyAccessLogChain(db);
    expect(report.intact).toBe(true);
    expect(report.chains.filter((c) => c.chain === a || c.chain === b).map((c) => c.intact)).toEqual([true, true]);
  });

  it('keeps the chain when a savepoint is rolled back, and ignores an id or hashes a writer supplies', async () => {
    const unit = others[4]!;
    await db.transaction().execute(async (trx) => {
      await write(trx, [{ unit }, { unit }]);
      await sql`SAVEPOINT undone`.execute(trx);
      await write(trx, [{ unit }, { unit }]);
      await sql`ROLLBACK TO SAVEPOINT undone`.execute(trx);
      await write(trx, [{ unit }]);
    });
    const rows = await chain(unit);
    expect(rows).toHaveLength(3);
    expect(rows[2]!.prev_hash).toBe(rows[1]!.hash);

    const last = (await sql<{ id: string }>`SELECT max(id)::text AS id FROM child_access_log`.execute(db)).rows[0]!.id;
    const forged = await sql<{ id: string; prev_hash: string; hash: string }>`
      INSERT INTO child_access_log (id, user_id, unit_id, action, prev_hash, hash) VALUES (1, ${reader}, ${unit}, 'view', ${'f'.repeat(64)}, ${'e'.repeat(64)})
      RETURNING id::text AS id, prev_hash, hash`.execute(db);
    expect(BigInt(forged.rows[0]!.id)).toBeGreaterThan(BigInt(last));
    expect(forged.rows[0]!.prev_hash).toBe(rows[2]!.hash);
    expect(forged.rows[0]!.hash).not.toBe('e'.repeat(64));
    expect(await verifyAccessLogChain(db)).toMatchObject({ intact: true });
  });

  it('refuses UPDATE, DELETE and TRUNCATE through ordinary SQL, and DELETE of a recent read even with the retention setting', async () => {
    const before = (await chain(daitu)).length;
    await expect(sql`UPDATE child_access_log SET fields = '{}' WHERE unit_id = ${daitu}`.execute(db)).rejects.toThrow(
      /append-only: UPDATE is refused/,
    );
    await expect(sql`DELETE FROM child_access_log WHERE unit_id = ${daitu}`.execute(db)).rejects.toThrow(
      /không được sửa hay xoá \(DELETE\)/,
    );
    await expect(sql`TRUNCATE child_access_log`.execute(db)).rejects.toThrow(/append-only: TRUNCATE is refused/);
    await expect(db.deleteFrom('child_access_log').where('unit_id', '=', daitu).execute()).rejects.toThrow(
      /append-only/,
    );
    // The retention path deletes only reads older than a year, whatever cut-off a transaction claims.
    await expect(
      db.transaction().execute(async (trx) => {
        await sql`SELECT set_config('cfc.access_log_retention', ${new Date(Date.now() + 86_400_000).toISOString()}, true)`.execute(
          trx,
        );
        await trx.deleteFrom('child_access_log').where('unit_id', '=', daitu).execute();
      }),
    ).rejects.toThrow(/append-only: DELETE is refused/);
    // A deleted child would have rewritten its reads (ON DELETE SET NULL): now such a delete is refused.
    const actions = await sql<{ name: string; action: string }>`
      SELECT conname AS name, confdeltype AS action FROM pg_constraint
      WHERE conrelid = 'child_access_log'::regclass AND conname IN ('child_access_log_child_id_fkey', 'child_access_log_case_id_fkey') ORDER BY conname`.execute(
      db,
    );
    expect(actions.rows).toEqual([
      { name: 'child_access_log_case_id_fkey', action: 'a' },
      { name: 'child_access_log_child_id_fkey', action: 'a' },
    ]);
    expect((await chain(daitu)).length).toBe(before);
    expect(await verifyAccessLogChain(db)).toMatchObject({ intact: true });
  });

  it('lets the retention job delete the reads older than the period, and only those, and the chains still verify', async () => {
    const [kept, emptied] = [others[5]!, others[6]!];
    // Old reads first, then recent ones, and one old read written late, in the middle of the chain.
    await write(db, [
      { unit: kept, at: yearsAgo(7) },
      { unit: kept, at: yearsAgo(6) },
      { unit: kept, at: yearsAgo(6) },
    ]);
    const recent = await write(db, [{ unit: kept }, { unit: kept, at: yearsAgo(4) }]);
    await write(db, [{ unit: kept, at: yearsAgo(8) }]);
    recent.push(...(await write(db, [{ unit: kept }])));
    await write(db, [
      { unit: emptied, at: yearsAgo(9) },
      { unit: emptied, at: yearsAgo(6) },
    ]);
    const headsBefore = new Map((await verifyAccessLogChain(db)).chains.map((c) => [c.chain, c]));
    const keptBefore = await chain(kept);

    const summary = await runRetention(db, todayInVietnam());
    expect(summary.accessLog).toBe(6);
    expect((await chain(kept)).map((r) => r.id)).toEqual(recent);
    expect(await chain(emptied)).toEqual([]);
    // Nothing else was touched: every other chain keeps its rows and its head.
    const after = await verifyAccessLogChain(db);
    for (const c of after.chains.filter((x) => x.chain !== kept)) expect(c).toEqual(headsBefore.get(c.chain));

    // The deletion is in the audit log: per commune, how many, and each remaining read's vouched-for predecessor.
    const records = await db
      .selectFrom('audit_log')
      .select(['after', 'entity_id'])
      .where('action', '=', ACCESS_LOG_PRUNED)
      .execute();
    expect(records).toHaveLength(1);
    const record = records[0]!.after as PrunedRecord;
    expect(records[0]!.entity_id).toBe(todayInVietnam());
    expect(record.deleted).toEqual({ [kept]: 4, [emptied]: 2 });
    const before = (id: string) => keptBefore[keptBefore.findIndex((r) => r.id === id) - 1]!.hash;
    expect(record.links).toEqual([
      [kept, recent[0], before(recent[0]!)],
      [kept, recent[2], before(recent[2]!)],
    ]);

    expect(after).toMatchObject({ intact: true, bridged: 2 });
    expect(after.chains.find((c) => c.chain === kept)).toMatchObject({
      intact: true,
      count: 3,
      bridged: 2,
      headHash: keptBefore.at(-1)!.hash,
    });
    expect(await verifyAuditChain(db)).toMatchObject({ intact: true });

    // Both chains go on: the emptied one from 64 zeros, the other from its head; a second run finds nothing.
    await write(db, [{ unit: emptied }, { unit: kept }]);
    expect((await chain(emptied))[0]!.prev_hash).toBe(GENESIS_HASH);
    expect((await runRetention(db, todayInVietnam())).accessLog).toBe(0);
    expect(await verifyAccessLogChain(db)).toMatchObject({ intact: true, bridged: 2 });

    // The record vouches for those two links only: removing the first remaining read is found at the next one.
    await asOwner(sql`DELETE FROM child_access_log WHERE id = ${recent[0]!}::bigint`);
    const broken = await verifyAccessLogChain(db);
    expect(broken.chains.filter((c) => !c.intact)).toEqual([
      expect.objectContaining({ chain: kept, id: recent[1], problem: 'prev_hash' }),
    ]);
  });

  it('finds a changed read, a re-hashed one, a removed one and a forged one, in its commune’s chain only', async () => {
    const unit = others[7]!;
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      ids.push(...(await write(db, [{ unit, childId: null, fields: [`part:${i}`] }])));
      // Unused ids between the reads, where a forger could slip a row in.
      await sql`SELECT nextval('child_access_log_id_seq')`.execute(db);
    }
    const verdict = async () => {
      const report = await verifyAccessLogChain(db);
      expect(report.intact).toBe(false);
      const broken = report.chains.filter((c) => !c.intact && c.chain === unit);
      expect(broken).toHaveLength(1);
      // Every other commune's chain still verifies (the one the test above cut is left aside).
      for (const c of report.chains)
        if (c.chain !== unit && c.chain !== others[5]) expect(c.intact, String(c.chain)).toBe(true);
      return broken[0];
    };

    // A row inserted between two reads, well-formed and linked to the read before it: the read after it no longer follows.
    const forgedId = (BigInt(ids[1]!) + 1n).toString();
    await asOwner(
      sql`INSERT INTO child_access_log (id, at, user_id, unit_id, province_id, action, fields, prev_hash, hash)
          SELECT ${forgedId}::bigint, now(), ${reader}, ${unit}, province_id, 'view', '{identity}', hash, hash FROM child_access_log WHERE id = ${ids[1]!}::bigint`,
      'child_access_log_seal',
    );
    await asOwner(
      sql`UPDATE child_access_log l SET hash = child_access_log_hash(l.prev_hash, l) WHERE id = ${forgedId}::bigint`,
    );
    expect(await verdict()).toMatchObject({ id: ids[2], problem: 'prev_hash', count: 4 });
    await asOwner(sql`DELETE FROM child_access_log WHERE id = ${forgedId}::bigint`);
    expect(await verifyAccessLogChain(db)).toMatchObject({
      chains: expect.arrayContaining([expect.objectContaining({ chain: unit, intact: true })]),
    });

    // A changed read: its own hash no longer matches.
    await asOwner(sql`UPDATE child_access_log SET fields = '{identity,cases}' WHERE id = ${ids[3]!}::bigint`);
    expect(await verdict()).toMatchObject({ id: ids[3], problem: 'hash', count: 4 });
    // Re-hashed after the change: the next read's link breaks instead.
    await asOwner(
      sql`UPDATE child_access_log l SET hash = child_access_log_hash(l.prev_hash, l) WHERE id = ${ids[3]!}::bigint`,
    );
    expect(await verdict()).toMatchObject({ id: ids[4], problem: 'prev_hash' });
    // A read removed before those: found first, at the read after it.
    await asOwner(sql`DELETE FROM child_access_log WHERE id = ${ids[1]!}::bigint`);
    expect(await verdict()).toMatchObject({ id: ids[2], problem: 'prev_hash', count: 2 });
  });
});

/** A province, two communes and an account, by SQL: enough for reads to refer to. */
async function smallWorld(d: Kysely<Database>) {
  const province = (
    await sql<{
      id: number;
    }>`INSERT INTO unit (code, level, kind, name, source) VALUES ('99', 'province', 'tinh', 'Tỉnh Thử', 'test') RETURNING id`.execute(
      d,
    )
  ).rows[0]!.id;
  const [a, b] = await Promise.all(
    ['99001', '99002'].map(
      async (code, i) =>
        (
          await sql<{
            id: number;
          }>`INSERT INTO unit (code, level, kind, name, parent_id, source) VALUES (${code}, 'commune', 'xa', ${`Xã Thử ${i + 1}`}, ${province}, 'test') RETURNING id`.execute(
            d,
          )
        ).rows[0]!.id,
    ),
  );
  const user = await createUser(d, {
    username: `can.bo.${randomBytes(3).toString('hex')}`,
    password: 'Mật-khẩu-dài-2026!',
    fullName: 'Cán bộ',
    roles: [{ role: 'commune_officer', unitId: a! }],
    checkPolicy: false,
  });
  return { a: a!, b: b!, user };
}

describe('reads written before 0024', () => {
  let h: DatabaseHandle;
  beforeAll(async () => {
    h = await openTestDatabase({ migrated: false });
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  it('are chained by the migration, commune by commune in id order, and later reads follow them', async () => {
    await migrateUntil(h, '0024');
    const { a, b, user } = await smallWorld(h.db);
    for (let i = 0; i < 7; i++) {
      await sql`INSERT INTO child_access_log (user_id, unit_id, action, fields, ip) VALUES (${user}, ${i % 3 ? a : b}, 'view', ${`{identity,"lần ${i}"}`}::text[], ${i % 2 ? null : '10.0.0.1'})`.execute(
        h.db,
      );
    }
    expect(await migrate(h)).toContain('0024_access_log_chain');
    const rows = async (unit: number) =>
      (
        await sql<{
          prev_hash: string;
          hash: string;
        }>`SELECT prev_hash, hash FROM child_access_log WHERE unit_id = ${unit} ORDER BY child_access_log.id`.execute(
          h.db,
        )
      ).rows;
    for (const unit of [a, b]) {
      let prev = GENESIS_HASH;
      for (const r of await rows(unit)) {
        expect(r.prev_hash).toBe(prev);
        prev = r.hash;
      }
    }
    const report = await verifyAccessLogChain(h.db, { pageSize: 3 });
    expect(report).toMatchObject({ intact: true, count: 7 });
    expect(report.chains.map((c) => [c.chain, c.count, c.name])).toEqual([
      [a, 4, 'Xã Thử 1'],
      [b, 3, 'Xã Thử 2'],
    ]);
    const head = report.chains[0]!;
    if (!head.intact) throw new Error('chain a is broken');
    await sql`INSERT INTO child_access_log (user_id, unit_id, action) VALUES (${user}, ${a}, 'list')`.execute(h.db);
    expect((await rows(a)).at(-1)!.prev_hash).toBe(head.headHash);
    expect(await verifyAccessLogChain(h.db)).toMatchObject({ intact: true, count: 8 });
  });
});

describe('cfc audit verify, access log', () => {
  const { open, release, cfc: run } = useCliDatabase('cfc-access-');
  const cfc = () => run('audit', 'verify');

  it('reports each commune’s chain and exits 0 when intact; names the commune and the read and exits 1 when not', async () => {
    let h = await open();
    const { a, b, user } = await smallWorld(h.db);
    const insert = (unit: number) =>
      sql<{
        id: string;
      }>`INSERT INTO child_access_log (user_id, unit_id, action) VALUES (${user}, ${unit}, 'view') RETURNING id::text AS id`.execute(
        h.db,
      );
    const ids: string[] = [];
    for (const unit of [a, a, b, a]) ids.push((await insert(unit)).rows[0]!.id);
    await release(h);

    const ok = cfc();
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('Nhật ký kiểm toán nguyên vẹn');
    expect(ok.stdout).toContain(
      'Nhật ký truy cập hồ sơ trẻ em nguyên vẹn: 4 bản ghi, 2 chuỗi / Access log of children’s records intact: 4 entries in 2 chains',
    );
    expect(ok.stdout).toContain(`chuỗi xã / commune chain ${a} (Xã Thử 1): 3 bản ghi / entries`);
    expect(ok.stdout).toContain(`chuỗi xã / commune chain ${b} (Xã Thử 2): 1 bản ghi / entries`);

    h = await open();
    await sql`ALTER TABLE child_access_log DISABLE TRIGGER USER`.execute(h.db);
    await sql`UPDATE child_access_log SET action = 'list' WHERE id = ${ids[1]!}::bigint`.execute(h.db);
    await sql`ALTER TABLE child_access_log ENABLE TRIGGER USER`.execute(h.db);
    await release(h);

    const broken = cfc();
    expect(broken.status).toBe(1);
    expect(broken.stdout).toBe('');
    expect(broken.stderr).toContain('Access log of children’s records broken in 1 of 2 chains');
    expect(broken.stderr).toContain(
      `commune chain ${a} (Xã Thử 1): bị phá vỡ tại bản ghi id ${ids[1]} / broken at entry id ${ids[1]}`,
    );
    expect(broken.stderr).toContain('content does not match its stored hash');
    // The audit log is reported too, intact.
    expect(broken.stderr).toContain('Audit log intact');
  }, 120_000);
});
