// ORDER BY a name in Vietnamese order with natural numbers: the vi_natural collation (migrations/0026), the same
// order as compareVi in src/core/collation.ts.
import { sql, type RawBuilder } from 'kysely';

/** `column COLLATE vi_natural`, for Kysely's orderBy: `.orderBy(viOrder('u.name'))`. */
export function viOrder(column: string): RawBuilder<string> {
  return sql<string>`${sql.ref(column)} COLLATE vi_natural`;
}
