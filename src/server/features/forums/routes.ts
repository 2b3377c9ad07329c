// HTTP routes of children's forums, consultations, their recommendations and answers, and events for children.
// `:unitId` is a commune, or a province for the province's own (province-level) forums.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../../http/contract.ts';
import { idempotent } from '../../http/idempotency.ts';
import { Id } from '../../http/schemas.ts';
import type { SessionUser } from '../auth/index.ts';
import { AnswerBody, ChildEvent, DayRange, EventBody, Forum, ForumBody } from './contracts.ts';
import {
  answerRecommendation,
  createEvent,
  createForum,
  forumContext,
  listEvents,
  listForums,
  readForum,
  updateForum,
} from './store.ts';

const Commune = z.object({ unitId: Id });
const ForumParams = Commune.extend({ forumId: Id });
const tags = ['forums'];

export async function forumRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = app.db;
  const ctxOf = (request: { user: SessionUser | null; ip: string }, unitId: number) =>
    forumContext(db, request.user, unitId, request.ip);

  r.get(
    '/api/communes/:unitId/forums',
    {
      schema: {
        operationId: 'listForums',
        tags,
        summary:
          'Diễn đàn, lấy ý kiến trẻ em và kiến nghị của xã, hoặc của tỉnh (cấp tỉnh) / Children’s forums, consultations and recommendations of a commune, or a province’s own',
        params: Commune,
        querystring: DayRange,
        response: { 200: z.array(Forum) },
      },
    },
    async (request) => listForums(db, await ctxOf(request, request.params.unitId), request.query),
  );

  r.post(
    '/api/communes/:unitId/forums',
    {
      schema: {
        operationId: 'createForum',
        tags,
        summary: 'Ghi diễn đàn hoặc lấy ý kiến trẻ em / Record a forum or consultation',
        params: Commune,
        body: ForumBody,
        response: { 201: Forum },
      },
    },
    async (request, reply) => {
      const ctx = await ctxOf(request, request.params.unitId);
      // An offline device's outbox replays with the same Idempotency-Key: the forum is recorded once.
      return idempotent(db, request, reply, { params: request.params, body: request.body }, async () => ({
        status: 201,
        body: await createForum(db, ctx, request.body),
      }));
    },
  );

  r.get(
    '/api/communes/:unitId/forums/:forumId',
    {
      schema: {
        operationId: 'readForum',
        tags,
        summary: 'Một diễn đàn / A forum',
        params: ForumParams,
        response: { 200: Forum },
      },
    },
    async (request) => readForum(db, await ctxOf(request, request.params.unitId), request.params.forumId),
  );

  r.put(
    '/api/communes/:unitId/forums/:forumId',
    {
      schema: {
        operationId: 'updateForum',
        tags,
        summary: 'Sửa diễn đàn và kiến nghị / Edit a forum and its recommendations',
        params: ForumParams,
        body: ForumBody,
        response: { 200: Forum, ...errors(409) },
      },
    },
    async (request, reply) => {
      const ctx = await ctxOf(request, request.params.unitId);
      // A replayed edit must not add its new recommendations twice.
      return idempotent(db, request, reply, { params: request.params, body: request.body }, async () => ({
        status: 200,
        body: await updateForum(db, ctx, request.params.forumId, request.body),
      }));
    },
  );

  r.put(
    '/api/communes/:unitId/forums/:forumId/recommendations/:recommendationId/answer',
    {
      schema: {
        operationId: 'answerRecommendation',
        tags,
        summary: 'Ghi trả lời kiến nghị của trẻ em / Record the answer to a recommendation',
        params: ForumParams.extend({ recommendationId: Id }),
        body: AnswerBody,
        response: { 200: Forum },
      },
    },
    async (request, reply) => {
      const { unitId, forumId, recommendationId } = request.params;
      const ctx = await ctxOf(request, unitId);
      return idempotent(db, request, reply, { params: request.params, body: request.body }, async () => ({
        status: 200,
        body: await answerRecommendation(db, ctx, forumId, recommendationId, request.body),
      }));
    },
  );

  r.get(
    '/api/communes/:unitId/child-events',
    {
      schema: {
        operationId: 'listChildEvents',
        tags,
        summary: 'Hoạt động vui chơi, văn hóa cho trẻ em / Events for children',
        params: Commune,
        querystring: DayRange,
        response: { 200: z.array(ChildEvent) },
      },
    },
    async (request) => listEvents(db, await ctxOf(request, request.params.unitId), request.query),
  );

  r.post(
    '/api/communes/:unitId/child-events',
    {
      schema: {
        operationId: 'createChildEvent',
        tags,
        summary: 'Ghi hoạt động cho trẻ em / Record an event for children',
        params: Commune,
        body: EventBody,
        response: { 201: ChildEvent },
      },
    },
    async (request, reply) => {
      const ctx = await ctxOf(request, request.params.unitId);
      // An offline device's outbox replays with the same Idempotency-Key: the event is recorded once.
      return idempotent(db, request, reply, { params: request.params, body: request.body }, async () => ({
        status: 201,
        body: await createEvent(db, ctx, request.body),
      }));
    },
  );
}
