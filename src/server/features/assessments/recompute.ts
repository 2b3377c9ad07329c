// A period's recompute: every assessment rescored in process from its stored values, and only the rows
// whose stored result differs (result_digest, migrations/0034) written back, set-based (issue 20).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { score } from '../../../core/scoring/engine.ts';
import type { InputValues } from '../../../core/scoring/validate.ts';
import { loadRuleSet, type LoadedRuleSet } from '../rule-sets/index.ts';
import { scoredColumns } from '../dashboards/index.ts';
import { DEFAULT_CATEGORY } from './store.ts';

export interface RecomputeOutcome {
  /** Assessments rescored. */
  scored: number;
  /** Of those, rows written because their stored result (or category) differed. */
  written: number;
}

// Rows a write statement: one statement for a whole first run (21 MiB of JSON) was 1.4× slower on
// PostgreSQL and 2.4× on PGlite (its WebAssembly memory) than statements of 400 (bench, 2026-12-07).
const WRITE_CHUNK = 400;

interface ReadRow {
  id: number;
  rule_set_id: number;
  category: string | null;
  stored_category: string;
  digest: string | null;
  row_version: string;
  vals: string;
}

/**
 * Rescores every assessment of a period (of one province when given) and writes the changed ones; used
 * after a category change and measured by the benchmark. Returns the number of assessments rescored.
 */
export async function recomputePeriod(db: Kysely<Database>, periodId: number, provinceId?: number): Promise<number> {
  return (await recomputeScope(db, periodId, provinceId)).scored;
}

export async function recomputeScope(
  db: Kysely<Database>,
  periodId: number,
  provinceId?: number,
): Promise<RecomputeOutcome> {
  return db.transaction().execute(async (trx) => {
    // One round trip: a row per assessment with its values as one JSON text (json_object_agg builds text,
    // ~25% faster to read than jsonb), not a row per value.
    const { rows } = await sql<ReadRow>`
      SELECT a.id, a.rule_set_id, u.category, a.category AS stored_category, a.result_digest AS digest,
             a.xmin::text AS row_version,
             (SELECT coalesce(json_object_agg(v.code, v.value), '{}'::json)::text FROM assessment_value v WHERE v.assessment_id = a.id) AS vals
        FROM assessment a JOIN unit u ON u.id = a.unit_id
       WHERE a.period_id = ${periodId} ${provinceId === undefined ? sql`` : sql`AND u.parent_id = ${provinceId}`}`.execute(
      trx,
    );
    if (!rows.length) return { scored: 0, written: 0 };
    const ruleSets = new Map<number, LoadedRuleSet>();
    let written = 0;
    let writing: Promise<void> | null = null;
    // Each chunk is written while the next is scored: the database and this process work at the same time.
    const write = (chunk: string[]) => {
      // A chunk's rows are hashed for the join (~10 KiB each): in memory, not spilled to disk.
      writing ??= sql`SET LOCAL work_mem = '32MB'`.execute(trx).then(() => undefined);
      writing = writing.then(async () => {
        // Only rows still as they were read (xmin): a save that committed meanwhile scored newer values.
        const r = await sql`
          UPDATE assessment AS a SET category = v.category, total = v.total, recognized = v.recognized, complete = v.complete,
                 result = v.result, provisional_impacts = v.impacts, impacts_token = v.token, result_digest = v.digest, updated_at = now()
            FROM jsonb_to_recordset(${`[${chunk.join(',')}]`}::jsonb)
                 AS v(id int, v text, category text, total int, recognized boolean, complete boolean, result jsonb, impacts jsonb, token text, digest text)
           WHERE a.id = v.id AND a.xmin = v.v::xid`.execute(trx);
        written += Number(r.numAffectedRows ?? 0);
      });
      // A failed write surfaces at the final await (and rolls back); meanwhile it is not "unhandled".
      writing.catch(() => undefined);
    };
    // The changed rows as JSON array text: results are embedded as objects, not escaped strings.
    let changed: string[] = [];
    for (const a of rows) {
      let rs = ruleSets.get(a.rule_set_id);
      if (!rs) ruleSets.set(a.rule_set_id, (rs = await loadRuleSet(trx, a.rule_set_id)));
      const category = a.category ?? DEFAULT_CATEGORY;
      const values = JSON.parse(a.vals) as InputValues;
      const cols = scoredColumns(score(rs.definition, String(rs.version), category, values), rs.definition);
      if (cols.result_digest === a.digest && category === a.stored_category) continue;
      changed.push(
        `{"id":${a.id},"v":${JSON.stringify(a.row_version)},"category":${JSON.stringify(category)},"total":${cols.total},` +
          `"recognized":${cols.recognized},"complete":${cols.complete},"result":${cols.result},` +
          `"impacts":${cols.provisional_impacts},"token":${JSON.stringify(cols.impacts_token)},"digest":${JSON.stringify(cols.result_digest)}}`,
      );
      if (changed.length === WRITE_CHUNK) {
        write(changed);
        changed = [];
        // A turn of the event loop, so that the chunk's statement is sent before the next one is scored.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
    if (changed.length) write(changed);
    await writing;
    return { scored: rows.length, written };
  });
}
