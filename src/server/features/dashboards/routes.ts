// Dashboards per level: the nation (the ministry and system administrators), a province (its province-level
// roles, the ministry, administrators), a commune (its officer and chairman, its province, the ministry,
// administrators); each also as an .xlsx workbook.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { fileResponse, MIME } from '../../http/contract.ts';
import { requestLocale } from '../../http/errors.ts';
import { Id } from '../../http/schemas.ts';
import { Dashboard, DashboardQuery } from './contracts.ts';
import { dashboardFor, dashboardWorkbookFor } from './read.ts';
import { contentDisposition } from '../../http/attachment.ts';

const tags = ['dashboards'];
const querystring = DashboardQuery;
const params = z.object({ id: Id });
const json = { 200: Dashboard };
const workbook = { 200: fileResponse('Bảng điều khiển (.xlsx) / The dashboard workbook', MIME.xlsx) };

const sendWorkbook = (reply: FastifyReply, file: { name: string; data: Buffer }) =>
  reply
    .type(MIME.xlsx)
    .header('cache-control', 'no-store')
    .header('content-disposition', contentDisposition(file.name))
    .send(file.data);

export async function dashboardRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = app.db;

  r.get(
    '/api/dashboards/nation',
    {
      schema: {
        operationId: 'getNationDashboard',
        tags,
        summary: 'Bảng điều khiển toàn quốc / National dashboard',
        querystring,
        response: json,
      },
    },
    async (request, reply) => {
      const dashboard = await dashboardFor(db, request.user, { level: 'nation', periodId: request.query.periodId });
      reply.header('cache-control', 'no-store');
      return dashboard;
    },
  );
  r.get(
    '/api/dashboards/nation/dashboard.xlsx',
    {
      schema: {
        operationId: 'getNationDashboardWorkbook',
        tags,
        summary: 'Bảng điều khiển toàn quốc (Excel) / National dashboard as a workbook',
        querystring,
        response: workbook,
      },
    },
    async (request, reply) => {
      const ask = { level: 'nation' as const, periodId: request.query.periodId };
      return sendWorkbook(reply, await dashboardWorkbookFor(db, request.user, ask, requestLocale(request)));
    },
  );

  r.get(
    '/api/dashboards/provinces/:id',
    {
      schema: {
        operationId: 'getProvinceDashboard',
        tags,
        summary: 'Bảng điều khiển của tỉnh / A province’s dashboard',
        params,
        querystring,
        response: json,
      },
    },
    async (request, reply) => {
      const ask = { level: 'province' as const, id: request.params.id, periodId: request.query.periodId };
      const dashboard = await dashboardFor(db, request.user, ask);
      reply.header('cache-control', 'no-store');
      return dashboard;
    },
  );
  r.get(
    '/api/dashboards/provinces/:id/dashboard.xlsx',
    {
      schema: {
        operationId: 'getProvinceDashboardWorkbook',
        tags,
        summary: 'Bảng điều khiển của tỉnh (Excel) / A province’s dashboard as a workbook',
        params,
        querystring,
        response: workbook,
      },
    },
    async (request, reply) => {
      const ask = { level: 'province' as const, id: request.params.id, periodId: request.query.periodId };
      return sendWorkbook(reply, await dashboardWorkbookFor(db, request.user, ask, requestLocale(request)));
    },
  );

  r.get(
    '/api/dashboards/communes/:id',
    {
      schema: {
        operationId: 'getCommuneDashboard',
        tags,
        summary: 'Bảng điều khiển của xã / A commune’s dashboard',
        params,
        querystring,
        response: json,
      },
    },
    async (request, reply) => {
      const ask = { level: 'commune' as const, id: request.params.id, periodId: request.query.periodId };
      const dashboard = await dashboardFor(db, request.user, ask);
      reply.header('cache-control', 'no-store');
      return dashboard;
    },
  );
  r.get(
    '/api/dashboards/communes/:id/dashboard.xlsx',
    {
      schema: {
        operationId: 'getCommuneDashboardWorkbook',
        tags,
        summary: 'Bảng điều khiển của xã (Excel) / A commune’s dashboard as a workbook',
        params,
        querystring,
        response: workbook,
      },
    },
    async (request, reply) => {
      const ask = { level: 'commune' as const, id: request.params.id, periodId: request.query.periodId };
      return sendWorkbook(reply, await dashboardWorkbookFor(db, request.user, ask, requestLocale(request)));
    },
  );
}
