// Re-check (phúc tra) routes: draw a sample, read it, re-score one commune (the work is in store.ts).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../../http/contract.ts';
import { Id } from '../../http/schemas.ts';
import { requireUser } from '../auth/index.ts';
import { DrawRecheckBody, RecheckBody } from './contracts.ts';
import { drawRecheck, readRecheck, rescoreRecheckEntry } from './store.ts';

const tags = ['rounds'];

export async function recheckRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = app.db;

  r.post(
    '/api/rounds/:id/rechecks',
    {
      schema: {
        operationId: 'drawRecheck',
        tags,
        summary:
          'Chọn mẫu phúc tra: một tỷ lệ, hoặc n xã mỗi nhóm (huyện cũ); hạt giống ngẫu nhiên được lưu / Draw a re-check sample: a share, or n communes per group (former district); recorded seed',
        params: z.object({ id: Id }),
        body: DrawRecheckBody,
        response: { 200: RecheckBody, ...errors(409) },
      },
    },
    async (request) => drawRecheck(db, requireUser(request.user), request.params.id, request.body, { ip: request.ip }),
  );

  r.get(
    '/api/rechecks/:id',
    {
      schema: {
        operationId: 'getRecheck',
        tags,
        summary: 'Kết quả phúc tra / Re-check results',
        params: z.object({ id: Id }),
        response: { 200: RecheckBody },
      },
    },
    async (request) => readRecheck(db, requireUser(request.user), request.params.id),
  );

  r.put(
    '/api/rechecks/:id/entries/:entryId',
    {
      schema: {
        operationId: 'rescoreRecheckEntry',
        tags,
        summary: 'Chấm lại một xã trong mẫu phúc tra / Re-score one sampled commune',
        params: z.object({ id: Id, entryId: Id }),
        body: z.object({ values: z.record(z.string().max(64), z.union([z.number(), z.boolean()])) }),
        response: { 200: RecheckBody },
      },
    },
    async (request) => {
      const { id, entryId } = request.params;
      return rescoreRecheckEntry(db, requireUser(request.user), id, entryId, request.body.values, { ip: request.ip });
    },
  );
}
