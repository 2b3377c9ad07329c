// A few fuzzed files through the server importers on one test app: the register import (preview, then
// commit when clean), the criteria-inputs workbook (preview, then commit with its token) and the commune
// categories CSV. Whatever the file: an answer with issues or a 4xx error body, never a 500 nor a failed
// job, and nothing stored when the parse reported issues. Few runs: each costs a request and a database.
// Then every route of the route table with hostile parameters and bodies (NUL, ids past PostgreSQL's
// integer, 100,000-deep JSON): never a 500, and a 400 names the field; and text typed decomposed is stored NFC.
import type { RouteOptions } from 'fastify';
import type { ZodType } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { headerLabel, TEMPLATE } from '../../src/server/features/register/import/template.ts';
import { readAssessment } from '../../src/server/features/assessments/store.ts';
import { form } from '../support/multipart.ts';
import { buildApp } from '../../src/server/app.ts';
import { prepareDatabase } from '../../src/server/bootstrap.ts';
import { openTestDatabase } from '../support/db.ts';
import { login, type TestApp } from '../support/server.ts';
import { fuzz } from './seeds.ts';

let t: TestApp;
let commune: number;
let periodId: number;
let provinceCodes: string[];
const cookies: Record<string, string> = {};
/** The route table, collected as routes are added (as the authorization matrix does). */
const routes: RouteOptions[] = [];

beforeAll(async () => {
  const database = await openTestDatabase();
  await prepareDatabase(database, { demo: true });
  const app = await buildApp(database, { serveWeb: false, onRoute: (route) => void routes.push(route) });
  await app.ready();
  t = { app, database, close: async () => (await app.close(), await database.close()) };
  const unit = await t.database.db
    .selectFrom('unit')
    .select(['id', 'parent_id'])
    .where('code', '=', '05845')
    .where('level', '=', 'commune')
    .where('valid_to', 'is', null)
    .executeTakeFirstOrThrow();
  commune = unit.id;
  periodId = (await t.database.db.selectFrom('period').select('id').where('year', '=', 2026).executeTakeFirstOrThrow())
    .id;
  provinceCodes = (
    await t.database.db
      .selectFrom('unit')
      .select('code')
      .where('parent_id', '=', unit.parent_id)
      .where('valid_to', 'is', null)
      .orderBy('code')
      .limit(6)
      .execute()
  ).map((u) => u.code);
  for (const u of ['xa.vanphu', 'tinh.thainguyen']) cookies[u] = await login(t.app, u);
}, 120_000);
afterAll(() => t?.close());

const db = () => t.database.db;
const count = async (table: 'child' | 'register_import' | 'child_circumstance') =>
  Number(
    (
      await db()
        .selectFrom(table)
        .select((e) => e.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

async function finish(jobId: string) {
  for (let i = 0; i < 600; i++) {
    const job = (
      await t.app.inject({
        method: 'GET',
        url: `/api/register/jobs/${jobId}`,
        headers: { cookie: cookies['xa.vanphu']! },
      })
    ).json();
    if (job.status !== 'running') return job;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('job did not finish');
}

/** A 4xx answer in the documented shape: { error: { code, message, issues? } }. */
function documentedError(res: { statusCode: number; json(): unknown; body: string }) {
  expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
  expect(res.statusCode, res.body).toBeLessThan(500);
  const { error } = res.json() as {
    error: { code: string; message: string; issues?: { field: string; message: string }[] };
  };
  expect(error.code).toBeTypeOf('string');
  expect(error.message.length).toBeGreaterThan(3);
  for (const i of error.issues ?? []) expect(i.message.length).toBeGreaterThan(3);
  return error;
}

describe('register import through the API', () => {
  const header = TEMPLATE[0]!.columns.map((c) => headerLabel(c.field, 'vi'));
  const good = [
    'TE-F',
    'Thôn Fuzz',
    'H-F',
    'Nguyễn Văn A',
    '',
    'Trẻ Fuzz',
    '05/09/2016',
    'Nữ',
    null,
    '',
    '',
    null,
    'Tiểu học',
    null,
    '',
    null,
    null,
    '',
  ];
  // A cell of a children row: the good value, or one of the wrong ones an officer types.
  const variant = (i: number) =>
    fc.oneof(
      { weight: 6, arbitrary: fc.constant(good[i] ?? null) },
      {
        weight: 1,
        arbitrary: fc.constantFrom<ExcelJS.CellValue>(
          '',
          '31/02/2016',
          '01/01/2031',
          'Khác',
          12_345,
          'x',
          null,
          { error: '#N/A' } as ExcelJS.CellValue,
          new Date(Date.UTC(2015, 0, 1)),
        ),
      },
    );
  const rowArb = (n: number) =>
    fc
      .tuple(...header.map((_, i) => variant(i)))
      .map((cells) =>
        cells.map((c, i) => (i === 0 && c === good[0] ? `TE-F${n}` : i === 2 && c === good[2] ? `H-F${n}` : c)),
      );
  const fileArb = fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .integer({ min: 1, max: 4 })
        .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => rowArb(i))))
        .map((rows) => ({ kind: 'xlsx' as const, rows })),
    },
    {
      weight: 1,
      arbitrary: fc
        .uint8Array({ minLength: 1, maxLength: 200 })
        .map((b) => ({ kind: 'bytes' as const, bytes: Buffer.concat([Buffer.from('PK\x03\x04'), b]) })),
    },
  );

  it('fuzzed files: a preview with issues stores nothing; a clean one commits exactly its children', async () => {
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fileArb, async (file) => {
        let data: Buffer;
        if (file.kind === 'bytes') data = file.bytes;
        else {
          const wb = new ExcelJS.Workbook();
          const ws = wb.addWorksheet('Trẻ em');
          ws.addRow(header);
          for (const r of file.rows) ws.addRow(r);
          data = Buffer.from(await wb.xlsx.writeBuffer());
        }
        const before = { children: await count('child'), imports: await count('register_import') };
        const body = await form({}, { name: 'fuzz.xlsx', data });
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/communes/${commune}/register/imports`,
          headers: { ...body.headers, cookie: cookies['xa.vanphu']! },
          payload: body.payload,
        });
        if (res.statusCode !== 202) {
          documentedError(res); // refused at the upload (not a spreadsheet)
          seen.add('refused');
          expect({ children: await count('child'), imports: await count('register_import') }).toEqual(before);
          return;
        }
        const job = await finish(res.json().jobId);
        expect(job.status, JSON.stringify(job.error)).toBe('done');
        const preview = job.result as {
          importId: number | null;
          issues: { sheet: string; row: number; field: string; message: string }[];
          summary: { children: { new: number; updated: number } };
        };
        if (preview.issues.length) {
          expect(preview.importId).toBeNull();
          seen.add('issues');
          for (const i of preview.issues) expect(i.row === 0 || (i.sheet !== '' && i.field !== '')).toBe(true);
          expect({ children: await count('child'), imports: await count('register_import') }).toEqual(before);
          return;
        }
        expect(preview.importId).toBeTypeOf('number');
        expect(await count('child')).toBe(before.children); // the preview alone stores no child
        const commit = await t.app.inject({
          method: 'POST',
          url: `/api/communes/${commune}/register/imports/${preview.importId}/commit`,
          headers: { cookie: cookies['xa.vanphu']! },
        });
        expect(commit.statusCode, commit.body).toBe(202);
        expect((await finish(commit.json().jobId)).status).toBe('done');
        expect(await count('child')).toBe(before.children + preview.summary.children.new);
        seen.add('committed');
      }),
      fuzz('api.register', 12, { timeout: 30_000 }),
    );
    expect([...seen].sort()).toEqual(['committed', 'issues', 'refused']); // the runs reached every outcome
  }, 240_000);
});

describe('criteria-inputs workbook through the API', () => {
  const base = () => `/api/units/${commune}/assessments/${periodId}/inputs.xlsx`;
  const send = async (kind: 'preview' | 'commit', data: Buffer, token?: string) => {
    const body = await form({}, { name: 'fuzz.xlsx', data });
    return t.app.inject({
      method: 'POST',
      url: `${base()}/${kind}${token ? `?token=${token}` : ''}`,
      headers: { ...body.headers, cookie: cookies['xa.vanphu']! },
      payload: body.payload,
    });
  };
  const stored = async () =>
    Object.fromEntries(
      Object.entries((await readAssessment(db(), commune, periodId)).values).map(([k, v]) => [k, v.value]),
    );
  // 0 and 1 are right for counts and flags alike (Không/Có): most cells are right, some are not.
  const entry = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(0, 1) },
    { weight: 1, arbitrary: fc.integer({ min: -2, max: 5000 }) },
    fc.constantFrom<ExcelJS.CellValue>(
      'Có',
      'Không',
      'maybe',
      '1.234',
      '12,5',
      -1,
      1.5,
      200_000_000,
      true,
      new Date(Date.UTC(2020, 0, 1)),
      { error: '#REF!' } as ExcelJS.CellValue,
    ),
  );

  it('fuzzed entry cells: 200 with issues and no token, or a token whose commit saves exactly the changes', async () => {
    const seen = new Set<string>();
    const template = (await t.app.inject({ method: 'GET', url: base(), headers: { cookie: cookies['xa.vanphu']! } }))
      .rawPayload;
    const codes = (await readAssessment(db(), commune, periodId)).ruleSet.definition.inputs.map((i) => i.code);
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.constantFrom(...codes, 'NOPE.code'), entry, { minKeys: 1, maxKeys: 4 }),
        fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
        async (entries, renameSheet) => {
          const wb = new ExcelJS.Workbook();
          await wb.xlsx.load(template as unknown as ArrayBuffer);
          const ws = wb.getWorksheet('Chỉ tiêu')!;
          ws.eachRow((row, n) => {
            const code = String(row.getCell(2).value ?? '');
            if (n > 1 && code in entries) row.getCell(6).value = entries[code]!;
          });
          if (entries['NOPE.code'] !== undefined) ws.addRow(['', 'NOPE.code', '', '', '', entries['NOPE.code']]);
          if (renameSheet) ws.name = 'Trang tính';
          const data = Buffer.from(await wb.xlsx.writeBuffer());
          const before = await stored();
          const res = await send('preview', data);
          if (res.statusCode !== 200) {
            documentedError(res);
            seen.add('refused');
            expect(await stored()).toEqual(before);
            return;
          }
          const preview = res.json() as {
            issues: { row: number; column: string; message: string }[];
            token: string | null;
            changes: { code: string; newValue: unknown }[];
          };
          expect(await stored()).toEqual(before);
          if (preview.issues.length || !preview.token) {
            expect(preview.token).toBeNull();
            seen.add('issues');
            for (const i of preview.issues) expect(i.row > 1 && /^[A-Z]+ \(/.test(i.column)).toBe(true);
            const refused = await send('commit', data, 'f'.repeat(64));
            expect(refused.statusCode).toBeGreaterThanOrEqual(400);
            expect(await stored()).toEqual(before);
            return;
          }
          const commit = await send('commit', data, preview.token);
          expect(commit.statusCode, commit.body).toBe(200);
          expect(await stored()).toEqual({
            ...before,
            ...Object.fromEntries(preview.changes.map((c) => [c.code, c.newValue])),
          });
          seen.add('committed');
        },
      ),
      fuzz('api.inputs', 8, { timeout: 30_000 }),
    );
    expect(seen.has('committed') && seen.has('issues')).toBe(true);
  }, 240_000);
});

describe('commune categories CSV through the API', () => {
  const cell = () =>
    fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(...provinceCodes) },
      { weight: 1, arbitrary: fc.constantFrom('5845', '00001', '99999', '', 'abc') },
      { weight: 1, arbitrary: fc.string({ maxLength: 5 }) },
    );
  const category = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom('urban_ward', 'disadvantaged', 'other', 'Khác', 'OTHER', '') },
    fc.constantFrom('Phường đô thị', 'KHONG'),
    fc.string({ maxLength: 5 }),
  );
  const csvArbOf = () =>
    fc.oneof(
      fc
        .tuple(
          fc.constantFrom('code,category', 'ma,loai', 'Mã xã;Loại', 'code', 'x,y'),
          fc.array(fc.tuple(cell(), category), { maxLength: 3 }),
          fc.constantFrom(',', ';'),
        )
        .map(([head, rows, sep]) =>
          [
            head,
            ...rows.map(([c, k]) =>
              [c, k].map((v) => (/[",;\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(sep),
            ),
          ].join('\n'),
        ),
      fc.string({ maxLength: 60 }),
    );
  const categories = async () =>
    (
      await db()
        .selectFrom('unit')
        .select(['code', 'category'])
        .where('level', '=', 'commune')
        .where('valid_to', 'is', null)
        .orderBy('code')
        .execute()
    ).map((u) => `${u.code}:${u.category}`);

  it('fuzzed CSV: every row issue names its row and column, and nothing changes unless every row is right', async () => {
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(csvArbOf(), async (csv) => {
        const before = await categories();
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/units/categories/import',
          headers: { cookie: cookies['tinh.thainguyen']! },
          payload: { csv },
        });
        if (res.statusCode !== 200) {
          const error = documentedError(res);
          expect(res.statusCode).toBe(400);
          seen.add('refused');
          for (const i of (error.issues ?? []) as { row?: number; field: string }[]) {
            expect(i.row).toBeGreaterThanOrEqual(1);
            expect(i.field.length).toBeGreaterThan(0);
          }
          expect(await categories()).toEqual(before);
          return;
        }
        const result = res.json() as {
          applied: number;
          rows: { code: string; after: string; before: string | null }[];
        };
        const after = await categories();
        expect(after.filter((x, i) => x !== before[i]).length).toBe(result.applied);
        seen.add(result.applied ? 'applied' : 'unchanged');
      }),
      fuzz('api.categories', 15, { timeout: 30_000 }),
    );
    expect(seen.has('refused') && (seen.has('applied') || seen.has('unchanged'))).toBe(true);
  }, 240_000);
});

describe('every route against hostile parameters and bodies', () => {
  const NUL = '\u0000';
  const BIG_IDS = ['2147483648', '99999999999999999999'];
  const isId = (name: string) => name === 'id' || /Id$/.test(name);
  // Values the other parameters take meanwhile, so that the one under test is the one at fault.
  const plain: Record<string, string> = { code: '05845', year: '2026', kind: 'annual', format: 'pdf' };
  let ip = 0;
  const nextIp = () => `10.66.${(++ip >> 8) & 255}.${ip & 255}`;
  const shape = (schema: unknown) => (schema as { shape?: Record<string, ZodType> } | undefined)?.shape ?? {};
  const apiRoutes = () =>
    routes
      .filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs'))
      .flatMap((r) =>
        (Array.isArray(r.method) ? r.method : [r.method])
          .filter((m) => m !== 'HEAD')
          .map((method) => ({ method, route: r })),
      );

  /** Status below 500; a 4xx in the documented shape; a field failure names `field` when the route's own schema refuses the value. */
  function check(label: string, res: { statusCode: number; body: string; json(): unknown }, field: string | null) {
    expect(res.statusCode, `${label}: ${res.body.slice(0, 300)}`).toBeLessThan(500);
    if (res.statusCode < 400) return null;
    const error = documentedError(res);
    if (field !== null && (error.code === 'validation' || error.code === 'nul_char'))
      expect(
        (error.issues ?? []).map((i) => i.field),
        `${label}: ${error.message}`,
      ).toContain(field);
    return error;
  }

  it('answers NUL in any path parameter or query value, and ids past 2^31−1, below 500 and naming the field', async () => {
    const apis = apiRoutes();
    expect(apis.length).toBeGreaterThan(100);
    let cases = 0;
    const refusedBy = new Set<string>();
    for (const { method, route } of apis) {
      const names = [...route.url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);
      const params = shape(route.schema?.params);
      const query = shape(route.schema?.querystring);
      const url = (values: Record<string, string>, qs = '') =>
        route.url.replace(/:([A-Za-z0-9_]+)/g, (_, n: string) => encodeURIComponent(values[n] ?? plain[n] ?? '1')) + qs;
      const send = (target: string) =>
        t.app.inject({
          method: method as 'GET',
          url: target,
          headers: { cookie: cookies['xa.vanphu']! },
          remoteAddress: nextIp(),
        });
      for (const name of names) {
        const label = `${method} ${route.url} :${name}=NUL`;
        const error = check(label, await send(url({ [name]: `${plain[name] ?? '1'}${NUL}` })), name);
        // NUL never reaches a handler: the edge refuses it naming the parameter.
        expect(error?.code, label).toBe('nul_char');
        cases++;
        if (!isId(name)) continue;
        for (const big of BIG_IDS) {
          const own = params[name] ? !params[name]!.safeParse(big).success : false;
          const res = await send(url({ [name]: big }));
          const refused = check(`${method} ${route.url} :${name}=${big}`, res, own ? name : null);
          if (own) expect(res.statusCode, `${method} ${route.url} :${name}=${big}`).toBe(400);
          if (refused) refusedBy.add(refused.code);
          cases++;
        }
      }
      for (const key of Object.keys(query).length ? Object.keys(query) : ['q']) {
        const label = `${method} ${route.url} ?${key}=NUL`;
        const error = check(label, await send(url({}, `?${key}=x%00`)), key);
        expect(error?.code, label).toBe('nul_char');
        cases++;
        if (!isId(key)) continue;
        for (const big of BIG_IDS) {
          const own = !query[key]!.safeParse(big).success;
          const res = await send(url({}, `?${key}=${big}`));
          check(`${method} ${route.url} ?${key}=${big}`, res, own ? key : null);
          if (own) expect(res.statusCode).toBe(400);
          cases++;
        }
      }
    }
    console.log(
      `hostile parameters: ${apis.length} routes, ${cases} requests, refusals by ${[...refusedBy].sort().join(', ')}`,
    );
    expect(refusedBy.has('validation')).toBe(true);
  }, 600_000);

  it('answers a 100,000-deep JSON array with 400 on every route, with a session or without', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    for (const { method, route } of apiRoutes()) {
      const url = route.url.replace(/:([A-Za-z0-9_]+)/g, (_, n: string) => plain[n] ?? '1');
      for (const cookie of [cookies['xa.vanphu']!, undefined]) {
        const res = await t.app.inject({
          method: method as 'POST',
          url,
          payload: deep,
          headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
          remoteAddress: nextIp(),
        });
        const label = `${method} ${route.url} ${cookie ? 'with' : 'without'} a session`;
        const error = check(label, res, null);
        // Fastify reads no body on GET and DELETE without one declared; everywhere else the parser refuses it.
        if (error?.code === 'json_too_deep')
          expect(error.issues, label).toEqual([expect.objectContaining({ field: 'body' })]);
        else
          expect(method === 'GET' || method === 'DELETE', `${label}: ${res.statusCode} ${res.body.slice(0, 200)}`).toBe(
            true,
          );
      }
    }
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: deep,
      headers: { 'content-type': 'application/json' },
      remoteAddress: nextIp(),
    });
    expect(login.statusCode).toBe(400);
    expect(login.json().error).toMatchObject({ code: 'json_too_deep', issues: [{ field: 'body' }] });
  }, 600_000);

  it('refuses an id past 2^31−1 in a JSON body naming the field, and stores nothing', async () => {
    const comments = async () =>
      Number(
        (
          await db()
            .selectFrom('public_comment')
            .select((e) => e.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await comments();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/public/communes/05845/comments',
      payload: { entryId: 2_147_483_648, body: 'Góp ý' },
      remoteAddress: nextIp(),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues).toEqual([expect.objectContaining({ field: 'entryId', value: 2_147_483_648 })]);
    expect(res.json().error.message).toContain('Trường “entryId” (giá trị 2147483648)');
    expect(await comments()).toBe(before);
  });
});

describe('text typed decomposed (NFD) arrives composed (NFC)', () => {
  it('stores and reads back a forum title and recommendation as NFC, so "Thôn 1" typed either way is one name', async () => {
    const nfd = 'Thôn 1'.normalize('NFD');
    const nfc = 'Thôn 1'.normalize('NFC');
    expect(nfd).not.toBe(nfc);
    const created = await t.app.inject({
      method: 'POST',
      url: `/api/communes/${commune}/forums`,
      headers: { cookie: cookies['xa.vanphu']! },
      payload: {
        kind: 'forum',
        level: 'village',
        heldOn: '2026-05-30',
        title: `Diễn đàn ${nfd}`.normalize('NFD'),
        recommendations: [{ text: `Sân chơi ở ${nfd}`, agency: 'UBND xã' }],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const forum = (
      await t.app.inject({
        method: 'GET',
        url: `/api/communes/${commune}/forums/${created.json().id}`,
        headers: { cookie: cookies['xa.vanphu']! },
      })
    ).json();
    expect(forum.title).toBe(`Diễn đàn ${nfc}`.normalize('NFC'));
    expect(forum.recommendations[0].text).toBe(`Sân chơi ở ${nfc}`);
    const row = await db()
      .selectFrom('child_forum')
      .select('title')
      .where('id', '=', created.json().id)
      .executeTakeFirstOrThrow();
    expect(row.title).toBe(`Diễn đàn ${nfc}`.normalize('NFC'));
    expect(row.title.includes(nfc)).toBe(true);
  });
});
