-- Issue 18: what the periodic reports count and how. Injury and death cases carry a cause (the national list),
-- child labour is a kind of case, hazard sites (ponds, rivers, canals, wells, pits) are kept per village, report
-- forms are versioned data a province may adjust, and reports come in four kinds: 6-month, annual, Action Month
-- and one per children's forum. Each report states its data period; its cut-off is the plan's or the default.

ALTER TABLE protection_case DROP CONSTRAINT protection_case_kind_check;
ALTER TABLE protection_case ADD CONSTRAINT protection_case_kind_check
  CHECK (kind IN ('abuse', 'abandonment', 'trafficking', 'injury', 'death', 'law_violation', 'drug_use', 'child_labour'));
-- Cases recorded before causes existed keep none and are counted as "not recorded"; new ones must say.
ALTER TABLE protection_case ADD COLUMN cause text
  CHECK (cause IN ('drowning', 'traffic', 'fall', 'burn', 'poisoning', 'electric_shock', 'animal_bite', 'violence', 'other'));
ALTER TABLE protection_case ADD CONSTRAINT protection_case_cause_kind_check CHECK (cause IS NULL OR kind IN ('injury', 'death'));
CREATE INDEX protection_case_occurred_idx ON protection_case (unit_id, occurred_on);

-- Places where children may drown or fall, kept by the commune and made safe by those responsible.
CREATE TABLE hazard_site (
  id             serial PRIMARY KEY,
  unit_id        integer NOT NULL REFERENCES unit(id),
  province_id    integer NOT NULL REFERENCES unit(id),
  village_id     integer NOT NULL REFERENCES village(id),
  kind           text NOT NULL CHECK (kind IN ('pond', 'river', 'canal', 'well', 'pit', 'other')),
  place          text NOT NULL,                  -- where it is, as people say it
  description    text NOT NULL DEFAULT '',
  responsible    text NOT NULL DEFAULT '',       -- the agency, household or business responsible
  found_on       date NOT NULL,                  -- entered in the list on
  fenced_on      date,                           -- fenced or covered since
  signposted_on  date,                           -- warning sign since
  fixed_on       date,                           -- filled in, closed or otherwise no longer a hazard
  note           text NOT NULL DEFAULT '',
  created_by     integer REFERENCES app_user(id),
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_by     integer REFERENCES app_user(id),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  CHECK (fenced_on IS NULL OR fenced_on >= found_on),
  CHECK (signposted_on IS NULL OR signposted_on >= found_on),
  CHECK (fixed_on IS NULL OR fixed_on >= found_on)
);
CREATE INDEX hazard_site_unit_idx ON hazard_site (unit_id, village_id);
CREATE INDEX hazard_site_province_idx ON hazard_site (province_id);

-- A province's adjusted copy of a preset report form (the presets live in src/core/reports/forms.ts).
CREATE TABLE report_form (
  id           serial PRIMARY KEY,
  province_id  integer NOT NULL REFERENCES unit(id),
  kind         text NOT NULL CHECK (kind IN ('six_month', 'annual', 'action_month', 'forum')),
  version      integer NOT NULL CHECK (version >= 1),
  definition   jsonb NOT NULL,
  created_by   integer REFERENCES app_user(id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (province_id, kind, version)
);

ALTER TABLE periodic_report DROP CONSTRAINT periodic_report_kind_check;
ALTER TABLE periodic_report ADD CONSTRAINT periodic_report_kind_check
  CHECK (kind IN ('six_month', 'annual', 'action_month', 'forum'));
-- A forum's report belongs to that forum; the other kinds are one per unit and year.
ALTER TABLE periodic_report ADD COLUMN forum_id integer REFERENCES child_forum(id);
ALTER TABLE periodic_report ADD CONSTRAINT periodic_report_forum_check CHECK ((kind = 'forum') = (forum_id IS NOT NULL));
ALTER TABLE periodic_report DROP CONSTRAINT periodic_report_unit_id_year_kind_key;
CREATE UNIQUE INDEX periodic_report_unit_kind_uq ON periodic_report (unit_id, year, kind) WHERE forum_id IS NULL;
CREATE UNIQUE INDEX periodic_report_forum_uq ON periodic_report (forum_id) WHERE forum_id IS NOT NULL;
-- The figures the unit types in (budget, communication, training…), by statistic code.
ALTER TABLE periodic_report ADD COLUMN entered jsonb NOT NULL DEFAULT '{}';
-- The data period the report covered, fixed when it is submitted.
ALTER TABLE periodic_report ADD COLUMN period_from date;
ALTER TABLE periodic_report ADD COLUMN period_to date;

-- Each report's cut-off (MM-DD; none: the default, see docs/reports.md) and the Action Month report's due day.
ALTER TABLE plan ADD COLUMN six_month_cutoff text CHECK (six_month_cutoff ~ '^[01][0-9]-[0-3][0-9]$');
ALTER TABLE plan ADD COLUMN annual_cutoff text CHECK (annual_cutoff ~ '^[01][0-9]-[0-3][0-9]$');
ALTER TABLE plan ADD COLUMN action_month_due text NOT NULL DEFAULT '07-10' CHECK (action_month_due ~ '^[01][0-9]-[0-3][0-9]$');

-- Hazard sites and report forms are rows of a province, chained with it.
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
         'hazard_site', 'report_form' THEN
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
