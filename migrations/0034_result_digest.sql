-- A digest of what the scoring writers store (dashboards/summary.ts resultDigest), so that a recompute
-- (assessments/recompute.ts) compares each fresh result with the stored one in process and writes only
-- the rows that changed: a recompute that changes nothing writes nothing, leaves no dead rows and does
-- not raise the dashboard epochs (issue 20).
--   result_digest is given by the scoring writers (scoredColumns) in the statement that writes the
--     result; any other change of the result or of the columns derived from it that leaves the digest as
--     it was sets it back to NULL, which the next recompute reads as "differs" and rewrites.
ALTER TABLE assessment ADD COLUMN result_digest text;

-- Room on each page for a row's next version, so that a rewritten result can stay on its page (a HOT
-- update, no new index entries) and repeated recomputes do not spread the table. (HOT also needs the
-- indexed columns unchanged: provisional, complete and provisional_impacts are in the predicate of
-- assessment_impacts_unknown_idx, so a row whose impacts change still gets new index entries.)
ALTER TABLE assessment SET (fillfactor = 80);
ALTER TABLE assessment_criterion SET (fillfactor = 90);

-- As migrations/0017, plus the digest rule above.
CREATE OR REPLACE FUNCTION assessment_summary_columns() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  result_changed boolean := TG_OP = 'UPDATE' AND NEW.result IS DISTINCT FROM OLD.result;
BEGIN
  IF TG_OP = 'INSERT' OR result_changed THEN
    NEW.provisional := coalesce((NEW.result ->> 'provisional')::boolean, false);
    NEW.threshold := (NEW.result ->> 'threshold')::integer;
  END IF;
  IF TG_OP = 'INSERT' THEN
    IF NEW.impacts_token IS NULL THEN NEW.provisional_impacts := NULL; END IF;
  ELSIF result_changed
    OR (NEW.total, NEW.recognized, NEW.complete, NEW.category, NEW.rule_set_id) IS DISTINCT FROM (OLD.total, OLD.recognized, OLD.complete, OLD.category, OLD.rule_set_id) THEN
    IF NEW.impacts_token IS NOT DISTINCT FROM OLD.impacts_token THEN NEW.provisional_impacts := NULL; END IF;
    IF NEW.result_digest IS NOT DISTINCT FROM OLD.result_digest THEN NEW.result_digest := NULL; END IF;
  END IF;
  RETURN NEW;
END $$;

-- As migrations/0017, with the DELETE's test made once per assessment (not once per criterion row) and the
-- upsert limited to the rows whose result or keys changed. (A plain INSERT … WHERE NOT EXISTS was tried:
-- on a criterion table not yet analysed the planner scanned it once per row, quadratic; ON CONFLICT
-- always goes through the primary key.)
CREATE OR REPLACE FUNCTION assessment_criterion_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM assessment_criterion k
   USING (SELECT n.id FROM assessment_new n JOIN assessment_old o ON o.id = n.id
           WHERE n.result IS NULL
              OR jsonb_path_query_array(n.result, '$.criteria[*].code') IS DISTINCT FROM jsonb_path_query_array(o.result, '$.criteria[*].code')) d
   WHERE k.assessment_id = d.id;
  -- An assessment without a result has no criterion rows (the insert trigger and the DELETE above): a
  -- first result's rows are plainly inserted, the others upserted.
  INSERT INTO assessment_criterion (assessment_id, period_id, unit_id, province_id, code, points, max, provisional)
  SELECT n.id, n.period_id, n.unit_id, n.province_id, c ->> 'code', (c ->> 'points')::numeric, (c ->> 'max')::numeric, coalesce((c ->> 'provisional')::boolean, false)
    FROM assessment_new n JOIN assessment_old o ON o.id = n.id,
         jsonb_array_elements(CASE WHEN jsonb_typeof(n.result -> 'criteria') = 'array' THEN n.result -> 'criteria' ELSE '[]'::jsonb END) c
   WHERE o.result IS NULL AND n.result IS NOT NULL;
  INSERT INTO assessment_criterion AS k (assessment_id, period_id, unit_id, province_id, code, points, max, provisional)
  SELECT n.id, n.period_id, n.unit_id, n.province_id, c ->> 'code', (c ->> 'points')::numeric, (c ->> 'max')::numeric, coalesce((c ->> 'provisional')::boolean, false)
    FROM assessment_new n JOIN assessment_old o ON o.id = n.id,
         jsonb_array_elements(CASE WHEN jsonb_typeof(n.result -> 'criteria') = 'array' THEN n.result -> 'criteria' ELSE '[]'::jsonb END) c
   WHERE o.result IS NOT NULL
     AND (n.result IS DISTINCT FROM o.result OR (n.period_id, n.unit_id, n.province_id) IS DISTINCT FROM (o.period_id, o.unit_id, o.province_id))
  ON CONFLICT (assessment_id, code) DO UPDATE
     SET period_id = excluded.period_id, unit_id = excluded.unit_id, province_id = excluded.province_id, points = excluded.points, max = excluded.max, provisional = excluded.provisional
   WHERE (k.period_id, k.unit_id, k.province_id, k.points, k.max, k.provisional) IS DISTINCT FROM (excluded.period_id, excluded.unit_id, excluded.province_id, excluded.points, excluded.max, excluded.provisional);
  RETURN NULL;
END $$;

-- lz4 where the server has it (PostgreSQL built with it; PGlite has pglz only): results are compressed on
-- every rewrite, and lz4 compresses several times faster than pglz.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
    ALTER TABLE assessment ALTER COLUMN result SET COMPRESSION lz4;
  END IF;
END $$;
