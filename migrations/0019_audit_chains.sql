-- One hash chain per province instead of one global chain (issue 8.6): the global chain's advisory lock
-- serialised every audited transaction of the country until commit, so under a deadline rush the
-- database queued at that lock. Each row now carries its chain key in `chain`:
--   - the province's unit id, for an action that concerns a unit of that province;
--   - 0, the national chain, for actions that concern no province (system settings, national accounts);
--   - NULL, for the rows written before this migration: they stay as they were, one global chain.
-- Why keep the old chain as history rather than re-link it: re-linking would rewrite every stored hash,
-- so a head hash recorded elsewhere before this migration could no longer be checked, and any tampering
-- done before it would be laundered into valid new hashes. Kept as is, those rows verify exactly as
-- before, and each new chain starts from the last old row's hash, so the history is anchored in every
-- new chain: removing old rows at its end breaks the first link of every chain.
-- The same canonical text is hashed as before, plus the chain key as a 10th field for the new rows,
-- so moving a row to another chain breaks its hash (src/server/features/audit/chain.ts computes the same).

-- The column is not a foreign key to unit: the log must accept a write whatever becomes of the units.
ALTER TABLE audit_log ADD COLUMN chain integer;

-- Finds a chain's last row (chain, id DESC) and the old chain's last row (partial index, a few rows' read).
CREATE INDEX audit_log_chain_idx ON audit_log (chain, id) WHERE chain IS NOT NULL;
CREATE INDEX audit_log_legacy_chain_idx ON audit_log (id) WHERE chain IS NULL;

CREATE OR REPLACE FUNCTION audit_log_canonical(r audit_log) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT string_agg(CASE WHEN f IS NULL THEN '-' ELSE octet_length(convert_to(f, 'UTF8'))::text || ':' || f END, '|' ORDER BY n)
  FROM unnest(ARRAY[
    r.id::text,
    to_char(r.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    r.user_id::text,
    r.action,
    r.entity,
    r.entity_id,
    r.before::text,
    r.after::text,
    r.ip
  ] || CASE WHEN r.chain IS NULL THEN ARRAY[]::text[] ELSE ARRAY[r.chain::text] END) WITH ORDINALITY AS u(f, n)
$$;

-- The province of a unit (a province is its own), as migrations/0011_province_keys.sql computes it.
-- plpgsql rather than sql: its query plan is kept for the session instead of being made on each call.
CREATE FUNCTION audit_unit_province(unit_id integer) RETURNS integer LANGUAGE plpgsql STABLE AS $$
DECLARE
  p integer;
BEGIN
  SELECT CASE WHEN u.level = 'province' THEN u.id ELSE u.parent_id END INTO p FROM unit u WHERE u.id = unit_id;
  RETURN p;
END $$;

-- An account's chain: the province of its roles' units when they all lie in one province; otherwise
-- (a system administrator, roles in several provinces, no role at all) the national chain.
CREATE FUNCTION audit_account_chain(account integer) RETURNS integer LANGUAGE plpgsql STABLE AS $$
DECLARE
  k integer;
BEGIN
  SELECT CASE WHEN count(*) > 0 AND count(p) = count(*) AND min(p) = max(p) THEN min(p) ELSE 0 END INTO k
  FROM (SELECT CASE WHEN u.level = 'province' THEN u.id ELSE u.parent_id END AS p
        FROM user_role r LEFT JOIN unit u ON u.id = r.unit_id WHERE r.user_id = account) roles;
  RETURN k;
END $$;

-- The chain of an audit row, from what the row is about. Only the key decides which rows a writer waits
-- for; integrity does not depend on it, since the key is stored and hashed with the row.
CREATE FUNCTION audit_log_chain_key(entity text, entity_id text, user_id integer) RETURNS integer LANGUAGE plpgsql STABLE AS $$
DECLARE
  ref integer := CASE WHEN entity_id ~ '^[0-9]{1,9}$' THEN entity_id::integer END;
  p integer;
BEGIN
  CASE entity
    -- Reference data and settings that no province owns.
    WHEN 'rule_set', 'period', 'questionnaire', 'circumstance_group', 'holiday', 'retention_setting', 'privacy' THEN
      RETURN 0;
    -- The account acted upon (logins, password changes, erasure); a failed login for an unknown name
    -- names no account id, so it falls back to the actor, if any.
    WHEN 'user' THEN
      RETURN audit_account_chain(coalesce(ref, user_id));
    WHEN 'unit', 'register' THEN p := audit_unit_province(ref);
    -- Rows of province-keyed tables, by id. Planned on each call (EXECUTE): a plan cached while a table
    -- was empty would go on scanning it as it grows.
    WHEN 'round_entry', 'round', 'assessment', 'evidence_file', 'public_comment', 'child', 'protection_case', 'child_forum',
         'forum_recommendation', 'child_event', 'plan', 'plan_task', 'agency', 'survey', 'periodic_report' THEN
      IF ref IS NOT NULL THEN
        EXECUTE format('SELECT province_id FROM %I WHERE id = $1', entity) INTO p USING ref;
      END IF;
    -- A national boundary file has no province: national chain.
    WHEN 'boundary_import' THEN
      IF ref IS NOT NULL THEN
        EXECUTE 'SELECT coalesce(province_id, 0) FROM boundary_import WHERE id = $1' INTO p USING ref;
      END IF;
    ELSE
      -- Anything else is taken to concern the actor's province (national for no actor).
      RETURN CASE WHEN user_id IS NULL THEN 0 ELSE audit_account_chain(user_id) END;
  END CASE;
  -- A row not found (already gone, or an id of another form): the actor's chain.
  IF p IS NULL THEN
    RETURN CASE WHEN user_id IS NULL THEN 0 ELSE audit_account_chain(user_id) END;
  END IF;
  RETURN p;
END $$;

CREATE OR REPLACE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  prev text;
BEGIN
  -- The chain is always computed here: a writer cannot choose it, nor write into the old global chain.
  NEW.chain := audit_log_chain_key(NEW.entity, NEW.entity_id, NEW.user_id);
  -- One writer per chain at a time until commit, so each row links to the chain's last committed row
  -- and ids within a chain follow commit order; other chains' writers do not wait. Keyed by the table
  -- too, so each schema's log (tests, benchmarks) has its own locks.
  PERFORM pg_advisory_xact_lock(TG_RELID::integer, NEW.chain);
  NEW.id := nextval(pg_get_serial_sequence('audit_log', 'id'));
  NEW.at := coalesce(NEW.at, now());
  -- Planned on each call (EXECUTE), as 0010's lookup was: a plan cached while the log was nearly empty
  -- (a fresh or just-restored database) would scan the whole table on every insert as the log grows.
  EXECUTE 'SELECT hash FROM audit_log WHERE chain = $1 ORDER BY id DESC LIMIT 1' INTO prev USING NEW.chain;
  IF prev IS NULL THEN
    -- A chain's first row follows the old global chain's last row (64 zeros when there is none).
    EXECUTE 'SELECT hash FROM audit_log WHERE chain IS NULL ORDER BY id DESC LIMIT 1' INTO prev;
  END IF;
  NEW.prev_hash := coalesce(prev, repeat('0', 64));
  NEW.hash := audit_log_hash(NEW.prev_hash, NEW);
  RETURN NEW;
END $$;
