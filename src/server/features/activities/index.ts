// The activity log as other features and the server see it: import from here, not from its files.
export { activityRoutes } from './routes.ts';
export { createActivity } from './store.ts';
