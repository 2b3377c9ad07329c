// HTTP routes of the activity log: a unit's activities of a year, one activity, its evidence files. Read and
// written as the unit's plans are (src/server/features/plans/access.ts): a commune's officer and chairman
// write the commune's, a province's official the province's own; their province reads them.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import multipart from '@fastify/multipart';
import { z } from 'zod';
import { ACTIVITY_KINDS } from '../../../core/activities/activity.ts';
import { errors, fileResponse } from '../../http/contract.ts';
import { contentDisposition } from '../../http/attachment.ts';
import { idempotent } from '../../http/idempotency.ts';
import { Id } from '../../http/schemas.ts';
import { todayInVietnam } from '../../platform/clock.ts';
import type { SessionUser } from '../auth/index.ts';
import {
  ALLOWED,
  ALLOWED_LABEL,
  fileStore,
  formatLimit,
  MAX_FILE_BYTES,
  readStoredFile,
  readUploadedFile,
} from '../evidence/index.ts';
import { planContext, requireWrite } from '../plans/index.ts';
import {
  ActivityBody,
  ActivityDeleted,
  ActivityFileBody,
  ActivityList,
  ActivityPatchBody,
  ActivityRecord,
} from './contracts.ts';
import {
  activityUnit,
  addActivityFile,
  createActivity,
  deleteActivity,
  deleteActivityFile,
  listActivities,
  loadActivityFile,
  readActivity,
  updateActivity,
} from './store.ts';

const tags = ['activities'];
const Unit = z.object({ unitId: Id });
const IdParams = z.object({ id: Id });
const SERVED_TYPES = [...new Set(Object.values(ALLOWED).flatMap((byExtension) => Object.values(byExtension)))];

export async function activityRoutes(app: FastifyInstance) {
  // Scoped to these routes, as the evidence routes do: the rest of the API takes JSON only.
  await app.register(multipart, {
    limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 5, fieldSize: 1000, parts: 6 },
  });
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = app.db;
  const ctxOf = (request: { user: SessionUser | null; ip: string }, unitId: number) =>
    planContext(db, request.user, unitId, request.ip);
  /** The context of the unit an activity belongs to. */
  const ctxOfActivity = async (request: { user: SessionUser | null; ip: string }, id: number) =>
    ctxOf(request, await activityUnit(db, id));

  r.get(
    '/api/units/:unitId/activities',
    {
      schema: {
        operationId: 'listActivities',
        tags,
        summary: 'Sổ hoạt động của xã, tỉnh trong năm / A unit’s activities of a year',
        params: Unit,
        querystring: z.object({
          year: z.coerce.number().int().min(2000).max(2100).optional(),
          kind: z.enum(ACTIVITY_KINDS).optional(),
        }),
        response: { 200: ActivityList },
      },
    },
    async (request) => {
      const ctx = await ctxOf(request, request.params.unitId);
      const year = request.query.year ?? Number(todayInVietnam().slice(0, 4));
      return listActivities(db, ctx, year, request.query.kind);
    },
  );

  r.post(
    '/api/units/:unitId/activities',
    {
      schema: {
        operationId: 'createActivity',
        tags,
        summary: 'Ghi một hoạt động / Record an activity',
        params: Unit,
        body: ActivityBody,
        response: { 201: ActivityRecord },
      },
    },
    async (request, reply) => {
      const ctx = await ctxOf(request, request.params.unitId);
      requireWrite(ctx);
      // An offline device's outbox replays with the same Idempotency-Key: the activity is recorded once.
      return idempotent(db, request, reply, { params: request.params, body: request.body }, async () => ({
        status: 201,
        body: await createActivity(db, ctx, request.body),
      }));
    },
  );

  r.get(
    '/api/activities/:id',
    {
      schema: {
        operationId: 'readActivity',
        tags,
        summary: 'Một hoạt động / An activity',
        params: IdParams,
        response: { 200: ActivityRecord },
      },
    },
    async (request) => readActivity(db, await ctxOfActivity(request, request.params.id), request.params.id),
  );

  r.patch(
    '/api/activities/:id',
    {
      schema: {
        operationId: 'updateActivity',
        tags,
        summary: 'Sửa một hoạt động / Edit an activity',
        params: IdParams,
        body: ActivityPatchBody,
        response: { 200: ActivityRecord },
      },
    },
    async (request, reply) => {
      const ctx = await ctxOfActivity(request, request.params.id);
      requireWrite(ctx);
      return idempotent(db, request, reply, { params: request.params, body: request.body }, async () => ({
        status: 200,
        body: await updateActivity(db, ctx, request.params.id, request.body),
      }));
    },
  );

  r.delete(
    '/api/activities/:id',
    {
      schema: {
        operationId: 'deleteActivity',
        tags,
        summary: 'Xóa một hoạt động và tệp minh chứng của nó / Delete an activity and its files',
        params: IdParams,
        response: { 200: ActivityDeleted },
      },
    },
    async (request) => {
      const ctx = await ctxOfActivity(request, request.params.id);
      requireWrite(ctx);
      return deleteActivity(db, fileStore(), ctx, request.params.id);
    },
  );

  r.post(
    '/api/activities/:id/files',
    {
      schema: {
        operationId: 'uploadActivityFile',
        tags,
        summary: 'Tải lên tệp minh chứng của hoạt động (multipart: file) / Upload an activity’s evidence file',
        description: `Trường “file” (${ALLOWED_LABEL}; tối đa ${formatLimit(MAX_FILE_BYTES)}).`,
        consumes: ['multipart/form-data'],
        params: IdParams,
        multipart: z.object({ file: z.file() }),
        response: { 200: ActivityFileBody, 201: ActivityFileBody, ...errors(413, 415) },
      },
    },
    async (request, reply) => {
      const ctx = await ctxOfActivity(request, request.params.id);
      requireWrite(ctx);
      const { file } = await readUploadedFile(request);
      const out = await addActivityFile(db, fileStore(), ctx, request.params.id, {
        fileName: file.name,
        mediaType: file.mediaType,
        data: file.data,
      });
      return reply.status(out.duplicate ? 200 : 201).send(out.file);
    },
  );

  r.get(
    '/api/activity-files/:id/download',
    {
      schema: {
        operationId: 'downloadActivityFile',
        tags,
        summary: 'Tải về tệp minh chứng của hoạt động / Download an activity’s evidence file',
        params: IdParams,
        response: { 200: fileResponse('Tệp minh chứng / The evidence file', ...SERVED_TYPES) },
      },
    },
    async (request, reply) => {
      const row = await loadActivityFile(db, request.params.id);
      await ctxOf(request, row.unit_id);
      const data = await readStoredFile(fileStore(), row);
      return (reply as FastifyReply)
        .header('Content-Type', row.media_type)
        .header('Content-Disposition', contentDisposition(row.file_name))
        .header('X-Content-Type-Options', 'nosniff')
        .header('Content-Security-Policy', "default-src 'none'; sandbox")
        .header('Cache-Control', 'private, no-store')
        .send(data);
    },
  );

  r.delete(
    '/api/activity-files/:id',
    {
      schema: {
        operationId: 'deleteActivityFile',
        tags,
        summary: 'Xóa tệp minh chứng của hoạt động / Delete an activity’s evidence file',
        params: IdParams,
        response: { 200: ActivityDeleted },
      },
    },
    async (request) => {
      const row = await loadActivityFile(db, request.params.id);
      const ctx = await ctxOf(request, row.unit_id);
      requireWrite(ctx);
      return deleteActivityFile(db, fileStore(), ctx, request.params.id);
    },
  );
}
