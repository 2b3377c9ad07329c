// HTTP routes of the child register: children, dated records, cases, the read log, counts for the criteria.
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { statutoryHolidays } from '../../../core/calendar/working-days.ts';
import { AGE_BANDS } from '../../../core/register/records.ts';
import { AppError, forbidden, requestLocale } from '../../http/errors.ts';
import { idempotent } from '../../http/idempotency.ts';
import { BodyId, Id } from '../../http/schemas.ts';
import { checkUpload, UPLOAD_RULES } from '../../http/uploads.ts';
import { writeAudit } from '../audit/audit.ts';
import { requireRole, requireUser } from '../auth/scope.ts';
import { registerContext } from './access.ts';
import { AccessLogRowBody, CaseViewBody, CaseWrittenBody, ChildPageBody, ChildRecordBody, DerivedRecordsBody } from './contracts.ts';
import { approvePlan, caseWorkers, createCase, forgetCalendar, listCases, loadCalendar, readCase, updateCase } from './cases.ts';
import { accessLog, addDated, listChildren, listVillages, readChild, removeDated, saveChild, type DatedKind } from './children.ts';
import { adoptDerived, derivedForCommune, derivedRecords, provinceSummary } from './criteria.ts';
import { commitImport, discardImport, exportRegister, mayImport, previewImport, templateWorkbook } from './imports.ts';
import { jobFor, startJob, type JobView } from './jobs.ts';
import { translator, type Locale } from '../../../i18n/index.ts';

/** A register file may hold 100,000 children and more. */
const MAX_IMPORT_BYTES = UPLOAD_RULES.register.maxBytes;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** How a failed job shows on the page: the same shape as an error response. */
function jobError(locale: Locale) {
  const t = translator(locale);
  return (e: unknown): JobView['error'] =>
    e instanceof AppError
      ? { status: e.status, code: e.key.split('.').pop()!, message: t(e.key, e.params), issues: e.issues }
      : { status: 500, code: 'internal', message: t('registerImport:error.failed', { detail: e instanceof Error ? e.message : String(e) }) };
}

const Commune = z.object({ unitId: Id });
const ChildParams = z.object({ unitId: Id, childId: Id });
const Dated = z.enum(['circumstances', 'supports', 'health-records']);
const IsoDate = z.iso.date();
const tags = ['register'];
// Record bodies are checked by the register's own rules (src/core/register/records.ts) so that every
// message names the field in the officer's language; the route only requires an object.
const RecordBody = z.record(z.string(), z.unknown());

export async function registerRoutes(app: FastifyInstance) {
  // Scoped to these routes, as for evidence: one file per upload.
  await app.register(multipart, { limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 2, parts: 3 } });
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = app.db;
  const ctxOf = (request: { user: Parameters<typeof registerContext>[1]; ip: string }, unitId: number) => registerContext(db, request.user, unitId, request.ip);

  r.get('/api/register/groups', { schema: { tags, summary: 'Nhóm trẻ em có hoàn cảnh đặc biệt / Special-circumstance groups' } }, async (request) => {
    requireUser(request.user);
    const rows = await db.selectFrom('circumstance_group').selectAll().orderBy('code').execute();
    return rows.map((g) => ({ code: g.code, parent: g.parent_code, letter: g.letter, label: { vi: g.label_vi, en: g.label_en }, sensitive: g.sensitive, builtin: g.builtin }));
  });

  r.post(
    '/api/register/groups',
    {
      schema: {
        tags,
        summary: 'Thêm nhóm con / Add a sub-group',
        body: z.object({ parent: z.string().max(8), code: z.string().regex(/^[a-z]{1,2}\.[0-9a-z]{1,8}$/), labelVi: z.string().trim().min(1).max(200), labelEn: z.string().trim().max(200).default('') }),
      },
    },
    async (request, reply) => {
      // The sub-group list is national (one for every commune): the ministry keeps it.
      const user = requireRole(request.user, 'ministry_official');
      const b = request.body;
      await db.transaction().execute(async (trx) => {
        const parent = await trx.selectFrom('circumstance_group').select(['code', 'sensitive']).where('code', '=', b.parent).where('parent_code', 'is', null).executeTakeFirst();
        if (!parent) throw new AppError(400, 'register:error.unknown_parent', { value: b.parent });
        if (!b.code.startsWith(`${parent.code}.`)) throw new AppError(400, 'register:error.subgroup_code', { value: b.code, parent: parent.code });
        const inserted = await trx.insertInto('circumstance_group').values({ code: b.code, parent_code: parent.code, label_vi: b.labelVi, label_en: b.labelEn, sensitive: parent.sensitive, created_by: user.id }).onConflict((oc) => oc.column('code').doNothing()).returning('code').executeTakeFirst();
        if (!inserted) throw new AppError(409, 'register:error.group_exists', { value: b.code });
        await writeAudit(trx, { userId: user.id, action: 'create', entity: 'circumstance_group', entityId: b.code, after: b, ip: request.ip });
      });
      return reply.status(201).send({ code: b.code });
    },
  );

  r.get('/api/communes/:unitId/register/villages', { schema: { tags, summary: 'Thôn, tổ dân phố / Villages', params: Commune } }, async (request) =>
    listVillages(db, await ctxOf(request, request.params.unitId)),
  );

  r.get(
    '/api/communes/:unitId/register/children',
    {
      schema: {
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
      const q = request.query;
      return listChildren(db, ctx, { ...q, includeLeft: q.includeLeft === 'true' }, requestLocale(request));
    },
  );

  r.post('/api/communes/:unitId/register/children', { schema: { tags, summary: 'Thêm trẻ em / Add a child', params: Commune, body: RecordBody } }, async (request, reply) => {
    const ctx = await ctxOf(request, request.params.unitId);
    const id = await saveChild(db, ctx, request.body, null, requestLocale(request));
    return reply.status(201).send({ id });
  });

  r.get('/api/communes/:unitId/register/children/:childId', { schema: { tags, summary: 'Hồ sơ trẻ em (ghi nhật ký) / A child record (logged)', params: ChildParams, response: { 200: ChildRecordBody } } }, async (request) =>
    readChild(db, await ctxOf(request, request.params.unitId), request.params.childId),
  );

  r.put('/api/communes/:unitId/register/children/:childId', { schema: { tags, summary: 'Sửa hồ sơ trẻ em / Edit a child', params: ChildParams, body: RecordBody } }, async (request) => {
    const ctx = await ctxOf(request, request.params.unitId);
    return { id: await saveChild(db, ctx, request.body, request.params.childId, requestLocale(request)) };
  });

  r.post(
    '/api/communes/:unitId/register/children/:childId/:kind',
    { schema: { tags, summary: 'Thêm hoàn cảnh đặc biệt / trợ giúp / bản ghi sức khỏe — Add a circumstance, support or health record', params: ChildParams.extend({ kind: Dated }), body: RecordBody } },
    async (request, reply) => {
      const ctx = await ctxOf(request, request.params.unitId);
      const id = await addDated(db, ctx, request.params.childId, request.params.kind as DatedKind, request.body, requestLocale(request));
      return reply.status(201).send({ id });
    },
  );

  r.delete(
    '/api/communes/:unitId/register/children/:childId/:kind/:id',
    { schema: { tags, summary: 'Xóa bản ghi / Remove a dated record', params: ChildParams.extend({ kind: Dated, id: Id }) } },
    async (request, reply) => {
      const ctx = await ctxOf(request, request.params.unitId);
      await removeDated(db, ctx, request.params.childId, request.params.kind as DatedKind, request.params.id);
      return reply.status(204).send();
    },
  );

  r.get(
    '/api/communes/:unitId/register/cases',
    { schema: { tags, summary: 'Vụ việc và hạn kế hoạch can thiệp / Cases and plan deadlines', params: Commune, querystring: z.object({ open: z.enum(['true', 'false']).optional() }), response: { 200: z.array(CaseViewBody) } } },
    async (request) => listCases(db, await ctxOf(request, request.params.unitId), { open: request.query.open === 'true' }),
  );

  r.post(
    '/api/communes/:unitId/register/cases',
    { schema: { tags, summary: 'Mở vụ việc (vụ việc nhạy cảm chờ Chủ tịch phân công) / Open a case (a sensitive one waits for the chairman to assign it)', params: Commune, body: RecordBody.and(z.object({ childId: BodyId, caseWorkerId: BodyId.nullable().optional() })), response: { 201: CaseWrittenBody } } },
    async (request, reply) => {
      const ctx = await ctxOf(request, request.params.unitId);
      return reply.status(201).send(await createCase(db, ctx, request.body, requestLocale(request)));
    },
  );

  r.get('/api/communes/:unitId/register/cases/:caseId', { schema: { tags, summary: 'Một vụ việc (ghi nhật ký) / A case (logged)', params: z.object({ unitId: Id, caseId: Id }), response: { 200: CaseViewBody } } }, async (request) =>
    readCase(db, await ctxOf(request, request.params.unitId), request.params.caseId),
  );

  r.put(
    '/api/communes/:unitId/register/cases/:caseId',
    { schema: { tags, summary: 'Cập nhật vụ việc; Chủ tịch phân công người xử lý (caseWorkerId) / Update a case; the chairman assigns the worker (caseWorkerId)', params: z.object({ unitId: Id, caseId: Id }), body: RecordBody, response: { 200: CaseWrittenBody } } },
    async (request) => updateCase(db, await ctxOf(request, request.params.unitId), request.params.caseId, request.body, requestLocale(request)),
  );

  r.post(
    '/api/communes/:unitId/register/cases/:caseId/approve-plan',
    { schema: { tags, summary: 'Chủ tịch phê duyệt kế hoạch can thiệp / The chairman approves the plan', params: z.object({ unitId: Id, caseId: Id }), body: z.object({ approvedOn: IsoDate }), response: { 200: CaseViewBody } } },
    async (request) => {
      const ctx = await ctxOf(request, request.params.unitId);
      await approvePlan(db, ctx, request.params.caseId, request.body.approvedOn, requestLocale(request));
      return readCase(db, ctx, request.params.caseId);
    },
  );

  r.get(
    '/api/communes/:unitId/register/workers',
    { schema: { tags, summary: 'Cán bộ có thể được giao vụ việc (Chủ tịch) / Officers a case may be assigned to (chairman)', params: Commune, response: { 200: z.array(z.object({ id: z.number(), fullName: z.string() })) } } },
    async (request) => caseWorkers(db, await ctxOf(request, request.params.unitId)),
  );

  r.get(
    '/api/communes/:unitId/register/access-log',
    { schema: { tags, summary: 'Nhật ký truy cập hồ sơ trẻ em (Chủ tịch) / Child-record read log (chairman)', params: Commune, querystring: z.object({ childId: Id.optional(), limit: z.coerce.number().int().min(1).max(1000).default(200) }), response: { 200: z.array(AccessLogRowBody) } } },
    async (request) => accessLog(db, await ctxOf(request, request.params.unitId), request.query),
  );

  r.get(
    '/api/communes/:unitId/register/derived',
    { schema: { tags, summary: 'Số liệu tiêu chí tính từ sổ theo dõi / Criterion inputs from the register', params: Commune, querystring: z.object({ periodId: Id }) } },
    async (request) => derivedForCommune(db, await ctxOf(request, request.params.unitId), request.query.periodId),
  );

  r.get(
    '/api/communes/:unitId/register/derived/:code/records',
    { schema: { tags, summary: 'Hồ sơ đứng sau một số liệu / Records behind a count', params: Commune.extend({ code: z.string().max(64) }), querystring: z.object({ periodId: Id }), response: { 200: DerivedRecordsBody } } },
    async (request) => derivedRecords(db, await ctxOf(request, request.params.unitId), request.query.periodId, request.params.code),
  );

  r.post(
    '/api/communes/:unitId/register/derived/adopt',
    { schema: { tags, summary: 'Dùng số liệu từ sổ cho tiêu chí / Adopt register counts', params: Commune, body: z.object({ periodId: BodyId, codes: z.array(z.string().max(64)).min(1).max(64), note: z.string().max(500).optional() }) } },
    async (request) => {
      const ctx = await ctxOf(request, request.params.unitId);
      const saved = await adoptDerived(db, ctx, request.body.periodId, request.body.codes, request.body.note, requestLocale(request));
      return { values: saved.values, result: saved.result };
    },
  );

  r.get(
    '/api/provinces/:unitId/register/summary',
    { schema: { tags, summary: 'Tổng hợp sổ theo dõi các xã (ẩn số nhỏ) / Register summary of the communes (small counts suppressed)', params: Commune, querystring: z.object({ periodId: Id }) } },
    async (request) => provinceSummary(db, requireUser(request.user), request.params.unitId, request.query.periodId),
  );

  r.post(
    '/api/communes/:unitId/register/imports',
    { schema: { tags, summary: 'Tải sổ lên để xem trước (multipart “file”: .xlsx/.csv) / Upload a register file for preview', consumes: ['multipart/form-data'], params: Commune } },
    async (request, reply) => {
      const ctx = await ctxOf(request, request.params.unitId);
      const locale = requestLocale(request);
      // Refused before the upload is read, not later in the background job.
      if (!mayImport(ctx)) throw forbidden();
      if (!request.isMultipart()) throw new AppError(415, 'registerImport:error.not_multipart');
      let file: { name: string; data: Buffer; declaredType: string } | null = null;
      try {
        for await (const part of request.parts()) if (part.type === 'file') file = { name: part.filename || 'so-tre-em', data: await part.toBuffer(), declaredType: part.mimetype };
      } catch (error) {
        if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError(413, 'registerImport:error.too_large', { limit: `${MAX_IMPORT_BYTES / 1024 / 1024} MB` });
        throw error;
      }
      if (!file || !file.data.length) throw new AppError(400, 'registerImport:error.no_file');
      await checkUpload(file, UPLOAD_RULES.register);
      const { name, data } = file;
      const job = startJob('import_preview', ctx.viewer.userId, (progress) => previewImport(db, ctx, data, name, locale, progress), jobError(locale));
      return reply.status(202).send({ jobId: job.id });
    },
  );

  r.post(
    '/api/communes/:unitId/register/imports/:importId/commit',
    { schema: { tags, summary: 'Ghi bản xem trước vào sổ (tất cả hoặc không) / Commit a previewed import (all or nothing)', params: Commune.extend({ importId: Id }) } },
    async (request, reply) => {
      const ctx = await ctxOf(request, request.params.unitId);
      const locale = requestLocale(request);
      const importId = request.params.importId;
      if (!mayImport(ctx)) throw forbidden();
      // A retried commit with the same Idempotency-Key gets the first job back instead of a second commit.
      return idempotent(db, request, reply, request.params, async () => {
        const job = startJob('import_commit', ctx.viewer.userId, (progress) => commitImport(db, ctx, importId, progress), jobError(locale));
        return { status: 202, body: { jobId: job.id } };
      });
    },
  );

  r.delete('/api/communes/:unitId/register/imports/:importId', { schema: { tags, summary: 'Hủy bản xem trước / Discard a preview', params: Commune.extend({ importId: Id }) } }, async (request, reply) => {
    await discardImport(db, await ctxOf(request, request.params.unitId), request.params.importId);
    return reply.status(204).send();
  });

  r.get('/api/register/jobs/:jobId', { schema: { tags, summary: 'Tiến độ công việc dài / Progress of a long job', params: z.object({ jobId: z.uuid() }) } }, async (request) => {
    const user = requireUser(request.user);
    const job = jobFor(request.params.jobId, user.id);
    if (!job) throw new AppError(404, 'common:error.not_found', { what: 'job', id: request.params.jobId });
    return job;
  });

  r.get('/api/register/template.xlsx', { schema: { tags, summary: 'Mẫu sổ theo dõi trẻ em (.xlsx) / Register template' } }, async (request, reply) => {
    requireUser(request.user);
    const locale = requestLocale(request);
    const data = await templateWorkbook(locale);
    return reply.type(XLSX).header('content-disposition', `attachment; filename="${locale === 'vi' ? 'mau-so-theo-doi-tre-em' : 'child-register-template'}.xlsx"`).send(data);
  });

  r.get('/api/communes/:unitId/register/export.xlsx', { schema: { tags, summary: 'Xuất sổ (có danh tính; ghi nhật ký) / Export the register (identifiable; logged)', params: Commune } }, async (request, reply) => {
    const ctx = await ctxOf(request, request.params.unitId);
    const data = await exportRegister(db, ctx, requestLocale(request));
    return reply.type(XLSX).header('cache-control', 'no-store').header('content-disposition', `attachment; filename="so-theo-doi-tre-em-${ctx.communeId}.xlsx"`).send(data);
  });

  r.get('/api/holidays', { schema: { tags, summary: 'Ngày nghỉ lễ và điều chỉnh / Holidays and adjustments', querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100) }) } }, async (request) => {
    requireUser(request.user);
    const calendar = await loadCalendar(db);
    const adjustments = await db.selectFrom('holiday_adjustment').select(['day', 'kind', 'name']).where('day', '>=', `${request.query.year}-01-01`).where('day', '<=', `${request.query.year}-12-31`).orderBy('day').execute();
    return { statutory: statutoryHolidays(request.query.year), holidays: calendar.holidays(request.query.year), adjustments: adjustments.map((a) => ({ date: a.day, kind: a.kind, name: a.name })) };
  });

  r.put(
    '/api/holidays/:date',
    { schema: { tags, summary: 'Điều chỉnh ngày nghỉ theo quyết định chính thức / Adjust a day per an official decision', params: z.object({ date: IsoDate }), body: z.object({ kind: z.enum(['day_off', 'working_day']).nullable(), name: z.string().trim().max(200).default('') }) } },
    async (request) => {
      const user = requireRole(request.user, 'system_admin');
      const { date } = request.params;
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('holiday_adjustment').where('day', '=', date).execute();
        if (request.body.kind) await trx.insertInto('holiday_adjustment').values({ day: date, kind: request.body.kind, name: request.body.name, created_by: user.id }).execute();
        await writeAudit(trx, { userId: user.id, action: 'adjust', entity: 'holiday', entityId: date, after: request.body, ip: request.ip });
      });
      forgetCalendar();
      return { date, ...request.body };
    },
  );
}
