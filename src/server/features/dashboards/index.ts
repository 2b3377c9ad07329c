// The dashboards feature as other features and the server see it: import from here, not from its files.
export { cachedAnswer } from './cache.ts';
export { dashboardRoutes } from './routes.ts';
export { loadProvince, readBreakdown, resolvePeriod } from './store.ts';
export { PeriodRef } from './contracts.ts';
export { scoredColumns } from './summary.ts';
