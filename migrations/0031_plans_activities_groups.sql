-- Issue 19: plans that hold what real plans hold. A plan may span several years (Bắc Kạn 2019–2025) with
-- yearly targets; it names the body that issued it (a department may issue the province's plan), the date the
-- plans of the level below are due, the date it was sent up, and the decision that issued it as its annex.
-- Budget lines carry a source and an estimate; tasks may recur; targets may compare strictly ("trên 70%").
-- An activity log holds what was done (communication, training, clubs, board meetings, inspections,
-- commendations, the child-protection fund, safe models), with participants by sex, amounts and the task it
-- serves. Unit groups (former districts from an uploaded list, or any grouping a province chooses) stratify
-- re-checks and name the issuer of records from before 01/07/2025.

-- ------------------------------------------------------------------ unit groups
CREATE TABLE unit_group (
  id           serial PRIMARY KEY,
  province_id  integer NOT NULL REFERENCES unit(id),
  kind         text NOT NULL CHECK (kind IN ('former_district', 'custom')),
  grouping     text NOT NULL,                  -- the name of the grouping the group belongs to ('Huyện cũ', 'Cụm thi đua')
  code         text NOT NULL DEFAULT '',       -- the former district's code (3 digits) when known
  name         text NOT NULL,                  -- 'Huyện Tháp Mười'
  valid_to     date,                           -- a former district: the last day it existed (30/06/2025)
  created_by   integer REFERENCES app_user(id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (province_id, grouping, name)
);
-- Members: old communes for a former district (new communes reach it through unit_lineage), current
-- communes for a custom grouping.
CREATE TABLE unit_group_member (
  group_id     integer NOT NULL REFERENCES unit_group(id) ON DELETE CASCADE,
  unit_id      integer NOT NULL REFERENCES unit(id),
  province_id  integer NOT NULL REFERENCES unit(id),
  PRIMARY KEY (group_id, unit_id)
);
CREATE INDEX unit_group_member_unit_idx ON unit_group_member (unit_id);
CREATE INDEX unit_group_member_province_key_idx ON unit_group_member (province_id);
CREATE TRIGGER unit_group_member_province_key BEFORE INSERT ON unit_group_member
  FOR EACH ROW EXECUTE FUNCTION fill_province_id('unit_group', 'group_id');

-- Records from before 01/07/2025 were issued by a district: the former district, when one issued it.
ALTER TABLE plan ADD COLUMN issuer_group_id integer REFERENCES unit_group(id);
ALTER TABLE round ADD COLUMN issuer_group_id integer REFERENCES unit_group(id);
ALTER TABLE recognition_decision ADD COLUMN issuer_group_id integer REFERENCES unit_group(id);

-- Stratified re-checks: n communes drawn per group of a grouping (null: the share of all, as before).
ALTER TABLE recheck ADD COLUMN grouping text;
ALTER TABLE recheck ADD COLUMN per_group integer CHECK (per_group IS NULL OR per_group > 0);
ALTER TABLE recheck ADD CONSTRAINT recheck_stratified_check CHECK ((grouping IS NULL) = (per_group IS NULL));

-- ------------------------------------------------------------------ plans
ALTER TABLE plan ADD COLUMN year_to integer CHECK (year_to IS NULL OR year_to BETWEEN 2000 AND 2100);
ALTER TABLE plan ADD CONSTRAINT plan_years_check CHECK (year_to IS NULL OR year_to >= year);
-- The body that issued the plan, as cited by the plans that implement it ('Sở Y tế'); '' = the unit's People's Committee.
ALTER TABLE plan ADD COLUMN issuer_name text NOT NULL DEFAULT '';
-- The day the plans of the level below must be issued and sent up by (Tháp Mười: before 23/02).
ALTER TABLE plan ADD COLUMN lower_plans_due date;
-- The day this plan was sent to the level above.
ALTER TABLE plan ADD COLUMN sent_on date;
-- The covering decision that issues the plan as its annex ('Quyết định số 352/QĐ-UBND').
ALTER TABLE plan ADD COLUMN decision_number text NOT NULL DEFAULT '';
ALTER TABLE plan ADD COLUMN decision_on date;

-- A yearly step of a multi-year plan's target (null: the whole plan); "trên 70%" compares strictly.
ALTER TABLE plan_target ADD COLUMN year integer;
ALTER TABLE plan_target ADD COLUMN comparison text CHECK (comparison IN ('at_least', 'above', 'at_most', 'below'));

-- A recurring task ("01 tin bài mỗi tháng"): each month or quarter of the plan is an occurrence, done when
-- per_occurrence activities serving the task fall in it.
ALTER TABLE plan_task ADD COLUMN recurrence text NOT NULL DEFAULT 'once' CHECK (recurrence IN ('once', 'monthly', 'quarterly'));
ALTER TABLE plan_task ADD COLUMN per_occurrence integer NOT NULL DEFAULT 1 CHECK (per_occurrence BETWEEN 1 AND 1000);

-- Kinh phí: a line per item and source, in whole đồng; spending is what the activity log records against it.
CREATE TABLE plan_budget_line (
  id           serial PRIMARY KEY,
  plan_id      integer NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
  unit_id      integer NOT NULL REFERENCES unit(id),
  province_id  integer NOT NULL REFERENCES unit(id),
  position     integer NOT NULL,
  item         text NOT NULL,
  source       text NOT NULL CHECK (source IN ('central', 'province', 'commune', 'programme', 'socialised', 'fund', 'other')),
  year         integer,                        -- a multi-year plan's yearly estimate; null: the whole plan
  estimate     bigint NOT NULL CHECK (estimate >= 0),
  UNIQUE (plan_id, position) DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX plan_budget_line_plan_idx ON plan_budget_line (plan_id);

-- ------------------------------------------------------------------ activity log
CREATE TABLE activity (
  id               serial PRIMARY KEY,
  unit_id          integer NOT NULL REFERENCES unit(id),
  province_id      integer NOT NULL REFERENCES unit(id),
  kind             text NOT NULL CHECK (kind IN ('communication', 'training', 'club', 'board_meeting', 'inspection',
                     'commendation', 'fund', 'model', 'other')),
  -- The form within the kind: communication loudspeaker|news|session|leaflet; club rights|change_leaders|other;
  -- inspection sector|child_labour; fund raised|spent; model safe_community|safe_home (src/core/activities).
  form             text NOT NULL DEFAULT '',
  held_on          date NOT NULL,
  title            text NOT NULL,
  place            text NOT NULL DEFAULT '',
  quantity         integer CHECK (quantity IS NULL OR quantity >= 0),   -- broadcasts, items, copies, members…
  children_male    integer NOT NULL DEFAULT 0 CHECK (children_male >= 0),
  children_female  integer NOT NULL DEFAULT 0 CHECK (children_female >= 0),
  adults_male      integer NOT NULL DEFAULT 0 CHECK (adults_male >= 0),
  adults_female    integer NOT NULL DEFAULT 0 CHECK (adults_female >= 0),
  amount           bigint CHECK (amount IS NULL OR amount >= 0),        -- đồng, where money moves
  task_id          integer REFERENCES plan_task(id) ON DELETE SET NULL,
  budget_line_id   integer REFERENCES plan_budget_line(id) ON DELETE SET NULL,
  note             text NOT NULL DEFAULT '',
  created_by       integer REFERENCES app_user(id),
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_by       integer REFERENCES app_user(id),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX activity_unit_idx ON activity (unit_id, held_on);
CREATE INDEX activity_province_idx ON activity (province_id, held_on);
CREATE INDEX activity_task_idx ON activity (task_id) WHERE task_id IS NOT NULL;
CREATE INDEX activity_budget_line_idx ON activity (budget_line_id) WHERE budget_line_id IS NOT NULL;

-- Evidence of an activity (minutes, photos, the broadcast schedule), stored as the round's evidence files are.
CREATE TABLE activity_file (
  id            serial PRIMARY KEY,
  activity_id   integer NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
  unit_id       integer NOT NULL REFERENCES unit(id),
  province_id   integer NOT NULL REFERENCES unit(id),
  file_name     text NOT NULL,
  media_type    text NOT NULL,
  size_bytes    integer NOT NULL CHECK (size_bytes > 0),
  sha256        text NOT NULL,
  storage_key   text NOT NULL UNIQUE,
  uploaded_by   integer REFERENCES app_user(id),
  uploaded_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX activity_file_activity_idx ON activity_file (activity_id);

-- Activities, budget lines and unit groups are rows of a province, chained with it.
CREATE OR REPLACE FUNCTION audit_log_chain_key(entity text, entity_id text, user_id integer) RETURNS integer LANGUAGE plpgsql STABLE AS $$
DECLARE
  ref integer := CASE WHEN entity_id ~ '^[0-9]{1,9}$' THEN entity_id::integer END;
  p integer;
BEGIN
  CASE entity
    -- Reference data and settings that no province owns.
    WHEN 'rule_set', 'period', 'questionnaire', 'circumstance_group', 'holiday', 'retention_setting', 'privacy' THEN
      RETURN 0;
    -- The account acted upon (logins, password changes, erasure); a failed login for an unknown name
    -- names no account id, so it falls back to the actor, if any.
    WHEN 'user' THEN
      RETURN audit_account_chain(coalesce(ref, user_id));
    WHEN 'unit', 'register' THEN p := audit_unit_province(ref);
    -- Rows of province-keyed tables, by id. Planned on each call (EXECUTE): a plan cached while a table
    -- was empty would go on scanning it as it grows.
    WHEN 'round_entry', 'round', 'assessment', 'evidence_file', 'public_comment', 'child', 'protection_case', 'child_forum',
         'forum_recommendation', 'child_event', 'plan', 'plan_task', 'agency', 'survey', 'periodic_report',
         'hazard_site', 'report_form', 'activity', 'activity_file', 'plan_budget_line', 'unit_group' THEN
      IF ref IS NOT NULL THEN
        EXECUTE format('SELECT province_id FROM %I WHERE id = $1', entity) INTO p USING ref;
      END IF;
    -- A national boundary file has no province: national chain.
    WHEN 'boundary_import' THEN
      IF ref IS NOT NULL THEN
        EXECUTE 'SELECT coalesce(province_id, 0) FROM boundary_import WHERE id = $1' INTO p USING ref;
      END IF;
    ELSE
      -- Anything else is taken to concern the actor's province (national for no actor).
      RETURN CASE WHEN user_id IS NULL THEN 0 ELSE audit_account_chain(user_id) END;
  END CASE;
  -- A row not found (already gone, or an id of another form): the actor's chain.
  IF p IS NULL THEN
    RETURN CASE WHEN user_id IS NULL THEN 0 ELSE audit_account_chain(user_id) END;
  END IF;
  RETURN p;
END $$;
