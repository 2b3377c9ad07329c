// Groupings of a province's communes (former districts, or any grouping it chooses) and the former district
// named as the issuer of a record from before 01/07/2025. The work is in store.ts.
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../../http/contract.ts';
import { Id } from '../../http/schemas.ts';
import { checkUpload, UPLOAD_RULES } from '../../http/uploads.ts';
import { Refusal } from '../../platform/refusal.ts';
import { requireUser } from '../auth/index.ts';
import { GROUP_KINDS } from '../../../core/groups/assign.ts';
import { GroupingBody, GroupingsBody, HistoricalIssuerBody, ISSUER_RECORDS } from './contracts.ts';
import { checkGroupingWriter, deleteGrouping, listGroupings, replaceGrouping, setHistoricalIssuer } from './store.ts';

const tags = ['units'];
/** A grouping's list is small (a province has a few thousand old communes at most). */
const MAX_BYTES = 5 * 1024 * 1024;
const Grouping = z.string().min(1).max(100);

export async function groupRoutes(app: FastifyInstance) {
  await app.register(multipart, { limits: { fileSize: MAX_BYTES, files: 1, fields: 2, parts: 3 } });
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = app.db;

  async function fileOf(request: FastifyRequest): Promise<{ name: string; data: Buffer }> {
    if (!request.isMultipart()) throw new Refusal('unsupported_type', 'groups:error.not_multipart');
    let file: { name: string; data: Buffer; declaredType: string } | null = null;
    try {
      for await (const part of request.parts())
        if (part.type === 'file')
          file = {
            name: (part.filename || 'nhom.csv').slice(0, 200),
            data: await part.toBuffer(),
            declaredType: part.mimetype,
          };
    } catch (error) {
      if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
        throw new Refusal('too_large', 'groups:error.too_large', { limit: `${MAX_BYTES / 1024 / 1024} MB` });
      throw error;
    }
    if (!file || !file.data.length) throw new Refusal('invalid', 'groups:error.no_file');
    await checkUpload(file, { ...UPLOAD_RULES.register, maxBytes: MAX_BYTES });
    return file;
  }

  r.get(
    '/api/units/:unitId/groupings',
    {
      schema: {
        operationId: 'listGroupings',
        tags,
        summary:
          'Các cách nhóm xã của tỉnh (huyện cũ, nhóm tự chọn) và xã thuộc từng nhóm / A province’s groupings and the communes in each group',
        params: z.object({ unitId: Id }),
        response: { 200: GroupingsBody },
      },
    },
    async (request) => listGroupings(db, requireUser(request.user), request.params.unitId),
  );

  r.put(
    '/api/units/:unitId/groupings/:grouping',
    {
      schema: {
        operationId: 'replaceGrouping',
        tags,
        summary:
          'Tải lên (thay thế) một cách nhóm xã: .csv/.xlsx có cột mã xã và tên nhóm (multipart “file”) / Upload (replace) a grouping: .csv/.xlsx with the commune code and the group name',
        consumes: ['multipart/form-data'],
        params: z.object({ unitId: Id, grouping: Grouping }),
        querystring: z.object({ kind: z.enum(GROUP_KINDS) }),
        multipart: z.object({ file: z.file() }),
        response: { 200: GroupingBody, ...errors(409, 413, 415) },
      },
    },
    async (request) => {
      const user = requireUser(request.user);
      const { unitId, grouping } = request.params;
      // The caller is checked before the file is read.
      await checkGroupingWriter(db, user, unitId);
      const file = await fileOf(request);
      return replaceGrouping(db, user, unitId, { grouping, kind: request.query.kind }, file, { ip: request.ip });
    },
  );

  r.delete(
    '/api/units/:unitId/groupings/:grouping',
    {
      schema: {
        operationId: 'deleteGrouping',
        tags,
        summary: 'Xoá một cách nhóm xã / Delete a grouping',
        params: z.object({ unitId: Id, grouping: Grouping }),
        response: { 204: z.null(), ...errors(409) },
      },
    },
    async (request, reply) => {
      const { unitId, grouping } = request.params;
      await deleteGrouping(db, requireUser(request.user), unitId, grouping, { ip: request.ip });
      return reply.status(204).send(null);
    },
  );

  r.put(
    '/api/historical-issuers/:record/:id',
    {
      schema: {
        operationId: 'setHistoricalIssuer',
        tags,
        summary:
          'Ghi (hoặc bỏ) huyện cũ đã ban hành kế hoạch, đợt đánh giá hoặc quyết định trước 01/07/2025 / Set (or clear) the former district that issued a plan, round or decision before 01/07/2025',
        params: z.object({ record: z.enum(ISSUER_RECORDS), id: Id }),
        body: z.object({ issuerGroupId: Id.nullable() }),
        response: { 200: HistoricalIssuerBody, ...errors(409) },
      },
    },
    async (request) =>
      setHistoricalIssuer(
        db,
        requireUser(request.user),
        request.params.record,
        request.params.id,
        request.body.issuerGroupId,
        {
          ip: request.ip,
        },
      ),
  );
}
