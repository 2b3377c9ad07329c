// Killing the server (SIGKILL: no shutdown code runs) in the middle of a register import's commit and of
// a dossier submission, then restarting it on the same data: each write is all there or not there at
// all, never half, and the server comes back and can do the work again. On PGlite and on PostgreSQL.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type RawBuilder } from 'kysely';
import { openDatabase, type Db } from '../../src/server/db/database.ts';
import { checkChild, type ChildFields } from '../../src/core/register/records.ts';
import { writeRegisterWorkbook } from '../../src/server/features/register/import/write.ts';
import { form } from '../support/multipart.ts';
import {
  createPgDatabase,
  killServers,
  loginAt,
  startServer,
  until,
  type ServerProcess,
  type Store,
} from '../support/process.ts';

/** Children in the import: the commit takes seconds (3 batches of 5,000 children, then dated records); kept under ~1 MB of sheet data, the most the upload check's type sniffing reads. */
const N = 15_000;
const VILLAGES = 20;

/** A clean register file: N children in households of two, a special circumstance and a support for one in ten. */
async function registerFile(): Promise<Buffer> {
  const children: ChildFields[] = [];
  for (let i = 1; i <= N; i++) {
    const h = Math.ceil(i / 2);
    const r = checkChild(
      {
        code: `KT-${i}`,
        villageName: `Thôn Thử ${(h % VILLAGES) + 1}`,
        householdCode: `HKT-${h}`,
        householdHead: `Chủ hộ ${h}`,
        fullName: `Trẻ em thử ${i}`,
        birthDate: `20${10 + (i % 14)}-0${(i % 9) + 1}-1${i % 10}`,
        sex: i % 2 ? 'male' : 'female',
      },
      '2026-01-01',
    );
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    children.push(r.value);
  }
  const tenth = children.filter((_, i) => i % 10 === 0);
  return writeRegisterWorkbook(
    {
      children,
      circumstances: tenth.map((c) => ({
        childCode: c.code,
        group: 'd',
        startedOn: c.birthDate,
        endedOn: null,
        note: '',
      })),
      supports: tenth.map((c) => ({
        childCode: c.code,
        kind: 'Học bổng',
        givenOn: '2025-09-05',
        provider: 'Hội Khuyến học',
        note: '',
      })),
      healthRecords: [],
    },
    'vi',
  );
}
const WHOLE_IMPORT = {
  villages: VILLAGES,
  households: N / 2,
  children: N,
  circumstances: N / 10,
  supports: N / 10,
  audits: 1,
};
const NO_IMPORT = { villages: 0, households: 0, children: 0, circumstances: 0, supports: 0, audits: 0 };

/** Reads the data the way the next start will find it (PGlite: opening the directory replays its WAL). Only while no server runs on it. */
async function inspect<T>(store: Store, read: (db: Db) => Promise<T>): Promise<T> {
  const handle = await openDatabase(store.kind === 'pglite' ? { dataDir: store.dataDir } : { url: store.url });
  try {
    return await read(handle.db);
  } finally {
    await handle.close();
  }
}

const count = async (db: Db, query: RawBuilder<{ n: string }>) => Number((await query.execute(db)).rows[0]!.n);

/** The import's own rows (its codes and village names are not in the demo), so no baseline is needed. */
async function importState(db: Db, commune: number, importId: number) {
  const mine = sql<{ n: string }>;
  return {
    rows: {
      villages: await count(
        db,
        mine`SELECT count(*) AS n FROM village WHERE unit_id = ${commune} AND name LIKE 'Thôn Thử %'`,
      ),
      households: await count(
        db,
        mine`SELECT count(*) AS n FROM household WHERE unit_id = ${commune} AND code LIKE 'HKT-%'`,
      ),
      children: await count(db, mine`SELECT count(*) AS n FROM child WHERE unit_id = ${commune} AND code LIKE 'KT-%'`),
      circumstances: await count(
        db,
        mine`SELECT count(*) AS n FROM child_circumstance x JOIN child c ON c.id = x.child_id WHERE c.unit_id = ${commune} AND c.code LIKE 'KT-%'`,
      ),
      supports: await count(
        db,
        mine`SELECT count(*) AS n FROM child_support x JOIN child c ON c.id = x.child_id WHERE c.unit_id = ${commune} AND c.code LIKE 'KT-%'`,
      ),
      audits: await count(
        db,
        mine`SELECT count(*) AS n FROM audit_log WHERE action = 'import' AND entity = 'register' AND entity_id = ${String(commune)} AND after->>'importId' = ${String(importId)}`,
      ),
    },
    status: (
      await db.selectFrom('register_import').select('status').where('id', '=', importId).executeTakeFirstOrThrow()
    ).status,
  };
}

interface Job {
  status: 'running' | 'done' | 'failed';
  phase: string;
  done: number;
  total: number;
  result?: { importId?: number | null; issueCount?: number; children?: number };
  error?: { status: number; code: string; message: string };
}

async function api(server: ServerProcess, cookie: string, method: string, url: string, body?: unknown) {
  const res = await fetch(`${server.url}${url}`, {
    method,
    headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(150_000), // PGlite answers nothing while a long commit runs
  });
  return {
    status: res.status,
    body: (await res.json().catch(() => null)) as Record<string, unknown> & {
      error?: { code: string; message: string };
    },
  };
}

const jobOf = async (server: ServerProcess, cookie: string, jobId: string) =>
  (await api(server, cookie, 'GET', `/api/register/jobs/${jobId}`)).body as unknown as Job;

/** Polls a job until it ends. */
const finish = (server: ServerProcess, cookie: string, jobId: string) =>
  until(
    `job ${jobId}`,
    async () => {
      const j = await jobOf(server, cookie, jobId);
      return j.status !== 'running' ? j : undefined;
    },
    150_000,
    100,
  );

const BACKENDS = [
  { name: 'PGlite (data directory)', kind: 'pglite' as const },
  { name: 'PostgreSQL (own database)', kind: 'postgres' as const },
];

let file: Buffer;
beforeAll(async () => {
  file = await registerFile();
}, 120_000);

describe.each(BACKENDS)('crash on $name', ({ kind }) => {
  let store: Store;
  let cleanup: () => Promise<void>;

  let commune: number;
  let importId: number;

  beforeAll(async () => {
    if (kind === 'pglite') {
      const dir = mkdtempSync(path.join(tmpdir(), 'cfc-crash-'));
      store = { kind, dataDir: dir };
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    } else {
      const database = await createPgDatabase('cfc_crash');
      store = { kind, url: database.url };
      cleanup = database.drop;
    }
    // The first start seeds the demo; the preview is kept in the database, so it outlives the restarts.
    const { server: s, cookie, unitId } = await start('xa.vanphu');
    commune = unitId;
    const body = await form({}, { name: 'so-theo-doi.xlsx', data: file });
    const upload = await fetch(`${s.url}/api/communes/${commune}/register/imports`, {
      method: 'POST',
      headers: { ...body.headers, cookie },
      body: new Uint8Array(body.payload),
    });
    expect(upload.status, await upload.clone().text()).toBe(202);
    const preview = await finish(s, cookie, ((await upload.json()) as { jobId: string }).jobId);
    expect(preview.status, JSON.stringify(preview.error)).toBe('done');
    expect(preview.result!.issueCount).toBe(0);
    importId = preview.result!.importId!;
    await s.stop();
  }, 420_000);

  afterAll(async () => {
    await killServers();
    await cleanup?.();
  });

  /** Starts the server on the store and logs in; it must answer as before. */
  async function start(username: string, env: Record<string, string> = {}) {
    const server = await startServer(store, env);
    const cookie = await loginAt(server.url, username);
    const me = await api(server, cookie, 'GET', '/api/auth/me');
    expect(me.status).toBe(200);
    const unitId = (me.body.roles as Array<{ unitId: number | null }>).find((r) => r.unitId !== null)!.unitId!;
    return { server, cookie, unitId };
  }

  it(
    'a register import killed mid-commit is wholly absent or wholly there, and can be committed after the restart',
    { timeout: 420_000 },
    async () => {
      expect(await inspect(store, (db) => importState(db, commune, importId))).toEqual({
        rows: NO_IMPORT,
        status: 'preview',
      });
      // Kill points: the test hook holds the transaction open after the first batch of children is
      // written, then after the last write before COMMIT; finally a kill once the job reports done.
      // (Polling the job's progress cannot place a kill on PGlite: its queries do not yield to the event
      // loop, so the server answers nothing until the commit has finished.)
      const killPoints: Array<{ name: string; hook?: string }> = [
        { name: 'first batch of children written', hook: 'child' },
        { name: 'every row written, before COMMIT', hook: 'register_import' },
        { name: 'commit reported done' },
      ];
      for (const point of killPoints) {
        // Each start is a restart on the data the previous kill left; start() checks that the server answers.
        const { server: s, cookie } = await start(
          'xa.vanphu',
          point.hook ? { CFC_TEST_DELAY_MS: '120000', CFC_TEST_DELAY_TABLE: point.hook } : {},
        );
        const commit = await api(s, cookie, 'POST', `/api/communes/${commune}/register/imports/${importId}/commit`);
        expect(commit.status).toBe(202);
        if (point.hook)
          await until(
            `the commit to write ${point.hook}`,
            async () => (s.output().includes(`CFC_TEST_DELAY ${point.hook}`) ? true : undefined),
            120_000,
          );
        else {
          // The same preview, committed after two crashes, goes through once; a second commit is refused cleanly.
          expect(await finish(s, cookie, commit.body.jobId as string), s.output()).toMatchObject({
            status: 'done',
            result: { children: N },
          });
          const again = await api(s, cookie, 'POST', `/api/communes/${commune}/register/imports/${importId}/commit`);
          expect(await finish(s, cookie, again.body.jobId as string)).toMatchObject({
            status: 'failed',
            error: { status: 409, code: 'already' },
          });
        }
        await s.kill();
        // Killed inside the transaction: nothing of the import; killed after it: all of it.
        expect(await inspect(store, (db) => importState(db, commune, importId)), `killed at "${point.name}"`).toEqual(
          point.hook ? { rows: NO_IMPORT, status: 'preview' } : { rows: WHOLE_IMPORT, status: 'committed' },
        );
      }
    },
  );

  it(
    'a dossier submission killed inside its transaction is wholly absent or wholly there, and can be sent after the restart',
    { timeout: 300_000 },
    async () => {
      // Xã An Khánh's demo dossier is posted with its posting over: ready to submit.
      const { roundId, unitId } = await inspect(store, (db) =>
        db
          .selectFrom('round_entry as e')
          .innerJoin('unit as u', 'u.id', 'e.unit_id')
          .select(['e.round_id as roundId', 'e.unit_id as unitId'])
          .where('u.code', '=', '05809')
          .executeTakeFirstOrThrow(),
      );
      const submission = (db: Db) => submissionState(db, roundId, unitId);
      const before = await inspect(store, submission);
      expect(before).toEqual({ state: 'posted', submissions: 0, rows: 0, transitions: 0, audits: 0, notifications: 0 });
      const submit = (s: ServerProcess, cookie: string) =>
        api(s, cookie, 'POST', `/api/rounds/${roundId}/entries/${unitId}/transitions`, { action: 'submit' });

      // The test hook sleeps inside the transaction after the named write: the first one, then a later one.
      for (const table of ['round_submission', 'entry_transition']) {
        const { server: s, cookie } = await start('xa.ankhanh', {
          CFC_TEST_DELAY_MS: '120000',
          CFC_TEST_DELAY_TABLE: table,
        });
        const request = submit(s, cookie).catch((e: unknown) => e);
        await until(
          `the submission to write ${table}`,
          async () => (s.output().includes(`CFC_TEST_DELAY ${table}`) ? true : undefined),
          60_000,
        );
        await s.kill();
        expect(await request).toBeInstanceOf(Error); // the connection died with the server: no answer was given
        expect(await inspect(store, submission), `killed after the write to ${table}`).toEqual(before);
      }

      // Restarted: the submission goes through, a second one is refused, and a kill right after keeps all of it.
      const { server: s, cookie } = await start('xa.ankhanh');
      const sent = await submit(s, cookie);
      expect(sent.status, JSON.stringify(sent.body)).toBe(200);
      const twice = await submit(s, cookie);
      expect(twice.status).toBe(409);
      expect(twice.body.error?.message).toBeTruthy();
      await s.kill();
      const after = await inspect(store, submission);
      expect(after).toMatchObject({ state: 'submitted', submissions: 1, rows: 1, transitions: 1, audits: 1 });
      expect(after.notifications).toBeGreaterThan(0); // the province's appraisers hear of it
    },
  );
});

async function submissionState(db: Db, roundId: number, unitId: number) {
  const entry = await db
    .selectFrom('round_entry')
    .select(['id', 'state', 'submissions'])
    .where('round_id', '=', roundId)
    .where('unit_id', '=', unitId)
    .executeTakeFirstOrThrow();
  return {
    state: entry.state,
    submissions: entry.submissions,
    rows: await count(db, sql<{ n: string }>`SELECT count(*) AS n FROM round_submission WHERE entry_id = ${entry.id}`),
    transitions: await count(
      db,
      sql<{ n: string }>`SELECT count(*) AS n FROM entry_transition WHERE entry_id = ${entry.id} AND action = 'submit'`,
    ),
    audits: await count(
      db,
      sql<{
        n: string;
      }>`SELECT count(*) AS n FROM audit_log WHERE entity = 'round_entry' AND entity_id = ${String(entry.id)} AND action = 'submit'`,
    ),
    notifications: await count(
      db,
      sql<{
        n: string;
      }>`SELECT count(*) AS n FROM notification WHERE kind = 'submit' AND link = ${`/rounds/${roundId}/entries/${unitId}`}`,
    ),
  };
}
