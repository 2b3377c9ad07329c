// The units API and commune categories: listing, history, single edits and the all-or-nothing CSV import.
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/server/db/database.ts';
import { registerErrorHandler } from '../../src/server/http/errors.ts';
import type { SessionUser } from '../../src/server/features/auth/users.ts';
import {
  importCategories,
  loadOfficialUnits,
  setCategory,
  type ImportError,
} from '../../src/server/features/units/load.ts';
import { translator } from '../../src/i18n/index.ts';
import { unitRoutes } from '../../src/server/features/units/routes.ts';
import { openTestDatabase } from '../support/db.ts';

let handle: DatabaseHandle;
let app: FastifyInstance;
const users: Record<string, SessionUser> = {};
const ids: Record<string, number> = {};

/** Current unit id by level and code. */
const unitId = async (level: 'province' | 'commune', code: string, current = true) => {
  const row = await handle.db
    .selectFrom('unit')
    .select('id')
    .where('level', '=', level)
    .where('code', '=', code)
    .where('valid_to', current ? 'is' : 'is not', null)
    .executeTakeFirstOrThrow();
  return row.id;
};

const categoryOf = async (code: string) =>
  (
    await handle.db
      .selectFrom('unit')
      .select('category')
      .where('level', '=', 'commune')
      .where('code', '=', code)
      .where('valid_to', 'is', null)
      .executeTakeFirstOrThrow()
  ).category;

const audits = async () =>
  Number(
    (
      await handle.db
        .selectFrom('audit_log')
        .select(sql<string>`count(*)`.as('n'))
        .where('action', '=', 'set_category')
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  handle = await openTestDatabase();
  await loadOfficialUnits(handle.db);
  ids.thaiNguyen = await unitId('province', '19');
  ids.haNoi = await unitId('province', '01');
  ids.tanCuong = await unitId('commune', '05503');
  const grants: Record<string, SessionUser['roles']> = {
    admin: [{ role: 'system_admin', unitId: null }],
    tinh: [{ role: 'province_official', unitId: ids.thaiNguyen }],
    hanoi: [{ role: 'province_official', unitId: ids.haNoi }],
    xa: [{ role: 'commune_officer', unitId: ids.tanCuong }],
  };
  for (const [username, roles] of Object.entries(grants)) {
    const { id } = await handle.db
      .insertInto('app_user')
      .values({ username, password_hash: 'x', full_name: username })
      .returning('id')
      .executeTakeFirstOrThrow();
    users[username] = { id, username, fullName: username, locale: 'vi', roles };
  }

  // The same setup lines as src/server/app.ts, with the user chosen by a test header instead of a session cookie.
  app = Fastify();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('db', handle.db);
  app.decorate('database', handle);
  app.decorateRequest('user', null);
  registerErrorHandler(app);
  await app.register(cookie);
  app.addHook('onRequest', async (request) => {
    const who = request.headers['x-test-user'];
    request.user = typeof who === 'string' ? (users[who] ?? null) : null;
  });
  await app.register(unitRoutes);
  await app.ready();
}, 60_000);

afterAll(async () => {
  await app?.close();
  await handle?.close();
});

const call = (who: string | null, method: 'GET' | 'PUT' | 'POST', url: string, payload?: object) =>
  app.inject({ method, url, payload, headers: { ...(who ? { 'x-test-user': who } : {}), 'accept-language': 'vi' } });

describe('GET /api/units', () => {
  it('needs a logged-in user', async () => {
    expect((await call(null, 'GET', '/api/units')).statusCode).toBe(401);
  });

  it('lists the 34 current provinces and, on request, the 63 old ones', async () => {
    const res = await call('xa', 'GET', '/api/units?level=province&limit=100');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBe(34);
    expect(body.items[0]).toEqual({
      id: ids.haNoi,
      code: '01',
      name: 'Thành phố Hà Nội',
      kind: 'thanh_pho',
      level: 'province',
      parentId: null,
      parentName: null,
      category: null,
      validFrom: '2025-07-01',
      validTo: null,
    });
    const old = (await call('xa', 'GET', '/api/units?level=province&historic=true&limit=100')).json();
    expect(old.total).toBe(63);
    expect(old.items.every((u: { validTo: string }) => u.validTo === '2025-06-30')).toBe(true);
    expect((await call('xa', 'GET', '/api/units?level=province&historic=all&limit=1')).json().total).toBe(97);
  });

  it('filters by parent, searches names without accents and codes by prefix', async () => {
    const tn = (await call('xa', 'GET', `/api/units?parentId=${ids.thaiNguyen}&limit=5&offset=5`)).json();
    expect(tn.total).toBe(92);
    expect(tn.items).toHaveLength(5);
    expect(tn.items[0].parentName).toBe('Tỉnh Thái Nguyên');

    for (const q of ['ba dinh', 'BA ĐÌNH', 'Phường Ba Đình']) {
      const found = (await call('xa', 'GET', `/api/units?level=commune&q=${encodeURIComponent(q)}`)).json();
      expect(found.items.map((u: { code: string; name: string }) => `${u.code} ${u.name}`)).toContain(
        '00004 Phường Ba Đình',
      );
    }
    const byCode = (await call('xa', 'GET', '/api/units?level=commune&q=0000')).json();
    expect(byCode.items.map((u: { code: string }) => u.code)).toEqual(['00004', '00008']);
    const pct = (await call('xa', 'GET', '/api/units?q=%25')).json();
    expect(pct.total).toBe(0); // "%" is a character to find, not a wildcard
  });

  it('rejects bad query parameters with a 400', async () => {
    const res = await call('xa', 'GET', '/api/units?level=district');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('validation');
  });
});

describe('GET /api/units/:id', () => {
  it('shows the units a merged commune was formed from, whole or in part', async () => {
    const id = await unitId('commune', '00004');
    const body = (await call('xa', 'GET', `/api/units/${id}`)).json();
    expect(body).toMatchObject({
      code: '00004',
      name: 'Phường Ba Đình',
      kind: 'phuong',
      parentName: 'Thành phố Hà Nội',
      source: '1027/CTK-CSCL',
    });
    expect(body.successors).toEqual([]);
    expect(body.predecessors).toHaveLength(10);
    expect(body.predecessors[0]).toEqual({
      id: await unitId('commune', '00004', false),
      code: '00004',
      name: 'Phường Trúc Bạch',
      level: 'commune',
      kind: 'full',
      parentName: 'Thành phố Hà Nội',
      validFrom: null,
      validTo: '2025-06-30',
      effectiveOn: '2025-07-01',
    });
    expect(body.predecessors.filter((p: { kind: string }) => p.kind === 'partial')).toHaveLength(8);
  });

  it('shows where an old commune went', async () => {
    const id = await unitId('commune', '00016', false); // old Phường Ngọc Hà, split in two
    const body = (await call('xa', 'GET', `/api/units/${id}`)).json();
    expect(body.validTo).toBe('2025-06-30');
    expect(
      body.successors.map((s: { code: string; name: string; kind: string }) => `${s.code} ${s.name} ${s.kind}`),
    ).toEqual(['00004 Phường Ba Đình partial', '00008 Phường Ngọc Hà partial']);
  });

  it('answers 404 for an unknown unit', async () => {
    expect((await call('xa', 'GET', '/api/units/999999')).statusCode).toBe(404);
  });
});

describe('PUT /api/units/:id/category', () => {
  it('lets only the province official of the commune set it (not the administrator), and audits it', async () => {
    const url = `/api/units/${ids.tanCuong}/category`;
    expect((await call('xa', 'PUT', url, { category: 'other' })).statusCode).toBe(403);
    // A commune's category is the province's decision: the technical administrator changes no unit's data.
    expect((await call('admin', 'PUT', url, { category: 'other' })).statusCode).toBe(403);
    expect((await call('hanoi', 'PUT', url, { category: 'other' })).statusCode).toBe(403);
    expect((await call('tinh', 'PUT', url, { category: 'rural' })).statusCode).toBe(400);
    const before = await audits();
    const res = await call('tinh', 'PUT', url, { category: 'disadvantaged' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      id: ids.tanCuong,
      code: '05503',
      category: 'disadvantaged',
      parentName: 'Tỉnh Thái Nguyên',
    });
    expect(await audits()).toBe(before + 1);
    const entry = await handle.db
      .selectFrom('audit_log')
      .select(['user_id', 'entity', 'entity_id', 'before', 'after'])
      .where('action', '=', 'set_category')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(entry).toEqual({
      user_id: users.tinh!.id,
      entity: 'unit',
      entity_id: String(ids.tanCuong),
      before: { category: null },
      after: { category: 'disadvantaged' },
    });
    // The same value again changes nothing and writes no audit entry.
    expect((await call('tinh', 'PUT', url, { category: 'disadvantaged' })).statusCode).toBe(200);
    expect(await audits()).toBe(before + 1);
  });

  it('refuses provinces and old communes with a 400', async () => {
    const province = await call('tinh', 'PUT', `/api/units/${ids.thaiNguyen}/category`, { category: 'other' });
    expect(province.statusCode).toBe(400);
    expect(province.json().error.code).toBe('not_current_commune');
    const old = await call('tinh', 'PUT', `/api/units/${await unitId('commune', '05503', false)}/category`, {
      category: 'other',
    });
    expect(old.statusCode).toBe(400);
    expect(old.json().error.message).toContain('05503');
  });

  it('works directly too', async () => {
    const id = await unitId('commune', '05818');
    const unit = await setCategory(handle.db, id, 'other', { userId: users.admin!.id, provinceIds: null });
    expect(unit.category).toBe('other');
    await expect(
      setCategory(handle.db, id, 'other', { userId: users.hanoi!.id, provinceIds: [ids.haNoi!] }),
    ).rejects.toMatchObject({ kind: 'forbidden' });
  });
});

describe('category import', () => {
  it('stores nothing when one row is wrong, and names the row, the column and the value', async () => {
    const before = await audits();
    const csv = 'ma,loai\n01840,urban_ward\n01843,rural\n01849,other\n';
    const res = await call('tinh', 'POST', '/api/units/categories/import', { csv });
    expect(res.statusCode).toBe(400);
    const { error } = res.json();
    expect(error.code).toBe('validation');
    expect(error.issues).toEqual([
      {
        row: 3,
        field: 'loai',
        value: 'rural',
        message:
          'Dòng 3, cột “loai”: loại “rural” của Phường Bắc Kạn không hợp lệ; ghi Phường đô thị, Khó khăn hoặc Khác ' +
          '(cũng nhận mã urban_ward, disadvantaged, other), hoặc để trống để giữ nguyên.',
      },
    ]);
    expect(error.message).toContain('1 lỗi');
    expect(await categoryOf('01840')).toBeNull();
    expect(await categoryOf('01849')).toBeNull();
    expect(await audits()).toBe(before);
  });

  it('rejects codes outside the official’s province, unknown and old codes', async () => {
    const csv = 'code,category\n01840,urban_ward\n00004,urban_ward\n99999,other\n1840,other\n00001,other\n';
    const result = await importCategories(handle.db, csv, { userId: users.tinh!.id, provinceIds: [ids.thaiNguyen!] });
    expect(result.applied).toBe(0);
    expect(result.errors.map((e) => [e.row, e.field, e.value])).toEqual([
      [3, 'code', '00004'],
      [4, 'code', '99999'],
      [5, 'code', '1840'],
      [6, 'code', '00001'],
    ]);
    // Phrases, put in a language where they are shown (the HTTP edge, the cli).
    const text = (e: ImportError, locale: 'vi' | 'en' = 'vi') => translator(locale)(e.message.key, e.message.params);
    expect(text(result.errors[0]!)).toBe(
      'Dòng 3, cột “code”: mã “00004” (Phường Ba Đình) không thuộc tỉnh, thành phố bạn phụ trách.',
    );
    expect(text(result.errors[2]!)).toContain('dòng 2'); // 1840 is 01840 again
    expect(text(result.errors[3]!)).toContain('Phường Phúc Xá'); // an old code
    expect(await categoryOf('01840')).toBeNull();

    const en = await importCategories(handle.db, 'code,category\n00004,other\n', {
      userId: users.tinh!.id,
      provinceIds: [ids.thaiNguyen!],
    });
    expect(text(en.errors[0]!, 'en')).toBe(
      'Row 2, column “code”: code “00004” (Phường Ba Đình) is not in a province you are responsible for.',
    );
  });

  it('checks the header', async () => {
    const res = await call('tinh', 'POST', '/api/units/categories/import', { csv: 'xa;nhom\n01840;other\n' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues.map((i: { field: string }) => i.field)).toEqual(['header', 'header']);
    const empty = await call('tinh', 'POST', '/api/units/categories/import', { csv: '' });
    expect(empty.statusCode).toBe(400);
  });

  it('applies a good file in full, audits each change, and leaves blanks alone', async () => {
    const before = await audits();
    // Vietnamese header with accents, a byte-order mark, semicolons, a code that lost its zeros, a label instead of a code.
    const csv =
      '\uFEFFMã;Tên;Loại\n01840;Phường Đức Xuân;urban_ward\r\n1843;Phường Bắc Kạn;Disadvantaged\n01849;Xã Phong Quang;Xã, phường còn lại\n05830;Xã Đại Từ;\n\n';
    const dry = (await call('tinh', 'POST', '/api/units/categories/import', { csv, dryRun: true })).json();
    expect(dry.applied).toBe(0);
    expect(dry.rows).toHaveLength(3);
    expect(await categoryOf('01840')).toBeNull();

    const res = await call('tinh', 'POST', '/api/units/categories/import', { csv });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      applied: 3,
      rows: [
        { row: 2, code: '01840', name: 'Phường Đức Xuân', before: null, after: 'urban_ward' },
        { row: 3, code: '01843', name: 'Phường Bắc Kạn', before: null, after: 'disadvantaged' },
        { row: 4, code: '01849', name: 'Xã Phong Quang', before: null, after: 'other' },
      ],
      errors: [],
    });
    expect(await categoryOf('01840')).toBe('urban_ward');
    expect(await categoryOf('01843')).toBe('disadvantaged');
    expect(await categoryOf('01849')).toBe('other');
    expect(await categoryOf('05830')).toBeNull();
    expect(await audits()).toBe(before + 3);

    // Importing the same file again changes nothing.
    expect((await call('tinh', 'POST', '/api/units/categories/import', { csv })).json().applied).toBe(0);
    expect(await audits()).toBe(before + 3);
  });

  it('reads the categories as Vietnamese words, with or without diacritics and in any case, and the English codes', async () => {
    const csv =
      'ma,loai\n01840,PHƯỜNG ĐÔ THỊ\n01843,kho khan\n01849,Khác\n05830,Phuong do thi\n05776,disadvantaged\n' +
      '05800,Other\n05818,"Xã miền núi, hải đảo, đặc biệt khó khăn"\n05788,Urban ward\n';
    const res = await call('tinh', 'POST', '/api/units/categories/import', { csv, dryRun: true });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().rows.map((r: { code: string; after: string }) => [r.code, r.after])).toEqual([
      ['01840', 'urban_ward'],
      ['01843', 'disadvantaged'],
      ['01849', 'other'],
      ['05830', 'urban_ward'],
      ['05776', 'disadvantaged'],
      ['05800', 'other'],
      ['05818', 'disadvantaged'],
      ['05788', 'urban_ward'],
    ]);
  });

  it("refuses a word it does not know, naming the row, the column and the value in the caller's language", async () => {
    const csv = 'code,category\n01840,Khó\n';
    const vi = (await call('tinh', 'POST', '/api/units/categories/import', { csv })).json().error;
    expect(vi.issues).toEqual([
      {
        row: 2,
        field: 'category',
        value: 'Khó',
        message:
          'Dòng 2, cột “category”: loại “Khó” của Phường Đức Xuân không hợp lệ; ghi Phường đô thị, Khó khăn hoặc Khác ' +
          '(cũng nhận mã urban_ward, disadvantaged, other), hoặc để trống để giữ nguyên.',
      },
    ]);
    expect(vi.message).toBe(`Không nhập được: tệp có 1 lỗi nên chưa có thay đổi nào được lưu. ${vi.issues[0].message}`);
    const en = await app.inject({
      method: 'POST',
      url: '/api/units/categories/import',
      payload: { csv },
      headers: { 'x-test-user': 'tinh', cookie: 'lang=en' },
    });
    expect(en.statusCode).toBe(400);
    expect(en.json().error.issues[0].message).toBe(
      'Row 2, column “category”: category “Khó” for Phường Đức Xuân is not valid; write Urban ward, Disadvantaged or Other ' +
        '(the codes urban_ward, disadvantaged, other are accepted too), or leave it blank to keep it.',
    );
  });

  it('is for province officials and admins only', async () => {
    expect(
      (await call('xa', 'POST', '/api/units/categories/import', { csv: 'code,category\n05503,other\n' })).statusCode,
    ).toBe(403);
  });
});

describe('GET /api/units/categories/template.csv', () => {
  it('gives the province official their communes to fill in', async () => {
    const res = await call('tinh', 'GET', '/api/units/categories/template.csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="phan-loai-xa-19.csv"; filename*=UTF-8''phan-loai-xa-19.csv`,
    );
    const lines = res.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r\n/);
    // Vietnamese headers and words, which the import reads back.
    expect(lines[0]).toBe('Mã,Tên,Loại');
    expect(lines).toHaveLength(93);
    expect(lines).toContain('01840,Phường Đức Xuân,Phường đô thị');
    expect(lines).toContain('01843,Phường Bắc Kạn,Khó khăn');
    expect(lines).toContain('05830,Xã Đại Từ,');
    const en = await app.inject({
      method: 'GET',
      url: '/api/units/categories/template.csv',
      headers: { 'x-test-user': 'tinh', cookie: 'lang=en' },
    });
    const enLines = en.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r\n/);
    expect(enLines[0]).toBe('Code,Name,Category');
    expect(enLines).toContain('01843,Phường Bắc Kạn,Disadvantaged');
    // What it downloads, it can import back unchanged.
    const back = (await call('tinh', 'POST', '/api/units/categories/import', { csv: res.body })).json();
    expect(back.applied).toBe(0);
    expect(back.errors).toEqual([]);
  });

  it('is refused to commune officers and to other provinces', async () => {
    expect((await call('xa', 'GET', '/api/units/categories/template.csv')).statusCode).toBe(403);
    expect(
      (await call('hanoi', 'GET', `/api/units/categories/template.csv?provinceId=${ids.thaiNguyen}`)).statusCode,
    ).toBe(403);
    expect((await call('admin', 'GET', '/api/units/categories/template.csv')).statusCode).toBe(403);
    const mine = await call('tinh', 'GET', '/api/units/categories/template.csv');
    const communesOfThaiNguyen = Number(
      (
        await handle.db
          .selectFrom('unit')
          .select(sql<string>`count(*)`.as('n'))
          .where('parent_id', '=', ids.thaiNguyen!)
          .where('level', '=', 'commune')
          .where('valid_to', 'is', null)
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(mine.body.trim().split(/\r\n/)).toHaveLength(communesOfThaiNguyen + 1);
  });
});
