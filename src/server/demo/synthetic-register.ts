// A seeded synthetic child register for a list of communes: villages, households, children and their
// circumstances, supports, health records and protection cases, shaped like a Vietnamese commune's
// register (names, ages, coverage rates). Used by the benchmark, the demo and tests.
//
// Determinism: each commune has its own random stream (pure-rand xoroshiro128+ seeded from the seed
// and the commune's id), so the same seed, communes, sizes and asOf give the same rows; the row ids
// come from the tables' sequences, so they (and the ID numbers built from them) are the same on a
// database in the same state, and never clash with earlier runs.
//
// Speed: a batch (20,000 children by default) with its households and dated records is one transaction,
// written by one of two writers from the same columns: `INSERT … SELECT * FROM unnest($1::int[], …)`, one
// array literal per column (PGlite, and PostgreSQL by default), or, given `copyClient` (PostgreSQL), one
// `COPY … FROM STDIN` per table in the text format. Both write the same rows, province_id included.
// A batch's ids are taken from the sequences in one round trip (`nextval` over generate_series, in
// batch order), its statements are built, and it is written while the next batch is generated; two
// batches may be written at once (PGlite queues them). Nothing is dropped, no constraint disabled;
// the batches commit with synchronous_commit off (a crash can lose the last batches, never half of one).
// About 10,000–12,000 children/s into PostgreSQL 15 on 2 shared cores (2.5 million children and
// 4.7 million other rows in 3.5–4.5 minutes): each child row meets five foreign keys and seven indexes.
// COPY saves little server CPU here (a 300,000-child province: 16 s of backend CPU with either writer):
// index upkeep and foreign-key checks cost more than parsing the rows.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { Database } from '../db/schema.ts';
import { addWorkingDays } from '../../core/calendar/working-days.ts';
import { PLAN_APPROVAL_WORKING_DAYS, PLAN_DRAFT_WORKING_DAYS, searchKey } from '../../core/register/records.ts';
import { ensureCircumstanceGroups, loadCalendar } from '../features/register/index.ts';

export interface SyntheticOptions {
  seed: number;
  /** The register's date (yyyy-mm-dd): no date lies after it, every child is under 18 on it. */
  asOf: string;
  communes: { id: number; provinceId: number }[];
  /** Children per commune: one number for all, or one per commune (same order). */
  childrenPerCommune: number | number[];
  /** Written as updated_by / created_by / case worker; null or absent leaves them empty. */
  userId?: number | null;
  /** Children written so far, after each batch. */
  onProgress?: (done: number, total: number) => void;
  /**
   * PostgreSQL: write with COPY … FROM STDIN on clients taken from here (DatabaseHandle.rawClient) instead
   * of INSERT … unnest; the same rows either way. Absent (PGlite): INSERT.
   */
  copyClient?: () => Promise<PoolClient>;
  /** Children a batch (one transaction), default 20,000. */
  batchChildren?: number;
}

export interface SyntheticSummary {
  villages: number;
  households: number;
  children: number;
  circumstances: number;
  supports: number;
  healthRecords: number;
  cases: number;
  seconds: number;
}

/** Children a batch (one transaction; households, records and cases of these children with them). */
const BATCH_CHILDREN = 20_000;
const MAX_WRITES_IN_FLIGHT = 2;
const DAY_MS = 86_400_000;

// ---------------------------------------------------------------------------------------------------
// Random numbers

class Rand {
  private readonly g: ReturnType<typeof xoroshiro128plus>;
  constructor(seed: number) {
    this.g = xoroshiro128plus(seed | 0);
    for (let i = 0; i < 8; i++) this.g.next(); // leave the low-entropy start of a small seed behind
  }
  /** Uniform in [0, 1). */
  float(): number {
    return (this.g.next() >>> 0) / 4294967296;
  }
  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.float() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.float() * items.length)]!;
  }
  /** Roughly normal (sum of three uniforms), mean 0, sd about 1. */
  normal(): number {
    return (this.float() + this.float() + this.float() - 1.5) * 2;
  }
}

/** A 32-bit seed for one commune's stream. */
function mixSeed(seed: number, id: number): number {
  let h = Math.imul((seed | 0) ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(id | 0, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) | 0;
}

function weighted<T>(entries: readonly (readonly [T, number])[]): (r: Rand) => T {
  const total = entries.reduce((s, [, w]) => s + w, 0);
  const cumulative: number[] = [];
  let acc = 0;
  for (const [, w] of entries) cumulative.push((acc += w / total));
  return (r) => {
    const x = r.float();
    for (let i = 0; i < cumulative.length; i++) if (x < cumulative[i]!) return entries[i]![0];
    return entries[entries.length - 1]![0];
  };
}

// ---------------------------------------------------------------------------------------------------
// Names

const familyName = weighted([
  ['Nguyễn', 38],
  ['Trần', 11],
  ['Lê', 9.5],
  ['Phạm', 7],
  ['Hoàng', 3],
  ['Huỳnh', 2],
  ['Phan', 4.5],
  ['Vũ', 2],
  ['Võ', 2],
  ['Đặng', 2.1],
  ['Bùi', 2],
  ['Đỗ', 1.4],
  ['Hồ', 1.3],
  ['Ngô', 1.3],
  ['Dương', 1],
  ['Lý', 0.5],
] as const);
const MIDDLE_MALE = ['Văn', 'Minh', 'Đức', 'Quang', 'Hữu', 'Gia', 'Anh', 'Hoàng', 'Thành', 'Công'] as const;
const MIDDLE_FEMALE = ['Thị', 'Ngọc', 'Thu', 'Thanh', 'Bảo', 'Khánh', 'Phương', 'Minh', 'Mai', 'Hồng'] as const;
const GIVEN_MALE = [
  'An',
  'Bình',
  'Dũng',
  'Hải',
  'Khánh',
  'Long',
  'Minh',
  'Nam',
  'Phúc',
  'Quân',
  'Tuấn',
  'Hưng',
  'Đạt',
  'Huy',
  'Khôi',
  'Kiên',
  'Sơn',
  'Thắng',
  'Trung',
  'Việt',
  'Bảo',
  'Duy',
  'Hiếu',
  'Lâm',
  'Phong',
  'Tài',
  'Thịnh',
  'Vinh',
  'Quang',
  'Giang',
] as const;
const GIVEN_FEMALE = [
  'An',
  'Chi',
  'Giang',
  'Hà',
  'Hương',
  'Lan',
  'Linh',
  'Mai',
  'Ngọc',
  'Trang',
  'Vy',
  'Anh',
  'Hạnh',
  'Hoa',
  'Huyền',
  'Nhung',
  'Thảo',
  'Thủy',
  'Trâm',
  'Uyên',
  'Yến',
  'Nhi',
  'Hằng',
  'My',
  'Quỳnh',
  'Thư',
  'Khánh',
  'Phương',
  'Tâm',
  'Vân',
] as const;

const searchKeys = new Map<string, string>();
function searchOf(name: string): string {
  let key = searchKeys.get(name);
  if (key === undefined) searchKeys.set(name, (key = searchKey(name)));
  return key;
}

const personName = (r: Rand, family: string, male: boolean) =>
  `${family} ${r.pick(male ? MIDDLE_MALE : MIDDLE_FEMALE)} ${r.pick(male ? GIVEN_MALE : GIVEN_FEMALE)}`;

// ---------------------------------------------------------------------------------------------------
// Records

/** Groups of Luật Trẻ em Điều 10 as they occur: disability (d) most often, the sensitive ones rarely. */
const circumstanceGroup = weighted([
  ['a', 4],
  ['b', 1],
  ['c', 10],
  ['d', 38],
  ['dd', 1.5],
  ['e', 1.5],
  ['g', 0.5],
  ['h', 7],
  ['i', 2],
  ['k', 1.5],
  ['l', 1],
  ['m', 0.5],
  ['n', 16],
  ['o', 2],
] as const);
const disabilityGroup = weighted([
  ['d', 10],
  ['d.1', 18],
  ['d.2', 32],
  ['d.3', 40],
] as const);
const withoutSupportGroup = weighted([
  ['c', 40],
  ['c.1', 15],
  ['c.2', 20],
  ['c.3', 25],
] as const);
const DISABILITIES = [
  'Khuyết tật vận động',
  'Khuyết tật nghe, nói',
  'Khuyết tật nhìn',
  'Khuyết tật thần kinh, tâm thần',
  'Khuyết tật trí tuệ',
  'Khuyết tật khác',
] as const;
const SUPPORT_KINDS = [
  'Trợ cấp xã hội hằng tháng',
  'Hỗ trợ học phí, đồ dùng học tập',
  'Thẻ bảo hiểm y tế',
  'Quà Tết',
  'Hỗ trợ phục hồi chức năng',
  'Tư vấn, trợ giúp tâm lý',
] as const;
const SUPPORT_PROVIDERS = [
  'UBND xã',
  'Hội Chữ thập đỏ',
  'Quỹ Bảo trợ trẻ em',
  'Trạm Y tế',
  'Hội Liên hiệp Phụ nữ',
  'Đoàn Thanh niên',
] as const;
const CASE_SUPPORT_KINDS = [
  'Tư vấn, trợ giúp tâm lý',
  'Hỗ trợ chăm sóc y tế',
  'Trợ giúp pháp lý',
  'Chăm sóc thay thế tạm thời',
] as const;
const CASE_SUPPORT_PROVIDERS = ['UBND xã', 'Công an xã', 'Trạm Y tế', 'Trung tâm Công tác xã hội'] as const;
const abuseKind = weighted([
  ['sexual', 25],
  ['physical', 35],
  ['emotional', 15],
  ['neglect', 15],
  ['exploitation', 10],
] as const);
const SYNTHETIC_NOTE = 'Dữ liệu mô phỏng';

type CaseKindRow = 'abuse' | 'abandonment' | 'trafficking' | 'injury' | 'death' | 'law_violation' | 'drug_use';
/** Yearly chance of a case per child, drawn with one number per child. */
const CASE_RATES: readonly [CaseKindRow, number][] = [
  ['injury', 0.0005],
  ['abuse', 0.0003],
  ['abandonment', 0.00006],
  ['trafficking', 0.00003],
  ['law_violation', 0.0001],
  ['drug_use', 0.00002],
];
const CASE_CIRCUMSTANCE: Partial<Record<CaseKindRow, string>> = {
  abandonment: 'b',
  trafficking: 'm',
  law_violation: 'e',
  drug_use: 'g',
};

// ---------------------------------------------------------------------------------------------------
// Dates: day numbers (days since 1970-01-01, UTC), written as yyyy-mm-dd.

function dayOf(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / DAY_MS;
}
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
/** The day k years before (29 February falls back to the 28th, as PostgreSQL's date − interval does). */
function yearsBefore(iso: string, k: number): number {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const year = y - k;
  return Date.UTC(year, m - 1, m === 2 && d === 29 && !isLeap(year) ? 28 : d) / DAY_MS;
}

class Days {
  private readonly cache: string[] = [];
  constructor(private readonly base: number) {}
  iso(day: number): string {
    const i = day - this.base;
    let s = i >= 0 ? this.cache[i] : undefined;
    if (s === undefined) {
      s = new Date(day * DAY_MS).toISOString().slice(0, 10);
      if (i >= 0) this.cache[i] = s;
    }
    return s;
  }
  isoOrNull(day: number | null): string | null {
    return day === null ? null : this.iso(day);
  }
}

// ---------------------------------------------------------------------------------------------------
// Batches and their bulk inserts

const arr = (literal: string, type: string): RawBuilder<unknown> => sql`${literal}::${sql.raw(type)}[]`;

/** Array literals for unnest(): '{1,2,NULL}', '{"a b",NULL}'. */
function intArray(values: readonly (number | null)[]): string {
  let s = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    s += (i ? ',' : '') + (v === null || v === undefined ? 'NULL' : String(v));
  }
  return s + '}';
}
const NEEDS_ESCAPE = /["\\]/;
function textArray(values: readonly (string | null)[]): string {
  let s = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    s += i ? ',' : '';
    if (v === null || v === undefined) s += 'NULL';
    else s += '"' + (NEEDS_ESCAPE.test(v) ? v.replace(/["\\]/g, '\\$&') : v) + '"';
  }
  return s + '}';
}
function boolArray(values: readonly boolean[]): string {
  let s = '{';
  for (let i = 0; i < values.length; i++) s += (i ? ',' : '') + (values[i] ? 't' : 'f');
  return s + '}';
}

class Batch {
  // households (local index = position)
  hUnit: number[] = [];
  hProvince: number[] = [];
  hVillage: number[] = [];
  hCode: string[] = [];
  hHead: string[] = [];
  hAddress: string[] = [];
  // children (local index = position); household as a local index
  cUnit: number[] = [];
  cProvince: number[] = [];
  cVillage: number[] = [];
  cHousehold: number[] = [];
  cCode: string[] = [];
  cName: string[] = [];
  cSearch: string[] = [];
  cBirth: string[] = [];
  cSex: string[] = [];
  /** First four digits of the ID number (province and century/sex), the rest from the child's id; null: none. */
  cIdPrefix: (string | null)[] = [];
  cGuardian: string[] = [];
  cRelation: string[] = [];
  cRegistered: (string | null)[] = [];
  cEducation: (string | null)[] = [];
  cImmunized: (string | null)[] = [];
  cDisability: string[] = [];
  cMoved: (string | null)[] = [];
  cDied: (string | null)[] = [];
  // circumstances
  ciChild: number[] = [];
  ciUnit: number[] = [];
  ciProvince: number[] = [];
  ciGroup: string[] = [];
  ciStarted: string[] = [];
  ciEnded: (string | null)[] = [];
  // supports; case as a local index
  sChild: number[] = [];
  sUnit: number[] = [];
  sProvince: number[] = [];
  sKind: string[] = [];
  sGiven: string[] = [];
  sProvider: string[] = [];
  sCase: (number | null)[] = [];
  // health records
  hrChild: number[] = [];
  hrUnit: number[] = [];
  hrProvince: number[] = [];
  hrKind: string[] = [];
  hrChecked: string[] = [];
  hrWeight: (string | null)[] = [];
  hrHeight: (string | null)[] = [];
  hrUnderweight: boolean[] = [];
  hrStunted: boolean[] = [];
  // protection cases
  pcChild: number[] = [];
  pcUnit: number[] = [];
  pcProvince: number[] = [];
  pcKind: string[] = [];
  pcAbuseKind: (string | null)[] = [];
  pcOccurred: string[] = [];
  pcReported: string[] = [];
  pcEmergency: boolean[] = [];
  pcPlanDue: (string | null)[] = [];
  pcDrafted: (string | null)[] = [];
  pcApprovalDue: (string | null)[] = [];
  pcApproved: (string | null)[] = [];
  pcClosed: (string | null)[] = [];

  get children() {
    return this.cUnit.length;
  }
}

interface BatchIds {
  households: number[];
  children: number[];
  cases: number[];
}

/** Ids for a batch from the tables' own sequences, in one round trip (ids already taken are never reused). */
async function allocateIds(db: Kysely<Database>, b: Batch): Promise<BatchIds> {
  const take = (table: string, n: number) =>
    sql`(SELECT string_agg(nextval(pg_get_serial_sequence(${table}, 'id'))::text, ',') FROM generate_series(1, ${n}::int))`;
  const row = (
    await sql<{
      h: string | null;
      c: string | null;
      p: string | null;
    }>`SELECT ${take('household', b.hUnit.length)} AS h,
      ${take('child', b.children)} AS c, ${take('protection_case', b.pcUnit.length)} AS p`.execute(db)
  ).rows[0]!;
  const list = (s: string | null) => (s ? s.split(',').map(Number) : []);
  return { households: list(row.h), children: list(row.c), cases: list(row.p) };
}

type Value = string | number | boolean | null;
type ColumnType = 'int' | 'text' | 'date' | 'numeric' | 'boolean';
/** One table's rows of a batch, column by column: what either writer writes. */
interface TableRows {
  table: string;
  columns: { name: string; type: ColumnType; values: readonly Value[] }[];
}

/** The batch's rows, table by table in foreign-key order, with ids resolved (the same for both writers). */
function batchTables(b: Batch, ids: BatchIds, userId: number | null): TableRows[] {
  const child = (local: readonly number[]) => local.map((c) => ids.children[c]!);
  const same = (n: number, v: Value) => new Array<Value>(n).fill(v);
  const idNumbers = b.cIdPrefix.map((prefix, i) =>
    prefix === null || ids.children[i]! >= 1e8 ? null : prefix + String(ids.children[i]).padStart(8, '0'),
  );
  const table = (name: string, columns: [string, ColumnType, readonly Value[]][]): TableRows => ({
    table: name,
    columns: columns.map(([n, type, values]) => ({ name: n, type, values })),
  });
  return [
    table('household', [
      ['id', 'int', ids.households],
      ['unit_id', 'int', b.hUnit],
      ['province_id', 'int', b.hProvince],
      ['village_id', 'int', b.hVillage],
      ['code', 'text', b.hCode],
      ['head_name', 'text', b.hHead],
      ['address', 'text', b.hAddress],
    ]),
    table('child', [
      ['id', 'int', ids.children],
      ['unit_id', 'int', b.cUnit],
      ['province_id', 'int', b.cProvince],
      ['village_id', 'int', b.cVillage],
      ['household_id', 'int', b.cHousehold.map((h) => ids.households[h]!)],
      ['code', 'text', b.cCode],
      ['full_name', 'text', b.cName],
      ['search_name', 'text', b.cSearch],
      ['birth_date', 'date', b.cBirth],
      ['sex', 'text', b.cSex],
      ['id_number', 'text', idNumbers],
      ['guardian_name', 'text', b.cGuardian],
      ['guardian_relation', 'text', b.cRelation],
      ['birth_registered_on', 'date', b.cRegistered],
      ['education', 'text', b.cEducation],
      ['fully_immunized_on', 'date', b.cImmunized],
      ['disability', 'text', b.cDisability],
      ['moved_out_on', 'date', b.cMoved],
      ['died_on', 'date', b.cDied],
      ['updated_by', 'int', same(b.children, userId)],
    ]),
    table('child_circumstance', [
      ['child_id', 'int', child(b.ciChild)],
      ['unit_id', 'int', b.ciUnit],
      ['province_id', 'int', b.ciProvince],
      ['group_code', 'text', b.ciGroup],
      ['started_on', 'date', b.ciStarted],
      ['ended_on', 'date', b.ciEnded],
    ]),
    table('protection_case', [
      ['id', 'int', ids.cases],
      ['child_id', 'int', child(b.pcChild)],
      ['unit_id', 'int', b.pcUnit],
      ['province_id', 'int', b.pcProvince],
      ['kind', 'text', b.pcKind],
      ['abuse_kind', 'text', b.pcAbuseKind],
      ['occurred_on', 'date', b.pcOccurred],
      ['reported_on', 'date', b.pcReported],
      ['emergency', 'boolean', b.pcEmergency],
      ['plan_due_on', 'date', b.pcPlanDue],
      ['plan_drafted_on', 'date', b.pcDrafted],
      ['approval_due_on', 'date', b.pcApprovalDue],
      ['plan_approved_on', 'date', b.pcApproved],
      ['closed_on', 'date', b.pcClosed],
      ['summary', 'text', same(b.pcChild.length, SYNTHETIC_NOTE)],
      ['case_worker_id', 'int', same(b.pcChild.length, userId)],
      ['plan_approved_by', 'int', b.pcApproved.map((a) => (a === null ? null : userId))],
      ['created_by', 'int', same(b.pcChild.length, userId)],
    ]),
    table('child_support', [
      ['child_id', 'int', child(b.sChild)],
      ['unit_id', 'int', b.sUnit],
      ['province_id', 'int', b.sProvince],
      ['kind', 'text', b.sKind],
      ['given_on', 'date', b.sGiven],
      ['provider', 'text', b.sProvider],
      ['case_id', 'int', b.sCase.map((c) => (c === null ? null : ids.cases[c]!))],
      ['created_by', 'int', same(b.sChild.length, userId)],
    ]),
    table('child_health_record', [
      ['child_id', 'int', child(b.hrChild)],
      ['unit_id', 'int', b.hrUnit],
      ['province_id', 'int', b.hrProvince],
      ['kind', 'text', b.hrKind],
      ['checked_on', 'date', b.hrChecked],
      ['weight_kg', 'numeric', b.hrWeight],
      ['height_cm', 'numeric', b.hrHeight],
      ['underweight', 'boolean', b.hrUnderweight],
      ['stunted', 'boolean', b.hrStunted],
    ]),
  ].filter((t) => t.columns[0]!.values.length > 0);
}

/** Writes the tables of one batch in one transaction; prepared before a connection is free, so that it only waits on the database. */
type BatchWrite = () => Promise<void>;
type Writer = (tables: TableRows[]) => BatchWrite;

// Writer 1 (PGlite, and PostgreSQL without a raw client): INSERT … SELECT FROM unnest, one array literal per column.

function arrayOf(type: ColumnType, values: readonly Value[]): RawBuilder<unknown> {
  if (type === 'int') return arr(intArray(values as (number | null)[]), 'int');
  if (type === 'boolean') return arr(boolArray(values as boolean[]), 'boolean');
  return arr(textArray(values as (string | null)[]), type);
}

function insertWriter(db: Kysely<Database>): Writer {
  return (tables) => {
    const statements = tables.map(
      (t) => sql`INSERT INTO ${sql.table(t.table)} (${sql.join(t.columns.map((c) => sql.ref(c.name)))})
        SELECT * FROM unnest(${sql.join(t.columns.map((c) => arrayOf(c.type, c.values)))})`,
    );
    // One transaction a batch. Its WAL need not reach the disk before the next batch goes (a crash loses whole batches only).
    return () =>
      db.transaction().execute(async (trx) => {
        await sql`SET LOCAL synchronous_commit = off`.execute(trx);
        for (const statement of statements) await statement.execute(trx);
      });
  };
}

// Writer 2 (PostgreSQL): COPY … FROM STDIN in the text format, one COPY per table of the batch.

const COPY_SPECIAL = /[\\\t\n\r]/;
/** A field in COPY's text format: \N is NULL; backslash, tab, newline and carriage return are escaped (nothing else needs it). */
export function copyField(v: Value | undefined): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  const s = typeof v === 'number' ? String(v) : v;
  if (!COPY_SPECIAL.test(s)) return s;
  return s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

const COPY_CHUNK_CHARS = 1 << 16;
/** Rows in COPY's text format from columns of equal length, in chunks of about 64 KiB (one CopyData message each). */
export function copyChunks(columns: readonly (readonly Value[])[]): string[] {
  const chunks: string[] = [];
  const rows = columns[0]?.length ?? 0;
  let s = '';
  for (let i = 0; i < rows; i++) {
    let line = copyField(columns[0]![i]);
    for (let c = 1; c < columns.length; c++) line += '\t' + copyField(columns[c]![i]);
    s += line + '\n';
    if (s.length >= COPY_CHUNK_CHARS) {
      chunks.push(s);
      s = '';
    }
  }
  if (s) chunks.push(s);
  return chunks;
}

/** One COPY table (columns) FROM STDIN of the chunks on a node-postgres client; the rows copied. */
export async function copyFromChunks(
  client: PoolClient,
  table: string,
  columns: readonly string[],
  chunks: readonly string[],
): Promise<number> {
  const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
  const stream = client.query(copyFrom(`COPY ${quote(table)} (${columns.map(quote).join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(chunks), stream);
  return stream.rowCount;
}

function copyWriter(connect: () => Promise<PoolClient>): Writer {
  return (tables) => {
    const copies = tables.map((t) => ({
      table: t.table,
      columns: t.columns.map((c) => c.name),
      chunks: copyChunks(t.columns.map((c) => c.values)),
    }));
    return async () => {
      const client = await connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        await client.query('SET LOCAL synchronous_commit = off'); // as the INSERT writer: a crash loses whole batches only
        for (const c of copies) await copyFromChunks(client, c.table, c.columns, c.chunks);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch((e: Error) => (broken = e));
        throw error;
      } finally {
        client.release(broken);
      }
    };
  };
}

// ---------------------------------------------------------------------------------------------------
// Generation

interface CommunePlan {
  id: number;
  provinceId: number;
  children: number;
  rand: Rand;
  villages: { name: string; weight: number; id: number }[];
  /** Two digits of the province's code, for ID numbers ('0' + these = the province code of an ID). */
  provinceDigits: string;
}

/** Weight (kg) and height (cm) at an age in months, roughly the WHO medians. */
function growth(r: Rand, months: number, underweight: boolean, stunted: boolean): [string, string] {
  let w = months <= 12 ? 3.3 + 0.7 * months - 0.012 * months * months : 9.6 + 0.19 * (months - 12);
  let h =
    months <= 12 ? 50 + 2.6 * months - 0.05 * months * months : 75 + 0.95 * (months - 12) - 0.004 * (months - 12) ** 2;
  if (months > 60) {
    const years = months / 12;
    w = 18.5 + 3.2 * (years - 5) + (years > 11 ? 1.5 * (years - 11) : 0);
    h = 110 + 6 * (years - 5) - (years > 13 ? 2.5 * (years - 13) : 0);
  }
  w *= 1 + 0.08 * r.normal();
  h *= 1 + 0.03 * r.normal();
  if (underweight) w *= 0.8;
  if (stunted) h *= 0.91;
  return [Math.max(1.5, w).toFixed(2), Math.max(40, h).toFixed(1)];
}

/** Inserts a synthetic register for the given communes (which must not have one yet). */
export async function generateRegister(db: Kysely<Database>, options: SyntheticOptions): Promise<SyntheticSummary> {
  const started = performance.now();
  const { asOf, communes } = options;
  const userId = options.userId ?? null;
  const writer = options.copyClient ? copyWriter(options.copyClient) : insertWriter(db);
  const batchChildren = options.batchChildren ?? BATCH_CHILDREN;
  if (!Number.isInteger(batchChildren) || batchChildren < 1)
    throw new Error(`batchChildren must be a positive integer, got ${batchChildren}`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new Error(`asOf must be yyyy-mm-dd, got ${asOf}`);
  const sizes = communes.map((_, i) => {
    const n = Array.isArray(options.childrenPerCommune) ? options.childrenPerCommune[i] : options.childrenPerCommune;
    if (n === undefined || !Number.isInteger(n) || n < 0)
      throw new Error(`childrenPerCommune: no valid count for commune ${communes[i]!.id}`);
    return n;
  });
  const total = sizes.reduce((a, b) => a + b, 0);
  const summary: SyntheticSummary = {
    villages: 0,
    households: 0,
    children: 0,
    circumstances: 0,
    supports: 0,
    healthRecords: 0,
    cases: 0,
    seconds: 0,
  };
  if (!communes.length) return summary;
  const communeIds = communes.map((c) => c.id);
  if (new Set(communeIds).size !== communeIds.length) throw new Error('generateRegister: a commune is listed twice');
  const taken = await db
    .selectFrom('child')
    .select('unit_id')
    .where('unit_id', 'in', communeIds)
    .limit(1)
    .executeTakeFirst();
  if (taken)
    throw new Error(`commune ${taken.unit_id} already has a register; the generator only fills empty communes`);
  await ensureCircumstanceGroups(db);
  const calendar = await loadCalendar(db);
  const units = await db
    .selectFrom('unit')
    .select(['id', 'kind', 'code'])
    .where('id', 'in', [...new Set([...communeIds, ...communes.map((c) => c.provinceId)])])
    .execute();
  const unitById = new Map(units.map((u) => [u.id, u]));

  // Villages first, all communes in one statement: 8–20 a commune, "Tổ dân phố n" in wards, "Thôn n" elsewhere.
  const plans: CommunePlan[] = communes.map((c, i) => {
    const rand = new Rand(mixSeed(options.seed, c.id));
    const prefix = unitById.get(c.id)?.kind === 'phuong' ? 'Tổ dân phố' : 'Thôn';
    const count = rand.int(8, 20);
    const villages = Array.from({ length: count }, (_, v) => ({
      name: `${prefix} ${v + 1}`,
      weight: 0.4 + rand.float(),
      id: 0,
    }));
    const code = unitById.get(c.provinceId)?.code ?? '';
    return {
      id: c.id,
      provinceId: c.provinceId,
      children: sizes[i]!,
      rand,
      villages,
      provinceDigits: /^\d{1,2}$/.test(code) ? code.padStart(2, '0') : '99',
    };
  });
  const villageRows = plans.flatMap((p) =>
    p.villages.map((v) => ({ unit: p.id, province: p.provinceId, name: v.name })),
  );
  const insertedVillages = await sql<{ id: number; unit_id: number; name: string }>`
    INSERT INTO village (unit_id, province_id, name)
    SELECT * FROM unnest(${arr(intArray(villageRows.map((v) => v.unit)), 'int')}, ${arr(intArray(villageRows.map((v) => v.province)), 'int')},
      ${arr(textArray(villageRows.map((v) => v.name)), 'text')})
    ON CONFLICT (unit_id, name) DO UPDATE SET name = excluded.name
    RETURNING id, unit_id, name`.execute(db);
  const villageId = new Map(insertedVillages.rows.map((v) => [`${v.unit_id}|${v.name}`, Number(v.id)]));
  for (const p of plans) for (const v of p.villages) v.id = villageId.get(`${p.id}|${v.name}`)!;
  summary.villages = villageRows.length;

  // Day numbers: asOf, its year, and the age thresholds (the day k years before asOf).
  const asOfDay = dayOf(asOf);
  const yearStart = dayOf(`${asOf.slice(0, 4)}-01-01`);
  const before = Array.from({ length: 19 }, (_, k) => yearsBefore(asOf, k));
  const days = new Days(before[18]! - 400);
  const ageAt = (birth: number) => {
    let age = 0;
    while (age < 18 && birth <= before[age + 1]!) age++;
    return age;
  };
  const between = (r: Rand, from: number, to: number) => (to <= from ? from : r.int(from, to));
  const addWorking = (day: number, n: number) => dayOf(addWorkingDays(calendar, days.iso(day), n));

  let batch = new Batch();
  // Up to two batches are written at once (two connections; PGlite queues them), while the next is generated.
  const inflight = new Set<Promise<void>>();
  let failure: unknown = null;
  let written = 0;
  const write = async (b: Batch) => {
    if (failure) throw failure;
    if (!b.children) return;
    const ids = await allocateIds(db, b); // in batch order: the same ids for the same database state
    const batchWrite = writer(batchTables(b, ids, userId));
    while (inflight.size >= MAX_WRITES_IN_FLIGHT) await Promise.race(inflight);
    if (failure) throw failure;
    const n = b.children;
    const done: Promise<void> = batchWrite()
      .then(() => {
        written += n;
        options.onProgress?.(written, total);
      })
      .catch((e: unknown) => {
        failure ??= e;
      })
      .finally(() => inflight.delete(done));
    inflight.add(done);
  };

  try {
    for (const plan of plans) {
      const r = plan.rand;
      const pickVillage = weighted(plan.villages.map((v) => [v, v.weight] as const));
      const unit = plan.id;
      const province = plan.provinceId;
      let householdNo = 0;
      let childNo = 0;
      while (childNo < plan.children) {
        if (batch.children >= batchChildren) {
          await write(batch);
          batch = new Batch();
        }
        const b = batch;
        // A household of 1–3 children; siblings carry the father's family name.
        const size = Math.min(plan.children - childNo, r.chance(0.42) ? 1 : r.chance(0.72) ? 2 : 3);
        const village = pickVillage(r);
        const family = familyName(r);
        const father = personName(r, family, true);
        const mother = personName(r, familyName(r), false);
        const singleMother = r.chance(0.12);
        const household = b.hUnit.length;
        b.hUnit.push(unit);
        b.hProvince.push(province);
        b.hVillage.push(village.id);
        b.hCode.push(`HGĐ-${String(++householdNo).padStart(6, '0')}`);
        b.hHead.push(singleMother ? mother : father);
        b.hAddress.push(`Số ${r.int(1, 250)}, ${village.name}`);
        summary.households++;
        for (let s = 0; s < size; s++) {
          const child = b.children;
          const male = r.chance(0.512);
          const name = personName(r, singleMother && r.chance(0.5) ? mother.split(' ')[0]! : family, male);
          // Under 16 uniformly over the 16 years before asOf; a few 16–17.
          const birth = r.chance(0.96) ? r.int(before[16]! + 1, asOfDay) : r.int(before[18]! + 1, before[16]!);
          const age = ageAt(birth);
          const ageDays = asOfDay - birth;
          // About 1.5% left the register: died (0.3%) or moved away (1.2%), within the last three years.
          const leave = r.float();
          const leftOn = leave < 0.015 ? between(r, Math.max(birth, asOfDay - 3 * 365), asOfDay) : null;
          const died = leave < 0.003 ? leftOn : null;
          const moved = leave >= 0.003 && leave < 0.015 ? leftOn : null;
          const present = leftOn === null;
          // Birth registration: 95% registered, nine in ten of them within the 60 days.
          let registered: number | null = null;
          if (r.chance(0.95)) {
            const reg = birth + (r.chance(0.9) ? r.int(1, 60) : r.int(61, 700));
            registered = reg <= asOfDay ? reg : null;
          }
          const birthYear = Number(days.iso(birth).slice(0, 4));
          const idPrefix =
            registered !== null && r.chance(0.74)
              ? `0${plan.provinceDigits}${(birthYear >= 2000 ? 2 : 0) + (male ? 0 : 1)}`
              : null;
          let education: string;
          if (age < 3) education = 'none';
          else if (age < 6) education = r.chance(0.92) ? 'preschool' : 'none';
          else if (age < 11) education = r.chance(0.99) ? 'primary' : 'out_of_school';
          else if (age < 15) education = r.chance(0.95) ? 'lower_secondary' : 'out_of_school';
          else {
            const e = r.float();
            education = e < 0.72 ? 'upper_secondary' : e < 0.84 ? 'vocational' : 'out_of_school';
          }
          // Immunisation: 90% of under-1s fully immunised, 93% of older children at 9–12 months.
          let immunized: number | null = null;
          if (birth > before[1]!) {
            if (r.chance(0.9)) immunized = birth + Math.floor(ageDays * (0.5 + 0.5 * r.float()));
          } else if (r.chance(0.93)) immunized = birth + r.int(270, 365);
          const guardianDraw = r.float();
          const [guardian, relation] =
            singleMother || (guardianDraw >= 0.55 && guardianDraw < 0.9)
              ? [mother, 'Mẹ']
              : guardianDraw < 0.55
                ? [father, 'Cha']
                : guardianDraw < 0.95
                  ? [personName(r, family, true), 'Ông']
                  : [personName(r, familyName(r), false), 'Bà'];

          // Special circumstances (~3%), 80% of them supported in the asOf year.
          let disability = '';
          if (r.chance(0.03)) {
            const top = circumstanceGroup(r);
            const group = top === 'd' ? disabilityGroup(r) : top === 'c' ? withoutSupportGroup(r) : top;
            const startedOn =
              top === 'd' || top === 'n'
                ? birth + Math.floor(ageDays * r.float() * 0.5)
                : between(r, Math.max(birth, asOfDay - 5 * 365), asOfDay);
            const endedOn =
              r.chance(0.08) && asOfDay - startedOn >= 30 ? startedOn + r.int(30, asOfDay - startedOn) : null;
            if (top === 'd') disability = r.pick(DISABILITIES);
            b.ciChild.push(child);
            b.ciUnit.push(unit);
            b.ciProvince.push(province);
            b.ciGroup.push(group);
            b.ciStarted.push(days.iso(startedOn));
            b.ciEnded.push(days.isoOrNull(endedOn));
            summary.circumstances++;
            const supportEnd = Math.min(asOfDay, leftOn ?? asOfDay, endedOn ?? asOfDay);
            const supportFrom = Math.max(yearStart, startedOn);
            const supports = r.chance(0.8) ? (r.chance(0.3) ? 2 : 1) : 0;
            for (let k = 0; k < supports && supportFrom <= supportEnd; k++) {
              b.sChild.push(child);
              b.sUnit.push(unit);
              b.sProvince.push(province);
              b.sKind.push(r.pick(SUPPORT_KINDS));
              b.sGiven.push(days.iso(r.int(supportFrom, supportEnd)));
              b.sProvider.push(r.pick(SUPPORT_PROVIDERS));
              b.sCase.push(null);
              summary.supports++;
            }
          }

          // Growth monitoring of under-5s (one or two in the asOf year), periodic checks for ~85%.
          if (present && birth > before[5]! && r.chance(0.95)) {
            const underweight = r.chance(0.08);
            const stunted = r.chance(0.12);
            const n = r.chance(0.4) ? 2 : 1;
            const from = Math.max(yearStart, birth);
            for (let k = 0; k < n; k++) {
              const checked = r.int(from, asOfDay);
              const [w, h] = growth(r, (checked - birth) / 30.44, underweight, stunted);
              b.hrChild.push(child);
              b.hrUnit.push(unit);
              b.hrProvince.push(province);
              b.hrKind.push('growth');
              b.hrChecked.push(days.iso(checked));
              b.hrWeight.push(w);
              b.hrHeight.push(h);
              b.hrUnderweight.push(underweight);
              b.hrStunted.push(stunted);
              summary.healthRecords++;
            }
          }
          if (present && r.chance(0.85)) {
            const checked = r.int(Math.max(yearStart, birth), asOfDay);
            const [w, h] = growth(r, (checked - birth) / 30.44, false, false);
            b.hrChild.push(child);
            b.hrUnit.push(unit);
            b.hrProvince.push(province);
            b.hrKind.push('periodic');
            b.hrChecked.push(days.iso(checked));
            b.hrWeight.push(w);
            b.hrHeight.push(h);
            b.hrUnderweight.push(false);
            b.hrStunted.push(false);
            summary.healthRecords++;
          }

          // Protection cases: one draw a child; most in the asOf year, some in the year before.
          const caseDraw = r.float();
          let kind: CaseKindRow | null = null;
          let acc = 0;
          for (const [k, rate] of CASE_RATES) if (kind === null && caseDraw < (acc += rate)) kind = k;
          if (died !== null && r.chance(0.3)) kind = 'death';
          const fitsAge =
            kind === 'law_violation' || kind === 'drug_use' ? age >= 12 : kind === 'abandonment' ? age < 6 : true;
          if (kind !== null && fitsAge && (present || kind === 'death')) {
            let occurred: number;
            if (kind === 'death') occurred = died!;
            else if (r.chance(0.8)) occurred = r.int(Math.max(yearStart, birth), asOfDay);
            else occurred = between(r, Math.max(yearStart - 365, birth), Math.max(birth, yearStart - 1));
            const reported = Math.min(asOfDay, occurred + r.int(0, 3));
            const planned = kind === 'abuse' || kind === 'abandonment' || kind === 'trafficking';
            // Plan deadlines as the case form sets them: drafted within 5 working days, approved within 2 more.
            const planDue = planned ? addWorking(reported, PLAN_DRAFT_WORKING_DAYS) : null;
            let drafted = planned
              ? addWorking(
                  reported,
                  r.chance(0.85) ? r.int(1, PLAN_DRAFT_WORKING_DAYS) : r.int(PLAN_DRAFT_WORKING_DAYS + 1, 10),
                )
              : null;
            if (drafted !== null && drafted > asOfDay) drafted = null;
            const approvalDue = drafted !== null ? addWorking(drafted, PLAN_APPROVAL_WORKING_DAYS) : null;
            let approved =
              drafted !== null
                ? addWorking(
                    drafted,
                    r.chance(0.85) ? r.int(0, PLAN_APPROVAL_WORKING_DAYS) : r.int(PLAN_APPROVAL_WORKING_DAYS + 1, 6),
                  )
                : null;
            if (approved !== null && approved > asOfDay) approved = null;
            const closed =
              kind === 'death'
                ? reported
                : asOfDay - reported > 60 && r.chance(0.6)
                  ? reported + r.int(30, asOfDay - reported)
                  : null;
            const abuse = kind === 'abuse' ? abuseKind(r) : null;
            const caseIndex = b.pcChild.length;
            b.pcChild.push(child);
            b.pcUnit.push(unit);
            b.pcProvince.push(province);
            b.pcKind.push(kind);
            b.pcAbuseKind.push(abuse);
            b.pcOccurred.push(days.iso(occurred));
            b.pcReported.push(days.iso(reported));
            b.pcEmergency.push(kind !== 'death' && kind !== 'injury' ? r.chance(0.3) : r.chance(0.1));
            b.pcPlanDue.push(days.isoOrNull(planDue));
            b.pcDrafted.push(days.isoOrNull(drafted));
            b.pcApprovalDue.push(days.isoOrNull(approvalDue));
            b.pcApproved.push(days.isoOrNull(approved));
            b.pcClosed.push(days.isoOrNull(closed));
            summary.cases++;
            // The circumstance the case puts the child in, and the support given after the report.
            const group =
              kind === 'abuse'
                ? abuse === 'sexual'
                  ? 'l'
                  : abuse === 'exploitation'
                    ? 'k'
                    : 'i'
                : CASE_CIRCUMSTANCE[kind];
            if (group) {
              b.ciChild.push(child);
              b.ciUnit.push(unit);
              b.ciProvince.push(province);
              b.ciGroup.push(group);
              b.ciStarted.push(days.iso(reported));
              b.ciEnded.push(null);
              summary.circumstances++;
            }
            if (kind !== 'death' && kind !== 'injury' && r.chance(0.85)) {
              b.sChild.push(child);
              b.sUnit.push(unit);
              b.sProvince.push(province);
              b.sKind.push(r.pick(CASE_SUPPORT_KINDS));
              b.sGiven.push(days.iso(r.int(reported, asOfDay)));
              b.sProvider.push(r.pick(CASE_SUPPORT_PROVIDERS));
              b.sCase.push(caseIndex);
              summary.supports++;
            }
          }

          b.cUnit.push(unit);
          b.cProvince.push(province);
          b.cVillage.push(village.id);
          b.cHousehold.push(household);
          b.cCode.push(`TE-${String(++childNo).padStart(6, '0')}`);
          b.cName.push(name);
          b.cSearch.push(searchOf(name));
          b.cBirth.push(days.iso(birth));
          b.cSex.push(male ? 'male' : 'female');
          b.cIdPrefix.push(idPrefix);
          b.cGuardian.push(guardian);
          b.cRelation.push(relation);
          b.cRegistered.push(days.isoOrNull(registered));
          b.cEducation.push(education);
          b.cImmunized.push(days.isoOrNull(immunized));
          b.cDisability.push(disability);
          b.cMoved.push(days.isoOrNull(moved));
          b.cDied.push(days.isoOrNull(died));
          summary.children++;
        }
      }
    }
    await write(batch);
  } finally {
    await Promise.all(inflight); // a failed batch: let the other one finish before reporting
  }
  if (failure) throw failure;
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}
