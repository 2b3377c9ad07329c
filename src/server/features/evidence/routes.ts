// Evidence files attached to a criterion or item of a commune's round entry: upload (type sniffed from
// the bytes, size-limited, checksummed), list, download and soft delete.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import multipart from '@fastify/multipart';
import { z } from 'zod';
import { errors, fileResponse } from '../../http/contract.ts';
import { fieldRefusal, Refusal } from '../../platform/refusal.ts';
import { Id } from '../../http/schemas.ts';
import { canAccess, loadUnitInScope, requireUser } from '../auth/index.ts';
import { ALLOWED, ALLOWED_LABEL, cleanFileName, formatLimit, MAX_FILE_BYTES } from './files.ts';
import { contentDisposition } from '../../http/attachment.ts';
import { checkUpload } from '../../http/uploads.ts';
import { fileStore } from './storage.ts';
import { EvidenceDeletedBody, EvidenceListBody, EvidenceUploadBody } from './contracts.ts';
import {
  addEvidence,
  deleteEvidence,
  evidenceEditable,
  evidenceWindow,
  listEvidence,
  loadEntry,
  loadEvidence,
  readEvidence,
  requireEditable,
  resolveCodes,
} from './store.ts';

const COMMUNE_SIDE = ['commune_officer', 'commune_chairman'] as const;
const EntryParams = z.object({ entryId: Id });
const IdParams = z.object({ id: Id });
const CodeText = z.string().max(64);
/** The media types a stored file is served as (one per allowed extension). */
const SERVED_TYPES = [...new Set(Object.values(ALLOWED).flatMap((byExtension) => Object.values(byExtension)))];

interface MultipartError {
  code?: string;
  part?: { filename?: string };
}

export async function evidenceRoutes(app: FastifyInstance) {
  // Scoped to these routes: the rest of the API takes JSON only.
  await app.register(multipart, {
    limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 10, fieldSize: 1000, parts: 12 },
  });
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/round-entries/:entryId/evidence',
    {
      schema: {
        operationId: 'uploadEvidence',
        tags: ['evidence'],
        summary: 'Tải lên tệp minh chứng (multipart: file, criterionCode, itemCode) / Upload an evidence file',
        description: `Trường: “file” (${ALLOWED_LABEL}; tối đa ${formatLimit(MAX_FILE_BYTES)}), “criterionCode” và/hoặc “itemCode”.`,
        consumes: ['multipart/form-data'],
        params: EntryParams,
        multipart: z.object({ file: z.file(), criterionCode: CodeText.optional(), itemCode: CodeText.optional() }),
        response: { 200: EvidenceUploadBody, 201: EvidenceUploadBody, ...errors(409, 413, 415) },
      },
    },
    async (request, reply) => {
      const user = requireUser(request.user);
      const entry = await loadEntry(app.db, request.params.entryId);
      await loadUnitInScope(app.db, user, entry.unit_id, [...COMMUNE_SIDE]);
      requireEditable(entry.state);
      if (!request.isMultipart()) throw new Refusal('unsupported_type', 'evidence:error.not_multipart');

      const fields = new Map<string, string>();
      let file: { name: string; data: Buffer; declaredType: string } | null = null;
      try {
        for await (const part of request.parts()) {
          if (part.type === 'file')
            file = { name: cleanFileName(part.filename), data: await part.toBuffer(), declaredType: part.mimetype };
          else if (typeof part.value === 'string') fields.set(part.fieldname, part.value.trim());
        }
      } catch (error) {
        const e = error as MultipartError;
        if (e.code === 'FST_REQ_FILE_TOO_LARGE')
          throw new Refusal('too_large', 'evidence:error.too_large', {
            file: cleanFileName(e.part?.filename),
            limit: formatLimit(MAX_FILE_BYTES),
          });
        if (e.code === 'FST_FILES_LIMIT') throw new Refusal('invalid', 'evidence:error.one_file');
        if (e.code === 'FST_FIELDS_LIMIT' || e.code === 'FST_PARTS_LIMIT')
          throw new Refusal('invalid', 'evidence:error.too_many_fields');
        throw error;
      }
      if (!file) throw fieldRefusal('invalid', 'evidence:error.no_file', 'file', null, {});
      if (!file.data.length)
        throw fieldRefusal('invalid', 'evidence:error.empty_file', 'file', file.name, { file: file.name });

      const text = (name: string) => {
        const value = fields.get(name) || null;
        if (value !== null && !CodeText.safeParse(value).success)
          throw fieldRefusal('invalid', 'evidence:error.bad_code', name, value.slice(0, 64), { field: name });
        return value;
      };
      const codes = await resolveCodes(app.db, entry.rule_set_id, text('criterionCode'), text('itemCode'));

      // Size, archive (an .xlsx/.docx bomb), sniffed type against extension and declared type: nothing is stored on refusal.
      const sniffed = await checkUpload(file, {
        maxBytes: MAX_FILE_BYTES,
        types: ALLOWED,
        allowedLabel: ALLOWED_LABEL,
      });

      const out = await addEvidence(
        app.db,
        fileStore(),
        { entryId: entry.id, ...codes, fileName: file.name, mediaType: sniffed.mediaType, data: file.data },
        { userId: user.id, ip: request.ip },
      );
      return reply.status(out.duplicate ? 200 : 201).send({ ...out.record, duplicate: out.duplicate });
    },
  );

  r.get(
    '/api/round-entries/:entryId/evidence',
    {
      schema: {
        operationId: 'listEvidence',
        tags: ['evidence'],
        summary: 'Danh sách tệp minh chứng của hồ sơ / Evidence files of an entry',
        params: EntryParams,
        querystring: z.object({ criterionCode: CodeText.optional(), itemCode: CodeText.optional() }),
        response: { 200: EvidenceListBody },
      },
    },
    async (request) => {
      const user = requireUser(request.user);
      const entry = await loadEntry(app.db, request.params.entryId);
      const unit = await loadUnitInScope(app.db, user, entry.unit_id);
      return {
        items: await listEvidence(app.db, entry.id, request.query),
        mayEdit: evidenceEditable(entry.state) && canAccess(user, unit, [...COMMUNE_SIDE]),
        uploadWindow: evidenceWindow(entry.state),
      };
    },
  );

  r.get(
    '/api/evidence/:id/download',
    {
      schema: {
        operationId: 'downloadEvidence',
        tags: ['evidence'],
        summary: 'Tải về tệp minh chứng / Download an evidence file',
        params: IdParams,
        response: { 200: fileResponse('Tệp minh chứng / The evidence file', ...SERVED_TYPES) },
      },
    },
    async (request, reply) => {
      const user = requireUser(request.user);
      const row = await loadEvidence(app.db, request.params.id);
      await loadUnitInScope(app.db, user, row.unit_id);
      const data = await readEvidence(fileStore(), row);
      // The bytes themselves: the contract describes them as a file, not a JSON body.
      return (reply as FastifyReply)
        .header('Content-Type', row.media_type)
        .header('Content-Disposition', contentDisposition(row.file_name))
        .header('X-Content-Type-Options', 'nosniff')
        .header('Content-Security-Policy', "default-src 'none'; sandbox")
        .header('Cache-Control', 'private, no-store')
        .send(data);
    },
  );

  r.delete(
    '/api/evidence/:id',
    {
      schema: {
        operationId: 'deleteEvidence',
        tags: ['evidence'],
        summary: 'Xóa tệp minh chứng / Delete an evidence file',
        params: IdParams,
        response: { 200: EvidenceDeletedBody, ...errors(409) },
      },
    },
    async (request) => {
      const user = requireUser(request.user);
      const row = await loadEvidence(app.db, request.params.id);
      await loadUnitInScope(app.db, user, row.unit_id, [...COMMUNE_SIDE]);
      return deleteEvidence(app.db, row.id, { userId: user.id, ip: request.ip });
    },
  );
}
