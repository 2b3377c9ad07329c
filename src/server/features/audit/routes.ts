// The audit log, readable by system administrators.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireRole } from '../auth/index.ts';
import { AuditPage, AuditQuery } from './contracts.ts';
import { readAuditLog } from './read.ts';

export async function auditRoutes(app: FastifyInstance) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/audit',
    {
      schema: {
        operationId: 'listAuditLog',
        tags: ['audit'],
        summary: 'Nhật ký thao tác / Audit log',
        querystring: AuditQuery,
        response: { 200: AuditPage },
      },
    },
    async (request) => {
      requireRole(request.user, 'system_admin');
      return readAuditLog(app.db, request.query);
    },
  );
}
