// The register feature as other features and the server see it: import from here, not from its files.
export { logReads, registerContext } from './access.ts';
export type { RegisterContext } from './access.ts';
export { loadCalendar, planDeadlines, remindCasePlans } from './cases.ts';
export { ensureCircumstanceGroups } from './children.ts';
export type { PeriodRange } from './derive.ts';
export { registerRoutes } from './routes.ts';
