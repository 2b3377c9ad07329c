-- A counter of the unit list's version: dashboard_epoch row -1, raised by every change of unit or
-- unit_lineage in the same statement as the provinces' counters (migrations/0021_dashboard_epochs.sql).
-- The national dashboard is rolled up from cached per-province parts (dashboards/parts.ts); what the
-- roll-up derives from the unit list alone (the provinces, the old communes whose successors lie in two
-- provinces, the order of names) is computed once per value of this counter.
-- Raised in the same dashboard_epoch_raise call as the provinces, so rows stay locked in ascending order.

CREATE OR REPLACE FUNCTION dashboard_epoch_rows() RETURNS trigger LANGUAGE plpgsql AS $$
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
    -- The unit list's version too, when a row changed (a statement that changed none changes nothing).
    IF cardinality(touched) > 0 THEN
      touched := ARRAY[-1] || touched;
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

-- National tables and TRUNCATE: everything is stale, the unit list too when it is unit or unit_lineage.
CREATE OR REPLACE FUNCTION dashboard_epoch_national() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME IN ('unit', 'unit_lineage') THEN
    PERFORM dashboard_epoch_raise(ARRAY[-1, 0]);
  ELSE
    PERFORM dashboard_epoch_raise(ARRAY[0]);
  END IF;
  RETURN NULL;
END $$;

INSERT INTO dashboard_epoch (province, n) VALUES (-1, 1) ON CONFLICT (province) DO NOTHING;
