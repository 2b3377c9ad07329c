// Administrative units: the official lists (any logged-in user reads them), their history, and commune categories.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql, type Kysely } from 'kysely';
import Papa from 'papaparse';
import { z } from 'zod';
import type { Database } from '../../db/schema.ts';
import { AppError, forbidden, notFound, requestLocale } from '../../http/errors.ts';
import { Id } from '../../http/schemas.ts';
import { translator } from '../../../i18n/index.ts';
import { provinceScope, requireRole, requireUser } from '../auth/scope.ts';
import { CATEGORIES, importCategories, setCategory } from './load.ts';
import { foldVietnamese, VIETNAMESE_FOLD } from './official-list.ts';

const Category = z.enum(CATEGORIES);

const UnitItem = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  kind: z.string(),
  level: z.enum(['province', 'commune']),
  parentId: z.number().nullable(),
  parentName: z.string().nullable(),
  category: Category.nullable(),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
});

const LineageItem = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  level: z.enum(['province', 'commune']),
  kind: z.enum(['full', 'partial']),
  parentName: z.string().nullable(),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  effectiveOn: z.string(),
});

const UnitDetail = UnitItem.extend({
  source: z.string(),
  predecessors: z.array(LineageItem),
  successors: z.array(LineageItem),
});

const ImportResultBody = z.object({
  applied: z.number(),
  rows: z.array(
    z.object({ row: z.number(), code: z.string(), name: z.string(), before: Category.nullable(), after: Category }),
  ),
  errors: z.array(z.object({ row: z.number(), field: z.string(), value: z.string(), message: z.string() })),
});

const IdParams = z.object({ id: Id });

/** Units with their parent's name. */
function unitQuery(db: Kysely<Database>) {
  return db
    .selectFrom('unit as u')
    .leftJoin('unit as p', 'p.id', 'u.parent_id')
    .select([
      'u.id',
      'u.code',
      'u.name',
      'u.kind',
      'u.level',
      'u.parent_id as parentId',
      'p.name as parentName',
      'u.category',
      'u.valid_from as validFrom',
      'u.valid_to as validTo',
    ]);
}

/** A date column as yyyy-mm-dd, whichever way the driver hands it over (string, or Date at UTC midnight). */
const day = (value: unknown): string | null =>
  value == null ? null : value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);

function withDays<T extends { validFrom: unknown; validTo: unknown }>(unit: T) {
  return { ...unit, validFrom: day(unit.validFrom), validTo: day(unit.validTo) };
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function unitRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/units',
    {
      schema: {
        tags: ['units'],
        summary: 'Danh sách đơn vị hành chính / List administrative units',
        description:
          'Tỉnh, xã theo danh mục chính thức; q tìm theo tên (không phân biệt dấu) hoặc đầu mã số. historic=false: đơn vị hiện hành; true: đơn vị đã sắp xếp lại; all: cả hai. / ' +
          'Provinces and communes from the official lists; q matches the name (accent-insensitive) or a code prefix. historic=false: current units; true: units reorganised away; all: both.',
        querystring: z.object({
          level: z.enum(['province', 'commune']).optional(),
          parentId: Id.optional(),
          q: z.string().trim().max(100).optional(),
          category: z.enum([...CATEGORIES, 'none']).optional(),
          historic: z.enum(['false', 'true', 'all']).default('false'),
          limit: z.coerce.number().int().min(1).max(1000).default(50),
          offset: z.coerce.number().int().min(0).default(0),
        }),
        response: { 200: z.object({ items: z.array(UnitItem), total: z.number() }) },
      },
    },
    async (request) => {
      requireUser(request.user);
      const { level, parentId, q, category, historic, limit, offset } = request.query;
      let query = unitQuery(app.db);
      if (level) query = query.where('u.level', '=', level);
      if (parentId !== undefined) query = query.where('u.parent_id', '=', parentId);
      if (historic === 'false') query = query.where('u.valid_to', 'is', null);
      if (historic === 'true') query = query.where('u.valid_to', 'is not', null);
      if (category === 'none') query = query.where('u.category', 'is', null);
      else if (category) query = query.where('u.category', '=', category);
      const folded = foldVietnamese(q ?? '').replace(/\s+/g, ' ').trim();
      if (/^\d+$/.test(folded)) query = query.where('u.code', 'like', `${folded}%`);
      else if (folded)
        query = query.where(
          sql<string>`lower(translate(u.name, ${VIETNAMESE_FOLD.from}, ${VIETNAMESE_FOLD.to}))`,
          'like',
          `%${escapeLike(folded)}%`,
        );
      const [items, count] = await Promise.all([
        query
          .orderBy('u.level', 'desc') // provinces first
          .orderBy('u.code')
          .orderBy(sql`u.valid_to DESC NULLS FIRST`)
          .limit(limit)
          .offset(offset)
          .execute(),
        query.clearSelect().select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items: items.map(withDays), total: Number(count.n) };
    },
  );

  r.get(
    '/api/units/:id',
    {
      schema: {
        tags: ['units'],
        summary: 'Một đơn vị và lịch sử sắp xếp / One unit and its reorganisation history',
        description:
          'predecessors: các đơn vị cũ đã nhập (toàn bộ hoặc một phần) vào đơn vị này; successors: các đơn vị mới mà đơn vị này đã nhập vào. / ' +
          'predecessors: the old units merged (whole or in part) into this one; successors: the new units this one went into.',
        params: IdParams,
        response: { 200: UnitDetail },
      },
    },
    async (request) => {
      requireUser(request.user);
      const { id } = request.params;
      const unit = await unitQuery(app.db).select('u.source').where('u.id', '=', id).executeTakeFirst();
      if (!unit) throw notFound('unit', id);
      const lineage = (side: 'predecessor' | 'successor') => {
        const other = side === 'predecessor' ? 'l.predecessor_id' : 'l.successor_id';
        const self = side === 'predecessor' ? 'l.successor_id' : 'l.predecessor_id';
        return app.db
          .selectFrom('unit_lineage as l')
          .innerJoin('unit as o', 'o.id', other)
          .leftJoin('unit as p', 'p.id', 'o.parent_id')
          .select([
            'o.id',
            'o.code',
            'o.name',
            'o.level',
            'l.kind',
            'p.name as parentName',
            'o.valid_from as validFrom',
            'o.valid_to as validTo',
            'l.effective_on as effectiveOn',
          ])
          .where(self, '=', id)
          .orderBy('l.effective_on')
          .orderBy('o.code')
          .execute();
      };
      const [predecessors, successors] = await Promise.all([lineage('predecessor'), lineage('successor')]);
      const history = (rows: typeof predecessors) => rows.map((l) => ({ ...withDays(l), effectiveOn: day(l.effectiveOn)! }));
      return { ...withDays(unit), predecessors: history(predecessors), successors: history(successors) };
    },
  );

  r.put(
    '/api/units/:id/category',
    {
      schema: {
        tags: ['units'],
        summary: 'Phân loại một xã / Set the category of one commune',
        description:
          'Cán bộ cấp tỉnh của tỉnh có xã đó; chỉ xã, phường, đặc khu hiện hành. / ' +
          "A province official of the commune's province; current communes only.",
        params: IdParams,
        body: z.object({ category: Category }),
        response: { 200: UnitItem },
      },
    },
    async (request) => {
      const user = requireRole(request.user, 'province_official');
      const { id } = request.params;
      await setCategory(app.db, id, request.body.category, { userId: user.id, ip: request.ip, provinceIds: provinceScope(user) });
      return withDays(await unitQuery(app.db).where('u.id', '=', id).executeTakeFirstOrThrow());
    },
  );

  r.post(
    '/api/units/categories/import',
    {
      schema: {
        tags: ['units'],
        summary: 'Nhập phân loại xã từ CSV / Import commune categories from CSV',
        description:
          'CSV có tiêu đề code,category (hoặc ma,loai); loại là urban_ward, disadvantaged hoặc other; ô loại để trống thì giữ nguyên. ' +
          'Có lỗi ở bất kỳ dòng nào thì không lưu gì (400, mỗi lỗi nêu dòng, cột và giá trị). dryRun: chỉ kiểm tra. / ' +
          'CSV with a code,category (or ma,loai) header; category is urban_ward, disadvantaged or other; a blank category leaves the commune unchanged. ' +
          'Any bad row stores nothing (400, each issue names the row, column and value). dryRun: check only.',
        body: z.object({ csv: z.string().max(2_000_000), dryRun: z.boolean().optional() }),
        response: { 200: ImportResultBody },
      },
    },
    async (request) => {
      const user = requireRole(request.user, 'province_official');
      const locale = requestLocale(request);
      const result = await importCategories(app.db, request.body.csv, {
        userId: user.id,
        ip: request.ip,
        provinceIds: provinceScope(user),
        dryRun: request.body.dryRun,
        locale,
      });
      if (result.errors.length)
        throw new AppError(
          400,
          'units:error.validation',
          { count: result.errors.length, first: result.errors[0]!.message },
          result.errors.map((e) => ({ row: e.row, field: e.field, value: e.value, message: e.message })),
        );
      return result;
    },
  );

  r.get(
    '/api/units/categories/template.csv',
    {
      schema: {
        tags: ['units'],
        summary: 'Mẫu CSV phân loại xã của tỉnh / CSV template of the province communes to classify',
        description:
          'Các xã hiện hành của tỉnh người dùng phụ trách (code,name,category), để điền rồi nhập lại. / ' +
          "The current communes of the caller's province(s) (code,name,category), to fill in and import back.",
        querystring: z.object({ provinceId: Id.optional() }),
      },
    },
    async (request, reply) => {
      const user = requireRole(request.user, 'province_official');
      const scope = provinceScope(user);
      const { provinceId } = request.query;
      if (provinceId !== undefined && scope && !scope.includes(provinceId)) throw forbidden();
      const provinces = provinceId !== undefined ? [provinceId] : scope;
      let query = app.db
        .selectFrom('unit as u')
        .innerJoin('unit as p', 'p.id', 'u.parent_id')
        .select(['u.code', 'u.name', 'u.category', 'p.code as provinceCode'])
        .where('u.level', '=', 'commune')
        .where('u.valid_to', 'is', null)
        .orderBy('p.code')
        .orderBy('u.code');
      if (provinces) query = provinces.length ? query.where('u.parent_id', 'in', provinces) : query.where(sql<boolean>`false`);
      const rows = await query.execute();
      const csv = Papa.unparse({ fields: ['code', 'name', 'category'], data: rows.map((u) => [u.code, u.name, u.category ?? '']) });
      const codes = [...new Set(rows.map((u) => u.provinceCode))];
      const base = translator(requestLocale(request))('units:template.filename');
      const filename = codes.length === 1 ? `${base}-${codes[0]}.csv` : `${base}.csv`;
      return reply
        .header('Content-Type', 'text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="${filename}"`)
        .send(`\uFEFF${csv}\r\n`); // the byte-order mark lets spreadsheet programs read the Vietnamese names
    },
  );
}
