-- Child register and protection cases: villages, households, children, special circumstances,
-- support, health records, cases with intervention-plan deadlines, and a log of every read.
-- Every row carries its commune (unit_id) and province (province_id) so that counts and a later
-- distribution by province never need a join to find the owner.

-- Village collaborators keep the register of one village; a role may be limited to a village.
ALTER TABLE user_role DROP CONSTRAINT user_role_role_check;
ALTER TABLE user_role ADD CONSTRAINT user_role_role_check
  CHECK (role IN ('commune_officer', 'commune_chairman', 'collaborator', 'province_official', 'appraiser', 'sector_reviewer', 'signer', 'system_admin'));

CREATE TABLE village (
  id           serial PRIMARY KEY,
  unit_id      integer NOT NULL REFERENCES unit(id),
  province_id  integer NOT NULL REFERENCES unit(id),
  name         text NOT NULL,
  UNIQUE (unit_id, name)
);
ALTER TABLE user_role ADD COLUMN village_id integer REFERENCES village(id);

CREATE TABLE household (
  id           serial PRIMARY KEY,
  unit_id      integer NOT NULL REFERENCES unit(id),
  province_id  integer NOT NULL REFERENCES unit(id),
  village_id   integer NOT NULL REFERENCES village(id),
  code         text NOT NULL,
  head_name    text NOT NULL,
  address      text NOT NULL DEFAULT '',
  UNIQUE (unit_id, code)
);

CREATE TABLE child (
  id                   serial PRIMARY KEY,
  unit_id              integer NOT NULL REFERENCES unit(id),
  province_id          integer NOT NULL REFERENCES unit(id),
  village_id           integer NOT NULL REFERENCES village(id),
  household_id         integer NOT NULL REFERENCES household(id),
  code                 text NOT NULL,               -- the commune's register number (mã trẻ em)
  full_name            text NOT NULL,
  search_name          text NOT NULL,               -- lower case without diacritics, for search
  birth_date           date NOT NULL,
  sex                  text NOT NULL CHECK (sex IN ('male', 'female')),
  id_number            text,                        -- số định danh cá nhân
  guardian_name        text NOT NULL DEFAULT '',
  guardian_relation    text NOT NULL DEFAULT '',
  birth_registered_on  date,
  education            text CHECK (education IN ('none', 'preschool', 'primary', 'lower_secondary', 'upper_secondary', 'vocational', 'out_of_school')),
  fully_immunized_on   date,
  disability           text NOT NULL DEFAULT '',
  moved_out_on         date,
  died_on              date,
  note                 text NOT NULL DEFAULT '',
  updated_by           integer REFERENCES app_user(id),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  UNIQUE (unit_id, code),
  CHECK (died_on IS NULL OR died_on >= birth_date),
  CHECK (birth_registered_on IS NULL OR birth_registered_on >= birth_date)
);
CREATE UNIQUE INDEX child_id_number_uq ON child (id_number) WHERE id_number IS NOT NULL;
CREATE INDEX child_list_idx ON child (unit_id, village_id, birth_date);
CREATE INDEX child_search_idx ON child (unit_id, search_name text_pattern_ops);
CREATE INDEX child_province_idx ON child (province_id);
CREATE INDEX child_household_idx ON child (household_id);

-- The 14 groups of Luật Trẻ em Điều 10 and their sub-groups (parent_code set); officials add sub-groups.
CREATE TABLE circumstance_group (
  code         text PRIMARY KEY,
  parent_code  text REFERENCES circumstance_group(code),
  letter       text NOT NULL DEFAULT '',
  label_vi     text NOT NULL,
  label_en     text NOT NULL DEFAULT '',
  sensitive    boolean NOT NULL,
  builtin      boolean NOT NULL DEFAULT false,
  created_by   integer REFERENCES app_user(id),
  created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE child_circumstance (
  id           serial PRIMARY KEY,
  child_id     integer NOT NULL REFERENCES child(id) ON DELETE CASCADE,
  unit_id      integer NOT NULL REFERENCES unit(id),
  province_id  integer NOT NULL REFERENCES unit(id),
  group_code   text NOT NULL REFERENCES circumstance_group(code),
  started_on   date NOT NULL,
  ended_on     date,
  note         text NOT NULL DEFAULT '',
  CHECK (ended_on IS NULL OR ended_on >= started_on)
);
CREATE INDEX child_circumstance_child_idx ON child_circumstance (child_id);
CREATE INDEX child_circumstance_unit_idx ON child_circumstance (unit_id, started_on);

CREATE TABLE child_support (
  id           serial PRIMARY KEY,
  child_id     integer NOT NULL REFERENCES child(id) ON DELETE CASCADE,
  unit_id      integer NOT NULL REFERENCES unit(id),
  province_id  integer NOT NULL REFERENCES unit(id),
  kind         text NOT NULL,
  given_on     date NOT NULL,
  provider     text NOT NULL,
  note         text NOT NULL DEFAULT '',
  case_id      integer,
  created_by   integer REFERENCES app_user(id)
);
CREATE INDEX child_support_child_idx ON child_support (child_id);
CREATE INDEX child_support_unit_idx ON child_support (unit_id, given_on);

-- Growth measurements (C08) and periodic health checks (C09); the health station's classification is kept as given.
CREATE TABLE child_health_record (
  id           serial PRIMARY KEY,
  child_id     integer NOT NULL REFERENCES child(id) ON DELETE CASCADE,
  unit_id      integer NOT NULL REFERENCES unit(id),
  province_id  integer NOT NULL REFERENCES unit(id),
  kind         text NOT NULL CHECK (kind IN ('growth', 'periodic')),
  checked_on   date NOT NULL,
  weight_kg    numeric(5, 2),
  height_cm    numeric(5, 1),
  underweight  boolean NOT NULL DEFAULT false,
  stunted      boolean NOT NULL DEFAULT false,
  note         text NOT NULL DEFAULT ''
);
CREATE INDEX child_health_record_child_idx ON child_health_record (child_id, checked_on);
CREATE INDEX child_health_record_unit_idx ON child_health_record (unit_id, kind, checked_on);

-- Protection cases. Plan deadlines are worked out in working days when the case is saved.
CREATE TABLE protection_case (
  id                serial PRIMARY KEY,
  child_id          integer NOT NULL REFERENCES child(id),
  unit_id           integer NOT NULL REFERENCES unit(id),
  province_id       integer NOT NULL REFERENCES unit(id),
  kind              text NOT NULL CHECK (kind IN ('abuse', 'abandonment', 'trafficking', 'injury', 'death', 'law_violation', 'drug_use')),
  abuse_kind        text CHECK (abuse_kind IN ('sexual', 'physical', 'emotional', 'neglect', 'exploitation')),
  occurred_on       date NOT NULL,
  reported_on       date NOT NULL,
  emergency         boolean NOT NULL DEFAULT false,
  summary           text NOT NULL DEFAULT '',
  case_worker_id    integer REFERENCES app_user(id),
  plan_due_on       date,
  plan_drafted_on   date,
  approval_due_on   date,
  plan_approved_on  date,
  plan_approved_by  integer REFERENCES app_user(id),
  closed_on         date,
  created_by        integer REFERENCES app_user(id),
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  CHECK (reported_on >= occurred_on)
);
CREATE INDEX protection_case_child_idx ON protection_case (child_id);
CREATE INDEX protection_case_unit_idx ON protection_case (unit_id, reported_on);

-- Official decisions that move days off or make a Saturday a working day, on top of the statutory holidays.
CREATE TABLE holiday_adjustment (
  day          date PRIMARY KEY,
  kind         text NOT NULL CHECK (kind IN ('day_off', 'working_day')),
  name         text NOT NULL,
  created_by   integer REFERENCES app_user(id)
);

-- Every read of a child's record: who, when, which child or case, what for.
CREATE TABLE child_access_log (
  id        bigserial PRIMARY KEY,
  at        timestamptz NOT NULL DEFAULT now(),
  user_id   integer NOT NULL REFERENCES app_user(id),
  unit_id   integer NOT NULL REFERENCES unit(id),
  child_id  integer REFERENCES child(id) ON DELETE SET NULL,
  case_id   integer REFERENCES protection_case(id) ON DELETE SET NULL,
  action    text NOT NULL,                          -- view, list, case_view, export, derived
  fields    text[] NOT NULL DEFAULT '{}',           -- the parts of the record shown
  ip        text
);
CREATE INDEX child_access_log_child_idx ON child_access_log (child_id, at);
CREATE INDEX child_access_log_unit_idx ON child_access_log (unit_id, at);
CREATE INDEX child_access_log_user_idx ON child_access_log (user_id, at);

-- A register import waiting for its commit: the checked rows are kept so that the commit writes exactly what was previewed.
CREATE TABLE register_import (
  id           serial PRIMARY KEY,
  unit_id      integer NOT NULL REFERENCES unit(id),
  file_name    text NOT NULL,
  status       text NOT NULL CHECK (status IN ('preview', 'committed', 'discarded')),
  summary      jsonb NOT NULL,
  rows         jsonb NOT NULL,
  created_by   integer REFERENCES app_user(id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  committed_at timestamptz
);

-- Where a saved criterion value came from: typed in, or adopted from the register.
ALTER TABLE assessment_value ADD COLUMN origin text NOT NULL DEFAULT 'manual' CHECK (origin IN ('manual', 'register'));
ALTER TABLE assessment_value_history ADD COLUMN origin text NOT NULL DEFAULT 'manual';
