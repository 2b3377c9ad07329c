-- The audit log becomes append-only and hash-chained: each row carries the hash of the row before it
-- and a SHA-256 over that hash and its own content, so a changed, removed or inserted row breaks the
-- chain (`cfc audit verify`, src/server/features/audit/chain.ts, which must compute the same text).

-- The canonical text of a row: each field as `<bytes>:<text>`, or `-` when null, joined by `|`.
CREATE FUNCTION audit_log_canonical(r audit_log) RETURNS text LANGUAGE sql STABLE AS $$
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
  ]) WITH ORDINALITY AS u(f, n)
$$;

-- hash = hex sha-256 of (prev_hash, newline, canonical text).
CREATE FUNCTION audit_log_hash(prev text, r audit_log) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT encode(sha256(convert_to(prev || E'\n' || audit_log_canonical(r), 'UTF8')), 'hex')
$$;

ALTER TABLE audit_log ADD COLUMN prev_hash text, ADD COLUMN hash text;

-- Chain the rows already written, in id order; the first row follows 64 zeros.
DO $$
DECLARE
  r audit_log;
  prev text := repeat('0', 64);
BEGIN
  FOR r IN SELECT * FROM audit_log ORDER BY id LOOP
    r.prev_hash := prev;
    r.hash := audit_log_hash(prev, r);
    UPDATE audit_log SET prev_hash = r.prev_hash, hash = r.hash WHERE id = r.id;
    prev := r.hash;
  END LOOP;
END $$;

ALTER TABLE audit_log
  ALTER COLUMN prev_hash SET NOT NULL,
  ALTER COLUMN hash SET NOT NULL,
  ADD CONSTRAINT audit_log_hash_hex CHECK (prev_hash ~ '^[0-9a-f]{64}$' AND hash ~ '^[0-9a-f]{64}$');

-- The id is taken inside the trigger, under the lock: with the column default, two transactions could
-- take ids 10 and 11 and chain in the order 11, 10, which an id-ordered check would see as broken.
ALTER TABLE audit_log ALTER COLUMN id DROP DEFAULT;

CREATE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  prev text;
BEGIN
  -- One writer at a time until commit, so each row links to the last committed one (key per table).
  PERFORM pg_advisory_xact_lock(hashtext('cfc.audit_log_chain'), TG_RELID::integer);
  NEW.id := nextval(pg_get_serial_sequence(format('%I.%I', TG_TABLE_SCHEMA, TG_TABLE_NAME), 'id'));
  NEW.at := coalesce(NEW.at, now());
  EXECUTE format('SELECT hash FROM %I.%I ORDER BY id DESC LIMIT 1', TG_TABLE_SCHEMA, TG_TABLE_NAME) INTO prev;
  NEW.prev_hash := coalesce(prev, repeat('0', 64));
  NEW.hash := audit_log_hash(NEW.prev_hash, NEW);
  RETURN NEW;
END $$;

CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_chain();

CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'Nhật ký kiểm toán chỉ được ghi thêm, không được sửa hay xoá (%) / The audit log is append-only: % is refused', TG_OP, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
