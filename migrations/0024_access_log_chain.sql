-- The read log of children's records (child_access_log) becomes append-only and hash-chained, as the
-- audit log is (0010_audit_chain.sql, 0019_audit_chains.sql), with one chain per commune (unit_id):
-- a list of 200 children writes 200 rows in one INSERT and an export writes batches of 5,000, so a
-- writer waits only for writers of its own commune, never for the country.
--   - prev_hash/hash: SHA-256 hex of (prev_hash, newline, canonical text of the row), the same encoding
--     as the audit log's; the first row of a chain follows 64 zeros.
--   - UPDATE and TRUNCATE are refused; DELETE too, except the retention job's (see below).
--   - `cfc audit verify` recomputes every chain (src/server/features/audit/access-log.ts).
-- The retention job deletes reads older than the retention period, and only those: it sets the
-- transaction-local setting cfc.access_log_retention to its cut-off, takes the locks of the chains it
-- prunes, and records in the audit log, per chain, the hash of each deleted row that a remaining row
-- follows; the verifier accepts that remaining row's prev_hash only when it matches such a record.

-- A field of a canonical text: `<utf-8 bytes>:<text>`, or `-` when null (audit_log_canonical's encoding).
-- A one-expression SQL function, so that the planner inlines it into the callers below.
CREATE FUNCTION chain_field(f text) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN f IS NULL THEN '-' ELSE octet_length(convert_to(f, 'UTF8'))::text || ':' || f END
$$;

-- The canonical text of a read: every stored column but the hashes, in this order, joined by `|`.
-- src/server/features/audit/access-log.ts reads the same columns as text and joins them the same way.
CREATE FUNCTION child_access_log_canonical(r child_access_log) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT chain_field(r.id::text) || '|' ||
         chain_field(to_char(r.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')) || '|' ||
         chain_field(r.user_id::text) || '|' ||
         chain_field(r.unit_id::text) || '|' ||
         chain_field(r.province_id::text) || '|' ||
         chain_field(r.child_id::text) || '|' ||
         chain_field(r.case_id::text) || '|' ||
         chain_field(r.action) || '|' ||
         chain_field(r.fields::text) || '|' ||
         chain_field(r.ip)
$$;

CREATE FUNCTION child_access_log_hash(prev text, r child_access_log) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT encode(sha256(convert_to(prev || E'\n' || child_access_log_canonical(r), 'UTF8')), 'hex')
$$;

ALTER TABLE child_access_log ADD COLUMN prev_hash text, ADD COLUMN hash text;

-- The last row of a chain, found by the first insert of each transaction and by the retention job.
CREATE INDEX child_access_log_chain_idx ON child_access_log (unit_id, id);

-- Chain the rows already written, commune by commune in id order, writing back 10,000 rows at a time
-- (one UPDATE per row would take hours on a large log).
DO $$
DECLARE
  r child_access_log;
  unit integer := NULL;
  prev text;
  ids bigint[] := '{}';
  prevs text[] := '{}';
  hashes text[] := '{}';
BEGIN
  FOR r IN SELECT * FROM child_access_log ORDER BY unit_id, id LOOP
    IF unit IS DISTINCT FROM r.unit_id THEN
      unit := r.unit_id;
      prev := repeat('0', 64);
    END IF;
    ids := ids || r.id;
    prevs := prevs || prev;
    prev := child_access_log_hash(prev, r);
    hashes := hashes || prev;
    IF cardinality(ids) >= 10000 THEN
      UPDATE child_access_log l SET prev_hash = u.p, hash = u.h FROM unnest(ids, prevs, hashes) AS u(id, p, h) WHERE l.id = u.id;
      ids := '{}'; prevs := '{}'; hashes := '{}';
    END IF;
  END LOOP;
  UPDATE child_access_log l SET prev_hash = u.p, hash = u.h FROM unnest(ids, prevs, hashes) AS u(id, p, h) WHERE l.id = u.id;
END $$;

-- No format check (the audit log has one): the trigger writes hex SHA-256 and the verifier finds any
-- other value, while two regular expressions per row cost half of what the chain adds to an insert.
ALTER TABLE child_access_log ALTER COLUMN prev_hash SET NOT NULL, ALTER COLUMN hash SET NOT NULL;

-- A deleted child or case would have set child_id/case_id to NULL in every read of it, rewriting
-- hashed rows; such a delete is now refused instead (children and cases are anonymised, never deleted).
ALTER TABLE child_access_log
  DROP CONSTRAINT child_access_log_child_id_fkey,
  DROP CONSTRAINT child_access_log_case_id_fkey,
  ADD CONSTRAINT child_access_log_child_id_fkey FOREIGN KEY (child_id) REFERENCES child(id),
  ADD CONSTRAINT child_access_log_case_id_fkey FOREIGN KEY (case_id) REFERENCES protection_case(id);

-- The id is taken in the trigger, under the chain's lock, so that ids within a chain follow the chain
-- (with the column default, a waiting writer would hold an id lower than rows chained before it).
ALTER TABLE child_access_log ALTER COLUMN id DROP DEFAULT;

-- The locks of communes' chains, held until commit: taken by every writer (the trigger below, one
-- commune) and by the retention job (many). In ascending order, so that two lockers never deadlock;
-- keyed by the table too, so that each schema's log (tests, benchmarks) has its own locks.
CREATE FUNCTION child_access_log_lock(units integer[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  u integer;
BEGIN
  FOREACH u IN ARRAY ARRAY(SELECT DISTINCT x FROM unnest(units) AS x ORDER BY x) LOOP
    PERFORM pg_advisory_xact_lock('child_access_log'::regclass::integer, u);
  END LOOP;
END $$;

-- One writer per commune until commit. The first row of a transaction in a chain takes the lock and
-- reads the chain's last hash; the rows after it read that hash from a transaction-local setting
-- (rolled back with a savepoint, like the lock), so a 5,000-row INSERT does one index lookup, not 5,000.
-- Named to fire after child_access_log_province_key (row triggers fire in name order): province_id is
-- filled in before it is hashed.
CREATE FUNCTION child_access_log_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  mine text := TG_RELID::text || ':' || NEW.unit_id::text || ':';
  head text := current_setting('cfc.access_log_head', true);
  prev text;
BEGIN
  IF head IS NOT NULL AND starts_with(head, mine) THEN
    prev := substr(head, length(mine) + 1);
  ELSE
    PERFORM child_access_log_lock(ARRAY[NEW.unit_id]);
    -- Planned on each call: a plan cached while the log was small would scan it as it grows.
    EXECUTE 'SELECT hash FROM child_access_log WHERE unit_id = $1 ORDER BY id DESC LIMIT 1' INTO prev USING NEW.unit_id;
    prev := coalesce(prev, repeat('0', 64));
  END IF;
  -- The sequence by name, resolved once per session's plan (pg_get_serial_sequence per row costs more than the hash).
  NEW.id := nextval('child_access_log_id_seq');
  NEW.at := coalesce(NEW.at, now());
  NEW.prev_hash := prev;
  NEW.hash := child_access_log_hash(prev, NEW);
  -- An assignment, not PERFORM: evaluated as a simple expression, without a query per row.
  head := set_config('cfc.access_log_head', mine || NEW.hash, true);
  RETURN NEW;
END $$;

CREATE TRIGGER child_access_log_seal BEFORE INSERT ON child_access_log FOR EACH ROW EXECUTE FUNCTION child_access_log_chain();

-- UPDATE and TRUNCATE are refused. DELETE is refused unless the transaction set
-- cfc.access_log_retention to a cut-off (the retention job, src/server/features/audit/access-log.ts) and
-- the row is older than it; and never for a read of the last 364 days, whatever the setting says,
-- since no retention period may be shorter than a year (src/core/privacy/retention.ts).
CREATE FUNCTION child_access_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  cut timestamptz;
BEGIN
  IF TG_OP = 'DELETE' THEN
    cut := nullif(current_setting('cfc.access_log_retention', true), '')::timestamptz;
    IF cut IS NOT NULL AND OLD.at < least(cut, now() - interval '364 days') THEN
      RETURN OLD;
    END IF;
  END IF;
  RAISE EXCEPTION 'Nhật ký truy cập hồ sơ trẻ em chỉ được ghi thêm, không được sửa hay xoá (%) / The access log of children''s records is append-only: % is refused', TG_OP, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER child_access_log_no_update_delete BEFORE UPDATE OR DELETE ON child_access_log FOR EACH ROW EXECUTE FUNCTION child_access_log_refuse_change();
CREATE TRIGGER child_access_log_no_truncate BEFORE TRUNCATE ON child_access_log FOR EACH STATEMENT EXECUTE FUNCTION child_access_log_refuse_change();
