// Builds the HTTP application: plugins, the session user on each request, and every feature's routes.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransformObject, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Db, DatabaseHandle } from './db/database.ts';
import { registerSecurity } from './http/security.ts';
import { registerErrorHandler, requestLocale } from './http/errors.ts';
import { registerInput } from './http/input.ts';
import { registerAdmission } from './http/admission.ts';
import { contractTransform, withCommonErrors } from './http/contract.ts';
import { translator } from '../i18n/index.ts';
import { authRoutes, SESSION_COOKIE } from './features/auth/index.ts';
import { userForToken, type SessionUser } from './features/auth/index.ts';
import { unitRoutes } from './features/units/index.ts';
import { ruleSetRoutes } from './features/rule-sets/index.ts';
import { assessmentRoutes } from './features/assessments/index.ts';
import { inputsWorkbookRoutes } from './features/assessments/index.ts';
import { auditRoutes } from './features/audit/index.ts';
import { roundRoutes } from './features/rounds/index.ts';
import { publicPostingPages, publicPostingRoutes } from './features/public-posting/index.ts';
import { evidenceRoutes } from './features/evidence/index.ts';
import { recheckRoutes } from './features/rechecks/index.ts';
import { groupRoutes } from './features/groups/index.ts';
import { documentRoutes } from './features/documents/index.ts';
import { registerRoutes } from './features/register/index.ts';
import { forumRoutes } from './features/forums/index.ts';
import { hazardRoutes } from './features/hazards/index.ts';
import { surveyPages, surveyRoutes } from './features/surveys/index.ts';
import { coverageRoutes, planRoutes } from './features/plans/index.ts';
import { dashboardRoutes } from './features/dashboards/index.ts';
import { reportRoutes } from './features/reports/index.ts';
import { privacyRoutes } from './features/privacy/index.ts';
import { mapRoutes } from './features/maps/index.ts';
import { statisticsRoutes } from './features/statistics/index.ts';
import { activityRoutes } from './features/activities/index.ts';
import { healthHandler, healthSchema } from './features/backup/index.ts';
import { config } from './platform/config.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    database: DatabaseHandle;
  }
  interface FastifyRequest {
    user: SessionUser | null;
  }
}

export const webDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/web');

export interface AppOptions {
  logger?: boolean;
  /** Serve the built web app from dist/web (on by default when it exists). */
  serveWeb?: boolean;
  /** Called for every route as it is added (tests collect the route table with it). */
  onRoute?: (route: RouteOptions) => void;
}

export async function buildApp(database: DatabaseHandle, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ? { level: config.logLevel } : false,
    bodyLimit: 2 * 1024 * 1024,
    trustProxy: config.trustProxy,
  });
  app.addHook('onRoute', withCommonErrors); // before the route compiles its serializers
  if (options.onRoute) app.addHook('onRoute', options.onRoute);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('db', database.db);
  app.decorate('database', database);
  app.decorateRequest('user', null);
  registerErrorHandler(app);
  registerInput(app); // JSON depth, NFC and NUL for every route, before any schema

  await app.register(compress, { threshold: 1024 }); // slow lines: JSON and pages travel compressed
  await app.register(cookie);
  await registerSecurity(app);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      servers: [{ url: '/', description: 'Máy chủ này / This server' }],
      info: {
        title: 'Xã, phường phù hợp với trẻ em — API',
        description:
          'API của nền tảng đánh giá xã, phường phù hợp với trẻ em (QĐ 06/QĐ-TTg). Child-friendly communes platform API.',
        version: '0.1.0',
        license: { name: 'MIT', identifier: 'MIT' },
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } } },
      security: [{ session: [] }],
    },
    transform: contractTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  registerAdmission(app); // before the session is read: a shed request costs no database work
  app.addHook('onRequest', async (request) => {
    const token = request.cookies[SESSION_COOKIE];
    request.user = token ? await userForToken(app.db, token) : null;
  });

  // 503 when the evidence file store cannot take a write (src/server/features/backup/health.ts).
  app.get('/api/health', { schema: healthSchema }, healthHandler(database));
  await app.register(authRoutes);
  await app.register(unitRoutes);
  await app.register(ruleSetRoutes);
  await app.register(assessmentRoutes);
  await app.register(inputsWorkbookRoutes);
  await app.register(auditRoutes);
  await app.register(roundRoutes);
  await app.register(publicPostingRoutes);
  await app.register(evidenceRoutes);
  await app.register(recheckRoutes);
  await app.register(groupRoutes);
  await app.register(documentRoutes);
  await app.register(registerRoutes);
  await app.register(forumRoutes);
  await app.register(hazardRoutes);
  await app.register(surveyRoutes);
  await app.register(planRoutes);
  await app.register(coverageRoutes);
  await app.register(dashboardRoutes);
  await app.register(reportRoutes);
  await app.register(privacyRoutes);
  await app.register(mapRoutes);
  await app.register(statisticsRoutes);
  await app.register(activityRoutes);

  if ((options.serveWeb ?? true) && existsSync(webDist)) {
    // Built assets carry a content hash, so they can be cached for long; .br/.gz copies are served when accepted.
    await app.register(fastifyStatic, {
      root: webDist,
      index: false,
      preCompressed: true,
      maxAge: '30d',
      immutable: true,
      // The build's manifest is read by the server (src/server/http/web-page.ts), not published.
      allowedPath: (pathName) => !pathName.startsWith('/.vite/'),
      // The service worker, the app manifest and the icons keep their names across builds: always revalidated.
      setHeaders: (reply, filePath) => {
        if (!/[\\/]assets[\\/]/.test(filePath)) reply.header('Cache-Control', 'no-cache');
      },
    });
    // The site's root is a page, not a directory listing (which the static plugin refuses with 403).
    app.get('/', { schema: { hide: true } }, (_request, reply) =>
      reply.header('Cache-Control', 'no-cache').sendFile('index.html', { cacheControl: false }),
    );
    // The public pages come with their data and a first drawing of it (issue 20.4), the others as index.html.
    await app.register(publicPostingPages, { webDist });
    await app.register(surveyPages, { webDist });
    // The web app routes on the client: every other path gets index.html.
    app.setNotFoundHandler((request, reply) => {
      if (request.url.startsWith('/api/') || request.url.startsWith('/assets/'))
        return reply
          .status(404)
          .send({ error: { code: 'not_found', message: translator(requestLocale(request))('common:error.no_route') } });
      return reply.header('Cache-Control', 'no-cache').sendFile('index.html', { cacheControl: false });
    });
  }
  return app;
}
