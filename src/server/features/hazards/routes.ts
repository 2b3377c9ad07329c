// HTTP routes of the commune's hazard-site list (places where children may drown or fall), per village.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Id } from '../../http/schemas.ts';
import type { SessionUser } from '../auth/index.ts';
import { HazardQuery, HazardSite, HazardSiteBody, HazardSiteList, HazardSitePatch } from './contracts.ts';
import { createSite, hazardContext, listSites, updateSite } from './store.ts';

const Commune = z.object({ unitId: Id });
const SiteParams = Commune.extend({ siteId: Id });
const tags = ['hazards'];

export async function hazardRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = app.db;
  const ctxOf = (request: { user: SessionUser | null; ip: string }, unitId: number) =>
    hazardContext(db, request.user, unitId, request.ip);

  r.get(
    '/api/communes/:unitId/hazard-sites',
    {
      schema: {
        operationId: 'listHazardSites',
        tags,
        summary:
          'Điểm có nguy cơ đuối nước, tai nạn theo thôn, lọc theo tình trạng / Hazard sites by village, filtered by state',
        params: Commune,
        querystring: HazardQuery,
        response: { 200: HazardSiteList },
      },
    },
    async (request) => listSites(db, await ctxOf(request, request.params.unitId), request.query),
  );

  r.post(
    '/api/communes/:unitId/hazard-sites',
    {
      schema: {
        operationId: 'createHazardSite',
        tags,
        summary: 'Ghi một điểm nguy cơ / Add a hazard site',
        params: Commune,
        body: HazardSiteBody,
        response: { 201: HazardSite },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createSite(db, await ctxOf(request, request.params.unitId), request.body)),
  );

  r.patch(
    '/api/communes/:unitId/hazard-sites/:siteId',
    {
      schema: {
        operationId: 'updateHazardSite',
        tags,
        summary:
          'Cập nhật điểm nguy cơ (rào chắn, biển cảnh báo, đã khắc phục) / Update a hazard site (fenced, signposted, fixed)',
        params: SiteParams,
        body: HazardSitePatch,
        response: { 200: HazardSite },
      },
    },
    async (request) => updateSite(db, await ctxOf(request, request.params.unitId), request.params.siteId, request.body),
  );
}
