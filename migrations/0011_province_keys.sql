-- Every table a province owns carries the province key (province_id), so that the data can be
-- distributed by province (Citus; docs/scaling.md) and a province's rows found without a join.
-- Rows written by code that does not name the province get it from their parent row, through one
-- trigger function, so no write path can leave it out.

-- fill_province_id(source, column): NEW.province_id from the unit named by NEW.<column> when source is
-- 'unit' (a province is its own province), otherwise from the row of table <source> with id NEW.<column>.
CREATE FUNCTION fill_province_id() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ref integer := (to_jsonb(NEW) ->> TG_ARGV[1])::integer;
BEGIN
  IF NEW.province_id IS NULL AND ref IS NOT NULL THEN
    IF TG_ARGV[0] = 'unit' THEN
      SELECT CASE WHEN u.level = 'province' THEN u.id ELSE u.parent_id END INTO NEW.province_id FROM unit u WHERE u.id = ref;
    ELSE
      EXECUTE format('SELECT province_id FROM %I WHERE id = $1', TG_ARGV[0]) INTO NEW.province_id USING ref;
    END IF;
  END IF;
  RETURN NEW;
END $$;

-- Adds the column, fills it for existing rows, makes it required and keeps it filled on insert.
CREATE FUNCTION add_province_key(tbl text, source text, col text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %I ADD COLUMN province_id integer REFERENCES unit(id)', tbl);
  IF source = 'unit' THEN
    EXECUTE format('UPDATE %I t SET province_id = CASE WHEN u.level = ''province'' THEN u.id ELSE u.parent_id END FROM unit u WHERE u.id = t.%I', tbl, col);
  ELSE
    EXECUTE format('UPDATE %I t SET province_id = s.province_id FROM %I s WHERE s.id = t.%I', tbl, source, col);
  END IF;
  EXECUTE format('ALTER TABLE %I ALTER COLUMN province_id SET NOT NULL', tbl);
  EXECUTE format('CREATE INDEX %I ON %I (province_id)', tbl || '_province_key_idx', tbl);
  EXECUTE format('CREATE TRIGGER %I BEFORE INSERT ON %I FOR EACH ROW EXECUTE FUNCTION fill_province_id(%L, %L)', tbl || '_province_key', tbl, source, col);
END $$;

-- In dependency order: a row takes its province from a parent that already has one.
SELECT add_province_key('assessment', 'unit', 'unit_id');
SELECT add_province_key('assessment_value', 'assessment', 'assessment_id');
SELECT add_province_key('assessment_value_history', 'assessment', 'assessment_id');
SELECT add_province_key('registration', 'unit', 'unit_id');
SELECT add_province_key('round_entry', 'unit', 'unit_id');
SELECT add_province_key('round_submission', 'round_entry', 'entry_id');
SELECT add_province_key('item_review', 'round_entry', 'entry_id');
SELECT add_province_key('entry_transition', 'round_entry', 'entry_id');
SELECT add_province_key('public_comment', 'round_entry', 'entry_id');
SELECT add_province_key('evidence_file', 'unit', 'unit_id');
SELECT add_province_key('recognition_decision', 'round', 'round_id');
SELECT add_province_key('recheck', 'round', 'round_id');
SELECT add_province_key('recheck_entry', 'recheck', 'recheck_id');
SELECT add_province_key('child_access_log', 'unit', 'unit_id');
SELECT add_province_key('register_import', 'unit', 'unit_id');
SELECT add_province_key('plan_task_agency', 'plan_task', 'task_id');

DROP FUNCTION add_province_key(text, text, text);
