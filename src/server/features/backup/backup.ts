// `cfc backup` / `cfc restore`: a logical backup that reads and writes the same on PGlite and PostgreSQL.
// The archive is gzip of JSON lines:
//   1. a header: format, version, created at, the applied migrations, every table with its columns and
//      row count, the sequences;
//   2. per table, in foreign-key order: `{"table":name,"rows":n}`, then n lines, each a JSON array with
//      every column as PostgreSQL's text form or null (what COPY text carries, so jsonb null ≠ SQL null);
//   3. per evidence file: `{"file":key,"bytes":n}`, then one line of base64;
//   4. a trailer `{"end":true,...}`, so a cut-off archive is refused.
// The archive holds the whole register: it is written readable by its owner only (0600), in a directory
// the backup creates readable by its owner only (0700); docs/security.md says where to keep it.
import { readdir } from 'node:fs/promises';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DatabaseHandle } from '../../db/database.ts';
import { migrate, migrationsDir } from '../../db/migrate.ts';
import type { Database } from '../../db/schema.ts';
import { verifyAccessLogChain } from '../audit/index.ts';
import { verifyAuditChain, type ChainReport } from '../audit/index.ts';
import type { FileStore } from '../evidence/index.ts';

export const BACKUP_FORMAT = 'cfc-backup';
export const BACKUP_VERSION = 1;

type Db = Kysely<Database>;

export interface TableHeader {
  name: string;
  columns: { name: string; type: string }[];
  rows: number;
}

export interface SequenceHeader {
  name: string;
  /** The column whose max the sequence is reset to on restore; null for a free-standing sequence. */
  ownedBy: { table: string; column: string } | null;
  lastValue: string;
  isCalled: boolean;
}

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  databaseKind: DatabaseHandle['kind'];
  schemaMigrations: string[];
  tables: TableHeader[];
  sequences: SequenceHeader[];
  /** Evidence files referenced by the data (storage keys), whether or not found on disk. */
  fileKeys: number;
}

interface Trailer {
  end: true;
  files: number;
  missingFiles: string[];
}

export interface BackupSummary {
  tables: number;
  rows: number;
  files: number;
  missingFiles: string[];
}

export interface RestoreSummary {
  tables: number;
  rows: number;
  files: number;
  /** The audit log's chains after the restore. */
  chain: ChainReport;
  /** The read log's chains after the restore. */
  accessLog: ChainReport;
}

/** A refusal or a damaged archive, with a message in both languages. */
export class BackupError extends Error {}

interface TableInfo {
  name: string;
  columns: { name: string; type: string }[];
  primaryKey: string[];
}

const FETCH = 2000;
const BATCH_ROWS = 1000;
const BATCH_BYTES = 4 << 20;

// Text forms that read back the same whatever the server's defaults are.
async function fixTextForms(trx: Transaction<Database>) {
  await sql`SET LOCAL TimeZone = 'UTC'`.execute(trx);
  await sql`SET LOCAL DateStyle = 'ISO, YMD'`.execute(trx);
  await sql`SET LOCAL IntervalStyle = 'postgres'`.execute(trx);
  await sql`SET LOCAL extra_float_digits = 3`.execute(trx);
  await sql`SET LOCAL bytea_output = 'hex'`.execute(trx);
}

const SCHEMA_OID = sql`(SELECT oid FROM pg_namespace WHERE nspname = current_schema())`;

// Not data: the migration ledger, and the dashboards' change counters (0021), which only key an in-memory cache.
const NOT_BACKED_UP = ['schema_migration', 'dashboard_epoch'];

/** The tables of the current schema (see NOT_BACKED_UP) with their stored columns, parents before children. */
export async function listTables(db: Db | Transaction<Database>): Promise<TableInfo[]> {
  const cols = await sql<{ table: string; name: string; type: string }>`
    SELECT c.relname AS table, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
    WHERE c.relnamespace = ${SCHEMA_OID} AND c.relkind IN ('r', 'p') AND NOT c.relispartition
      AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '' AND c.relname::text <> ALL(${NOT_BACKED_UP}::text[])
    ORDER BY c.relname, a.attnum`.execute(db);
  const pks = await sql<{ table: string; name: string }>`
    SELECT c.relname AS table, a.attname AS name
    FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
    CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
    WHERE i.indisprimary AND c.relnamespace = ${SCHEMA_OID}
    ORDER BY c.relname, k.ord`.execute(db);
  const fks = await sql<{ child: string; parent: string }>`
    SELECT DISTINCT ch.relname AS child, pa.relname AS parent
    FROM pg_constraint k JOIN pg_class ch ON ch.oid = k.conrelid JOIN pg_class pa ON pa.oid = k.confrelid
    WHERE k.contype = 'f' AND ch.relnamespace = ${SCHEMA_OID} AND pa.relnamespace = ${SCHEMA_OID}`.execute(db);
  const tables = new Map<string, TableInfo>();
  for (const c of cols.rows) {
    let t = tables.get(c.table);
    if (!t) tables.set(c.table, (t = { name: c.table, columns: [], primaryKey: [] }));
    t.columns.push({ name: c.name, type: c.type });
  }
  for (const k of pks.rows) tables.get(k.table)?.primaryKey.push(k.name);
  // Kahn's order, alphabetical among equals; a self-reference does not count, a cycle goes last.
  const parents = new Map([...tables.keys()].map((n) => [n, new Set<string>()]));
  for (const { child, parent } of fks.rows) if (child !== parent && tables.has(parent)) parents.get(child)?.add(parent);
  const ordered: TableInfo[] = [];
  const remaining = new Set([...tables.keys()].sort());
  while (remaining.size) {
    const ready = [...remaining].filter((n) => [...parents.get(n)!].every((p) => !remaining.has(p)));
    for (const n of ready.length ? ready : [...remaining]) {
      ordered.push(tables.get(n)!);
      remaining.delete(n);
    }
  }
  return ordered;
}

async function listSequences(db: Db | Transaction<Database>) {
  const rows = await sql<{ name: string; table: string | null; column: string | null }>`
    SELECT s.relname AS name, t.relname AS table, a.attname AS column
    FROM pg_class s
    LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.oid AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
    LEFT JOIN pg_class t ON t.oid = d.refobjid
    LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
    WHERE s.relkind = 'S' AND s.relnamespace = ${SCHEMA_OID}
    ORDER BY s.relname`.execute(db);
  return rows.rows;
}

const rowsExpr = (t: TableInfo) =>
  sql`to_jsonb(ARRAY[${sql.join(t.columns.map((c) => sql`${sql.ref(c.name)}::text`))}]::text[])::text`;

/** Owner-only modes of what a backup creates (umask can only narrow them). */
export const BACKUP_FILE_MODE = 0o600;
export const BACKUP_DIR_MODE = 0o700;

/** Writes the archive to `file` (through a temporary file, renamed at the end). `files: null` leaves evidence files out. */
export async function backupDatabase(
  handle: DatabaseHandle,
  file: string,
  options: { files?: FileStore | null } = {},
): Promise<BackupSummary> {
  const temp = `${file}.${process.pid}.tmp`;
  const summary: BackupSummary = { tables: 0, rows: 0, files: 0, missingFiles: [] };
  // Missing directories are created owner-only; an existing directory keeps the mode its owner chose.
  await mkdir(path.dirname(path.resolve(file)), { recursive: true, mode: BACKUP_DIR_MODE });
  try {
    // One repeatable-read snapshot: every table as of the same instant.
    await handle.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
        await sql`SET TRANSACTION READ ONLY`.execute(trx);
        await fixTextForms(trx);
        const tables = await listTables(trx);
        const migrations = await sql<{ name: string }>`SELECT name FROM schema_migration ORDER BY name`.execute(trx);
        const tableHeaders: TableHeader[] = [];
        for (const t of tables) {
          const n = await sql<{ n: string }>`SELECT count(*)::text AS n FROM ${sql.table(t.name)}`.execute(trx);
          tableHeaders.push({ name: t.name, columns: t.columns, rows: Number(n.rows[0]!.n) });
        }
        const sequences: SequenceHeader[] = [];
        for (const s of await listSequences(trx)) {
          const v = await sql<{
            last_value: string;
            is_called: boolean;
          }>`SELECT last_value::text AS last_value, is_called FROM ${sql.table(s.name)}`.execute(trx);
          sequences.push({
            name: s.name,
            ownedBy: s.table && s.column ? { table: s.table, column: s.column } : null,
            lastValue: v.rows[0]!.last_value,
            isCalled: v.rows[0]!.is_called,
          });
        }
        const keys = options.files === null ? [] : await storageKeys(trx, tables);
        const header: BackupHeader = {
          format: BACKUP_FORMAT,
          version: BACKUP_VERSION,
          createdAt: new Date().toISOString(),
          databaseKind: handle.kind,
          schemaMigrations: migrations.rows.map((r) => r.name),
          tables: tableHeaders,
          sequences,
          fileKeys: keys.length,
        };
        async function* lines(): AsyncGenerator<string> {
          yield JSON.stringify(header) + '\n';
          for (const [i, t] of tables.entries()) {
            yield JSON.stringify({ table: t.name, rows: tableHeaders[i]!.rows }) + '\n';
            const order = t.primaryKey.length
              ? sql`ORDER BY ${sql.join(t.primaryKey.map((k) => sql.ref(`${t.name}.${k}`)))}`
              : sql``;
            await sql`DECLARE cfc_backup NO SCROLL CURSOR FOR SELECT ${rowsExpr(t)} AS r FROM ${sql.table(t.name)} ${order}`.execute(
              trx,
            );
            let written = 0;
            for (;;) {
              const page = await sql<{ r: string }>`FETCH ${sql.raw(String(FETCH))} FROM cfc_backup`.execute(trx);
              if (!page.rows.length) break;
              written += page.rows.length;
              yield page.rows.map((r) => r.r).join('\n') + '\n';
            }
            await sql`CLOSE cfc_backup`.execute(trx);
            if (written !== tableHeaders[i]!.rows)
              throw new BackupError(
                `Bảng ${t.name} đổi số dòng khi sao lưu / table ${t.name} changed during the backup`,
              );
            summary.tables++;
            summary.rows += written;
          }
          for (const key of keys) {
            let data: Buffer;
            try {
              data = await options.files!.get(key);
            } catch (error) {
              if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
              summary.missingFiles.push(key);
              continue;
            }
            yield JSON.stringify({ file: key, bytes: data.length }) + '\n' + data.toString('base64') + '\n';
            summary.files++;
          }
          const trailer: Trailer = { end: true, files: summary.files, missingFiles: summary.missingFiles };
          yield JSON.stringify(trailer) + '\n';
        }
        await pipeline(
          Readable.from(lines()),
          createGzip(),
          createWriteStream(temp, { flags: 'wx', mode: BACKUP_FILE_MODE }),
        );
      });
    await rename(temp, file);
    return summary;
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}

/** Storage keys of the evidence files the data refers to (every `storage_key` column). */
async function storageKeys(trx: Transaction<Database>, tables: TableInfo[]): Promise<string[]> {
  const keys: string[] = [];
  for (const t of tables.filter((t) => t.columns.some((c) => c.name === 'storage_key'))) {
    const rows = await sql<{
      k: string;
    }>`SELECT DISTINCT storage_key AS k FROM ${sql.table(t.name)} WHERE storage_key IS NOT NULL ORDER BY 1`.execute(
      trx,
    );
    keys.push(...rows.rows.map((r) => r.k));
  }
  return [...new Set(keys)];
}

/** Line reader over the gunzipped archive; `next()` fails on a cut-off archive. */
function archiveReader(file: string) {
  const raw = createReadStream(file);
  const input = raw.pipe(createGunzip());
  raw.on('error', (error) => input.destroy(error));
  const lines = createInterface({ input, crlfDelay: Infinity })[Symbol.asyncIterator]();
  let failure: Error | null = null;
  input.on('error', (error) => {
    failure = error;
  });
  return {
    async next(what: string): Promise<string> {
      let r: IteratorResult<string> | null = null;
      try {
        r = await lines.next();
      } catch (error) {
        failure = error as Error;
      }
      if (failure) {
        const detail = (failure as Error).message;
        if ((failure as NodeJS.ErrnoException).code === 'ENOENT')
          throw new BackupError(`Không đọc được tệp / cannot read the file: ${detail}`);
        throw new BackupError(`Tệp sao lưu hỏng (${what}) / the backup file is damaged (${what}): ${detail}`);
      }
      if (!r || r.done)
        throw new BackupError(`Tệp sao lưu bị cắt cụt (thiếu ${what}) / the backup file is cut off (missing ${what})`);
      return r.value;
    },
    close() {
      input.destroy();
    },
  };
}

function parseLine<T>(line: string, what: string): T {
  try {
    return JSON.parse(line) as T;
  } catch {
    throw new BackupError(`Tệp sao lưu hỏng tại ${what} / the backup file is damaged at ${what}`);
  }
}

/** The header of an archive, checked to be one this version reads. */
export async function readBackupHeader(file: string): Promise<BackupHeader> {
  const reader = archiveReader(file);
  try {
    return checkHeader(await reader.next('header'));
  } finally {
    reader.close();
  }
}

function checkHeader(line: string): BackupHeader {
  const header = parseLine<BackupHeader>(line, 'header');
  if (header?.format !== BACKUP_FORMAT)
    throw new BackupError('Tệp này không phải bản sao lưu cfc / this file is not a cfc backup');
  if (header.version !== BACKUP_VERSION)
    throw new BackupError(
      `Phiên bản định dạng ${header.version} không đọc được (chỉ ${BACKUP_VERSION}) / backup format version ${header.version} is not supported (only ${BACKUP_VERSION})`,
    );
  return header;
}

/** Tables of the current schema holding rows (NOT_BACKED_UP aside). */
async function nonEmptyTables(db: Db): Promise<string[]> {
  const found: string[] = [];
  for (const t of await listTables(db)) {
    const r = await sql<{ any: boolean }>`SELECT EXISTS (SELECT 1 FROM ${sql.table(t.name)}) AS any`.execute(db);
    if (r.rows[0]!.any) found.push(t.name);
  }
  return found;
}

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Loads an archive into an empty database: migrates it, checks that the archive was made at the same
 * migrations, loads every table in one transaction with triggers and foreign-key checks off (rows are
 * loaded as they were, hashes included), resets the sequences, writes the evidence files to `files`,
 * and finally recomputes the chains of the audit log and of the read log.
 */
export async function restoreDatabase(
  handle: DatabaseHandle,
  file: string,
  options: { files?: FileStore | null } = {},
): Promise<RestoreSummary> {
  const reader = archiveReader(file);
  try {
    const header = checkHeader(await reader.next('header'));
    const filled = await nonEmptyTables(handle.db);
    if (filled.length) {
      throw new BackupError(
        `Cơ sở dữ liệu đích không trống (có dữ liệu trong: ${filled.join(', ')}); chỉ khôi phục vào cơ sở dữ liệu mới / ` +
          `the target database is not empty (rows in: ${filled.join(', ')}); restore only into a new, empty database`,
      );
    }
    const known = (await readdir(migrationsDir))
      .filter((f) => f.endsWith('.sql'))
      .map((f) => f.replace(/\.sql$/, ''))
      .sort();
    const archived = [...header.schemaMigrations].sort();
    if (!sameList(known, archived)) {
      const onlyArchive = archived.filter((m) => !known.includes(m));
      const onlyHere = known.filter((m) => !archived.includes(m));
      throw new BackupError(
        `Bản sao lưu được tạo ở phiên bản cơ sở dữ liệu khác; hãy khôi phục bằng đúng phiên bản phần mềm đã sao lưu / ` +
          `the backup was made at other migrations; restore it with the software version that made it ` +
          `(only in the backup: ${onlyArchive.join(', ') || '—'}; only here: ${onlyHere.join(', ') || '—'})`,
      );
    }
    await migrate(handle);

    const tables = new Map((await listTables(handle.db)).map((t) => [t.name, t]));
    for (const th of header.tables) {
      const target = tables.get(th.name);
      const want = th.columns.map((c) => `${c.name} ${c.type}`).join(', ');
      if (!target || target.columns.map((c) => `${c.name} ${c.type}`).join(', ') !== want) {
        throw new BackupError(
          `Bảng ${th.name} khác giữa bản sao lưu và cơ sở dữ liệu / table ${th.name} differs between the backup and the database`,
        );
      }
    }
    const missing = [...tables.keys()].filter((n) => !header.tables.some((t) => t.name === n));
    if (missing.length)
      throw new BackupError(
        `Bản sao lưu thiếu bảng: ${missing.join(', ')} / the backup lacks tables: ${missing.join(', ')}`,
      );

    const summary = await handle.db.transaction().execute(async (trx) => {
      await fixTextForms(trx);
      try {
        // Triggers would re-chain audit rows and refill keys, and foreign keys would need a load order
        // that self-references break: replica mode loads the rows exactly as they were.
        await sql`SET LOCAL session_replication_role = replica`.execute(trx);
      } catch (error) {
        throw new BackupError(
          `Cần quyền đặt session_replication_role (superuser, hoặc GRANT SET ON PARAMETER session_replication_role) để khôi phục / ` +
            `restoring needs the right to set session_replication_role (a superuser, or GRANT SET ON PARAMETER session_replication_role): ${(error as Error).message}`,
        );
      }
      let rows = 0;
      for (const th of header.tables) {
        const marker = parseLine<{ table: string; rows: number }>(
          await reader.next(`table ${th.name}`),
          `table ${th.name}`,
        );
        if (marker.table !== th.name || marker.rows !== th.rows)
          throw new BackupError(
            `Tệp sao lưu hỏng tại bảng ${th.name} / the backup file is damaged at table ${th.name}`,
          );
        const insert = insertRows(trx, tables.get(th.name)!);
        let batch: string[] = [];
        let bytes = 0;
        for (let i = 0; i < th.rows; i++) {
          const line = await reader.next(`row ${i + 1} of ${th.name}`);
          batch.push(line);
          bytes += line.length;
          if (batch.length >= BATCH_ROWS || bytes >= BATCH_BYTES) {
            await insert(batch);
            batch = [];
            bytes = 0;
          }
        }
        if (batch.length) await insert(batch);
        const n = await sql<{ n: string }>`SELECT count(*)::text AS n FROM ${sql.table(th.name)}`.execute(trx);
        if (Number(n.rows[0]!.n) !== th.rows)
          throw new BackupError(
            `Bảng ${th.name}: nạp ${n.rows[0]!.n} dòng, bản sao lưu có ${th.rows} / table ${th.name}: loaded ${n.rows[0]!.n} rows, the backup holds ${th.rows}`,
          );
        rows += th.rows;
      }
      await resetSequences(trx, header.sequences);

      let files = 0;
      for (;;) {
        const line = parseLine<{ file?: string; bytes?: number } & Partial<Trailer>>(
          await reader.next('trailer'),
          'trailer',
        );
        if (line.end) break;
        if (typeof line.file !== 'string')
          throw new BackupError(
            'Tệp sao lưu hỏng ở phần tệp minh chứng / the backup file is damaged in the evidence files',
          );
        const data = Buffer.from(await reader.next(`file ${line.file}`), 'base64');
        if (data.length !== line.bytes)
          throw new BackupError(`Tệp minh chứng ${line.file} hỏng / evidence file ${line.file} is damaged`);
        if (options.files) await options.files.put(line.file, data);
        files++;
      }
      return { tables: header.tables.length, rows, files };
    });
    return { ...summary, chain: await verifyAuditChain(handle.db), accessLog: await verifyAccessLogChain(handle.db) };
  } finally {
    reader.close();
  }
}

// Column text back to its type, in the target's own types (never type names read from the archive).
function insertRows(trx: Transaction<Database>, table: TableInfo) {
  const columns = sql.join(table.columns.map((c) => sql.ref(c.name)));
  const values = sql.join(table.columns.map((c, i) => sql`(r ->> ${sql.lit(i)})::${sql.raw(c.type)}`));
  return async (lines: string[]) => {
    await sql`INSERT INTO ${sql.table(table.name)} (${columns}) SELECT ${values} FROM jsonb_array_elements(${'[' + lines.join(',') + ']'}::jsonb) AS r`.execute(
      trx,
    );
  };
}

async function resetSequences(trx: Transaction<Database>, archived: SequenceHeader[]) {
  for (const s of await listSequences(trx)) {
    if (s.table && s.column) {
      // The next value follows the highest id loaded (or starts at 1 on an empty table).
      await sql`SELECT setval(${quoteIdent(s.name)}::regclass, coalesce(max(${sql.ref(s.column)}), 1), max(${sql.ref(s.column)}) IS NOT NULL) FROM ${sql.table(s.table)}`.execute(
        trx,
      );
      continue;
    }
    const saved = archived.find((a) => a.name === s.name);
    if (saved)
      await sql`SELECT setval(${quoteIdent(s.name)}::regclass, ${saved.lastValue}::bigint, ${saved.isCalled})`.execute(
        trx,
      );
  }
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
