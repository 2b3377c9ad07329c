// The forums feature as other features and the server see it: import from here, not from its files.
export { forumInputs } from './derive.ts';
export { forumRoutes } from './routes.ts';
export { listEvents, listForums } from './store.ts';
export type { ForumContext } from './store.ts';
