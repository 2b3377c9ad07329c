// The rule-sets feature as other features and the server see it: import from here, not from its files.
export { ruleSetRoutes } from './routes.ts';
export { ensurePresetRuleSets, latestPublished, loadRuleSet } from './store.ts';
export type { LoadedRuleSet } from './store.ts';
