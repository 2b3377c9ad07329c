// HTTP routes of the criteria-inputs workbook: the template of a commune's assessment, the preview of a
// filled file, and its commit (the same file sent again with the preview's token).
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, forbidden, requestLocale } from '../../../http/errors.ts';
import { Id } from '../../../http/schemas.ts';
import { idempotent } from '../../../http/idempotency.ts';
import { checkUpload, UPLOAD_RULES } from '../../../http/uploads.ts';
import { communeScope, loadUnitInScope, requireUser } from '../../auth/scope.ts';
import type { SessionUser } from '../../auth/users.ts';
import { editableInputs } from '../../rounds/locks.ts';
import { discloseValues } from '../../../../core/privacy/disclosure.ts';
import { lensOf, timelineOf } from '../disclosure.ts';
import { loadPeriod, plainValues, readAssessment } from '../store.ts';
import { commitInputsFile, previewInputsFile, type InputsTarget } from './preview.ts';
import { writeInputsWorkbook } from './write.ts';
import type { InputValue } from '../../../../core/scoring/validate.ts';

const MAX_BYTES = UPLOAD_RULES.inputs.maxBytes;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const tags = ['assessments'];
const UnitPeriod = z.object({ unitId: Id, periodId: Id });

/** As for saving values in assessments/routes.ts: the commune's own officer and chairman only. */
const canWrite = (user: SessionUser, unitId: number) => communeScope(user).includes(unitId);

export async function inputsWorkbookRoutes(app: FastifyInstance) {
  // Scoped to these routes, as for the register import: one file per upload.
  await app.register(multipart, { limits: { fileSize: MAX_BYTES, files: 1, fields: 2, parts: 3 } });
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = app.db;

  /** The commune and period of a route, checked as reading the assessment is (scope, then a commune). */
  async function targetOf(user: SessionUser, unitId: number, periodId: number): Promise<InputsTarget & { parentId: number | null }> {
    const unit = await loadUnitInScope(db, user, unitId);
    if (unit.level !== 'commune') throw new AppError(400, 'common:error.not_commune', { id: unitId });
    const period = await loadPeriod(db, periodId);
    return { unitId, periodId, unit: { code: unit.code, name: unit.name }, periodYear: period.year, parentId: unit.parent_id };
  }

  async function fileOf(request: FastifyRequest): Promise<{ name: string; data: Buffer }> {
    if (!request.isMultipart()) throw new AppError(415, 'inputsWorkbook:error.not_multipart');
    let file: { name: string; data: Buffer; declaredType: string } | null = null;
    try {
      for await (const part of request.parts()) if (part.type === 'file') file = { name: (part.filename || 'so-lieu.xlsx').slice(0, 200), data: await part.toBuffer(), declaredType: part.mimetype };
    } catch (error) {
      if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError(413, 'inputsWorkbook:error.too_large', { limit: `${MAX_BYTES / 1024 / 1024} MB` });
      throw error;
    }
    if (!file || !file.data.length) throw new AppError(400, 'inputsWorkbook:error.no_file');
    const { name } = file;
    await checkUpload(file, { ...UPLOAD_RULES.inputs, wrongType: () => new AppError(400, 'inputsWorkbook:error.not_xlsx', { file: name }) });
    return file;
  }

  r.get(
    '/api/units/:unitId/assessments/:periodId/inputs.xlsx',
    { schema: { tags, summary: 'Mẫu Excel nhập số liệu tiêu chí / Excel template of the criteria inputs', params: UnitPeriod } },
    async (request, reply) => {
      const user = requireUser(request.user);
      const { unitId, periodId } = request.params;
      const target = await targetOf(user, unitId, periodId);
      const locale = requestLocale(request);
      const a = await readAssessment(db, unitId, periodId);
      const editable = a.id ? await editableInputs(db, a.id) : 'all';
      // The current values as the form shows them to this user: withheld figures read "Ẩn (1–4)".
      const values = plainValues(a.values);
      const hidden = (await timelineOf(db, lensOf(user, { id: unitId, parent_id: target.parentId }, a.ruleSet.definition), a.id)).now(values);
      const data = await writeInputsWorkbook(
        {
          def: a.ruleSet.definition,
          identity: { ruleSetCode: a.ruleSet.code, ruleSetVersion: a.ruleSet.version, unitCode: target.unit.code, unitName: target.unit.name, periodYear: target.periodYear },
          values: discloseValues(values as Record<string, InputValue>, hidden),
          editable: canWrite(user, unitId) ? editable : new Set(),
        },
        locale,
      );
      const name = `${locale === 'vi' ? 'so-lieu-tieu-chi' : 'criteria-inputs'}-${target.unit.code}-${target.periodYear}.xlsx`;
      return reply.type(XLSX).header('cache-control', 'no-store').header('content-disposition', `attachment; filename="${name}"`).send(data);
    },
  );

  r.post(
    '/api/units/:unitId/assessments/:periodId/inputs.xlsx/preview',
    { schema: { tags, summary: 'Xem trước tệp Excel số liệu (multipart “file”) / Preview a filled inputs workbook', consumes: ['multipart/form-data'], params: UnitPeriod } },
    async (request) => {
      const user = requireUser(request.user);
      const { unitId, periodId } = request.params;
      const target = await targetOf(user, unitId, periodId);
      if (!canWrite(user, unitId)) throw forbidden();
      const file = await fileOf(request);
      return previewInputsFile(db, target, file.data, file.name, requestLocale(request));
    },
  );

  r.post(
    '/api/units/:unitId/assessments/:periodId/inputs.xlsx/commit',
    {
      schema: {
        tags,
        summary: 'Ghi số liệu của tệp đã xem trước (gửi lại tệp và mã xem trước) / Save a previewed inputs workbook (the file again and the preview token)',
        consumes: ['multipart/form-data'],
        params: UnitPeriod,
        querystring: z.object({ token: z.string().regex(/^[0-9a-f]{64}$/) }),
      },
    },
    async (request, reply) => {
      const user = requireUser(request.user);
      const { unitId, periodId } = request.params;
      const target = await targetOf(user, unitId, periodId);
      if (!canWrite(user, unitId)) throw forbidden();
      const file = await fileOf(request);
      // A retried save with the same Idempotency-Key answers as the first one did, without saving twice.
      return idempotent(db, request, reply, { ...request.params, token: request.query.token, file: file.data }, async () => {
        const { saved, assessment } = await commitInputsFile(db, target, file.data, file.name, request.query.token, { userId: user.id, ip: request.ip, locale: requestLocale(request) });
        return { status: 200, body: { saved: saved.length, changes: saved, values: assessment.values, result: assessment.result } };
      });
    },
  );
}
