// The generator's COPY writer (PostgreSQL): its text-format escaping as PostgreSQL's own COPY parser reads
// it, and the same rows as the INSERT writer for the same seed on a database in the same state.
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/server/db/database.ts';
import { prepareDatabase } from '../../src/server/bootstrap.ts';
import {
  copyChunks,
  copyFromChunks,
  generateRegister,
  type SyntheticOptions,
} from '../../src/server/demo/synthetic-register.ts';
import { openTestDatabase } from '../support/db.ts';

const onPostgres = Boolean(process.env.DATABASE_URL);
const opened: DatabaseHandle[] = [];
afterAll(async () => {
  for (const h of opened) await h.close();
});

// Everything the text format treats specially, and what merely looks special in CSV or SQL.
const AWKWARD = [
  'Nguyễn Thị Ánh',
  'Số 12, Thôn 3',
  'say "hi"',
  "O'Brien",
  'tab\there',
  'back\\slash',
  'line\nbreak',
  'cr\rand crlf\r\n',
  '\\N',
  '\\.',
  '',
  'trailing backslash\\',
  '\\t not a tab',
  'NULL',
  ' spaces ',
];

describe('COPY text format', () => {
  it('reads back every awkward value, NULL and the empty string apart', async () => {
    const text: (string | null)[] = [...AWKWARD, null];
    const n = text.length;
    const columns = [
      Array.from({ length: n }, (_, i) => i + 1),
      text,
      Array.from({ length: n }, (_, i) => (i % 3 === 0 ? null : i % 2 === 0)),
      Array.from({ length: n }, (_, i) => (i % 4 === 0 ? null : `2026-0${1 + (i % 9)}-1${i % 10}`)),
      Array.from({ length: n }, (_, i) => (i % 5 === 0 ? null : (i * 1.25).toFixed(2))),
    ];
    const chunks = copyChunks(columns);
    const create = 'CREATE TEMP TABLE awkward (id int, name text, flag boolean, day date, amount numeric(5, 2))';
    let rows: { id: number; name: string | null; flag: boolean | null; day: string | null; amount: string | null }[];
    if (onPostgres) {
      const handle = await openTestDatabase();
      opened.push(handle);
      const client = await handle.rawClient!();
      try {
        await client.query(create);
        expect(await copyFromChunks(client, 'awkward', ['id', 'name', 'flag', 'day', 'amount'], chunks)).toBe(n);
        rows = (
          await client.query('SELECT id, name, flag, day::text AS day, amount::text AS amount FROM awkward ORDER BY id')
        ).rows;
      } finally {
        client.release();
      }
    } else {
      // PGlite reads COPY data from a blob: the same parser as the server's COPY FROM STDIN.
      const lite = await PGlite.create();
      try {
        await lite.exec(create);
        await lite.query(`COPY awkward (id, name, flag, day, amount) FROM '/dev/blob'`, [], {
          blob: new Blob([chunks.join('')]),
        });
        rows = (
          await lite.query<(typeof rows)[number]>(
            'SELECT id, name, flag, day::text AS day, amount::text AS amount FROM awkward ORDER BY id',
          )
        ).rows;
      } finally {
        await lite.close();
      }
    }
    expect(rows.map((r) => r.name)).toEqual(text);
    expect(rows.map((r) => r.flag)).toEqual(columns[2]);
    expect(rows.map((r) => r.day)).toEqual(columns[3]);
    expect(rows.map((r) => r.amount)).toEqual(columns[4]);
  });

  it('splits long input into chunks that end on a row', () => {
    const names = Array.from({ length: 5000 }, (_, i) => `Tên thứ ${i}\t, "x"`);
    const chunks = copyChunks([names]);
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) expect(c.endsWith('\n')).toBe(true);
    expect(chunks.join('').split('\n').slice(0, -1)).toEqual(names.map((n) => n.replace('\t', '\\t')));
  });
});

/** Three communes of the first current province and a user, on a fresh database. */
async function setUp() {
  const handle = await openTestDatabase();
  opened.push(handle);
  await prepareDatabase(handle, { demo: false });
  const province = await handle.db
    .selectFrom('unit')
    .select('id')
    .where('level', '=', 'province')
    .where('valid_to', 'is', null)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const rows = await handle.db
    .selectFrom('unit')
    .select('id')
    .where('parent_id', '=', province.id)
    .where('level', '=', 'commune')
    .where('valid_to', 'is', null)
    .orderBy('id')
    .limit(3)
    .execute();
  const user = await handle.db
    .insertInto('app_user')
    .values({ username: 'synthetic', password_hash: 'x', full_name: 'Synthetic' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { handle, communes: rows.map((r) => ({ id: r.id, provinceId: province.id })), userId: user.id };
}

/**
 * The generated rows in a stable order. Households, children and cases take their ids before a batch is
 * written, so they are compared with them; the other tables number their rows as batches land (two are
 * written at once), so they are compared by content.
 */
async function dump(handle: DatabaseHandle) {
  const q = (query: string) =>
    sql
      .raw(query)
      .execute(handle.db)
      .then((r) => r.rows);
  const all = (table: string, without: string[] = []) =>
    q(`SELECT * FROM ${table} ORDER BY id`).then((rows) =>
      rows.map((r) => Object.fromEntries(Object.entries(r as object).filter(([k]) => !without.includes(k)))),
    );
  const byContent = (table: string, columns: string) => q(`SELECT ${columns} FROM ${table} ORDER BY ${columns}`);
  return {
    villages: await all('village'),
    households: await all('household'),
    children: await all('child', ['updated_at']),
    cases: await all('protection_case', ['created_at', 'updated_at']),
    circumstances: await byContent(
      'child_circumstance',
      'child_id, unit_id, province_id, group_code, started_on, ended_on, note',
    ),
    supports: await byContent(
      'child_support',
      'child_id, unit_id, province_id, kind, given_on, provider, note, case_id, created_by',
    ),
    health: await byContent(
      'child_health_record',
      'child_id, unit_id, province_id, kind, checked_on, weight_kg, height_cm, underweight, stunted, note',
    ),
  };
}

describe('generateRegister on PostgreSQL: COPY writer', () => {
  it.runIf(onPostgres)('writes the same rows as the INSERT writer for the same seed, batch by batch', async () => {
    const [byInsert, byCopy] = [await setUp(), await setUp()];
    expect(byCopy.communes).toEqual(byInsert.communes);
    // Small batches: several transactions, two in flight, for each writer.
    const options = (s: typeof byInsert): SyntheticOptions => ({
      seed: 11,
      asOf: '2026-09-30',
      communes: s.communes,
      childrenPerCommune: [700, 450, 900],
      userId: s.userId,
      batchChildren: 600,
    });
    const inserted = await generateRegister(byInsert.handle.db, options(byInsert));
    const copied = await generateRegister(byCopy.handle.db, {
      ...options(byCopy),
      copyClient: byCopy.handle.rawClient!,
    });
    expect({ ...copied, seconds: 0 }).toEqual({ ...inserted, seconds: 0 });
    expect(inserted.children).toBe(2050);
    expect(inserted.cases + inserted.circumstances + inserted.supports + inserted.healthRecords).toBeGreaterThan(1000);
    const [a, b] = [await dump(byInsert.handle), await dump(byCopy.handle)];
    expect(b.children.length).toBe(2050);
    // Addresses carry commas; NULLs (ID numbers, dates) and empty strings (disability) must stay apart.
    expect(b.households.some((h) => String(h.address).includes(','))).toBe(true);
    expect(b.children.some((c) => c.id_number === null) && b.children.some((c) => c.disability === '')).toBe(true);
    expect(b).toEqual(a);
  });
});
