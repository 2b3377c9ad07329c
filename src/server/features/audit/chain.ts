// Checks the hash chain of the audit log (migrations/0010_audit_chain.sql) by recomputing it here,
// page by page in id order, so a log of any length is checked in constant memory.
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** The prev_hash of the first row. */
export const GENESIS_HASH = '0'.repeat(64);

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
}

/** Same text as audit_log_canonical(): each field `<utf-8 bytes>:<text>` or `-`, joined by `|`. */
export function canonicalAuditText(r: AuditRowText): string {
  return [r.id, r.at, r.user_id, r.action, r.entity, r.entity_id, r.before, r.after, r.ip]
    .map((f) => (f === null ? '-' : `${Buffer.byteLength(f, 'utf8')}:${f}`))
    .join('|');
}

export function auditRowHash(prevHash: string, r: AuditRowText): string {
  return createHash('sha256').update(`${prevHash}\n${canonicalAuditText(r)}`, 'utf8').digest('hex');
}

export type ChainReport =
  | { intact: true; count: number; lastId: string | null; headHash: string }
  /** `problem` 'hash': the row's content or hash was changed; 'prev_hash': a row before it was removed, added or re-hashed. */
  | { intact: false; count: number; id: string; problem: 'hash' | 'prev_hash'; expected: string; actual: string };

interface StoredRow extends AuditRowText {
  prev_hash: string;
  hash: string;
}

/** Recomputes the whole chain; stops at the first broken link. `count` is the number of rows read. */
export async function verifyAuditChain(db: Kysely<Database>, options: { pageSize?: number } = {}): Promise<ChainReport> {
  const pageSize = options.pageSize ?? 5000;
  let prev = GENESIS_HASH;
  let lastId: string | null = null;
  let count = 0;
  for (;;) {
    const page = await sql<StoredRow>`
      SELECT id::text AS id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at,
             user_id::text AS user_id, action, entity, entity_id, before::text AS before, after::text AS after, ip,
             prev_hash, hash
      FROM audit_log
      WHERE ${lastId === null ? sql`true` : sql`audit_log.id > ${lastId}::bigint`}
      ORDER BY audit_log.id
      LIMIT ${pageSize}`.execute(db);
    for (const row of page.rows) {
      count++;
      if (row.prev_hash !== prev) return { intact: false, count, id: row.id, problem: 'prev_hash', expected: prev, actual: row.prev_hash };
      const expected = auditRowHash(prev, row);
      if (row.hash !== expected) return { intact: false, count, id: row.id, problem: 'hash', expected, actual: row.hash };
      prev = row.hash;
      lastId = row.id;
    }
    if (page.rows.length < pageSize) return { intact: true, count, lastId, headHash: prev };
  }
}

/** What `cfc audit verify` prints, in both languages (the first line is the verdict). */
export function describeChainReport(report: ChainReport): string {
  if (report.intact) {
    return `Nhật ký kiểm toán nguyên vẹn: ${report.count} bản ghi / Audit log intact: ${report.count} entries\nHash cuối / Head hash: ${report.headHash}`;
  }
  const what =
    report.problem === 'hash'
      ? 'nội dung không khớp hash đã lưu / content does not match its stored hash'
      : 'prev_hash không khớp hash của bản ghi trước / prev_hash does not match the previous entry’s hash';
  return `Chuỗi nhật ký kiểm toán bị phá vỡ tại bản ghi id ${report.id}: ${what} (mong đợi / expected ${report.expected}, có / found ${report.actual})`;
}
