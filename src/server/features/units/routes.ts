// Administrative units: the official lists (any logged-in user reads them), their history, and commune categories.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { fileResponse, MIME } from '../../http/contract.ts';
import { requestLocale } from '../../http/errors.ts';
import { Id } from '../../http/schemas.ts';
import { translator } from '../../../i18n/index.ts';
import { provinceScope, requireRole, requireUser } from '../auth/index.ts';
import {
  ImportCategoriesBody,
  ImportResult,
  SetCategoryBody,
  TemplateQuery,
  Unit,
  UnitDetail,
  UnitPage,
  UnitQuery,
} from './contracts.ts';
import { importCategoriesOrRefuse, setCategory } from './load.ts';
import { categoryTemplate, listUnits, readUnit, readUnitRow } from './read.ts';
import { contentDisposition } from '../../http/attachment.ts';

const IdParams = z.object({ id: Id });
const tags = ['units'];

export async function unitRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/units',
    {
      schema: {
        operationId: 'listUnits',
        tags,
        summary: 'Danh sách đơn vị hành chính / List administrative units',
        description:
          'Tỉnh, xã theo danh mục chính thức; q tìm theo tên (không phân biệt dấu) hoặc đầu mã số. historic=false: đơn vị hiện hành; true: đơn vị đã sắp xếp lại; all: cả hai. / ' +
          'Provinces and communes from the official lists; q matches the name (accent-insensitive) or a code prefix. historic=false: current units; true: units reorganised away; all: both.',
        querystring: UnitQuery,
        response: { 200: UnitPage },
      },
    },
    async (request) => {
      requireUser(request.user);
      return listUnits(app.db, request.query);
    },
  );

  r.get(
    '/api/units/:id',
    {
      schema: {
        operationId: 'getUnit',
        tags,
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
      return readUnit(app.db, request.params.id);
    },
  );

  r.put(
    '/api/units/:id/category',
    {
      schema: {
        operationId: 'setUnitCategory',
        tags,
        summary: 'Phân loại một xã / Set the category of one commune',
        description:
          'Cán bộ cấp tỉnh của tỉnh có xã đó; chỉ xã, phường, đặc khu hiện hành. / ' +
          "A province official of the commune's province; current communes only.",
        params: IdParams,
        body: SetCategoryBody,
        response: { 200: Unit },
      },
    },
    async (request) => {
      const user = requireRole(request.user, 'province_official');
      const { id } = request.params;
      await setCategory(app.db, id, request.body.category, {
        userId: user.id,
        ip: request.ip,
        provinceIds: provinceScope(user),
      });
      return readUnitRow(app.db, id);
    },
  );

  r.post(
    '/api/units/categories/import',
    {
      schema: {
        operationId: 'importUnitCategories',
        tags,
        summary: 'Nhập phân loại xã từ CSV / Import commune categories from CSV',
        description:
          'CSV có tiêu đề code,category (hoặc ma,loai); loại ghi bằng chữ (Phường đô thị, Khó khăn, Khác, có dấu hay không dấu, tiếng Việt hoặc tiếng Anh) hoặc mã urban_ward, disadvantaged, other; ô loại để trống thì giữ nguyên. ' +
          'Có lỗi ở bất kỳ dòng nào thì không lưu gì (400, mỗi lỗi nêu dòng, cột và giá trị). dryRun: chỉ kiểm tra. / ' +
          'CSV with a code,category (or ma,loai) header; category as a word (Phường đô thị, Khó khăn, Khác, with or without diacritics, or Urban ward, Disadvantaged, Other) or the code urban_ward, disadvantaged, other; a blank category leaves the commune unchanged. ' +
          'Any bad row stores nothing (400, each issue names the row, column and value). dryRun: check only.',
        body: ImportCategoriesBody,
        response: { 200: ImportResult },
      },
    },
    async (request) => {
      const user = requireRole(request.user, 'province_official');
      const { csv, dryRun } = request.body;
      const actor = { userId: user.id, ip: request.ip, provinceIds: provinceScope(user), dryRun };
      return importCategoriesOrRefuse(app.db, csv, actor);
    },
  );

  r.get(
    '/api/units/categories/template.csv',
    {
      schema: {
        operationId: 'getUnitCategoryTemplate',
        tags,
        summary: 'Mẫu CSV phân loại xã của tỉnh / CSV template of the province communes to classify',
        description:
          'Các xã hiện hành của tỉnh người dùng phụ trách (mã, tên, loại; loại ghi bằng chữ theo ngôn ngữ của người dùng), để điền rồi nhập lại. / ' +
          "The current communes of the caller's province(s) (code, name, category; the category as a word in the caller's language), to fill in and import back.",
        querystring: TemplateQuery,
        response: { 200: fileResponse('Mẫu phân loại (.csv) / The category template (.csv)', MIME.csv) },
      },
    },
    async (request, reply) => {
      const user = requireRole(request.user, 'province_official');
      const locale = requestLocale(request);
      const { csv, provinceCodes } = await categoryTemplate(
        app.db,
        provinceScope(user),
        request.query.provinceId,
        locale,
      );
      const base = translator(locale)('units:template.filename');
      const filename = provinceCodes.length === 1 ? `${base}-${provinceCodes[0]}.csv` : `${base}.csv`;
      return reply
        .header('Content-Type', 'text/csv; charset=utf-8')
        .header('Content-Disposition', contentDisposition(filename))
        .send(csv);
    },
  );
}
