// Evidence files attached to a criterion or item of a commune's round entry: upload (type sniffed from
// the bytes, size-limited, checksummed), list, download and soft delete.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import multipart from '@fastify/multipart';
import { z } from 'zod';
import { errors, fileResponse } from '../../http/contract.ts';
import { fieldRefusal } from '../../platform/refusal.ts';
import { Id } from '../../http/schemas.ts';
import { canAccess, loadUnitInScope, requireUser } from '../auth/index.ts';
import { ALLOWED, ALLOWED_LABEL, formatLimit, MAX_FILE_BYTES } from './files.ts';
import { contentDisposition } from '../../http/attachment.ts';
import { readUploadedFile } from './upload.ts';
import { fileStore, readStoredFile } from './storage.ts';
import { EvidenceDeletedBody, EvidenceListBody, EvidenceUploadBody } from './contracts.ts';
import {
  addEvidence,
  deleteEvidence,
  evidenceEditable,
  evidenceWindow,
  listEvidence,
  loadEntry,
  loadEvidence,
  requireEditable,
  resolveCodes,
} from './store.ts';

const COMMUNE_SIDE = ['commune_officer', 'commune_chairman'] as const;
const EntryParams = z.object({ entryId: Id });
const IdParams = z.object({ id: Id });
const CodeText = z.string().max(64);
/** The media types a stored file is served as (one per allowed extension). */
const SERVED_TYPES = [...new Set(Object.values(ALLOWED).flatMap((byExtension) => Object.values(byExtension)))];

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
      const { file, fields } = await readUploadedFile(request);

      const text = (name: string) => {
        const value = fields.get(name) || null;
        if (value !== null && !CodeText.safeParse(value).success)
          throw fieldRefusal('invalid', 'evidence:error.bad_code', name, value.slice(0, 64), { field: name });
        return value;
      };
      const codes = await resolveCodes(app.db, entry.rule_set_id, text('criterionCode'), text('itemCode'));

      const out = await addEvidence(
        app.db,
        fileStore(),
        { entryId: entry.id, ...codes, fileName: file.name, mediaType: file.mediaType, data: file.data },
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
      const data = await readStoredFile(fileStore(), row);
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
