// Every API route has a written contract: a named operation, its tags, what it answers on success and on failure.
// The OpenAPI document built from them passes Redocly's lint with no error.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { openTestDatabase } from '../support/db.ts';
import type { DatabaseHandle } from '../../src/server/db/database.ts';

/** Routes that are the document itself or its reader, not operations of the product. */
const OUTSIDE = (url: string) => url === '/api/openapi.json' || url.startsWith('/api/docs');

let database: DatabaseHandle;
const routes: RouteOptions[] = [];
let doc: Record<string, unknown>;

beforeAll(async () => {
  database = await openTestDatabase();
  const app = await buildApp(database, { serveWeb: false, onRoute: (r) => void routes.push(r) });
  await app.ready();
  doc = app.swagger() as Record<string, unknown>;
  await app.close();
});
afterAll(() => database.close());

const apiRoutes = () =>
  routes.filter(
    (r) =>
      r.url.startsWith('/api/') &&
      !OUTSIDE(r.url) &&
      r.method !== 'HEAD' &&
      !(Array.isArray(r.method) && r.method.every((m) => m === 'HEAD')),
  );
const label = (r: RouteOptions) => `${String(r.method)} ${r.url}`;

describe('route contracts', () => {
  it('names every operation once, with its tags', () => {
    const missing = apiRoutes()
      .filter((r) => !r.schema?.operationId || !r.schema.tags?.length)
      .map(label);
    expect(missing).toEqual([]);
    const ids = apiRoutes().map((r) => r.schema!.operationId!);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    for (const id of ids) expect(id).toMatch(/^[a-z][A-Za-z0-9]+$/);
  });

  it('declares what every route answers on success', () => {
    const missing = apiRoutes()
      .filter((r) => !Object.keys((r.schema?.response ?? {}) as object).some((s) => /^2\d\d$/.test(s)))
      .map(label);
    expect(missing).toEqual([]);
  });

  it('declares the common failures of every route with the one error schema', () => {
    for (const r of apiRoutes()) {
      const response = (r.schema?.response ?? {}) as Record<string, unknown>;
      for (const status of [400, 401, 403, 404, 500, 503])
        expect(response[status], `${label(r)} ${status}`).toBeDefined();
    }
  });
});

describe('the OpenAPI document', () => {
  it('has servers, component schemas and an error schema', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect((doc.servers as unknown[]).length).toBeGreaterThan(0);
    const schemas = (doc.components as { schemas: Record<string, unknown> }).schemas;
    expect(schemas.Error).toBeDefined();
    expect(Object.keys(schemas).length).toBeGreaterThan(10);
  });

  it('passes Redocly lint with no error', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'openapi-'));
    const file = path.join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(doc));
    let out: string;
    try {
      out = execFileSync(path.resolve('node_modules/.bin/redocly'), ['lint', file, '--format', 'json'], {
        encoding: 'utf8',
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      });
    } catch (e) {
      out = (e as { stdout?: string }).stdout ?? '';
    }
    const report = JSON.parse(out) as {
      totals: { errors: number };
      problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[];
    };
    const errors = report.problems
      .filter((p) => p.severity === 'error')
      .map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`);
    expect(errors).toEqual([]);
    expect(report.totals.errors).toBe(0);
  }, 120_000);
});
