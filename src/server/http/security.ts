// Web security for every response and request: headers (helmet, with a content security policy that
// allows only the app's own scripts), and cross-site request forgery refused by origin.
import helmet from '@fastify/helmet';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Refusal } from '../platform/refusal.ts';
import { config } from '../platform/config.ts';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * A state-changing request must come from the app's own pages. Browsers say where a request comes from
 * (Sec-Fetch-Site, Origin); a request that says another site is refused, whatever its cookies. Requests
 * that carry neither header are not from a browser page (the CLI, scripts, tests) and cannot ride a
 * user's cookies. The SameSite=Strict session cookie is the second line.
 */
export function crossSite(request: FastifyRequest, publicOrigin: string | null): boolean {
  if (!UNSAFE.has(request.method)) return false;
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') return true;
  const origin = request.headers.origin;
  if (origin === undefined) return false;
  if (origin === 'null') return true;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return true;
  }
  const forwarded = request.headers['x-forwarded-host'];
  const own = [request.headers.host, typeof forwarded === 'string' ? forwarded.split(',')[0]!.trim() : undefined];
  return !own.includes(host) && origin !== publicOrigin;
}

export async function registerSecurity(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // React sets style attributes; no script can come in that way.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameSrc: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
    },
    // Same-origin pages embed their own PDFs (code slips, documents) in frames.
    frameguard: { action: 'sameorigin' },
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'same-origin' },
  });
  const publicUrl = config.publicUrl;
  const publicOrigin = publicUrl ? new URL(publicUrl).origin : null;
  app.addHook('onRequest', async (request) => {
    if (crossSite(request, publicOrigin)) throw new Refusal('forbidden', 'common:error.cross_site');
  });
}
