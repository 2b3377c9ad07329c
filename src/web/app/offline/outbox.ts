// The outbox (issue 21): writes made without a connection wait on the device (sealed in the vault, in order) and are
// sent, in that order, when it returns. Each carries its Idempotency-Key from the first attempt, so a write that
// reached the server before the line dropped is not applied twice. A write the server refuses stays, with the
// server's message and issues, until the person retries or discards it.
//
// Use:
//   const r = await sendOrQueue<{ id: number }>({ method: 'POST', url, body, label: 'Trẻ em: Lò Thị Mai' });
//   if (r.queued) … show "waiting to send"; else … r.result is the server's answer.
//   enqueue({ method, url, body, label, idempotencyKey? })   queue without trying first
//   useOutbox() → { items, waiting, refused, online, sentCount, flush, retry, discard }
//   pendingFor(items, url, method?) → the queued writes to one URL (to show them where they belong)
//   placeholderOf(item.idempotencyKey) → stands for the id a queued write will create, in the URLs of writes queued
//     after it (a record for a child added offline); replaced by the server's id once that write is sent
import { useSyncExternalStore } from 'react';
import { api, ApiError, newIdempotencyKey, type ApiIssue } from '../api.ts';
import { onVaultChange, outboxAdd, outboxAll, outboxDelete, outboxPut, vaultOpen } from './vault.ts';
import { syncVerdict } from './sync-rules.ts';
import { placeholdersIn, resolvePlaceholders } from './placeholders.ts';
import { i18n } from '../i18n.ts';

export { placeholderOf } from './placeholders.ts';

export type OutboxMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface OutboxRequest {
  method: OutboxMethod;
  url: string;
  body?: unknown;
  /** What the write is, in the person's words ("Thêm trẻ: Lò Thị Mai"), shown in the queue. */
  label: string;
  /** Given when the caller already tried once with a key; otherwise a fresh one. */
  idempotencyKey?: string;
}

export interface OutboxRefusal {
  status: number;
  code: string;
  message: string;
  issues: ApiIssue[];
}

export interface OutboxItem extends Required<Omit<OutboxRequest, 'body'>> {
  id: number;
  body: unknown;
  queuedAt: string;
  state: 'waiting' | 'refused';
  refusal: OutboxRefusal | null;
}

interface Snapshot {
  items: OutboxItem[];
  online: boolean;
  /** Grows by one for each write the server accepted from the queue: pages reload on it. */
  sentCount: number;
  sending: boolean;
  /** The ids the server gave to writes sent from the queue, by Idempotency-Key (for their placeholders). */
  resolved: Readonly<Record<string, number>>;
}

let snapshot: Snapshot = {
  items: [],
  online: typeof navigator === 'undefined' ? true : navigator.onLine,
  sentCount: 0,
  sending: false,
  resolved: {},
};
const listeners = new Set<() => void>();
function update(changes: Partial<Snapshot>) {
  snapshot = { ...snapshot, ...changes };
  listeners.forEach((l) => l());
}

const stored = ({ id: _id, ...rest }: OutboxItem) => rest;

async function load() {
  if (!vaultOpen()) {
    update({ items: [] });
    return;
  }
  const rows = await outboxAll<Omit<OutboxItem, 'id'>>();
  update({ items: rows.map(({ id, value }) => ({ ...value, id })) });
  void flush();
}

/** Puts a write in the queue (and tries to send the queue). Needs a signed-in person (the vault open). */
export async function enqueue(request: OutboxRequest): Promise<OutboxItem> {
  const known = resolvePlaceholders({ url: request.url, body: request.body ?? null }, snapshot.resolved);
  const value: Omit<OutboxItem, 'id'> = {
    method: request.method,
    url: known.url,
    body: known.body,
    label: request.label,
    idempotencyKey: request.idempotencyKey ?? newIdempotencyKey(),
    queuedAt: new Date().toISOString(),
    state: 'waiting',
    refusal: null,
  };
  const id = await outboxAdd(value);
  const item = { ...value, id };
  update({ items: [...snapshot.items, item] });
  void flush();
  return item;
}

export type SendResult<T> = { queued: false; result: T } | { queued: true; item: OutboxItem };

/**
 * Sends a write now when it can, else queues it: without a connection, or when earlier writes still wait (so
 * writes keep their order). The server's refusal of a direct send is thrown as usual (ApiError, shown at its field).
 */
export async function sendOrQueue<T>(asked: OutboxRequest): Promise<SendResult<T>> {
  // The ids of records sent meanwhile replace their placeholders (a page still showing a child added offline).
  const request = { ...asked, ...resolvePlaceholders({ url: asked.url, body: asked.body }, snapshot.resolved) };
  const idempotencyKey = request.idempotencyKey ?? newIdempotencyKey();
  const queueIt = async () => ({ queued: true as const, item: await enqueue({ ...request, idempotencyKey }) });
  // A write naming a record still in the queue (placeholder) always waits for it.
  const waitsForId = placeholdersIn(request.url).some((key) => !(key in snapshot.resolved));
  if (vaultOpen() && (waitsForId || !lineUp() || snapshot.items.some((i) => i.state === 'waiting'))) return queueIt();
  try {
    const result = await api<T>(request.url, {
      method: request.method,
      body: request.body,
      headers: { 'Idempotency-Key': idempotencyKey },
    });
    return { queued: false, result };
  } catch (error) {
    if (error instanceof ApiError && error.status === 0 && vaultOpen()) return queueIt();
    throw error;
  }
}

const lineUp = () => typeof navigator === 'undefined' || navigator.onLine;

let flushing: Promise<void> | null = null;
/** After a write could not go yet, the queue is tried again: soon at first, then less often (2 s up to a minute). */
let retryDelay = 2_000;
let retryTimer: ReturnType<typeof setTimeout> | null = null;
function tryAgainLater() {
  if (retryTimer !== null || typeof window === 'undefined') return;
  retryTimer = setTimeout(() => {
    retryTimer = null;
    void flush();
  }, retryDelay);
  retryDelay = Math.min(retryDelay * 2, 60_000);
}

/** Sends the waiting writes in order; stops at the first that cannot go yet (no connection, session ended). */
export function flush(): Promise<void> {
  flushing ??= (async () => {
    // Yield first: a pass that ends at once would clear `flushing` before `??=` assigns it, and it would stick.
    await Promise.resolve();
    update({ sending: true });
    try {
      // The first waiting write each time round: writes queued while sending go out in this same pass.
      let after = 0;
      for (;;) {
        const next = snapshot.items.find((i) => i.state === 'waiting' && i.id > after);
        // No line at all (navigator.onLine is false only when certain): the 'online' event sends the queue.
        if (!next || !vaultOpen() || !lineUp()) break;
        after = next.id;
        const item = await withIds(next);
        if (!item) continue;
        let status: number;
        let refusal: OutboxRefusal | null = null;
        let answer: unknown;
        try {
          answer = await api(item.url, {
            method: item.method,
            body: item.body ?? undefined,
            headers: { 'Idempotency-Key': item.idempotencyKey },
          });
          status = 200;
        } catch (error) {
          if (!(error instanceof ApiError)) throw error;
          status = error.status;
          refusal = { status: error.status, code: error.code, message: error.message, issues: error.issues };
        }
        const verdict = syncVerdict(status);
        if (verdict === 'wait') {
          // A session that ended waits for the person to sign in again (the vault reopens and sends).
          if (status !== 401) tryAgainLater();
          break;
        }
        retryDelay = 2_000;
        if (verdict === 'sent') {
          // The writes waiting for this one's id get it before it leaves the queue (a reload between keeps both).
          const id = (answer as { id?: unknown } | null | undefined)?.id;
          if (typeof id === 'number') await resolveAfter(item.idempotencyKey, id);
          await outboxDelete(item.id);
          update({ items: snapshot.items.filter((i) => i.id !== item.id), sentCount: snapshot.sentCount + 1 });
        } else {
          const refused: OutboxItem = { ...item, state: 'refused', refusal };
          await outboxPut(item.id, stored(refused));
          update({ items: snapshot.items.map((i) => (i.id === item.id ? refused : i)) });
        }
      }
    } finally {
      flushing = null;
      update({ sending: false });
    }
  })();
  return flushing;
}

/**
 * A write ready to send, with the ids it names put in; null while a record it names (placeholder) is still to be
 * created: held in the queue while that record's own write waits or was refused, refused here when that write is
 * gone (discarded), since it can never get its id.
 */
async function withIds(queued: OutboxItem): Promise<OutboxItem | null> {
  if (!placeholdersIn(queued.url).length) return queued;
  const item = resolvePlaceholders(queued, snapshot.resolved);
  if (item !== queued) {
    await outboxPut(item.id, stored(item));
    update({ items: snapshot.items.map((i) => (i.id === item.id ? item : i)) });
  }
  const missing = placeholdersIn(item.url);
  if (!missing.length) return item;
  if (missing.some((key) => !snapshot.items.some((i) => i.idempotencyKey === key))) {
    const refusal: OutboxRefusal = {
      status: 0,
      code: 'no_parent',
      message: i18n.t('common:offline.parentDiscarded'),
      issues: [],
    };
    const refused: OutboxItem = { ...item, state: 'refused', refusal };
    await outboxPut(item.id, stored(refused));
    update({ items: snapshot.items.map((i) => (i.id === item.id ? refused : i)) });
  }
  return null;
}

/** Puts a sent write's id into the writes that name it, on the device first. */
async function resolveAfter(key: string, id: number) {
  const resolved = { ...snapshot.resolved, [key]: id };
  update({ resolved });
  for (const item of snapshot.items) {
    const next = resolvePlaceholders(item, resolved);
    if (next === item) continue;
    await outboxPut(item.id, stored(next));
    update({ items: snapshot.items.map((i) => (i.id === item.id ? next : i)) });
  }
}

/** Sends a refused write again (after the cause was fixed, e.g. the dossier reopened). */
export async function retry(id: number): Promise<void> {
  const item = snapshot.items.find((i) => i.id === id);
  if (!item) return;
  const waiting: OutboxItem = { ...item, state: 'waiting', refusal: null };
  await outboxPut(id, stored(waiting));
  update({ items: snapshot.items.map((i) => (i.id === id ? waiting : i)) });
  await flush();
}

/** Drops a write from the queue for good (the person decided it should not be sent). */
export async function discard(id: number): Promise<void> {
  await outboxDelete(id);
  update({ items: snapshot.items.filter((i) => i.id !== id) });
}

/** The queued writes to one URL, e.g. the children added to a register offline. */
export const pendingFor = (items: readonly OutboxItem[], url: string, method: OutboxMethod = 'POST') =>
  items.filter((i) => i.url === url && i.method === method);

if (typeof window !== 'undefined') {
  onVaultChange(() => void load());
  // This module loads with the signed-in pages, often after the vault opened: read the queue now too.
  if (vaultOpen()) void load();
  window.addEventListener('online', () => {
    update({ online: true });
    // The line is back: forget the long wait of the offline hours (the first try may still meet a dead line).
    if (retryTimer !== null) clearTimeout(retryTimer);
    retryTimer = null;
    retryDelay = 2_000;
    void flush();
  });
  window.addEventListener('offline', () => update({ online: false }));
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

export function useOutbox() {
  const s = useSyncExternalStore(
    subscribe,
    () => snapshot,
    () => snapshot,
  );
  return {
    ...s,
    waiting: s.items.filter((i) => i.state === 'waiting'),
    refused: s.items.filter((i) => i.state === 'refused'),
    flush,
    retry,
    discard,
  };
}
