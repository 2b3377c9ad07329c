// Assessment rounds: configuration by the province, registration, each commune's dossier and its
// transitions, item reviews, the appraiser's score, the recognition decision, deadlines. Each route
// validates, calls one use case (use-cases.ts) and answers.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors, fileResponse, MIME } from '../../http/contract.ts';
import { idempotent } from '../../http/idempotency.ts';
import { requestLocale } from '../../http/errors.ts';
import { BodyId, Id } from '../../http/schemas.ts';
import { requireRole, requireUser } from '../auth/index.ts';
import {
  DeadlinesBody,
  DecisionBody,
  DecisionListBody,
  EntryViewBody,
  NotificationListBody,
  OkBody,
  RegistrationBody,
  RoundBody,
  RoundDetailBody,
  RoundListBody,
} from './contracts.ts';
import {
  editRound,
  entryView,
  listDecisions,
  listRounds,
  markNotificationRead,
  moveEntry,
  myDeadlines,
  myNotifications,
  openRound,
  registerCommune,
  reviewEntryItem,
  sendEntryReturns,
  withdrawEntryReturn,
  roundCalendar,
  roundDetail,
  saveEntryAppraiserValues,
  saveEntryCouncil,
  signDecision,
} from './use-cases.ts';
import { contentDisposition } from '../../http/attachment.ts';

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'yyyy-mm-dd');
const Text = (max: number) => z.string().trim().max(max);
const tags = ['rounds'];

const RoundInputBody = z.object({
  provinceId: BodyId,
  year: z.number().int().min(2019).max(2100),
  title: Text(300).optional(),
  ruleSetId: BodyId.optional(),
  dossierDue: IsoDate.optional(),
  appraisalDue: IsoDate.optional(),
  decisionDue: IsoDate.optional(),
  reportDue: IsoDate.optional(),
  postingDays: z.number().int().min(1).max(60).optional(),
  requireEvidence: z.boolean().optional(),
  appraisingBody: Text(300).min(1),
  signerTitle: Text(200).min(1),
  signerName: Text(200).optional(),
});

const RoundId = z.object({ id: Id });
const RoundUnit = z.object({ id: Id, unitId: Id });
const meta = (request: { ip: string }) => ({ ip: request.ip });

export async function roundRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = app.db;

  r.post(
    '/api/rounds',
    {
      schema: {
        operationId: 'openRound',
        tags,
        summary: 'Mở đợt đánh giá / Open an assessment round',
        body: RoundInputBody,
        response: { 200: RoundBody, ...errors(409) },
      },
    },
    async (request) => openRound(db, requireUser(request.user), request.body, meta(request)),
  );

  r.put(
    '/api/rounds/:id',
    {
      schema: {
        operationId: 'editRound',
        tags,
        summary: 'Sửa cấu hình đợt / Edit a round',
        params: RoundId,
        body: RoundInputBody.omit({ provinceId: true, year: true, ruleSetId: true }).partial(),
        response: { 200: RoundBody },
      },
    },
    async (request) => editRound(db, requireUser(request.user), request.params.id, request.body, meta(request)),
  );

  r.get(
    '/api/rounds',
    {
      schema: {
        operationId: 'listRounds',
        tags,
        summary: 'Các đợt đánh giá trong phạm vi / Rounds in scope',
        response: { 200: RoundListBody },
      },
    },
    async (request) => listRounds(db, requireUser(request.user)),
  );

  r.get(
    '/api/rounds/:id',
    {
      schema: {
        operationId: 'getRound',
        tags,
        summary: 'Một đợt và hồ sơ các xã / A round and its dossiers',
        params: RoundId,
        response: { 200: RoundDetailBody },
      },
    },
    async (request) => roundDetail(db, requireUser(request.user), request.params.id),
  );

  r.post(
    '/api/units/:unitId/registrations',
    {
      schema: {
        operationId: 'registerCommune',
        tags,
        summary: 'Xã đăng ký xây dựng xã phù hợp với trẻ em (5 năm) / A commune registers for a five-year period',
        params: z.object({ unitId: Id }),
        body: z.object({ termStart: z.number().int().min(2016).max(2096), documentRef: Text(300).min(1) }),
        response: { 200: RegistrationBody, ...errors(409) },
      },
    },
    async (request) =>
      registerCommune(db, requireUser(request.user), request.params.unitId, request.body, meta(request)),
  );

  r.get(
    '/api/rounds/:id/entries/:unitId',
    {
      schema: {
        operationId: 'getRoundEntry',
        tags,
        summary: 'Hồ sơ của một xã trong đợt / A commune’s dossier in a round',
        params: RoundUnit,
        response: { 200: EntryViewBody },
      },
    },
    async (request) => entryView(db, requireUser(request.user), request.params.id, request.params.unitId),
  );

  r.put(
    '/api/rounds/:id/entries/:unitId/council',
    {
      schema: {
        operationId: 'saveEntryCouncil',
        tags,
        summary: 'Hội đồng tự đánh giá và cuộc họp / Self-assessment council and meeting',
        params: RoundUnit,
        body: z.object({
          members: z.array(z.object({ name: Text(200).min(1), position: Text(200), role: Text(200).min(1) })).max(30),
          meetingOn: IsoDate.nullable(),
          meetingPlace: Text(300),
          meetingSummary: Text(5000),
        }),
        response: { 200: EntryViewBody, ...errors(409) },
      },
    },
    async (request) =>
      saveEntryCouncil(
        db,
        requireUser(request.user),
        request.params.id,
        request.params.unitId,
        request.body,
        meta(request),
      ),
  );

  r.post(
    '/api/rounds/:id/entries/:unitId/transitions',
    {
      schema: {
        operationId: 'moveRoundEntry',
        tags,
        summary: 'Chuyển bước hồ sơ (tự đánh giá, công khai, nộp, thẩm định, …) / Move a dossier to its next state',
        params: RoundUnit,
        body: z.object({ action: z.string().max(40), comment: Text(2000).optional() }),
        response: { 200: EntryViewBody, ...errors(409) },
      },
    },
    // A submission retried with its Idempotency-Key (after a 503 or a dropped line) gets the first answer: sent once.
    async (request, reply) =>
      idempotent(db, request, reply, { params: request.params, body: request.body }, async () => ({
        status: 200,
        body: await moveEntry(
          db,
          requireUser(request.user),
          request.params.id,
          request.params.unitId,
          request.body,
          meta(request),
        ),
      })),
  );

  r.put(
    '/api/round-entries/:entryId/reviews/:itemCode',
    {
      schema: {
        operationId: 'reviewEntryItem',
        tags,
        summary: 'Chấp nhận hoặc trả lại một chỉ tiêu (kèm lý do) / Accept or return one item (with a reason)',
        params: z.object({ entryId: Id, itemCode: z.string().max(64) }),
        body: z.object({ decision: z.enum(['accepted', 'returned']), reason: Text(2000).optional() }),
        response: { 200: EntryViewBody, ...errors(409) },
      },
    },
    async (request) =>
      reviewEntryItem(
        db,
        requireUser(request.user),
        request.params.entryId,
        request.params.itemCode,
        request.body,
        meta(request),
      ),
  );

  r.delete(
    '/api/round-entries/:entryId/reviews/:itemCode',
    {
      schema: {
        operationId: 'withdrawEntryReturn',
        tags,
        summary: 'Rút lại việc trả lại một chỉ tiêu chưa gửi cho xã / Withdraw an item’s return not sent yet',
        params: z.object({ entryId: Id, itemCode: z.string().max(64) }),
        response: { 200: EntryViewBody, ...errors(409) },
      },
    },
    async (request) =>
      withdrawEntryReturn(
        db,
        requireUser(request.user),
        request.params.entryId,
        request.params.itemCode,
        meta(request),
      ),
  );

  r.post(
    '/api/round-entries/:entryId/returns',
    {
      schema: {
        operationId: 'sendEntryReturns',
        tags,
        summary:
          'Gửi trả lại xã một lần mọi chỉ tiêu các ngành đã ghi trả lại (cơ quan thẩm định) / Send all gathered returns to the commune at once',
        params: z.object({ entryId: Id }),
        response: { 200: EntryViewBody, ...errors(409) },
      },
    },
    // A retried send with the same Idempotency-Key gets the first answer instead of a refusal.
    async (request, reply) =>
      idempotent(db, request, reply, request.params, async () => ({
        status: 200,
        body: await sendEntryReturns(db, requireUser(request.user), request.params.entryId, meta(request)),
      })),
  );

  r.put(
    '/api/round-entries/:entryId/appraiser-values',
    {
      schema: {
        operationId: 'saveAppraiserValues',
        tags,
        summary: 'Điểm thẩm định của cấp trên (nếu khác) / The appraiser’s corrected values',
        params: z.object({ entryId: Id }),
        body: z.object({ values: z.record(z.string().max(64), z.union([z.number(), z.boolean()])) }),
        response: { 200: EntryViewBody, ...errors(409) },
      },
    },
    async (request) =>
      saveEntryAppraiserValues(
        db,
        requireUser(request.user),
        request.params.entryId,
        request.body.values,
        meta(request),
      ),
  );

  r.post(
    '/api/rounds/:id/decisions',
    {
      schema: {
        operationId: 'signRecognitionDecision',
        tags,
        summary: 'Quyết định công nhận / Recognition decision',
        params: RoundId,
        body: z.object({
          number: z.string().trim().min(1).max(60),
          signedOn: IsoDate,
          signerName: Text(200).min(1),
          signerTitle: Text(200).optional(),
          entryIds: z.array(BodyId).min(1).max(500),
        }),
        response: { 200: DecisionBody, ...errors(409) },
      },
    },
    async (request) =>
      signDecision(db, requireRole(request.user, 'signer'), request.params.id, request.body, meta(request)),
  );

  r.get(
    '/api/rounds/:id/decisions',
    {
      schema: {
        operationId: 'listRecognitionDecisions',
        tags,
        summary: 'Các quyết định của đợt / Decisions of a round',
        params: RoundId,
        response: { 200: DecisionListBody },
      },
    },
    async (request) => listDecisions(db, requireUser(request.user), request.params.id),
  );

  r.get(
    '/api/rounds/:id/calendar.ics',
    {
      schema: {
        operationId: 'getRoundCalendar',
        tags,
        summary: 'Lịch của đợt (.ics) / The round’s dates as a calendar',
        params: RoundId,
        response: { 200: fileResponse('Lịch của đợt (.ics) / The round’s calendar (.ics)', MIME.ics) },
      },
    },
    async (request, reply) => {
      const { fileName, ics } = await roundCalendar(
        db,
        requireUser(request.user),
        request.params.id,
        requestLocale(request),
      );
      // The text itself: the contract describes it as a file, not a JSON body.
      return (reply as FastifyReply)
        .header('Content-Type', 'text/calendar; charset=utf-8')
        .header('Content-Disposition', contentDisposition(fileName))
        .send(ics);
    },
  );

  r.get(
    '/api/deadlines',
    {
      schema: {
        operationId: 'listMyDeadlines',
        tags,
        summary: 'Việc đến hạn và quá hạn của tôi / What is due and overdue for me',
        response: { 200: DeadlinesBody },
      },
    },
    async (request) => myDeadlines(db, requireUser(request.user)),
  );

  r.get(
    '/api/notifications',
    {
      schema: {
        operationId: 'listNotifications',
        tags,
        summary: 'Thông báo / Notifications',
        response: { 200: NotificationListBody },
      },
    },
    async (request) => myNotifications(db, requireUser(request.user)),
  );

  r.post(
    '/api/notifications/:id/read',
    {
      schema: {
        operationId: 'markNotificationRead',
        tags,
        summary: 'Đánh dấu đã đọc / Mark as read',
        params: z.object({ id: Id }),
        response: { 200: OkBody },
      },
    },
    async (request) => markNotificationRead(db, requireUser(request.user), request.params.id),
  );
}
