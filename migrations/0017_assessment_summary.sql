-- A small summary of each assessment's score kept beside its JSON result (about 6.5 KiB), so that the
-- dashboards count and average without reading the JSON (docs/performance.md, national scale).
--   provisional, threshold and the assessment_criterion rows are copied from `result` by triggers, so
--     every writer (the scoring code, imports, tests inserting results directly) keeps them right;
--   provisional_impacts (core/dashboards/figures.ts provisionalImpact) needs the TypeScript core: the
--     scoring writers compute it with a fresh impacts_token (dashboards/summary.ts). Any other change of
--     the result or of total/recognized/complete that leaves the token as it was sets it back to NULL,
--     which the dashboards read as "not known": they compute it from the JSON and store it.

ALTER TABLE assessment
  ADD COLUMN provisional boolean NOT NULL DEFAULT false,
  ADD COLUMN threshold integer,
  ADD COLUMN provisional_impacts jsonb,
  ADD COLUMN impacts_token text;

-- period_id, unit_id and province_id are copies of the assessment's (which holds their foreign keys).
CREATE TABLE assessment_criterion (
  assessment_id integer NOT NULL REFERENCES assessment(id) ON DELETE CASCADE,
  period_id integer NOT NULL,
  unit_id integer NOT NULL,
  province_id integer NOT NULL,
  code text NOT NULL,
  points numeric NOT NULL,
  max numeric NOT NULL,
  provisional boolean NOT NULL DEFAULT false,
  PRIMARY KEY (assessment_id, code)
);
CREATE INDEX assessment_criterion_period_code_idx ON assessment_criterion (period_id, code);

-- Results whose impacts are not known yet: normally none, so each dashboard checks for them cheaply.
CREATE INDEX assessment_impacts_unknown_idx ON assessment (period_id) WHERE provisional AND complete AND provisional_impacts IS NULL;

CREATE FUNCTION assessment_summary_columns() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' OR NEW.result IS DISTINCT FROM OLD.result THEN
    NEW.provisional := coalesce((NEW.result ->> 'provisional')::boolean, false);
    NEW.threshold := (NEW.result ->> 'threshold')::integer;
  END IF;
  IF TG_OP = 'INSERT' THEN
    IF NEW.impacts_token IS NULL THEN NEW.provisional_impacts := NULL; END IF;
  ELSIF NEW.impacts_token IS NOT DISTINCT FROM OLD.impacts_token
    AND (NEW.result IS DISTINCT FROM OLD.result
         OR (NEW.total, NEW.recognized, NEW.complete, NEW.category, NEW.rule_set_id) IS DISTINCT FROM (OLD.total, OLD.recognized, OLD.complete, OLD.category, OLD.rule_set_id)) THEN
    NEW.provisional_impacts := NULL;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER assessment_summary BEFORE INSERT OR UPDATE ON assessment FOR EACH ROW EXECUTE FUNCTION assessment_summary_columns();

-- The criterion rows, once per statement (a recompute writes 500 results a statement).
CREATE FUNCTION assessment_criterion_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO assessment_criterion (assessment_id, period_id, unit_id, province_id, code, points, max, provisional)
  SELECT n.id, n.period_id, n.unit_id, n.province_id, c ->> 'code', (c ->> 'points')::numeric, (c ->> 'max')::numeric, coalesce((c ->> 'provisional')::boolean, false)
    FROM assessment_new n, jsonb_array_elements(CASE WHEN jsonb_typeof(n.result -> 'criteria') = 'array' THEN n.result -> 'criteria' ELSE '[]'::jsonb END) c;
  RETURN NULL;
END $$;
CREATE TRIGGER assessment_criterion_insert AFTER INSERT ON assessment REFERENCING NEW TABLE AS assessment_new
  FOR EACH STATEMENT EXECUTE FUNCTION assessment_criterion_inserted();

-- Upserted, not rewritten: a change of category or of one value leaves most rows as they are.
CREATE FUNCTION assessment_criterion_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM assessment_criterion k USING assessment_new n JOIN assessment_old o ON o.id = n.id
   WHERE k.assessment_id = n.id
     AND (n.result IS NULL OR jsonb_path_query_array(n.result, '$.criteria[*].code') IS DISTINCT FROM jsonb_path_query_array(o.result, '$.criteria[*].code'));
  INSERT INTO assessment_criterion AS k (assessment_id, period_id, unit_id, province_id, code, points, max, provisional)
  SELECT n.id, n.period_id, n.unit_id, n.province_id, c ->> 'code', (c ->> 'points')::numeric, (c ->> 'max')::numeric, coalesce((c ->> 'provisional')::boolean, false)
    FROM assessment_new n,
         jsonb_array_elements(CASE WHEN jsonb_typeof(n.result -> 'criteria') = 'array' THEN n.result -> 'criteria' ELSE '[]'::jsonb END) c
  ON CONFLICT (assessment_id, code) DO UPDATE
     SET period_id = excluded.period_id, unit_id = excluded.unit_id, province_id = excluded.province_id, points = excluded.points, max = excluded.max, provisional = excluded.provisional
   WHERE (k.period_id, k.unit_id, k.province_id, k.points, k.max, k.provisional) IS DISTINCT FROM (excluded.period_id, excluded.unit_id, excluded.province_id, excluded.points, excluded.max, excluded.provisional);
  RETURN NULL;
END $$;
CREATE TRIGGER assessment_criterion_update AFTER UPDATE ON assessment REFERENCING OLD TABLE AS assessment_old NEW TABLE AS assessment_new
  FOR EACH STATEMENT EXECUTE FUNCTION assessment_criterion_updated();

-- Existing results: the columns and rows now; the impacts on the first dashboard that needs them.
UPDATE assessment SET provisional = coalesce((result ->> 'provisional')::boolean, false), threshold = (result ->> 'threshold')::integer WHERE result IS NOT NULL;
INSERT INTO assessment_criterion (assessment_id, period_id, unit_id, province_id, code, points, max, provisional)
SELECT a.id, a.period_id, a.unit_id, a.province_id, c ->> 'code', (c ->> 'points')::numeric, (c ->> 'max')::numeric, coalesce((c ->> 'provisional')::boolean, false)
  FROM assessment a, jsonb_array_elements(a.result -> 'criteria') c
 WHERE jsonb_typeof(a.result -> 'criteria') = 'array';
