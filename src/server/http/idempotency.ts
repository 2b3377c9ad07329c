// Idempotency keys for any route: a request sent again with the same Idempotency-Key header (a retry
// after a dropped connection, a double click) gets the first answer and does nothing twice; the same key
// with a different request is refused with 409. Keys live a day (migrations/0015_idempotency.sql).
import { createHash } from 'node:crypto';
import { sql, type ColumnType, type Kysely } from 'kysely';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../db/schema.ts';
import { Refusal } from '../platform/refusal.ts';

interface IdempotencyTable {
  scope: string;
  key: string;
  request_hash: string;
  status: number | null;
  response: ColumnType<unknown, string | null, string | null>;
  created_at: ColumnType<Date, never, never>;
}
type Db = Kysely<Database & { idempotency_key: IdempotencyTable }>;

export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** A first request that never finished (the process stopped) frees its key after this long. */
const ABANDONED_AFTER_MS = 10 * 60_000;
/** How long a key is kept (a day), and how often the expired ones are swept. */
const KEPT_MS = 24 * 3_600_000;
const SWEEP_EVERY_MS = 60_000;
let lastSweep = 0;
const KEY = /^[\x21-\x7e]{1,200}$/;

/** SHA-256 of a JSON value with its object keys sorted, so that the same request always hashes the same. */
export function requestHash(value: unknown): string {
  const canonical = (v: unknown): unknown =>
    Buffer.isBuffer(v)
      ? `sha256:${createHash('sha256').update(v).digest('hex')}`
      : Array.isArray(v)
        ? v.map(canonical)
        : v && typeof v === 'object'
          ? Object.fromEntries(
              Object.keys(v)
                .sort()
                .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
            )
          : v;
  return createHash('sha256')
    .update(JSON.stringify(canonical(value)) ?? 'null')
    .digest('hex');
}

/** The request's key, or null when it sent none; a malformed key is refused naming the header. */
export function idempotencyKeyOf(request: FastifyRequest): string | null {
  const raw = request.headers[IDEMPOTENCY_HEADER];
  if (raw === undefined) return null;
  const key = (Array.isArray(raw) ? raw[0] : raw)?.trim() ?? '';
  if (!KEY.test(key)) throw new Refusal('invalid', 'common:idempotency.bad_key', { value: key.slice(0, 60) });
  return key;
}

/**
 * Runs `work` once per key: `what` is what the request asks for (params, body, file bytes), hashed. The
 * answer of a successful first request is stored and replayed with the header `Idempotent-Replayed: true`;
 * a failed one frees the key, so the retry runs again. Without a key the work simply runs.
 */
export async function idempotent<T>(
  db: Kysely<Database>,
  request: FastifyRequest,
  reply: FastifyReply,
  what: unknown,
  work: () => Promise<{ status: number; body: T }>,
): Promise<T> {
  const key = idempotencyKeyOf(request);
  const run = async () => {
    const out = await work();
    reply.status(out.status);
    return out.body;
  };
  if (key === null) return run();
  const d = db as unknown as Db;
  const userId = (request as { user?: { id?: number } | null }).user?.id ?? 'anonymous';
  const scope = `${request.method} ${request.routeOptions.url ?? request.url}#${userId}`;
  const hash = requestHash(what);
  // Expired keys are swept at most once a minute, not with every keyed request; one met before that is expired all the same (below).
  if (Date.now() - lastSweep > SWEEP_EVERY_MS) {
    lastSweep = Date.now();
    await d
      .deleteFrom('idempotency_key')
      .where('created_at', '<', sql<Date>`now() - interval '1 day'`)
      .execute();
  }
  const claimed = await d
    .insertInto('idempotency_key')
    .values({ scope, key, request_hash: hash, status: null, response: null })
    .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  if (!claimed) {
    const first = await d
      .selectFrom('idempotency_key')
      .select(['request_hash', 'status', 'response', 'created_at'])
      .where('scope', '=', scope)
      .where('key', '=', key)
      .executeTakeFirst();
    if (!first) return idempotent(db, request, reply, what, work); // expired between the two statements
    // A key past its day, or whose first request was abandoned, is freed and claimed again.
    const age = Date.now() - new Date(first.created_at).getTime();
    if (age > KEPT_MS || (first.status === null && age > ABANDONED_AFTER_MS)) {
      await d
        .deleteFrom('idempotency_key')
        .where('scope', '=', scope)
        .where('key', '=', key)
        .where((eb) =>
          eb.or([
            eb('created_at', '<', new Date(Date.now() - KEPT_MS)),
            eb.and([eb('status', 'is', null), eb('created_at', '<', new Date(Date.now() - ABANDONED_AFTER_MS))]),
          ]),
        )
        .execute();
      return idempotent(db, request, reply, what, work);
    }
    if (first.request_hash !== hash) throw new Refusal('conflict', 'common:idempotency.mismatch', { key });
    if (first.status === null) throw new Refusal('conflict', 'common:idempotency.in_progress', { key });
    reply.header('idempotent-replayed', 'true').status(first.status);
    return first.response as T;
  }
  try {
    const out = await work();
    await d
      .updateTable('idempotency_key')
      .set({ status: out.status, response: JSON.stringify(out.body ?? null) })
      .where('scope', '=', scope)
      .where('key', '=', key)
      .execute();
    reply.status(out.status);
    return out.body;
  } catch (error) {
    await d.deleteFrom('idempotency_key').where('scope', '=', scope).where('key', '=', key).execute();
    throw error;
  }
}
