// HTTP routes of the privacy operations: a child's data for its guardian, erasure, an account's own data,
// account erasure, retention settings and the record of processing.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { RETENTION_KEYS } from '../../../core/privacy/retention.ts';
import { requestLocale } from '../../http/errors.ts';
import { Id } from '../../http/schemas.ts';
import { requireUser } from '../auth/scope.ts';
import { registerContext } from '../register/access.ts';
import { todayInVietnam } from '../../platform/clock.ts';
import {
  childErasureStatus,
  eraseAccount,
  eraseChild,
  erasureLog,
  exportAccount,
  exportChild,
  forbiddenUnlessAdmin,
  loadRetention,
  recordOfProcessing,
  updateRetention,
} from './store.ts';
import { runRetention } from './retention.ts';
import { writeChildWorkbook } from './workbook.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ChildParams = z.object({ unitId: Id, childId: Id });
const tags = ['privacy'];
// The number of the written request (số phiếu yêu cầu), not the requester's name.
const ErasureBody = z.object({ requestRef: z.string().trim().min(1).max(100), legalBasis: z.string().trim().max(500).optional() });

const admin = (user: Parameters<typeof requireUser>[0]) => forbiddenUnlessAdmin(requireUser(user));

export async function privacyRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = app.db;
  const ctxOf = (request: { user: Parameters<typeof registerContext>[1]; ip: string }, unitId: number) => registerContext(db, request.user, unitId, request.ip);

  r.get(
    '/api/communes/:unitId/privacy/children/:childId/export',
    { schema: { tags, summary: 'Dữ liệu của một trẻ cho người giám hộ (Chủ tịch; ghi nhật ký) / A child’s data for its guardian (chairman; logged)', params: ChildParams, querystring: z.object({ format: z.enum(['json', 'xlsx']).default('json') }) } },
    async (request, reply) => {
      const ctx = await ctxOf(request, request.params.unitId);
      const data = await exportChild(db, ctx, request.params.childId, request.query.format);
      reply.header('cache-control', 'no-store');
      if (request.query.format === 'xlsx')
        return reply.type(XLSX).header('content-disposition', `attachment; filename="du-lieu-tre-em-${request.params.childId}.xlsx"`).send(await writeChildWorkbook(data, requestLocale(request)));
      return reply.header('content-disposition', `attachment; filename="du-lieu-tre-em-${request.params.childId}.json"`).send(data);
    },
  );

  r.get(
    '/api/communes/:unitId/privacy/children/:childId/erasure',
    { schema: { tags, summary: 'Có thể xoá hồ sơ trẻ em không, vì sao / Whether a child’s record may be erased, and why', params: ChildParams } },
    async (request) => childErasureStatus(db, await ctxOf(request, request.params.unitId), request.params.childId, requestLocale(request)),
  );

  r.post(
    '/api/communes/:unitId/privacy/children/:childId/erase',
    { schema: { tags, summary: 'Xoá danh tính trẻ em theo yêu cầu (Chủ tịch) / Erase a child’s identity on request (chairman)', params: ChildParams, body: ErasureBody } },
    async (request) => eraseChild(db, await ctxOf(request, request.params.unitId), request.params.childId, request.body, requestLocale(request)),
  );

  r.get(
    '/api/communes/:unitId/privacy/erasures',
    { schema: { tags, summary: 'Sổ xoá dữ liệu của xã (Chủ tịch) / The commune’s erasure log (chairman)', params: z.object({ unitId: Id }) } },
    async (request) => erasureLog(db, await ctxOf(request, request.params.unitId)),
  );

  r.get('/api/privacy/me/export', { schema: { tags, summary: 'Dữ liệu tài khoản của tôi / My account data' } }, async (request, reply) => {
    const user = requireUser(request.user);
    const data = await exportAccount(db, user, request.ip);
    return reply.header('cache-control', 'no-store').header('content-disposition', `attachment; filename="du-lieu-tai-khoan-${user.id}.json"`).send(data);
  });

  r.get(
    '/api/privacy/users',
    { schema: { tags, summary: 'Tìm tài khoản (quản trị) / Find accounts (administrator)', querystring: z.object({ q: z.string().trim().max(100).default('') }) } },
    async (request) => {
      admin(request.user);
      const q = request.query.q.toLowerCase().replace(/[%_\\]/g, '\\$&');
      const rows = await db
        .selectFrom('app_user as u')
        .leftJoin('privacy_erasure as e', (j) => j.onRef('e.subject_id', '=', 'u.id').on('e.subject', '=', 'user'))
        .select(['u.id', 'u.username', 'u.full_name', 'u.disabled', 'e.at as erased_at'])
        .$if(q !== '', (b) => b.where((eb) => eb.or([eb('u.username', 'like', `%${q}%`), eb(eb.fn('lower', ['u.full_name']), 'like', `%${q}%`)])))
        .orderBy('u.username')
        .limit(50)
        .execute();
      return rows.map((u) => ({ id: u.id, username: u.username, fullName: u.full_name, disabled: u.disabled, erasedAt: u.erased_at ? new Date(u.erased_at).toISOString() : null }));
    },
  );

  r.post(
    '/api/privacy/users/:userId/erase',
    { schema: { tags, summary: 'Xoá tài khoản theo yêu cầu (quản trị) / Erase an account on request (administrator)', params: z.object({ userId: Id }), body: ErasureBody } },
    async (request) => eraseAccount(db, admin(request.user), request.params.userId, request.body, requestLocale(request), request.ip),
  );

  r.get('/api/privacy/retention', { schema: { tags, summary: 'Thời hạn lưu trữ và căn cứ (quản trị) / Retention periods and their basis (administrator)' } }, async (request) => {
    admin(request.user);
    return loadRetention(db);
  });

  r.put(
    '/api/privacy/retention/:key',
    {
      schema: {
        tags,
        summary: 'Sửa thời hạn lưu trữ (quản trị) / Change a retention period (administrator)',
        params: z.object({ key: z.enum(RETENTION_KEYS) }),
        body: z.object({ value: z.unknown().optional(), legalBasisVi: z.string().trim().min(1).max(2000).optional(), legalBasisEn: z.string().trim().max(2000).optional() }),
      },
    },
    async (request) => updateRetention(db, admin(request.user), request.params.key, request.body, requestLocale(request), request.ip),
  );

  r.post('/api/privacy/retention/run', { schema: { tags, summary: 'Chạy việc lưu trữ ngay (quản trị) / Run the retention job now (administrator)' } }, async (request) => {
    const user = admin(request.user);
    return runRetention(db, todayInVietnam(), user.id);
  });

  r.get('/api/privacy/record', { schema: { tags, summary: 'Hồ sơ hoạt động xử lý dữ liệu cá nhân (quản trị) / Record of processing (administrator)' } }, async (request) => {
    admin(request.user);
    return recordOfProcessing(db);
  });
}
