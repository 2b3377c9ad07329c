-- A counter per province that every change of what a dashboard or map shows raises, in the same
-- statement and so the same transaction as the change: the dashboards' cache (dashboards/cache.ts)
-- keys its answers by these counters, so a committed change is never answered from the cache.
--   province: the province key of the changed rows (as in migrations/0011_province_keys.sql), or 0 for
--     the national reference tables (unit_lineage, period, rule_set). Named `province`, not province_id:
--     0 is no unit, and these rows are no province's data (tests/units/province-key.test.ts).
--   n: raised by one per statement and province touched, not per row (a national recompute writes 500
--     results a statement).
-- A unit belongs to its parent province (a province to itself); an old unit's rows to its old province,
-- which the cache adds to the key of the current units it stands for (unit_lineage).
CREATE TABLE dashboard_epoch (
  province integer PRIMARY KEY,
  n bigint NOT NULL
);

-- Rows in ascending province order, so that two statements touching the same provinces lock them in
-- the same order.
CREATE FUNCTION dashboard_epoch_raise(provinces integer[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO dashboard_epoch AS e (province, n)
  SELECT DISTINCT p, 1 FROM unnest(provinces) AS p WHERE p IS NOT NULL ORDER BY 1
  ON CONFLICT (province) DO UPDATE SET n = e.n + 1
$$;

-- The provinces of the rows a statement changed, from its transition tables epoch_new and epoch_old
-- (one trigger per event: PostgreSQL allows transition tables only on single-event triggers).
CREATE FUNCTION dashboard_epoch_rows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  touched integer[];
BEGIN
  IF TG_TABLE_NAME = 'unit' THEN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
      touched := ARRAY(SELECT DISTINCT CASE WHEN level = 'province' THEN id ELSE parent_id END FROM epoch_new);
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
      touched := coalesce(touched, '{}') || ARRAY(SELECT DISTINCT CASE WHEN level = 'province' THEN id ELSE parent_id END FROM epoch_old);
    END IF;
  ELSIF TG_TABLE_NAME = 'boundary_import' THEN
    -- Only committed imports are drawn; a national file (no province) counts as national.
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
      touched := ARRAY(SELECT DISTINCT coalesce(province_id, 0) FROM epoch_new WHERE committed_at IS NOT NULL);
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
      touched := coalesce(touched, '{}') || ARRAY(SELECT DISTINCT coalesce(province_id, 0) FROM epoch_old WHERE committed_at IS NOT NULL);
    END IF;
  ELSE
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
      touched := ARRAY(SELECT DISTINCT province_id FROM epoch_new);
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
      touched := coalesce(touched, '{}') || ARRAY(SELECT DISTINCT province_id FROM epoch_old);
    END IF;
  END IF;
  IF cardinality(touched) > 0 THEN
    PERFORM dashboard_epoch_raise(touched);
  END IF;
  RETURN NULL;
END $$;

-- National tables, and TRUNCATE of any table read (which names no rows): everything is stale.
CREATE FUNCTION dashboard_epoch_national() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM dashboard_epoch_raise(ARRAY[0]);
  RETURN NULL;
END $$;

-- Every table the dashboards (dashboards/store.ts) and the maps (maps/store.ts) read, except
-- assessment_criterion, which only the triggers on assessment write.
CREATE FUNCTION dashboard_epoch_watch(tbl text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS epoch_new FOR EACH STATEMENT EXECUTE FUNCTION dashboard_epoch_rows()', tbl || '_epoch_insert', tbl);
  EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS epoch_old NEW TABLE AS epoch_new FOR EACH STATEMENT EXECUTE FUNCTION dashboard_epoch_rows()', tbl || '_epoch_update', tbl);
  EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS epoch_old FOR EACH STATEMENT EXECUTE FUNCTION dashboard_epoch_rows()', tbl || '_epoch_delete', tbl);
  EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION dashboard_epoch_national()', tbl || '_epoch_truncate', tbl);
END $$;

SELECT dashboard_epoch_watch(t) FROM unnest(ARRAY['assessment', 'round_entry', 'round_submission', 'round', 'unit', 'unit_boundary', 'boundary_import']) AS t;
DROP FUNCTION dashboard_epoch_watch(text);

CREATE TRIGGER unit_lineage_epoch AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON unit_lineage FOR EACH STATEMENT EXECUTE FUNCTION dashboard_epoch_national();
CREATE TRIGGER period_epoch AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON period FOR EACH STATEMENT EXECUTE FUNCTION dashboard_epoch_national();
CREATE TRIGGER rule_set_epoch AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON rule_set FOR EACH STATEMENT EXECUTE FUNCTION dashboard_epoch_national();

INSERT INTO dashboard_epoch (province, n) VALUES (0, 1);
