// Wrong survey codes per sender, beyond the per-IP rate limit: an address (or, typing paper forms, an
// account) that typed too many codes it may not use is refused for a while, even with a good code.
// Only the keyed hash of the sender (the public comments' helper) and the time are kept; never the
// code, the address or a response.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { Refusal } from '../../platform/refusal.ts';
import { sourceHash } from '../public-posting/index.ts';
import { config } from '../../platform/config.ts';

/** Wrong codes one sender may type in the window before it is refused. */
export const CODE_FAILURES_ALLOWED = config.surveyCodeFailures;
export const CODE_FAILURE_MINUTES = config.surveyCodeFailureMinutes;

// Prefixed so that the survey hashes differ from the comments' hashes of the same address.
export const codeSourceHash = (address: string) => sourceHash(`survey-code:${address}`);

/** Two 32-bit keys for pg_advisory_xact_lock: this feature's class and the sender's hash. */
const LOCK_CLASS = 0x0c13;
const lockKey = (hash: string) => Number.parseInt(hash.slice(0, 8), 16) | 0;

/**
 * Runs `attempt` unless one of the senders is refused; when `missed` says the code was not one the
 * sender may use, the miss is counted against every sender. A sender is an address, or an account as
 * `user:<id>` (paper entry counts both). One attempt per sender at a time, so parallel guesses cannot
 * slip past the count.
 */
export async function guardCodeAttempt<T>(
  db: Kysely<Database>,
  senders: string[],
  attempt: (db: Kysely<Database>) => Promise<T>,
  missed: (result: T) => boolean,
): Promise<T> {
  const hashes = [...new Set(senders.map(codeSourceHash))];
  const outcome = await db.transaction().execute(async (trx) => {
    // Locks in one order, so two attempts by the same account from two addresses cannot deadlock.
    for (const key of [...new Set(hashes.map(lockKey))].sort((a, b) => a - b))
      await sql`select pg_advisory_xact_lock(${LOCK_CLASS}::int, ${key}::int)`.execute(trx);
    const recent = await sql<{ n: number; wait: number | null }>`
      select count(*)::int as n, extract(epoch from min(failed_at) + make_interval(mins => ${CODE_FAILURE_MINUTES}::int) - now())::float8 as wait
      from survey_code_failure where source_hash = any(${sql.val(hashes)}::text[]) and failed_at > now() - make_interval(mins => ${CODE_FAILURE_MINUTES}::int)
      group by source_hash order by n desc limit 1`.execute(trx);
    const { n, wait } = recent.rows[0] ?? { n: 0, wait: null };
    if (n >= CODE_FAILURES_ALLOWED) return { refused: Math.max(1, Math.ceil((wait ?? 60) / 60)) };
    const result = await attempt(trx);
    if (missed(result)) {
      await sql`insert into survey_code_failure (source_hash) select unnest(${sql.val(hashes)}::text[])`.execute(trx);
      // Old misses count for nothing: drop them as new ones come in, so the table stays small.
      await sql`delete from survey_code_failure where failed_at < now() - interval '1 day'`.execute(trx);
    }
    return { result };
  });
  if ('refused' in outcome)
    throw new Refusal('rate_limited', 'surveys:error.code_flood', {
      count: CODE_FAILURES_ALLOWED,
      window: CODE_FAILURE_MINUTES,
      minutes: outcome.refused,
    });
  return outcome.result;
}
