// The deadline rush (BENCH_ONLY=rush): every current commune (3,321) submits its dossier within the
// last hour before the deadline, compressed into BENCH_RUSH_SECONDS (60). Each commune's dossier is
// prepared first (one round per province, full values, a council, the public posting over: state
// `posted`); in the rush each commune, at a random moment of the window, logs in, opens its dossier
// and submits it (POST …/transitions {action: 'submit'}: locks the entry, re-validates and scores the
// values, freezes them, writes the transition, a notification and an audit row hash-chained in its
// province's chain, migrations/0019_audit_chains.sql; the login's row goes to the officer's province's chain). Values are
// frozen from self-assessment on (by design), so the last-hour saves are those of section 3.
// Clients come from one loopback address per province (127.0.1.x), as communes do from their own
// networks: the login rate limit is per address. A request answered 503 (admission control,
// src/server/http/admission.ts) is retried after its Retry-After, as the web client does; the submission
// carries an Idempotency-Key. A second pass (BENCH_RUSH_OVERLOAD, 1.5) puts the dossiers back and runs the
// same communes in two thirds of the window, to show how the server sheds load it cannot take. Each pass
// reports the CPU a commune costs (server process + its PostgreSQL backends) and the share of the machine.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import http from 'node:http';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../src/server/db/database.ts';
import { verifyAuditChain } from '../src/server/features/audit/chain.ts';
import { hashPassword } from '../src/server/features/auth/passwords.ts';
import { defaultCalendar } from '../src/server/features/rounds/store.ts';
import { latestPublished } from '../src/server/features/rule-sets/store.ts';
import { busyRetryWait } from '../src/core/http/retry.ts';
import { startServer } from './load.ts';
import { seeded } from './random.ts';
import { populate } from './recompute.ts';
import { goal, heading, int, ms, percentile, row, sec } from './stats.ts';

const PASSWORD = 'rush-deadline-2026';
const STEPS = ['login', 'open', 'submit'] as const;
/** Retries of a request answered 503 (the web client allows 4, then the officer clicks again): bounded, and long enough to outlast a 1.5× backlog. */
const RETRIES = 10;
type Step = (typeof STEPS)[number];

interface Reply {
  status: number;
  body: string;
  cookie?: string;
  retryAfter?: string;
}

function send(
  agent: http.Agent,
  base: URL,
  method: string,
  path: string,
  cookie: string | undefined,
  body?: object,
  headers: Record<string, string> = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const payload = body ? JSON.stringify(body) : undefined;
    const req = http.request(
      {
        host: base.hostname,
        port: base.port,
        method,
        path,
        agent,
        timeout: 30_000,
        headers: {
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
          ...(cookie ? { cookie } : {}),
          ...headers,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: text,
            cookie: res.headers['set-cookie']?.find((c) => c.startsWith('cfc_session='))?.split(';')[0],
            retryAfter: res.headers['retry-after'],
          }),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout after 30 s')));
    req.on('error', reject);
    req.end(payload);
  });
}

/** User + system CPU seconds of a process so far (Linux /proc; NaN elsewhere). */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100 a second on Linux)
  } catch {
    return NaN;
  }
}

/** The server's PostgreSQL backends: its pool connects with application_name = appName (PGAPPNAME), so
 * other sessions on the same database (other test runs) are not counted. */
async function backendPids(handle: DatabaseHandle, appName: string): Promise<Set<number>> {
  const r = await sql<{
    pid: number;
  }>`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend' AND application_name = ${appName}`.execute(
    handle.db,
  );
  return new Set(r.rows.map((x) => x.pid));
}

export async function runRush(
  handle: DatabaseHandle,
  options: { url: string; schema: string; seconds: number; communes?: number; overload: number },
): Promise<void> {
  const { db } = handle;
  const populated = await populate(handle);
  row(
    'assessments + values (2026)',
    `${int(populated.communes.length)} communes, ${int(populated.valueRows)} values in ${sec(populated.millis)}`,
  );

  // One round per province, every commune's entry posted with its council, the posting over.
  const t = performance.now();
  const ruleSet = await latestPublished(db);
  const cal = defaultCalendar(2026);
  await sql`INSERT INTO round (province_id, period_id, rule_set_id, title, dossier_due, appraisal_due, decision_due, report_due, appraising_body, signer_title)
    SELECT id, ${populated.periodId}::int, ${ruleSet.id}::int, 'Đánh giá năm 2026 — ' || name, ${cal.dossierDue}::date, ${cal.appraisalDue}::date, ${cal.decisionDue}::date, ${cal.reportDue}::date, 'Sở Y tế', 'CHỦ TỊCH'
    FROM unit WHERE level = 'province' AND valid_to IS NULL`.execute(db);
  const council = JSON.stringify([
    { name: 'Nguyễn Văn A', position: 'Chủ tịch UBND xã', role: 'Chủ tịch Hội đồng' },
    { name: 'Trần Thị B', position: 'Công chức VH-XH', role: 'Thư ký' },
    { name: 'Lê Văn C', position: 'Trưởng Công an xã', role: 'Thành viên' },
  ]);
  await sql`INSERT INTO round_entry (round_id, unit_id, assessment_id, state, council, meeting_on, meeting_place, meeting_summary, posting_from, posting_to)
    SELECT r.id, a.unit_id, a.id, 'posted', ${council}::jsonb, '2026-10-01', 'Hội trường UBND xã', 'Hội đồng thống nhất kết quả tự đánh giá.', '2026-10-02', '2026-10-08'
    FROM assessment a JOIN unit u ON u.id = a.unit_id JOIN round r ON r.province_id = u.parent_id AND r.period_id = a.period_id
    WHERE a.period_id = ${populated.periodId}`.execute(db);
  // One officer per commune; one argon2id hash for all (hashing 3,321 passwords would take minutes and is not what is measured).
  const hash = await hashPassword(PASSWORD);
  await sql`INSERT INTO app_user (username, password_hash, full_name) SELECT 'rush.' || code, ${hash}, 'Cán bộ ' || name FROM unit WHERE level = 'commune' AND valid_to IS NULL`.execute(
    db,
  );
  await sql`INSERT INTO user_role (user_id, role, unit_id) SELECT au.id, 'commune_officer', u.id FROM unit u JOIN app_user au ON au.username = 'rush.' || u.code WHERE u.level = 'commune' AND u.valid_to IS NULL`.execute(
    db,
  );
  await sql`ANALYZE`.execute(db);
  const entries = (
    await sql<{ round_id: number; unit_id: number; code: string; province_id: number }>`
      SELECT e.round_id, e.unit_id, u.code, u.parent_id AS province_id FROM round_entry e JOIN unit u ON u.id = e.unit_id ORDER BY e.unit_id`.execute(
      db,
    )
  ).rows.slice(0, options.communes);
  const auditBefore = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM audit_log`.execute(db)).rows[0]!.n);
  row('rounds, entries (posted), officers', `${int(entries.length)} communes ready in ${sec(performance.now() - t)}`);

  const passes: Array<{ label: string; seconds: number }> = [{ label: '1×', seconds: options.seconds }];
  // 1.5× the communes a second: the same communes, their dossiers put back, in two thirds of the window.
  if (options.overload > 0) passes.push({ label: `${options.overload}×`, seconds: options.seconds / options.overload });
  for (const [i, pass] of passes.entries()) {
    if (i > 0) await putBack(handle, entries);
    await rushPass(handle, options, entries, pass, auditBefore);
  }
}

/** The dossiers back to `posted` for another pass (the audit rows stay: the chain is append-only). */
async function putBack(handle: DatabaseHandle, entries: Array<{ round_id: number; unit_id: number }>): Promise<void> {
  const { db } = handle;
  const units = entries.map((e) => e.unit_id);
  await db.transaction().execute(async (trx) => {
    await sql`DELETE FROM round_submission WHERE entry_id IN (SELECT id FROM round_entry WHERE unit_id = ANY(${units}::int[]))`.execute(
      trx,
    );
    await sql`DELETE FROM entry_transition WHERE action = 'submit' AND entry_id IN (SELECT id FROM round_entry WHERE unit_id = ANY(${units}::int[]))`.execute(
      trx,
    );
    await sql`UPDATE round_entry SET state = 'posted', submissions = 0 WHERE unit_id = ANY(${units}::int[])`.execute(
      trx,
    );
    await sql`DELETE FROM idempotency_key`.execute(trx);
  });
  await sql`VACUUM ANALYZE round_entry`.execute(db);
}

/** How a step went: answers, their latency, 503s, retries. */
interface StepCounts {
  samples: number[];
  errors: number;
  shed: number;
  retries: number;
}

async function rushPass(
  handle: DatabaseHandle,
  options: { url: string; schema: string },
  entries: Array<{ round_id: number; unit_id: number; code: string; province_id: number }>,
  pass: { label: string; seconds: number },
  auditStart: number,
): Promise<void> {
  const { db } = handle;
  const subsBefore = Number(
    (await sql<{ n: string }>`SELECT count(*) AS n FROM round_submission`.execute(db)).rows[0]!.n,
  );
  const auditBefore = Math.max(
    auditStart,
    Number((await sql<{ n: string }>`SELECT count(*) AS n FROM audit_log`.execute(db)).rows[0]!.n),
  );
  const appName = `cfc-rush-${options.schema}`;
  const server = await startServer({
    BENCH_SERVER_DB_URL: options.url,
    BENCH_SERVER_DB_SCHEMA: options.schema,
    PGAPPNAME: appName,
  });
  const serverCpuBefore = cpuSeconds(server.child.pid!);
  const loadgenBefore = process.cpuUsage();
  const base = new URL(server.url);
  const provinces = [...new Set(entries.map((e) => e.province_id))];
  const agents = new Map(
    provinces.map((p, i) => [p, new http.Agent({ keepAlive: true, localAddress: `127.0.1.${i + 1}` })]),
  );
  const steps: Record<Step, StepCounts> = {
    login: { samples: [], errors: 0, shed: 0, retries: 0 },
    open: { samples: [], errors: 0, shed: 0, retries: 0 },
    submit: { samples: [], errors: 0, shed: 0, retries: 0 },
  };
  const firstErrors: string[] = [];
  const communeMs: number[] = [];
  let submitted = 0;
  let late = 0;
  const rng = seeded(806);
  const windowMs = pass.seconds * 1000;
  const starts = entries.map(() => rng() * windowMs).sort((a, b) => a - b);
  let inFlight = 0;
  let maxInFlight = 0;
  const t0 = performance.now();
  let lastEnd = t0;
  const loadAtStart = os.loadavg()[0]!;
  // As the web client does (src/web/app/api.ts, core/http/retry.ts): a 503 is retried after its Retry-After,
  // doubled with each refusal and spread at random, at most RETRIES times; a submission carries its Idempotency-Key.
  const step = async (name: Step, run: () => Promise<Reply>, ok: (r: Reply) => boolean): Promise<Reply | null> => {
    const counts = steps[name];
    for (let attempt = 0; ; attempt++) {
      const s = performance.now();
      try {
        const r = await run();
        if (r.status === 503 && attempt < RETRIES) {
          counts.shed++;
          counts.retries++;
          const wait = busyRetryWait(r.retryAfter, attempt + 1, rng());
          await new Promise((resolve) => setTimeout(resolve, wait * 1000));
          continue;
        }
        if (r.status === 503) counts.shed++;
        if (ok(r)) {
          counts.samples.push(performance.now() - s);
          return r;
        }
        counts.errors++;
        if (firstErrors.length < 5) firstErrors.push(`${name}: ${r.status} ${r.body.slice(0, 200)}`);
      } catch (error) {
        counts.errors++;
        if (firstErrors.length < 5) firstErrors.push(`${name}: ${error}`);
      }
      return null;
    }
  };
  const commune = async (e: (typeof entries)[number], at: number) => {
    const wait = t0 + at - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    else late++;
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const began = performance.now();
    const agent = agents.get(e.province_id)!;
    try {
      const login = await step(
        'login',
        () =>
          send(agent, base, 'POST', '/api/auth/login', undefined, { username: `rush.${e.code}`, password: PASSWORD }),
        (r) => r.status === 200 && !!r.cookie,
      );
      if (!login) return;
      const entryPath = `/api/rounds/${e.round_id}/entries/${e.unit_id}`;
      if (
        !(await step(
          'open',
          () => send(agent, base, 'GET', entryPath, login.cookie),
          (r) => r.status === 200,
        ))
      )
        return;
      const key = `rush-${e.unit_id}-${randomBytes(6).toString('hex')}`;
      const done = await step(
        'submit',
        () =>
          send(
            agent,
            base,
            'POST',
            `${entryPath}/transitions`,
            login.cookie,
            { action: 'submit' },
            { 'idempotency-key': key },
          ),
        (r) => r.status === 200 && r.body.includes('"submitted"'),
      );
      if (done) {
        submitted++;
        communeMs.push(performance.now() - began);
      }
    } finally {
      inFlight--;
      lastEnd = performance.now();
    }
  };
  // Where the time goes: every 100 ms, how many PostgreSQL backends are busy and how many wait on an
  // audit chain's lock (migrations/0019_audit_chains.sql: keyed by this schema's audit_log table and the chain).
  const auditTable = (await sql<{ oid: string }>`SELECT 'audit_log'::regclass::oid::text AS oid`.execute(db)).rows[0]!
    .oid;
  const waits = { samples: 0, active: 0, advisory: 0 };
  const sampler = setInterval(() => {
    void sql<{ active: string; advisory: string }>`SELECT count(*) FILTER (WHERE state = 'active') AS active,
        (SELECT count(*) FROM pg_locks l WHERE l.locktype = 'advisory' AND NOT l.granted AND l.classid = ${auditTable}::oid AND l.objsubid = 2
           AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())) AS advisory
      FROM pg_stat_activity WHERE datname = current_database() AND application_name = ${appName}`
      .execute(db)
      .then(
        (r) => {
          waits.samples++;
          waits.active += Number(r.rows[0]!.active);
          waits.advisory += Number(r.rows[0]!.advisory);
        },
        () => undefined,
      );
  }, 100);
  let serverCpu: number;
  let pgCpu: number;
  let statements: number | null;
  let loadgenCpu: number;
  try {
    await Promise.all(entries.map((e, i) => commune(e, starts[i]!)));
  } finally {
    clearInterval(sampler);
    for (const a of agents.values()) a.destroy();
    serverCpu = cpuSeconds(server.child.pid!) - serverCpuBefore;
    const used = process.cpuUsage(loadgenBefore);
    loadgenCpu = (used.user + used.system) / 1e6;
    statements = await server.queries();
    // The server's own connections (they live as long as its pool).
    pgCpu = [...(await backendPids(handle, appName))].reduce((s, pid) => s + cpuSeconds(pid), 0);
    await server.stop();
  }
  const elapsed = lastEnd - t0;
  const all = STEPS.flatMap((n) => steps[n].samples).sort((a, b) => a - b);
  const totalErrors = STEPS.reduce((n, s) => n + steps[s].errors, 0);
  const totalShed = STEPS.reduce((n, s) => n + steps[s].shed, 0);
  const totalRetries = STEPS.reduce((n, s) => n + steps[s].retries, 0);
  const requests = all.length + totalErrors + totalShed;
  heading(
    `Rush ${pass.label}: ${int(entries.length)} communes in ${sec(windowMs)} (${((entries.length * 1000) / windowMs).toFixed(1)} a second)`,
  );
  row(
    'window',
    `last answer at ${sec(elapsed)}; up to ${maxInFlight} communes in flight${late ? `; ${late} started late` : ''}; load average (1 min) ${loadAtStart.toFixed(2)} at start, ${os.loadavg()[0]!.toFixed(2)} at end`,
  );
  row(
    'successful answers',
    `${int(all.length)} of ${int(requests)} requests (${((requests * 1000) / elapsed).toFixed(1)} req/s): p50 ${ms(percentile(all, 50))}, p95 ${ms(percentile(all, 95))}, p99 ${ms(percentile(all, 99))}, max ${ms(all[all.length - 1] ?? NaN)}`,
  );
  row(
    'shed and retried',
    `${int(totalShed)} answered 503 (Retry-After), ${int(totalRetries)} retried; ${totalErrors} errors (after at most ${RETRIES} retries)`,
  );
  for (const name of STEPS) {
    const c = steps[name];
    const l = c.samples.sort((a, b) => a - b);
    row(
      `  ${name}`,
      `${int(l.length)} ok, ${c.shed} × 503, ${c.errors} errors: p50 ${ms(percentile(l, 50))}, p95 ${ms(percentile(l, 95))}, p99 ${ms(percentile(l, 99))}, max ${ms(l[l.length - 1] ?? NaN)}`,
    );
  }
  communeMs.sort((a, b) => a - b);
  row(
    'a commune, login to submitted (retries included)',
    `p50 ${ms(percentile(communeMs, 50))}, p95 ${ms(percentile(communeMs, 95))}, max ${ms(communeMs[communeMs.length - 1] ?? NaN)}`,
  );
  if (firstErrors.length) row('first errors', firstErrors.join(' | '));
  const cores = os.availableParallelism();
  // A figure of the work a commune costs only when every commune got through; else shed attempts weigh in too.
  const perCommune = ((serverCpu + pgCpu) * 1000) / Math.max(1, submitted);
  row(
    `CPU a submitted commune${submitted < entries.length ? ' (not all got through: shed attempts included)' : ''}`,
    `${perCommune.toFixed(1)} ms: server process ${((serverCpu * 1000) / Math.max(1, submitted)).toFixed(1)} ms (argon2id included), its PostgreSQL backends ${((pgCpu * 1000) / Math.max(1, submitted)).toFixed(1)} ms (totals ${serverCpu.toFixed(1)} s + ${pgCpu.toFixed(1)} s)`,
  );
  row(
    'share of the machine',
    `server + PostgreSQL ${((100 * (serverCpu + pgCpu)) / ((elapsed / 1000) * cores)).toFixed(0)} % of ${cores} cores over the run; load generator ${((100 * loadgenCpu) / ((elapsed / 1000) * cores)).toFixed(0)} %; at this cost the cores serve at most ${int((cores * 1000) / perCommune)} communes a second`,
  );
  if (statements !== null)
    row(
      'statements sent to PostgreSQL',
      `${(statements / Math.max(1, submitted)).toFixed(1)} a commune (BEGIN/COMMIT included, sessions read included)`,
    );
  row(
    'PostgreSQL backends, sampled every 100 ms',
    `${(waits.active / Math.max(1, waits.samples)).toFixed(1)} active on average, of which ${(waits.advisory / Math.max(1, waits.samples)).toFixed(1)} waiting on an audit chain lock (${waits.samples} samples)`,
  );
  const units = entries.map((e) => e.unit_id);
  const check = (
    await sql<{ subs: string; once: string; twice: string; none: string; audits: string }>`
      WITH per AS (SELECT e.id, count(s.id) AS n FROM round_entry e LEFT JOIN round_submission s ON s.entry_id = e.id
                   WHERE e.unit_id = ANY(${units}::int[]) GROUP BY e.id)
      SELECT (SELECT count(*) FROM round_submission) AS subs, count(*) FILTER (WHERE n = 1) AS once,
        count(*) FILTER (WHERE n > 1) AS twice, count(*) FILTER (WHERE n = 0) AS none,
        (SELECT count(*) FROM audit_log) AS audits FROM per`.execute(db)
  ).rows[0]!;
  row(
    'database after the rush',
    `${int(Number(check.subs) - subsBefore)} submissions for ${int(submitted)} successful submits: ${int(Number(check.once))} dossiers submitted exactly once, ${int(Number(check.twice))} more than once, ${int(Number(check.none))} not submitted; ${int(Number(check.audits) - auditBefore)} audit rows written`,
  );
  const verifyStart = performance.now();
  const chains = await verifyAuditChain(db);
  row(
    'audit chains after the rush',
    `${chains.chains.length} chains, ${int(chains.count)} rows, ${
      chains.intact
        ? 'all intact'
        : `BROKEN: ${chains.chains
            .filter((c) => !c.intact)
            .map((c) => c.chain)
            .join(', ')}`
    } (verified in ${sec(performance.now() - verifyStart)})`,
  );
  const exactlyOnce = Number(check.twice) === 0 && Number(check.once) === submitted;
  if (pass.label === '1×')
    row(
      'rush p95 (goal < 200 ms, zero errors)',
      `${ms(percentile(all, 95))}, ${totalErrors} errors, ${totalShed} shed — ${goal(percentile(all, 95) < 200 && totalErrors === 0 && totalShed === 0 && exactlyOnce)}`,
    );
  else
    row(
      'overload (goal: shed with fast 503s, retries succeed, each dossier once)',
      `p95 of successful answers ${ms(percentile(all, 95))}, ${totalShed} × 503, ${totalErrors} errors, ${int(submitted)} of ${int(entries.length)} submitted, ${exactlyOnce ? 'each exactly once' : 'NOT exactly once'} — ${goal(totalErrors === 0 && submitted === entries.length && exactlyOnce)}`,
    );
}
