-- What a save of a commune's values (assessments/store.ts saveValues) reads before it writes, in one
-- round trip instead of five (issue 20: on PGlite every statement is serial time): the unit, whether the
-- period exists, the assessment and its round entry locked FOR UPDATE, then the stored values.
-- plpgsql, not one SQL statement: the values are read by a statement of their own, after the locks, so
-- that on PostgreSQL a save that waited for another one reads what that one committed.
-- Answers NULL for an unknown unit; otherwise
--   {category, level, current, period, actor_name (the full name of `actor`, for the values it writes),
--    assessment: null | {id, rule_set_id, province_id,
--    entry: null | {id, state, submissions}, stored: [{code, value, note, origin, by, by_name, at}]}}
-- with `at` as JavaScript's toISOString() writes it (milliseconds, UTC).
-- Its plans are kept for the session and made without sequential scans (each lookup has its index): a plan
-- made while the tables were nearly empty (a fresh PGlite, which never autovacuums) would scan them whole
-- as they grow.
CREATE FUNCTION assessment_save_read(unit_key integer, period_key integer, actor integer) RETURNS jsonb LANGUAGE plpgsql
SET enable_seqscan = off AS $$
DECLARE
  u record;
  a record;
  e record;
  stored jsonb;
BEGIN
  SELECT x.category, x.level, x.valid_to IS NULL AS current INTO u FROM unit x WHERE x.id = unit_key;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  SELECT x.id, x.rule_set_id, x.province_id INTO a FROM assessment x
   WHERE x.unit_id = unit_key AND x.period_id = period_key FOR UPDATE;
  IF NOT FOUND THEN
    RETURN jsonb_build_object('category', u.category, 'level', u.level, 'current', u.current,
      'period', EXISTS (SELECT 1 FROM period p WHERE p.id = period_key),
      'actor_name', (SELECT n.full_name FROM app_user n WHERE n.id = actor), 'assessment', NULL);
  END IF;
  SELECT x.id, x.state, x.submissions INTO e FROM round_entry x WHERE x.assessment_id = a.id FOR UPDATE;
  SELECT coalesce(jsonb_agg(jsonb_build_object(
           'code', v.code, 'value', v.value, 'note', v.source_note, 'origin', v.origin, 'by', v.entered_by,
           'by_name', n.full_name, 'at', to_char(v.entered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))), '[]')
    INTO stored
    FROM assessment_value v LEFT JOIN app_user n ON n.id = v.entered_by
   WHERE v.assessment_id = a.id;
  RETURN jsonb_build_object('category', u.category, 'level', u.level, 'current', u.current, 'period', true,
    'actor_name', (SELECT n.full_name FROM app_user n WHERE n.id = actor),
    'assessment', jsonb_build_object('id', a.id, 'rule_set_id', a.rule_set_id, 'province_id', a.province_id,
      'entry', CASE WHEN e.id IS NULL THEN NULL ELSE jsonb_build_object('id', e.id, 'state', e.state, 'submissions', e.submissions) END,
      'stored', stored));
END $$;

-- The user behind a session cookie with their roles (auth/users.ts userForToken, on every request), as one
-- call whose plans are kept for the session: planning the join took most of the lookup's time on PGlite.
-- Without sequential scans for the same reason as above (session, app_user and user_role by their keys).
CREATE FUNCTION session_user_lookup(token text, now_at timestamptz, idle_after timestamptz) RETURNS jsonb LANGUAGE plpgsql STABLE
SET enable_seqscan = off AS $$
BEGIN
  RETURN (
    SELECT jsonb_build_object('id', u.id, 'username', u.username, 'full_name', u.full_name, 'locale', u.locale,
      'last_seen_at', s.last_seen_at,
      'roles', (SELECT coalesce(jsonb_agg(jsonb_build_object('role', r.role, 'unit_id', r.unit_id, 'sector', r.sector, 'village_id', r.village_id)), '[]')
                  FROM user_role r WHERE r.user_id = u.id))
      FROM session s JOIN app_user u ON u.id = s.user_id
     WHERE s.token_hash = token AND s.expires_at > now_at AND s.last_seen_at > idle_after AND NOT u.disabled);
END $$;
