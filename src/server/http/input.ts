// Every request's input, at the edge and before any schema or handler sees it:
// - a JSON body nested deeper than MAX_JSON_DEPTH is refused before anything recursive (the parser, the
//   validators, this file) walks it; Fastify's own parser then parses it, with its body limit and its
//   __proto__/constructor poisoning checks;
// - every string of the JSON body, the query string and the path parameters, keys included, becomes NFC:
//   text typed in decomposed form (macOS, some Vietnamese keyboards) matches what is stored, so "Thôn 1"
//   typed either way is one village;
// - a NUL character (U+0000) anywhere there is refused, naming the field: PostgreSQL cannot store it in
//   text or jsonb, and no person types it.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Refusal, phrase } from '../platform/refusal.ts';

/** Deeper than any document the app takes (rule sets, boundary files, plans nest a dozen levels at most). */
export const MAX_JSON_DEPTH = 64;

/** The character offset where nesting first goes deeper than `max`, or -1; one pass, skipping string contents. */
export function jsonTooDeepAt(text: string, max = MAX_JSON_DEPTH): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // A string: brackets inside it do not nest; a backslash escapes the next character.
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return -1;
}

type Source = 'body' | 'querystring' | 'params';
type Path = (string | number)[];
/** The first string or key holding a NUL, found on the way. */
type Found = { nul?: { path: Path; value: string } };

/** The value with every string and key NFC (arrays and plain objects changed in place); `path` is the walk's stack. */
function normalise(value: unknown, path: Path, found: Found): unknown {
  if (typeof value === 'string') {
    if (!found.nul && value.includes('\0')) found.nul = { path: [...path], value };
    return value.normalize('NFC');
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      value[i] = normalise(value[i], path, found);
      path.pop();
    }
    return value;
  }
  if (value && typeof value === 'object') {
    // Plain and null-prototype objects (JSON, query string, router params); a Buffer or a stream is not text.
    const proto = Object.getPrototypeOf(value);
    if (proto !== null && Object.getPrototypeOf(proto) !== null) return value;
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      path.push(key);
      if (!found.nul && key.includes('\0')) found.nul = { path: [...path], value: key };
      const item = record[key];
      const next = normalise(item, path, found);
      path.pop();
      const nfcKey = key.normalize('NFC');
      if (nfcKey === key && next === item) continue;
      if (nfcKey !== key) delete record[key];
      // defineProperty, not assignment: a key named "__proto__" (a query string may hold one) stays a plain key.
      Object.defineProperty(record, nfcKey, { value: next, enumerable: true, writable: true, configurable: true });
    }
  }
  return value;
}

const show = (v: string) => JSON.stringify(v.length > 200 ? `${v.slice(0, 200)}…` : v);

/** NFC for every string of one part of the request; a NUL is refused with its field and value. */
function clean(request: FastifyRequest, source: Source, value: unknown): unknown {
  const found: Found = {};
  const result = normalise(value, [], found);
  if (!found.nul) return result;
  const field = found.nul.path.length ? found.nul.path.join('.') : source;
  const params = { field, value: show(found.nul.value) };
  throw new Refusal('invalid', 'common:error.nul_char', params, [
    { field, value: found.nul.value, message: phrase('common:error.nul_char', params) },
  ]);
}

export function registerInput(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser(
    app.initialConfig.onProtoPoisoning ?? 'error',
    app.initialConfig.onConstructorPoisoning ?? 'error',
  );
  // Replaces the default application/json parser (same body limit, as a string), checking depth first.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    const at = jsonTooDeepAt(text);
    if (at < 0) return parseJson(request, text, done);
    const params = { max: MAX_JSON_DEPTH, position: at + 1 };
    done(
      new Refusal('invalid', 'common:error.json_too_deep', params, [
        { field: 'body', value: null, message: phrase('common:error.json_too_deep', params) },
      ]),
      undefined,
    );
  });
  app.addHook('preValidation', async (request) => {
    request.params = clean(request, 'params', request.params);
    request.query = clean(request, 'querystring', request.query);
    request.body = clean(request, 'body', request.body);
  });
}
