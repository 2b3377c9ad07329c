// The read log of children's records is chained like the audit log, one chain per commune
// (migrations/0024_access_log_chain.sql): this file verifies those chains with the audit log's verifier,
// and is the one path that deletes reads, for the retention job.
//
// Why deletion needs a record: a remaining read whose predecessor was deleted carries that
// predecessor's hash as prev_hash, which nothing left in the chain can vouch for. The job writes, in the
// same transaction as the deletion, one audit row (hash-chained itself) listing for each such read its
// commune, its id and the hash of the deleted read before it; the verifier accepts a prev_hash that
// does not follow the chain only when it is exactly that. Anything else missing is still found.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { writeAudit } from './audit.ts';
import { GENESIS_HASH, unitNames, verifyChains, type ChainReport, type StoredChainRow } from './chain.ts';

/** The audit action of a retention deletion of reads; entity 'privacy' (national chain), entity_id the job's day. */
export const ACCESS_LOG_PRUNED = 'access_log_pruned';

/** What the audit row of a deletion holds. */
export interface PrunedRecord {
  /** Reads older than this were deleted (ISO instant). */
  cutoff: string;
  /** Reads deleted, by commune id. */
  deleted: Record<string, number>;
  /** [commune id, id of the first remaining read after deleted ones, hash of the deleted read before it]. */
  links: [number, string, string][];
}

/** Communes whose chains one transaction prunes: their writers wait for it, the rest of the country does not. */
const CHAINS_PER_TRANSACTION = 200;

/**
 * Deletes every read older than `cutoff` through the sanctioned path of 0024's trigger, a batch of
 * communes per transaction, and records each batch in the audit log. Returns the number deleted.
 */
export async function pruneAccessLog(
  db: Kysely<Database>,
  cutoff: Date,
  day: string,
  userId: number | null,
): Promise<number> {
  const units = await sql<{ id: number }>`
    SELECT u.id FROM unit u WHERE EXISTS (SELECT 1 FROM child_access_log l WHERE l.unit_id = u.id AND l.at < ${cutoff}) ORDER BY u.id`.execute(
    db,
  );
  let total = 0;
  for (let i = 0; i < units.rows.length; i += CHAINS_PER_TRANSACTION) {
    const batch = units.rows.slice(i, i + CHAINS_PER_TRANSACTION).map((u) => u.id);
    total += await db.transaction().execute(async (trx) => {
      await sql`SELECT set_config('cfc.access_log_retention', ${cutoff.toISOString()}, true)`.execute(trx);
      // The writers' locks (the insert trigger's), so that no read joins these chains while they are cut.
      await sql`SELECT child_access_log_lock(${batch}::integer[])`.execute(trx);
      // Each deleted read that a remaining one follows: the remaining read's prev_hash is its hash.
      const links = await sql<{ unit: number; next: string; hash: string }>`
        SELECT g.unit_id AS unit, s.id::text AS next, g.hash
        FROM child_access_log g
        CROSS JOIN LATERAL (SELECT n.id, n.at FROM child_access_log n WHERE n.unit_id = g.unit_id AND n.id > g.id ORDER BY n.id LIMIT 1) s
        WHERE g.unit_id = ANY(${batch}::integer[]) AND g.at < ${cutoff} AND s.at >= ${cutoff}
        ORDER BY s.id`.execute(trx);
      const deleted = await sql<{ unit: number; n: string }>`
        WITH gone AS (DELETE FROM child_access_log WHERE unit_id = ANY(${batch}::integer[]) AND at < ${cutoff} RETURNING unit_id)
        SELECT unit_id AS unit, count(*)::text AS n FROM gone GROUP BY unit_id ORDER BY unit_id`.execute(trx);
      const record: PrunedRecord = {
        cutoff: cutoff.toISOString(),
        deleted: Object.fromEntries(deleted.rows.map((r) => [String(r.unit), Number(r.n)])),
        links: links.rows.map((l) => [l.unit, l.next, l.hash]),
      };
      await writeAudit(trx, { userId, action: ACCESS_LOG_PRUNED, entity: 'privacy', entityId: day, after: record });
      return deleted.rows.reduce((n, r) => n + Number(r.n), 0);
    });
  }
  return total;
}

/** The links the retention job vouched for that may still be needed: those to reads not deleted since. */
async function retentionLinks(db: Kysely<Database>): Promise<Map<string, string>> {
  const links = new Map<string, string>();
  const first = (await sql<{ id: string | null }>`SELECT min(id)::text AS id FROM child_access_log`.execute(db))
    .rows[0]!.id;
  if (first === null) return links;
  const records = await sql<{ after: string }>`
    SELECT after::text AS after FROM audit_log WHERE entity = 'privacy' AND action = ${ACCESS_LOG_PRUNED} ORDER BY id`.execute(
    db,
  );
  for (const r of records.rows) {
    const record = JSON.parse(r.after) as PrunedRecord;
    for (const [unit, next, hash] of record.links ?? [])
      if (BigInt(next) >= BigInt(first)) links.set(`${unit}:${next}`, hash);
  }
  return links;
}

interface StoredRead extends StoredChainRow {
  at: string;
  user_id: string;
  unit_id: string;
  province_id: string;
  child_id: string | null;
  case_id: string | null;
  action: string;
  fields: string;
  ip: string | null;
}

/** Recomputes every commune's chain of the read log (the fields of child_access_log_canonical(), in its order). */
export async function verifyAccessLogChain(
  db: Kysely<Database>,
  options: { pageSize?: number } = {},
): Promise<ChainReport> {
  const links = await retentionLinks(db);
  return verifyChains<StoredRead>(
    db,
    {
      log: 'child_access_log',
      page: async (d, afterId, size) =>
        (
          await sql<StoredRead>`
            SELECT id::text AS id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at,
                   user_id::text AS user_id, unit_id::text AS unit_id, province_id::text AS province_id,
                   child_id::text AS child_id, case_id::text AS case_id, action, fields::text AS fields, ip, prev_hash, hash
            FROM child_access_log
            WHERE ${afterId === null ? sql`true` : sql`child_access_log.id > ${afterId}::bigint`}
            ORDER BY child_access_log.id
            LIMIT ${size}`.execute(d)
        ).rows,
      key: (row) => Number(row.unit_id),
      fields: (r) => [r.id, r.at, r.user_id, r.unit_id, r.province_id, r.child_id, r.case_id, r.action, r.fields, r.ip],
      start: () => GENESIS_HASH,
      bridged: (key, row) => links.get(`${key}:${row.id}`) === row.prev_hash,
      names: unitNames,
    },
    options,
  );
}
