// Shapes of the API's JSON bodies, as the web app reads them.
import type { RuleSetDefinition } from '../../core/rule-sets/schema.ts';
import type { ScoreResult } from '../../core/scoring/engine.ts';
import type { Category } from '../../server/features/units/contracts.ts';

export type { RuleSetDefinition, ScoreResult };

export type { CurrentSession, RoleName, User, UserRole } from '../../server/features/auth/contracts.ts';

// A period, a commune's assessment, its history and a save's answer: the server's contract (type-only).
export type {
  AssessmentBody,
  AssessmentRow,
  HistoryEntry,
  Period,
  SavedValues,
  StoredValue,
  SaveConflict,
  ValueConflictView,
} from '../../server/features/assessments/contracts.ts';

export type { Category, ImportResult, LineageLink, Unit, UnitDetail } from '../../server/features/units/contracts.ts';
export const CATEGORIES: Category[] = ['urban_ward', 'disadvantaged', 'other'];

export type { RuleSetDetail, RuleSetSummary } from '../../server/features/rule-sets/contracts.ts';
