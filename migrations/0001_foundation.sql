-- Foundation: units with lineage, versioned rule sets, periods, assessments with value history, users, audit.

CREATE TABLE unit (
  id           serial PRIMARY KEY,
  code         text NOT NULL,
  level        text NOT NULL CHECK (level IN ('province', 'commune')),
  kind         text NOT NULL,                 -- tinh, thanh_pho, xa, phuong, dac_khu, thi_tran, huyen...
  name         text NOT NULL,
  parent_id    integer REFERENCES unit(id),
  valid_from   date,                          -- null: existed before the lists we hold
  valid_to     date,                          -- null while the unit exists
  category     text CHECK (category IN ('urban_ward', 'disadvantaged', 'other')),
  source       text NOT NULL,                 -- the official list the row came from
  UNIQUE NULLS NOT DISTINCT (level, code, valid_from)
);
CREATE INDEX unit_parent_idx ON unit (parent_id);
CREATE INDEX unit_level_idx ON unit (level, valid_to);

-- Old → new: which units a unit was merged into or split across, kept so that history stays readable.
CREATE TABLE unit_lineage (
  predecessor_id integer NOT NULL REFERENCES unit(id),
  successor_id   integer NOT NULL REFERENCES unit(id),
  kind           text NOT NULL CHECK (kind IN ('full', 'partial')),
  effective_on   date NOT NULL,
  PRIMARY KEY (predecessor_id, successor_id)
);
CREATE INDEX unit_lineage_successor_idx ON unit_lineage (successor_id);

CREATE TABLE app_user (
  id            serial PRIMARY KEY,
  username      text NOT NULL UNIQUE,
  password_hash text NOT NULL,
  full_name     text NOT NULL,
  locale        text NOT NULL DEFAULT 'vi',
  disabled      boolean NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL DEFAULT now()
);

-- A role is always scoped: a commune officer to a commune, a province official to a province.
CREATE TABLE user_role (
  id       serial PRIMARY KEY,
  user_id  integer NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  role     text NOT NULL CHECK (role IN ('commune_officer', 'province_official', 'system_admin')),
  unit_id  integer REFERENCES unit(id),
  UNIQUE NULLS NOT DISTINCT (user_id, role, unit_id),
  CHECK ((role = 'system_admin') = (unit_id IS NULL))
);

CREATE TABLE session (
  token_hash  text PRIMARY KEY,               -- sha-256 of the cookie token; the token itself is never stored
  user_id     integer NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL
);
CREATE INDEX session_user_idx ON session (user_id);

CREATE TABLE rule_set (
  id            serial PRIMARY KEY,
  code          text NOT NULL,
  version       integer NOT NULL,
  status        text NOT NULL CHECK (status IN ('draft', 'published')),
  definition    jsonb NOT NULL,
  based_on_id   integer REFERENCES rule_set(id),
  note          text NOT NULL DEFAULT '',
  created_by    integer REFERENCES app_user(id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  published_by  integer REFERENCES app_user(id),
  published_at  timestamptz,
  UNIQUE (code, version)
);

CREATE TABLE period (
  id         serial PRIMARY KEY,
  year       integer NOT NULL UNIQUE,
  starts_on  date NOT NULL,
  ends_on    date NOT NULL,
  CHECK (ends_on > starts_on)
);

-- One assessment of one commune for one period, scored with the rule-set version it keeps.
CREATE TABLE assessment (
  id           serial PRIMARY KEY,
  unit_id      integer NOT NULL REFERENCES unit(id),
  period_id    integer NOT NULL REFERENCES period(id),
  rule_set_id  integer NOT NULL REFERENCES rule_set(id),
  category     text NOT NULL,
  total        integer NOT NULL DEFAULT 0,
  recognized   boolean NOT NULL DEFAULT false,
  complete     boolean NOT NULL DEFAULT false,
  result       jsonb,
  updated_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (unit_id, period_id)
);
CREATE INDEX assessment_period_idx ON assessment (period_id);

CREATE TABLE assessment_value (
  assessment_id integer NOT NULL REFERENCES assessment(id) ON DELETE CASCADE,
  code          text NOT NULL,
  value         jsonb NOT NULL,
  source_note   text NOT NULL DEFAULT '',
  entered_by    integer REFERENCES app_user(id),
  entered_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (assessment_id, code)
);

-- Every value ever saved, newest last; null value = cleared.
CREATE TABLE assessment_value_history (
  id            bigserial PRIMARY KEY,
  assessment_id integer NOT NULL REFERENCES assessment(id) ON DELETE CASCADE,
  code          text NOT NULL,
  value         jsonb,
  source_note   text NOT NULL DEFAULT '',
  entered_by    integer REFERENCES app_user(id),
  entered_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX assessment_value_history_idx ON assessment_value_history (assessment_id, code, id);

CREATE TABLE audit_log (
  id         bigserial PRIMARY KEY,
  at         timestamptz NOT NULL DEFAULT now(),
  user_id    integer REFERENCES app_user(id),
  action     text NOT NULL,
  entity     text NOT NULL,
  entity_id  text,
  before     jsonb,
  after      jsonb,
  ip         text
);
CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id);
CREATE INDEX audit_log_at_idx ON audit_log (at);
