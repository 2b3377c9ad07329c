// Downloads of the official documents of a round: the recognition decision and the self-assessment minutes,
// as editable .docx and as PDF.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { fileResponse, MIME } from '../../http/contract.ts';
import { Id } from '../../http/schemas.ts';
import { requireUser } from '../auth/index.ts';
import { contentDisposition, sendAttachment } from '../../http/attachment.ts';
import { decisionFile, minutesFile } from './round-documents.ts';
import { decisionPreviewFile } from './decision-preview.ts';
import { DecisionPreviewQuery } from './contracts.ts';

const Format = z.enum(['docx', 'pdf']);
// The round's documents are listed with the round's other operations.
const tags = ['rounds'];

export async function documentRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = app.db;

  r.get(
    '/api/decisions/:id/document.:format',
    {
      schema: {
        operationId: 'downloadRecognitionDecision',
        tags,
        summary: 'Quyết định công nhận (.docx, .pdf) / Recognition decision',
        params: z.object({ id: Id, format: Format }),
        response: {
          200: fileResponse(
            'Quyết định công nhận (.docx, .pdf) / Recognition decision (.docx, .pdf)',
            MIME.docx,
            MIME.pdf,
          ),
        },
      },
    },
    async (request, reply) => {
      const { id, format } = request.params;
      return sendAttachment(reply, await decisionFile(db, requireUser(request.user), id, format));
    },
  );

  // The decision as it will read, before it is recorded: marked "DỰ THẢO", nothing written (the signer only).
  r.get(
    '/api/rounds/:id/decisions/preview.:format',
    {
      schema: {
        operationId: 'previewRecognitionDecision',
        tags,
        summary: 'Dự thảo quyết định công nhận, chưa ghi (.pdf, .docx) / Draft recognition decision, not recorded',
        params: z.object({ id: Id, format: Format }),
        querystring: DecisionPreviewQuery,
        response: {
          200: fileResponse('Dự thảo quyết định (.pdf, .docx) / Draft decision (.pdf, .docx)', MIME.pdf, MIME.docx),
        },
      },
    },
    async (request, reply) => {
      const { id, format } = request.params;
      const file = await decisionPreviewFile(db, requireUser(request.user), id, request.query, format);
      // Opened in the browser to be read, not saved: inline.
      return (reply as FastifyReply)
        .header('Content-Disposition', contentDisposition(`${file.name}.${file.ext}`, 'inline'))
        .header('Content-Type', file.mime)
        .header('Cache-Control', 'private, no-store')
        .send(file.body);
    },
  );

  r.get(
    '/api/rounds/:id/entries/:unitId/minutes.:format',
    {
      schema: {
        operationId: 'downloadSelfAssessmentMinutes',
        tags,
        summary: 'Biên bản họp Hội đồng và bảng tự đánh giá (.docx, .pdf) / Self-assessment minutes and table',
        params: z.object({ id: Id, unitId: Id, format: Format }),
        response: {
          200: fileResponse(
            'Biên bản và bảng tự đánh giá (.docx, .pdf) / Minutes and table (.docx, .pdf)',
            MIME.docx,
            MIME.pdf,
          ),
        },
      },
    },
    async (request, reply) => {
      const { id, unitId, format } = request.params;
      return sendAttachment(reply, await minutesFile(db, requireUser(request.user), id, unitId, format));
    },
  );
}
