-- Conflicts without loss (issue 21): a value the person chose not to keep when resolving a conflict
-- (someone else had changed the field since they read it). It never stood as the value, so it is kept apart
-- from assessment_value_history, whose rows replay what stood (privacy timeline, report figures as of a day);
-- the history answer shows both, this one marked as not kept.
CREATE TABLE assessment_value_unkept (
  id            bigserial PRIMARY KEY,
  province_id   integer NOT NULL REFERENCES unit(id),
  assessment_id integer NOT NULL REFERENCES assessment(id) ON DELETE CASCADE,
  code          text NOT NULL,
  value         jsonb,
  -- The value that stood instead when the person chose (what they kept).
  kept_value    jsonb,
  entered_by    integer REFERENCES app_user(id),
  entered_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX assessment_value_unkept_idx ON assessment_value_unkept (assessment_id, code, id);
CREATE INDEX assessment_value_unkept_province_key_idx ON assessment_value_unkept (province_id);
