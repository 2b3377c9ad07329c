// Assessments: a commune's inputs for a period, their history, and the score kept beside them.
import { sql, type Kysely } from 'kysely';
import type { Database, ValueOrigin } from '../../db/schema.ts';
import { score, type ScoreResult } from '../../../core/scoring/engine.ts';
import { validateValues, type InputValues, type ValidationIssue } from '../../../core/scoring/validate.ts';
import { Refusal, notFound, phrase, valueRefusal } from '../../platform/refusal.ts';
import { auditInsert } from '../audit/index.ts';
import { latestPublished, loadRuleSet, type LoadedRuleSet } from '../rule-sets/index.ts';
import { inputsOpenIn } from '../rounds/index.ts';
import { scoredColumns } from '../dashboards/index.ts';
import { recordUnkept, refuseConflicts } from './conflicts.ts';

export const DEFAULT_CATEGORY = 'other';

export interface StoredValue {
  value: number | boolean;
  sourceNote: string;
  /** 'register' when the officer adopted the count the child register gives. */
  origin: ValueOrigin;
  enteredBy: number | null;
  enteredByName: string | null;
  enteredAt: string;
}

export interface AssessmentView {
  id: number | null;
  ruleSet: LoadedRuleSet;
  category: string;
  values: Record<string, StoredValue>;
  result: ScoreResult;
}

export function plainValues(values: Record<string, { value: number | boolean }>): InputValues {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.value]));
}

/** The assessment as stored, or — before the first save — an empty one on the newest published rule set. */
export async function readAssessment(db: Kysely<Database>, unitId: number, periodId: number): Promise<AssessmentView> {
  const unit = await db.selectFrom('unit').select(['category']).where('id', '=', unitId).executeTakeFirst();
  if (!unit) throw notFound('unit', unitId);
  const row = await db
    .selectFrom('assessment')
    .select(['id', 'rule_set_id', 'category'])
    .where('unit_id', '=', unitId)
    .where('period_id', '=', periodId)
    .executeTakeFirst();
  const ruleSet = row ? await loadRuleSet(db, row.rule_set_id) : await latestPublished(db);
  const category = unit.category ?? DEFAULT_CATEGORY;
  const values = row ? await storedValues(db, row.id) : {};
  const result = score(ruleSet.definition, String(ruleSet.version), category, plainValues(values));
  return { id: row?.id ?? null, ruleSet, category, values, result };
}

/** A value row as the API answers it (the row's columns, and the name of who entered it). */
function storedValue(
  v: {
    value: number | boolean;
    source_note: string;
    origin: ValueOrigin;
    entered_by: number | null;
    entered_at: string | Date;
  },
  enteredByName: string | null,
): StoredValue {
  return {
    value: v.value,
    sourceNote: v.source_note,
    origin: v.origin,
    enteredBy: v.entered_by,
    enteredByName,
    enteredAt: new Date(v.entered_at).toISOString(),
  };
}

async function storedValues(db: Kysely<Database>, assessmentId: number): Promise<Record<string, StoredValue>> {
  const rows = await db
    .selectFrom('assessment_value as v')
    .leftJoin('app_user as u', 'u.id', 'v.entered_by')
    .select(['v.code', 'v.value', 'v.source_note', 'v.origin', 'v.entered_by', 'v.entered_at', 'u.full_name'])
    .where('v.assessment_id', '=', assessmentId)
    .execute();
  const values: Record<string, StoredValue> = {};
  for (const v of rows) values[v.code] = storedValue(v, v.full_name);
  return values;
}

/** What a save changes: the values as stored and the new score. */
export interface SavedAssessment {
  assessmentId: number;
  category: string;
  values: Record<string, StoredValue>;
  result: ScoreResult;
}

export interface ValueChange {
  values: Record<string, number | boolean | null>;
  notes?: Record<string, string>;
  /** Values adopted from the register say so; anything else is typed in. */
  origins?: Record<string, ValueOrigin>;
  /** Per input, the value the client edited from (null: empty); a field changed since is refused (conflicts.ts). */
  bases?: Record<string, number | boolean | null>;
  /** Values the person chose not to keep when resolving a conflict: recorded apart, never stored (conflicts.ts). */
  notKept?: Record<string, number | boolean | null>;
}

/** What migrations/0035's assessment_save_read answers: everything a save reads, in one round trip. */
interface SaveRead {
  category: string | null;
  level: string;
  current: boolean;
  period: boolean;
  actor_name: string | null;
  assessment: null | {
    id: number;
    rule_set_id: number;
    province_id: number;
    entry: { id: number; state: string; submissions: number } | null;
    stored: Array<{
      code: string;
      value: number | boolean;
      note: string;
      origin: ValueOrigin;
      by: number | null;
      by_name: string | null;
      at: string;
    }>;
  };
}

/**
 * Saves changed values in one transaction: validates them together with what is already stored,
 * keeps every change in the history, rescores with the assessment's own rule-set version, audits.
 * Bad input stores nothing and leaves what was saved before untouched.
 * Four statements on the usual path (issue 20: on PGlite each one is serial time): BEGIN, one read
 * (assessment_save_read), one write (values, history, result and audit row in one statement), COMMIT.
 */
export async function saveValues(
  db: Kysely<Database>,
  unitId: number,
  periodId: number,
  change: ValueChange,
  actor: { userId: number; ip?: string },
): Promise<SavedAssessment> {
  const notes = change.notes ?? {};
  const noteCodes = Object.keys(notes).filter((c) => !(c in change.values));
  return db.transaction().execute(async (trx) => {
    const read = (
      await sql<{
        r: SaveRead | null;
      }>`SELECT assessment_save_read(${unitId}::integer, ${periodId}::integer, ${actor.userId}::integer) AS r`.execute(
        trx,
      )
    ).rows[0]?.r;
    if (!read) throw notFound('unit', unitId);
    if (!read.period) throw notFound('period', periodId);
    if (read.level !== 'commune' || !read.current)
      throw new Refusal('invalid', 'assessments:error.not_current_commune');
    const row = read.assessment;
    const ruleSet = row ? await loadRuleSet(trx, row.rule_set_id) : await latestPublished(trx);
    const def = ruleSet.definition;
    // Once a dossier is self-assessed or sent up its inputs are frozen; after a return only the
    // returned items' inputs reopen.
    if (row) {
      const open = await inputsOpenIn(trx, row.entry, async () => def);
      const locked =
        open === 'all' ? [] : [...Object.keys(change.values), ...Object.keys(notes)].filter((code) => !open.has(code));
      if (locked.length) {
        throw new Refusal(
          'conflict',
          'assessments:error.locked',
          { count: locked.length },
          [...new Set(locked)].map((code) => ({
            field: code,
            value: change.values[code] ?? null,
            message: phrase('assessments:error.locked_field', { field: code }),
          })),
        );
      }
    }
    const stored = row?.stored ?? [];
    // A field someone else changed since the client read it is refused, never overwritten (issue 21).
    await refuseConflicts(trx, row?.id ?? null, change, stored, def);
    const merged: Record<string, unknown> = Object.fromEntries(stored.map((v) => [v.code, v.value]));
    for (const [code, value] of Object.entries(change.values)) merged[code] = value;
    const unknownNotes = Object.keys(notes).filter((c) => !def.inputs.some((i) => i.code === c));
    const checked = validateValues(def, merged, { allowMissing: true });
    const issues: ValidationIssue[] = checked.ok ? [] : checked.issues;
    for (const code of unknownNotes) issues.push({ field: code, value: notes[code], code: 'unknown_code' });
    if (issues.length) throw valueRefusal('invalid', 'assessments:error.invalid_values', issues);
    if (!checked.ok) throw new Error('unreachable: issues were thrown above');

    const category = read.category ?? DEFAULT_CATEGORY;
    const target = row
      ? { id: row.id, province_id: row.province_id }
      : await trx
          .insertInto('assessment')
          .values({ unit_id: unitId, period_id: periodId, rule_set_id: ruleSet.id, category })
          .returning(['id', 'province_id'])
          .executeTakeFirstOrThrow();
    const assessmentId = target.id;
    await recordUnkept(trx, target, change, stored, actor.userId);
    const storedByCode = new Map(stored.map((v) => [v.code, v]));
    const originOf = (code: string): ValueOrigin => change.origins?.[code] ?? 'manual';
    const history: Array<{ code: string; value: number | boolean | null; note: string; origin: ValueOrigin }> = [];
    // A note alone rewrites its value as stored (same value and origin), so one upsert writes both kinds.
    const upserts: Array<{ code: string; value: number | boolean; note: string; origin: ValueOrigin }> = [];
    const cleared: string[] = [];
    for (const [code, value] of Object.entries(change.values)) {
      const note = notes[code] ?? storedByCode.get(code)?.note ?? '';
      history.push({ code, value, note, origin: originOf(code) });
      if (value === null) cleared.push(code);
      else upserts.push({ code, value, note, origin: originOf(code) });
    }
    for (const code of noteCodes) {
      const was = storedByCode.get(code);
      if (!was) continue; // a note needs a value to hang on
      upserts.push({ code, value: was.value, note: notes[code]!, origin: was.origin });
      history.push({ code, value: was.value, note: notes[code]!, origin: 'manual' });
    }

    const result = score(def, String(ruleSet.version), category, checked.values);
    const ctes = [
      sql`scored AS (${trx
        .updateTable('assessment')
        .set({ category, ...scoredColumns(result, def), updated_at: sql`now()` })
        .where('id', '=', assessmentId)})`,
      sql`audited AS (${auditInsert(trx, {
        userId: actor.userId,
        action: 'save_values',
        entity: 'assessment',
        entityId: assessmentId,
        before: Object.fromEntries(
          history.map((h) => {
            const was = storedByCode.get(h.code);
            return [h.code, was ? { value: was.value, note: was.note } : null];
          }),
        ),
        after: {
          ...Object.fromEntries(history.map((h) => [h.code, { value: h.value, note: h.note }])),
          total: result.total,
          recognized: result.recognized,
        },
        ip: actor.ip,
      })})`,
    ];
    // The province is given, so the province-key trigger (migrations/0011, 0018) has nothing to look up.
    if (history.length)
      ctes.push(
        sql`history AS (${trx.insertInto('assessment_value_history').values(
          history.map((h) => ({
            province_id: target.province_id,
            assessment_id: assessmentId,
            code: h.code,
            value: h.value === null ? null : JSON.stringify(h.value),
            source_note: h.note,
            origin: h.origin,
            entered_by: actor.userId,
          })),
        )})`,
      );
    if (cleared.length)
      ctes.push(
        sql`cleared AS (${trx
          .deleteFrom('assessment_value')
          .where('assessment_id', '=', assessmentId)
          .where('code', 'in', cleared)})`,
      );
    if (upserts.length)
      ctes.push(
        sql`saved AS (${trx
          .insertInto('assessment_value')
          .values(
            upserts.map((u) => ({
              province_id: target.province_id,
              assessment_id: assessmentId,
              code: u.code,
              value: JSON.stringify(u.value),
              source_note: u.note,
              origin: u.origin,
              entered_by: actor.userId,
            })),
          )
          .onConflict((oc) =>
            oc.columns(['assessment_id', 'code']).doUpdateSet((eb) => ({
              value: eb.ref('excluded.value'),
              source_note: eb.ref('excluded.source_note'),
              origin: eb.ref('excluded.origin'),
              entered_by: eb.ref('excluded.entered_by'),
              entered_at: sql`now()`,
            })),
          )
          .returning(['code', 'value', 'source_note', 'origin', 'entered_by', 'entered_at'])})`,
      );
    // One statement: its parts see the same snapshot, so the answer is built from the read and RETURNING.
    const written = await sql<{
      code: string;
      value: number | boolean;
      source_note: string;
      origin: ValueOrigin;
      entered_by: number | null;
      entered_at: string | Date;
    }>`WITH ${sql.join(ctes)} ${upserts.length ? sql`SELECT * FROM saved` : sql`SELECT NULL::text AS code WHERE false`}`.execute(
      trx,
    );

    const values: Record<string, StoredValue> = {};
    for (const v of stored)
      values[v.code] = storedValue({ ...v, source_note: v.note, entered_by: v.by, entered_at: v.at }, v.by_name);
    for (const code of cleared) delete values[code];
    for (const v of written.rows) values[v.code] = storedValue(v, read.actor_name);
    return { assessmentId, category, values, result };
  });
}

export async function valueHistory(db: Kysely<Database>, assessmentId: number, code?: string) {
  let q = db
    .selectFrom('assessment_value_history as h')
    .leftJoin('app_user as u', 'u.id', 'h.entered_by')
    .select(['h.code', 'h.value', 'h.source_note', 'h.origin', 'h.entered_at', 'u.full_name'])
    .where('h.assessment_id', '=', assessmentId)
    .orderBy('h.id', 'desc')
    .limit(500);
  if (code) q = q.where('h.code', '=', code);
  const rows = await q.execute();
  return rows.map((r) => ({
    code: r.code,
    value: r.value,
    sourceNote: r.source_note,
    origin: r.origin,
    enteredByName: r.full_name,
    enteredAt: new Date(r.entered_at).toISOString(),
  }));
}

// Moved to its own file (issue 20); re-exported for the callers that import it from here.
export { recomputePeriod } from './recompute.ts';
