// Boundary imports (system administrators; a province official for its own communes) and the dashboards'
// maps, readable by whoever reads the same dashboard.
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, forbidden, requestLocale } from '../../http/errors.ts';
import { Id } from '../../http/schemas.ts';
import { isAdmin, readsNation, readsProvince, requireRole, requireUser } from '../auth/scope.ts';
import { cachedAnswer } from '../dashboards/cache.ts';
import { loadProvince, resolvePeriod } from '../dashboards/store.ts';
import { canImportFor, commitImport, discardImport, listImports, MAX_BOUNDARY_BYTES, previewImport, readNationMap, readProvinceMap, tooLarge } from './store.ts';

const Query = z.object({ periodId: Id.optional() });
const Params = z.object({ id: Id });
const tags = ['maps'];
/** The form's fields besides the file. */
const Fields = z.object({
  level: z.enum(['province', 'commune']),
  provinceId: z.union([z.literal(''), Id]).optional(),
  codeProperty: z.string().max(100).optional(),
});

export async function mapRoutes(app: FastifyInstance) {
  await app.register(multipart, { limits: { fileSize: MAX_BOUNDARY_BYTES, files: 1, fields: 5, fieldSize: 1000, parts: 6 } });
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = app.db;

  r.post(
    '/api/maps/imports',
    {
      schema: {
        tags,
        summary: 'Xem trước tệp ranh giới (multipart: level, provinceId, codeProperty, file .geojson/.topojson ≤ 50 MB) / Preview a boundary file',
        consumes: ['multipart/form-data'],
      },
    },
    async (request) => {
      const user = requireUser(request.user);
      const locale = requestLocale(request);
      if (!request.isMultipart()) throw new AppError(415, 'maps:error.not_multipart');
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
        if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(locale, fileName);
        throw error;
      }
      const parsed = Fields.safeParse(fields);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        const field = String(issue.path[0] ?? 'level');
        throw new AppError(400, 'maps:error.bad_field', { field, value: fields[field] ?? '' }, [{ field, value: fields[field] ?? null, message: issue.message }]);
      }
      if (!file || !file.data.length) throw new AppError(400, 'maps:error.no_file', {}, [{ field: 'file', value: null, message: '' }]);
      const { level, provinceId, codeProperty } = parsed.data;
      return previewImport(db, user, { level, provinceId: provinceId === '' || provinceId === undefined ? null : provinceId, codeProperty: codeProperty ?? null, fileName: file.name, data: file.data }, locale);
    },
  );

  r.post('/api/maps/imports/:id/commit', { schema: { tags, summary: 'Lưu ranh giới đã xem trước (tất cả hoặc không) / Commit a previewed boundary file', params: Params } }, async (request) =>
    commitImport(db, requireUser(request.user), request.params.id, request.ip),
  );

  r.delete('/api/maps/imports/:id', { schema: { tags, summary: 'Hủy bản xem trước / Discard a preview', params: Params } }, async (request, reply) => {
    await discardImport(db, requireUser(request.user), request.params.id);
    return reply.status(204).send();
  });

  r.get('/api/maps/imports', { schema: { tags, summary: 'Các lần nhập ranh giới / Boundary imports' } }, async (request) => listImports(db, requireRole(request.user, 'province_official', 'system_admin')));

  // Access as for the dashboards (dashboards/routes.ts): the nation for the ministry and administrators, a province for those who read it.
  r.get('/api/maps/nation', { schema: { tags, summary: 'Bản đồ toàn quốc theo tỉnh / The nation’s map by province', querystring: Query } }, async (request, reply) => {
    const user = requireRole(request.user, 'ministry_official', 'system_admin');
    reply.header('cache-control', 'no-store');
    // The ministry reads the map; importing boundaries stays with the administrator. One cached view for all readers.
    const periodId = request.query.periodId;
    const view = await cachedAnswer(db, { level: 'nation' }, `map|nation||${periodId ?? 'latest'}`, async () => readNationMap(db, await resolvePeriod(db, periodId), false));
    return { ...view, canImport: isAdmin(user) };
  });

  r.get('/api/maps/provinces/:id', { schema: { tags, summary: 'Bản đồ các xã của tỉnh / A province’s map by commune', params: Params, querystring: Query } }, async (request, reply) => {
    const user = requireUser(request.user);
    await loadProvince(db, request.params.id);
    if (!readsProvince(user, request.params.id) && !readsNation(user)) throw forbidden();
    reply.header('cache-control', 'no-store');
    const { id } = request.params;
    const periodId = request.query.periodId;
    const view = await cachedAnswer(db, { level: 'province', id }, `map|province|${id}|${periodId ?? 'latest'}`, async () => readProvinceMap(db, user, id, await resolvePeriod(db, periodId)));
    return { ...view, canImport: canImportFor(user, id) };
  });
}
