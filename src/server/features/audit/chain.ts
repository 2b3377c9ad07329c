// Checks hash chains by recomputing them here, in one pass over a log's rows in id order, page by page,
// so a log of any length is checked in memory that grows only with the number of chains. One mechanism
// serves both chained logs: the audit log (migrations/0010_audit_chain.sql, 0019_audit_chains.sql, a
// chain per province) and the read log of children's records (0024_access_log_chain.sql, a chain per
// commune, src/server/features/audit/access-log.ts).
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** The prev_hash of the first row of the log (and of every chain when no row predates 0019). */
export const GENESIS_HASH = '0'.repeat(64);

/** The chain key of the national chain: actions that concern no province. */
export const NATIONAL_CHAIN = 0;

/**
 * A chain: a province's unit id, NATIONAL_CHAIN, or null for the single global chain of the rows
 * written before migration 0019 (kept as history, hashed as they were); in the access log, a commune's id.
 */
export type ChainKey = number | null;

/** Same text as the SQL chain_field()/audit_log_canonical(): each field `<utf-8 bytes>:<text>` or `-`, joined by `|`. */
export function canonicalText(fields: readonly (string | null)[]): string {
  return fields.map((f) => (f === null ? '-' : `${Buffer.byteLength(f, 'utf8')}:${f}`)).join('|');
}

/** hash = hex SHA-256 of (prev_hash, newline, canonical text), for every chained log. */
export function chainHash(prevHash: string, fields: readonly (string | null)[]): string {
  return createHash('sha256')
    .update(`${prevHash}\n${canonicalText(fields)}`, 'utf8')
    .digest('hex');
}

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

const auditFields = (r: AuditRowText) => {
  const fields = [r.id, r.at, r.user_id, r.action, r.entity, r.entity_id, r.before, r.after, r.ip];
  if (r.chain !== null) fields.push(r.chain);
  return fields;
};

/** Same text as audit_log_canonical(). */
export function canonicalAuditText(r: AuditRowText): string {
  return canonicalText(auditFields(r));
}

export function auditRowHash(prevHash: string, r: AuditRowText): string {
  return chainHash(prevHash, auditFields(r));
}

/** A chained log: the audit log, or the read log of children's records. */
export type ChainedLog = 'audit_log' | 'child_access_log';

export type ChainStatus =
  | {
      chain: ChainKey;
      name: string | null;
      intact: true;
      count: number;
      lastId: string;
      headHash: string;
      bridged: number;
    }
  /** `problem` 'hash': the row's content or hash was changed; 'prev_hash': a row before it in its chain was removed, added or re-hashed. */
  | {
      chain: ChainKey;
      name: string | null;
      intact: false;
      count: number;
      id: string;
      problem: 'hash' | 'prev_hash';
      expected: string;
      actual: string;
      bridged: number;
    };

export interface ChainReport {
  log: ChainedLog;
  /** Every chain intact. */
  intact: boolean;
  /** Rows read. */
  count: number;
  /** Links across rows the retention job deleted, each vouched for by its audit record (access log only). */
  bridged: number;
  /** Every chain found, the old global chain first, then by key; a broken chain stops at its first broken row. */
  chains: ChainStatus[];
}

/** A row as the database renders it to text, with its stored hashes. */
export interface StoredChainRow {
  id: string;
  prev_hash: string;
  hash: string;
}

/** What the one verifier needs to know of a chained log. */
export interface ChainedLogSpec<R extends StoredChainRow> {
  log: ChainedLog;
  /** Up to `size` rows with an id above `afterId` (all when null), in id order. */
  page(db: Kysely<Database>, afterId: string | null, size: number): Promise<R[]>;
  key(row: R): ChainKey;
  /** The hashed fields, in the order of the SQL canonical text. */
  fields(row: R): (string | null)[];
  /** The prev_hash of a chain's first row. */
  start(key: ChainKey): string;
  /** Called for each row that verifies. */
  verified?(key: ChainKey, row: R): void;
  /** Whether a prev_hash that does not follow the chain's previous row is vouched for (rows deleted by retention). */
  bridged?(key: ChainKey, row: R): boolean;
  names(db: Kysely<Database>, keys: ChainKey[]): Promise<Map<ChainKey, string>>;
}

interface ChainState {
  prev: string | null;
  count: number;
  lastId: string;
  bridged: number;
  broken: Extract<ChainStatus, { intact: false }> | null;
}

/** Recomputes every chain of a log; for each, reports the first broken link or the head. */
export async function verifyChains<R extends StoredChainRow>(
  db: Kysely<Database>,
  spec: ChainedLogSpec<R>,
  options: { pageSize?: number } = {},
): Promise<ChainReport> {
  const pageSize = options.pageSize ?? 5000;
  const chains = new Map<ChainKey, ChainState>();
  let lastId: string | null = null;
  let count = 0;
  for (;;) {
    const page = await spec.page(db, lastId, pageSize);
    for (const row of page) {
      count++;
      lastId = row.id;
      const key = spec.key(row);
      const state = chains.get(key) ?? { prev: null, count: 0, lastId: row.id, bridged: 0, broken: null };
      chains.set(key, state);
      if (state.broken) continue;
      state.count++;
      let prev = state.prev ?? spec.start(key);
      const fail = (problem: 'hash' | 'prev_hash', expected: string, actual: string) =>
        (state.broken = {
          chain: key,
          name: null,
          intact: false,
          count: state.count,
          id: row.id,
          problem,
          expected,
          actual,
          bridged: state.bridged,
        });
      if (row.prev_hash !== prev) {
        if (!spec.bridged?.(key, row)) {
          fail('prev_hash', prev, row.prev_hash);
          continue;
        }
        state.bridged++;
        prev = row.prev_hash;
      }
      const expected = chainHash(prev, spec.fields(row));
      if (row.hash !== expected) {
        fail('hash', expected, row.hash);
        continue;
      }
      state.prev = row.hash;
      state.lastId = row.id;
      spec.verified?.(key, row);
    }
    if (page.length < pageSize) break;
  }
  const names = await spec.names(db, [...chains.keys()]);
  const statuses = [...chains.entries()]
    .sort(([a], [b]) => (a === null ? -1 : b === null ? 1 : a - b))
    .map(([key, s]): ChainStatus =>
      s.broken
        ? { ...s.broken, name: names.get(key) ?? null }
        : {
            chain: key,
            name: names.get(key) ?? null,
            intact: true,
            count: s.count,
            lastId: s.lastId,
            headHash: s.prev!,
            bridged: s.bridged,
          },
    );
  return {
    log: spec.log,
    intact: statuses.every((s) => s.intact),
    count,
    bridged: statuses.reduce((n, s) => n + s.bridged, 0),
    chains: statuses,
  };
}

interface StoredAuditRow extends AuditRowText, StoredChainRow {}

/** Recomputes every chain of the audit log. */
export async function verifyAuditChain(
  db: Kysely<Database>,
  options: { pageSize?: number } = {},
): Promise<ChainReport> {
  // A chain's first row follows the last row of the old global chain written before it (0019's trigger).
  let legacyHead = GENESIS_HASH;
  return verifyChains<StoredAuditRow>(
    db,
    {
      log: 'audit_log',
      page: async (d, afterId, size) =>
        (
          await sql<StoredAuditRow>`
            SELECT id::text AS id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at,
                   user_id::text AS user_id, action, entity, entity_id, before::text AS before, after::text AS after, ip,
                   chain::text AS chain, prev_hash, hash
            FROM audit_log
            WHERE ${afterId === null ? sql`true` : sql`audit_log.id > ${afterId}::bigint`}
            ORDER BY audit_log.id
            LIMIT ${size}`.execute(d)
        ).rows,
      key: (row) => (row.chain === null ? null : Number(row.chain)),
      fields: auditFields,
      start: (key) => (key === null ? GENESIS_HASH : legacyHead),
      verified: (key, row) => {
        if (key === null) legacyHead = row.hash;
      },
      names: (d, keys) =>
        unitNames(
          d,
          keys.filter((k) => k !== NATIONAL_CHAIN),
        ),
    },
    options,
  );
}

/** Names of the units that key chains (provinces in the audit log, communes in the access log). */
export async function unitNames(db: Kysely<Database>, keys: ChainKey[]): Promise<Map<ChainKey, string>> {
  const ids = keys.filter((k): k is number => k !== null);
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('unit').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** How each log and its chains are named, in both languages. */
const WORDING: Record<
  ChainedLog,
  { title: [vi: string, en: string]; chain(s: Pick<ChainStatus, 'chain' | 'name'>): string }
> = {
  audit_log: {
    title: ['Nhật ký kiểm toán', 'Audit log'],
    chain: (s) => {
      if (s.chain === null) return 'chuỗi chung trước 0019 / global chain before 0019';
      if (s.chain === NATIONAL_CHAIN) return 'chuỗi quốc gia / national chain (0)';
      return `chuỗi tỉnh / province chain ${s.chain}${s.name ? ` (${s.name})` : ''}`;
    },
  },
  child_access_log: {
    title: ['Nhật ký truy cập hồ sơ trẻ em', 'Access log of children’s records'],
    chain: (s) => `chuỗi xã / commune chain ${s.chain}${s.name ? ` (${s.name})` : ''}`,
  },
};

/** What `cfc audit verify` prints for a log, in both languages: the verdict, then one line per chain, broken chains first. */
export function describeChainReport(report: ChainReport): string {
  const words = WORDING[report.log];
  const [vi, en] = words.title;
  const n = report.chains.length;
  const broken = report.chains.filter((c) => !c.intact);
  const bridged = report.bridged
    ? `; ${report.bridged} chỗ nối qua dòng đã xoá theo thời hạn lưu trữ / ${report.bridged} links across rows deleted by retention`
    : '';
  const lines = report.intact
    ? [
        `${vi} nguyên vẹn: ${report.count} bản ghi, ${n} chuỗi / ${en} intact: ${report.count} entries in ${n} chain${n === 1 ? '' : 's'}${bridged}`,
      ]
    : [
        `${vi} bị phá vỡ ở ${broken.length}/${n} chuỗi / ${en} broken in ${broken.length} of ${n} chains (${report.count} entries)`,
      ];
  for (const c of [...broken, ...report.chains.filter((c) => c.intact)]) {
    if (c.intact) {
      lines.push(
        `${words.chain(c)}: ${c.count} bản ghi / entries, hash cuối / head hash ${c.headHash} (id ${c.lastId})`,
      );
      continue;
    }
    const what =
      c.problem === 'hash'
        ? 'nội dung không khớp hash đã lưu / content does not match its stored hash'
        : 'prev_hash không khớp hash của bản ghi trước trong chuỗi / prev_hash does not match the previous entry’s hash in its chain';
    lines.push(
      `${words.chain(c)}: bị phá vỡ tại bản ghi id ${c.id} / broken at entry id ${c.id}: ${what} (mong đợi / expected ${c.expected}, có / found ${c.actual})`,
    );
  }
  return lines.join('\n');
}
