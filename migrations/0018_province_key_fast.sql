-- fill_province_id() turned every inserted row into JSON (to_jsonb(NEW)) to read the parent's column,
-- even when the row already named its province, as bulk writers do. Now a row that has its province
-- returns at once; the lookup for the others is unchanged.
CREATE OR REPLACE FUNCTION fill_province_id() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ref integer;
BEGIN
  IF NEW.province_id IS NOT NULL THEN
    RETURN NEW;
  END IF;
  ref := (to_jsonb(NEW) ->> TG_ARGV[1])::integer;
  IF ref IS NOT NULL THEN
    IF TG_ARGV[0] = 'unit' THEN
      SELECT CASE WHEN u.level = 'province' THEN u.id ELSE u.parent_id END INTO NEW.province_id FROM unit u WHERE u.id = ref;
    ELSE
      EXECUTE format('SELECT province_id FROM %I WHERE id = $1', TG_ARGV[0]) INTO NEW.province_id USING ref;
    END IF;
  END IF;
  RETURN NEW;
END $$;
