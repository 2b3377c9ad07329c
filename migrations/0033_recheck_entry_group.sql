-- Issue 19: a stratified re-check names each pick's group as it stood when drawn (a grouping may be
-- replaced later; the sample and its strata must still read as drawn).
ALTER TABLE recheck_entry ADD COLUMN group_name text;
