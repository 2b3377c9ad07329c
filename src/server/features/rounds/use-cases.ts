// What each rounds route does, one function per action: the routes validate, call one of these and answer.
import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres';
import type { CouncilMember } from '../../db/schema.ts';
import { viOrder } from '../../db/collation.ts';
import {
  actionOptions,
  communeMayEdit,
  criteriaWithoutEvidence,
  OWES_DOSSIER,
  type EntryState,
} from '../../../core/workflow/round-entry.ts';
import { dueStatus as dueStatusOf } from '../../../core/calendar/deadline.ts';
import {
  diffValues,
  isPendingReturn,
  reopenedInputs,
  reviewItems,
  type ReviewDecision,
} from '../../../core/workflow/review.ts';
import { discloseResult, discloseValues, SUPPRESSED } from '../../../core/privacy/disclosure.ts';
import type { ScoreResult } from '../../../core/scoring/engine.ts';
import type { InputValue, InputValues } from '../../../core/scoring/validate.ts';
import type { Locale } from '../../../i18n/index.ts';
import { ensurePeriod } from '../../platform/periods.ts';
import { forbidden, notFound, Refusal } from '../../platform/refusal.ts';
import { writeAudit } from '../audit/index.ts';
import { canAccess, COMMUNE_ROLES, communeScope, loadUnitInScope, provinceScope, unitInScope } from '../auth/index.ts';
import type { SessionUser } from '../auth/index.ts';
import { lensOf, timelineOf } from '../assessments/index.ts';
import { latestPublished, loadRuleSet } from '../rule-sets/index.ts';
import { roundIcs, workingDaysOf } from './calendar.ts';
import type { AppNotification, Deadlines, Decision, EntryView, Registration, Round, RoundDetail } from './contracts.ts';
import { DEADLINE_STEPS, dueStatus, waitingUnits } from './deadlines.ts';
import {
  actorsFor,
  decisionFactIssues,
  decisionIssuerName,
  defaultCalendar,
  ensureEntry,
  loadRound,
  recordDecision,
  reviewItem,
  reviewSectors,
  roundIssuerName,
  saveAppraiserValues,
  saveCouncil,
  today,
  withdrawReturn,
  type Db,
} from './store.ts';
import { sendReturns, transition } from './transitions.ts';

type RoundRow = Awaited<ReturnType<typeof loadRound>>;
type Meta = { ip?: string };

export function roundView(r: RoundRow): Round {
  return {
    id: r.id,
    provinceId: r.province_id,
    periodId: r.period_id,
    ruleSetId: r.rule_set_id,
    title: r.title,
    dossierDue: r.dossier_due,
    appraisalDue: r.appraisal_due,
    decisionDue: r.decision_due,
    reportDue: r.report_due,
    postingDays: r.posting_days,
    requireEvidence: r.require_evidence,
    appraisingBody: r.appraising_body,
    signerTitle: r.signer_title,
    signerName: r.signer_name,
    status: r.status,
    issuerGroupId: r.issuer_group_id,
    issuerGroupName: r.issuer_group_name,
  };
}

/** Whether the user may configure rounds of this province (its province official; not the administrator). */
function mayConfigure(user: SessionUser, provinceId: number) {
  return user.roles.some((r) => r.role === 'province_official' && r.unitId === provinceId);
}

const inOrder = (c: { dossierDue: string; appraisalDue: string; decisionDue: string; reportDue: string }) =>
  c.dossierDue <= c.appraisalDue && c.appraisalDue <= c.decisionDue && c.decisionDue <= c.reportDue;

/** A round the user may read: of their province, or of the province of one of their communes. */
async function readableRound(
  db: Db,
  user: SessionUser,
  id: number,
  known?: { round: RoundRow; unit?: { id: number; parent_id: number | null } },
) {
  const round = known?.round ?? (await loadRound(db, id));
  const provinces = provinceScope(user);
  const communes = communeScope(user);
  if (provinces !== null && !provinces.includes(round.province_id)) {
    if (!communes.length) throw forbidden();
    // One's own commune, already read, in the round's province: the query below would find it.
    if (known?.unit && communes.includes(known.unit.id) && known.unit.parent_id === round.province_id) return round;
    const mine = await db
      .selectFrom('unit')
      .select('id')
      .where('id', 'in', communes)
      .where('parent_id', '=', round.province_id)
      .execute();
    if (!mine.length) throw forbidden();
  }
  return round;
}

/** An entry by id, and its commune, within the user's scope. */
async function entryInScope(db: Db, user: SessionUser, entryId: number) {
  const entry = await db.selectFrom('round_entry').selectAll().where('id', '=', entryId).executeTakeFirst();
  if (!entry) throw notFound('round_entry', entryId);
  const unit = await loadUnitInScope(db, user, entry.unit_id);
  return { entry, unit };
}

export interface RoundInput {
  provinceId: number;
  year: number;
  title?: string;
  ruleSetId?: number;
  dossierDue?: string;
  appraisalDue?: string;
  decisionDue?: string;
  reportDue?: string;
  postingDays?: number;
  requireEvidence?: boolean;
  appraisingBody: string;
  signerTitle: string;
  signerName?: string;
}

/** Opens a province's round for a year, on a published rule set, with the default calendar unless given. */
export async function openRound(db: Db, user: SessionUser, b: RoundInput, meta: Meta): Promise<Round> {
  if (!mayConfigure(user, b.provinceId)) throw forbidden();
  const province = await db
    .selectFrom('unit')
    .select(['id', 'name', 'level'])
    .where('id', '=', b.provinceId)
    .executeTakeFirst();
  if (!province || province.level !== 'province') throw notFound('province', b.provinceId);
  const given = {
    dossierDue: b.dossierDue,
    appraisalDue: b.appraisalDue,
    decisionDue: b.decisionDue,
    reportDue: b.reportDue,
  };
  const calendar = { ...defaultCalendar(b.year), ...Object.fromEntries(Object.entries(given).filter(([, v]) => v)) };
  if (!inOrder(calendar)) throw new Refusal('invalid', 'rounds:error.calendar_order', calendar);
  const ruleSet = b.ruleSetId ? await loadRuleSet(db, b.ruleSetId) : await latestPublished(db);
  if (ruleSet.status !== 'published') throw new Refusal('invalid', 'rounds:error.rule_set_draft', { id: ruleSet.id });
  const periodId = await ensurePeriod(db, b.year);
  const id = await db.transaction().execute(async (trx) => {
    const dup = await trx
      .selectFrom('round')
      .select('id')
      .where('province_id', '=', b.provinceId)
      .where('period_id', '=', periodId)
      .executeTakeFirst();
    if (dup) throw new Refusal('conflict', 'rounds:error.round_exists', { id: dup.id, year: b.year });
    const { id } = await trx
      .insertInto('round')
      .values({
        province_id: b.provinceId,
        period_id: periodId,
        rule_set_id: ruleSet.id,
        title: b.title || `Đánh giá xã, phường phù hợp với trẻ em năm ${b.year} — ${province.name}`,
        dossier_due: calendar.dossierDue,
        appraisal_due: calendar.appraisalDue,
        decision_due: calendar.decisionDue,
        report_due: calendar.reportDue,
        posting_days: b.postingDays ?? 7,
        require_evidence: b.requireEvidence ?? false,
        appraising_body: b.appraisingBody,
        signer_title: b.signerTitle,
        signer_name: b.signerName ?? '',
        created_by: user.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, { userId: user.id, action: 'open', entity: 'round', entityId: id, after: b, ip: meta.ip });
    return id;
  });
  return roundView(await loadRound(db, id));
}

export type RoundChange = Partial<Omit<RoundInput, 'provinceId' | 'year' | 'ruleSetId'>>;

/** Changes a round's title, calendar or signer, by its province's official; the calendar stays in order. */
export async function editRound(db: Db, user: SessionUser, id: number, b: RoundChange, meta: Meta): Promise<Round> {
  const round = await loadRound(db, id);
  if (!mayConfigure(user, round.province_id)) throw forbidden();
  const next = {
    title: b.title ?? round.title,
    dossier_due: b.dossierDue ?? round.dossier_due,
    appraisal_due: b.appraisalDue ?? round.appraisal_due,
    decision_due: b.decisionDue ?? round.decision_due,
    report_due: b.reportDue ?? round.report_due,
    posting_days: b.postingDays ?? round.posting_days,
    require_evidence: b.requireEvidence ?? round.require_evidence,
    appraising_body: b.appraisingBody ?? round.appraising_body,
    signer_title: b.signerTitle ?? round.signer_title,
    signer_name: b.signerName ?? round.signer_name,
  };
  const calendar = {
    dossierDue: next.dossier_due,
    appraisalDue: next.appraisal_due,
    decisionDue: next.decision_due,
    reportDue: next.report_due,
  };
  if (!inOrder(calendar)) throw new Refusal('invalid', 'rounds:error.calendar_order', calendar);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('round').set(next).where('id', '=', round.id).execute();
    await writeAudit(trx, {
      userId: user.id,
      action: 'edit',
      entity: 'round',
      entityId: round.id,
      before: roundView(round),
      after: next,
      ip: meta.ip,
    });
  });
  return roundView(await loadRound(db, round.id));
}

/** The rounds of the user's provinces and of their communes' provinces, newest first. */
export async function listRounds(db: Db, user: SessionUser): Promise<{ items: Round[] }> {
  const provinces = provinceScope(user);
  let q = db.selectFrom('round').selectAll().select(roundIssuerName).orderBy('id', 'desc');
  if (provinces !== null) {
    const communes = communeScope(user);
    const communeProvinces = communes.length
      ? (await db.selectFrom('unit').select('parent_id').where('id', 'in', communes).execute()).map(
          (u) => u.parent_id as number,
        )
      : [];
    const ids = [...provinces, ...communeProvinces];
    if (!ids.length) return { items: [] };
    q = q.where('province_id', 'in', ids);
  }
  return { items: (await q.execute()).map(roundView) };
}

/** A round with the dossier of each commune the user may see (all of the province for its staff). */
export async function roundDetail(db: Db, user: SessionUser, id: number): Promise<RoundDetail> {
  const round = await readableRound(db, user, id);
  const period = await db
    .selectFrom('period')
    .select('year')
    .where('id', '=', round.period_id)
    .executeTakeFirstOrThrow();
  const termStart = period.year - ((((period.year - 2021) % 5) + 5) % 5);
  let q = db
    .selectFrom('unit as u')
    .leftJoin('round_entry as e', (j) => j.onRef('e.unit_id', '=', 'u.id').on('e.round_id', '=', round.id))
    .leftJoin('assessment as a', (j) => j.onRef('a.unit_id', '=', 'u.id').on('a.period_id', '=', round.period_id))
    .leftJoin('registration as g', (j) => j.onRef('g.unit_id', '=', 'u.id').on('g.term_start', '=', termStart))
    .leftJoin('recognition_decision as d', 'd.id', 'e.decision_id')
    .select([
      'u.id as unitId',
      'u.code',
      'u.name',
      'u.category',
      'e.id as entryId',
      'e.state',
      'e.submissions',
      'e.posting_to',
    ])
    .select(['a.total', 'a.recognized', 'g.registered_at', 'd.number as decisionNumber'])
    .where('u.parent_id', '=', round.province_id)
    .where('u.level', '=', 'commune')
    .where('u.valid_to', 'is', null)
    .orderBy(viOrder('u.name'));
  const provinces = provinceScope(user);
  if (provinces !== null && !provinces.includes(round.province_id)) q = q.where('u.id', 'in', communeScope(user));
  const rows = await q.execute();
  const now = today();
  return {
    round: roundView(round),
    year: period.year,
    term: { start: termStart, end: termStart + 4 },
    entries: rows.map((e) => {
      const state = (e.state ?? 'draft') as EntryState;
      return {
        unitId: e.unitId,
        code: e.code,
        name: e.name,
        category: e.category,
        entryId: e.entryId,
        state,
        submissions: e.submissions ?? 0,
        total: e.total ?? null,
        recognizedByScore: e.recognized ?? false,
        registered: e.registered_at !== null,
        decisionNumber: e.decisionNumber,
        // Owed and past due: the dossier page counts the same days (entryView's `due`).
        overdue: OWES_DOSSIER.includes(state) && round.dossier_due < now,
      };
    }),
  };
}

/** A commune registers for a five-year term (2021–2025, 2026–2030, …), once per term. */
export async function registerCommune(
  db: Db,
  user: SessionUser,
  unitId: number,
  b: { termStart: number; documentRef: string },
  meta: Meta,
): Promise<Registration> {
  const unit = await loadUnitInScope(db, user, unitId, COMMUNE_ROLES);
  if ((b.termStart - 2021) % 5 !== 0)
    throw new Refusal('invalid', 'rounds:error.term_start', { value: String(b.termStart) });
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('registration')
      .values({
        unit_id: unit.id,
        term_start: b.termStart,
        term_end: b.termStart + 4,
        document_ref: b.documentRef,
        registered_by: user.id,
      })
      .onConflict((oc) => oc.columns(['unit_id', 'term_start']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row)
      throw new Refusal('conflict', 'rounds:error.already_registered', { term: `${b.termStart}–${b.termStart + 4}` });
    await writeAudit(trx, {
      userId: user.id,
      action: 'register',
      entity: 'unit',
      entityId: unit.id,
      after: b,
      ip: meta.ip,
    });
    return row.id;
  });
  return { id, unitId: unit.id, termStart: b.termStart, termEnd: b.termStart + 4, documentRef: b.documentRef };
}

/**
 * A commune's dossier in a round as this user may see it: its state and the actions open to them, the
 * reviews of the current submission, every submission, the changes since the one before, the appraiser's
 * figures and the history of transitions. Small sensitive counts are withheld as everywhere else.
 */
/** What a dossier's view needs of its commune. */
type ViewUnit = {
  id: number;
  code: string;
  name: string;
  category: string | null;
  parent_id: number | null;
  level: 'province' | 'commune';
};

export async function entryView(
  db: Db,
  user: SessionUser,
  roundId: number,
  unitId: number,
  known?: { unit: ViewUnit },
): Promise<EntryView> {
  // One statement: the round, the commune, the year's assessment and the entry with everything the view shows of
  // it (the reviews of the current submission, every submission, the transitions, the decision and the criteria
  // with evidence). Refusals keep their order: round, scope, unit.
  const row = await db
    .selectFrom('round')
    .selectAll('round')
    .select(roundIssuerName)
    .select((eb) => [
      jsonObjectFrom(
        eb
          .selectFrom('unit as c')
          .select(['c.id', 'c.code', 'c.name', 'c.category', 'c.parent_id', 'c.level'])
          .where('c.id', '=', unitId),
      ).as('unit_row'),
      jsonObjectFrom(
        eb
          .selectFrom('assessment as a')
          .select(['a.id', 'a.rule_set_id'])
          .where('a.unit_id', '=', unitId)
          .whereRef('a.period_id', '=', 'round.period_id'),
      ).as('assessment_row'),
      jsonObjectFrom(
        eb
          .selectFrom('round_entry as e')
          .select([
            'e.id',
            'e.state',
            'e.submissions',
            'e.council',
            'e.meeting_on',
            'e.meeting_place',
            'e.meeting_summary',
            'e.posting_from',
            'e.posting_to',
            'e.appraiser_values',
            'e.appraiser_result',
          ])
          .select((ib) => [
            jsonArrayFrom(
              ib
                .selectFrom('item_review as r')
                .leftJoin('app_user as u', 'u.id', 'r.reviewer_id')
                .select([
                  'r.item_code',
                  'r.sector',
                  'r.decision',
                  'r.reason',
                  'u.full_name',
                  'r.reviewed_at',
                  'r.sent_at',
                ])
                .whereRef('r.entry_id', '=', 'e.id')
                .whereRef('r.submission_number', '=', 'e.submissions')
                .orderBy('r.id'),
            ).as('review_rows'),
            jsonArrayFrom(
              ib
                .selectFrom('round_submission as s')
                .select(['s.number', 's.submitted_at', 's.values', 's.result'])
                .whereRef('s.entry_id', '=', 'e.id')
                .orderBy('s.number'),
            ).as('submission_rows'),
            jsonArrayFrom(
              ib
                .selectFrom('entry_transition as t')
                .leftJoin('app_user as u', 'u.id', 't.actor_id')
                .select(['t.action', 't.from_state', 't.to_state', 'u.full_name', 't.comment', 't.at'])
                .whereRef('t.entry_id', '=', 'e.id')
                .orderBy('t.id', 'desc'),
            ).as('transition_rows'),
            jsonObjectFrom(
              ib
                .selectFrom('recognition_decision as d')
                .select(['d.number', 'd.signed_on'])
                .whereRef('d.id', '=', 'e.decision_id'),
            ).as('decision_row'),
            jsonArrayFrom(
              ib
                .selectFrom('evidence_file as f')
                .select('f.criterion_code')
                .distinct()
                .whereRef('f.entry_id', '=', 'e.id')
                .where('f.deleted_at', 'is', null)
                .where('f.criterion_code', 'is not', null),
            ).as('evidence_rows'),
          ])
          .whereRef('e.round_id', '=', 'round.id')
          .where('e.unit_id', '=', unitId),
      ).as('entry_row'),
    ])
    .where('round.id', '=', roundId)
    .executeTakeFirst();
  if (!row) throw notFound('round', roundId);
  const { assessment_row: assessment, entry_row: entry, unit_row, ...roundRow } = row;
  const unit = known?.unit ?? unit_row;
  const inScope = unit !== null && canAccess(user, unit);
  const round = await readableRound(db, user, roundId, { round: roundRow, unit: inScope ? unit : undefined });
  if (!unit) throw notFound('unit', unitId);
  if (!inScope) throw forbidden();
  if (unit.parent_id !== round.province_id) throw notFound('round_entry', `${roundId}/${unitId}`);
  const actors = actorsFor(user, unit);
  const state = (entry?.state ?? 'draft') as EntryState;
  const ruleSet = await loadRuleSet(db, assessment?.rule_set_id ?? round.rule_set_id);
  const items = reviewItems(ruleSet.definition);
  let reviews: EntryView['reviews'] = [];
  let submissions: EntryView['submissions'] = [];
  let before: { values: InputValues; submittedAt: Date } | null = null;
  let transitions: EntryView['transitions'] = [];
  let decision: EntryView['entry']['decision'] = null;
  let lastSubmissionRow: { values: InputValues; result: unknown; submitted_at: Date } | undefined;
  if (entry) {
    reviews = entry.review_rows
      .map((x) => ({
        itemCode: x.item_code,
        sector: x.sector,
        decision: x.decision as ReviewDecision,
        reason: x.reason,
        reviewerName: x.full_name,
        reviewedAt: new Date(x.reviewed_at).toISOString(),
        sentAt: x.sent_at ? new Date(x.sent_at).toISOString() : null,
      }))
      // A return not sent yet is the reviewers' and the appraiser's business: the commune hears of it when sent.
      .filter((x) => !isPendingReturn(x) || actors.includes('appraiser') || actors.includes('sector_reviewer'));
    // Times come as JSON text from the one statement: Dates again, as the rest reads them.
    const subs = entry.submission_rows.map((s) => ({ ...s, submitted_at: new Date(s.submitted_at) }));
    submissions = subs.map((s) => ({
      number: s.number,
      submittedAt: s.submitted_at.toISOString(),
      total: (s.result as { total: number }).total,
      recognized: (s.result as { recognized: boolean }).recognized,
    }));
    const previous = subs.at(-2);
    if (previous) before = { values: previous.values, submittedAt: previous.submitted_at };
    lastSubmissionRow = subs.find((s) => s.number === entry.submissions);
    transitions = entry.transition_rows.map((x) => ({
      action: x.action,
      fromState: x.from_state,
      toState: x.to_state,
      actorName: x.full_name,
      comment: x.comment,
      at: new Date(x.at).toISOString(),
    }));
    if (entry.decision_row) decision = { number: entry.decision_row.number, signedOn: entry.decision_row.signed_on };
  }
  const returned = reviews.filter((x) => x.decision === 'returned' && x.sentAt).map((x) => x.itemCode);
  const editable = communeMayEdit(state);
  // What is offered now and what waits (the posting, the evidence the round requires), by the one clock.
  const now = today();
  const withoutEvidence = criteriaWithoutEvidence(
    ruleSet.definition.criteria,
    (entry?.evidence_rows ?? []).map((r) => r.criterion_code as string),
  );
  const options = actionOptions(state, actors, {
    postingTo: entry?.posting_to ?? null,
    today: now,
    requireEvidence: round.require_evidence,
    withoutEvidence,
  });
  const sectors = reviewSectors(user, unit);
  // The current submission is among those read above (no second read of its values and result).
  const lastSubmission = entry && entry.submissions ? lastSubmissionRow : undefined;
  // Withheld as everywhere else: each submission as the values stood when it was sent, the appraiser's
  // figures judged against the submission they correct, sharing what is unchanged.
  const lens = lensOf(user, unit, ruleSet.definition);
  const timeline = await timelineOf(db, lens, assessment?.id ?? null);
  const sent: InputValues = lastSubmission?.values ?? {};
  const hiddenSent = lastSubmission ? timeline.takenAt(lastSubmission.submitted_at, sent) : new Set<string>();
  const hiddenBefore = before ? timeline.takenAt(before.submittedAt, before.values) : new Set<string>();
  const appraiserValues = (entry?.appraiser_values ?? null) as Record<string, InputValue> | null;
  const hiddenAppraiser = appraiserValues
    ? lens.after({ values: sent, hidden: hiddenSent }, { ...sent, ...appraiserValues })
    : new Set<string>();
  const changes = before
    ? diffValues(before.values, sent).map((c) => ({
        code: c.code,
        before: hiddenBefore.has(c.code) ? SUPPRESSED : c.before,
        after: hiddenSent.has(c.code) ? SUPPRESSED : c.after,
      }))
    : [];
  return {
    round: roundView(round),
    unit: { id: unit.id, code: unit.code, name: unit.name, category: unit.category },
    assessmentId: assessment?.id ?? null,
    ruleSet: { id: ruleSet.id, code: ruleSet.code, version: ruleSet.version },
    entry: {
      id: entry?.id ?? null,
      state,
      submissions: entry?.submissions ?? 0,
      council: entry?.council ?? [],
      meetingOn: entry?.meeting_on ?? null,
      meetingPlace: entry?.meeting_place ?? '',
      meetingSummary: entry?.meeting_summary ?? '',
      postingFrom: entry?.posting_from ?? null,
      postingTo: entry?.posting_to ?? null,
      decision,
    },
    actions: options.filter((o) => !o.hold).map((o) => o.action),
    held: options.flatMap(({ action, hold }) =>
      hold
        ? [
            {
              action,
              reason: hold.reason,
              from: hold.reason === 'posting_not_over' ? hold.from : null,
              criteria: hold.reason === 'evidence_required' ? hold.criteria : [],
            },
          ]
        : [],
    ),
    due: OWES_DOSSIER.includes(state) ? dueStatusOf(round.dossier_due, now) : null,
    evidence: { required: round.require_evidence, without: withoutEvidence },
    actors,
    editable,
    reopenedInputs: editable === 'returned_only' ? [...reopenedInputs(ruleSet.definition, returned)] : [],
    items,
    reviewSectors: sectors === 'all' ? 'all' : [...sectors],
    reviews,
    submissions,
    lastSubmission: lastSubmission
      ? {
          values: discloseValues(sent as Record<string, InputValue>, hiddenSent),
          result: discloseResult(lastSubmission.result as ScoreResult, hiddenSent),
        }
      : null,
    changes,
    appraiser: appraiserValues
      ? {
          values: discloseValues(appraiserValues, hiddenAppraiser),
          result: discloseResult(entry!.appraiser_result as ScoreResult | null, hiddenAppraiser),
        }
      : null,
    transitions,
  };
}

export interface CouncilInput {
  members: CouncilMember[];
  meetingOn: string | null;
  meetingPlace: string;
  meetingSummary: string;
}

/** The commune's self-assessment council and its meeting (a meeting not in the future); the dossier after. */
export async function saveEntryCouncil(
  db: Db,
  user: SessionUser,
  roundId: number,
  unitId: number,
  input: CouncilInput,
  meta: Meta,
): Promise<EntryView> {
  const unit = await loadUnitInScope(db, user, unitId, COMMUNE_ROLES);
  if (input.meetingOn && input.meetingOn > today())
    throw new Refusal('invalid', 'rounds:error.meeting_in_future', { value: input.meetingOn });
  const entryId = await ensureEntry(db, roundId, unitId);
  await saveCouncil(db, entryId, user, input, meta);
  return entryView(db, user, roundId, unitId, { unit });
}

/** Moves a commune's dossier by one transition of the state machine; the dossier after. */
export async function moveEntry(
  db: Db,
  user: SessionUser,
  roundId: number,
  unitId: number,
  input: { action: string; comment?: string },
  meta: Meta,
): Promise<EntryView> {
  // The commune and its entry's id in one statement; the entry is made only when there is none yet.
  const found = await db
    .selectFrom('unit')
    .select(['id', 'code', 'name', 'category', 'parent_id', 'level'])
    .select((eb) =>
      eb
        .selectFrom('round_entry as e')
        .select('e.id')
        .where('e.round_id', '=', roundId)
        .whereRef('e.unit_id', '=', 'unit.id')
        .as('entry_id'),
    )
    .where('id', '=', unitId)
    .executeTakeFirst();
  const unit = unitInScope(user, found, unitId);
  const entryId = unit.entry_id ?? (await ensureEntry(db, roundId, unitId));
  await transition(db, entryId, user, input, meta);
  return entryView(db, user, roundId, unitId, { unit });
}

/** Accepts or returns one item of the current submission; the dossier after. */
export async function reviewEntryItem(
  db: Db,
  user: SessionUser,
  entryId: number,
  itemCode: string,
  input: { decision: ReviewDecision; reason?: string },
  meta: Meta,
): Promise<EntryView> {
  const { entry, unit } = await entryInScope(db, user, entryId);
  await reviewItem(db, entry.id, itemCode, user, input, meta);
  return entryView(db, user, entry.round_id, entry.unit_id, { unit });
}

/** Withdraws a return not sent yet (by the appraiser or the item's sector); the dossier after. */
export async function withdrawEntryReturn(
  db: Db,
  user: SessionUser,
  entryId: number,
  itemCode: string,
  meta: Meta,
): Promise<EntryView> {
  const { entry, unit } = await entryInScope(db, user, entryId);
  await withdrawReturn(db, entry.id, itemCode, user, meta);
  return entryView(db, user, entry.round_id, entry.unit_id, { unit });
}

/** Sends every return gathered on the dossier to the commune at once, by the appraiser; the dossier after. */
export async function sendEntryReturns(db: Db, user: SessionUser, entryId: number, meta: Meta): Promise<EntryView> {
  const { entry, unit } = await entryInScope(db, user, entryId);
  await sendReturns(db, entry.id, user, meta);
  return entryView(db, user, entry.round_id, entry.unit_id, { unit });
}

/** The appraiser's own corrected values, by an appraiser of the commune's province; the dossier after. */
export async function saveEntryAppraiserValues(
  db: Db,
  user: SessionUser,
  entryId: number,
  values: Record<string, number | boolean>,
  meta: Meta,
): Promise<EntryView> {
  const { entry, unit } = await entryInScope(db, user, entryId);
  if (!actorsFor(user, unit).includes('appraiser')) throw forbidden();
  await saveAppraiserValues(db, entry.id, user, values, meta);
  return entryView(db, user, entry.round_id, entry.unit_id, { unit });
}

const decisionView = (d: {
  id: number;
  number: string;
  signed_on: string;
  signer_name: string;
  signer_title: string;
  issuer_group_id: number | null;
  issuer_group_name: string | null;
}): Decision => ({
  id: d.id,
  number: d.number,
  signedOn: d.signed_on,
  signerName: d.signer_name,
  signerTitle: d.signer_title,
  issuerGroupId: d.issuer_group_id,
  issuerGroupName: d.issuer_group_name,
});

export interface DecisionInput {
  number: string;
  signedOn: string;
  signerName: string;
  signerTitle?: string;
  entryIds: number[];
}

/** Records a recognition decision, by a signer of the round's province, over appraised communes that pass. */
export async function signDecision(
  db: Db,
  user: SessionUser,
  roundId: number,
  input: DecisionInput,
  meta: Meta,
): Promise<Decision> {
  const round = await loadRound(db, roundId);
  // The signer of this round's province only: another province's signer learns nothing of its decisions.
  if (!user.roles.some((x) => x.role === 'signer' && x.unitId === round.province_id)) throw forbidden();
  const issues = decisionFactIssues(input);
  if (issues.length) throw new Refusal('invalid', issues[0]!.message.key, issues[0]!.message.params, issues);
  const id = await recordDecision(
    db,
    round.id,
    user,
    { ...input, signerTitle: input.signerTitle ?? round.signer_title },
    meta,
  );
  return decisionView(
    await db
      .selectFrom('recognition_decision')
      .selectAll()
      .select(decisionIssuerName)
      .where('id', '=', id)
      .executeTakeFirstOrThrow(),
  );
}

export async function listDecisions(db: Db, user: SessionUser, roundId: number): Promise<{ items: Decision[] }> {
  const round = await readableRound(db, user, roundId);
  const rows = await db
    .selectFrom('recognition_decision')
    .selectAll()
    .select(decisionIssuerName)
    .where('round_id', '=', round.id)
    .orderBy('id')
    .execute();
  return { items: rows.map(decisionView) };
}

/** The round's four dates as an iCalendar file, titled in the reader's language, with reminders and revisions. */
export async function roundCalendar(
  db: Db,
  user: SessionUser,
  roundId: number,
  locale: Locale,
): Promise<{ fileName: string; ics: string }> {
  const round = await readableRound(db, user, roundId);
  const view = roundView(round);
  const ics = roundIcs(
    {
      id: round.id,
      title: round.title,
      dates: view,
      sequence: round.calendar_sequence,
      modifiedAt: new Date(round.calendar_modified_at),
      createdAt: new Date(round.created_at),
    },
    await workingDaysOf(db),
    locale,
  );
  return { fileName: `round-${round.id}.ics`, ics };
}

/** What is due and overdue for this user: each open round's step whose waiting communes are theirs to move. */
export async function myDeadlines(db: Db, user: SessionUser): Promise<Deadlines> {
  const now = today();
  const rounds = await db.selectFrom('round').selectAll().where('status', '=', 'open').execute();
  const items: Deadlines['items'] = [];
  for (const round of rounds) {
    for (const step of DEADLINE_STEPS) {
      const units = await waitingUnits(db, round, step);
      const waiting = units.filter((u) => actorsFor(user, u).some((a) => (step.roles as string[]).includes(a)));
      if (!waiting.length) continue;
      const due = round[step.column];
      items.push({
        roundId: round.id,
        title: round.title,
        kind: step.kind,
        due,
        status: dueStatus(due, now),
        units: waiting.map((u) => ({ id: u.id, name: u.name, state: u.state })),
      });
    }
  }
  return { today: now, items: items.sort((a, b) => a.due.localeCompare(b.due)) };
}

/** The user's latest 50 notifications, newest first. */
export async function myNotifications(db: Db, user: SessionUser): Promise<{ items: AppNotification[] }> {
  const rows = await db
    .selectFrom('notification')
    .selectAll()
    .where('user_id', '=', user.id)
    .orderBy('id', 'desc')
    .limit(50)
    .execute();
  return {
    items: rows.map((n) => ({
      id: Number(n.id),
      kind: n.kind,
      message: n.message,
      link: n.link,
      createdAt: new Date(n.created_at).toISOString(),
      read: n.read_at !== null,
    })),
  };
}

/** Marks one of the user's notifications read (someone else's is left alone, silently). */
export async function markNotificationRead(db: Db, user: SessionUser, id: number): Promise<{ ok: true }> {
  await db
    .updateTable('notification')
    .set({ read_at: new Date() })
    .where('id', '=', String(id))
    .where('user_id', '=', user.id)
    .execute();
  return { ok: true };
}
