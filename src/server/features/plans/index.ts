// The plans feature as other features and the server see it: import from here, not from its files.
export { planContext, requireWrite } from './access.ts';
export type { PlanContext } from './access.ts';
export { planRoutes } from './routes.ts';
export { communeFacts, coverageRoutes, readCoverage } from './coverage.ts';
export { addDefaultAgencies, createPlan, draftFromParent, issuePlan, readPlan, setPlanSent } from './store.ts';
export { recordProgress, remindOverdueTasks } from './tasks.ts';
