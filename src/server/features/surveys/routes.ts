// HTTP routes of the satisfaction surveys: questionnaires, a commune's surveys and codes, the public
// answer page's API (no account, no name), paper entry, and results.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AUDIENCES } from '../../../core/surveys/questionnaire.ts';
import { AppError, forbidden, notFound, requestLocale } from '../../http/errors.ts';
import { BodyId, Id } from '../../http/schemas.ts';
import { loadCommune, requireUser } from '../auth/scope.ts';
import { renderCodeSheet } from './code-sheet.ts';
import { writeResultsWorkbook } from './results-workbook.ts';
import { closeSurvey, createSurvey, editQuestionnaire, latestQuestionnaires, listSurveys, mayReadResults, publicSurvey, questionnaireHistory, submitResponse, surveyReport, surveyActor, surveyCodes, surveyResults } from './store.ts';

const Commune = z.object({ unitId: Id });
const tags = ['surveys'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const Answers = z.record(z.string().max(40), z.unknown());
// A flood from one address is cut off here (and wrong codes per address in flood.ts); a code is spent once whatever the rate.
const PUBLIC_LIMIT = { rateLimit: { max: Number(process.env.SURVEY_RATE_LIMIT ?? 30), timeWindow: '10 minutes' } };

export async function surveyRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = app.db;

  const commune = (unitId: number) => loadCommune(db, unitId);

  r.get('/api/questionnaires', { schema: { tags, summary: 'Phiếu khảo sát (bản mới nhất) / Questionnaires (latest versions)' } }, async (request) => {
    requireUser(request.user);
    return latestQuestionnaires(db);
  });

  r.get('/api/questionnaires/:code', { schema: { tags, summary: 'Các phiên bản của một phiếu / Versions of a questionnaire', params: z.object({ code: z.string().max(40) }) } }, async (request) => {
    requireUser(request.user);
    const versions = await questionnaireHistory(db, request.params.code);
    if (!versions.length) throw notFound('questionnaire', request.params.code);
    return versions;
  });

  r.put(
    '/api/questionnaires/:code',
    { schema: { tags, summary: 'Sửa phiếu (có trả lời rồi thì thành phiên bản mới) / Edit (a new version once answered)', params: z.object({ code: z.string().max(40) }), body: z.record(z.string(), z.unknown()) } },
    async (request) => editQuestionnaire(db, requireUser(request.user), request.params.code, request.body, requestLocale(request), request.ip),
  );

  r.get('/api/communes/:unitId/surveys', { schema: { tags, summary: 'Khảo sát của xã trong kỳ / A commune’s surveys of a period', params: Commune, querystring: z.object({ periodId: Id }) } }, async (request) => {
    const user = requireUser(request.user);
    const c = await commune(request.params.unitId);
    if (!mayReadResults(user, c.id, c.provinceId) && !user.roles.some((x) => x.role === 'collaborator' && x.unitId === c.id)) throw forbidden();
    return listSurveys(db, c.id, request.query.periodId);
  });

  r.post(
    '/api/communes/:unitId/surveys',
    { schema: { tags, summary: 'Mở khảo sát và tạo mã dùng một lần / Open a survey with one-time codes', params: Commune, body: z.object({ periodId: BodyId, audience: z.enum(AUDIENCES), sampleSize: z.number().int().min(1).max(5000), questionnaireCode: z.string().max(40).optional() }) } },
    async (request, reply) => {
      const c = await commune(request.params.unitId);
      const id = await createSurvey(db, surveyActor(request.user, c.id, c.provinceId, request.ip), request.body);
      return reply.status(201).send({ id });
    },
  );

  r.get('/api/communes/:unitId/surveys/:surveyId/codes', { schema: { tags, summary: 'Mã khảo sát để in, không ghi mã nào đã dùng / Codes to print, none marked used', params: Commune.extend({ surveyId: Id }) } }, async (request) => {
    const c = await commune(request.params.unitId);
    const { codes } = await surveyCodes(db, surveyActor(request.user, c.id, c.provinceId), request.params.surveyId);
    return codes.map((code) => ({ code }));
  });

  r.get('/api/communes/:unitId/surveys/:surveyId/codes.pdf', { schema: { tags, summary: 'Phiếu mã để in, có mã QR (PDF) / Code slips to print, with QR codes (PDF)', params: Commune.extend({ surveyId: Id }) } }, async (request, reply) => {
    const c = await commune(request.params.unitId);
    const { survey, codes } = await surveyCodes(db, surveyActor(request.user, c.id, c.provinceId), request.params.surveyId);
    const names = await db.selectFrom('unit as u').innerJoin('unit as p', 'p.id', 'u.parent_id').innerJoin('period as y', (j) => j.on('y.id', '=', survey.period_id)).select(['u.name as commune', 'p.name as province', 'y.year']).where('u.id', '=', c.id).executeTakeFirstOrThrow();
    // The address printed on the slips: the public page of this server (PUBLIC_URL behind a proxy).
    const origin = process.env.PUBLIC_URL ?? `${request.protocol}://${request.host}`;
    if (survey.closed_at) throw new AppError(409, 'surveys:error.survey_closed');
    // Every code, used or not: slips of only the unused ones would tell, by difference, which were used.
    const pdf = await renderCodeSheet({ communeName: names.commune, provinceName: names.province, audience: survey.audience, year: names.year, surveyUrl: `${origin}/khao-sat`, codes, locale: requestLocale(request) });
    return reply.type('application/pdf').header('content-disposition', `attachment; filename="ma-khao-sat-${survey.id}.pdf"`).header('cache-control', 'no-store').send(pdf);
  });

  r.post(
    '/api/communes/:unitId/surveys/:surveyId/paper',
    { schema: { tags, summary: 'Nhập phiếu giấy / Type in a paper form', params: Commune.extend({ surveyId: Id }), body: z.object({ answers: Answers, ageBand: z.string().max(20).nullable().optional(), code: z.string().max(20).nullable().optional() }) } },
    async (request, reply) => {
      const c = await commune(request.params.unitId);
      const actor = surveyActor(request.user, c.id, c.provinceId);
      const survey = await db.selectFrom('survey').select('id').where('id', '=', request.params.surveyId).where('unit_id', '=', c.id).executeTakeFirst();
      if (!survey) throw notFound('survey', request.params.surveyId);
      // The public page's guard on wrong codes, per address and per account: a code not of this survey counts as a miss.
      const saved = await submitResponse(db, { ...request.body, surveyId: survey.id, enteredBy: actor.userId, senders: [request.ip, `user:${actor.userId}`] }, requestLocale(request));
      return reply.status(201).send(saved);
    },
  );

  r.post(
    '/api/communes/:unitId/surveys/:surveyId/close',
    { schema: { tags, summary: 'Kết thúc khảo sát: công bố câu trả lời đang chờ, không nhận thêm / Close: release held answers, take no more', params: Commune.extend({ surveyId: Id }) } },
    async (request) => {
      const c = await commune(request.params.unitId);
      return closeSurvey(db, surveyActor(request.user, c.id, c.provinceId, request.ip), request.params.surveyId);
    },
  );

  r.get('/api/communes/:unitId/surveys/results', { schema: { tags, summary: 'Kết quả khảo sát và số liệu C13 / Results and the C13 inputs', params: Commune, querystring: z.object({ periodId: Id }) } }, async (request) => {
    const user = requireUser(request.user);
    const c = await commune(request.params.unitId);
    if (!mayReadResults(user, c.id, c.provinceId)) throw forbidden();
    return surveyResults(db, c.id, request.query.periodId);
  });

  r.get('/api/communes/:unitId/surveys/results.xlsx', { schema: { tags, summary: 'Kết quả khảo sát (Excel, ô nhỏ đã ẩn) / Results as a workbook (small cells suppressed)', params: Commune, querystring: z.object({ periodId: Id }) } }, async (request, reply) => {
    const user = requireUser(request.user);
    const c = await commune(request.params.unitId);
    if (!mayReadResults(user, c.id, c.provinceId)) throw forbidden();
    const report = await surveyReport(db, c.id, request.query.periodId);
    const data = await writeResultsWorkbook(report, requestLocale(request));
    return reply.type(XLSX).header('cache-control', 'no-store').header('content-disposition', `attachment; filename="ket-qua-khao-sat-${c.id}-${report.period.year}.xlsx"`).send(data);
  });

  r.get('/api/public/surveys/:code', { schema: { tags, summary: 'Phiếu khảo sát theo mã (không cần tài khoản) / The questionnaire for a code (no account)', params: z.object({ code: z.string().max(30) }) }, config: PUBLIC_LIMIT }, async (request) =>
    publicSurvey(db, request.params.code, request.ip),
  );

  r.post(
    '/api/public/surveys/:code/responses',
    { schema: { tags, summary: 'Gửi câu trả lời (mỗi mã một lần, không hỏi tên) / Answer (each code once, no name)', params: z.object({ code: z.string().max(30) }), body: z.object({ answers: Answers, ageBand: z.string().max(20).nullable().optional() }) }, config: PUBLIC_LIMIT },
    async (request, reply) => {
      if (!request.params.code.trim()) throw new AppError(400, 'surveys:error.code_required');
      const saved = await submitResponse(db, { code: request.params.code, answers: request.body.answers, ageBand: request.body.ageBand ?? null, senders: [request.ip] }, requestLocale(request));
      return reply.status(201).send({ ok: true, version: saved.version });
    },
  );
}
