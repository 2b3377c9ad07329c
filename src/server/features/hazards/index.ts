// The hazard-sites feature as other features and the server see it: import from here, not from its files.
export { hazardRoutes } from './routes.ts';
