// Assessment rounds: configuration by the province, registration, each commune's dossier and its
// transitions, item reviews, the appraiser's score, the recognition decision, deadlines.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createEvents, type EventAttributes } from 'ics';
import { DEADLINE_STEPS, dueStatus, waitingUnits } from './deadlines.ts';
import { availableActions, communeMayEdit, type EntryState } from '../../../core/workflow/round-entry.ts';
import { diffValues, reopenedInputs, reviewItems } from '../../../core/workflow/review.ts';
import { discloseResult, discloseValues, SUPPRESSED } from '../../../core/privacy/disclosure.ts';
import type { ScoreResult } from '../../../core/scoring/engine.ts';
import type { InputValues } from '../../../core/scoring/validate.ts';
import { AppError, forbidden, notFound, requestLocale } from '../../http/errors.ts';
import { BodyId, Id } from '../../http/schemas.ts';
import { writeAudit } from '../audit/audit.ts';
import { COMMUNE_ROLES, communeScope, loadUnitInScope, provinceScope, requireRole, requireUser } from '../auth/scope.ts';
import type { SessionUser } from '../auth/users.ts';
import { ensurePeriod } from '../assessments/store.ts';
import { lensOf, timelineOf } from '../assessments/disclosure.ts';
import { latestPublished, loadRuleSet } from '../rule-sets/store.ts';
import {
  actorsFor,
  defaultCalendar,
  ensureEntry,
  loadRound,
  recordDecision,
  reviewItem,
  reviewSectors,
  saveAppraiserValues,
  saveCouncil,
  today,
  transition,
} from './store.ts';

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'yyyy-mm-dd');
const Text = (max: number) => z.string().trim().max(max);

const RoundBody = z.object({
  provinceId: BodyId,
  year: z.number().int().min(2019).max(2100),
  title: Text(300).optional(),
  ruleSetId: BodyId.optional(),
  dossierDue: IsoDate.optional(),
  appraisalDue: IsoDate.optional(),
  decisionDue: IsoDate.optional(),
  reportDue: IsoDate.optional(),
  postingDays: z.number().int().min(1).max(60).optional(),
  appraisingBody: Text(300).min(1),
  signerTitle: Text(200).min(1),
  signerName: Text(200).optional(),
});

const meta = (request: FastifyRequest) => ({ ip: request.ip, locale: requestLocale(request) });

function describeRound(r: Awaited<ReturnType<typeof loadRound>>) {
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
    appraisingBody: r.appraising_body,
    signerTitle: r.signer_title,
    signerName: r.signer_name,
    status: r.status,
  };
}

/** Whether the user may configure rounds of this province (its province official; not the administrator). */
function mayConfigure(user: SessionUser, provinceId: number) {
  return user.roles.some((r) => r.role === 'province_official' && r.unitId === provinceId);
}

export async function roundRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = app.db;

  const readableRound = async (user: SessionUser, id: number) => {
    const round = await loadRound(db, id);
    const provinces = provinceScope(user);
    const communes = communeScope(user);
    if (provinces !== null && !provinces.includes(round.province_id)) {
      if (!communes.length) throw forbidden();
      const mine = await db.selectFrom('unit').select('id').where('id', 'in', communes).where('parent_id', '=', round.province_id).execute();
      if (!mine.length) throw forbidden();
    }
    return round;
  };

  const entryInScope = async (user: SessionUser, entryId: number) => {
    const entry = await db.selectFrom('round_entry').selectAll().where('id', '=', entryId).executeTakeFirst();
    if (!entry) throw notFound('round_entry', entryId);
    const unit = await loadUnitInScope(db, user, entry.unit_id);
    return { entry, unit };
  };

  r.post('/api/rounds', { schema: { tags: ['rounds'], summary: 'Mở đợt đánh giá / Open an assessment round', body: RoundBody } }, async (request) => {
    const user = requireUser(request.user);
    const b = request.body;
    if (!mayConfigure(user, b.provinceId)) throw forbidden();
    const province = await db.selectFrom('unit').select(['id', 'name', 'level']).where('id', '=', b.provinceId).executeTakeFirst();
    if (!province || province.level !== 'province') throw notFound('province', b.provinceId);
    const calendar = { ...defaultCalendar(b.year), ...Object.fromEntries(Object.entries({ dossierDue: b.dossierDue, appraisalDue: b.appraisalDue, decisionDue: b.decisionDue, reportDue: b.reportDue }).filter(([, v]) => v)) };
    if (!(calendar.dossierDue <= calendar.appraisalDue && calendar.appraisalDue <= calendar.decisionDue && calendar.decisionDue <= calendar.reportDue))
      throw new AppError(400, 'rounds:error.calendar_order', calendar);
    const ruleSet = b.ruleSetId ? await loadRuleSet(db, b.ruleSetId) : await latestPublished(db);
    if (ruleSet.status !== 'published') throw new AppError(400, 'rounds:error.rule_set_draft', { id: ruleSet.id });
    const periodId = await ensurePeriod(db, b.year);
    const id = await db.transaction().execute(async (trx) => {
      const dup = await trx.selectFrom('round').select('id').where('province_id', '=', b.provinceId).where('period_id', '=', periodId).executeTakeFirst();
      if (dup) throw new AppError(409, 'rounds:error.round_exists', { id: dup.id, year: b.year });
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
          appraising_body: b.appraisingBody,
          signer_title: b.signerTitle,
          signer_name: b.signerName ?? '',
          created_by: user.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await writeAudit(trx, { userId: user.id, action: 'open', entity: 'round', entityId: id, after: b, ip: request.ip });
      return id;
    });
    return describeRound(await loadRound(db, id));
  });

  r.put(
    '/api/rounds/:id',
    { schema: { tags: ['rounds'], summary: 'Sửa cấu hình đợt / Edit a round', params: z.object({ id: Id }), body: RoundBody.omit({ provinceId: true, year: true, ruleSetId: true }).partial() } },
    async (request) => {
      const user = requireUser(request.user);
      const round = await loadRound(db, request.params.id);
      if (!mayConfigure(user, round.province_id)) throw forbidden();
      const b = request.body;
      const next = {
        title: b.title ?? round.title,
        dossier_due: b.dossierDue ?? round.dossier_due,
        appraisal_due: b.appraisalDue ?? round.appraisal_due,
        decision_due: b.decisionDue ?? round.decision_due,
        report_due: b.reportDue ?? round.report_due,
        posting_days: b.postingDays ?? round.posting_days,
        appraising_body: b.appraisingBody ?? round.appraising_body,
        signer_title: b.signerTitle ?? round.signer_title,
        signer_name: b.signerName ?? round.signer_name,
      };
      if (!(next.dossier_due <= next.appraisal_due && next.appraisal_due <= next.decision_due && next.decision_due <= next.report_due))
        throw new AppError(400, 'rounds:error.calendar_order', { dossierDue: next.dossier_due, appraisalDue: next.appraisal_due, decisionDue: next.decision_due, reportDue: next.report_due });
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('round').set(next).where('id', '=', round.id).execute();
        await writeAudit(trx, { userId: user.id, action: 'edit', entity: 'round', entityId: round.id, before: describeRound(round), after: next, ip: request.ip });
      });
      return describeRound(await loadRound(db, round.id));
    },
  );

  r.get('/api/rounds', { schema: { tags: ['rounds'], summary: 'Các đợt đánh giá trong phạm vi / Rounds in scope' } }, async (request) => {
    const user = requireUser(request.user);
    const provinces = provinceScope(user);
    let q = db.selectFrom('round').selectAll().orderBy('id', 'desc');
    if (provinces !== null) {
      const communeProvinces = communeScope(user).length
        ? (await db.selectFrom('unit').select('parent_id').where('id', 'in', communeScope(user)).execute()).map((u) => u.parent_id as number)
        : [];
      const ids = [...provinces, ...communeProvinces];
      if (!ids.length) return { items: [] };
      q = q.where('province_id', 'in', ids);
    }
    return { items: (await q.execute()).map(describeRound) };
  });

  r.get('/api/rounds/:id', { schema: { tags: ['rounds'], summary: 'Một đợt và hồ sơ các xã / A round and its dossiers', params: z.object({ id: Id }) } }, async (request) => {
    const user = requireUser(request.user);
    const round = await readableRound(user, request.params.id);
    const period = await db.selectFrom('period').select('year').where('id', '=', round.period_id).executeTakeFirstOrThrow();
    const termStart = period.year - ((period.year - 2021) % 5 + 5) % 5;
    let q = db
      .selectFrom('unit as u')
      .leftJoin('round_entry as e', (j) => j.onRef('e.unit_id', '=', 'u.id').on('e.round_id', '=', round.id))
      .leftJoin('assessment as a', (j) => j.onRef('a.unit_id', '=', 'u.id').on('a.period_id', '=', round.period_id))
      .leftJoin('registration as g', (j) => j.onRef('g.unit_id', '=', 'u.id').on('g.term_start', '=', termStart))
      .leftJoin('recognition_decision as d', 'd.id', 'e.decision_id')
      .select(['u.id as unitId', 'u.code', 'u.name', 'u.category', 'e.id as entryId', 'e.state', 'e.submissions', 'e.posting_to', 'a.total', 'a.recognized', 'g.registered_at', 'd.number as decisionNumber'])
      .where('u.parent_id', '=', round.province_id)
      .where('u.level', '=', 'commune')
      .where('u.valid_to', 'is', null)
      .orderBy('u.name');
    const provinces = provinceScope(user);
    if (provinces !== null && !provinces.includes(round.province_id)) q = q.where('u.id', 'in', communeScope(user));
    const rows = await q.execute();
    return {
      round: describeRound(round),
      year: period.year,
      term: { start: termStart, end: termStart + 4 },
      entries: rows.map((e) => ({
        unitId: e.unitId,
        code: e.code,
        name: e.name,
        category: e.category,
        entryId: e.entryId,
        state: e.state ?? 'draft',
        submissions: e.submissions ?? 0,
        total: e.total ?? null,
        recognizedByScore: e.recognized ?? false,
        registered: e.registered_at !== null,
        decisionNumber: e.decisionNumber,
        overdue: (e.state ?? 'draft') !== 'submitted' && ['draft', 'self_assessed', 'posted', 'returned'].includes(e.state ?? 'draft') && round.dossier_due < today(),
      })),
    };
  });

  r.post(
    '/api/units/:unitId/registrations',
    {
      schema: {
        tags: ['rounds'],
        summary: 'Xã đăng ký xây dựng xã phù hợp với trẻ em (5 năm) / A commune registers for a five-year period',
        params: z.object({ unitId: Id }),
        body: z.object({ termStart: z.number().int().min(2016).max(2096), documentRef: Text(300).min(1) }),
      },
    },
    async (request) => {
      const user = requireUser(request.user);
      const unit = await loadUnitInScope(db, user, request.params.unitId, COMMUNE_ROLES);
      if ((request.body.termStart - 2021) % 5 !== 0) throw new AppError(400, 'rounds:error.term_start', { value: request.body.termStart });
      const id = await db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('registration')
          .values({ unit_id: unit.id, term_start: request.body.termStart, term_end: request.body.termStart + 4, document_ref: request.body.documentRef, registered_by: user.id })
          .onConflict((oc) => oc.columns(['unit_id', 'term_start']).doNothing())
          .returning('id')
          .executeTakeFirst();
        if (!row) throw new AppError(409, 'rounds:error.already_registered', { term: `${request.body.termStart}–${request.body.termStart + 4}` });
        await writeAudit(trx, { userId: user.id, action: 'register', entity: 'unit', entityId: unit.id, after: request.body, ip: request.ip });
        return row.id;
      });
      return { id, unitId: unit.id, termStart: request.body.termStart, termEnd: request.body.termStart + 4, documentRef: request.body.documentRef };
    },
  );

  const entryView = async (user: SessionUser, roundId: number, unitId: number) => {
    const round = await readableRound(user, roundId);
    const unit = await loadUnitInScope(db, user, unitId);
    if (unit.parent_id !== round.province_id) throw notFound('round_entry', `${roundId}/${unitId}`);
    const entry = await db.selectFrom('round_entry').selectAll().where('round_id', '=', roundId).where('unit_id', '=', unitId).executeTakeFirst();
    const actors = actorsFor(user, unit);
    const state = (entry?.state ?? 'draft') as EntryState;
    const assessment = await db.selectFrom('assessment').select(['id', 'rule_set_id']).where('unit_id', '=', unitId).where('period_id', '=', round.period_id).executeTakeFirst();
    const ruleSet = await loadRuleSet(db, assessment?.rule_set_id ?? round.rule_set_id);
    const items = reviewItems(ruleSet.definition);
    let reviews: Array<{ itemCode: string; sector: string; decision: string; reason: string; reviewerName: string | null; reviewedAt: string }> = [];
    let submissions: Array<{ number: number; submittedAt: string; total: number; recognized: boolean }> = [];
    let before: { values: InputValues; submittedAt: Date } | null = null;
    let transitions: Array<{ action: string; fromState: string; toState: string; actorName: string | null; comment: string; at: string }> = [];
    let decision: { number: string; signedOn: string } | null = null;
    let lastSubmissionRow: { values: InputValues; result: unknown; submitted_at: Date } | undefined;
    if (entry) {
      reviews = (
        await db
          .selectFrom('item_review as r')
          .leftJoin('app_user as u', 'u.id', 'r.reviewer_id')
          .select(['r.item_code', 'r.sector', 'r.decision', 'r.reason', 'u.full_name', 'r.reviewed_at'])
          .where('r.entry_id', '=', entry.id)
          .where('r.submission_number', '=', entry.submissions)
          .execute()
      ).map((x) => ({ itemCode: x.item_code, sector: x.sector, decision: x.decision, reason: x.reason, reviewerName: x.full_name, reviewedAt: new Date(x.reviewed_at).toISOString() }));
      const subs = await db.selectFrom('round_submission').select(['number', 'submitted_at', 'values', 'result']).where('entry_id', '=', entry.id).orderBy('number').execute();
      submissions = subs.map((s) => ({ number: s.number, submittedAt: new Date(s.submitted_at).toISOString(), total: (s.result as { total: number }).total, recognized: (s.result as { recognized: boolean }).recognized }));
      const previous = subs.at(-2);
      if (previous) before = { values: previous.values, submittedAt: previous.submitted_at };
      lastSubmissionRow = subs.find((s) => s.number === entry.submissions);
      transitions = (
        await db
          .selectFrom('entry_transition as t')
          .leftJoin('app_user as u', 'u.id', 't.actor_id')
          .select(['t.action', 't.from_state', 't.to_state', 'u.full_name', 't.comment', 't.at'])
          .where('t.entry_id', '=', entry.id)
          .orderBy('t.id', 'desc')
          .execute()
      ).map((x) => ({ action: x.action, fromState: x.from_state, toState: x.to_state, actorName: x.full_name, comment: x.comment, at: new Date(x.at).toISOString() }));
      if (entry.decision_id) {
        const d = await db.selectFrom('recognition_decision').select(['number', 'signed_on']).where('id', '=', entry.decision_id).executeTakeFirst();
        if (d) decision = { number: d.number, signedOn: d.signed_on };
      }
    }
    const returned = reviews.filter((x) => x.decision === 'returned').map((x) => x.itemCode);
    const editable = communeMayEdit(state);
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
    const appraiserValues = (entry?.appraiser_values ?? null) as InputValues | null;
    const hiddenAppraiser = appraiserValues ? lens.after({ values: sent, hidden: hiddenSent }, { ...sent, ...appraiserValues }) : new Set<string>();
    const changes = before
      ? diffValues(before.values, sent).map((c) => ({ code: c.code, before: hiddenBefore.has(c.code) ? SUPPRESSED : c.before, after: hiddenSent.has(c.code) ? SUPPRESSED : c.after }))
      : [];
    return {
      round: describeRound(round),
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
      actions: availableActions(state, actors).filter((a) => a !== 'recognize' && a !== 'return_item'),
      actors,
      editable,
      reopenedInputs: editable === 'returned_only' ? [...reopenedInputs(ruleSet.definition, returned)] : [],
      items,
      reviewSectors: sectors === 'all' ? 'all' : [...sectors],
      reviews,
      submissions,
      lastSubmission: lastSubmission ? { values: discloseValues(sent, hiddenSent), result: discloseResult(lastSubmission.result as ScoreResult, hiddenSent) } : null,
      changes,
      appraiser: appraiserValues ? { values: discloseValues(appraiserValues, hiddenAppraiser), result: discloseResult(entry!.appraiser_result as ScoreResult | null, hiddenAppraiser) } : null,
      transitions,
    };
  };

  const RoundUnit = z.object({ id: Id, unitId: Id });

  r.get('/api/rounds/:id/entries/:unitId', { schema: { tags: ['rounds'], summary: 'Hồ sơ của một xã trong đợt / A commune’s dossier in a round', params: RoundUnit } }, async (request) =>
    entryView(requireUser(request.user), request.params.id, request.params.unitId),
  );

  r.put(
    '/api/rounds/:id/entries/:unitId/council',
    {
      schema: {
        tags: ['rounds'],
        summary: 'Hội đồng tự đánh giá và cuộc họp / Self-assessment council and meeting',
        params: RoundUnit,
        body: z.object({
          members: z.array(z.object({ name: Text(200).min(1), position: Text(200), role: Text(200).min(1) })).max(30),
          meetingOn: IsoDate.nullable(),
          meetingPlace: Text(300),
          meetingSummary: Text(5000),
        }),
      },
    },
    async (request) => {
      const user = requireUser(request.user);
      await loadUnitInScope(db, user, request.params.unitId, COMMUNE_ROLES);
      if (request.body.meetingOn && request.body.meetingOn > today()) throw new AppError(400, 'rounds:error.meeting_in_future', { value: request.body.meetingOn });
      const entryId = await ensureEntry(db, request.params.id, request.params.unitId);
      await saveCouncil(db, entryId, user, request.body, { ip: request.ip });
      return entryView(user, request.params.id, request.params.unitId);
    },
  );

  r.post(
    '/api/rounds/:id/entries/:unitId/transitions',
    {
      schema: {
        tags: ['rounds'],
        summary: 'Chuyển bước hồ sơ (tự đánh giá, công khai, nộp, thẩm định, …) / Move a dossier to its next state',
        params: RoundUnit,
        body: z.object({ action: z.string().max(40), comment: Text(2000).optional() }),
      },
    },
    async (request) => {
      const user = requireUser(request.user);
      await loadUnitInScope(db, user, request.params.unitId);
      const entryId = await ensureEntry(db, request.params.id, request.params.unitId);
      await transition(db, entryId, user, { action: request.body.action as never, comment: request.body.comment }, meta(request));
      return entryView(user, request.params.id, request.params.unitId);
    },
  );

  r.put(
    '/api/round-entries/:entryId/reviews/:itemCode',
    {
      schema: {
        tags: ['rounds'],
        summary: 'Chấp nhận hoặc trả lại một chỉ tiêu (kèm lý do) / Accept or return one item (with a reason)',
        params: z.object({ entryId: Id, itemCode: z.string().max(64) }),
        body: z.object({ decision: z.enum(['accepted', 'returned']), reason: Text(2000).optional() }),
      },
    },
    async (request) => {
      const user = requireUser(request.user);
      const { entry } = await entryInScope(user, request.params.entryId);
      await reviewItem(db, entry.id, request.params.itemCode, user, request.body, meta(request));
      return entryView(user, entry.round_id, entry.unit_id);
    },
  );

  r.put(
    '/api/round-entries/:entryId/appraiser-values',
    {
      schema: {
        tags: ['rounds'],
        summary: 'Điểm thẩm định của cấp trên (nếu khác) / The appraiser’s corrected values',
        params: z.object({ entryId: Id }),
        body: z.object({ values: z.record(z.string().max(64), z.union([z.number(), z.boolean()])) }),
      },
    },
    async (request) => {
      const user = requireUser(request.user);
      const { entry, unit } = await entryInScope(user, request.params.entryId);
      if (!actorsFor(user, unit).includes('appraiser')) throw forbidden();
      await saveAppraiserValues(db, entry.id, user, request.body.values, meta(request));
      return entryView(user, entry.round_id, entry.unit_id);
    },
  );

  r.post(
    '/api/rounds/:id/decisions',
    {
      schema: {
        tags: ['rounds'],
        summary: 'Quyết định công nhận / Recognition decision',
        params: z.object({ id: Id }),
        body: z.object({
          number: z.string().trim().min(1).max(60),
          signedOn: IsoDate,
          signerName: Text(200).min(1),
          signerTitle: Text(200).optional(),
          entryIds: z.array(BodyId).min(1).max(500),
        }),
      },
    },
    async (request) => {
      const user = requireRole(request.user, 'signer');
      const round = await loadRound(db, request.params.id);
      // The signer of this round's province only: another province's signer learns nothing of its decisions.
      if (!user.roles.some((x) => x.role === 'signer' && x.unitId === round.province_id)) throw forbidden();
      if (request.body.signedOn > today()) throw new AppError(400, 'rounds:error.signed_in_future', { value: request.body.signedOn });
      const id = await recordDecision(db, round.id, user, { ...request.body, signerTitle: request.body.signerTitle ?? round.signer_title }, meta(request));
      const d = await db.selectFrom('recognition_decision').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      return { id, number: d.number, signedOn: d.signed_on, signerName: d.signer_name, signerTitle: d.signer_title };
    },
  );

  r.get('/api/rounds/:id/decisions', { schema: { tags: ['rounds'], summary: 'Các quyết định của đợt / Decisions of a round', params: z.object({ id: Id }) } }, async (request) => {
    const user = requireUser(request.user);
    const round = await readableRound(user, request.params.id);
    const rows = await db.selectFrom('recognition_decision').selectAll().where('round_id', '=', round.id).orderBy('id').execute();
    return { items: rows.map((d) => ({ id: d.id, number: d.number, signedOn: d.signed_on, signerName: d.signer_name, signerTitle: d.signer_title })) };
  });

  r.get('/api/rounds/:id/calendar.ics', { schema: { tags: ['rounds'], summary: 'Lịch của đợt (.ics) / The round’s dates as a calendar', params: z.object({ id: Id }) } }, async (request, reply) => {
    const user = requireUser(request.user);
    const round = await readableRound(user, request.params.id);
    const t = (await import('../../../i18n/index.ts')).translator(requestLocale(request));
    const day = (iso: string): [number, number, number] => iso.split('-').map(Number) as [number, number, number];
    const events: EventAttributes[] = (['dossierDue', 'appraisalDue', 'decisionDue', 'reportDue'] as const).map((k) => {
      const date = describeRound(round)[k];
      return { start: day(date), duration: { days: 1 }, title: `${t(`rounds:calendar.${k}`)} — ${round.title}`, uid: `round-${round.id}-${k}@xa-phu-hop-tre-em`, productId: 'xa-phu-hop-tre-em' };
    });
    const { error, value } = createEvents(events);
    if (error || !value) throw error ?? new Error('calendar');
    return reply.header('Content-Type', 'text/calendar; charset=utf-8').header('Content-Disposition', `attachment; filename="round-${round.id}.ics"`).send(value);
  });

  r.get('/api/deadlines', { schema: { tags: ['rounds'], summary: 'Việc đến hạn và quá hạn của tôi / What is due and overdue for me' } }, async (request) => {
    const user = requireUser(request.user);
    const now = today();
    const rounds = await db.selectFrom('round').selectAll().where('status', '=', 'open').execute();
    const items = [];
    for (const round of rounds) {
      for (const step of DEADLINE_STEPS) {
        const units = await waitingUnits(db, round, step);
        const waiting = units.filter((u) => actorsFor(user, u).some((a) => (step.roles as string[]).includes(a)));
        if (!waiting.length) continue;
        const due = round[step.column];
        items.push({ roundId: round.id, title: round.title, kind: step.kind, due, status: dueStatus(due, now), units: waiting.map((u) => ({ id: u.id, name: u.name, state: u.state })) });
      }
    }
    return { today: now, items: items.sort((a, b) => a.due.localeCompare(b.due)) };
  });

  r.get('/api/notifications', { schema: { tags: ['rounds'], summary: 'Thông báo / Notifications' } }, async (request) => {
    const user = requireUser(request.user);
    const rows = await db.selectFrom('notification').selectAll().where('user_id', '=', user.id).orderBy('id', 'desc').limit(50).execute();
    return { items: rows.map((n) => ({ id: Number(n.id), kind: n.kind, message: n.message, link: n.link, createdAt: new Date(n.created_at).toISOString(), read: n.read_at !== null })) };
  });

  r.post('/api/notifications/:id/read', { schema: { tags: ['rounds'], summary: 'Đánh dấu đã đọc / Mark as read', params: z.object({ id: Id }) } }, async (request) => {
    const user = requireUser(request.user);
    await db.updateTable('notification').set({ read_at: new Date() }).where('id', '=', String(request.params.id)).where('user_id', '=', user.id).execute();
    return { ok: true };
  });
}
