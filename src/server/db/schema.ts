// Table types for Kysely: one typed query layer over PostgreSQL and PGlite.
import type { ColumnType, Generated } from 'kysely';
import type { ReportFigures } from '../../core/plans/reports.ts';
import type { HazardKind, InjuryCause } from '../../core/reports/statistics.ts';
import type { ReportForm } from '../../core/reports/forms.ts';
import type { RetentionUnit } from '../../core/privacy/retention.ts';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamp the database fills in by default. */
type Stamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** jsonb: read as parsed JSON, written as JSON text. */
type Json<T> = ColumnType<T, string, string>;
type NullableJson<T> = ColumnType<T | null, string | null | undefined, string | null>;
/** Dates travel as yyyy-mm-dd strings: no time zone can shift them. */
type DateOnly = ColumnType<string, string, string>;
type NullableDate = ColumnType<string | null, string | null | undefined, string | null>;
type Text = ColumnType<string, string | undefined, string>;
/** The province key (migrations/0011_province_keys.sql): filled from the parent row when an insert leaves it out. */
type ProvinceKey = ColumnType<number, number | undefined, number>;
export type ValueOrigin = 'manual' | 'register' | 'survey' | 'forum';

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

export type Role =
  | 'commune_officer'
  | 'commune_chairman'
  | 'collaborator'
  | 'province_official'
  | 'appraiser'
  | 'sector_reviewer'
  | 'signer'
  | 'ministry_official'
  | 'system_admin';

export interface AppUserTable {
  id: Generated<number>;
  username: string;
  password_hash: string;
  full_name: string;
  locale: ColumnType<string, string | undefined, string>;
  disabled: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Stamp;
  email: ColumnType<string | null, string | null | undefined, string | null>;
  failed_logins: ColumnType<number, number | undefined, number>;
  locked_until: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface UserRoleTable {
  id: Generated<number>;
  user_id: number;
  role: Role;
  unit_id: number | null;
  sector: ColumnType<string | null, string | null | undefined, string | null>;
  /** A collaborator may be limited to one village of the commune. */
  village_id: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface SessionTable {
  token_hash: string;
  user_id: number;
  created_at: Stamp;
  expires_at: Timestamp;
  last_seen_at: Stamp;
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
  province_id: ProvinceKey;
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
  /** Summary of `result` kept by triggers (migrations/0017_assessment_summary.sql). */
  provisional: ColumnType<boolean, never, never>;
  threshold: ColumnType<number | null, never, never>;
  /** core/dashboards/figures.ts provisionalImpact; null until computed (dashboards/summary.ts). */
  provisional_impacts: NullableJson<unknown>;
  impacts_token: ColumnType<string | null, string | null | undefined, string | null>;
  /** Digest of the stored result and impacts (dashboards/summary.ts resultDigest; migrations/0034). */
  result_digest: ColumnType<string | null, string | null | undefined, string | null>;
}

/** One row per criterion of an assessment's result, kept by a trigger (migrations/0017). */
export interface AssessmentCriterionTable {
  assessment_id: number;
  period_id: number;
  unit_id: number;
  province_id: number;
  code: string;
  points: ColumnType<string, never, never>;
  max: ColumnType<string, never, never>;
  provisional: ColumnType<boolean, never, never>;
}

export interface AssessmentValueTable {
  province_id: ProvinceKey;
  assessment_id: number;
  code: string;
  value: Json<number | boolean>;
  source_note: ColumnType<string, string | undefined, string>;
  entered_by: number | null;
  entered_at: Stamp;
  origin: ColumnType<ValueOrigin, ValueOrigin | undefined, ValueOrigin>;
}

export interface AssessmentValueHistoryTable {
  province_id: ProvinceKey;
  id: Generated<string>;
  assessment_id: number;
  code: string;
  value: NullableJson<number | boolean>;
  source_note: ColumnType<string, string | undefined, string>;
  entered_by: number | null;
  entered_at: Stamp;
  origin: ColumnType<ValueOrigin, ValueOrigin | undefined, ValueOrigin>;
}

/** A value the person chose not to keep when resolving a conflict (migrations/0038); it never stood. */
export interface AssessmentValueUnkeptTable {
  id: Generated<string>;
  province_id: number;
  assessment_id: number;
  code: string;
  value: NullableJson<number | boolean>;
  kept_value: NullableJson<number | boolean>;
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
  /** The hash chain (migrations/0019_audit_chains.sql): a province's id, 0 national, null before 0019; set by the trigger only. */
  chain: ColumnType<number | null, never, never>;
  /** The row's link in its chain (migrations/0010_audit_chain.sql): set by the trigger only. */
  prev_hash: ColumnType<string, never, never>;
  hash: ColumnType<string, never, never>;
}

type Dflt<T> = ColumnType<T, T | undefined, T>;
type DateOrNull = ColumnType<string | null, string | null | undefined, string | null>;

export interface RoundTable {
  id: Generated<number>;
  province_id: number;
  period_id: number;
  rule_set_id: number;
  title: string;
  dossier_due: DateOnly;
  appraisal_due: DateOnly;
  decision_due: DateOnly;
  report_due: DateOnly;
  posting_days: Dflt<number>;
  /** Every criterion needs evidence before submission (0028). */
  require_evidence: Dflt<boolean>;
  appraising_body: string;
  signer_title: string;
  signer_name: Dflt<string>;
  /** 0031: a former district that ran it (rounds from before 01/07/2025). */
  issuer_group_id: NullableInt;
  status: Dflt<'open' | 'closed'>;
  created_by: number | null;
  created_at: Stamp;
  /** Revisions of the title and dates, and when the last was made (0027): set by the trigger only. */
  calendar_sequence: ColumnType<number, never, never>;
  calendar_modified_at: ColumnType<Date, never, never>;
}

export interface RegistrationTable {
  province_id: ProvinceKey;
  id: Generated<number>;
  unit_id: number;
  term_start: number;
  term_end: number;
  document_ref: Dflt<string>;
  registered_by: number | null;
  registered_at: Stamp;
}

export interface CouncilMember {
  name: string;
  position: string;
  role: string;
}

export interface RoundEntryTable {
  province_id: ProvinceKey;
  id: Generated<number>;
  round_id: number;
  unit_id: number;
  assessment_id: number;
  state: Dflt<string>;
  submissions: Dflt<number>;
  council: ColumnType<CouncilMember[], string | undefined, string>;
  meeting_on: DateOrNull;
  meeting_place: Dflt<string>;
  meeting_summary: Dflt<string>;
  posting_from: DateOrNull;
  posting_to: DateOrNull;
  appraiser_values: NullableJson<Record<string, number | boolean>>;
  appraiser_result: NullableJson<unknown>;
  decision_id: ColumnType<number | null, number | null | undefined, number | null>;
  updated_at: Stamp;
}

export interface RoundSubmissionTable {
  province_id: ProvinceKey;
  id: Generated<number>;
  entry_id: number;
  number: number;
  values: Json<Record<string, number | boolean>>;
  result: Json<unknown>;
  submitted_by: number | null;
  submitted_at: Stamp;
}

export interface ItemReviewTable {
  province_id: ProvinceKey;
  id: Generated<number>;
  entry_id: number;
  submission_number: number;
  item_code: string;
  sector: string;
  decision: 'accepted' | 'returned';
  reason: Dflt<string>;
  reviewer_id: number | null;
  reviewed_at: Stamp;
  /** When a return went to the commune; empty while it waits for the appraiser to send (migrations/0029). */
  sent_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface EntryTransitionTable {
  province_id: ProvinceKey;
  id: Generated<string>;
  entry_id: number;
  action: string;
  from_state: string;
  to_state: string;
  actor_id: number | null;
  comment: Dflt<string>;
  at: Stamp;
}

export interface PublicCommentTable {
  province_id: ProvinceKey;
  id: Generated<number>;
  entry_id: number;
  body: string;
  status: Dflt<'pending' | 'published' | 'hidden'>;
  answer: ColumnType<string | null, string | null | undefined, string | null>;
  answered_by: ColumnType<number | null, number | null | undefined, number | null>;
  answered_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  source_hash: string;
  created_at: Stamp;
}

export interface EvidenceFileTable {
  province_id: ProvinceKey;
  id: Generated<number>;
  unit_id: number;
  entry_id: number | null;
  criterion_code: string | null;
  item_code: string | null;
  file_name: string;
  media_type: string;
  size_bytes: number;
  sha256: string;
  storage_key: string;
  uploaded_by: number | null;
  uploaded_at: Stamp;
  deleted_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface RecognitionDecisionTable {
  province_id: ProvinceKey;
  id: Generated<number>;
  round_id: number;
  number: string;
  signed_on: DateOnly;
  signer_name: string;
  signer_title: string;
  created_by: number | null;
  created_at: Stamp;
  /** 0031: a former district that issued it (decisions from before 01/07/2025). */
  issuer_group_id: NullableInt;
}

export interface RecheckTable {
  province_id: ProvinceKey;
  id: Generated<number>;
  round_id: number;
  seed: string;
  share: ColumnType<string, number | string, number | string>;
  /** 0031: stratified: the grouping drawn from (unit_group.grouping) and how many communes per group. */
  grouping: ColumnType<string | null, string | null | undefined, string | null>;
  per_group: NullableInt;
  created_by: number | null;
  created_at: Stamp;
}

export interface RecheckEntryTable {
  province_id: ProvinceKey;
  recheck_id: number;
  entry_id: number;
  values: NullableJson<Record<string, number | boolean>>;
  result: NullableJson<unknown>;
  checked_by: number | null;
  checked_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** 0033: a stratified re-check's group of this pick, as named when drawn. */
  group_name: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface NotificationTable {
  id: Generated<string>;
  user_id: number;
  kind: string;
  message: string;
  link: Dflt<string>;
  created_at: Stamp;
  read_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  emailed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** Owned by a commune and its province (every register table). */
interface Owned {
  unit_id: number;
  province_id: number;
}

export interface VillageTable extends Owned {
  id: Generated<number>;
  name: string;
}

export interface HouseholdTable extends Owned {
  id: Generated<number>;
  village_id: number;
  code: string;
  head_name: string;
  address: Text;
}

export interface ChildTable extends Owned {
  id: Generated<number>;
  village_id: number;
  household_id: number;
  code: string;
  full_name: string;
  search_name: string;
  birth_date: DateOnly;
  sex: 'male' | 'female';
  id_number: ColumnType<string | null, string | null | undefined, string | null>;
  guardian_name: Text;
  guardian_relation: Text;
  birth_registered_on: NullableDate;
  education: ColumnType<string | null, string | null | undefined, string | null>;
  fully_immunized_on: NullableDate;
  disability: Text;
  moved_out_on: NullableDate;
  died_on: NullableDate;
  note: Text;
  updated_by: number | null;
  updated_at: Stamp;
}

export interface CircumstanceGroupTable {
  code: string;
  parent_code: string | null;
  letter: Text;
  label_vi: string;
  label_en: Text;
  sensitive: boolean;
  builtin: ColumnType<boolean, boolean | undefined, boolean>;
  created_by: number | null;
  created_at: Stamp;
}

export interface ChildCircumstanceTable extends Owned {
  id: Generated<number>;
  child_id: number;
  group_code: string;
  started_on: DateOnly;
  ended_on: NullableDate;
  note: Text;
}

export interface ChildSupportTable extends Owned {
  id: Generated<number>;
  child_id: number;
  kind: string;
  given_on: DateOnly;
  provider: string;
  note: Text;
  case_id: number | null;
  created_by: number | null;
}

export interface ChildHealthRecordTable extends Owned {
  id: Generated<number>;
  child_id: number;
  kind: 'growth' | 'periodic';
  checked_on: DateOnly;
  weight_kg: ColumnType<string | null, number | null | undefined, number | null>;
  height_cm: ColumnType<string | null, number | null | undefined, number | null>;
  underweight: ColumnType<boolean, boolean | undefined, boolean>;
  stunted: ColumnType<boolean, boolean | undefined, boolean>;
  note: Text;
}

export interface ProtectionCaseTable extends Owned {
  id: Generated<number>;
  child_id: number;
  kind: 'abuse' | 'abandonment' | 'trafficking' | 'injury' | 'death' | 'law_violation' | 'drug_use' | 'child_labour';
  abuse_kind: string | null;
  /** Injury and death cases: the cause from the national list (null on cases recorded before causes). */
  cause: ColumnType<InjuryCause | null, InjuryCause | null | undefined, InjuryCause | null>;
  occurred_on: DateOnly;
  reported_on: DateOnly;
  emergency: ColumnType<boolean, boolean | undefined, boolean>;
  summary: Text;
  case_worker_id: number | null;
  /** Who assigned the worker (the chairman); null: nobody has, and the worker gains no sensitive access. */
  assigned_by: ColumnType<number | null, number | null | undefined, number | null>;
  assigned_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  plan_due_on: NullableDate;
  plan_drafted_on: NullableDate;
  approval_due_on: NullableDate;
  plan_approved_on: NullableDate;
  plan_approved_by: number | null;
  closed_on: NullableDate;
  created_by: number | null;
  created_at: Stamp;
  updated_at: Stamp;
}

export interface HolidayAdjustmentTable {
  day: DateOnly;
  kind: 'day_off' | 'working_day';
  name: string;
  created_by: number | null;
}

export interface ChildAccessLogTable {
  province_id: ProvinceKey;
  id: Generated<string>;
  at: Stamp;
  user_id: number;
  unit_id: number;
  child_id: number | null;
  case_id: number | null;
  action: string;
  fields: ColumnType<string[], string[] | undefined, string[]>;
  ip: string | null;
  /** The commune's hash chain (migrations/0024_access_log_chain.sql): set by the trigger only. */
  prev_hash: ColumnType<string, never, never>;
  hash: ColumnType<string, never, never>;
}

export interface RegisterImportTable {
  province_id: ProvinceKey;
  id: Generated<number>;
  unit_id: number;
  file_name: string;
  status: 'preview' | 'committed' | 'discarded';
  summary: Json<unknown>;
  rows: Json<unknown>;
  created_by: number | null;
  created_at: Stamp;
  committed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface QuestionnaireTable {
  id: Generated<number>;
  code: string;
  version: number;
  audience: 'children' | 'residents';
  definition: Json<unknown>;
  created_by: number | null;
  created_at: Stamp;
}

export interface SurveyTable extends Owned {
  id: Generated<number>;
  period_id: number;
  audience: 'children' | 'residents';
  questionnaire_code: string;
  sample_size: number;
  created_by: number | null;
  created_at: Stamp;
  /** When an officer closed it (migrations/0023_survey_anonymity.sql): held answers released, no more taken. */
  closed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  closed_by: ColumnType<number | null, number | null | undefined, number | null>;
}

/** A one-time code: only whether it is spent, never when (migrations/0023_survey_anonymity.sql). */
export interface SurveyCodeTable {
  code: string;
  survey_id: number;
  province_id: number;
  used: ColumnType<boolean, boolean | undefined, boolean>;
}

/** Wrong survey codes per sender: a keyed hash of the address and the time only (migrations/0008_survey_flood.sql). */
export interface SurveyCodeFailureTable {
  source_hash: string;
  failed_at: Stamp;
}

/** A released response: a random id, no time (migrations/0023_survey_anonymity.sql). Only these count in results. */
export interface SurveyResponseTable {
  id: Generated<string>;
  survey_id: number;
  province_id: number;
  questionnaire_id: number;
  answers: Json<Record<string, number>>;
  satisfied: boolean;
  age_band: string | null;
  channel: 'online' | 'paper';
  entered_by: number | null;
}

// migrations/0016_privacy.sql: retention rules in force and the record of each erasure.
export interface RetentionSettingTable {
  key: string;
  value: number;
  unit: RetentionUnit;
  default_value: number;
  legal_basis_vi: string;
  legal_basis_en: ColumnType<string, string | undefined, string>;
  updated_by: number | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface PrivacyErasureTable {
  id: Generated<number>;
  at: ColumnType<Date, Date | string | undefined, Date | string>;
  subject: 'child' | 'user';
  subject_id: number;
  unit_id: number | null;
  performed_by: number | null;
  reason: 'request' | 'retention';
  legal_basis: string;
  request_ref: ColumnType<string, string | undefined, string>;
  fields: ColumnType<string[], string[] | undefined, string[]>;
}

export interface Database {
  retention_setting: RetentionSettingTable;
  privacy_erasure: PrivacyErasureTable;
  unit: UnitTable;
  unit_lineage: UnitLineageTable;
  app_user: AppUserTable;
  user_role: UserRoleTable;
  session: SessionTable;
  rule_set: RuleSetTable;
  period: PeriodTable;
  assessment: AssessmentTable;
  assessment_criterion: AssessmentCriterionTable;
  assessment_value: AssessmentValueTable;
  assessment_value_history: AssessmentValueHistoryTable;
  assessment_value_unkept: AssessmentValueUnkeptTable;
  audit_log: AuditLogTable;
  round: RoundTable;
  registration: RegistrationTable;
  round_entry: RoundEntryTable;
  round_submission: RoundSubmissionTable;
  item_review: ItemReviewTable;
  entry_transition: EntryTransitionTable;
  public_comment: PublicCommentTable;
  evidence_file: EvidenceFileTable;
  recognition_decision: RecognitionDecisionTable;
  recheck: RecheckTable;
  recheck_entry: RecheckEntryTable;
  notification: NotificationTable;
  village: VillageTable;
  household: HouseholdTable;
  child: ChildTable;
  circumstance_group: CircumstanceGroupTable;
  child_circumstance: ChildCircumstanceTable;
  child_support: ChildSupportTable;
  child_health_record: ChildHealthRecordTable;
  protection_case: ProtectionCaseTable;
  holiday_adjustment: HolidayAdjustmentTable;
  child_access_log: ChildAccessLogTable;
  register_import: RegisterImportTable;
  questionnaire: QuestionnaireTable;
  survey: SurveyTable;
  survey_code: SurveyCodeTable;
  survey_response: SurveyResponseTable;
  /** Answers waiting to be released into survey_response, the same columns. */
  survey_response_held: SurveyResponseTable;
  child_forum: ChildForumTable;
  forum_recommendation: ForumRecommendationTable;
  child_event: ChildEventTable;
  agency: AgencyTable;
  plan: PlanTable;
  plan_target: PlanTargetTable;
  plan_task: PlanTaskTable;
  plan_task_agency: PlanTaskAgencyTable;
  plan_assignment: PlanAssignmentTable;
  task_progress: TaskProgressTable;
  periodic_report: PeriodicReportTable;
  hazard_site: HazardSiteTable;
  report_form: ReportFormTable;
  plan_budget_line: PlanBudgetLineTable;
  activity: ActivityTable;
  activity_file: ActivityFileTable;
  unit_group: UnitGroupTable;
  unit_group_member: UnitGroupMemberTable;
  survey_code_failure: SurveyCodeFailureTable;
}

// Children's forums and consultations, their recommendations, and events for children (migrations/0006_forums.sql).
export type ForumKind = 'forum' | 'consultation';
export type ForumLevel = 'commune' | 'village' | 'school' | 'province';
export type ChildEventKind = 'action_month' | 'children_day' | 'mid_autumn' | 'other';
type Count = ColumnType<number, number | undefined, number>;

export interface ChildForumTable extends Owned {
  id: Generated<number>;
  kind: ForumKind;
  held_on: DateOnly;
  level: ForumLevel;
  title: string;
  boys_under11: Count;
  girls_under11: Count;
  boys_11to15: Count;
  girls_11to15: Count;
  boys_16to17: Count;
  girls_16to17: Count;
  note: Text;
  created_by: number | null;
  created_at: Stamp;
  updated_by: ColumnType<number | null, number | null | undefined, number | null>;
  updated_at: Stamp;
}

export interface ForumRecommendationTable extends Owned {
  id: Generated<number>;
  forum_id: number;
  text: string;
  agency: string;
  due_on: NullableDate;
  answer: ColumnType<string | null, string | null | undefined, string | null>;
  answered_on: NullableDate;
  answered_by: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface ChildEventTable extends Owned {
  id: Generated<number>;
  kind: ChildEventKind;
  held_on: DateOnly;
  title: string;
  participants: Count;
  note: Text;
  created_by: number | null;
  created_at: Stamp;
}

// Plans, tasks, assignments to agencies, progress and periodic reports (migrations/0009_plans.sql).
export type AgencyKind =
  | 'officer'
  | 'finance'
  | 'health'
  | 'school'
  | 'police'
  | 'youth_union'
  | 'women_union'
  | 'fatherland_front'
  | 'farmers_union'
  | 'village_head'
  | 'department'
  | 'other';
export type PlanStatus = 'draft' | 'issued';
export type TaskStatus = 'not_started' | 'in_progress' | 'done' | 'cancelled';
export type ReportKind = 'six_month' | 'annual' | 'action_month' | 'forum';
type NullableInt = ColumnType<number | null, number | null | undefined, number | null>;
type NullableStamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface AgencyTable extends Owned {
  id: Generated<number>;
  kind: AgencyKind;
  name: string;
  active: Dflt<boolean>;
}

export interface PlanTable extends Owned {
  id: Generated<number>;
  year: number;
  number: Text;
  issued_on: NullableDate;
  place: string;
  title: string;
  parent_plan_id: NullableInt;
  basis: Text;
  purposes: Text;
  requirements: Text;
  budget: Text;
  reporting: Text;
  six_month_due: Text;
  six_month_cutoff: ColumnType<string | null, string | null | undefined, string | null>;
  annual_cutoff: ColumnType<string | null, string | null | undefined, string | null>;
  action_month_due: Text;
  annual_due: Text;
  report_to: Text;
  recipients: Text;
  signer_authority: Text;
  signer_capacity: Text;
  signer_title: Text;
  signer_name: Text;
  status: ColumnType<PlanStatus, PlanStatus | undefined, PlanStatus>;
  /** 0031: the last year of a multi-year plan (null: one year). */
  year_to: NullableInt;
  /** 0031: the body that issued it as cited below ('' = the unit's People's Committee). */
  issuer_name: Text;
  /** 0031: the day the plans of the level below are due. */
  lower_plans_due: NullableDate;
  /** 0031: the day the plan was sent to the level above. */
  sent_on: NullableDate;
  /** 0031: the covering decision issuing the plan as its annex. */
  decision_number: Text;
  decision_on: NullableDate;
  /** 0031: a former district that issued it (records from before 01/07/2025). */
  issuer_group_id: NullableInt;
  issued_by: NullableInt;
  revision: Dflt<number>;
  created_by: NullableInt;
  created_at: Stamp;
  updated_at: Stamp;
}

export interface PlanTargetTable extends Owned {
  id: Generated<number>;
  plan_id: number;
  position: number;
  text: string;
  indicator: ColumnType<string | null, string | null | undefined, string | null>;
  goal: ColumnType<string | null, number | string | null | undefined, number | string | null>;
  inherited_from: NullableInt;
  /** 0031: the yearly step of a multi-year plan (null: the whole plan). */
  year: NullableInt;
  /** 0031: how the measure meets the goal (null: the indicator's own direction, inclusive). */
  comparison: ColumnType<TargetComparison | null, TargetComparison | null | undefined, TargetComparison | null>;
}

export type TargetComparison = 'at_least' | 'above' | 'at_most' | 'below';
export type TaskRecurrence = 'once' | 'monthly' | 'quarterly';
export type BudgetSource = 'central' | 'province' | 'commune' | 'programme' | 'socialised' | 'fund' | 'other';
export type ActivityKind =
  'communication' | 'training' | 'club' | 'board_meeting' | 'inspection' | 'commendation' | 'fund' | 'model' | 'other';

export interface PlanBudgetLineTable extends Owned {
  id: Generated<number>;
  plan_id: number;
  position: number;
  item: string;
  source: BudgetSource;
  year: NullableInt;
  /** bigint: read as a string by the driver. */
  estimate: ColumnType<string, number | string, number | string>;
}

export interface ActivityTable extends Owned {
  id: Generated<number>;
  kind: ActivityKind;
  form: Text;
  held_on: DateOnly;
  title: string;
  place: Text;
  quantity: NullableInt;
  children_male: Dflt<number>;
  children_female: Dflt<number>;
  adults_male: Dflt<number>;
  adults_female: Dflt<number>;
  /** bigint đồng: read as a string by the driver. */
  amount: ColumnType<string | null, number | string | null | undefined, number | string | null>;
  task_id: NullableInt;
  budget_line_id: NullableInt;
  note: Text;
  created_by: number | null;
  created_at: Stamp;
  updated_by: ColumnType<number | null, number | null | undefined, number | null>;
  updated_at: Stamp;
}

export interface ActivityFileTable extends Owned {
  id: Generated<number>;
  activity_id: number;
  file_name: string;
  media_type: string;
  size_bytes: number;
  sha256: string;
  storage_key: string;
  uploaded_by: number | null;
  uploaded_at: Stamp;
}

export interface UnitGroupTable {
  id: Generated<number>;
  province_id: number;
  kind: 'former_district' | 'custom';
  grouping: string;
  code: Text;
  name: string;
  valid_to: NullableDate;
  created_by: number | null;
  created_at: Stamp;
}

export interface UnitGroupMemberTable {
  province_id: ProvinceKey;
  group_id: number;
  unit_id: number;
}

export interface PlanTaskTable extends Owned {
  id: Generated<number>;
  plan_id: number;
  position: number;
  text: string;
  due_on: NullableDate;
  status: ColumnType<TaskStatus, TaskStatus | undefined, TaskStatus>;
  progress: Dflt<number>;
  done_on: NullableDate;
  inherited_from: NullableInt;
  reminded_at: NullableStamp;
  /** 0031: a task that recurs each month or quarter of the plan, done per_occurrence times in each. */
  recurrence: ColumnType<TaskRecurrence, TaskRecurrence | undefined, TaskRecurrence>;
  per_occurrence: Dflt<number>;
}

export interface PlanTaskAgencyTable {
  province_id: ProvinceKey;
  task_id: number;
  agency_id: number;
}

export interface PlanAssignmentTable extends Owned {
  id: Generated<number>;
  plan_id: number;
  position: number;
  agency_id: number;
  heading: Text;
  duties: string;
}

export interface TaskProgressTable extends Owned {
  id: Generated<number>;
  task_id: number;
  noted_on: DateOnly;
  progress: number;
  note: string;
  evidence: Text;
  created_by: NullableInt;
  created_at: Stamp;
}

export interface PeriodicReportTable extends Owned {
  id: Generated<number>;
  year: number;
  kind: ReportKind;
  plan_id: NullableInt;
  due_on: DateOnly;
  narrative: Text;
  figures: NullableJson<ReportFigures>;
  status: ColumnType<'draft' | 'submitted', 'draft' | 'submitted' | undefined, 'draft' | 'submitted'>;
  number: Text;
  submitted_at: NullableStamp;
  submitted_by: NullableInt;
  submission_key: ColumnType<string | null, string | null | undefined, string | null>;
  revision: Dflt<number>;
  created_at: Stamp;
  forum_id: NullableInt;
  /** The figures the unit typed in, by statistic code. */
  entered: ColumnType<Record<string, number | null>, string | undefined, string>;
  period_from: NullableDate;
  period_to: NullableDate;
}

// Hazard sites and adjusted report forms (migrations/0030_report_statistics.sql).
export interface HazardSiteTable extends Owned {
  id: Generated<number>;
  village_id: number;
  kind: HazardKind;
  place: string;
  description: Text;
  responsible: Text;
  found_on: DateOnly;
  fenced_on: NullableDate;
  signposted_on: NullableDate;
  fixed_on: NullableDate;
  note: Text;
  created_by: number | null;
  created_at: Stamp;
  updated_by: ColumnType<number | null, number | null | undefined, number | null>;
  updated_at: Stamp;
}

export interface ReportFormTable {
  id: Generated<number>;
  province_id: number;
  kind: ReportKind;
  version: number;
  definition: ColumnType<ReportForm, string, string>;
  created_by: number | null;
  created_at: Stamp;
}
