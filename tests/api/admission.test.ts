// Overload is shed, not queued (issue 23): with small limits and real concurrent requests against the real
// server, requests beyond a class's limit wait a bounded time and then get 503 with Retry-After and the app's
// error body; other classes keep working; every place is given back; and a submission retried with the same
// Idempotency-Key after a 503 (and once more after its answer) ends submitted exactly once.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.ts';
import { Gate, routeClassOf } from '../../src/server/http/admission.ts';
import { communeId } from '../support/db.ts';
import { setConfig } from '../support/config.ts';
import { login, startTestServer, type TestApp } from '../support/server.ts';

let t: TestApp & { url: string };
let restore: () => void;
let cookie: string;
let roundId: number;
let anKhanh: number;
const WAIT_MS = 100;

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A request over a real socket; `hold` sends the headers and half the body, and finishes when `release` is called. */
function send(
  method: string,
  path: string,
  options: { body?: object; headers?: Record<string, string>; hold?: boolean } = {},
): { answer: Promise<Answer>; release: () => void } {
  const payload = options.body ? Buffer.from(JSON.stringify(options.body)) : undefined;
  const url = new URL(path, t.url);
  let release = () => {};
  const answer = new Promise<Answer>((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method,
        agent: false,
        headers: {
          cookie,
          ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}),
          ...options.headers,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    if (payload && options.hold) {
      // The route's admission is decided on the headers; the body's second half keeps the place taken.
      req.write(payload.subarray(0, 1));
      req.flushHeaders();
      release = () => req.end(payload.subarray(1));
    } else req.end(payload);
  });
  return { answer, release };
}

/** A real write (an unknown action: refused, changing nothing, once its body has arrived) holding a write place. */
const holdWrite = () =>
  send('POST', `/api/rounds/${roundId}/entries/${anKhanh}/transitions`, {
    body: { action: 'no_such_action' },
    hold: true,
  });

/** Resolves once the server has taken the held request in (the write class shows one in flight). */
const taken = (routeClass: 'write' | 'login' | 'read', n = 1) =>
  expect.poll(() => t.app.admission.counts()[routeClass].inFlight).toBe(n);

beforeAll(async () => {
  // Read when the app is built: one write, one login and two reads at a time, a short wait, Retry-After 3.
  restore = setConfig({
    admissionWriteLimit: 1,
    admissionLoginLimit: 1,
    admissionReadLimit: 2,
    admissionWaitMs: WAIT_MS,
    admissionRetryAfterSeconds: 3,
  });
  t = await startTestServer();
  cookie = await login(t.app, 'xa.ankhanh');
  anKhanh = await communeId(t.database.db, '05809');
  roundId = (await t.app.inject({ method: 'GET', url: '/api/rounds', headers: { cookie } })).json().items[0].id;
}, 120_000);

afterAll(async () => {
  await t?.close();
  restore?.();
});

describe('route classes', () => {
  it('puts logins, writes and reads of the API in their own classes, and leaves pages and health alone', () => {
    expect(routeClassOf('POST', '/api/auth/login')).toBe('login');
    expect(routeClassOf('POST', '/api/auth/password')).toBe('login');
    expect(routeClassOf('POST', '/api/rounds/:id/entries/:unitId/transitions')).toBe('write');
    expect(routeClassOf('PUT', '/api/units/:unitId/assessments/:periodId/values')).toBe('write');
    expect(routeClassOf('GET', '/api/rounds/:id/entries/:unitId')).toBe('read');
    expect(routeClassOf('GET', '/api/health')).toBeNull();
    expect(routeClassOf('GET', '/cong-khai')).toBeNull();
  });

  it('a gate never lets more than its limit in, hands a place to the first in line, and sheds past the line', async () => {
    const gate = new Gate(1, 1);
    expect(gate.enter(1_000)).toBe(true);
    const waiting = gate.enter(1_000);
    expect(await gate.enter(1_000)).toBe(false); // the line (1) is full: refused at once
    gate.leave();
    expect(await waiting).toBe(true);
    expect(gate.snapshot()).toMatchObject({ inFlight: 1, queued: 0, admitted: 2, waited: 1, shed: 1 });
    const late = gate.enter(5); // nobody leaves within 5 ms
    expect(await late).toBe(false);
    gate.leave();
    expect(gate.snapshot()).toMatchObject({ inFlight: 0, shed: 2 });
  });
});

describe('a saturated server sheds with 503 and Retry-After', () => {
  it('refuses writes beyond the limit with the app error body, while reads still answer, and gives every place back', async () => {
    const before = t.app.admission.counts().write;
    // A real write holds the one write place: its body is still on its way.
    const held = holdWrite();
    await taken('write');
    const writes = Array.from(
      { length: 12 },
      () =>
        send('POST', `/api/rounds/${roundId}/entries/${anKhanh}/transitions`, {
          body: { action: 'no_such_action' },
          headers: { 'accept-language': 'en' },
        }).answer,
    );
    const reads = Array.from({ length: 2 }, () => send('GET', `/api/rounds/${roundId}/entries/${anKhanh}`).answer);
    const refused = await Promise.all(writes);
    // Every write was refused without being worked on; the reads, another class, were answered meanwhile.
    for (const r of refused) {
      expect(r.status).toBe(503);
      expect(r.headers['retry-after']).toBe('3');
      expect(JSON.parse(r.body)).toEqual({
        error: { code: 'overloaded', message: translator('en')('common:error.overloaded') },
      });
    }
    for (const r of await Promise.all(reads)) expect(r.status).toBe(200);
    const during = t.app.admission.counts().write;
    expect(during.shed - before.shed).toBe(12);
    expect(during.admitted - before.admitted).toBe(1);
    held.release();
    expect((await held.answer).status).not.toBe(503);
    await taken('write', 0);
    expect(t.app.admission.counts().read).toMatchObject({ inFlight: 0, queued: 0 });
  });

  it('sheds logins in their own class in Vietnamese by default, and a shed login changes nothing', async () => {
    const held = send('POST', '/api/auth/login', { body: { username: 'xa.daitu', password: 'x' }, hold: true });
    await taken('login');
    const shed = await send('POST', '/api/auth/login', { body: { username: 'xa.vanphu', password: 'demo@2026' } })
      .answer;
    expect(shed.status).toBe(503);
    expect(shed.headers['retry-after']).toBe('3');
    expect(JSON.parse(shed.body).error.message).toBe(translator('vi')('common:error.overloaded'));
    expect(shed.headers['set-cookie']).toBeUndefined();
    held.release();
    expect((await held.answer).status).toBe(401);
    await taken('login', 0);
  });
});

describe('a submission retried with its Idempotency-Key', () => {
  it('is refused with 503 while the server is full, then submitted exactly once by the retries', async () => {
    const entryId = (await send('GET', `/api/rounds/${roundId}/entries/${anKhanh}`).answer).body;
    const id = JSON.parse(entryId).entry.id as number;
    const countSubmissions = async () =>
      (
        await t.database.db
          .selectFrom('round_submission')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('entry_id', '=', id)
          .executeTakeFirstOrThrow()
      ).n;
    const submitRows = async () => ({
      transitions: await t.database.db
        .selectFrom('entry_transition')
        .select('id')
        .where('entry_id', '=', id)
        .where('action', '=', 'submit')
        .execute(),
      audits: await t.database.db
        .selectFrom('audit_log')
        .select('id')
        .where('entity', '=', 'round_entry')
        .where('entity_id', '=', String(id))
        .where('action', '=', 'submit')
        .execute(),
    });
    const before = Number(await countSubmissions());
    const { transitions: t0, audits: a0 } = await submitRows();
    const [transitionsBefore, auditsBefore] = [t0.length, a0.length];
    const key = 'rush-test-0001';
    const submit = () =>
      send('POST', `/api/rounds/${roundId}/entries/${anKhanh}/transitions`, {
        body: { action: 'submit' },
        headers: { 'idempotency-key': key },
      }).answer;

    const held = holdWrite();
    await taken('write');
    const first = await submit();
    expect(first.status).toBe(503);
    expect(first.headers['retry-after']).toBe('3');
    held.release();
    await held.answer;
    await taken('write', 0);

    // The officer's browser retries (several times, some at once): one submission, the same answer to each.
    const retries = await Promise.all([submit(), submit(), submit()]);
    const statuses = retries.map((r) => r.status);
    expect(statuses).toContain(200);
    // One ran; the others were shed (503), or found it running (409) or done (the first answer again).
    for (const r of retries) expect([200, 409, 503]).toContain(r.status);
    const again = await submit();
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(JSON.parse(again.body).entry.state).toBe('submitted');
    expect(Number(await countSubmissions())).toBe(before + 1);
    const { transitions, audits } = await submitRows();
    expect(transitions).toHaveLength(transitionsBefore + 1);
    expect(audits).toHaveLength(auditsBefore + 1);
  });
});
