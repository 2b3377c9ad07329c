// HTTP routes of children's forums, consultations, their recommendations and answers, and events for children.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requestLocale } from '../../http/errors.ts';
import { BodyId, Id } from '../../http/schemas.ts';
import type { SessionUser } from '../auth/users.ts';
import {
  answerRecommendation,
  createEvent,
  createForum,
  EVENT_KINDS,
  FORUM_KINDS,
  FORUM_LEVELS,
  forumContext,
  listEvents,
  listForums,
  readForum,
  updateForum,
} from './store.ts';

const IsoDate = z.iso.date();
const Commune = z.object({ unitId: Id });
const ForumParams = Commune.extend({ forumId: Id });
// Negative counts pass here and are refused by the store, so that the message names the field in the officer's language.
const Count = z.number().int().max(1_000_000).default(0);
const Range = z.object({ from: IsoDate.optional(), to: IsoDate.optional() });
const tags = ['forums'];

const Recommendation = z.object({
  id: BodyId.optional(),
  text: z.string().max(4000),
  agency: z.string().max(300),
  dueOn: IsoDate.nullable().optional(),
});

const ForumBody = z.object({
  kind: z.enum(FORUM_KINDS),
  level: z.enum(FORUM_LEVELS),
  heldOn: IsoDate,
  title: z.string().max(300),
  note: z.string().max(4000).default(''),
  boysUnder11: Count,
  girlsUnder11: Count,
  boys11to15: Count,
  girls11to15: Count,
  boys16to17: Count,
  girls16to17: Count,
  recommendations: z.array(Recommendation).max(200).optional(),
});

const EventBody = z.object({
  kind: z.enum(EVENT_KINDS),
  heldOn: IsoDate,
  title: z.string().max(300),
  participants: z.number().int().max(1_000_000).default(0),
  note: z.string().max(4000).default(''),
});

export async function forumRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = app.db;
  const ctxOf = (request: { user: SessionUser | null; ip: string }, unitId: number) => forumContext(db, request.user, unitId, request.ip);

  r.get(
    '/api/communes/:unitId/forums',
    { schema: { tags, summary: 'Diễn đàn, lấy ý kiến trẻ em và kiến nghị / Children’s forums, consultations and recommendations', params: Commune, querystring: Range } },
    async (request) => listForums(db, await ctxOf(request, request.params.unitId), request.query),
  );

  r.post(
    '/api/communes/:unitId/forums',
    { schema: { tags, summary: 'Ghi diễn đàn hoặc lấy ý kiến trẻ em / Record a forum or consultation', params: Commune, body: ForumBody } },
    async (request, reply) => {
      const ctx = await ctxOf(request, request.params.unitId);
      const id = await createForum(db, ctx, request.body, requestLocale(request));
      return reply.status(201).send(await readForum(db, ctx, id));
    },
  );

  r.get('/api/communes/:unitId/forums/:forumId', { schema: { tags, summary: 'Một diễn đàn / A forum', params: ForumParams } }, async (request) =>
    readForum(db, await ctxOf(request, request.params.unitId), request.params.forumId),
  );

  r.put(
    '/api/communes/:unitId/forums/:forumId',
    { schema: { tags, summary: 'Sửa diễn đàn và kiến nghị / Edit a forum and its recommendations', params: ForumParams, body: ForumBody } },
    async (request) => {
      const ctx = await ctxOf(request, request.params.unitId);
      await updateForum(db, ctx, request.params.forumId, request.body, requestLocale(request));
      return readForum(db, ctx, request.params.forumId);
    },
  );

  r.put(
    '/api/communes/:unitId/forums/:forumId/recommendations/:recommendationId/answer',
    {
      schema: {
        tags,
        summary: 'Ghi trả lời kiến nghị của trẻ em / Record the answer to a recommendation',
        params: ForumParams.extend({ recommendationId: Id }),
        body: z.object({ answer: z.string().max(8000), answeredOn: IsoDate }),
      },
    },
    async (request) => {
      const ctx = await ctxOf(request, request.params.unitId);
      await answerRecommendation(db, ctx, request.params.forumId, request.params.recommendationId, request.body, requestLocale(request));
      return readForum(db, ctx, request.params.forumId);
    },
  );

  r.get(
    '/api/communes/:unitId/child-events',
    { schema: { tags, summary: 'Hoạt động vui chơi, văn hóa cho trẻ em / Events for children', params: Commune, querystring: Range } },
    async (request) => listEvents(db, await ctxOf(request, request.params.unitId), request.query),
  );

  r.post(
    '/api/communes/:unitId/child-events',
    { schema: { tags, summary: 'Ghi hoạt động cho trẻ em / Record an event for children', params: Commune, body: EventBody } },
    async (request, reply) => {
      const ctx = await ctxOf(request, request.params.unitId);
      return reply.status(201).send(await createEvent(db, ctx, request.body, requestLocale(request)));
    },
  );
}
