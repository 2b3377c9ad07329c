-- Vietnamese alphabetical order with natural numbers ("Bạch Thông, Bắc Kạn, Bình Yên"; "Dương" before "Đồng";
-- "Thôn 2" before "Thôn 10") for every ORDER BY of a name: `name COLLATE vi_natural`. The same order as the
-- TypeScript side's Intl.Collator('vi', { numeric: true }) (src/core/collation.ts).
--
-- An ICU built without Vietnamese data (PGlite's) silently falls back to the root order (ă and â sorted as a,
-- đ as d); there the CLDR Vietnamese tailoring is given as rules (PostgreSQL 16+). PostgreSQL 15 has no
-- `rules` and needs none: its ICU carries the Vietnamese data.
DO $vi$
BEGIN
  CREATE COLLATION IF NOT EXISTS vi_natural (provider = icu, locale = 'vi@colNumeric=yes');
  IF (SELECT NOT ('Az' < 'Ăn' COLLATE vi_natural AND 'Dz' < 'Đa' COLLATE vi_natural))
     AND current_setting('server_version_num')::int >= 160000 THEN
    DROP COLLATION vi_natural;
    -- CLDR common/collation/vi.xml (standard): tones after the bare vowel, then the letters ă â đ ê ô ơ ư.
    EXECUTE $rules$CREATE COLLATION vi_natural (provider = icu, locale = 'vi@colNumeric=yes', rules =
      U&'[numericOrdering on] &\0300<<\0309<<\0303<<\0301<<\0323 &a<ă<<<Ă<â<<<Â &d<đ<<<Đ &e<ê<<<Ê &o<ô<<<Ô<ơ<<<Ơ &u<ư<<<Ư')$rules$;
  END IF;
END $vi$;

-- The register's page of a commune's children in name order: the index gives the fifty rows without sorting
-- the commune (the ASCII search_name of 0005 stays for the name search; it files Đ under D and Ă, Â under A).
CREATE INDEX child_name_order_idx ON child (unit_id, full_name COLLATE vi_natural, id);
