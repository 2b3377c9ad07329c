// Round entries written straight into the database, so that these tests do not depend on the rounds
// feature: a round for the demo province and period, and an entry on a demo commune's assessment.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/server/db/schema.ts';
import { DEMO_PROVINCE_CODE } from '../../src/server/demo/accounts.ts';
import { todayInVietnam } from '../../src/server/platform/clock.ts';
import { communeId } from '../support/db.ts';

export { communeId };

export const today = () => todayInVietnam();

/** yyyy-mm-dd plus `days`. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * The period these tests use: one the demo leaves alone (the demo runs its own round for 2026), so that
 * the entries created here never collide with the demo's.
 */
export const TEST_YEAR = 2031;

export async function ensureRound(
  db: Kysely<Database>,
  year = TEST_YEAR,
): Promise<{ roundId: number; periodId: number; ruleSetId: number }> {
  const province = await db
    .selectFrom('unit')
    .select('id')
    .where('level', '=', 'province')
    .where('code', '=', DEMO_PROVINCE_CODE)
    .where('valid_to', 'is', null)
    .executeTakeFirstOrThrow();
  await db
    .insertInto('period')
    .values({ year, starts_on: `${year}-01-01`, ends_on: `${year}-12-31` })
    .onConflict((oc) => oc.column('year').doNothing())
    .execute();
  const period = await db.selectFrom('period').select('id').where('year', '=', year).executeTakeFirstOrThrow();
  const ruleSet = await db
    .selectFrom('rule_set')
    .select('id')
    .where('code', '=', 'qd06-2019')
    .where('version', '=', 1)
    .executeTakeFirstOrThrow();
  await db
    .insertInto('round')
    .values({
      province_id: province.id,
      period_id: period.id,
      rule_set_id: ruleSet.id,
      title: `Đánh giá xã, phường phù hợp với trẻ em năm ${year}`,
      dossier_due: `${year}-10-31`,
      appraisal_due: `${year}-11-30`,
      decision_due: `${year}-12-15`,
      report_due: `${year}-12-31`,
      appraising_body: 'Sở Y tế tỉnh Thái Nguyên',
      signer_title: 'Chủ tịch Ủy ban nhân dân tỉnh',
    })
    .onConflict((oc) => oc.columns(['province_id', 'period_id']).doNothing())
    .execute();
  const round = await db
    .selectFrom('round')
    .select('id')
    .where('province_id', '=', province.id)
    .where('period_id', '=', period.id)
    .executeTakeFirstOrThrow();
  return { roundId: round.id, periodId: period.id, ruleSetId: ruleSet.id };
}

export interface EntryOptions {
  communeCode: string;
  state: string;
  postingFrom?: string | null;
  postingTo?: string | null;
  year?: number;
}

/**
 * A round entry of the commune for the test year, on an assessment that carries the score the demo
 * computed for the commune (copied from its latest assessment), so that the public page has a score.
 */
export async function createEntry(db: Kysely<Database>, options: EntryOptions) {
  const { roundId, periodId, ruleSetId } = await ensureRound(db, options.year ?? TEST_YEAR);
  const unitId = await communeId(db, options.communeCode);
  let assessment = await db
    .selectFrom('assessment')
    .select('id')
    .where('unit_id', '=', unitId)
    .where('period_id', '=', periodId)
    .executeTakeFirst();
  if (!assessment) {
    const model = await db
      .selectFrom('assessment')
      .select(['id', 'rule_set_id', 'category', 'total', 'recognized', 'complete', 'result'])
      .where('unit_id', '=', unitId)
      .orderBy('period_id', 'desc')
      .executeTakeFirst();
    assessment = await db
      .insertInto('assessment')
      .values({
        unit_id: unitId,
        period_id: periodId,
        rule_set_id: model?.rule_set_id ?? ruleSetId,
        category: model?.category ?? 'other',
        total: model?.total ?? 0,
        recognized: model?.recognized ?? false,
        complete: model?.complete ?? false,
        result: model?.result == null ? null : JSON.stringify(model.result),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // Its values too: the live score is recomputed from them on read, as the form shows it.
    if (model)
      await sql`INSERT INTO assessment_value (assessment_id, code, value, source_note, entered_by, entered_at)
                SELECT ${assessment.id}, code, value, source_note, entered_by, entered_at FROM assessment_value WHERE assessment_id = ${model.id}`.execute(
        db,
      );
  }
  const entry = await db
    .insertInto('round_entry')
    .values({
      round_id: roundId,
      unit_id: unitId,
      assessment_id: assessment.id,
      state: options.state,
      posting_from: options.postingFrom ?? null,
      posting_to: options.postingTo ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { entryId: entry.id, unitId, roundId, assessmentId: assessment.id };
}

/**
 * The three public pages' data for the first-paint tests: two communes in public posting (05503, and 05851
 * renamed `hostileName`), and a children's survey of 05503 answerable with `surveyCode`. Returns 05503's entry.
 */
export async function preparePublicPages(db: Kysely<Database>, hostileName: string, surveyCode: string) {
  const d = today();
  const posted = (
    await createEntry(db, {
      communeCode: '05503',
      state: 'posted',
      postingFrom: addDays(d, -1),
      postingTo: addDays(d, 6),
    })
  ).entryId;
  await createEntry(db, {
    communeCode: '05851',
    state: 'posted',
    postingFrom: addDays(d, -1),
    postingTo: addDays(d, 6),
  });
  await db
    .updateTable('unit')
    .set({ name: hostileName })
    .where('code', '=', '05851')
    .where('valid_to', 'is', null)
    .execute();
  const { periodId } = await ensureRound(db);
  const province = await db
    .selectFrom('unit')
    .select('id')
    .where('level', '=', 'province')
    .where('code', '=', '19')
    .where('valid_to', 'is', null)
    .executeTakeFirstOrThrow();
  const survey = await db
    .insertInto('survey')
    .values({
      unit_id: await communeId(db, '05503'),
      province_id: province.id,
      period_id: periodId,
      audience: 'children',
      questionnaire_code: 'tre-em',
      sample_size: 1,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('survey_code')
    .values({ code: surveyCode, survey_id: survey.id, province_id: province.id })
    .execute();
  return posted;
}
