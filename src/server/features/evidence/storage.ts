// Where the bytes of evidence files live: local disk by default, behind an interface an object store
// (S3, MinIO…) can implement. Keys are random ids chosen by the server, never user file names.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { config } from '../../platform/config.ts';
import { Refusal } from '../../platform/refusal.ts';

export interface FileStore {
  put(key: string, data: Buffer): Promise<void>;
  get(key: string): Promise<Buffer>;
  remove(key: string): Promise<void>;
}

const KEY = /^[A-Za-z0-9_-]{8,128}$/;

/** A new random storage key (URL- and file-name-safe). */
export function newStorageKey(): string {
  return randomBytes(18).toString('base64url');
}

/** The checksum recorded at upload and checked on every read (hex SHA-256). */
export const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/**
 * Stores the bytes under a new key, then records them (`record` writes the row, in one transaction). The bytes
 * stay only if a new row now holds them: after a refusal, a failure or a duplicate nothing is left behind.
 */
export async function storeThenRecord<T extends { duplicate: boolean }>(
  store: FileStore,
  data: Buffer,
  record: (key: string) => Promise<T>,
): Promise<T> {
  const key = newStorageKey();
  await store.put(key, data);
  let keep = false;
  try {
    const out = await record(key);
    keep = !out.duplicate;
    return out;
  } finally {
    if (!keep) await store.remove(key).catch(() => undefined);
  }
}

/** The stored bytes of a recorded file, checked against the checksum recorded at upload. */
export async function readStoredFile(
  store: FileStore,
  row: { id: number; storage_key: string; sha256: string },
): Promise<Buffer> {
  let data: Buffer;
  try {
    data = await store.get(row.storage_key);
  } catch {
    throw new Refusal('damaged', 'evidence:error.missing_bytes', { id: row.id });
  }
  if (sha256(data) !== row.sha256) throw new Refusal('damaged', 'evidence:error.damaged', { id: row.id });
  return data;
}

function checkKey(key: string): string {
  if (!KEY.test(key)) throw new Error(`invalid storage key ${JSON.stringify(key)}`);
  return key;
}

/** Files under `dir`, spread over sub-folders by the key's first two characters. */
export class LocalFileStore implements FileStore {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = path.resolve(dir);
  }

  private pathOf(key: string): string {
    checkKey(key);
    return path.join(this.dir, key.slice(0, 2), key);
  }

  async put(key: string, data: Buffer): Promise<void> {
    const target = this.pathOf(key);
    await mkdir(path.dirname(target), { recursive: true });
    // Written beside the target, then renamed: a reader never sees half a file.
    const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(temp, data, { flag: 'wx' });
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true }).catch(() => undefined);
      throw error;
    }
  }

  async get(key: string): Promise<Buffer> {
    return readFile(this.pathOf(key));
  }

  async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}

/** `CFC_FILES_DIR`, else `${CFC_DATA_DIR ?? './data'}/files` (src/server/platform/config.ts). */
export function filesDirFromEnv(): string {
  return config.filesDir;
}

let configured: FileStore | null = null;
let local: LocalFileStore | null = null;

/** The app-wide store: one set with `setFileStore`, else a local store in the directory the environment names. */
export function fileStore(): FileStore {
  if (configured) return configured;
  const dir = path.resolve(filesDirFromEnv());
  if (!local || local.dir !== dir) local = new LocalFileStore(dir);
  return local;
}

/** Replaces the app-wide store (an object store, or a test double); null goes back to the local default. */
export function setFileStore(store: FileStore | null): void {
  configured = store;
}
