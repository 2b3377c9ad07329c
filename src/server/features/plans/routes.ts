// HTTP routes of plans, agencies and tasks of a commune or province.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AGENCY_KINDS, planInput } from '../../../core/plans/plan.ts';
import { INDICATORS } from '../../../core/plans/indicators.ts';
import { requestLocale } from '../../http/errors.ts';
import { Id } from '../../http/schemas.ts';
import { DOCX_MIME, PDF_MIME, planDocx, planPdf, type PlanDocument } from '../documents/index.ts';
import { todayInVietnam } from '../../platform/clock.ts';
import type { SessionUser } from '../auth/users.ts';
import { requireUser } from '../auth/scope.ts';
import { planContext } from './access.ts';
import { addDefaultAgencies, createPlan, draftFromParent, issuePlan, listAgencies, listPlans, readPlan, saveAgency, updatePlan, type PlanView } from './store.ts';
import { recordProgress, setTaskStatus, taskProgress, unitTasks } from './tasks.ts';

const IsoDate = z.iso.date();
const Unit = z.object({ unitId: Id });
const PlanParams = Unit.extend({ planId: Id });
const TaskParams = Unit.extend({ taskId: Id });
const tags = ['plans'];

/** The plan as the document prints it: a draft carries today's date and a blank number. */
export function planDocument(p: PlanView): PlanDocument {
  return {
    header: {
      issuingBody: `Ủy ban nhân dân ${p.unitName}`.toLocaleUpperCase('vi-VN'),
      number: p.status === 'issued' ? p.number : '      /KH-UBND',
      place: p.place,
      date: p.issuedOn ?? todayInVietnam(),
    },
    title: p.title,
    basis: p.basis,
    purposes: p.purposes,
    requirements: p.requirements,
    targets: p.targets.map((t) => t.text),
    tasks: p.tasks.filter((t) => t.status !== 'cancelled').map((t) => ({ text: t.text, dueOn: t.dueOn, agencies: t.agencies.map((a) => a.name) })),
    budget: p.budget,
    assignments: p.assignments.map((a) => ({ heading: a.heading.trim() || a.agencyName, duties: a.duties })),
    sixMonthDue: p.sixMonthDue,
    annualDue: p.annualDue,
    reportTo: p.reportTo,
    reporting: p.reporting,
    recipients: p.recipients.split('\n'),
    signature: { authority: p.signerAuthority, capacity: p.signerCapacity, title: p.signerTitle, name: p.signerName },
  };
}

function sendDocument(reply: FastifyReply, format: 'docx' | 'pdf', name: string, body: Buffer) {
  const ascii = name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').replace(/[^A-Za-z0-9._-]+/g, '-');
  return reply
    .header('Content-Type', format === 'docx' ? DOCX_MIME : PDF_MIME)
    .header('Content-Disposition', `attachment; filename="${ascii}.${format}"; filename*=UTF-8''${encodeURIComponent(name)}.${format}`)
    .header('Cache-Control', 'private, no-store')
    .send(body);
}

const AgencyBody = z.object({ kind: z.enum(AGENCY_KINDS), name: z.string().max(300), active: z.boolean().optional() });

export async function planRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = app.db;
  const ctxOf = (request: { user: SessionUser | null; ip: string }, unitId: number) => planContext(db, request.user, unitId, request.ip);

  r.get('/api/plan-indicators', { schema: { tags, summary: 'Chỉ số đo được để gắn với mục tiêu / Indicators a target can be linked to' } }, async (request) => {
    requireUser(request.user);
    return INDICATORS;
  });

  r.get('/api/units/:unitId/agencies', { schema: { tags, summary: 'Cơ quan, đơn vị được giao nhiệm vụ / Agencies', params: Unit } }, async (request) =>
    listAgencies(db, await ctxOf(request, request.params.unitId)),
  );
  r.post('/api/units/:unitId/agencies', { schema: { tags, summary: 'Thêm cơ quan / Add an agency', params: Unit, body: AgencyBody } }, async (request, reply) =>
    reply.status(201).send(await saveAgency(db, await ctxOf(request, request.params.unitId), request.body, requestLocale(request))),
  );
  r.put(
    '/api/units/:unitId/agencies/:agencyId',
    { schema: { tags, summary: 'Sửa cơ quan / Edit an agency', params: Unit.extend({ agencyId: Id }), body: AgencyBody } },
    async (request) => saveAgency(db, await ctxOf(request, request.params.unitId), { ...request.body, id: request.params.agencyId }, requestLocale(request)),
  );
  r.post('/api/units/:unitId/agencies/defaults', { schema: { tags, summary: 'Thêm các cơ quan thường gặp / Add the usual agencies', params: Unit } }, async (request) =>
    addDefaultAgencies(db, await ctxOf(request, request.params.unitId)),
  );
  r.get(
    '/api/units/:unitId/tasks',
    { schema: { tags, summary: 'Nhiệm vụ của đơn vị, theo cơ quan / Tasks, per agency', params: Unit, querystring: z.object({ agencyId: Id.optional() }) } },
    async (request) => unitTasks(db, await ctxOf(request, request.params.unitId), request.query.agencyId),
  );

  r.get('/api/units/:unitId/plans', { schema: { tags, summary: 'Kế hoạch của đơn vị / Plans', params: Unit, querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() }) } }, async (request) =>
    listPlans(db, await ctxOf(request, request.params.unitId), request.query.year),
  );
  r.get(
    '/api/units/:unitId/plans/draft-from/:parentPlanId',
    { schema: { tags, summary: 'Dự thảo từ kế hoạch cấp trên / A draft implementing the plan of the level above', params: Unit.extend({ parentPlanId: Id }) } },
    async (request) => draftFromParent(db, await ctxOf(request, request.params.unitId), request.params.parentPlanId),
  );
  r.post('/api/units/:unitId/plans', { schema: { tags, summary: 'Tạo kế hoạch / Create a plan', params: Unit, body: planInput } }, async (request, reply) => {
    const ctx = await ctxOf(request, request.params.unitId);
    const id = await createPlan(db, ctx, request.body, requestLocale(request));
    return reply.status(201).send(await readPlan(db, ctx, id));
  });
  r.get('/api/units/:unitId/plans/:planId', { schema: { tags, summary: 'Một kế hoạch / A plan', params: PlanParams } }, async (request) =>
    readPlan(db, await ctxOf(request, request.params.unitId), request.params.planId),
  );
  r.put('/api/units/:unitId/plans/:planId', { schema: { tags, summary: 'Sửa kế hoạch (dự thảo) / Edit a draft plan', params: PlanParams, body: planInput } }, async (request) => {
    const ctx = await ctxOf(request, request.params.unitId);
    await updatePlan(db, ctx, request.params.planId, request.body, requestLocale(request));
    return readPlan(db, ctx, request.params.planId);
  });
  r.post(
    '/api/units/:unitId/plans/:planId/issue',
    {
      schema: {
        tags,
        summary: 'Ban hành kế hoạch (số, ngày, người ký) / Issue a plan (number, date, signer)',
        params: PlanParams,
        body: z.object({ number: z.string().max(60), issuedOn: IsoDate, signerName: z.string().max(100).optional(), signerTitle: z.string().max(100).optional() }),
      },
    },
    async (request) => {
      const ctx = await ctxOf(request, request.params.unitId);
      await issuePlan(db, ctx, request.params.planId, request.body, requestLocale(request));
      return readPlan(db, ctx, request.params.planId);
    },
  );

  r.get(
    '/api/units/:unitId/plans/:planId/plan.:format',
    { schema: { tags, summary: 'Kế hoạch theo thể thức Nghị định 30 (.docx, .pdf) / The plan as an official document', params: PlanParams.extend({ format: z.enum(['docx', 'pdf']) }) } },
    async (request, reply) => {
      const plan = await readPlan(db, await ctxOf(request, request.params.unitId), request.params.planId);
      const doc = planDocument(plan);
      const body = request.params.format === 'docx' ? await planDocx(doc) : await planPdf(doc);
      const name = `Ke-hoach-${plan.year}-${plan.status === 'issued' ? plan.number.replace(/\//g, '-') : `du-thao-${plan.id}`}`;
      return sendDocument(reply, request.params.format, name, body);
    },
  );

  r.get('/api/units/:unitId/tasks/:taskId/progress', { schema: { tags, summary: 'Tiến độ nhiệm vụ / Progress notes', params: TaskParams } }, async (request) =>
    taskProgress(db, await ctxOf(request, request.params.unitId), request.params.taskId),
  );
  r.post(
    '/api/units/:unitId/tasks/:taskId/progress',
    {
      schema: {
        tags,
        summary: 'Ghi tiến độ và minh chứng / Record progress and evidence',
        params: TaskParams,
        body: z.object({ notedOn: IsoDate, progress: z.number().int(), note: z.string().max(8000), evidence: z.string().max(2000).optional() }),
      },
    },
    async (request, reply) => reply.status(201).send(await recordProgress(db, await ctxOf(request, request.params.unitId), request.params.taskId, request.body, requestLocale(request))),
  );
  r.put(
    '/api/units/:unitId/tasks/:taskId/status',
    { schema: { tags, summary: 'Hủy hoặc mở lại nhiệm vụ / Cancel or reopen a task', params: TaskParams, body: z.object({ status: z.enum(['cancelled', 'in_progress', 'not_started']) }) } },
    async (request, reply) => {
      await setTaskStatus(db, await ctxOf(request, request.params.unitId), request.params.taskId, request.body.status);
      return reply.status(204).send();
    },
  );
}
