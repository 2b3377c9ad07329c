// An integrator's view: a client generated from GET /api/openapi.json with openapi-typescript compiles three real
// calls whose answers are typed (not `never`), and those calls answer as typed against a running server.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startTestServer } from '../support/server.ts';

const dir = path.resolve('tests/contract/.generated');
let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

// Each line reads a field of the typed answer: if the document typed the answer as `never` or `unknown`, tsc fails.
const CLIENT = `import createClient from 'openapi-fetch';
import type { paths } from './api.ts';

export async function threeCalls(baseUrl: string, cookie: string) {
  const client = createClient<paths>({ baseUrl, headers: { cookie } });
  const me = await client.GET('/api/auth/me');
  if (!me.data) throw new Error('me: ' + me.response.status);
  const roles: string[] = me.data.roles.map((r) => r.role);
  const units = await client.GET('/api/units', { params: { query: { level: 'commune', limit: 5 } } });
  if (!units.data) throw new Error('units: ' + units.response.status);
  const names: string[] = units.data.items.map((u) => u.name);
  const total: number = units.data.total;
  const unitId: number = units.data.items[0]!.id;
  const children = await client.GET('/api/communes/{unitId}/register/children', { params: { path: { unitId } } });
  const refused = children.error ? children.error.error.code : null;
  return { fullName: me.data.fullName, roles, names, total, refused };
}
`;

describe('a client generated from the OpenAPI document', () => {
  it('compiles three typed calls and runs them against the server', async () => {
    const doc = (await server.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const ast = await openapiTS(doc);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'api.ts'), astToString(ast));
    writeFileSync(path.join(dir, 'client.ts'), CLIENT);
    writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'ESNext',
          moduleResolution: 'Bundler',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          lib: ['ES2022', 'DOM'],
          types: [],
        },
        include: ['client.ts', 'api.ts'],
      }),
    );
    let out = '';
    try {
      execFileSync(path.resolve('node_modules/.bin/tsc'), ['-p', path.join(dir, 'tsconfig.json')], {
        encoding: 'utf8',
      });
    } catch (e) {
      out = String((e as { stdout?: string }).stdout ?? e);
    }
    expect(out).toBe('');

    const cookie = await login(server.app, 'tinh.thainguyen');
    const { threeCalls } = (await import(pathToFileURL(path.join(dir, 'client.ts')).href)) as {
      threeCalls: (
        baseUrl: string,
        cookie: string,
      ) => Promise<{ fullName: string; roles: string[]; names: string[]; total: number; refused: string | null }>;
    };
    const answer = await threeCalls(server.url, cookie);
    expect(answer.fullName).toContain('Nguyễn Thị Hà');
    expect(answer.roles).toContain('province_official');
    expect(answer.names.length).toBeGreaterThan(0);
    expect(answer.total).toBeGreaterThanOrEqual(answer.names.length);
    // A province official may not read a commune's child register: the typed error body says so.
    expect(answer.refused).toBe('forbidden');
  }, 120_000);
});
