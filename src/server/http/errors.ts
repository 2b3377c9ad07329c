// One error shape for every route: { error: { code, message, issues? } }, message in the caller's language.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pickLocale, translator, type Locale } from '../../i18n/index.ts';
import type { Translate } from '../../core/scoring/explain.ts';
import { Phrase, Refusal, VERBATIM, ZOD_REASON, type RefusalKind } from '../platform/refusal.ts';
import { isConnectionError } from '../db/database.ts';

export interface IssueBody {
  field: string;
  value: unknown;
  message: string;
}

/** The HTTP status of each kind of refusal: decided here, at the edge, and nowhere in the data layer. */
export const STATUS_OF: Record<RefusalKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported_type: 415,
  locked: 423,
  rate_limited: 429,
  damaged: 500,
};

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A parameter that is a calendar day ('2026-12-12', as the data layer carries days) as people read it: 12/12/2026. */
export function shownParam(value: unknown): unknown {
  const m = typeof value === 'string' ? ISO_DAY.exec(value) : null;
  if (!m) return value;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(Date.UTC(y, mo - 1, d));
  // Not a real day (2026-02-30): shown as sent, so the message names what was typed.
  return day.getUTCMonth() === mo - 1 && day.getUTCDate() === d ? `${m[3]}/${m[2]}/${m[1]}` : value;
}

/** A phrase in the caller's language; parameters that are phrases themselves are translated first, days dd/mm/yyyy. */
export function say(t: Translate, p: Phrase, locale: Locale): string {
  if (p.key === VERBATIM) return String(p.params.text);
  if (p.key === ZOD_REASON) return zodReason(p.params.issue as Parameters<typeof zodReason>[0], locale);
  const params: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(p.params)) params[k] = v instanceof Phrase ? say(t, v, locale) : shownParam(v);
  return t(p.key, params);
}

/** A refusal as the API's error body, in the caller's language. */
export function refusalBody(refusal: Refusal, locale: Locale) {
  const t = translator(locale);
  return {
    code: refusal.key.split('.').pop()!,
    message: say(t, new Phrase(refusal.key, refusal.params), locale),
    issues: refusal.issues.map((i) => ({
      ...(i.row === undefined ? {} : { row: i.row }),
      field: i.field,
      value: i.value ?? null,
      message: say(t, i.message, locale),
    })),
  };
}

export function requestLocale(request: FastifyRequest): Locale {
  const user = (request as { user?: { locale?: string } }).user;
  const cookie = (request.cookies as Record<string, string | undefined> | undefined)?.lang;
  return pickLocale(cookie ?? user?.locale ?? request.headers['accept-language']);
}

const zodLocales = { vi: z.locales.vi(), en: z.locales.en() };

/** Zod's own Vietnamese or English sentence for an issue (zod ships both locales). */
export function zodReason(
  issue: { code: string; path: PropertyKey[]; message: string; input?: unknown },
  locale: Locale,
): string {
  const detail = zodLocales[locale].localeError(issue as never);
  return typeof detail === 'string' ? detail : (detail?.message ?? issue.message);
}

/** The value at a validation issue's path, so that messages can quote what was sent. */
export function valueAt(root: unknown, path: PropertyKey[]): unknown {
  let v: unknown = root;
  for (const key of path) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key] : undefined;
  return v;
}

const show = (v: unknown) => (v === undefined ? '(trống)' : JSON.stringify(v)?.slice(0, 200));

/**
 * Failures caused by what was sent rather than by the server: PostgreSQL's numeric out of range (22003),
 * bad byte sequence or NUL in text/jsonb (22021, 22P05), stack depth (54001), and a JS stack overflow.
 */
export function inputRefusal(error: unknown): 'out_of_range' | 'bad_text' | 'too_deep' | null {
  if (error instanceof RangeError && /Maximum call stack size exceeded/.test(error.message)) return 'too_deep';
  const code = (error as { code?: unknown } | null)?.code;
  if (code === '22003') return 'out_of_range';
  if (code === '22021' || code === '22P05') return 'bad_text';
  if (code === '54001') return 'too_deep';
  return null;
}

export function registerErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const locale = requestLocale(request);
    const t = translator(locale);
    if (error instanceof Refusal)
      return reply.status(STATUS_OF[error.kind]).send({ error: refusalBody(error, locale) });
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = (error.validationContext ?? 'body') as 'body' | 'querystring' | 'params' | 'headers';
      const source = {
        body: request.body,
        querystring: request.query,
        params: request.params,
        headers: request.headers,
      }[where];
      const issues = error.validation.map((v) => {
        const path = v.instancePath
          .split('/')
          .filter(Boolean)
          .map((k) => (/^\d+$/.test(k) ? Number(k) : k));
        const field = path.length ? path.join('.') : where;
        const value = valueAt(source, path);
        // Rebuild zod's issue so that zod's own Vietnamese/English messages describe it.
        const reason = zodReason(
          { ...v.params, code: v.keyword, path, message: v.message ?? '', input: value },
          locale,
        );
        return { field, value: value ?? null, message: t('common:error.field', { field, value: show(value), reason }) };
      });
      return reply.status(400).send({
        error: { code: 'validation', message: issues.map((i) => i.message).join(' '), issues },
      });
    }
    if (error.statusCode === 413 || error.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      return reply.status(413).send({ error: { code: 'too_large', message: t('common:error.too_large') } });
    if (
      error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
      (error instanceof SyntaxError && error.statusCode === 400) ||
      error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
    )
      return reply.status(400).send({
        error: { code: 'malformed_json', message: t('common:error.malformed_json', { detail: error.message }) },
      });
    if (error.statusCode === 429)
      return reply.status(429).send({ error: { code: 'rate_limited', message: t('common:error.rate_limited') } });
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500)
      return reply
        .status(error.statusCode)
        .send({ error: { code: error.code ?? 'bad_request', message: error.message } });
    // A safety net behind the schemas: input the database or the runtime cannot take is the caller's fault, not ours.
    const refused = inputRefusal(error);
    if (refused) {
      request.log.warn(error);
      return reply.status(400).send({ error: { code: refused, message: t(`common:error.${refused}`) } });
    }
    // PostgreSQL restarting or a dropped connection: the transaction rolled back, so the client may simply retry.
    if (isConnectionError(error)) {
      request.log.warn(error);
      return reply
        .status(503)
        .header('retry-after', '5')
        .send({ error: { code: 'db_unavailable', message: t('common:error.db_unavailable') } });
    }
    request.log.error(error);
    return reply.status(500).send({ error: { code: 'internal', message: t('common:error.internal') } });
  });
}
