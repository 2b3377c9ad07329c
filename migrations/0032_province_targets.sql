-- Issue 19: a province's issued plan sets the recognition target its dashboard compares with, so a change of
-- a plan or of its targets must make the province's cached dashboard answers stale (0021's epochs).
CREATE FUNCTION dashboard_epoch_watch(tbl text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS epoch_new FOR EACH STATEMENT EXECUTE FUNCTION dashboard_epoch_rows()', tbl || '_epoch_insert', tbl);
  EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS epoch_old NEW TABLE AS epoch_new FOR EACH STATEMENT EXECUTE FUNCTION dashboard_epoch_rows()', tbl || '_epoch_update', tbl);
  EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS epoch_old FOR EACH STATEMENT EXECUTE FUNCTION dashboard_epoch_rows()', tbl || '_epoch_delete', tbl);
  EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION dashboard_epoch_national()', tbl || '_epoch_truncate', tbl);
END $$;
SELECT dashboard_epoch_watch(t) FROM unnest(ARRAY['plan', 'plan_target']) AS t;
DROP FUNCTION dashboard_epoch_watch(text);
