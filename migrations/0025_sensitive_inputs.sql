-- Which inputs are sensitive counts is data of the rule set (`"sensitive": true` on an input, see
-- src/core/rule-sets/schema.ts and src/core/privacy/disclosure.ts). The preset carries the flag from now on;
-- databases that already hold qd06-2019 (the preset and the ministry's copies, which keep its code) get it
-- here on the same nine counts. Scoring never reads the flag, so no stored score changes; an input that
-- already says whether it is sensitive is left as it is.
UPDATE rule_set r
   SET definition = jsonb_set(r.definition, '{inputs}', (
         SELECT jsonb_agg(CASE WHEN x.i->>'code' = ANY (s.codes) AND NOT x.i ? 'sensitive' THEN x.i || '{"sensitive": true}'::jsonb ELSE x.i END ORDER BY x.n)
           FROM jsonb_array_elements(r.definition->'inputs') WITH ORDINALITY AS x(i, n)))
  FROM (SELECT ARRAY['C03.abused', 'C03.supported', 'C04.children', 'C05.injured', 'C05.deaths',
                     'C06.special', 'C06.supported', 'C06.cases', 'C06.planned'] AS codes) s
 WHERE r.code = 'qd06-2019'
   AND EXISTS (SELECT 1 FROM jsonb_array_elements(r.definition->'inputs') i WHERE i->>'code' = ANY (s.codes) AND NOT i ? 'sensitive');
