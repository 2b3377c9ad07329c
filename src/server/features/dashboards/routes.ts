// Dashboards per level: the nation (the ministry and system administrators), a province (its province-level
// roles, the ministry, administrators), a commune (its officer and chairman, its province, the ministry,
// administrators); each also as an .xlsx workbook.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { forbidden, requestLocale } from '../../http/errors.ts';
import { Id } from '../../http/schemas.ts';
import { actsForCommune, loadCommune, readsNation, readsProvince, requireRole, requireUser } from '../auth/scope.ts';
import type { SessionUser } from '../auth/users.ts';
import { today } from '../rounds/store.ts';
import { cachedAnswer } from './cache.ts';
import { loadProvince, readDashboard, resolvePeriod, type Dashboard, type Scope } from './store.ts';
import { writeDashboardWorkbook } from './workbook.ts';

const Query = z.object({ periodId: Id.optional() });
const tags = ['dashboards'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function dashboardRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = app.db;

  /** Checks access first (so an outsider learns nothing about the period), then computes. */
  async function scoped(user: SessionUser | null, level: Scope['level'], id: number | undefined): Promise<Scope> {
    // The ministry (and the administrator) read every level's aggregates; the dashboards show no child.
    if (level === 'nation') {
      requireRole(user, 'ministry_official', 'system_admin');
      return { level };
    }
    const u = requireUser(user);
    if (level === 'province') {
      await loadProvince(db, id!);
      if (!readsProvince(u, id!) && !readsNation(u)) throw forbidden();
      return { level, id: id! };
    }
    const c = await loadCommune(db, id!);
    if (!actsForCommune(u, c.id) && !readsProvince(u, c.provinceId) && !readsNation(u)) throw forbidden();
    return { level, id: c.id };
  }

  // The page gets the lists capped (store.ts LIST_LIMIT); the workbook gets every row. Timeliness depends on the day.
  const compute = async (scope: Scope, periodId: number | undefined, full = false) => {
    const day = today();
    const key = `dashboard|${scope.level}|${scope.level === 'nation' ? '' : scope.id}|${periodId ?? 'latest'}|${full ? 'full' : 'capped'}|${day}`;
    return cachedAnswer(db, scope, key, async () => readDashboard(db, scope, await resolvePeriod(db, periodId), day, { full }), { full });
  };

  const xlsx = async (reply: FastifyReply, d: Dashboard, locale: ReturnType<typeof requestLocale>) => {
    const name = `bang-dieu-khien-${d.level}${d.unit ? `-${d.unit.code}` : ''}-${d.period.year}.xlsx`;
    return reply.type(XLSX).header('cache-control', 'no-store').header('content-disposition', `attachment; filename="${name}"`).send(await writeDashboardWorkbook(d, locale));
  };

  r.get('/api/dashboards/nation', { schema: { tags, summary: 'Bảng điều khiển toàn quốc / National dashboard', querystring: Query } }, async (request, reply) => {
    const scope = await scoped(request.user, 'nation', undefined);
    reply.header('cache-control', 'no-store');
    return compute(scope, request.query.periodId);
  });
  r.get('/api/dashboards/nation/dashboard.xlsx', { schema: { tags, summary: 'Bảng điều khiển toàn quốc (Excel) / National dashboard as a workbook', querystring: Query } }, async (request, reply) => {
    const scope = await scoped(request.user, 'nation', undefined);
    return xlsx(reply, await compute(scope, request.query.periodId, true), requestLocale(request));
  });

  const Params = z.object({ id: Id });
  r.get('/api/dashboards/provinces/:id', { schema: { tags, summary: 'Bảng điều khiển của tỉnh / A province’s dashboard', params: Params, querystring: Query } }, async (request, reply) => {
    const scope = await scoped(request.user, 'province', request.params.id);
    reply.header('cache-control', 'no-store');
    return compute(scope, request.query.periodId);
  });
  r.get('/api/dashboards/provinces/:id/dashboard.xlsx', { schema: { tags, summary: 'Bảng điều khiển của tỉnh (Excel) / A province’s dashboard as a workbook', params: Params, querystring: Query } }, async (request, reply) => {
    const scope = await scoped(request.user, 'province', request.params.id);
    return xlsx(reply, await compute(scope, request.query.periodId, true), requestLocale(request));
  });

  r.get('/api/dashboards/communes/:id', { schema: { tags, summary: 'Bảng điều khiển của xã / A commune’s dashboard', params: Params, querystring: Query } }, async (request, reply) => {
    const scope = await scoped(request.user, 'commune', request.params.id);
    reply.header('cache-control', 'no-store');
    return compute(scope, request.query.periodId);
  });
  r.get('/api/dashboards/communes/:id/dashboard.xlsx', { schema: { tags, summary: 'Bảng điều khiển của xã (Excel) / A commune’s dashboard as a workbook', params: Params, querystring: Query } }, async (request, reply) => {
    const scope = await scoped(request.user, 'commune', request.params.id);
    return xlsx(reply, await compute(scope, request.query.periodId, true), requestLocale(request));
  });
}
