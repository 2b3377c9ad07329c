// The privacy feature as other features and the server see it: import from here, not from its files.
export { dailyRetention } from './retention.ts';
export { privacyRoutes } from './routes.ts';
