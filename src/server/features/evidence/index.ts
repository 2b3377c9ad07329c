// The evidence feature as other features and the server see it: import from here, not from its files.
export { evidenceRoutes } from './routes.ts';
export { fileStore, filesDirFromEnv, readStoredFile, sha256, storeThenRecord } from './storage.ts';
export { ALLOWED, ALLOWED_LABEL, cleanFileName, formatLimit, MAX_FILE_BYTES } from './files.ts';
export type { FileStore } from './storage.ts';
export { criteriaWithEvidence } from './store.ts';
export { readUploadedFile } from './upload.ts';
