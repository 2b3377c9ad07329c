// Public posting: the commune's self-assessment on a page anyone may read and comment on without an
// account; the commune moderates and answers; published comments go into the dossier.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors, fileResponse, MIME } from '../../http/contract.ts';
import { attachment } from '../../http/attachment.ts';
import { BodyId, Id } from '../../http/schemas.ts';
import { requireUser } from '../auth/index.ts';
import {
  CommentReceivedBody,
  ModeratedCommentBody,
  ModeratedCommentListBody,
  PublicCommuneBody,
  PublicProvinceListBody,
  PublicProvincePageBody,
  RecognizedListBody,
} from './contracts.ts';
import { addComment, publicCommunePage, publicProvincePage, publicProvinces, recognizedCommunes } from './store.ts';
import { entryComments, moderateEntryComment } from './use-cases.ts';
import { publicTableFile } from './table.ts';
import { config } from '../../platform/config.ts';

const CommuneCode = z.object({ code: z.string().regex(/^\d{5}$/) });
const EntryParams = z.object({ entryId: Id });
const Year = z.coerce.number().int().min(2019).max(2100);

export async function publicPostingRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = app.db;

  r.get(
    '/api/public/communes/:code',
    {
      schema: {
        operationId: 'getPublicCommune',
        tags: ['public'],
        summary: 'Trang công khai kết quả tự đánh giá của xã / A commune’s public self-assessment page',
        security: [],
        params: CommuneCode,
        response: { 200: PublicCommuneBody },
      },
    },
    async (request, reply) => {
      const page = await publicCommunePage(db, request.params.code);
      reply.header('Cache-Control', 'public, max-age=60');
      return page;
    },
  );

  r.get(
    '/api/public/communes/:code/entries/:entryId/self-assessment.pdf',
    {
      // Drawing a PDF costs more than reading a page: a first line against floods, kept in memory.
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        operationId: 'downloadPublicSelfAssessment',
        tags: ['public'],
        summary:
          'Bảng tự đánh giá công khai (.pdf): số liệu và điểm từng tiêu chí / The public self-assessment table (.pdf)',
        description:
          'Carries exactly what getPublicCommune carries for this entry (PublicScore): the figures as entered, ' +
          'sensitive small counts withheld, the points; no council, names or source notes.',
        security: [],
        params: CommuneCode.extend({ entryId: Id }),
        response: {
          200: fileResponse('Bảng tự đánh giá (.pdf) / Self-assessment table (.pdf)', MIME.pdf),
          ...errors(404),
        },
      },
    },
    async (request, reply) => {
      const { code, entryId } = request.params;
      const file = await publicTableFile(db, code, entryId);
      return attachment(reply, `${file.name}.${file.ext}`)
        .header('Content-Type', file.mime)
        .header('Cache-Control', 'public, max-age=60')
        .send(file.body);
    },
  );

  r.get(
    '/api/public/recognized',
    {
      schema: {
        operationId: 'listRecognizedCommunes',
        tags: ['public'],
        summary: 'Danh sách xã, phường được công nhận / Recognised communes',
        security: [],
        querystring: z.object({
          provinceCode: z
            .string()
            .regex(/^\d{2}$/)
            .optional(),
          year: Year.optional(),
        }),
        response: { 200: RecognizedListBody },
      },
    },
    async (request, reply) => {
      const list = await recognizedCommunes(db, request.query);
      reply.header('Cache-Control', 'public, max-age=300');
      return list;
    },
  );

  r.get(
    '/api/public/provinces',
    {
      schema: {
        operationId: 'listPublicProvinces',
        tags: ['public'],
        summary:
          'Các tỉnh, thành phố và tỷ lệ xã được công nhận theo năm / Provinces and their share recognised per year',
        security: [],
        response: { 200: PublicProvinceListBody },
      },
    },
    async (_request, reply) => {
      const list = await publicProvinces(db);
      reply.header('Cache-Control', 'public, max-age=300');
      return list;
    },
  );

  r.get(
    '/api/public/provinces/:code',
    {
      schema: {
        operationId: 'getPublicProvince',
        tags: ['public'],
        summary: 'Trang công khai của tỉnh theo năm / A province’s public page for a year',
        security: [],
        params: z.object({ code: z.string().regex(/^\d{2}$/) }),
        querystring: z.object({ year: Year.optional() }),
        response: { 200: PublicProvincePageBody },
      },
    },
    async (request, reply) => {
      const page = await publicProvincePage(db, request.params.code, request.query.year);
      // Short: the page carries comments, which the communes publish as they go.
      reply.header('Cache-Control', 'public, max-age=60');
      return page;
    },
  );

  r.post(
    '/api/public/communes/:code/comments',
    {
      // First line against floods, kept in memory; the per-address limits in the database are the real ones.
      config: { rateLimit: { max: config.publicCommentBurstLimit, timeWindow: '1 minute' } },
      schema: {
        operationId: 'leavePublicComment',
        tags: ['public'],
        summary: 'Gửi ý kiến góp ý (không cần tài khoản) / Leave a comment (no account needed)',
        security: [],
        params: CommuneCode,
        // Length is checked after trimming, with a message naming the length; this bound only stops abuse.
        body: z.object({ entryId: BodyId, body: z.string().max(20_000) }),
        response: { 201: CommentReceivedBody, ...errors(409, 429) },
      },
    },
    async (request, reply) => {
      const { entryId, body } = request.body;
      const saved = await addComment(db, { code: request.params.code, entryId, body, address: request.ip });
      return reply.status(201).send(saved);
    },
  );

  r.get(
    '/api/round-entries/:entryId/comments',
    {
      schema: {
        operationId: 'listEntryComments',
        tags: ['public-posting'],
        summary: 'Ý kiến góp ý về hồ sơ (mọi trạng thái) / Comments on an entry (all statuses)',
        params: EntryParams,
        response: { 200: ModeratedCommentListBody },
      },
    },
    async (request) => entryComments(db, requireUser(request.user), request.params.entryId),
  );

  r.put(
    '/api/round-entries/:entryId/comments/:commentId',
    {
      schema: {
        operationId: 'moderateComment',
        tags: ['public-posting'],
        summary: 'Duyệt, ẩn hoặc trả lời ý kiến / Publish, hide or answer a comment',
        params: EntryParams.extend({ commentId: Id }),
        body: z.object({
          status: z.enum(['published', 'hidden']).optional(),
          answer: z.string().max(20_000).optional(),
        }),
        response: { 200: ModeratedCommentBody, ...errors(409) },
      },
    },
    async (request) => {
      const { entryId, commentId } = request.params;
      return moderateEntryComment(db, requireUser(request.user), entryId, commentId, request.body, { ip: request.ip });
    },
  );
}
