// Public posting: the commune's self-assessment on a page anyone may read and comment on without an
// account; the commune moderates and answers; published comments go into the dossier.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, requestLocale } from '../../http/errors.ts';
import { BodyId, Id } from '../../http/schemas.ts';
import { loadUnitInScope, requireUser } from '../auth/scope.ts';
import { addComment, listComments, moderateComment, publicCommunePage, publicProvincePage, publicProvinces, recognizedCommunes } from './store.ts';

const CommuneCode = z.object({ code: z.string().regex(/^\d{5}$/) });
const EntryParams = z.object({ entryId: Id });
const COMMUNE_SIDE = ['commune_officer', 'commune_chairman'] as const;

export async function publicPostingRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  const entryUnit = async (entryId: number) => {
    const entry = await app.db.selectFrom('round_entry').select(['id', 'unit_id', 'state']).where('id', '=', entryId).executeTakeFirst();
    if (!entry) throw new AppError(404, 'publicPosting:error.round_entry_not_found', { id: entryId });
    return entry;
  };

  r.get(
    '/api/public/communes/:code',
    {
      schema: {
        tags: ['public'],
        summary: 'Trang công khai kết quả tự đánh giá của xã / A commune’s public self-assessment page',
        security: [],
        params: CommuneCode,
      },
    },
    async (request, reply) => {
      const page = await publicCommunePage(app.db, request.params.code);
      reply.header('Cache-Control', 'public, max-age=60');
      return page;
    },
  );

  r.get(
    '/api/public/recognized',
    {
      schema: {
        tags: ['public'],
        summary: 'Danh sách xã, phường được công nhận / Recognised communes',
        security: [],
        querystring: z.object({
          provinceCode: z.string().regex(/^\d{2}$/).optional(),
          year: z.coerce.number().int().min(2019).max(2100).optional(),
        }),
      },
    },
    async (request, reply) => {
      const list = await recognizedCommunes(app.db, request.query);
      reply.header('Cache-Control', 'public, max-age=300');
      return list;
    },
  );

  r.get(
    '/api/public/provinces',
    {
      schema: {
        tags: ['public'],
        summary: 'Các tỉnh, thành phố và tỷ lệ xã được công nhận theo năm / Provinces and their share recognised per year',
        security: [],
      },
    },
    async (_request, reply) => {
      const list = await publicProvinces(app.db);
      reply.header('Cache-Control', 'public, max-age=300');
      return list;
    },
  );

  r.get(
    '/api/public/provinces/:code',
    {
      schema: {
        tags: ['public'],
        summary: 'Trang công khai của tỉnh theo năm / A province’s public page for a year',
        security: [],
        params: z.object({ code: z.string().regex(/^\d{2}$/) }),
        querystring: z.object({ year: z.coerce.number().int().min(2019).max(2100).optional() }),
      },
    },
    async (request, reply) => {
      const page = await publicProvincePage(app.db, request.params.code, request.query.year);
      // Short: the page carries comments, which the communes publish as they go.
      reply.header('Cache-Control', 'public, max-age=60');
      return page;
    },
  );

  r.post(
    '/api/public/communes/:code/comments',
    {
      // First line against floods, kept in memory; the per-address limits in the database are the real ones.
      config: { rateLimit: { max: Number(process.env.PUBLIC_COMMENT_BURST_LIMIT ?? 10), timeWindow: '1 minute' } },
      schema: {
        tags: ['public'],
        summary: 'Gửi ý kiến góp ý (không cần tài khoản) / Leave a comment (no account needed)',
        security: [],
        params: CommuneCode,
        // Length is checked after trimming, with a message naming the length; this bound only stops abuse.
        body: z.object({ entryId: BodyId, body: z.string().max(20_000) }),
      },
    },
    async (request, reply) => {
      const saved = await addComment(app.db, { code: request.params.code, entryId: request.body.entryId, body: request.body.body, address: request.ip, locale: requestLocale(request) });
      return reply.status(201).send(saved);
    },
  );

  r.get(
    '/api/round-entries/:entryId/comments',
    { schema: { tags: ['public-posting'], summary: 'Ý kiến góp ý về hồ sơ (mọi trạng thái) / Comments on an entry (all statuses)', params: EntryParams } },
    async (request) => {
      const user = requireUser(request.user);
      const entry = await entryUnit(request.params.entryId);
      // Everyone who may read the commune sees all comments, hidden ones included (the province can check).
      await loadUnitInScope(app.db, user, entry.unit_id);
      return { items: await listComments(app.db, entry.id) };
    },
  );

  r.put(
    '/api/round-entries/:entryId/comments/:commentId',
    {
      schema: {
        tags: ['public-posting'],
        summary: 'Duyệt, ẩn hoặc trả lời ý kiến / Publish, hide or answer a comment',
        params: EntryParams.extend({ commentId: Id }),
        body: z.object({ status: z.enum(['published', 'hidden']).optional(), answer: z.string().max(20_000).optional() }),
      },
    },
    async (request) => {
      const user = requireUser(request.user);
      const entry = await entryUnit(request.params.entryId);
      await loadUnitInScope(app.db, user, entry.unit_id, [...COMMUNE_SIDE]);
      return moderateComment(app.db, entry.id, request.params.commentId, request.body, { userId: user.id, ip: request.ip, locale: requestLocale(request) });
    },
  );
}
