// HTTP routes of the criteria-inputs workbook: the template of a commune's assessment, the preview of a
// filled file, and its commit (the same file sent again with the preview's token).
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requestLocale } from '../../../http/errors.ts';
import { Refusal } from '../../../platform/refusal.ts';
import { errors, fileResponse, MIME } from '../../../http/contract.ts';
import { Id } from '../../../http/schemas.ts';
import { InputsCommitBody, InputsPreviewBody } from '../contracts.ts';
import { idempotent } from '../../../http/idempotency.ts';
import { checkUpload, UPLOAD_RULES } from '../../../http/uploads.ts';
import { requireUser } from '../../auth/index.ts';
import { commitWorkbook, inputsTemplate, previewWorkbook, writableWorkbookTarget } from './use-cases.ts';
import { contentDisposition } from '../../../http/attachment.ts';

const MAX_BYTES = UPLOAD_RULES.inputs.maxBytes;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const tags = ['assessments'];
const UnitPeriod = z.object({ unitId: Id, periodId: Id });

export async function inputsWorkbookRoutes(app: FastifyInstance) {
  // Scoped to these routes, as for the register import: one file per upload.
  await app.register(multipart, { limits: { fileSize: MAX_BYTES, files: 1, fields: 2, parts: 3 } });
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = app.db;

  async function fileOf(request: FastifyRequest): Promise<{ name: string; data: Buffer }> {
    if (!request.isMultipart()) throw new Refusal('unsupported_type', 'inputsWorkbook:error.not_multipart');
    let file: { name: string; data: Buffer; declaredType: string } | null = null;
    try {
      for await (const part of request.parts())
        if (part.type === 'file')
          file = {
            name: (part.filename || 'so-lieu.xlsx').slice(0, 200),
            data: await part.toBuffer(),
            declaredType: part.mimetype,
          };
    } catch (error) {
      if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
        throw new Refusal('too_large', 'inputsWorkbook:error.too_large', { limit: `${MAX_BYTES / 1024 / 1024} MB` });
      throw error;
    }
    if (!file || !file.data.length) throw new Refusal('invalid', 'inputsWorkbook:error.no_file');
    const { name } = file;
    await checkUpload(file, {
      ...UPLOAD_RULES.inputs,
      wrongType: () => new Refusal('invalid', 'inputsWorkbook:error.not_xlsx', { file: name }),
    });
    return file;
  }

  r.get(
    '/api/units/:unitId/assessments/:periodId/inputs.xlsx',
    {
      schema: {
        operationId: 'downloadInputsWorkbook',
        tags,
        summary: 'Mẫu Excel nhập số liệu tiêu chí / Excel template of the criteria inputs',
        params: UnitPeriod,
        response: { 200: fileResponse('Mẫu Excel số liệu tiêu chí / The criteria inputs workbook', MIME.xlsx) },
      },
    },
    async (request, reply) => {
      const { unitId, periodId } = request.params;
      const { fileName, data } = await inputsTemplate(
        db,
        requireUser(request.user),
        unitId,
        periodId,
        requestLocale(request),
      );
      // The bytes themselves: the contract describes them as a file, not a JSON body.
      return (reply as FastifyReply)
        .type(XLSX)
        .header('cache-control', 'no-store')
        .header('content-disposition', contentDisposition(fileName))
        .send(data);
    },
  );

  r.post(
    '/api/units/:unitId/assessments/:periodId/inputs.xlsx/preview',
    {
      schema: {
        operationId: 'previewInputsWorkbook',
        tags,
        summary: 'Xem trước tệp Excel số liệu (multipart “file”) / Preview a filled inputs workbook',
        consumes: ['multipart/form-data'],
        params: UnitPeriod,
        multipart: z.object({ file: z.file() }),
        response: { 200: InputsPreviewBody, ...errors(413, 415) },
      },
    },
    async (request) => {
      const target = await writableWorkbookTarget(
        db,
        requireUser(request.user),
        request.params.unitId,
        request.params.periodId,
      );
      return previewWorkbook(db, target, await fileOf(request), requestLocale(request));
    },
  );

  r.post(
    '/api/units/:unitId/assessments/:periodId/inputs.xlsx/commit',
    {
      schema: {
        operationId: 'commitInputsWorkbook',
        tags,
        summary:
          'Ghi số liệu của tệp đã xem trước (gửi lại tệp và mã xem trước) / Save a previewed inputs workbook (the file again and the preview token)',
        consumes: ['multipart/form-data'],
        params: UnitPeriod,
        querystring: z.object({ token: z.string().regex(/^[0-9a-f]{64}$/) }),
        multipart: z.object({ file: z.file() }),
        response: { 200: InputsCommitBody, ...errors(409, 413, 415) },
      },
    },
    async (request, reply) => {
      const user = requireUser(request.user);
      const target = await writableWorkbookTarget(db, user, request.params.unitId, request.params.periodId);
      const file = await fileOf(request);
      const meta = { ip: request.ip, locale: requestLocale(request) };
      // A retried save with the same Idempotency-Key answers as the first one did, without saving twice.
      return idempotent(
        db,
        request,
        reply,
        { ...request.params, token: request.query.token, file: file.data },
        async () => ({
          status: 200,
          body: await commitWorkbook(db, user, target, file, request.query.token, meta),
        }),
      );
    },
  );
}
