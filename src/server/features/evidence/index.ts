// The evidence feature as other features and the server see it: import from here, not from its files.
export { evidenceRoutes } from './routes.ts';
export { fileStore, filesDirFromEnv } from './storage.ts';
export type { FileStore } from './storage.ts';
export { criteriaWithEvidence } from './store.ts';
