// The rechecks feature as other features and the server see it: import from here, not from its files.
export { recheckRoutes } from './routes.ts';
