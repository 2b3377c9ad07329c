// Satisfaction surveys: versioned questionnaires, a survey per commune, period and audience with its
// one-time codes, anonymous answers online or typed from paper, and results that become C13.
// An answer is held in survey_response_held by the transaction that spends its code, and released into
// survey_response (the only table results count) by another, in steps of at least RELEASE_STEP or when
// the survey closes: results never move by one respondent, and nothing stored links an answer to its
// code (migrations/0023_survey_anonymity.sql).
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { checkCode, codeFromBytes } from '../../../core/surveys/codes.ts';
import { PRESET_QUESTIONNAIRES } from '../../../core/surveys/presets/questionnaires.ts';
import {
  checkAnswers,
  isSatisfied,
  questionnaireSchema,
  type Answers,
  type Audience,
  type Questionnaire,
} from '../../../core/surveys/questionnaire.ts';
import { audienceResult, c13Inputs, releaseDue } from '../../../core/surveys/results.ts';
import type { Locale } from '../../../i18n/index.ts';
import { forbidden, notFound, phrase, Refusal, zodPhrase } from '../../platform/refusal.ts';
import { writeAudit } from '../audit/index.ts';
import { loadPeriod } from '../../platform/periods.ts';
import { actsForCommune, isMinistry, loadCommune, readsProvince, requireUser } from '../auth/index.ts';
import type { SessionUser } from '../auth/index.ts';
import { guardCodeAttempt } from './flood.ts';
import { renderCodeSheet } from './code-sheet.ts';
import { writeResultsWorkbook } from './results-workbook.ts';

export async function ensurePresetQuestionnaires(db: Kysely<Database>): Promise<void> {
  for (const q of PRESET_QUESTIONNAIRES) {
    const exists = await db.selectFrom('questionnaire').select('id').where('code', '=', q.code).executeTakeFirst();
    if (!exists)
      await db
        .insertInto('questionnaire')
        .values({ code: q.code, version: q.version, audience: q.audience, definition: JSON.stringify(q) })
        .execute();
  }
}

export interface StoredQuestionnaire {
  id: number;
  definition: Questionnaire;
}

/** Every version of a questionnaire, newest first. */
export async function questionnaireVersions(db: Kysely<Database>, code: string): Promise<StoredQuestionnaire[]> {
  const rows = await db
    .selectFrom('questionnaire')
    .select(['id', 'definition'])
    .where('code', '=', code)
    .orderBy('version', 'desc')
    .execute();
  return rows.map((r) => ({ id: r.id, definition: r.definition as Questionnaire }));
}

/** Every version of a questionnaire for the editor, newest first: when it was made and how many responses it has. */
export async function questionnaireHistory(db: Kysely<Database>, code: string) {
  const rows = await db
    .selectFrom('questionnaire as q')
    .select(['q.id', 'q.definition', 'q.created_at'])
    // Held answers count too: an answer of any kind makes an edit a new version (editQuestionnaire).
    .select((eb) =>
      eb
        .selectFrom('survey_response as r')
        .select((e) => e.fn.countAll<string>().as('n'))
        .whereRef('r.questionnaire_id', '=', 'q.id')
        .as('responses'),
    )
    .select((eb) =>
      eb
        .selectFrom('survey_response_held as h')
        .select((e) => e.fn.countAll<string>().as('n'))
        .whereRef('h.questionnaire_id', '=', 'q.id')
        .as('held'),
    )
    .where('q.code', '=', code)
    .orderBy('q.version', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    definition: r.definition as Questionnaire,
    createdAt: new Date(r.created_at).toISOString(),
    responses: Number(r.responses) + Number(r.held),
  }));
}

export async function latestQuestionnaires(db: Kysely<Database>) {
  const rows = await db
    .selectFrom('questionnaire as q')
    .select(['q.id', 'q.definition'])
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('questionnaire as n')
            .select('n.id')
            .whereRef('n.code', '=', 'q.code')
            .whereRef('n.version', '>', 'q.version'),
        ),
      ),
    )
    .orderBy('q.code')
    .execute();
  return rows.map((r) => ({ id: r.id, definition: r.definition as Questionnaire }));
}

/** The questionnaires are national (every commune answers the same): the ministry edits them; everyone reads them. */
const mayEditQuestionnaires = (user: SessionUser) => isMinistry(user);

/**
 * Saves new wording or a new rule. Once any response used the newest version, the edit becomes a new
 * version and the old responses keep theirs; before that, the newest version is corrected in place.
 */
export async function editQuestionnaire(
  db: Kysely<Database>,
  user: SessionUser,
  code: string,
  input: unknown,
  ip?: string,
) {
  if (!mayEditQuestionnaires(user)) throw forbidden();
  return db.transaction().execute(async (trx) => {
    const latest = await trx
      .selectFrom('questionnaire')
      .select(['id', 'version', 'audience'])
      .where('code', '=', code)
      .orderBy('version', 'desc')
      .forUpdate()
      .executeTakeFirst();
    if (!latest) throw notFound('questionnaire', code);
    const used =
      (await trx
        .selectFrom('survey_response')
        .select('id')
        .where('questionnaire_id', '=', latest.id)
        .limit(1)
        .executeTakeFirst()) ??
      (await trx
        .selectFrom('survey_response_held')
        .select('id')
        .where('questionnaire_id', '=', latest.id)
        .limit(1)
        .executeTakeFirst());
    const version = used ? latest.version + 1 : latest.version;
    const parsed = questionnaireSchema.safeParse({ ...(input as object), code, version, audience: latest.audience });
    if (!parsed.success) {
      throw new Refusal(
        'invalid',
        'surveys:error.invalid_questionnaire',
        { count: parsed.error.issues.length },
        parsed.error.issues.map((i) => ({
          field: i.path.join('.'),
          value: null,
          message: /^[a-z_]+$/.test(i.message)
            ? phrase(`surveys:issue.${i.message}`, { field: i.path.join('.') })
            : zodPhrase(i as never),
        })),
      );
    }
    const definition = JSON.stringify(parsed.data);
    const id = used
      ? (
          await trx
            .insertInto('questionnaire')
            .values({ code, version, audience: latest.audience, definition, created_by: user.id })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id
      : (
          await trx
            .updateTable('questionnaire')
            .set({ definition })
            .where('id', '=', latest.id)
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
    await writeAudit(trx, {
      userId: user.id,
      action: used ? 'new_version' : 'edit',
      entity: 'questionnaire',
      entityId: `${code}@${version}`,
      after: parsed.data,
      ip,
    });
    return { id, version, newVersion: Boolean(used) };
  });
}

/** The commune roles that run surveys; collaborators may type paper forms. */
export interface SurveyActor {
  userId: number;
  communeId: number;
  provinceId: number;
  access: 'officer' | 'collaborator';
  ip?: string;
}

export function surveyActor(user: SessionUser | null, communeId: number, provinceId: number, ip?: string): SurveyActor {
  if (!user) throw new Refusal('unauthenticated', 'common:error.unauthenticated');
  const roles = user.roles.filter((r) => r.unitId === communeId).map((r) => r.role);
  const access = roles.some((r) => r === 'commune_officer' || r === 'commune_chairman')
    ? 'officer'
    : roles.includes('collaborator')
      ? 'collaborator'
      : null;
  if (!access) throw forbidden();
  return { userId: user.id, communeId, provinceId, access, ip };
}

const AUDIENCE_QUESTIONNAIRE: Record<Audience, string> = { children: 'tre-em', residents: 'nguoi-dan' };

/** Opens the survey of a commune, period and audience with its sample of one-time codes, in one transaction. */
export async function createSurvey(
  db: Kysely<Database>,
  actor: SurveyActor,
  input: { periodId: number; audience: Audience; sampleSize: number; questionnaireCode?: string },
) {
  if (actor.access !== 'officer') throw forbidden();
  await loadPeriod(db, input.periodId);
  const questionnaireCode = input.questionnaireCode ?? AUDIENCE_QUESTIONNAIRE[input.audience];
  const [latest] = await questionnaireVersions(db, questionnaireCode);
  if (!latest) throw new Refusal('invalid', 'surveys:error.unknown_questionnaire', { value: questionnaireCode });
  if (latest.definition.audience !== input.audience)
    throw new Refusal('invalid', 'surveys:error.wrong_audience', {
      value: questionnaireCode,
      audience: input.audience,
    });
  return db.transaction().execute(async (trx) => {
    const exists = await trx
      .selectFrom('survey')
      .select('id')
      .where('unit_id', '=', actor.communeId)
      .where('period_id', '=', input.periodId)
      .where('audience', '=', input.audience)
      .executeTakeFirst();
    if (exists) throw new Refusal('conflict', 'surveys:error.survey_exists', { id: exists.id });
    const { id } = await trx
      .insertInto('survey')
      .values({
        unit_id: actor.communeId,
        province_id: actor.provinceId,
        period_id: input.periodId,
        audience: input.audience,
        questionnaire_code: questionnaireCode,
        sample_size: input.sampleSize,
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // 40 random bits a code: guessing one of a commune's few hundred unused codes is hopeless.
    const codes = new Set<string>();
    while (codes.size < input.sampleSize) codes.add(codeFromBytes(randomBytes(5)));
    await sql`INSERT INTO survey_code (code, survey_id, province_id) SELECT c, ${id}, ${actor.provinceId} FROM unnest(${sql.val([...codes])}::text[]) AS c ON CONFLICT DO NOTHING`.execute(
      trx,
    );
    await writeAudit(trx, {
      userId: actor.userId,
      action: 'create',
      entity: 'survey',
      entityId: id,
      after: { ...input, questionnaireCode },
      ip: actor.ip,
    });
    return id;
  });
}

async function surveyOfCommune(db: Kysely<Database>, actor: SurveyActor, surveyId: number) {
  const survey = await db
    .selectFrom('survey')
    .selectAll()
    .where('id', '=', surveyId)
    .where('unit_id', '=', actor.communeId)
    .executeTakeFirst();
  if (!survey) throw notFound('survey', surveyId);
  return survey;
}

export async function listSurveys(db: Kysely<Database>, communeId: number, periodId: number) {
  const rows = await db
    .selectFrom('survey as s')
    .select(['s.id', 's.audience', 's.questionnaire_code', 's.sample_size', 's.created_at', 's.closed_at'])
    .select((eb) => [
      eb
        .selectFrom('survey_code as c')
        .select((e) => e.fn.countAll<string>().as('n'))
        .whereRef('c.survey_id', '=', 's.id')
        .as('issued'),
      eb
        .selectFrom('survey_code as c')
        .select((e) => e.fn.countAll<string>().as('n'))
        .whereRef('c.survey_id', '=', 's.id')
        .where('c.used', '=', true)
        .as('used'),
      eb
        .selectFrom('survey_response as r')
        .select((e) => e.fn.countAll<string>().as('n'))
        .whereRef('r.survey_id', '=', 's.id')
        .as('responses'),
      eb
        .selectFrom('survey_response_held as h')
        .select((e) => e.fn.countAll<string>().as('n'))
        .whereRef('h.survey_id', '=', 's.id')
        .as('waiting'),
    ])
    .where('s.unit_id', '=', communeId)
    .where('s.period_id', '=', periodId)
    .orderBy('s.audience')
    .execute();
  // Counts only: how many codes were used and how many answers wait, never which.
  return rows.map((r) => ({
    id: r.id,
    audience: r.audience,
    questionnaireCode: r.questionnaire_code,
    sampleSize: r.sample_size,
    issued: Number(r.issued),
    used: Number(r.used),
    responses: Number(r.responses),
    waiting: Number(r.waiting),
    closedAt: r.closed_at ? new Date(r.closed_at).toISOString() : null,
  }));
}

/**
 * The survey's codes for printing (officer or chairman); codes are not secret from the commune that hands
 * them out, but which were used is: the list is every code, in code order, with no used mark.
 */
export async function surveyCodes(db: Kysely<Database>, actor: SurveyActor, surveyId: number) {
  if (actor.access !== 'officer') throw forbidden();
  const survey = await surveyOfCommune(db, actor, surveyId);
  const codes = await db
    .selectFrom('survey_code')
    .select('code')
    .where('survey_id', '=', surveyId)
    .orderBy('code')
    .execute();
  return { survey, codes: codes.map((c) => c.code) };
}

/**
 * A typed code under the flood guard of its senders (addresses, accounts): in any survey from the public
 * page, or in `surveyId` only when typing paper forms. A code the sender may not use — unknown, of another
 * survey, of another commune — gets one answer and counts as a miss, so it tells nothing.
 */
async function lookUpCode(db: Kysely<Database>, typed: string, senders: string[], surveyId?: number) {
  const find = async (q: Kysely<Database>) => {
    const checked = checkCode(typed);
    if (!checked.ok && checked.problem === 'check')
      throw new Refusal('invalid', 'surveys:error.bad_check', { value: checked.printed });
    if (!checked.ok) throw new Refusal('invalid', 'surveys:error.bad_code', { value: typed.slice(0, 20) });
    const code = checked.code;
    let query = q
      .selectFrom('survey_code as c')
      .innerJoin('survey as s', 's.id', 'c.survey_id')
      .innerJoin('unit as u', 'u.id', 's.unit_id')
      .innerJoin('period as p', 'p.id', 's.period_id')
      .select([
        'c.used',
        's.closed_at',
        's.id as survey_id',
        's.audience',
        's.questionnaire_code',
        'u.name as commune',
        'p.year',
      ])
      .where('c.code', '=', code);
    if (surveyId !== undefined) query = query.where('c.survey_id', '=', surveyId);
    return { code, row: await query.executeTakeFirst() };
  };
  const { code, row } = senders.length
    ? await guardCodeAttempt(db, senders, find, (found) => !found.row)
    : await find(db);
  if (!row)
    throw new Refusal(
      'not_found',
      surveyId === undefined ? 'surveys:error.unknown_code' : 'surveys:error.code_not_in_survey',
      { value: code },
    );
  if (row.closed_at) throw new Refusal('conflict', 'surveys:error.survey_closed');
  if (row.used) throw new Refusal('conflict', 'surveys:error.code_used', { value: code });
  return { code, row };
}

/** What the public page shows for a code: the questionnaire, the commune and the year — or why not. */
export async function publicSurvey(db: Kysely<Database>, typed: string, address?: string) {
  const { code, row } = await lookUpCode(db, typed, address ? [address] : []);
  const [latest] = await questionnaireVersions(db, row.questionnaire_code);
  return {
    code,
    surveyId: row.survey_id,
    audience: row.audience,
    commune: row.commune,
    year: row.year,
    questionnaire: latest!.definition,
  };
}

function answerIssuesError(issues: ReturnType<typeof checkAnswers> & { ok: false }) {
  return new Refusal(
    'invalid',
    'surveys:error.invalid_answers',
    { count: issues.issues.length },
    issues.issues.map((i) => ({
      field: i.field,
      value: i.value ?? null,
      message: phrase(`surveys:issue.${i.code}`, {
        field: i.field,
        value: JSON.stringify(i.value ?? null),
        ...i.params,
      }),
    })),
  );
}

export interface ResponseInput {
  /** The code on the slip; paper forms may have none. */
  code?: string | null;
  answers: Record<string, unknown>;
  ageBand?: string | null;
  /** Paper entry: the survey the form belongs to (a code must be one of its codes) and who types it. */
  surveyId?: number;
  enteredBy?: number | null;
  /** Who is typing codes, for the flood guard: the address, and on paper the account as `user:<id>`. */
  senders: string[];
}

/**
 * Takes one anonymous answer: spends its code and holds the answer, in one transaction (a second use of
 * the code, or an answer to a closed survey, is refused); then releases the survey's held answers if
 * enough wait, in another.
 */
export async function submitResponse(db: Kysely<Database>, input: ResponseInput) {
  let surveyId = input.surveyId ?? null;
  let code: string | null = null;
  if (input.code) {
    const found = await lookUpCode(db, input.code, input.senders, input.surveyId);
    surveyId = found.row.survey_id;
    code = found.code;
  }
  if (surveyId === null) throw new Refusal('invalid', 'surveys:error.code_required');
  const survey = await db
    .selectFrom('survey')
    .select(['id', 'province_id', 'questionnaire_code'])
    .where('id', '=', surveyId)
    .executeTakeFirstOrThrow();
  const [latest] = await questionnaireVersions(db, survey.questionnaire_code);
  const q = latest!.definition;
  const checked = checkAnswers(q, input.answers);
  if (!checked.ok) throw answerIssuesError(checked);
  if (input.ageBand && !q.ageBands.includes(input.ageBand))
    throw new Refusal('invalid', 'surveys:error.bad_age_band', {
      value: input.ageBand,
      allowed: q.ageBands.join(', '),
    });
  await db.transaction().execute(async (trx) => {
    // A share lock: answers go in side by side, but not while the survey is being closed or released.
    const open = await trx
      .selectFrom('survey')
      .select('closed_at')
      .where('id', '=', survey.id)
      .forShare()
      .executeTakeFirstOrThrow();
    if (open.closed_at) throw new Refusal('conflict', 'surveys:error.survey_closed');
    if (code) {
      // Spent here, under the row lock: of two racing submissions with one code, only one gets through.
      const spent = await trx
        .updateTable('survey_code')
        .set({ used: true })
        .where('code', '=', code)
        .where('used', '=', false)
        .returning('code')
        .executeTakeFirst();
      if (!spent) throw new Refusal('conflict', 'surveys:error.code_used', { value: code });
    }
    await trx
      .insertInto('survey_response_held')
      .values({
        survey_id: survey.id,
        province_id: survey.province_id,
        questionnaire_id: latest!.id,
        answers: JSON.stringify(checked.answers),
        satisfied: isSatisfied(q, checked.answers),
        age_band: input.ageBand ?? null,
        channel: input.enteredBy ? 'paper' : 'online',
        entered_by: input.enteredBy ?? null,
      })
      .execute();
  });
  // The answer is stored and its code spent: a failed release must not tell the respondent otherwise; the next answer or the closing releases it.
  await releaseHeld(db, survey.id).catch((error: unknown) =>
    console.warn(`[surveys] release of survey ${survey.id} failed / chưa công bố được: ${(error as Error).message}`),
  );
  return { surveyId: survey.id, version: q.version };
}

/**
 * Moves a survey's held answers into survey_response when releaseDue says so, inside `trx`: one
 * statement takes them out of the holding table and writes them in random order with new random ids,
 * and the survey's spent codes are written again, so that their row versions carry this transaction
 * too rather than the order in which they were spent. Returns how many moved.
 */
async function releaseIn(trx: Kysely<Database>, surveyId: number, closing: boolean): Promise<number> {
  // One release of a survey at a time, and none while an answer is being written (its share lock).
  const survey = await trx
    .selectFrom('survey')
    .select('closed_at')
    .where('id', '=', surveyId)
    .forNoKeyUpdate()
    .executeTakeFirst();
  if (!survey) return 0;
  const held = await trx
    .selectFrom('survey_response_held')
    .select((e) => e.fn.countAll<string>().as('n'))
    .where('survey_id', '=', surveyId)
    .executeTakeFirstOrThrow();
  if (!releaseDue(Number(held.n), closing || survey.closed_at !== null)) return 0;
  const moved = await sql<{ id: string }>`
    WITH moved AS (
      DELETE FROM survey_response_held WHERE survey_id = ${surveyId}
      RETURNING survey_id, province_id, questionnaire_id, answers, satisfied, age_band, channel, entered_by
    )
    INSERT INTO survey_response (survey_id, province_id, questionnaire_id, answers, satisfied, age_band, channel, entered_by)
    SELECT survey_id, province_id, questionnaire_id, answers, satisfied, age_band, channel, entered_by FROM moved ORDER BY random()
    RETURNING id`.execute(trx);
  await trx
    .updateTable('survey_code')
    .set({ used: true })
    .where('survey_id', '=', surveyId)
    .where('used', '=', true)
    .execute();
  return moved.rows.length;
}

let vacuumWarned = false;

/**
 * After a release: the held rows just deleted, and the spent codes' previous row versions, still carry
 * the spending transaction until vacuumed; vacuum them now rather than when autovacuum gets to it.
 * Best effort: a table another vacuum holds is skipped, and a refusal only warns.
 */
async function vacuumReleased(db: Kysely<Database>) {
  try {
    await sql`VACUUM (SKIP_LOCKED) survey_response_held, survey_code`.execute(db);
  } catch (error) {
    if (!vacuumWarned)
      console.warn(
        `[surveys] vacuum after release failed / không dọn được bảng sau khi công bố: ${(error as Error).message}`,
      );
    vacuumWarned = true;
  }
}

/** Releases a survey's held answers if enough wait, in a transaction of its own; returns how many moved. */
export async function releaseHeld(db: Kysely<Database>, surveyId: number): Promise<number> {
  const moved = await db.transaction().execute((trx) => releaseIn(trx, surveyId, false));
  if (moved) await vacuumReleased(db);
  return moved;
}

/**
 * Closes a survey (officer or chairman), in one transaction: no answer is taken after it, and what is
 * held is released however few. Cannot be undone.
 */
export async function closeSurvey(db: Kysely<Database>, actor: SurveyActor, surveyId: number) {
  if (actor.access !== 'officer') throw forbidden();
  const released = await db.transaction().execute(async (trx) => {
    const survey = await trx
      .selectFrom('survey')
      .select('closed_at')
      .where('id', '=', surveyId)
      .where('unit_id', '=', actor.communeId)
      .forNoKeyUpdate()
      .executeTakeFirst();
    if (!survey) throw notFound('survey', surveyId);
    if (survey.closed_at) throw new Refusal('conflict', 'surveys:error.survey_closed');
    await trx
      .updateTable('survey')
      .set({ closed_at: sql<Date>`now()`, closed_by: actor.userId })
      .where('id', '=', surveyId)
      .execute();
    const n = await releaseIn(trx, surveyId, true);
    await writeAudit(trx, {
      userId: actor.userId,
      action: 'close',
      entity: 'survey',
      entityId: surveyId,
      after: { released: n },
      ip: actor.ip,
    });
    return n;
  });
  if (released) await vacuumReleased(db);
  return { released };
}

/** Each audience's results for a commune and period (small cells suppressed) and the C13 inputs they give. */
export async function surveyResults(db: Kysely<Database>, communeId: number, periodId: number) {
  const surveys = await db
    .selectFrom('survey')
    .select(['id', 'audience', 'questionnaire_code'])
    .where('unit_id', '=', communeId)
    .where('period_id', '=', periodId)
    .orderBy('audience')
    .execute();
  const results = [];
  for (const s of surveys) {
    const versions = await questionnaireVersions(db, s.questionnaire_code);
    const byId = new Map(versions.map((v) => [v.id, v.definition]));
    const responses = await db
      .selectFrom('survey_response')
      .select(['questionnaire_id', 'answers'])
      .where('survey_id', '=', s.id)
      .execute();
    const issued = await db
      .selectFrom('survey_code')
      .select((e) => e.fn.countAll<string>().as('n'))
      .where('survey_id', '=', s.id)
      .executeTakeFirstOrThrow();
    results.push({
      surveyId: s.id,
      ...audienceResult(
        new Map(versions.map((v) => [v.definition.version, v.definition])),
        responses.map((r) => ({ version: byId.get(r.questionnaire_id)!.version, answers: r.answers as Answers })),
        Number(issued.n),
      ),
    });
  }
  return { results, inputs: c13Inputs(results) };
}

/** What the results workbook names and shows: commune, province, period, and each audience's results with its sample size and questionnaire. */
export async function surveyReport(db: Kysely<Database>, communeId: number, periodId: number) {
  const period = await loadPeriod(db, periodId);
  const names = await db
    .selectFrom('unit as u')
    .leftJoin('unit as p', 'p.id', 'u.parent_id')
    .select(['u.name as commune', 'p.name as province'])
    .where('u.id', '=', communeId)
    .executeTakeFirstOrThrow();
  const { results, inputs } = await surveyResults(db, communeId, periodId);
  const sizes = new Map(
    (
      await db
        .selectFrom('survey')
        .select(['id', 'sample_size'])
        .where('unit_id', '=', communeId)
        .where('period_id', '=', periodId)
        .execute()
    ).map((s) => [s.id, s.sample_size]),
  );
  const audiences = [];
  for (const result of results) {
    const versions = await questionnaireVersions(db, result.questionnaire.code);
    audiences.push({
      result,
      sampleSize: sizes.get(result.surveyId) ?? null,
      questionnaire: versions.find((v) => v.definition.version === result.questionnaire.version)!.definition,
    });
  }
  return {
    commune: names.commune,
    province: names.province,
    period: { year: period.year, startsOn: period.starts_on, endsOn: period.ends_on },
    audiences,
    inputs,
  };
}
export type SurveyReport = Awaited<ReturnType<typeof surveyReport>>;

/** C13 inputs of many communes for a period, counted in SQL from the stored responses. */
export async function surveyInputs(
  db: Kysely<Database>,
  communeIds: number[],
  periodId: number,
): Promise<Map<number, { 'C13.respondents': number; 'C13.satisfied': number }>> {
  const out = new Map<number, { 'C13.respondents': number; 'C13.satisfied': number }>();
  if (!communeIds.length) return out;
  const rows = await db
    .selectFrom('survey_response as r')
    .innerJoin('survey as s', 's.id', 'r.survey_id')
    .select([
      's.unit_id',
      (e) => e.fn.countAll<string>().as('respondents'),
      sql<string>`count(*) FILTER (WHERE r.satisfied)`.as('satisfied'),
    ])
    .where('s.unit_id', '=', sql<number>`ANY(${sql.val(communeIds)}::int[])`)
    .where('s.period_id', '=', periodId)
    .groupBy('s.unit_id')
    .execute();
  for (const r of rows)
    out.set(r.unit_id, { 'C13.respondents': Number(r.respondents), 'C13.satisfied': Number(r.satisfied) });
  return out;
}

export const mayReadResults = (user: SessionUser, communeId: number, provinceId: number) =>
  actsForCommune(user, communeId) || readsProvince(user, provinceId);

// ---------------------------------------------------------------- use cases of the routes

/** Every version of a questionnaire, newest first (any signed-in user). */
export async function readQuestionnaireVersions(db: Kysely<Database>, user: SessionUser | null, code: string) {
  requireUser(user);
  const versions = await questionnaireHistory(db, code);
  if (!versions.length) throw notFound('questionnaire', code);
  return versions;
}

/** The commune's surveys of a period: its staff, the province, and its collaborators (who type paper forms). */
export async function communeSurveys(db: Kysely<Database>, user: SessionUser | null, unitId: number, periodId: number) {
  const reader = requireUser(user);
  const c = await loadCommune(db, unitId);
  if (
    !mayReadResults(reader, c.id, c.provinceId) &&
    !reader.roles.some((x) => x.role === 'collaborator' && x.unitId === c.id)
  )
    throw forbidden();
  return listSurveys(db, c.id, periodId);
}

/** The actor of a commune's survey work, after the commune is found. */
export async function communeActor(db: Kysely<Database>, user: SessionUser | null, unitId: number, ip?: string) {
  const c = await loadCommune(db, unitId);
  return surveyActor(user, c.id, c.provinceId, ip);
}

/** The survey's codes to print, as a list. */
export async function listSurveyCodes(db: Kysely<Database>, actor: SurveyActor, surveyId: number) {
  const { codes } = await surveyCodes(db, actor, surveyId);
  return codes.map((code) => ({ code }));
}

/**
 * The code slips of an open survey as a PDF in the viewer's language; `origin` is the public address of
 * this server. Every code, used or not: slips of only the unused ones would tell, by difference, which were used.
 */
export async function surveyCodeSheet(
  db: Kysely<Database>,
  actor: SurveyActor,
  surveyId: number,
  origin: string,
  locale: Locale,
) {
  const { survey, codes } = await surveyCodes(db, actor, surveyId);
  const names = await db
    .selectFrom('unit as u')
    .innerJoin('unit as p', 'p.id', 'u.parent_id')
    .innerJoin('period as y', (j) => j.on('y.id', '=', survey.period_id))
    .select(['u.name as commune', 'p.name as province', 'y.year'])
    .where('u.id', '=', actor.communeId)
    .executeTakeFirstOrThrow();
  if (survey.closed_at) throw new Refusal('conflict', 'surveys:error.survey_closed');
  const pdf = await renderCodeSheet({
    communeName: names.commune,
    provinceName: names.province,
    audience: survey.audience,
    year: names.year,
    surveyUrl: `${origin}/khao-sat`,
    codes,
    locale,
  });
  return { fileName: `ma-khao-sat-${survey.id}.pdf`, pdf };
}

/** A paper form typed in by the commune (a collaborator too), into a survey of this commune. */
export async function enterPaperResponse(
  db: Kysely<Database>,
  actor: SurveyActor,
  surveyId: number,
  body: { answers: Record<string, unknown>; ageBand?: string | null; code?: string | null },
  ip: string,
) {
  const survey = await db
    .selectFrom('survey')
    .select('id')
    .where('id', '=', surveyId)
    .where('unit_id', '=', actor.communeId)
    .executeTakeFirst();
  if (!survey) throw notFound('survey', surveyId);
  // The public page's guard on wrong codes, per address and per account: a code not of this survey counts as a miss.
  return submitResponse(db, {
    ...body,
    surveyId: survey.id,
    enteredBy: actor.userId,
    senders: [ip, `user:${actor.userId}`],
  });
}

/** An answer from the public page: no account, no name; the code is spent once. */
export async function answerSurvey(
  db: Kysely<Database>,
  code: string,
  body: { answers: Record<string, unknown>; ageBand?: string | null },
  ip: string,
) {
  if (!code.trim()) throw new Refusal('invalid', 'surveys:error.code_required');
  const saved = await submitResponse(db, { code, answers: body.answers, ageBand: body.ageBand ?? null, senders: [ip] });
  return { ok: true as const, version: saved.version };
}

/** The commune after checking the reader may see its results (its staff, the province). */
async function resultsCommune(db: Kysely<Database>, user: SessionUser | null, unitId: number) {
  const reader = requireUser(user);
  const c = await loadCommune(db, unitId);
  if (!mayReadResults(reader, c.id, c.provinceId)) throw forbidden();
  return c;
}

/** Results of a commune's surveys of a period, small cells suppressed. */
export async function readSurveyResults(
  db: Kysely<Database>,
  user: SessionUser | null,
  unitId: number,
  periodId: number,
) {
  const c = await resultsCommune(db, user, unitId);
  return surveyResults(db, c.id, periodId);
}

/** The results as a workbook in the viewer's language, small cells suppressed. */
export async function surveyResultsWorkbook(
  db: Kysely<Database>,
  user: SessionUser | null,
  unitId: number,
  periodId: number,
  locale: Locale,
) {
  const c = await resultsCommune(db, user, unitId);
  const report = await surveyReport(db, c.id, periodId);
  return {
    fileName: `ket-qua-khao-sat-${c.id}-${report.period.year}.xlsx`,
    data: await writeResultsWorkbook(report, locale),
  };
}
