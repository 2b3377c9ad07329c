-- Satisfaction surveys (criterion 13): versioned questionnaires, one survey per commune, period and
-- audience, one-time codes, and anonymous responses. A response is never linked to the code that
-- admitted it, so no one can tell who answered what.

CREATE TABLE questionnaire (
  id          serial PRIMARY KEY,
  code        text NOT NULL,
  version     integer NOT NULL,
  audience    text NOT NULL CHECK (audience IN ('children', 'residents')),
  definition  jsonb NOT NULL,
  created_by  integer REFERENCES app_user(id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (code, version)
);

CREATE TABLE survey (
  id                  serial PRIMARY KEY,
  unit_id             integer NOT NULL REFERENCES unit(id),
  province_id         integer NOT NULL REFERENCES unit(id),
  period_id           integer NOT NULL REFERENCES period(id),
  audience            text NOT NULL CHECK (audience IN ('children', 'residents')),
  questionnaire_code  text NOT NULL,
  sample_size         integer NOT NULL CHECK (sample_size BETWEEN 1 AND 5000),
  created_by          integer REFERENCES app_user(id),
  created_at          timestamptz NOT NULL DEFAULT now(),
  UNIQUE (unit_id, period_id, audience)
);

CREATE TABLE survey_code (
  code        text PRIMARY KEY,
  survey_id   integer NOT NULL REFERENCES survey(id) ON DELETE CASCADE,
  province_id integer NOT NULL REFERENCES unit(id),
  used_at     timestamptz
);
CREATE INDEX survey_code_survey_idx ON survey_code (survey_id);

CREATE TABLE survey_response (
  id                bigserial PRIMARY KEY,
  survey_id         integer NOT NULL REFERENCES survey(id) ON DELETE CASCADE,
  province_id       integer NOT NULL REFERENCES unit(id),
  questionnaire_id  integer NOT NULL REFERENCES questionnaire(id),
  answers           jsonb NOT NULL,
  satisfied         boolean NOT NULL,
  age_band          text,
  channel           text NOT NULL CHECK (channel IN ('online', 'paper')),
  entered_by        integer REFERENCES app_user(id),   -- paper mode only: who typed it
  received_on       date NOT NULL DEFAULT current_date -- the day only, so that timing does not point at a respondent
);
CREATE INDEX survey_response_survey_idx ON survey_response (survey_id);

-- A criterion value adopted from the surveys (C13) or from the forums and events (C11, C12) says so.
ALTER TABLE assessment_value DROP CONSTRAINT assessment_value_origin_check;
ALTER TABLE assessment_value ADD CONSTRAINT assessment_value_origin_check CHECK (origin IN ('manual', 'register', 'survey', 'forum'));
