// The rounds feature as other features and the server see it: import from here, not from its files.
export { remindDeadlines, startReminders } from './deadlines.ts';
export { editableInputs, entryRuleSet, inputsOpenIn } from './locks.ts';
export { startMailer } from './mailer.ts';
export { roundRoutes } from './routes.ts';
export {
  decidingResult,
  decisionFactIssues,
  defaultCalendar,
  ensureEntry,
  loadRound,
  recordDecision,
  reviewItem,
  saveCouncil,
  today,
} from './store.ts';
export { transition } from './transitions.ts';
