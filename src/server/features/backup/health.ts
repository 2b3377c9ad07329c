// /api/health: the server answers, and the evidence file store (CFC_FILES_DIR, or an object store) takes
// a write. A full or read-only disk otherwise shows up only when an upload fails; a monitor polling this
// route sees it first. The check writes, reads back and removes a small file, at most once per interval.
import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { translator } from '../../../i18n/index.ts';
import type { DatabaseHandle } from '../../db/database.ts';
import { requestLocale } from '../../http/errors.ts';
import { fileStore, filesDirFromEnv, type FileStore } from '../evidence/index.ts';
import { HealthFailing, HealthOk } from './contracts.ts';

/** How long a probe's answer stands: monitors may poll every second without writing every second. */
export const FILES_PROBE_INTERVAL_MS = 5000;

export type FilesState = { writable: true } | { writable: false; reason: string };

const PROBE = Buffer.from('cfc health probe\n');

/** Writes, reads back and removes one small file; the reason is the system's error code (ENOSPC, EROFS, ENOTDIR…). */
async function probe(store: FileStore): Promise<FilesState> {
  // Keys are [A-Za-z0-9_-]; this prefix keeps every probe in one sub-folder ("__") of the store.
  const key = `__health_${process.pid}_${randomBytes(6).toString('hex')}`;
  try {
    await store.put(key, PROBE);
    if (!(await store.get(key)).equals(PROBE)) return { writable: false, reason: 'read back differs' };
    await store.remove(key);
    return { writable: true };
  } catch (error) {
    await store.remove(key).catch(() => undefined);
    return { writable: false, reason: (error as NodeJS.ErrnoException).code ?? (error as Error).message };
  }
}

/** A probe that answers from its last result for `intervalMs` while the store is the same; callers at the same moment share one probe. */
export function filesProbe(intervalMs = FILES_PROBE_INTERVAL_MS): (store: FileStore) => Promise<FilesState> {
  let last: { store: FileStore; at: number; result: Promise<FilesState> } | null = null;
  return (store) => {
    const now = Date.now();
    if (last && last.store === store && now - last.at < intervalMs) return last.result;
    last = { store, at: now, result: probe(store) };
    return last.result;
  };
}

/** The contract of /api/health: public (monitors poll it without a session); 503 carries its own body. */
export const healthSchema = {
  operationId: 'checkHealth',
  tags: ['health'],
  summary: 'Tình trạng máy chủ và kho tệp / Server and file store health',
  security: [],
  response: { 200: HealthOk, 503: HealthFailing },
};

/** The /api/health handler: 200 { ok: true, … }, or 503 { ok: false, files: 'unwritable', message } in the caller's language. */
export function healthHandler(database: DatabaseHandle) {
  const probeFiles = filesProbe();
  let reported: Promise<FilesState> | null = null;
  return async (request: FastifyRequest, reply: FastifyReply): Promise<HealthOk | FastifyReply> => {
    const pending = probeFiles(fileStore());
    const files = await pending;
    if (files.writable) return { ok: true, database: database.kind, files: 'writable' };
    // Logged once per probe, with what the answer leaves out (the directory is not told to the caller).
    if (reported !== pending)
      request.log.error({ filesDir: filesDirFromEnv(), reason: files.reason }, 'evidence file store is not writable');
    reported = pending;
    const message = translator(requestLocale(request))('common:error.files_unwritable', { reason: files.reason });
    const body: HealthFailing = { ok: false, database: database.kind, files: 'unwritable', message };
    return reply.status(503).send(body);
  };
}
