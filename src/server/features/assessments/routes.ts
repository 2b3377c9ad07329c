// Periods, a commune's assessment (read, save values, history), the scoped list, and stateless scoring.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { refusalBody, requestLocale } from '../../http/errors.ts';
import { BodyId, Id } from '../../http/schemas.ts';
import { requireRole, requireUser } from '../auth/index.ts';
import {
  AssessmentListBody,
  AssessmentViewBody,
  HistoryBody,
  PeriodBody,
  PeriodListBody,
  SavedValuesBody,
  SaveConflictBody,
  ScoreResultBody,
} from './contracts.ts';
import { ValueConflicts } from './conflicts.ts';
import {
  assessmentHistory,
  assessmentView,
  listPeriodAssessments,
  listPeriods,
  openPeriod,
  saveAssessmentValues,
  scoreWithoutSaving,
} from './use-cases.ts';

const UnitPeriod = z.object({ unitId: Id, periodId: Id });
const Value = z.union([z.number(), z.boolean(), z.null()]);
const Code = z.string().max(64);
const tags = ['assessments'];

export async function assessmentRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = app.db;

  r.get(
    '/api/periods',
    {
      schema: {
        operationId: 'listPeriods',
        tags,
        summary: 'Kỳ đánh giá / Assessment periods',
        response: { 200: PeriodListBody },
      },
    },
    async (request) => {
      requireUser(request.user);
      return listPeriods(db);
    },
  );

  r.post(
    '/api/periods',
    {
      schema: {
        operationId: 'openPeriod',
        tags,
        summary: 'Mở kỳ đánh giá (năm) / Open a period (year)',
        body: z.object({ year: z.number().int().min(2019).max(2100) }),
        response: { 200: PeriodBody },
      },
    },
    async (request) => openPeriod(db, requireRole(request.user, 'system_admin'), request.body.year, { ip: request.ip }),
  );

  r.get(
    '/api/periods/:periodId/assessments',
    {
      schema: {
        operationId: 'listPeriodAssessments',
        tags,
        summary: 'Kết quả các xã trong phạm vi / Results of the communes in scope',
        params: z.object({ periodId: Id }),
        querystring: z.object({ provinceId: Id.optional() }),
        response: { 200: AssessmentListBody },
      },
    },
    async (request) =>
      listPeriodAssessments(db, requireUser(request.user), request.params.periodId, request.query.provinceId),
  );

  r.get(
    '/api/units/:unitId/assessments/:periodId',
    {
      schema: {
        operationId: 'getAssessment',
        tags,
        summary: 'Số liệu và điểm của xã / A commune’s inputs and score',
        params: UnitPeriod,
        response: { 200: AssessmentViewBody },
      },
    },
    async (request) => assessmentView(db, requireUser(request.user), request.params.unitId, request.params.periodId),
  );

  r.put(
    '/api/units/:unitId/assessments/:periodId/values',
    {
      schema: {
        operationId: 'saveAssessmentValues',
        tags,
        summary: 'Lưu số liệu (bản nháp) / Save values (draft)',
        params: UnitPeriod,
        description:
          'Với `bases` (giá trị đã thấy khi sửa, theo mã), trường bị người khác đổi trong lúc đó không bị ghi đè: trả 409 với `conflicts`, không lưu gì. / With `bases` (per code, the value the client edited from), a field someone else changed meanwhile is not overwritten: 409 with `conflicts`, nothing saved.',
        body: z.object({
          values: z.record(Code, Value),
          notes: z.record(Code, z.string().max(2000)).optional(),
          /** Per code, the value the client edited from (null: it was empty). Without it a value simply overwrites. */
          bases: z.record(Code, Value).optional(),
          /** Values the person chose not to keep when resolving a conflict: kept in the history, never stored. */
          notKept: z.record(Code, Value).optional(),
        }),
        response: { 200: SavedValuesBody, 409: SaveConflictBody },
      },
    },
    // Answers with what the save changed (values and score), not the rule set again: slow lines.
    async (request, reply) => {
      const { unitId, periodId } = request.params;
      try {
        return await saveAssessmentValues(db, requireUser(request.user), unitId, periodId, request.body, {
          ip: request.ip,
        });
      } catch (err) {
        // The conflicts go beside the usual error body, so that the client can show both values per field.
        if (!(err instanceof ValueConflicts)) throw err;
        return reply.status(409).send({ error: refusalBody(err, requestLocale(request)), conflicts: err.conflicts });
      }
    },
  );

  r.get(
    '/api/units/:unitId/assessments/:periodId/history',
    {
      schema: {
        operationId: 'getAssessmentHistory',
        tags,
        summary: 'Lịch sử số liệu / Value history',
        params: UnitPeriod,
        querystring: z.object({ code: Code.optional() }),
        response: { 200: HistoryBody },
      },
    },
    async (request) => {
      const { unitId, periodId } = request.params;
      return assessmentHistory(db, requireUser(request.user), unitId, periodId, request.query.code);
    },
  );

  r.post(
    '/api/score',
    {
      schema: {
        operationId: 'scoreValues',
        tags,
        summary: 'Tính điểm không lưu (cùng bộ máy tính điểm) / Score without saving (same engine)',
        body: z.object({
          ruleSetId: BodyId.optional(),
          category: z.string(),
          values: z.record(z.string(), z.unknown()),
          allowMissing: z.boolean().optional(),
        }),
        response: { 200: ScoreResultBody },
      },
    },
    async (request) => {
      requireUser(request.user);
      return scoreWithoutSaving(db, request.body);
    },
  );
}
