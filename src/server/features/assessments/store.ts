// Assessments: a commune's inputs for a period, their history, and the score kept beside them.
import { sql, type Kysely } from 'kysely';
import type { Database, ValueOrigin } from '../../db/schema.ts';
import { score, type ScoreResult } from '../../../core/scoring/engine.ts';
import { validateValues, type InputValues, type ValidationIssue } from '../../../core/scoring/validate.ts';
import { Refusal, notFound, phrase, valueRefusal } from '../../platform/refusal.ts';
import { writeAudit } from '../audit/index.ts';
import { latestPublished, loadRuleSet, type LoadedRuleSet } from '../rule-sets/index.ts';
import { editableInputs } from '../rounds/index.ts';
import { assessmentSummary } from '../dashboards/index.ts';

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

async function storedValues(db: Kysely<Database>, assessmentId: number): Promise<Record<string, StoredValue>> {
  const rows = await db
    .selectFrom('assessment_value as v')
    .leftJoin('app_user as u', 'u.id', 'v.entered_by')
    .select(['v.code', 'v.value', 'v.source_note', 'v.origin', 'v.entered_by', 'v.entered_at', 'u.full_name'])
    .where('v.assessment_id', '=', assessmentId)
    .execute();
  const values: Record<string, StoredValue> = {};
  for (const v of rows)
    values[v.code] = {
      value: v.value,
      sourceNote: v.source_note,
      origin: v.origin,
      enteredBy: v.entered_by,
      enteredByName: v.full_name,
      enteredAt: new Date(v.entered_at).toISOString(),
    };
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
}

/**
 * Saves changed values in one transaction: validates them together with what is already stored,
 * keeps every change in the history, rescores with the assessment's own rule-set version, audits.
 * Bad input stores nothing and leaves what was saved before untouched.
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
    const unit = await trx
      .selectFrom('unit')
      .select(['category', 'level', 'valid_to'])
      .where('id', '=', unitId)
      .executeTakeFirst();
    if (!unit) throw notFound('unit', unitId);
    if (unit.level !== 'commune' || unit.valid_to !== null)
      throw new Refusal('invalid', 'assessments:error.not_current_commune');
    let row = await trx
      .selectFrom('assessment')
      .select(['id', 'rule_set_id'])
      .where('unit_id', '=', unitId)
      .where('period_id', '=', periodId)
      .forUpdate()
      .executeTakeFirst();
    const ruleSet = row ? await loadRuleSet(trx, row.rule_set_id) : await latestPublished(trx);
    const def = ruleSet.definition;
    // Once a dossier is self-assessed or sent up its inputs are frozen; after a return only the
    // returned items' inputs reopen.
    if (row) {
      const open = await editableInputs(trx, row.id);
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
    const stored = row
      ? await trx
          .selectFrom('assessment_value')
          .select(['code', 'value', 'source_note'])
          .where('assessment_id', '=', row.id)
          .execute()
      : [];
    const merged: Record<string, unknown> = Object.fromEntries(stored.map((v) => [v.code, v.value]));
    for (const [code, value] of Object.entries(change.values)) merged[code] = value;
    const unknownNotes = Object.keys(notes).filter((c) => !def.inputs.some((i) => i.code === c));
    const checked = validateValues(def, merged, { allowMissing: true });
    const issues: ValidationIssue[] = checked.ok ? [] : checked.issues;
    for (const code of unknownNotes) issues.push({ field: code, value: notes[code], code: 'unknown_code' });
    if (issues.length) throw valueRefusal('invalid', 'assessments:error.invalid_values', issues);
    if (!checked.ok) throw new Error('unreachable: issues were thrown above');

    const category = unit.category ?? DEFAULT_CATEGORY;
    if (!row) {
      row = await trx
        .insertInto('assessment')
        .values({ unit_id: unitId, period_id: periodId, rule_set_id: ruleSet.id, category })
        .returning(['id', 'rule_set_id'])
        .executeTakeFirstOrThrow();
    }
    const assessmentId = row.id;
    const before = Object.fromEntries(stored.map((v) => [v.code, { value: v.value, note: v.source_note }]));
    const storedNotes = new Map(stored.map((v) => [v.code, v.source_note]));
    const originOf = (code: string): ValueOrigin => change.origins?.[code] ?? 'manual';
    const history: Array<{ code: string; value: number | boolean | null; note: string; origin?: ValueOrigin }> = [];
    const upserts: Array<{ code: string; value: number | boolean; note: string }> = [];
    const cleared: string[] = [];
    for (const [code, value] of Object.entries(change.values)) {
      const note = notes[code] ?? storedNotes.get(code) ?? '';
      history.push({ code, value, note, origin: originOf(code) });
      if (value === null) cleared.push(code);
      else upserts.push({ code, value, note });
    }
    if (cleared.length)
      await trx
        .deleteFrom('assessment_value')
        .where('assessment_id', '=', assessmentId)
        .where('code', 'in', cleared)
        .execute();
    if (upserts.length)
      await trx
        .insertInto('assessment_value')
        .values(
          upserts.map((u) => ({
            assessment_id: assessmentId,
            code: u.code,
            value: JSON.stringify(u.value),
            source_note: u.note,
            origin: originOf(u.code),
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
        .execute();
    for (const code of noteCodes) {
      if (!storedNotes.has(code)) continue; // a note needs a value to hang on
      const note = notes[code]!;
      await trx
        .updateTable('assessment_value')
        .set({ source_note: note, entered_by: actor.userId, entered_at: sql`now()` })
        .where('assessment_id', '=', assessmentId)
        .where('code', '=', code)
        .execute();
      history.push({ code, value: (merged[code] ?? null) as number | boolean | null, note });
    }
    if (history.length)
      await trx
        .insertInto('assessment_value_history')
        .values(
          history.map((h) => ({
            assessment_id: assessmentId,
            code: h.code,
            value: h.value === null ? null : JSON.stringify(h.value),
            source_note: h.note,
            origin: h.origin ?? 'manual',
            entered_by: actor.userId,
          })),
        )
        .execute();

    const result = score(def, String(ruleSet.version), category, checked.values);
    await trx
      .updateTable('assessment')
      .set({
        category,
        total: result.total,
        recognized: result.recognized,
        complete: result.complete,
        result: JSON.stringify(result),
        ...assessmentSummary(result, def),
        updated_at: sql`now()`,
      })
      .where('id', '=', assessmentId)
      .execute();
    await writeAudit(trx, {
      userId: actor.userId,
      action: 'save_values',
      entity: 'assessment',
      entityId: assessmentId,
      before: Object.fromEntries(history.map((h) => [h.code, before[h.code] ?? null])),
      after: {
        ...Object.fromEntries(history.map((h) => [h.code, { value: h.value, note: h.note }])),
        total: result.total,
        recognized: result.recognized,
      },
      ip: actor.ip,
    });
    return { assessmentId, category, values: await storedValues(trx, assessmentId), result };
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

/**
 * Rescores every assessment of a period from its stored values, in process, and writes the results
 * back in batches; used after a category change and measured by the benchmark.
 */
export async function recomputePeriod(db: Kysely<Database>, periodId: number, provinceId?: number): Promise<number> {
  let q = db
    .selectFrom('assessment as a')
    .innerJoin('unit as u', 'u.id', 'a.unit_id')
    .select(['a.id', 'a.rule_set_id', 'u.category'])
    .where('a.period_id', '=', periodId);
  if (provinceId !== undefined) q = q.where('u.parent_id', '=', provinceId);
  const assessments = await q.execute();
  if (!assessments.length) return 0;
  const values = await db
    .selectFrom('assessment_value as v')
    .innerJoin('assessment as a', 'a.id', 'v.assessment_id')
    .innerJoin('unit as u', 'u.id', 'a.unit_id')
    .select(['v.assessment_id', 'v.code', 'v.value'])
    .where('a.period_id', '=', periodId)
    .$if(provinceId !== undefined, (qb) => qb.where('u.parent_id', '=', provinceId!))
    .execute();
  const byAssessment = new Map<number, InputValues>();
  for (const v of values) {
    let m = byAssessment.get(v.assessment_id);
    if (!m) byAssessment.set(v.assessment_id, (m = {}));
    m[v.code] = v.value;
  }
  const ruleSets = new Map<number, LoadedRuleSet>();
  const updates: Array<{
    id: number;
    category: string;
    total: number;
    recognized: boolean;
    complete: boolean;
    result: string;
    provisional_impacts: string;
    impacts_token: string;
  }> = [];
  for (const a of assessments) {
    let rs = ruleSets.get(a.rule_set_id);
    if (!rs) ruleSets.set(a.rule_set_id, (rs = await loadRuleSet(db, a.rule_set_id)));
    const category = a.category ?? DEFAULT_CATEGORY;
    const result = score(rs.definition, String(rs.version), category, byAssessment.get(a.id) ?? {});
    updates.push({
      id: a.id,
      category,
      total: result.total,
      recognized: result.recognized,
      complete: result.complete,
      result: JSON.stringify(result),
      ...assessmentSummary(result, rs.definition),
    });
  }
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < updates.length; i += 500) {
      const batch = updates.slice(i, i + 500);
      const rows = sql.join(
        batch.map(
          (u) =>
            sql`(${u.id}::int, ${u.category}::text, ${u.total}::int, ${u.recognized}::boolean, ${u.complete}::boolean, ${u.result}::jsonb, ${u.provisional_impacts}::jsonb, ${u.impacts_token}::text)`,
        ),
      );
      await sql`UPDATE assessment AS a SET category = v.category, total = v.total, recognized = v.recognized, complete = v.complete, result = v.result,
          provisional_impacts = v.impacts, impacts_token = v.token, updated_at = now()
        FROM (VALUES ${rows}) AS v(id, category, total, recognized, complete, result, impacts, token) WHERE a.id = v.id`.execute(
        trx,
      );
    }
  });
  return updates.length;
}
