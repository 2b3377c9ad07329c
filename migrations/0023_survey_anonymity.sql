-- Anonymous surveys that stay anonymous (issue 14). Nothing stored orders, times or numbers a response
-- in a way that leads back to the code that admitted it:
--   * a code keeps only that it is spent (used), not when;
--   * an answer first goes into survey_response_held, in the transaction that spends its code; a
--     release (surveys/store.ts) moves the held answers of a survey into survey_response, in random
--     order, in a transaction of its own, once at least 5 wait or when the survey is closed; only
--     survey_response is counted in results;
--   * responses have random ids (uuid) and no time.
-- survey_code and survey_response are rebuilt rather than altered, so that no old tuple keeps a
-- dropped used_at or the arrival order on disk: the new tables are written in code order and in
-- random order, and the old files go when this transaction commits.

-- Closing a survey releases what is held and refuses further answers; it is the officer's act, so its
-- time and author are kept (they say nothing about any respondent).
ALTER TABLE survey ADD COLUMN closed_at timestamptz;
ALTER TABLE survey ADD COLUMN closed_by integer REFERENCES app_user(id);

CREATE TABLE survey_code_new (
  code        text PRIMARY KEY,
  survey_id   integer NOT NULL REFERENCES survey(id) ON DELETE CASCADE,
  province_id integer NOT NULL REFERENCES unit(id),
  used        boolean NOT NULL DEFAULT false
);
INSERT INTO survey_code_new (code, survey_id, province_id, used)
SELECT code, survey_id, province_id, used_at IS NOT NULL FROM survey_code ORDER BY code;
DROP TABLE survey_code;
ALTER TABLE survey_code_new RENAME TO survey_code;
ALTER INDEX survey_code_new_pkey RENAME TO survey_code_pkey;
ALTER TABLE survey_code RENAME CONSTRAINT survey_code_new_survey_id_fkey TO survey_code_survey_id_fkey;
ALTER TABLE survey_code RENAME CONSTRAINT survey_code_new_province_id_fkey TO survey_code_province_id_fkey;
CREATE INDEX survey_code_survey_idx ON survey_code (survey_id);

CREATE TABLE survey_response_new (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  survey_id         integer NOT NULL REFERENCES survey(id) ON DELETE CASCADE,
  province_id       integer NOT NULL REFERENCES unit(id),
  questionnaire_id  integer NOT NULL REFERENCES questionnaire(id),
  answers           jsonb NOT NULL,
  satisfied         boolean NOT NULL,
  age_band          text,
  channel           text NOT NULL CHECK (channel IN ('online', 'paper')),
  entered_by        integer REFERENCES app_user(id)   -- paper mode only: who typed it
);
-- Existing responses were already counted in results: they stay counted, with new random ids, in random order.
INSERT INTO survey_response_new (survey_id, province_id, questionnaire_id, answers, satisfied, age_band, channel, entered_by)
SELECT survey_id, province_id, questionnaire_id, answers, satisfied, age_band, channel, entered_by FROM survey_response ORDER BY random();
DROP TABLE survey_response;
ALTER TABLE survey_response_new RENAME TO survey_response;
ALTER INDEX survey_response_new_pkey RENAME TO survey_response_pkey;
ALTER TABLE survey_response RENAME CONSTRAINT survey_response_new_survey_id_fkey TO survey_response_survey_id_fkey;
ALTER TABLE survey_response RENAME CONSTRAINT survey_response_new_province_id_fkey TO survey_response_province_id_fkey;
ALTER TABLE survey_response RENAME CONSTRAINT survey_response_new_questionnaire_id_fkey TO survey_response_questionnaire_id_fkey;
ALTER TABLE survey_response RENAME CONSTRAINT survey_response_new_entered_by_fkey TO survey_response_entered_by_fkey;
ALTER TABLE survey_response RENAME CONSTRAINT survey_response_new_channel_check TO survey_response_channel_check;
CREATE INDEX survey_response_survey_idx ON survey_response (survey_id);
CREATE INDEX survey_response_questionnaire_idx ON survey_response (questionnaire_id);

-- Answers waiting for their release: the same columns as survey_response. A random key, so that even
-- a dump ordered by key says nothing of the arrival order.
CREATE TABLE survey_response_held (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  survey_id         integer NOT NULL REFERENCES survey(id) ON DELETE CASCADE,
  province_id       integer NOT NULL REFERENCES unit(id),
  questionnaire_id  integer NOT NULL REFERENCES questionnaire(id),
  answers           jsonb NOT NULL,
  satisfied         boolean NOT NULL,
  age_band          text,
  channel           text NOT NULL CHECK (channel IN ('online', 'paper')),
  entered_by        integer REFERENCES app_user(id)
);
CREATE INDEX survey_response_held_survey_idx ON survey_response_held (survey_id);
CREATE INDEX survey_response_held_questionnaire_idx ON survey_response_held (questionnaire_id);
