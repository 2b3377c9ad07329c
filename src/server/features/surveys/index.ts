// The surveys feature as other features and the server see it: import from here, not from its files.
export { surveyRoutes } from './routes.ts';
export { ensurePresetQuestionnaires, surveyInputs, surveyReport } from './store.ts';
export { surveyPages } from './pages.ts';
