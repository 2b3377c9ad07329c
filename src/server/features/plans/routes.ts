// HTTP routes of plans, agencies and tasks of a commune or province.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { INDICATORS } from '../../../core/plans/indicators.ts';
import { planInput, planUpdateInput } from '../../../core/plans/plan.ts';
import { errors, fileResponse, MIME } from '../../http/contract.ts';
import { Id } from '../../http/schemas.ts';
import type { SessionUser } from '../auth/index.ts';
import { requireUser } from '../auth/index.ts';
import { sendAttachment } from '../documents/index.ts';
import { notFound, Refusal } from '../../platform/refusal.ts';
import { planContext } from './access.ts';
import {
  AgencyBody,
  PlanAgency,
  PlanDraft,
  PlanIndicator,
  PlanIssueBody,
  PlanSentBody,
  PlanSummary,
  PlanTask,
  PlanView,
  ProgressBody,
  ProgressNote,
  TaskStatusBody,
  UnitTask,
} from './contracts.ts';
import { planDecisionFile, planFile } from './document.ts';
import {
  addDefaultAgencies,
  createPlan,
  draftFromParent,
  issuePlan,
  listAgencies,
  listPlans,
  readPlan,
  saveAgency,
  setPlanSent,
  unitOfPlan,
  updatePlan,
} from './store.ts';
import { recordProgress, setTaskStatus, taskProgress, unitTasks } from './tasks.ts';

const Unit = z.object({ unitId: Id });
const PlanParams = Unit.extend({ planId: Id });
const TaskParams = Unit.extend({ taskId: Id });
const Year = z.coerce.number().int().min(2000).max(2100);
const tags = ['plans'];

export async function planRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = app.db;
  const ctxOf = (request: { user: SessionUser | null; ip: string }, unitId: number) =>
    planContext(db, request.user, unitId, request.ip);

  r.get(
    '/api/plan-indicators',
    {
      schema: {
        operationId: 'listPlanIndicators',
        tags,
        summary: 'Chỉ số đo được để gắn với mục tiêu / Indicators a target can be linked to',
        response: { 200: z.array(PlanIndicator) },
      },
    },
    async (request) => {
      requireUser(request.user);
      return [...INDICATORS];
    },
  );

  r.get(
    '/api/units/:unitId/agencies',
    {
      schema: {
        operationId: 'listAgencies',
        tags,
        summary: 'Cơ quan, đơn vị được giao nhiệm vụ / Agencies',
        params: Unit,
        response: { 200: z.array(PlanAgency) },
      },
    },
    async (request) => listAgencies(db, await ctxOf(request, request.params.unitId)),
  );
  r.post(
    '/api/units/:unitId/agencies',
    {
      schema: {
        operationId: 'createAgency',
        tags,
        summary: 'Thêm cơ quan / Add an agency',
        params: Unit,
        body: AgencyBody,
        response: { 201: PlanAgency },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await saveAgency(db, await ctxOf(request, request.params.unitId), request.body)),
  );
  r.put(
    '/api/units/:unitId/agencies/:agencyId',
    {
      schema: {
        operationId: 'updateAgency',
        tags,
        summary: 'Sửa cơ quan / Edit an agency',
        params: Unit.extend({ agencyId: Id }),
        body: AgencyBody,
        response: { 200: PlanAgency },
      },
    },
    async (request) =>
      saveAgency(db, await ctxOf(request, request.params.unitId), { ...request.body, id: request.params.agencyId }),
  );
  r.post(
    '/api/units/:unitId/agencies/defaults',
    {
      schema: {
        operationId: 'addDefaultAgencies',
        tags,
        summary: 'Thêm các cơ quan thường gặp / Add the usual agencies',
        params: Unit,
        response: { 200: z.array(PlanAgency) },
      },
    },
    async (request) => addDefaultAgencies(db, await ctxOf(request, request.params.unitId)),
  );
  r.get(
    '/api/units/:unitId/tasks',
    {
      schema: {
        operationId: 'listUnitTasks',
        tags,
        summary: 'Nhiệm vụ của đơn vị, theo cơ quan / Tasks, per agency',
        params: Unit,
        querystring: z.object({ agencyId: Id.optional() }),
        response: { 200: z.array(UnitTask) },
      },
    },
    async (request) => unitTasks(db, await ctxOf(request, request.params.unitId), request.query.agencyId),
  );

  r.get(
    '/api/units/:unitId/plans',
    {
      schema: {
        operationId: 'listPlans',
        tags,
        summary: 'Kế hoạch của đơn vị / Plans',
        params: Unit,
        querystring: z.object({ year: Year.optional() }),
        response: { 200: z.array(PlanSummary) },
      },
    },
    async (request) => listPlans(db, await ctxOf(request, request.params.unitId), request.query.year),
  );
  // Its own segment (not under /plans/): 'draft-from' could otherwise be read as a plan id.
  r.get(
    '/api/units/:unitId/plan-drafts/:parentPlanId',
    {
      schema: {
        operationId: 'draftPlanFromParent',
        tags,
        summary: 'Dự thảo từ kế hoạch cấp trên / A draft implementing the plan of the level above',
        params: Unit.extend({ parentPlanId: Id }),
        response: { 200: PlanDraft },
      },
    },
    async (request) => draftFromParent(db, await ctxOf(request, request.params.unitId), request.params.parentPlanId),
  );
  r.post(
    '/api/units/:unitId/plans',
    {
      schema: {
        operationId: 'createPlan',
        tags,
        summary: 'Tạo kế hoạch / Create a plan',
        params: Unit,
        body: planInput,
        response: { 201: PlanView },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createPlan(db, await ctxOf(request, request.params.unitId), request.body)),
  );
  r.get(
    '/api/units/:unitId/plans/:planId',
    {
      schema: {
        operationId: 'readPlan',
        tags,
        summary: 'Một kế hoạch / A plan',
        params: PlanParams,
        response: { 200: PlanView },
      },
    },
    async (request) => readPlan(db, await ctxOf(request, request.params.unitId), request.params.planId),
  );
  r.put(
    '/api/units/:unitId/plans/:planId',
    {
      schema: {
        operationId: 'updatePlan',
        tags,
        summary:
          'Sửa kế hoạch (dự thảo); trường hay danh sách không gửi thì giữ nguyên / Edit a draft plan; a field or list left out is kept',
        params: PlanParams,
        body: planUpdateInput,
        response: { 200: PlanView, ...errors(409) },
      },
    },
    async (request) => updatePlan(db, await ctxOf(request, request.params.unitId), request.params.planId, request.body),
  );
  r.post(
    '/api/units/:unitId/plans/:planId/issue',
    {
      schema: {
        operationId: 'issuePlan',
        tags,
        summary:
          'Ban hành kế hoạch (số, ngày, người ký); từ chối, nêu từng chỗ, nếu nhiệm vụ thiếu cơ quan hay hạn, mục bắt buộc còn trống, chỉ tiêu không đúng cấp / Issue a plan (number, date, signer); refused with every problem at its field',
        params: PlanParams,
        body: PlanIssueBody,
        response: { 200: PlanView, ...errors(409) },
      },
    },
    async (request) => issuePlan(db, await ctxOf(request, request.params.unitId), request.params.planId, request.body),
  );

  r.patch(
    '/api/plans/:planId/sent',
    {
      schema: {
        operationId: 'setPlanSent',
        tags,
        summary:
          'Ghi ngày gửi kế hoạch đã ban hành lên cấp trên (không trước ngày ban hành, không ở tương lai; null: xóa) / Record the day an issued plan was sent up',
        params: z.object({ planId: Id }),
        body: PlanSentBody,
        response: { 200: PlanView, ...errors(409) },
      },
    },
    async (request) => {
      const { planId } = request.params;
      requireUser(request.user);
      // Who may write is the plan's unit's rule; a plan the reader may not see is as unknown as a missing one.
      const ctx = await ctxOf(request, await unitOfPlan(db, planId)).catch((e: unknown) => {
        throw e instanceof Refusal && e.kind === 'forbidden' ? notFound('plan', planId) : e;
      });
      return setPlanSent(db, ctx, planId, request.body.sentOn);
    },
  );

  r.get(
    '/api/units/:unitId/plans/:planId/plan.:format',
    {
      schema: {
        operationId: 'downloadPlan',
        tags,
        summary: 'Kế hoạch theo thể thức Nghị định 30 (.docx, .pdf) / The plan as an official document',
        params: PlanParams.extend({ format: z.enum(['docx', 'pdf']) }),
        response: { 200: fileResponse('Kế hoạch (.docx, .pdf) / The plan (.docx, .pdf)', MIME.docx, MIME.pdf) },
      },
    },
    async (request, reply) => {
      const { unitId, planId, format } = request.params;
      return sendAttachment(reply, await planFile(db, await ctxOf(request, unitId), planId, format));
    },
  );

  // The decision that issues the plan as its annex (a draft with a blank number until issued with one).
  r.get(
    '/api/plans/:planId/decision.:format',
    {
      schema: {
        operationId: 'downloadPlanDecision',
        tags,
        summary:
          'Quyết định ban hành Kế hoạch, kế hoạch là phụ lục (.docx, .pdf) / The decision issuing the plan, the plan as its annex',
        params: z.object({ planId: Id, format: z.enum(['docx', 'pdf']) }),
        response: {
          200: fileResponse(
            'Quyết định và Kế hoạch (.docx, .pdf) / Decision and plan (.docx, .pdf)',
            MIME.docx,
            MIME.pdf,
          ),
        },
      },
    },
    async (request, reply) => {
      const { planId, format } = request.params;
      return sendAttachment(reply, await planDecisionFile(db, request.user, request.ip, planId, format));
    },
  );

  r.get(
    '/api/units/:unitId/tasks/:taskId/progress',
    {
      schema: {
        operationId: 'listTaskProgress',
        tags,
        summary: 'Tiến độ nhiệm vụ / Progress notes',
        params: TaskParams,
        response: { 200: z.array(ProgressNote) },
      },
    },
    async (request) => taskProgress(db, await ctxOf(request, request.params.unitId), request.params.taskId),
  );
  r.post(
    '/api/units/:unitId/tasks/:taskId/progress',
    {
      schema: {
        operationId: 'recordTaskProgress',
        tags,
        summary: 'Ghi tiến độ và minh chứng / Record progress and evidence',
        params: TaskParams,
        body: ProgressBody,
        response: { 201: PlanTask, ...errors(409) },
      },
    },
    async (request, reply) => {
      const { unitId, taskId } = request.params;
      return reply.status(201).send(await recordProgress(db, await ctxOf(request, unitId), taskId, request.body));
    },
  );
  r.put(
    '/api/units/:unitId/tasks/:taskId/status',
    {
      schema: {
        operationId: 'setTaskStatus',
        tags,
        summary: 'Hủy hoặc mở lại nhiệm vụ / Cancel or reopen a task',
        params: TaskParams,
        body: TaskStatusBody,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await setTaskStatus(db, await ctxOf(request, request.params.unitId), request.params.taskId, request.body.status);
      // 204 carries no body: Fastify drops the null.
      return reply.status(204).send(null);
    },
  );
}
