// The audit feature as other features and the server see it: import from here, not from its files.
export { pruneAccessLog, verifyAccessLogChain } from './access-log.ts';
export { auditInsert, writeAudit } from './audit.ts';
export { verifyAuditChain } from './chain.ts';
export type { ChainReport } from './chain.ts';
export { auditRoutes } from './routes.ts';
