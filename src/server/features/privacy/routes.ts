// HTTP routes of the privacy operations: a child's data for its guardian, erasure, an account's own data,
// account erasure, retention settings and the record of processing.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { RETENTION_KEYS } from '../../../core/privacy/retention.ts';
import { translator } from '../../../i18n/index.ts';
import { errors, fileResponse, MIME } from '../../http/contract.ts';
import { requestLocale, say } from '../../http/errors.ts';
import { Id } from '../../http/schemas.ts';
import { requireUser } from '../auth/index.ts';
import { registerContext } from '../register/index.ts';
import { todayInVietnam } from '../../platform/clock.ts';
import {
  AccountErasedBody,
  AccountExportBody,
  ChildErasedBody,
  ChildExportBody,
  ErasureRequestBody,
  ErasureRowBody,
  ErasureStatusBody,
  PrivacyAccountBody,
  ProcessingRecordBody,
  RetentionChangeBody,
  RetentionSettingBody,
  RetentionSummaryBody,
} from './contracts.ts';
import {
  childErasureStatus,
  eraseAccount,
  eraseChild,
  erasureLog,
  exportAccount,
  exportChild,
  findAccounts,
  forbiddenUnlessAdmin,
  loadRetention,
  recordOfProcessing,
  updateRetention,
} from './store.ts';
import { runRetention } from './retention.ts';
import { writeChildWorkbook } from './workbook.ts';
import { contentDisposition } from '../../http/attachment.ts';

const ChildParams = z.object({ unitId: Id, childId: Id });
const tags = ['privacy'];

const admin = (user: Parameters<typeof requireUser>[0]) => forbiddenUnlessAdmin(requireUser(user));

/**
 * A personal-data file as an attachment no cache keeps. JSON goes through its contract first, so that a
 * field the contract does not list never leaves the server, as for any other answer.
 */
function sendDataFile(reply: FastifyReply, fileName: string, data: Buffer | string, type: string) {
  return reply
    .header('cache-control', 'no-store')
    .type(type)
    .header('content-disposition', contentDisposition(fileName))
    .send(data);
}
const JSON_TYPE = 'application/json; charset=utf-8';

export async function privacyRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = app.db;
  const ctxOf = (request: { user: Parameters<typeof registerContext>[1]; ip: string }, unitId: number) =>
    registerContext(db, request.user, unitId, request.ip);

  r.get(
    '/api/communes/:unitId/privacy/children/:childId/export',
    {
      schema: {
        operationId: 'exportChildData',
        tags,
        summary:
          'Dữ liệu của một trẻ cho người giám hộ (Chủ tịch; ghi nhật ký) / A child’s data for its guardian (chairman; logged)',
        description: 'JSON: lược đồ ChildExport / JSON: the ChildExport schema',
        params: ChildParams,
        querystring: z.object({ format: z.enum(['json', 'xlsx']).default('json') }),
        response: {
          200: fileResponse('Dữ liệu của trẻ (.json, .xlsx) / The child’s data (.json, .xlsx)', MIME.json, MIME.xlsx),
        },
      },
    },
    async (request, reply) => {
      const { childId } = request.params;
      const data = await exportChild(db, await ctxOf(request, request.params.unitId), childId, request.query.format);
      if (request.query.format === 'xlsx')
        return sendDataFile(
          reply,
          `du-lieu-tre-em-${childId}.xlsx`,
          await writeChildWorkbook(data, requestLocale(request)),
          MIME.xlsx,
        );
      return sendDataFile(
        reply,
        `du-lieu-tre-em-${childId}.json`,
        JSON.stringify(ChildExportBody.parse(data)),
        JSON_TYPE,
      );
    },
  );

  r.get(
    '/api/communes/:unitId/privacy/children/:childId/erasure',
    {
      schema: {
        operationId: 'readChildErasureStatus',
        tags,
        summary: 'Có thể xoá hồ sơ trẻ em không, vì sao / Whether a child’s record may be erased, and why',
        params: ChildParams,
        response: { 200: ErasureStatusBody },
      },
    },
    async (request) => {
      const { decision, why } = await childErasureStatus(
        db,
        await ctxOf(request, request.params.unitId),
        request.params.childId,
      );
      const locale = requestLocale(request);
      return { ...decision, message: why ? say(translator(locale), why, locale) : null };
    },
  );

  r.post(
    '/api/communes/:unitId/privacy/children/:childId/erase',
    {
      schema: {
        operationId: 'eraseChild',
        tags,
        summary: 'Xoá danh tính trẻ em theo yêu cầu (Chủ tịch) / Erase a child’s identity on request (chairman)',
        params: ChildParams,
        body: ErasureRequestBody,
        response: { 200: ChildErasedBody, ...errors(409) },
      },
    },
    // The locale words the legal basis recorded when the request names none.
    async (request) =>
      eraseChild(
        db,
        await ctxOf(request, request.params.unitId),
        request.params.childId,
        request.body,
        requestLocale(request),
      ),
  );

  r.get(
    '/api/communes/:unitId/privacy/erasures',
    {
      schema: {
        operationId: 'listChildErasures',
        tags,
        summary: 'Sổ xoá dữ liệu của xã (Chủ tịch) / The commune’s erasure log (chairman)',
        params: z.object({ unitId: Id }),
        response: { 200: z.array(ErasureRowBody) },
      },
    },
    async (request) => erasureLog(db, await ctxOf(request, request.params.unitId)),
  );

  r.get(
    '/api/privacy/me/export',
    {
      schema: {
        operationId: 'exportMyData',
        tags,
        summary: 'Dữ liệu tài khoản của tôi / My account data',
        description: 'JSON: lược đồ AccountExport / JSON: the AccountExport schema',
        response: { 200: fileResponse('Dữ liệu tài khoản (.json) / The account’s data (.json)', MIME.json) },
      },
    },
    async (request, reply) => {
      const user = requireUser(request.user);
      const data = await exportAccount(db, user, request.ip);
      return sendDataFile(
        reply,
        `du-lieu-tai-khoan-${user.id}.json`,
        JSON.stringify(AccountExportBody.parse(data)),
        JSON_TYPE,
      );
    },
  );

  r.get(
    '/api/privacy/users',
    {
      schema: {
        operationId: 'findAccounts',
        tags,
        summary: 'Tìm tài khoản (quản trị) / Find accounts (administrator)',
        querystring: z.object({ q: z.string().trim().max(100).default('') }),
        response: { 200: z.array(PrivacyAccountBody) },
      },
    },
    async (request) => {
      admin(request.user);
      return findAccounts(db, request.query.q);
    },
  );

  r.post(
    '/api/privacy/users/:userId/erase',
    {
      schema: {
        operationId: 'eraseAccount',
        tags,
        summary: 'Xoá tài khoản theo yêu cầu (quản trị) / Erase an account on request (administrator)',
        params: z.object({ userId: Id }),
        body: ErasureRequestBody,
        response: { 200: AccountErasedBody, ...errors(409) },
      },
    },
    async (request) =>
      eraseAccount(db, admin(request.user), request.params.userId, request.body, requestLocale(request), request.ip),
  );

  r.get(
    '/api/privacy/retention',
    {
      schema: {
        operationId: 'listRetentionSettings',
        tags,
        summary: 'Thời hạn lưu trữ và căn cứ (quản trị) / Retention periods and their basis (administrator)',
        response: { 200: z.array(RetentionSettingBody) },
      },
    },
    async (request) => {
      admin(request.user);
      return loadRetention(db);
    },
  );

  r.put(
    '/api/privacy/retention/:key',
    {
      schema: {
        operationId: 'updateRetentionSetting',
        tags,
        summary: 'Sửa thời hạn lưu trữ (quản trị) / Change a retention period (administrator)',
        params: z.object({ key: z.enum(RETENTION_KEYS) }),
        body: RetentionChangeBody,
        response: { 200: RetentionSettingBody },
      },
    },
    async (request) => updateRetention(db, admin(request.user), request.params.key, request.body, request.ip),
  );

  r.post(
    '/api/privacy/retention/run',
    {
      schema: {
        operationId: 'runRetention',
        tags,
        summary: 'Chạy việc lưu trữ ngay (quản trị) / Run the retention job now (administrator)',
        response: { 200: RetentionSummaryBody },
      },
    },
    async (request) => runRetention(db, todayInVietnam(), admin(request.user).id),
  );

  r.get(
    '/api/privacy/record',
    {
      schema: {
        operationId: 'readProcessingRecord',
        tags,
        summary: 'Hồ sơ hoạt động xử lý dữ liệu cá nhân (quản trị) / Record of processing (administrator)',
        response: { 200: ProcessingRecordBody },
      },
    },
    async (request) => {
      admin(request.user);
      return recordOfProcessing(db);
    },
  );
}
