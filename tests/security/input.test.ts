// Input at the edge (src/server/http/input.ts) on a small Fastify app with the real error handler: every
// string NFC, a NUL refused with its field, a JSON body nested too deeply refused before anything walks it,
// Fastify's body limit and poisoning checks kept; and the error handler's safety net turning real database
// and runtime failures caused by the input (22003, 22021, 22P05, 54001, stack overflow) into 400s.
import Fastify, { type FastifyInstance, type InjectOptions } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/server/db/database.ts';
import { registerErrorHandler } from '../../src/server/http/errors.ts';
import { jsonTooDeepAt, MAX_JSON_DEPTH, registerInput } from '../../src/server/http/input.ts';
import { openTestDatabase } from '../support/db.ts';

const NFD = 'Thôn 1'.normalize('NFD');
const NFC = 'Thôn 1'.normalize('NFC');
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

let edge: FastifyInstance;
let net: FastifyInstance;
let database: DatabaseHandle;
/** Every body, query and params a handler of the edge app saw. */
const seen: unknown[] = [];

beforeAll(async () => {
  edge = Fastify({ bodyLimit: 256 * 1024 }); // room for 100,000 levels (200 KB), and a limit to hit
  registerErrorHandler(edge);
  registerInput(edge);
  edge.post('/echo/:name', async (request) => {
    seen.push(request.body);
    return { params: request.params, query: request.query, body: request.body };
  });
  edge.get('/echo/:name', async (request) => ({ params: request.params, query: request.query }));
  await edge.ready();

  // The safety net alone (no edge hook), so that the input reaches the database as sent.
  database = await openTestDatabase();
  net = Fastify();
  registerErrorHandler(net);
  net.get(
    '/int/:n',
    async (request) => (await sql`SELECT ${(request.params as { n: string }).n}::int4 AS n`.execute(database.db)).rows,
  );
  net.post(
    '/text',
    async (request) => (await sql`SELECT ${(request.body as { s: string }).s}::text AS s`.execute(database.db)).rows,
  );
  net.post(
    '/jsonb',
    async (request) => (await sql`SELECT ${(request.body as { s: string }).s}::jsonb AS j`.execute(database.db)).rows,
  );
  net.get('/stack-depth', async () =>
    sql`DO $$ BEGIN RAISE EXCEPTION 'stack depth limit exceeded' USING ERRCODE = '54001'; END $$`.execute(database.db),
  );
  net.get('/missing', async () => sql`SELECT * FROM no_such_table`.execute(database.db));
  net.get('/recursion', async () => {
    const down = (n: number): number => down(n + 1) + 1;
    return { n: down(0) };
  });
  await net.ready();
}, 120_000);
afterAll(async () => {
  await edge?.close();
  await net?.close();
  await database?.close();
});

describe('every string NFC at the edge', () => {
  it('normalises the JSON body (values and keys, nested), the query string and the path parameters', async () => {
    const res = await edge.inject({
      method: 'POST',
      url: `/echo/${encodeURIComponent(NFD)}?village=${encodeURIComponent(NFD)}&list=${encodeURIComponent(NFD)}&list=x`,
      payload: { name: NFD, villages: [{ name: NFD }], [NFD]: 1, count: 3, flag: true, none: null },
    });
    expect(res.statusCode, res.body).toBe(200);
    const { params, query, body } = res.json();
    expect(params.name).toBe(NFC);
    expect(query).toEqual({ village: NFC, list: [NFC, 'x'] });
    expect(body).toEqual({ name: NFC, villages: [{ name: NFC }], [NFC]: 1, count: 3, flag: true, none: null });
    expect(NFD).not.toBe(NFC); // the test sends what it means to: two different code point sequences
  });

  it('keeps a query key named __proto__ a plain key', async () => {
    const res = await edge.inject({ method: 'GET', url: `/echo/a?__proto__=${encodeURIComponent(NFD)}` });
    expect(res.statusCode).toBe(200);
    expect(res.json().query).toEqual({ ['__proto__']: NFC });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('NUL refused with its field', () => {
  const cases: Array<[string, InjectOptions, string]> = [
    ['a path parameter', { method: 'GET', url: '/echo/ab%00c' }, 'name'],
    ['a query value', { method: 'GET', url: '/echo/a?village=x%00' }, 'village'],
    ['a query key', { method: 'GET', url: '/echo/a?vil%00lage=x' }, 'vil\0lage'],
    [
      'a nested body value',
      { method: 'POST', url: '/echo/a', payload: { villages: [{ name: 'ok' }, { name: 'Thôn\u00001' }] } },
      'villages.1.name',
    ],
    ['a body key', { method: 'POST', url: '/echo/a', payload: { ['k\u0000']: 1 } }, 'k\0'],
  ];
  for (const [what, request, field] of cases)
    it(`in ${what}: 400 naming “${JSON.stringify(field)}”, in Vietnamese and English, and the handler never runs`, async () => {
      const before = seen.length;
      const vi = await edge.inject(request);
      expect(vi.statusCode, vi.body).toBe(400);
      const error = vi.json().error;
      expect(error.code).toBe('nul_char');
      expect(error.issues).toEqual([expect.objectContaining({ field })]);
      expect(error.message).toContain(`Trường “${field}”`);
      expect(error.message).toContain('ký tự NUL (U+0000)');
      const en = await edge.inject({ ...request, headers: { 'accept-language': 'en' } });
      expect(en.json().error.message).toContain(`Field “${field}”`);
      expect(seen.length).toBe(before);
    });
});

describe('JSON nesting depth', () => {
  it('finds the first bracket past the limit in one pass, not counting brackets inside strings', () => {
    expect(jsonTooDeepAt(nested(MAX_JSON_DEPTH))).toBe(-1);
    expect(jsonTooDeepAt(nested(MAX_JSON_DEPTH + 1))).toBe(MAX_JSON_DEPTH);
    expect(jsonTooDeepAt(JSON.stringify({ a: '['.repeat(500), b: '\\"{{{{' }))).toBe(-1);
    const escaped = `{"a":"\\"[","b":${nested(3)}}`; // an escaped quote does not end the string
    expect(jsonTooDeepAt(escaped, 3)).toBe(escaped.lastIndexOf('['));
    expect(jsonTooDeepAt(escaped, 4)).toBe(-1);
  });

  it(`takes ${MAX_JSON_DEPTH} levels and refuses ${MAX_JSON_DEPTH + 1} or 100,000 with 400 before the handler`, async () => {
    const ok = await edge.inject({
      method: 'POST',
      url: '/echo/a',
      headers: { 'content-type': 'application/json' },
      payload: nested(MAX_JSON_DEPTH),
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const before = seen.length;
    for (const depth of [MAX_JSON_DEPTH + 1, 100_000]) {
      const res = await edge.inject({
        method: 'POST',
        url: '/echo/a',
        headers: { 'content-type': 'application/json' },
        payload: nested(depth),
      });
      expect(res.statusCode, res.body).toBe(400);
      const error = res.json().error;
      expect(error.code).toBe('json_too_deep');
      expect(error.message).toBe(
        `Trường “body”: dữ liệu JSON lồng nhau quá sâu (quá ${MAX_JSON_DEPTH} cấp mảng, đối tượng lồng trong nhau, tại ký tự thứ ${MAX_JSON_DEPTH + 1}); không có gì được lưu.`,
      );
      expect(error.issues).toEqual([expect.objectContaining({ field: 'body' })]);
    }
    expect(seen.length).toBe(before);
  });

  it('keeps Fastify’s body limit, its poisoning checks and the malformed_json answer', async () => {
    const post = (payload: string) =>
      edge.inject({ method: 'POST', url: '/echo/a', headers: { 'content-type': 'application/json' }, payload });
    const big = await post(JSON.stringify({ s: 'x'.repeat(300_000) }));
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('too_large');
    for (const bad of ['{"a":', '{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"polluted":1}}}', '']) {
      const res = await post(bad);
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().error.code, bad).toBe('malformed_json');
      expect(res.json().error.message, bad).toMatch(/^Dữ liệu gửi lên không phải JSON hợp lệ/);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('the error handler’s safety net', () => {
  const expect400 = async (request: InjectOptions, code: string, vi: RegExp, en: RegExp) => {
    const res = await net.inject(request);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.code).toBe(code);
    expect(res.json().error.message).toMatch(vi);
    const english = await net.inject({ ...request, headers: { 'accept-language': 'en' } });
    expect(english.json().error.message).toMatch(en);
  };

  it('answers a number out of the database’s range (22003) with 400', () =>
    expect400(
      { method: 'GET', url: '/int/2147483648' },
      'out_of_range',
      /vượt quá giới hạn lưu trữ/,
      /beyond what can be stored/,
    ));

  it('answers NUL in text (22021) and in jsonb (22P05) with 400', async () => {
    await expect400(
      { method: 'POST', url: '/text', payload: { s: 'a\u0000b' } },
      'bad_text',
      /ký tự không lưu được/,
      /cannot be stored/,
    );
    await expect400(
      { method: 'POST', url: '/jsonb', payload: { s: '{"a":"\\u0000"}' } },
      'bad_text',
      /ký tự không lưu được/,
      /cannot be stored/,
    );
  });

  it('answers the database’s stack depth (54001) and a JavaScript stack overflow with 400', async () => {
    await expect400({ method: 'GET', url: '/stack-depth' }, 'too_deep', /lồng nhau quá sâu/, /nests too deeply/);
    if (database.kind === 'postgres')
      // PostgreSQL's own jsonb parser hits its limit (PGlite answers no row at all instead, which is why the edge limit matters).
      await expect400(
        { method: 'POST', url: '/jsonb', payload: { s: nested(100_000) } },
        'too_deep',
        /lồng nhau quá sâu/,
        /nests too deeply/,
      );
    await expect400({ method: 'GET', url: '/recursion' }, 'too_deep', /lồng nhau quá sâu/, /nests too deeply/);
  });

  it('still answers 500 for the server’s own failures', async () => {
    const res = await net.inject({ method: 'GET', url: '/missing' }); // 42P01: a fault of the server, not of the input
    expect(res.statusCode).toBe(500);
    expect(res.json().error.code).toBe('internal');
  });
});
