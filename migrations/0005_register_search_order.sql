-- The register lists a commune's children in name order. search_name is plain ASCII (no diacritics,
-- lower case), so the "C" collation orders it as people read it, and one index serves both the
-- name-prefix search and the ordered page (no sort of a whole commune for fifty rows).
DROP INDEX child_search_idx;
ALTER TABLE child ALTER COLUMN search_name SET DATA TYPE text COLLATE "C";
CREATE INDEX child_search_idx ON child (unit_id, search_name, id);
