// PostgreSQL going away under the server (a restart, a failover, an administrator ending sessions),
// simulated by terminating every backend of the server's database — the shared PostgreSQL service
// itself cannot be restarted here. The process must stay up, a lost read is retried on a new
// connection, a lost write answers a clean 503 in the caller's language and saves nothing, and
// requests after the cut succeed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createPgDatabase, killServers, loginAt, startServer, until, type ServerProcess } from '../support/process.ts';

let database: Awaited<ReturnType<typeof createPgDatabase>>;
let server: ServerProcess;
let cookie: string;
let commune: number;
let roundId: number;
/** The test's own connections to the server's database, never terminated: one holds locks, one watches and cuts. */
let admin: pg.Client;
let watch: pg.Client;
let mine: number[];

const MESSAGE = {
  vi: 'Tạm thời không kết nối được cơ sở dữ liệu; vui lòng thử lại sau ít giây. Thao tác vừa rồi không bị lưu dở dang.',
  en: 'The database is briefly unreachable; please try again in a few seconds. Nothing from this request was half-saved.',
};

async function call(method: string, url: string, body?: unknown, extraCookie = '') {
  const res = await fetch(`${server.url}${url}`, {
    method,
    headers: { cookie: cookie + extraCookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
  return {
    status: res.status,
    body: (await res.json().catch(() => null)) as { error?: { code: string; message: string } } & Record<
      string,
      unknown
    >,
  };
}

/** Ends every session the server has open on its database; returns how many. */
async function cutConnections(): Promise<number> {
  const r = await watch.query<{ n: string }>(
    'SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> ALL($2)',
    [database.name, mine],
  );
  return Number(r.rows[0]!.n);
}

/** Waits until one of the server's connections waits on the lock the test holds (observed outside its transaction, whose statistics snapshot would stay frozen). */
const blockedOnLock = (except: number[] = []) =>
  until(
    'a server query waiting on the lock',
    async () => {
      const r = await watch.query<{ pid: number }>(
        `SELECT l.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE a.datname = $1 AND NOT l.granted AND l.pid <> ALL($2)`,
        [database.name, [...mine, ...except]],
      );
      return r.rows[0]?.pid;
    },
    60_000,
  );

const council = (chair: string) => ({
  members: [
    { name: chair, position: 'Chủ tịch UBND xã', role: 'Chủ tịch Hội đồng' },
    { name: 'Trần Thị B', position: 'Công chức VH-XH', role: 'Thư ký' },
    { name: 'Lê Văn C', position: 'Trưởng Công an xã', role: 'Thành viên' },
  ],
  meetingOn: '2026-10-20',
  meetingPlace: 'Hội trường UBND xã',
  meetingSummary: 'Hội đồng rà soát 13 tiêu chí.',
});
const savedChair = async () =>
  ((
    await watch.query<{ council: Array<{ name: string }> }>(
      'SELECT council FROM round_entry WHERE round_id = $1 AND unit_id = $2',
      [roundId, commune],
    )
  ).rows[0]?.council ?? [])[0]?.name;

beforeAll(async () => {
  database = await createPgDatabase('cfc_dbcut');
  server = await startServer({ kind: 'postgres', url: database.url });
  admin = new pg.Client({ connectionString: database.url });
  watch = new pg.Client({ connectionString: database.url });
  await Promise.all([admin.connect(), watch.connect()]);
  mine = await Promise.all(
    [admin, watch].map(async (c) => (await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid),
  );
  cookie = await loginAt(server.url, 'xa.vanphu');
  commune = ((await call('GET', '/api/auth/me')).body.roles as Array<{ unitId: number }>)[0]!.unitId;
  roundId = ((await call('GET', '/api/rounds')).body.items as Array<{ id: number }>)[0]!.id;
}, 240_000);

afterAll(async () => {
  await admin?.end().catch(() => undefined);
  await watch?.end().catch(() => undefined);
  await killServers();
  await database?.drop();
});

describe('the server rides out lost database connections', () => {
  it('idle pooled connections cut: the process stays up and the next requests answer normally', async () => {
    // Fill the pool with connections, then let them go idle.
    const warm = await Promise.all(Array.from({ length: 12 }, () => call('GET', '/api/rounds')));
    expect(warm.map((r) => r.status)).toEqual(Array(12).fill(200));
    expect(await cutConnections()).toBeGreaterThan(1);
    // Without an 'error' listener on the pool the process would now die of an unhandled error event.
    await until(
      'the pool to notice',
      async () => {
        if (!server.alive()) throw new Error(`the server died:\n${server.output()}`);
        return server.output().includes('[db] idle connection lost') ? true : undefined;
      },
      30_000,
    );
    const after = await Promise.all(
      Array.from({ length: 12 }, (_, i) => call('GET', i % 2 ? '/api/rounds' : '/api/auth/me')),
    );
    expect(after.map((r) => r.status)).toEqual(Array(12).fill(200));
    expect(server.alive()).toBe(true);
  });

  it('a read whose connection is cut mid-query is retried on a new connection and answers 200', async () => {
    await admin.query('BEGIN');
    await admin.query('LOCK TABLE round IN ACCESS EXCLUSIVE MODE');
    const pending = call('GET', '/api/rounds');
    try {
      const first = await blockedOnLock();
      expect(await cutConnections()).toBeGreaterThan(0);
      // The read is sent again on another connection and waits on the lock again; then let it go.
      await blockedOnLock([first]);
    } finally {
      await admin.query('COMMIT');
    }
    const res = await pending;
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect((res.body.items as Array<{ id: number }>)[0]!.id).toBe(roundId);
  });

  it('a write whose connection is cut mid-transaction answers 503 in the caller’s language, saves nothing, and goes through when sent again', async () => {
    expect(
      (await call('PUT', `/api/rounds/${roundId}/entries/${commune}/council`, council('Nguyễn Văn A'))).status,
    ).toBe(200);
    expect(await savedChair()).toBe('Nguyễn Văn A');
    // The council update is written, then its audit row waits on the lock: the cut lands inside the transaction.
    await admin.query('BEGIN');
    await admin.query('LOCK TABLE audit_log IN ACCESS EXCLUSIVE MODE');
    const pending = call(
      'PUT',
      `/api/rounds/${roundId}/entries/${commune}/council`,
      council('Phạm Văn D'),
      '; lang=en',
    );
    try {
      await blockedOnLock();
      expect(await cutConnections()).toBeGreaterThan(0);
    } finally {
      await admin.query('COMMIT');
    }
    const res = await pending;
    expect(res.status, JSON.stringify(res.body)).toBe(503);
    expect(res.body.error).toEqual({ code: 'db_unavailable', message: MESSAGE.en });
    expect(await savedChair()).toBe('Nguyễn Văn A');
    const again = await call(
      'PUT',
      `/api/rounds/${roundId}/entries/${commune}/council`,
      council('Phạm Văn D'),
      '; lang=en',
    );
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(await savedChair()).toBe('Phạm Văn D');
  });

  it('connections cut again and again while requests flow: only 200s and clean 503s, then all 200s', async () => {
    const statuses = new Map<number, number>();
    const failures: string[] = [];
    let running = true;
    // Reads, reads that also log (the register list), and transactional writes (the council), in Vietnamese and English.
    const requests = [
      () => call('GET', '/api/rounds'),
      () => call('GET', '/api/auth/me', undefined, '; lang=en'),
      () => call('GET', `/api/communes/${commune}/register/children?pageSize=5`),
      () => call('PUT', `/api/rounds/${roundId}/entries/${commune}/council`, council('Phạm Văn D')),
    ];
    const worker = async (w: number) => {
      for (let i = w; running; i++) {
        const kind = i % requests.length;
        try {
          const res = await requests[kind]!();
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (
            res.status === 503 &&
            !(
              res.body.error?.code === 'db_unavailable' &&
              res.body.error.message === (kind === 1 ? MESSAGE.en : MESSAGE.vi)
            )
          )
            failures.push(`503 with ${JSON.stringify(res.body)}`);
          if (res.status !== 200 && res.status !== 503) failures.push(`${res.status} ${JSON.stringify(res.body)}`);
        } catch (e) {
          failures.push(`no answer: ${String(e)}`); // a dead process or a dropped socket
        }
      }
    };
    const workers = Array.from({ length: 6 }, (_, w) => worker(w));
    let cut = 0;
    for (let round = 0; round < 5; round++) {
      await new Promise((r) => setTimeout(r, 400));
      cut += await cutConnections();
    }
    await new Promise((r) => setTimeout(r, 400));
    running = false;
    await Promise.all(workers);
    expect(cut).toBeGreaterThan(0);
    expect(failures, server.output()).toEqual([]);
    expect(statuses.get(200)).toBeGreaterThan(0);
    expect(server.alive()).toBe(true);
    const after = await Promise.all(requests.flatMap((r) => [r(), r()]));
    expect(after.map((r) => r.status)).toEqual(Array(after.length).fill(200));
  });
});
