// The public-posting feature as other features and the server see it: import from here, not from its files.
export { publicPostingRoutes } from './routes.ts';
export { sourceHash } from './store.ts';
export { publicPostingPages } from './pages.ts';
