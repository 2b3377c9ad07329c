-- Privacy by construction in the register (issue 14).
--
-- 1. Who assigned a case's worker. A worker sees the child's sensitive circumstances and the case only
--    when someone else (the commune chairman) made the assignment (src/core/privacy/policy.ts): opening
--    a case no longer makes its author the worker of record for sensitive purposes. Cases already
--    stored keep their worker, unassigned (assigned_by NULL), until the chairman assigns them: the
--    safe default, since nothing recorded who chose those workers.
ALTER TABLE protection_case
  ADD COLUMN assigned_by integer REFERENCES app_user(id),
  ADD COLUMN assigned_at timestamptz;

-- 2. Identity numbers are no longer unique across the country. The check that enforced it told any
--    officer or collaborator that a number exists in another commune. The application keeps numbers
--    unique within what the writer can see (the commune for its staff, the village for a
--    collaborator); duplicates within a commune are shown to its staff on the child's record.
DROP INDEX IF EXISTS child_id_number_uq;
CREATE INDEX child_id_number_idx ON child (unit_id, id_number) WHERE id_number IS NOT NULL;
