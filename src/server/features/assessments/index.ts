// The assessments feature as other features and the server see it: import from here, not from its files.
export { communeLenses, lensOf, timelineOf } from './disclosure.ts';
export { assessmentRoutes } from './routes.ts';
export { DEFAULT_CATEGORY, plainValues, readAssessment, saveValues } from './store.ts';
export { inputsWorkbookRoutes } from './workbook/routes.ts';
export { ScoreResultBody, SuppressedCellBody } from './contracts.ts';
