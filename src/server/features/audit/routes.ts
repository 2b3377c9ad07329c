// The audit log, readable by system administrators.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRole } from '../auth/scope.ts';

export async function auditRoutes(app: FastifyInstance) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Nhật ký thao tác / Audit log',
        querystring: z.object({
          entity: z.string().max(64).optional(),
          entityId: z.string().max(64).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
          offset: z.coerce.number().int().min(0).default(0),
        }),
      },
    },
    async (request) => {
      requireRole(request.user, 'system_admin');
      const { entity, entityId, limit, offset } = request.query;
      let q = app.db
        .selectFrom('audit_log as l')
        .leftJoin('app_user as u', 'u.id', 'l.user_id')
        .select(['l.id', 'l.at', 'l.user_id', 'u.username', 'l.action', 'l.entity', 'l.entity_id', 'l.before', 'l.after', 'l.ip'])
        .orderBy('l.id', 'desc')
        .limit(limit)
        .offset(offset);
      if (entity) q = q.where('l.entity', '=', entity);
      if (entityId) q = q.where('l.entity_id', '=', entityId);
      const rows = await q.execute();
      return { items: rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() })) };
    },
  );
}
