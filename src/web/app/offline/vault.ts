// The encrypted device store (issue 21): one IndexedDB database holding only answers the server gave the signed-in
// person (already cut by the register's privacy projection) and their unsent writes, each value sealed with AES-GCM
// under a non-extractable key made at sign-in. The whole database (key included) is deleted on sign-out, when another
// person signs in, and after the server's idle limit without use, so nothing readable outlives the sign-in.
import { deleteDB, openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { idleExpired, newDeviceKey, seal, unseal, type Sealed } from './seal.ts';
import type { User } from '../types.ts';

export const VAULT_DB = 'cfc-offline';

interface Keyring {
  key: CryptoKey;
  owner: number;
  idleMinutes: number;
}

interface VaultSchema extends DBSchema {
  meta: { key: string; value: Keyring | number | Sealed };
  reads: { key: string; value: Sealed };
  outbox: { key: number; value: Sealed };
}

export type VaultStore = 'reads' | 'outbox';

interface OpenVault extends Keyring {
  db: IDBPDatabase<VaultSchema>;
}

let current: OpenVault | null = null;
const listeners = new Set<() => void>();
const changed = () => listeners.forEach((l) => l());

/** Called when the vault opens or is wiped (the outbox reloads its queue). */
export function onVaultChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export const vaultOpen = (): boolean => current !== null;

function openDb() {
  return openDB<VaultSchema>(VAULT_DB, 1, {
    upgrade(db) {
      db.createObjectStore('meta');
      db.createObjectStore('reads');
      db.createObjectStore('outbox', { autoIncrement: true });
    },
    // Another tab is deleting it (sign-out there): let go, so the deletion is not blocked.
    blocking() {
      current?.db.close();
      current = null;
      changed();
    },
  });
}

async function exists(): Promise<boolean> {
  if (typeof indexedDB.databases !== 'function') return true;
  return (await indexedDB.databases()).some((d) => d.name === VAULT_DB);
}

/** Deletes everything the device keeps: cached answers, unsent writes and the key. */
export async function wipeVault(): Promise<void> {
  current?.db.close();
  current = null;
  changed();
  await deleteDB(VAULT_DB);
}

/** Opens (or starts) the vault for a person confirmed by the server; another person's or an idle one is wiped first. */
export async function openVault(user: User, idleMinutes: number): Promise<void> {
  if (current && current.owner === user.id) {
    current.idleMinutes = idleMinutes;
    await current.db.put('meta', { key: current.key, owner: user.id, idleMinutes }, 'keyring');
    return;
  }
  let db = await openDb();
  let ring = (await db.get('meta', 'keyring')) as Keyring | undefined;
  const last = (await db.get('meta', 'lastActive')) as number | undefined;
  if (ring && (ring.owner !== user.id || (last !== undefined && idleExpired(last, Date.now(), ring.idleMinutes)))) {
    db.close();
    await deleteDB(VAULT_DB);
    db = await openDb();
    ring = undefined;
  }
  const key = ring?.key ?? (await newDeviceKey());
  const keyring: Keyring = { key, owner: user.id, idleMinutes };
  await db.put('meta', keyring, 'keyring');
  await db.put('meta', Date.now(), 'lastActive');
  await db.put('meta', await seal(key, user, 'user'), 'user');
  current = { ...keyring, db };
  changed();
}

/**
 * Without a connection at start: the person whose vault this device holds, while within the idle limit (then the
 * app opens for them from the cache); an expired vault is wiped and null returned.
 */
export async function resumeVault(): Promise<User | null> {
  if (current) return unseal<User>(current.key, (await current.db.get('meta', 'user')) as Sealed, 'user');
  if (!(await exists())) return null;
  const db = await openDb();
  const ring = (await db.get('meta', 'keyring')) as Keyring | undefined;
  const last = (await db.get('meta', 'lastActive')) as number | undefined;
  const sealedUser = (await db.get('meta', 'user')) as Sealed | undefined;
  if (!ring || !sealedUser || last === undefined || idleExpired(last, Date.now(), ring.idleMinutes)) {
    db.close();
    await deleteDB(VAULT_DB);
    return null;
  }
  const user = await unseal<User>(ring.key, sealedUser, 'user');
  current = { ...ring, db };
  changed();
  return user;
}

/** For a visitor (no session): a vault left past its idle limit is deleted now; a live one waits for its owner. */
export async function wipeIfIdle(): Promise<void> {
  if (current || !(await exists())) return;
  const db = await openDb();
  const ring = (await db.get('meta', 'keyring')) as Keyring | undefined;
  const last = (await db.get('meta', 'lastActive')) as number | undefined;
  db.close();
  if (!ring || last === undefined || idleExpired(last, Date.now(), ring.idleMinutes)) await deleteDB(VAULT_DB);
}

/** Whether the vault on this device has passed its idle limit (checked by the idle watch while the app is open). */
export async function vaultIdleExpired(now = Date.now()): Promise<boolean> {
  if (!current) return false;
  const last = (await current.db.get('meta', 'lastActive')) as number | undefined;
  return last !== undefined && idleExpired(last, now, current.idleMinutes);
}

/** The idle limit the vault keeps (the server's SESSION_IDLE_MINUTES when it was last asked). */
export const vaultIdleMinutes = (): number | null => current?.idleMinutes ?? null;

let lastTouch = 0;
/** Records that the person used the app (at most twice a minute): the idle limit counts from here. */
export async function touchVault(now = Date.now()): Promise<void> {
  if (!current || now - lastTouch < 30_000) return;
  lastTouch = now;
  await current.db.put('meta', now, 'lastActive');
}

const slot = (store: VaultStore, id: string | number) => `${store}:${id}`;

export async function vaultGet<T>(store: 'reads', id: string): Promise<T | undefined> {
  const v = current;
  if (!v) return undefined;
  const sealed = await v.db.get(store, id);
  return sealed ? unseal<T>(v.key, sealed, slot(store, id)) : undefined;
}

export async function vaultPut(store: 'reads', id: string, value: unknown): Promise<void> {
  const v = current;
  if (!v) return;
  await v.db.put(store, await seal(v.key, value, slot(store, id)), id);
}

/** The kept answers whose path starts with `prefix` (e.g. every page of a register list kept), decrypted. */
export async function vaultGetUnder<T>(store: 'reads', prefix: string): Promise<Array<{ id: string; value: T }>> {
  const v = current;
  if (!v) return [];
  const ids = (await v.db.getAllKeys(store, IDBKeyRange.bound(prefix, `${prefix}\uffff`))).map(String);
  const out: Array<{ id: string; value: T }> = [];
  for (const id of ids) {
    const sealed = await v.db.get(store, id);
    if (sealed) out.push({ id, value: await unseal<T>(v.key, sealed, slot(store, id)) });
  }
  return out;
}

/** Adds a value to the outbox; returns its place in the queue (increasing, so the queue keeps its order). */
export async function outboxAdd(value: unknown): Promise<number> {
  const v = current;
  if (!v) throw new Error('the offline vault is not open');
  // The number is known only once added, so the value is sealed for the store, then re-sealed for its place.
  const id = await v.db.add('outbox', await seal(v.key, null, 'outbox:new'));
  await v.db.put('outbox', await seal(v.key, value, slot('outbox', id)), id);
  return id;
}

export async function outboxPut(id: number, value: unknown): Promise<void> {
  const v = current;
  if (!v) return;
  await v.db.put('outbox', await seal(v.key, value, slot('outbox', id)), id);
}

export async function outboxDelete(id: number): Promise<void> {
  await current?.db.delete('outbox', id);
}

/** The outbox in order, decrypted. */
export async function outboxAll<T>(): Promise<Array<{ id: number; value: T }>> {
  const v = current;
  if (!v) return [];
  // Read first, decrypt after: a transaction ends while WebCrypto works.
  const [ids, values] = await Promise.all([v.db.getAllKeys('outbox'), v.db.getAll('outbox')]);
  const out: Array<{ id: number; value: T }> = [];
  for (const [i, id] of ids.entries()) out.push({ id, value: await unseal<T>(v.key, values[i]!, slot('outbox', id)) });
  return out;
}
