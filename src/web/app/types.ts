// Shapes of the API's JSON bodies, as the web app reads them.
import type { RuleSetDefinition } from '../../core/rule-sets/schema.ts';
import type { ScoreResult } from '../../core/scoring/engine.ts';

export type { RuleSetDefinition, ScoreResult };

export type RoleName = 'commune_officer' | 'commune_chairman' | 'collaborator' | 'province_official' | 'appraiser' | 'sector_reviewer' | 'signer' | 'ministry_official' | 'system_admin';

export interface UserRole {
  role: RoleName;
  unitId: number | null;
  unitName: string | null;
  /** The sector a sector reviewer reviews (health, education, …). */
  sector?: string | null;
}

export interface User {
  id: number;
  username: string;
  fullName: string;
  locale: string;
  roles: UserRole[];
}

export interface Period {
  id: number;
  year: number;
  startsOn: string;
  endsOn: string;
}

export type Category = 'urban_ward' | 'disadvantaged' | 'other';
export const CATEGORIES: Category[] = ['urban_ward', 'disadvantaged', 'other'];

export interface AssessmentRow {
  unitId: number;
  unitCode: string;
  unitName: string;
  unitKind: string;
  category: string | null;
  total: number | null;
  threshold: number | null;
  recognized: boolean;
  complete: boolean;
  provisional: boolean;
  updatedAt: string | null;
  ruleSetVersion: string | number | null;
}

export interface StoredValue {
  value: number | boolean;
  sourceNote: string | null;
  /** Where an adopted value was computed: the child register, the surveys, or the forums and events. */
  origin?: 'manual' | 'register' | 'survey' | 'forum';
  enteredByName: string | null;
  enteredAt: string | null;
}

export interface AssessmentBody {
  assessmentId?: number | null;
  /** The category the assessment is scored with (the server adds it beside unit.category). */
  category?: string | null;
  unit: { id: number; code: string; name: string; category: string | null; provinceName: string | null };
  period: { id: number; year: number };
  ruleSet: { id: number; code: string; version: string | number; status: string; definition: RuleSetDefinition };
  values: Record<string, StoredValue>;
  result: ScoreResult | null;
  readOnly: boolean;
  /** Inputs the commune may change now: all, or (after a return) only those of the returned items. */
  editable?: 'all' | string[];
}

export interface HistoryEntry {
  code: string;
  value: number | boolean | null;
  sourceNote: string | null;
  enteredByName: string | null;
  enteredAt: string;
}

export interface RuleSetSummary {
  id: number;
  code: string;
  version: number | string;
  status: 'draft' | 'published';
  title: { vi: string; en: string };
  note: string | null;
  basedOnId: number | null;
  createdAt: string | null;
  publishedAt: string | null;
}

export interface RuleSetDetail extends RuleSetSummary {
  definition: RuleSetDefinition;
}

export interface Unit {
  id: number;
  code: string;
  name: string;
  kind: string;
  level: 'province' | 'commune';
  parentId: number | null;
  parentName: string | null;
  category: string | null;
  validFrom: string | null;
  validTo: string | null;
}

export interface LineageLink {
  id: number;
  code: string;
  name: string;
  level: 'province' | 'commune';
  kind: 'full' | 'partial';
  validFrom: string | null;
  validTo: string | null;
  /** The day the merger or split took effect. */
  effectiveOn?: string | null;
  parentName?: string | null;
}

export interface UnitDetail extends Unit {
  predecessors: LineageLink[];
  successors: LineageLink[];
}

export interface ImportResult {
  /** How many communes were changed (0 on a dry run); some servers answer true/false. */
  applied: number | boolean;
  rows: Array<{ row: number; code: string; name: string; before: string | null; after: string | null }>;
  errors: Array<{ row: number; field: string; value: unknown; message: string }>;
}

/** The answer to saving values: only what a save changes. */
export type SavedValues = Pick<AssessmentBody, 'assessmentId' | 'category' | 'values' | 'result'>;
