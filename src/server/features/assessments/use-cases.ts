// What each assessments route does, one function per action: the routes validate, call one of these and answer.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { viOrder } from '../../db/collation.ts';
import { evaluate } from '../../../core/scoring/engine.ts';
import { hasProvisional } from '../../../core/rule-sets/schema.ts';
import { discloseRecords, discloseResult } from '../../../core/privacy/disclosure.ts';
import { forbidden, valueRefusal } from '../../platform/refusal.ts';
import { communeScope, loadUnitInScope, provinceScope } from '../auth/index.ts';
import type { SessionUser } from '../auth/index.ts';
import { writeAudit } from '../audit/index.ts';
import { latestPublished, loadRuleSet } from '../rule-sets/index.ts';
import { editableInputs } from '../rounds/index.ts';
import { ensurePeriod, listPeriods as periodRows, loadPeriod } from '../../platform/periods.ts';
import { DEFAULT_CATEGORY, plainValues, readAssessment, saveValues, valueHistory, type ValueChange } from './store.ts';
import { discloseHistoryRows, lensOf, timelineOf } from './disclosure.ts';
import { unkeptHistory } from './conflicts.ts';
import type { AssessmentBody, AssessmentRow, HistoryEntry, Period, SavedValues } from './contracts.ts';

type Db = Kysely<Database>;

/** Only the commune's own officer and chairman enter its values (the administrator changes no commune's data). */
export const canWrite = (user: SessionUser, unitId: number) => communeScope(user).includes(unitId);

const periodView = (p: { id: number; year: number; starts_on: string; ends_on: string }): Period => ({
  id: p.id,
  year: p.year,
  startsOn: p.starts_on,
  endsOn: p.ends_on,
});

export async function listPeriods(db: Db): Promise<Period[]> {
  return (await periodRows(db)).map(periodView);
}

export async function openPeriod(db: Db, user: SessionUser, year: number, meta: { ip?: string }): Promise<Period> {
  const id = await ensurePeriod(db, year);
  const p = await loadPeriod(db, id);
  await writeAudit(db, { userId: user.id, action: 'open', entity: 'period', entityId: id, after: p, ip: meta.ip });
  return periodView(p);
}

/** A commune's assessment as this user may see it: values and score with small sensitive counts withheld. */
export async function assessmentView(
  db: Db,
  user: SessionUser,
  unitId: number,
  periodId: number,
): Promise<AssessmentBody> {
  const unit = await loadUnitInScope(db, user, unitId);
  const period = await loadPeriod(db, periodId);
  const province = unit.parent_id
    ? await db.selectFrom('unit').select('name').where('id', '=', unit.parent_id).executeTakeFirst()
    : undefined;
  const a = await readAssessment(db, unitId, periodId);
  // A dossier in a round freezes its inputs once self-assessed; after a return only some reopen.
  const open = a.id ? await editableInputs(db, a.id) : 'all';
  // Small sensitive counts, and one more of each small whole − part difference, for those who neither enter nor score them.
  const hidden = (await timelineOf(db, lensOf(user, unit, a.ruleSet.definition), a.id)).now(plainValues(a.values));
  return {
    editable: open === 'all' ? ('all' as const) : [...open],
    unit: {
      id: unit.id,
      code: unit.code,
      name: unit.name,
      kind: unit.kind,
      category: unit.category,
      provinceName: province?.name ?? null,
    },
    period: periodView(period),
    assessmentId: a.id,
    category: a.category,
    ruleSet: {
      id: a.ruleSet.id,
      code: a.ruleSet.code,
      version: a.ruleSet.version,
      status: a.ruleSet.status,
      definition: a.ruleSet.definition,
    },
    values: discloseRecords(a.values, hidden),
    result: discloseResult(a.result, hidden),
    readOnly:
      !canWrite(user, unitId) ||
      unit.valid_to !== null ||
      unit.level !== 'commune' ||
      (open !== 'all' && open.size === 0),
  };
}

/** The results of the communes in the user's scope for a period (one province when asked). */
export async function listPeriodAssessments(
  db: Db,
  user: SessionUser,
  periodId: number,
  wanted?: number,
): Promise<{ items: AssessmentRow[] }> {
  const period = await loadPeriod(db, periodId);
  const provinces = provinceScope(user);
  const communes = communeScope(user);
  if (wanted !== undefined && provinces !== null && !provinces.includes(wanted)) throw forbidden();
  let q = db
    .selectFrom('unit as u')
    .leftJoin('assessment as a', (j) => j.onRef('a.unit_id', '=', 'u.id').on('a.period_id', '=', period.id))
    .select([
      'u.id',
      'u.code',
      'u.name',
      'u.kind',
      'u.category',
      'u.parent_id',
      'a.total',
      'a.recognized',
      'a.complete',
      'a.updated_at',
      'a.rule_set_id',
    ])
    .select(sql<boolean | null>`(a.result->>'provisional')::boolean`.as('provisional'))
    .where('u.level', '=', 'commune')
    .where('u.valid_to', 'is', null)
    .orderBy(viOrder('u.name'));
  if (wanted !== undefined) q = q.where('u.parent_id', '=', wanted);
  else if (provinces !== null) {
    if (!provinces.length && !communes.length) return { items: [] };
    q = q.where((eb) =>
      eb.or([
        ...(provinces.length ? [eb('u.parent_id', 'in', provinces)] : []),
        ...(communes.length ? [eb('u.id', 'in', communes)] : []),
      ]),
    );
  } else q = q.where('u.parent_id', 'is not', null).limit(5000);
  const rows = await q.execute();
  const latest = await latestPublished(db);
  const ruleSets = new Map([[latest.id, latest]]);
  const items: AssessmentRow[] = [];
  for (const row of rows) {
    let rs = row.rule_set_id ? ruleSets.get(row.rule_set_id) : latest;
    if (!rs) ruleSets.set(row.rule_set_id!, (rs = await loadRuleSet(db, row.rule_set_id!)));
    const category = row.category ?? DEFAULT_CATEGORY;
    const threshold = rs.definition.categories.find((c) => c.code === category)?.threshold ?? null;
    items.push({
      unitId: row.id,
      unitCode: row.code,
      unitName: row.name,
      unitKind: row.kind,
      category: row.category,
      total: row.total ?? 0,
      threshold,
      recognized: row.recognized ?? false,
      complete: row.complete ?? false,
      provisional: row.provisional ?? hasProvisional(rs.definition),
      updatedAt: row.updated_at ? new Date(row.updated_at).toISOString() : null,
      ruleSetVersion: row.rule_set_id ? rs.version : null,
    });
  }
  return { items };
}

/** Saves a commune's values as its own officer or chairman; answers with what the save changed. */
export async function saveAssessmentValues(
  db: Db,
  user: SessionUser,
  unitId: number,
  periodId: number,
  change: ValueChange,
  meta: { ip?: string },
): Promise<SavedValues> {
  // The commune's own officer may act on it: saveValues itself answers 404 for an unknown unit or period.
  if (!canWrite(user, unitId)) {
    await loadUnitInScope(db, user, unitId);
    throw forbidden();
  }
  return saveValues(db, unitId, periodId, change, { userId: user.id, ip: meta.ip });
}

/** The history of a commune's values (one code or all), each value withheld as at its save. */
export async function assessmentHistory(
  db: Db,
  user: SessionUser,
  unitId: number,
  periodId: number,
  code?: string,
): Promise<{ items: HistoryEntry[] }> {
  const unit = await loadUnitInScope(db, user, unitId);
  const a = await db
    .selectFrom('assessment')
    .select('id')
    .where('unit_id', '=', unitId)
    .where('period_id', '=', periodId)
    .executeTakeFirst();
  if (!a) return { items: [] };
  const current = await readAssessment(db, unit.id, periodId);
  const timeline = await timelineOf(db, lensOf(user, unit, current.ruleSet.definition), a.id);
  // Values not kept after a conflict stand beside the saved ones, newest first (issue 21: the history keeps both).
  const rows = [...(await valueHistory(db, a.id, code)), ...(await unkeptHistory(db, a.id, code))];
  rows.sort((x, y) => y.enteredAt.localeCompare(x.enteredAt));
  return { items: discloseHistoryRows(timeline, rows) };
}

/** Scores values without saving them, with the same engine (a rule set given, or the newest published one). */
export async function scoreWithoutSaving(
  db: Db,
  input: { ruleSetId?: number; category: string; values: Record<string, unknown>; allowMissing?: boolean },
) {
  const rs = input.ruleSetId ? await loadRuleSet(db, input.ruleSetId) : await latestPublished(db);
  const out = evaluate(rs.definition, String(rs.version), input.category, input.values, {
    allowMissing: input.allowMissing,
  });
  if (!out.ok) throw valueRefusal('invalid', 'assessments:error.invalid_values', out.issues);
  return out.result;
}
