// The maps feature as other features and the server see it: import from here, not from its files.
export { mapRoutes } from './routes.ts';
