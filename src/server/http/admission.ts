// Admission control (issue 23): each class of API route (logins, writes, reads) has a number of requests it
// may work on at once. One more waits in line a bounded time for a place; past that, or when the line is
// already full, it gets a fast 503 with Retry-After instead of waiting in an unbounded queue. The limit is
// taken before the session is read, so a shed request costs no database work.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { translator } from '../../i18n/index.ts';
import { config } from '../platform/config.ts';
import { requestLocale } from './errors.ts';

export type RouteClass = 'login' | 'write' | 'read';
export const ROUTE_CLASSES: readonly RouteClass[] = ['login', 'write', 'read'];

export interface AdmissionSettings {
  /** Requests of each class worked on at once. */
  limits: Record<RouteClass, number>;
  /** How long a request may wait for a place before it is refused. */
  waitMs: number;
  /** The Retry-After of a refusal, in seconds. */
  retryAfterSeconds: number;
}

/** What a gate has done since the server started (tests and the benchmark read it). */
export interface GateCounts {
  admitted: number;
  waited: number;
  shed: number;
  inFlight: number;
  queued: number;
}

interface Waiter {
  resolve(admitted: boolean): void;
  timer?: NodeJS.Timeout;
}

/** A counting semaphore with a bounded line: a place is handed straight to the next in line when one leaves. */
export class Gate {
  private inFlight = 0;
  private readonly line: Waiter[] = [];
  private readonly counts = { admitted: 0, waited: 0, shed: 0 };

  constructor(
    readonly limit: number,
    /** Waiting beyond this many is pointless: they could not all get a place within the wait. */
    readonly maxLine: number,
  ) {}

  /** true at once when there is a place; otherwise a promise of whether one came within `waitMs`. */
  enter(waitMs: number): true | Promise<boolean> {
    if (this.inFlight < this.limit) {
      this.inFlight++;
      this.counts.admitted++;
      return true;
    }
    if (this.line.length >= this.maxLine || waitMs <= 0) {
      this.counts.shed++;
      return Promise.resolve(false);
    }
    return new Promise<boolean>((resolve) => {
      const waiter: Waiter = { resolve };
      // Infinity: wait as long as it takes (a line bounded by its callers).
      if (Number.isFinite(waitMs))
        waiter.timer = setTimeout(() => {
          const i = this.line.indexOf(waiter);
          if (i >= 0) this.line.splice(i, 1);
          this.counts.shed++;
          resolve(false);
        }, waitMs);
      this.line.push(waiter);
    });
  }

  /** Frees a place: the first in line takes it, so the count in flight never goes above the limit. */
  leave(): void {
    const next = this.line.shift();
    if (next) {
      if (next.timer) clearTimeout(next.timer);
      this.counts.admitted++;
      this.counts.waited++;
      next.resolve(true);
    } else this.inFlight--;
  }

  snapshot(): GateCounts {
    return { ...this.counts, inFlight: this.inFlight, queued: this.line.length };
  }
}

/** The class of a request: logins and password changes (argon2 work), other writes, reads; null: not admitted. */
export function routeClassOf(method: string, url: string): RouteClass | null {
  if (!url.startsWith('/api/') || url === '/api/health') return null;
  if (method === 'POST' && (url === '/api/auth/login' || url === '/api/auth/password')) return 'login';
  return method === 'GET' || method === 'HEAD' || method === 'OPTIONS' ? 'read' : 'write';
}

/** The settings of this process: config, with limits derived from the database pool and the cores by default. */
export function admissionSettings(): AdmissionSettings {
  return {
    limits: { login: config.admissionLoginLimit, write: config.admissionWriteLimit, read: config.admissionReadLimit },
    waitMs: config.admissionWaitMs,
    retryAfterSeconds: config.admissionRetryAfterSeconds,
  };
}

declare module 'fastify' {
  interface FastifyInstance {
    admission: { settings: AdmissionSettings; counts(): Record<RouteClass, GateCounts> };
  }
}

/** Adds the gate to every API route; must be added before the hook that reads the session. */
export function registerAdmission(app: FastifyInstance, settings: AdmissionSettings = admissionSettings()): void {
  // A line as long as can be served within the wait at about 10 ms a request, and never shorter than the limit.
  const gates = Object.fromEntries(
    ROUTE_CLASSES.map((c) => {
      const limit = settings.limits[c];
      return [c, new Gate(limit, Math.max(limit, Math.ceil((limit * settings.waitMs) / 10)))];
    }),
  ) as Record<RouteClass, Gate>;
  app.decorate('admission', {
    settings,
    counts: () =>
      Object.fromEntries(ROUTE_CLASSES.map((c) => [c, gates[c].snapshot()])) as Record<RouteClass, GateCounts>,
  });

  const refuse = (request: FastifyRequest, reply: FastifyReply) => {
    const t = translator(requestLocale(request));
    return reply
      .status(503)
      .header('retry-after', String(settings.retryAfterSeconds))
      .send({ error: { code: 'overloaded', message: t('common:error.overloaded') } });
  };

  app.addHook('onRequest', async (request, reply) => {
    const routeClass = routeClassOf(request.method, request.routeOptions.url ?? request.url.split('?')[0]!);
    if (!routeClass) return;
    const gate = gates[routeClass];
    // 'close' comes exactly once, after the answer is sent or when the client went away (perhaps while waiting).
    let held = false;
    let closed = false;
    reply.raw.once('close', () => {
      closed = true;
      if (held) gate.leave();
    });
    const entered = gate.enter(settings.waitMs);
    if (entered !== true && !(await entered)) return refuse(request, reply);
    if (closed) {
      gate.leave(); // the client left while waiting: no work for nobody
      return refuse(request, reply);
    }
    held = true;
  });
}
