// Reading the audit log for the administrator, sensitive values withheld.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { SUPPRESSED } from '../../../core/privacy/disclosure.ts';
import type { RuleSetDefinition } from '../../../core/rule-sets/schema.ts';
import type { AuditPage, AuditQuery } from './contracts.ts';

/**
 * The administrator reads the log for support, never a commune's sensitive counts (src/core/privacy/disclosure.ts):
 * wherever a rule set's sensitive input appears as a key in a row's before/after (saved, appraised or
 * re-checked values), its value is withheld. Rows stay as stored; only the answer is redacted.
 */
function redact(json: unknown, sensitive: ReadonlySet<string>): unknown {
  if (Array.isArray(json)) return json.map((v) => redact(v, sensitive));
  if (!json || typeof json !== 'object') return json;
  return Object.fromEntries(
    Object.entries(json).map(([k, v]) => [k, sensitive.has(k) ? SUPPRESSED : redact(v, sensitive)]),
  );
}

/** Newest first, filtered by entity and its id. */
export async function readAuditLog(db: Kysely<Database>, query: AuditQuery): Promise<AuditPage> {
  const { entity, entityId, limit, offset } = query;
  let q = db
    .selectFrom('audit_log as l')
    .leftJoin('app_user as u', 'u.id', 'l.user_id')
    .select([
      'l.id',
      'l.at',
      'l.user_id',
      'u.username',
      'l.action',
      'l.entity',
      'l.entity_id',
      'l.before',
      'l.after',
      'l.ip',
    ])
    .orderBy('l.id', 'desc')
    .limit(limit)
    .offset(offset);
  if (entity) q = q.where('l.entity', '=', entity);
  if (entityId) q = q.where('l.entity_id', '=', entityId);
  const rows = await q.execute();
  const ruleSets = await db.selectFrom('rule_set').select('definition').execute();
  const sensitive = new Set(
    ruleSets.flatMap((r) => (r.definition as RuleSetDefinition).inputs.filter((i) => i.sensitive).map((i) => i.code)),
  );
  const at = (value: unknown) => new Date(value as string | Date).toISOString();
  return {
    items: rows.map((r) => ({
      ...r,
      before: redact(r.before, sensitive),
      after: redact(r.after, sensitive),
      at: at(r.at),
    })),
  };
}
