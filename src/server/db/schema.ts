// Table types for Kysely: one typed query layer over PostgreSQL and PGlite.
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamp the database fills in by default. */
type Stamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** jsonb: read as parsed JSON, written as JSON text. */
type Json<T> = ColumnType<T, string, string>;
type NullableJson<T> = ColumnType<T | null, string | null | undefined, string | null>;
/** Dates travel as yyyy-mm-dd strings: no time zone can shift them. */
type DateOnly = ColumnType<string, string, string>;

export interface UnitTable {
  id: Generated<number>;
  code: string;
  level: 'province' | 'commune';
  kind: string;
  name: string;
  parent_id: number | null;
  valid_from: ColumnType<string | null, string | null | undefined, string | null>;
  valid_to: ColumnType<string | null, string | null | undefined, string | null>;
  category: 'urban_ward' | 'disadvantaged' | 'other' | null;
  source: string;
}

export interface UnitLineageTable {
  predecessor_id: number;
  successor_id: number;
  kind: 'full' | 'partial';
  effective_on: DateOnly;
}

export type Role = 'commune_officer' | 'province_official' | 'system_admin';

export interface AppUserTable {
  id: Generated<number>;
  username: string;
  password_hash: string;
  full_name: string;
  locale: ColumnType<string, string | undefined, string>;
  disabled: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Stamp;
}

export interface UserRoleTable {
  id: Generated<number>;
  user_id: number;
  role: Role;
  unit_id: number | null;
}

export interface SessionTable {
  token_hash: string;
  user_id: number;
  created_at: Stamp;
  expires_at: Timestamp;
}

export interface RuleSetTable {
  id: Generated<number>;
  code: string;
  version: number;
  status: 'draft' | 'published';
  definition: Json<unknown>;
  based_on_id: number | null;
  note: ColumnType<string, string | undefined, string>;
  created_by: number | null;
  created_at: Stamp;
  published_by: number | null;
  published_at: Timestamp | null;
}

export interface PeriodTable {
  id: Generated<number>;
  year: number;
  starts_on: DateOnly;
  ends_on: DateOnly;
}

export interface AssessmentTable {
  id: Generated<number>;
  unit_id: number;
  period_id: number;
  rule_set_id: number;
  category: string;
  total: ColumnType<number, number | undefined, number>;
  recognized: ColumnType<boolean, boolean | undefined, boolean>;
  complete: ColumnType<boolean, boolean | undefined, boolean>;
  result: NullableJson<unknown>;
  updated_at: Stamp;
}

export interface AssessmentValueTable {
  assessment_id: number;
  code: string;
  value: Json<number | boolean>;
  source_note: ColumnType<string, string | undefined, string>;
  entered_by: number | null;
  entered_at: Stamp;
}

export interface AssessmentValueHistoryTable {
  id: Generated<string>;
  assessment_id: number;
  code: string;
  value: NullableJson<number | boolean>;
  source_note: ColumnType<string, string | undefined, string>;
  entered_by: number | null;
  entered_at: Stamp;
}

export interface AuditLogTable {
  id: Generated<string>;
  at: Stamp;
  user_id: number | null;
  action: string;
  entity: string;
  entity_id: string | null;
  before: NullableJson<unknown>;
  after: NullableJson<unknown>;
  ip: string | null;
}

export interface Database {
  unit: UnitTable;
  unit_lineage: UnitLineageTable;
  app_user: AppUserTable;
  user_role: UserRoleTable;
  session: SessionTable;
  rule_set: RuleSetTable;
  period: PeriodTable;
  assessment: AssessmentTable;
  assessment_value: AssessmentValueTable;
  assessment_value_history: AssessmentValueHistoryTable;
  audit_log: AuditLogTable;
}
