// HTTP routes of the satisfaction surveys: questionnaires, a commune's surveys and codes, the public
// answer page's API (no account, no name), paper entry, and results.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors, fileResponse, MIME } from '../../http/contract.ts';
import { requestLocale } from '../../http/errors.ts';
import { Id } from '../../http/schemas.ts';
import { requireUser } from '../auth/index.ts';
import { config } from '../../platform/config.ts';
import {
  CommuneSurveyBody,
  NewSurveyBody,
  PaperResponseBody,
  PaperSavedBody,
  PublicResponseBody,
  PublicSavedBody,
  PublicSurveyBody,
  QuestionnaireSavedBody,
  QuestionnaireVersionBody,
  StoredQuestionnaireBody,
  SurveyClosedBody,
  SurveyCodeBody,
  SurveyCreatedBody,
  SurveyResultsBody,
} from './contracts.ts';
import {
  answerSurvey,
  closeSurvey,
  communeActor,
  communeSurveys,
  createSurvey,
  editQuestionnaire,
  enterPaperResponse,
  latestQuestionnaires,
  listSurveyCodes,
  publicSurvey,
  readQuestionnaireVersions,
  readSurveyResults,
  surveyCodeSheet,
  surveyResultsWorkbook,
} from './store.ts';
import { contentDisposition } from '../../http/attachment.ts';

const Commune = z.object({ unitId: Id });
const SurveyParams = Commune.extend({ surveyId: Id });
const PeriodQuery = z.object({ periodId: Id });
const QuestionnaireCode = z.object({ code: z.string().max(40) });
const PublicCode = z.object({ code: z.string().max(30) });
const tags = ['surveys'];
// A flood from one address is cut off here (and wrong codes per address in flood.ts); a code is spent once whatever the rate.
const PUBLIC_LIMIT = { rateLimit: { max: config.surveyRateLimit, timeWindow: '10 minutes' } };

/** A file as a download that no cache keeps; typed apart because the route's reply type knows only JSON answers. */
function sendFile(reply: FastifyReply, type: string, fileName: string, data: Buffer) {
  return reply
    .type(type)
    .header('content-disposition', contentDisposition(fileName))
    .header('cache-control', 'no-store')
    .send(data);
}

export async function surveyRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = app.db;

  r.get(
    '/api/questionnaires',
    {
      schema: {
        operationId: 'listQuestionnaires',
        tags,
        summary: 'Phiếu khảo sát (bản mới nhất) / Questionnaires (latest versions)',
        response: { 200: z.array(StoredQuestionnaireBody) },
      },
    },
    async (request) => {
      requireUser(request.user);
      return latestQuestionnaires(db);
    },
  );

  r.get(
    '/api/questionnaires/:code',
    {
      schema: {
        operationId: 'listQuestionnaireVersions',
        tags,
        summary: 'Các phiên bản của một phiếu / Versions of a questionnaire',
        params: QuestionnaireCode,
        response: { 200: z.array(QuestionnaireVersionBody) },
      },
    },
    async (request) => readQuestionnaireVersions(db, request.user, request.params.code),
  );

  r.put(
    '/api/questionnaires/:code',
    {
      schema: {
        operationId: 'editQuestionnaire',
        tags,
        summary: 'Sửa phiếu (có trả lời rồi thì thành phiên bản mới) / Edit (a new version once answered)',
        params: QuestionnaireCode,
        body: z.record(z.string(), z.unknown()),
        response: { 200: QuestionnaireSavedBody },
      },
    },
    async (request) => editQuestionnaire(db, requireUser(request.user), request.params.code, request.body, request.ip),
  );

  r.get(
    '/api/communes/:unitId/surveys',
    {
      schema: {
        operationId: 'listSurveys',
        tags,
        summary: 'Khảo sát của xã trong kỳ / A commune’s surveys of a period',
        params: Commune,
        querystring: PeriodQuery,
        response: { 200: z.array(CommuneSurveyBody) },
      },
    },
    async (request) => communeSurveys(db, request.user, request.params.unitId, request.query.periodId),
  );

  r.post(
    '/api/communes/:unitId/surveys',
    {
      schema: {
        operationId: 'openSurvey',
        tags,
        summary: 'Mở khảo sát và tạo mã dùng một lần / Open a survey with one-time codes',
        params: Commune,
        body: NewSurveyBody,
        response: { 201: SurveyCreatedBody, ...errors(409) },
      },
    },
    async (request, reply) => {
      const actor = await communeActor(db, request.user, request.params.unitId, request.ip);
      return reply.status(201).send({ id: await createSurvey(db, actor, request.body) });
    },
  );

  r.get(
    '/api/communes/:unitId/surveys/:surveyId/codes',
    {
      schema: {
        operationId: 'listSurveyCodes',
        tags,
        summary: 'Mã khảo sát để in, không ghi mã nào đã dùng / Codes to print, none marked used',
        params: SurveyParams,
        response: { 200: z.array(SurveyCodeBody) },
      },
    },
    async (request) =>
      listSurveyCodes(db, await communeActor(db, request.user, request.params.unitId), request.params.surveyId),
  );

  r.get(
    '/api/communes/:unitId/surveys/:surveyId/codes.pdf',
    {
      schema: {
        operationId: 'printSurveyCodes',
        tags,
        summary: 'Phiếu mã để in, có mã QR (PDF) / Code slips to print, with QR codes (PDF)',
        params: SurveyParams,
        response: { 200: fileResponse('Phiếu mã khảo sát (PDF) / Survey code slips (PDF)', MIME.pdf), ...errors(409) },
      },
    },
    async (request, reply) => {
      const actor = await communeActor(db, request.user, request.params.unitId);
      // The address printed on the slips: the public page of this server (PUBLIC_URL behind a proxy).
      const origin = config.publicUrl ?? `${request.protocol}://${request.host}`;
      const sheet = await surveyCodeSheet(db, actor, request.params.surveyId, origin, requestLocale(request));
      return sendFile(reply, MIME.pdf, sheet.fileName, sheet.pdf);
    },
  );

  r.post(
    '/api/communes/:unitId/surveys/:surveyId/paper',
    {
      schema: {
        operationId: 'enterPaperResponse',
        tags,
        summary: 'Nhập phiếu giấy / Type in a paper form',
        params: SurveyParams,
        body: PaperResponseBody,
        response: { 201: PaperSavedBody, ...errors(409, 429) },
      },
    },
    async (request, reply) => {
      const actor = await communeActor(db, request.user, request.params.unitId);
      return reply
        .status(201)
        .send(await enterPaperResponse(db, actor, request.params.surveyId, request.body, request.ip));
    },
  );

  r.post(
    '/api/communes/:unitId/surveys/:surveyId/close',
    {
      schema: {
        operationId: 'closeSurvey',
        tags,
        summary:
          'Kết thúc khảo sát: công bố câu trả lời đang chờ, không nhận thêm / Close: release held answers, take no more',
        params: SurveyParams,
        response: { 200: SurveyClosedBody, ...errors(409) },
      },
    },
    async (request) =>
      closeSurvey(db, await communeActor(db, request.user, request.params.unitId, request.ip), request.params.surveyId),
  );

  r.get(
    '/api/communes/:unitId/surveys/results',
    {
      schema: {
        operationId: 'readSurveyResults',
        tags,
        summary: 'Kết quả khảo sát và số liệu C13 / Results and the C13 inputs',
        params: Commune,
        querystring: PeriodQuery,
        response: { 200: SurveyResultsBody },
      },
    },
    async (request) => readSurveyResults(db, request.user, request.params.unitId, request.query.periodId),
  );

  r.get(
    '/api/communes/:unitId/surveys/results.xlsx',
    {
      schema: {
        operationId: 'downloadSurveyResults',
        tags,
        summary: 'Kết quả khảo sát (Excel, ô nhỏ đã ẩn) / Results as a workbook (small cells suppressed)',
        params: Commune,
        querystring: PeriodQuery,
        response: { 200: fileResponse('Kết quả khảo sát (.xlsx) / Survey results (.xlsx)', MIME.xlsx) },
      },
    },
    async (request, reply) => {
      const file = await surveyResultsWorkbook(
        db,
        request.user,
        request.params.unitId,
        request.query.periodId,
        requestLocale(request),
      );
      return sendFile(reply, MIME.xlsx, file.fileName, file.data);
    },
  );

  r.get(
    '/api/public/surveys/:code',
    {
      schema: {
        operationId: 'readPublicSurvey',
        tags,
        summary: 'Phiếu khảo sát theo mã (không cần tài khoản) / The questionnaire for a code (no account)',
        security: [],
        params: PublicCode,
        response: { 200: PublicSurveyBody, ...errors(409, 429) },
      },
      config: PUBLIC_LIMIT,
    },
    async (request) => publicSurvey(db, request.params.code, request.ip),
  );

  r.post(
    '/api/public/surveys/:code/responses',
    {
      schema: {
        operationId: 'answerSurvey',
        tags,
        summary: 'Gửi câu trả lời (mỗi mã một lần, không hỏi tên) / Answer (each code once, no name)',
        security: [],
        params: PublicCode,
        body: PublicResponseBody,
        response: { 201: PublicSavedBody, ...errors(409, 429) },
      },
      config: PUBLIC_LIMIT,
    },
    async (request, reply) =>
      reply.status(201).send(await answerSurvey(db, request.params.code, request.body, request.ip)),
  );
}
