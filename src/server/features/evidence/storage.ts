// Where the bytes of evidence files live: local disk by default, behind an interface an object store
// (S3, MinIO…) can implement. Keys are random ids chosen by the server, never user file names.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { config } from '../../platform/config.ts';

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
