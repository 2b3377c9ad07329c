// HTTP routes of the child register: children, dated records, cases, the read log, counts for the criteria.
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AGE_BANDS } from '../../../core/register/records.ts';
import { errors, fileResponse, MIME } from '../../http/contract.ts';
import { refusalBody, requestLocale, STATUS_OF } from '../../http/errors.ts';
import { Refusal, forbidden } from '../../platform/refusal.ts';
import { idempotent } from '../../http/idempotency.ts';
import { BodyId, Id } from '../../http/schemas.ts';
import { checkUpload, UPLOAD_RULES } from '../../http/uploads.ts';
import { requireUser } from '../auth/index.ts';
import { registerContext } from './access.ts';
import {
  AccessLogRowBody,
  AdoptBody,
  AdoptedValuesBody,
  CaseViewBody,
  CaseWorkerBody,
  ChildEditConflictsBody,
  CaseWrittenBody,
  ChildPageBody,
  ChildRecordBody,
  CircumstanceGroupBody,
  DerivedInputsBody,
  DerivedRecordsBody,
  GroupCreatedBody,
  HolidayAdjustedBody,
  HolidayChangeBody,
  HolidaysBody,
  JobBody,
  JobStartedBody,
  NewGroupBody,
  RecordIdBody,
  RegisterSummaryBody,
  VillageBody,
} from './contracts.ts';
import { approvePlan, caseWorkers, createCase, listCases, readCase, updateCase } from './cases.ts';
import {
  accessLog,
  addDated,
  ChildEditConflicts,
  listChildren,
  listVillages,
  readChild,
  removeDated,
  saveChild,
} from './children.ts';
import { adoptDerived, derivedForCommune, derivedRecords, provinceSummary } from './criteria.ts';
import { addCircumstanceGroup, listCircumstanceGroups } from './groups.ts';
import { adjustHoliday, listHolidays } from './holidays.ts';
import {
  discardImport,
  exportRegister,
  mayImport,
  readImportJob,
  startImportCommit,
  startImportPreview,
  templateWorkbook,
  type DescribeJobError,
} from './imports.ts';
import { translator, type Locale } from '../../../i18n/index.ts';
import { contentDisposition } from '../../http/attachment.ts';

/** A register file may hold 100,000 children and more. */
const MAX_IMPORT_BYTES = UPLOAD_RULES.register.maxBytes;

/** How a failed job shows on the page: the same shape as an error response. */
function jobError(locale: Locale): DescribeJobError {
  const t = translator(locale);
  return (e) =>
    e instanceof Refusal
      ? { status: STATUS_OF[e.kind], ...refusalBody(e, locale) }
      : {
          status: 500,
          code: 'internal',
          message: t('registerImport:error.failed', { detail: e instanceof Error ? e.message : String(e) }),
        };
}

const Commune = z.object({ unitId: Id });
const ChildParams = z.object({ unitId: Id, childId: Id });
const CaseParams = z.object({ unitId: Id, caseId: Id });
const Dated = z.enum(['circumstances', 'supports', 'health-records']);
const IsoDate = z.iso.date();
const PeriodQuery = z.object({ periodId: Id });
const tags = ['register'];
// Record bodies are checked by the register's own rules (src/core/register/records.ts) so that every
// message names the field in the officer's language; the route only requires an object.
const RecordBody = z.record(z.string(), z.unknown());
/** A workbook as an attachment; typed apart because the route's reply type knows only JSON answers. */
function sendWorkbook(reply: FastifyReply, fileName: string, data: Buffer, noStore = false) {
  if (noStore) reply.header('cache-control', 'no-store');
  return reply.type(MIME.xlsx).header('content-disposition', contentDisposition(fileName)).send(data);
}
const XLSX_FILE = fileResponse('Sổ theo dõi trẻ em (.xlsx) / The child register workbook', MIME.xlsx);

export async function registerRoutes(app: FastifyInstance) {
  // Scoped to these routes, as for evidence: one file per upload.
  await app.register(multipart, { limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 2, parts: 3 } });
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = app.db;
  const ctxOf = (request: { user: Parameters<typeof registerContext>[1]; ip: string }, unitId: number) =>
    registerContext(db, request.user, unitId, request.ip);

  r.get(
    '/api/register/groups',
    {
      schema: {
        operationId: 'listCircumstanceGroups',
        tags,
        summary: 'Nhóm trẻ em có hoàn cảnh đặc biệt / Special-circumstance groups',
        response: { 200: z.array(CircumstanceGroupBody) },
      },
    },
    async (request) => listCircumstanceGroups(db, request.user),
  );

  r.post(
    '/api/register/groups',
    {
      schema: {
        operationId: 'addCircumstanceGroup',
        tags,
        summary: 'Thêm nhóm con / Add a sub-group',
        body: NewGroupBody,
        response: { 201: GroupCreatedBody, ...errors(409) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await addCircumstanceGroup(db, request.user, request.body, request.ip)),
  );

  r.get(
    '/api/communes/:unitId/register/villages',
    {
      schema: {
        operationId: 'listVillages',
        tags,
        summary: 'Thôn, tổ dân phố / Villages',
        params: Commune,
        response: { 200: z.array(VillageBody) },
      },
    },
    async (request) => listVillages(db, await ctxOf(request, request.params.unitId)),
  );

  r.get(
    '/api/communes/:unitId/register/children',
    {
      schema: {
        operationId: 'listChildren',
        tags,
        summary: 'Danh sách trẻ em (mỗi lần xem được ghi nhật ký) / Children (each view logged)',
        params: Commune,
        querystring: z.object({
          villageId: Id.optional(),
          q: z.string().max(120).optional(),
          ageBand: z.enum(AGE_BANDS.map((b) => b.code) as [string, ...string[]]).optional(),
          // A group code of the list ('c', 'c.2'), looked up as it is: never a pattern; any other text is a 400 naming it.
          group: z.string().max(20).optional(),
          includeLeft: z.enum(['true', 'false']).optional(),
          page: z.coerce.number().int().min(1).max(100_000).default(1),
          pageSize: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: ChildPageBody },
      },
    },
    async (request) => {
      const ctx = await ctxOf(request, request.params.unitId);
      return listChildren(db, ctx, { ...request.query, includeLeft: request.query.includeLeft === 'true' });
    },
  );

  r.post(
    '/api/communes/:unitId/register/children',
    {
      schema: {
        operationId: 'addChild',
        tags,
        summary: 'Thêm trẻ em / Add a child',
        params: Commune,
        body: RecordBody,
        response: { 201: RecordIdBody, ...errors(409) },
      },
    },
    async (request, reply) => {
      const ctx = await ctxOf(request, request.params.unitId);
      // An offline device's outbox replays with the same Idempotency-Key: the child is added once.
      return idempotent(db, request, reply, { params: request.params, body: request.body }, async () => ({
        status: 201,
        body: { id: await saveChild(db, ctx, request.body, null) },
      }));
    },
  );

  r.get(
    '/api/communes/:unitId/register/children/:childId',
    {
      schema: {
        operationId: 'readChild',
        tags,
        summary: 'Hồ sơ trẻ em (ghi nhật ký) / A child record (logged)',
        params: ChildParams,
        response: { 200: ChildRecordBody },
      },
    },
    async (request) => readChild(db, await ctxOf(request, request.params.unitId), request.params.childId),
  );

  r.put(
    '/api/communes/:unitId/register/children/:childId',
    {
      schema: {
        operationId: 'updateChild',
        tags,
        summary: 'Sửa hồ sơ trẻ em / Edit a child',
        description:
          'Với `base` (các giá trị đã thấy khi bắt đầu sửa), trường không sửa giữ giá trị hiện có, trường bị người khác đổi trong lúc đó không bị ghi đè: trả 409 với `conflicts`, không lưu gì. / With `base` (the values the client edited from), fields left unchanged keep what is stored now, and a field someone else changed meanwhile is not overwritten: 409 with `conflicts`, nothing saved.',
        params: ChildParams,
        body: RecordBody.and(z.object({ base: z.record(z.string(), z.unknown()).nullable().optional() })),
        response: { 200: RecordIdBody, 409: ChildEditConflictsBody },
      },
    },
    async (request, reply) => {
      const ctx = await ctxOf(request, request.params.unitId);
      const { base, ...fields } = request.body;
      try {
        // An offline device's outbox replays an edit with the same Idempotency-Key: it is applied (and logged) once.
        return await idempotent(db, request, reply, { params: request.params, body: request.body }, async () => ({
          status: 200,
          body: { id: await saveChild(db, ctx, fields, request.params.childId, base ?? null) },
        }));
      } catch (err) {
        // The conflicts go beside the usual error body, so that the client can show both values per field.
        if (!(err instanceof ChildEditConflicts)) throw err;
        return reply.status(409).send({ error: refusalBody(err, requestLocale(request)), conflicts: err.conflicts });
      }
    },
  );

  r.post(
    '/api/communes/:unitId/register/children/:childId/:kind',
    {
      schema: {
        operationId: 'addChildRecord',
        tags,
        summary: 'Thêm hoàn cảnh đặc biệt / trợ giúp / bản ghi sức khỏe — Add a circumstance, support or health record',
        params: ChildParams.extend({ kind: Dated }),
        body: RecordBody,
        response: { 201: RecordIdBody },
      },
    },
    async (request, reply) => {
      const ctx = await ctxOf(request, request.params.unitId);
      return idempotent(db, request, reply, { params: request.params, body: request.body }, async () => ({
        status: 201,
        body: { id: await addDated(db, ctx, request.params.childId, request.params.kind, request.body) },
      }));
    },
  );

  r.delete(
    '/api/communes/:unitId/register/children/:childId/:kind/:id',
    {
      schema: {
        operationId: 'removeChildRecord',
        tags,
        summary: 'Xóa bản ghi / Remove a dated record',
        params: ChildParams.extend({ kind: Dated, id: Id }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const ctx = await ctxOf(request, request.params.unitId);
      await removeDated(db, ctx, request.params.childId, request.params.kind, request.params.id);
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/communes/:unitId/register/cases',
    {
      schema: {
        operationId: 'listCases',
        tags,
        summary: 'Vụ việc và hạn kế hoạch can thiệp / Cases and plan deadlines',
        params: Commune,
        querystring: z.object({ open: z.enum(['true', 'false']).optional() }),
        response: { 200: z.array(CaseViewBody) },
      },
    },
    async (request) =>
      listCases(db, await ctxOf(request, request.params.unitId), { open: request.query.open === 'true' }),
  );

  r.post(
    '/api/communes/:unitId/register/cases',
    {
      schema: {
        operationId: 'openCase',
        tags,
        summary:
          'Mở vụ việc (vụ việc nhạy cảm chờ Chủ tịch phân công) / Open a case (a sensitive one waits for the chairman to assign it)',
        params: Commune,
        body: RecordBody.and(z.object({ childId: BodyId, caseWorkerId: BodyId.nullable().optional() })),
        response: { 201: CaseWrittenBody },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createCase(db, await ctxOf(request, request.params.unitId), request.body)),
  );

  r.get(
    '/api/communes/:unitId/register/cases/:caseId',
    {
      schema: {
        operationId: 'readCase',
        tags,
        summary: 'Một vụ việc (ghi nhật ký) / A case (logged)',
        params: CaseParams,
        response: { 200: CaseViewBody },
      },
    },
    async (request) => readCase(db, await ctxOf(request, request.params.unitId), request.params.caseId),
  );

  r.put(
    '/api/communes/:unitId/register/cases/:caseId',
    {
      schema: {
        operationId: 'updateCase',
        tags,
        summary:
          'Cập nhật vụ việc; Chủ tịch phân công người xử lý (caseWorkerId) / Update a case; the chairman assigns the worker (caseWorkerId)',
        params: CaseParams,
        body: RecordBody,
        response: { 200: CaseWrittenBody },
      },
    },
    async (request) => updateCase(db, await ctxOf(request, request.params.unitId), request.params.caseId, request.body),
  );

  r.post(
    '/api/communes/:unitId/register/cases/:caseId/approve-plan',
    {
      schema: {
        operationId: 'approveCasePlan',
        tags,
        summary: 'Chủ tịch phê duyệt kế hoạch can thiệp / The chairman approves the plan',
        params: CaseParams,
        body: z.object({ approvedOn: IsoDate }),
        response: { 200: CaseViewBody, ...errors(409) },
      },
    },
    async (request) =>
      approvePlan(db, await ctxOf(request, request.params.unitId), request.params.caseId, request.body.approvedOn),
  );

  r.get(
    '/api/communes/:unitId/register/workers',
    {
      schema: {
        operationId: 'listCaseWorkers',
        tags,
        summary: 'Cán bộ có thể được giao vụ việc (Chủ tịch) / Officers a case may be assigned to (chairman)',
        params: Commune,
        response: { 200: z.array(CaseWorkerBody) },
      },
    },
    async (request) => caseWorkers(db, await ctxOf(request, request.params.unitId)),
  );

  r.get(
    '/api/communes/:unitId/register/access-log',
    {
      schema: {
        operationId: 'readAccessLog',
        tags,
        summary: 'Nhật ký truy cập hồ sơ trẻ em (Chủ tịch) / Child-record read log (chairman)',
        params: Commune,
        querystring: z.object({ childId: Id.optional(), limit: z.coerce.number().int().min(1).max(1000).default(200) }),
        response: { 200: z.array(AccessLogRowBody) },
      },
    },
    async (request) => accessLog(db, await ctxOf(request, request.params.unitId), request.query),
  );

  r.get(
    '/api/communes/:unitId/register/derived',
    {
      schema: {
        operationId: 'listDerivedInputs',
        tags,
        summary: 'Số liệu tiêu chí tính từ sổ theo dõi / Criterion inputs from the register',
        params: Commune,
        querystring: PeriodQuery,
        response: { 200: DerivedInputsBody },
      },
    },
    async (request) => derivedForCommune(db, await ctxOf(request, request.params.unitId), request.query.periodId),
  );

  r.get(
    '/api/communes/:unitId/register/derived/:code/records',
    {
      schema: {
        operationId: 'listDerivedRecords',
        tags,
        summary: 'Hồ sơ đứng sau một số liệu / Records behind a count',
        params: Commune.extend({ code: z.string().max(64) }),
        querystring: PeriodQuery,
        response: { 200: DerivedRecordsBody },
      },
    },
    async (request) =>
      derivedRecords(db, await ctxOf(request, request.params.unitId), request.query.periodId, request.params.code),
  );

  r.post(
    '/api/communes/:unitId/register/derived/adopt',
    {
      schema: {
        operationId: 'adoptDerivedInputs',
        tags,
        summary: 'Dùng số liệu từ sổ cho tiêu chí / Adopt register counts',
        params: Commune,
        body: AdoptBody,
        response: { 200: AdoptedValuesBody, ...errors(409) },
      },
    },
    async (request) => {
      const ctx = await ctxOf(request, request.params.unitId);
      const { periodId, codes, note } = request.body;
      return adoptDerived(db, ctx, periodId, codes, note, requestLocale(request));
    },
  );

  r.get(
    '/api/provinces/:unitId/register/summary',
    {
      schema: {
        operationId: 'readRegisterSummary',
        tags,
        summary: 'Tổng hợp sổ theo dõi các xã (ẩn số nhỏ) / Register summary of the communes (small counts suppressed)',
        params: Commune,
        querystring: PeriodQuery,
        response: { 200: RegisterSummaryBody },
      },
    },
    async (request) => provinceSummary(db, requireUser(request.user), request.params.unitId, request.query.periodId),
  );

  r.post(
    '/api/communes/:unitId/register/imports',
    {
      schema: {
        operationId: 'previewRegisterImport',
        tags,
        summary: 'Tải sổ lên để xem trước (multipart “file”: .xlsx/.csv) / Upload a register file for preview',
        consumes: ['multipart/form-data'],
        params: Commune,
        multipart: z.object({ file: z.file().describe('Sổ theo dõi .xlsx hoặc .csv / The register as .xlsx or .csv') }),
        response: { 202: JobStartedBody, ...errors(413, 415) },
      },
    },
    async (request, reply) => {
      const ctx = await ctxOf(request, request.params.unitId);
      // Refused before the upload is read, not later in the background job.
      if (!mayImport(ctx)) throw forbidden();
      if (!request.isMultipart()) throw new Refusal('unsupported_type', 'registerImport:error.not_multipart');
      let file: { name: string; data: Buffer; declaredType: string } | null = null;
      try {
        for await (const part of request.parts())
          if (part.type === 'file')
            file = { name: part.filename || 'so-tre-em', data: await part.toBuffer(), declaredType: part.mimetype };
      } catch (error) {
        if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
          throw new Refusal('too_large', 'registerImport:error.too_large', {
            limit: `${MAX_IMPORT_BYTES / 1024 / 1024} MB`,
          });
        throw error;
      }
      if (!file || !file.data.length) throw new Refusal('invalid', 'registerImport:error.no_file');
      await checkUpload(file, UPLOAD_RULES.register);
      const locale = requestLocale(request);
      return reply.status(202).send(startImportPreview(db, ctx, file, locale, jobError(locale)));
    },
  );

  r.post(
    '/api/communes/:unitId/register/imports/:importId/commit',
    {
      schema: {
        operationId: 'commitRegisterImport',
        tags,
        summary: 'Ghi bản xem trước vào sổ (tất cả hoặc không) / Commit a previewed import (all or nothing)',
        params: Commune.extend({ importId: Id }),
        response: { 202: JobStartedBody, ...errors(409) },
      },
    },
    async (request, reply) => {
      const ctx = await ctxOf(request, request.params.unitId);
      const describe = jobError(requestLocale(request));
      if (!mayImport(ctx)) throw forbidden();
      // A retried commit with the same Idempotency-Key gets the first job back instead of a second commit.
      return idempotent(db, request, reply, request.params, async () => ({
        status: 202,
        body: startImportCommit(db, ctx, request.params.importId, describe),
      }));
    },
  );

  r.delete(
    '/api/communes/:unitId/register/imports/:importId',
    {
      schema: {
        operationId: 'discardRegisterImport',
        tags,
        summary: 'Hủy bản xem trước / Discard a preview',
        params: Commune.extend({ importId: Id }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await discardImport(db, await ctxOf(request, request.params.unitId), request.params.importId);
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/register/jobs/:jobId',
    {
      schema: {
        operationId: 'readRegisterJob',
        tags,
        summary: 'Tiến độ công việc dài / Progress of a long job',
        params: z.object({ jobId: z.uuid() }),
        response: { 200: JobBody },
      },
    },
    async (request) => readImportJob(request.params.jobId, requireUser(request.user).id),
  );

  r.get(
    '/api/register/template.xlsx',
    {
      schema: {
        operationId: 'downloadRegisterTemplate',
        tags,
        summary: 'Mẫu sổ theo dõi trẻ em (.xlsx) / Register template',
        response: { 200: XLSX_FILE },
      },
    },
    async (request, reply) => {
      requireUser(request.user);
      const locale = requestLocale(request);
      const name = locale === 'vi' ? 'mau-so-theo-doi-tre-em' : 'child-register-template';
      return sendWorkbook(reply, `${name}.xlsx`, await templateWorkbook(locale));
    },
  );

  r.get(
    '/api/communes/:unitId/register/export.xlsx',
    {
      schema: {
        operationId: 'exportRegister',
        tags,
        summary: 'Xuất sổ (có danh tính; ghi nhật ký) / Export the register (identifiable; logged)',
        params: Commune,
        response: { 200: XLSX_FILE },
      },
    },
    async (request, reply) => {
      const ctx = await ctxOf(request, request.params.unitId);
      const data = await exportRegister(db, ctx, requestLocale(request));
      return sendWorkbook(reply, `so-theo-doi-tre-em-${ctx.communeId}.xlsx`, data, true);
    },
  );

  r.get(
    '/api/holidays',
    {
      schema: {
        operationId: 'listHolidays',
        tags,
        summary: 'Ngày nghỉ lễ và điều chỉnh / Holidays and adjustments',
        querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100) }),
        response: { 200: HolidaysBody },
      },
    },
    async (request) => listHolidays(db, request.user, request.query.year),
  );

  r.put(
    '/api/holidays/:date',
    {
      schema: {
        operationId: 'adjustHoliday',
        tags,
        summary: 'Điều chỉnh ngày nghỉ theo quyết định chính thức / Adjust a day per an official decision',
        params: z.object({ date: IsoDate }),
        body: HolidayChangeBody,
        response: { 200: HolidayAdjustedBody },
      },
    },
    async (request) => adjustHoliday(db, request.user, request.params.date, request.body, request.ip),
  );
}
