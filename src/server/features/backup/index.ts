// The backup feature as other features and the server see it: import from here, not from its files.
export { healthHandler, healthSchema } from './health.ts';
