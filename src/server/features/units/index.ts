// The units feature as other features and the server see it: import from here, not from its files.
export { loadOfficialUnits } from './load.ts';
export { unitRoutes } from './routes.ts';
