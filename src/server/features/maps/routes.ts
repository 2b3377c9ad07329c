// Boundary imports (system administrators; a province official for its own communes) and the dashboards'
// maps, readable by whoever reads the same dashboard.
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../../http/contract.ts';
import { Refusal, phrase } from '../../platform/refusal.ts';
import { Id } from '../../http/schemas.ts';
import { requireRole, requireUser } from '../auth/index.ts';
import {
  BoundaryFields,
  BoundaryUpload,
  ImportCommitted,
  ImportPreview,
  ImportRecord,
  MapQuery,
  MapView,
} from './contracts.ts';
import {
  commitImport,
  discardImport,
  listImports,
  MAX_BOUNDARY_BYTES,
  nationMapFor,
  previewImport,
  provinceMapFor,
  tooLarge,
  type ImportInput,
} from './store.ts';

const Params = z.object({ id: Id });
const tags = ['maps'];

/** The upload's parts, checked: the form's fields and the file (413 when the file is over the limit). */
async function readUpload(request: FastifyRequest): Promise<ImportInput> {
  if (!request.isMultipart()) throw new Refusal('unsupported_type', 'maps:error.not_multipart');
  const fields: Record<string, string> = {};
  let file: { name: string; data: Buffer } | null = null;
  let fileName = 'ranh-gioi.geojson';
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        fileName = part.filename || fileName;
        file = { name: fileName, data: await part.toBuffer() };
      } else fields[part.fieldname] = String(part.value ?? '');
    }
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(fileName);
    throw error;
  }
  const parsed = BoundaryFields.safeParse(fields);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = String(issue.path[0] ?? 'level');
    const params = { field, value: fields[field] ?? '' };
    throw new Refusal('invalid', 'maps:error.bad_field', params, [
      { field, value: fields[field] ?? null, message: phrase('maps:error.bad_field', params) },
    ]);
  }
  if (!file || !file.data.length)
    throw new Refusal('invalid', 'maps:error.no_file', {}, [
      { field: 'file', value: null, message: phrase('maps:error.no_file') },
    ]);
  const { level, provinceId, codeProperty } = parsed.data;
  return {
    level,
    provinceId: provinceId === '' || provinceId === undefined ? null : provinceId,
    codeProperty: codeProperty ?? null,
    fileName: file.name,
    data: file.data,
  };
}

export async function mapRoutes(app: FastifyInstance) {
  await app.register(multipart, {
    limits: { fileSize: MAX_BOUNDARY_BYTES, files: 1, fields: 5, fieldSize: 1000, parts: 6 },
  });
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = app.db;

  r.post(
    '/api/maps/imports',
    {
      schema: {
        operationId: 'previewBoundaryImport',
        tags,
        summary:
          'Xem trước tệp ranh giới (multipart: level, provinceId, codeProperty, file .geojson/.topojson ≤ 50 MB) / Preview a boundary file',
        multipart: BoundaryUpload,
        response: { 200: ImportPreview, ...errors(413, 415) },
      },
    },
    async (request) => {
      const user = requireUser(request.user);
      return previewImport(db, user, await readUpload(request));
    },
  );

  r.post(
    '/api/maps/imports/:id/commit',
    {
      schema: {
        operationId: 'commitBoundaryImport',
        tags,
        summary: 'Lưu ranh giới đã xem trước (tất cả hoặc không) / Commit a previewed boundary file',
        params: Params,
        response: { 200: ImportCommitted },
      },
    },
    async (request) => commitImport(db, requireUser(request.user), request.params.id, request.ip),
  );

  r.delete(
    '/api/maps/imports/:id',
    {
      schema: {
        operationId: 'discardBoundaryImport',
        tags,
        summary: 'Hủy bản xem trước / Discard a preview',
        params: Params,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await discardImport(db, requireUser(request.user), request.params.id);
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/maps/imports',
    {
      schema: {
        operationId: 'listBoundaryImports',
        tags,
        summary: 'Các lần nhập ranh giới / Boundary imports',
        response: { 200: z.array(ImportRecord) },
      },
    },
    async (request) => listImports(db, requireRole(request.user, 'province_official', 'system_admin')),
  );

  // Access as for the dashboards (dashboards/routes.ts): the nation for the ministry and administrators, a province for those who read it.
  r.get(
    '/api/maps/nation',
    {
      schema: {
        operationId: 'getNationMap',
        tags,
        summary: 'Bản đồ toàn quốc theo tỉnh / The nation’s map by province',
        querystring: MapQuery,
        response: { 200: MapView },
      },
    },
    async (request, reply) => {
      // The ministry reads the map; importing boundaries stays with the administrator.
      const user = requireRole(request.user, 'ministry_official', 'system_admin');
      reply.header('cache-control', 'no-store');
      return nationMapFor(db, user, request.query.periodId);
    },
  );

  r.get(
    '/api/maps/provinces/:id',
    {
      schema: {
        operationId: 'getProvinceMap',
        tags,
        summary: 'Bản đồ các xã của tỉnh / A province’s map by commune',
        params: Params,
        querystring: MapQuery,
        response: { 200: MapView },
      },
    },
    async (request, reply) => {
      const view = await provinceMapFor(db, requireUser(request.user), request.params.id, request.query.periodId);
      reply.header('cache-control', 'no-store');
      return view;
    },
  );
}
