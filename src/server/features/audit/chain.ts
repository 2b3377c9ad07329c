// Checks the hash chains of the audit log (migrations/0010_audit_chain.sql, 0019_audit_chains.sql) by
// recomputing them here, in one pass over the rows in id order, page by page, so a log of any length is
// checked in memory that grows only with the number of chains.
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** The prev_hash of the first row of the log (and of every chain when no row predates 0019). */
export const GENESIS_HASH = '0'.repeat(64);

/** The chain key of the national chain: actions that concern no province. */
export const NATIONAL_CHAIN = 0;

/**
 * A chain: a province's unit id, NATIONAL_CHAIN, or null for the single global chain of the rows
 * written before migration 0019 (kept as history, hashed as they were).
 */
export type ChainKey = number | null;

/** The fields of a row as the database renders them to text (null stays null). */
export interface AuditRowText {
  id: string;
  at: string;
  user_id: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  before: string | null;
  after: string | null;
  ip: string | null;
  /** The chain key as text; null on rows written before 0019, whose text has no 10th field. */
  chain: string | null;
}

/** Same text as audit_log_canonical(): each field `<utf-8 bytes>:<text>` or `-`, joined by `|`. */
export function canonicalAuditText(r: AuditRowText): string {
  const fields = [r.id, r.at, r.user_id, r.action, r.entity, r.entity_id, r.before, r.after, r.ip];
  if (r.chain !== null) fields.push(r.chain);
  return fields.map((f) => (f === null ? '-' : `${Buffer.byteLength(f, 'utf8')}:${f}`)).join('|');
}

export function auditRowHash(prevHash: string, r: AuditRowText): string {
  return createHash('sha256').update(`${prevHash}\n${canonicalAuditText(r)}`, 'utf8').digest('hex');
}

export type ChainStatus =
  | { chain: ChainKey; name: string | null; intact: true; count: number; lastId: string; headHash: string }
  /** `problem` 'hash': the row's content or hash was changed; 'prev_hash': a row before it in its chain was removed, added or re-hashed. */
  | { chain: ChainKey; name: string | null; intact: false; count: number; id: string; problem: 'hash' | 'prev_hash'; expected: string; actual: string };

export interface ChainReport {
  /** Every chain intact. */
  intact: boolean;
  /** Rows read. */
  count: number;
  /** Every chain found, the old global chain first, then by key; a broken chain stops at its first broken row. */
  chains: ChainStatus[];
}

interface StoredRow extends AuditRowText {
  prev_hash: string;
  hash: string;
}

interface ChainState {
  prev: string | null;
  count: number;
  lastId: string;
  broken: Extract<ChainStatus, { intact: false }> | null;
}

/** Recomputes every chain; for each, reports the first broken link or the head. */
export async function verifyAuditChain(db: Kysely<Database>, options: { pageSize?: number } = {}): Promise<ChainReport> {
  const pageSize = options.pageSize ?? 5000;
  const chains = new Map<ChainKey, ChainState>();
  // A chain's first row follows the last row of the old global chain written before it (0019's trigger).
  let legacyHead = GENESIS_HASH;
  let lastId: string | null = null;
  let count = 0;
  for (;;) {
    const page = await sql<StoredRow>`
      SELECT id::text AS id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at,
             user_id::text AS user_id, action, entity, entity_id, before::text AS before, after::text AS after, ip,
             chain::text AS chain, prev_hash, hash
      FROM audit_log
      WHERE ${lastId === null ? sql`true` : sql`audit_log.id > ${lastId}::bigint`}
      ORDER BY audit_log.id
      LIMIT ${pageSize}`.execute(db);
    for (const row of page.rows) {
      count++;
      lastId = row.id;
      const key: ChainKey = row.chain === null ? null : Number(row.chain);
      const state = chains.get(key) ?? { prev: null, count: 0, lastId: row.id, broken: null };
      chains.set(key, state);
      if (state.broken) continue;
      state.count++;
      const prev = state.prev ?? (key === null ? GENESIS_HASH : legacyHead);
      const fail = (problem: 'hash' | 'prev_hash', expected: string, actual: string) =>
        (state.broken = { chain: key, name: null, intact: false, count: state.count, id: row.id, problem, expected, actual });
      if (row.prev_hash !== prev) {
        fail('prev_hash', prev, row.prev_hash);
        continue;
      }
      const expected = auditRowHash(prev, row);
      if (row.hash !== expected) {
        fail('hash', expected, row.hash);
        continue;
      }
      state.prev = row.hash;
      state.lastId = row.id;
      if (key === null) legacyHead = row.hash;
    }
    if (page.rows.length < pageSize) break;
  }
  const names = await provinceNames(db, [...chains.keys()]);
  const statuses = [...chains.entries()]
    .sort(([a], [b]) => (a === null ? -1 : b === null ? 1 : a - b))
    .map(([key, s]): ChainStatus =>
      s.broken
        ? { ...s.broken, name: names.get(key) ?? null }
        : { chain: key, name: names.get(key) ?? null, intact: true, count: s.count, lastId: s.lastId, headHash: s.prev! },
    );
  return { intact: statuses.every((s) => s.intact), count, chains: statuses };
}

async function provinceNames(db: Kysely<Database>, keys: ChainKey[]): Promise<Map<ChainKey, string>> {
  const ids = keys.filter((k): k is number => k !== null && k !== NATIONAL_CHAIN);
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('unit').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** A chain's name in both languages. */
export function describeChain(s: Pick<ChainStatus, 'chain' | 'name'>): string {
  if (s.chain === null) return 'chuỗi chung trước 0019 / global chain before 0019';
  if (s.chain === NATIONAL_CHAIN) return 'chuỗi quốc gia / national chain (0)';
  return `chuỗi tỉnh / province chain ${s.chain}${s.name ? ` (${s.name})` : ''}`;
}

/** What `cfc audit verify` prints, in both languages: the verdict, then one line per chain. */
export function describeChainReport(report: ChainReport): string {
  const n = report.chains.length;
  const lines = report.intact
    ? [`Nhật ký kiểm toán nguyên vẹn: ${report.count} bản ghi, ${n} chuỗi / Audit log intact: ${report.count} entries in ${n} chain${n === 1 ? '' : 's'}`]
    : [
        `Nhật ký kiểm toán bị phá vỡ ở ${report.chains.filter((c) => !c.intact).length}/${n} chuỗi / Audit log broken in ${report.chains.filter((c) => !c.intact).length} of ${n} chains (${report.count} entries)`,
      ];
  for (const c of report.chains) {
    if (c.intact) {
      lines.push(`${describeChain(c)}: ${c.count} bản ghi / entries, hash cuối / head hash ${c.headHash} (id ${c.lastId})`);
      continue;
    }
    const what =
      c.problem === 'hash'
        ? 'nội dung không khớp hash đã lưu / content does not match its stored hash'
        : 'prev_hash không khớp hash của bản ghi trước trong chuỗi / prev_hash does not match the previous entry’s hash in its chain';
    lines.push(`${describeChain(c)}: bị phá vỡ tại bản ghi id ${c.id} / broken at entry id ${c.id}: ${what} (mong đợi / expected ${c.expected}, có / found ${c.actual})`);
  }
  return lines.join('\n');
}
