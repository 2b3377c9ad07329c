-- Results kept compactly (src/core/scoring/stored.ts): each item keeps its code, mark, points, max and
-- status; the inputs, rate, scale, direction and band that explain it are recomputed from the values on read.
-- Rows stored before are cut down to the same shape; the result_digest trigger (0034) forgets their digest,
-- so the next recompute writes each once with its digest.
UPDATE assessment AS a
   SET result = jsonb_set(a.result, '{criteria}', (
         SELECT coalesce(jsonb_agg(
                  jsonb_set(c, '{items}', (
                    SELECT coalesce(jsonb_agg(jsonb_build_object(
                             'code', i -> 'code', 'mark', i -> 'mark', 'points', i -> 'points', 'max', i -> 'max', 'status', i -> 'status')
                           ORDER BY n), '[]'::jsonb)
                      FROM jsonb_array_elements(CASE WHEN jsonb_typeof(c -> 'items') = 'array' THEN c -> 'items' ELSE '[]'::jsonb END)
                           WITH ORDINALITY AS x(i, n)))
                ORDER BY m), '[]'::jsonb)
           FROM jsonb_array_elements(a.result -> 'criteria') WITH ORDINALITY AS y(c, m)))
 WHERE jsonb_typeof(a.result -> 'criteria') = 'array'
   AND EXISTS (SELECT 1 FROM jsonb_array_elements(a.result -> 'criteria') c, jsonb_array_elements(c -> 'items') i WHERE i ? 'inputs');
