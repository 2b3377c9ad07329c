// HTTP routes of the periodic reports of a commune or province (6-month, annual, Action Month), the reports on
// children's forums, the report forms, and the consolidated report of a province.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { REPORT_KINDS, YEARLY_REPORT_KINDS } from '../../../core/plans/reports.ts';
import { errors, fileResponse, MIME } from '../../http/contract.ts';
import { requestLocale } from '../../http/errors.ts';
import { Id } from '../../http/schemas.ts';
import type { SessionUser } from '../auth/index.ts';
import { sendAttachment } from '../documents/index.ts';
import { planContext } from '../plans/index.ts';
import { todayInVietnam } from '../../platform/clock.ts';
import { consolidate } from './consolidate.ts';
import {
  Consolidated,
  ForumReportList,
  NarrativeBody,
  ReportFormBody,
  ReportFormsView,
  ReportSummary,
  ReportView,
  SubmitBody,
} from './contracts.ts';
import { forumReportRef, listForumReports } from './forum-reports.ts';
import { reportForms, saveReportForm } from './report-forms.ts';
import {
  consolidatedFile,
  consolidatedSheet,
  editReport,
  reportFile,
  reportsOfYear,
  sendReport,
  showReport,
} from './use-cases.ts';

const Year = z.coerce.number().int().min(2000).max(2100);
const Unit = z.object({ unitId: Id });
const ReportParams = Unit.extend({ year: Year, kind: z.enum(YEARLY_REPORT_KINDS) });
const ForumParams = Unit.extend({ forumId: Id });
const FormParams = Unit.extend({ kind: z.enum(REPORT_KINDS) });
const tags = ['reports'];

export async function reportRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = app.db;
  const ctxOf = (request: { user: SessionUser | null; ip: string }, unitId: number) =>
    planContext(db, request.user, unitId, request.ip);
  // The submission key: the Idempotency-Key header, else the body's.
  const keyOf = (request: { headers: Record<string, unknown>; body?: { key?: string } | null }) => {
    const header = request.headers['idempotency-key'];
    return (typeof header === 'string' && header.trim()) || request.body?.key;
  };

  r.get(
    '/api/units/:unitId/reports',
    {
      schema: {
        operationId: 'listReports',
        tags,
        summary: 'Báo cáo 6 tháng, năm, Tháng hành động của đơn vị / A unit’s 6-month, annual and Action Month reports',
        params: Unit,
        querystring: z.object({ year: Year.optional() }),
        response: { 200: z.array(ReportSummary) },
      },
    },
    async (request) => reportsOfYear(db, await ctxOf(request, request.params.unitId), request.query.year),
  );
  r.get(
    '/api/units/:unitId/reports/:year/:kind',
    {
      schema: {
        operationId: 'readReport',
        tags,
        summary: 'Một báo cáo (dự thảo từ số liệu, hoặc đã gửi) / A report',
        params: ReportParams,
        response: { 200: ReportView },
      },
    },
    async (request) => {
      const { unitId, year, kind } = request.params;
      return showReport(db, request.user!, await ctxOf(request, unitId), { kind, year });
    },
  );
  r.put(
    '/api/units/:unitId/reports/:year/:kind',
    {
      schema: {
        operationId: 'saveReportNarrative',
        tags,
        summary: 'Lưu phần nội dung và số liệu nhập của báo cáo / Save the written parts and typed figures',
        params: ReportParams,
        body: NarrativeBody,
        response: { 200: ReportView, ...errors(409) },
      },
    },
    async (request) => {
      const { unitId, year, kind } = request.params;
      return editReport(db, request.user!, await ctxOf(request, unitId), { kind, year }, request.body);
    },
  );
  r.post(
    '/api/units/:unitId/reports/:year/:kind/submit',
    {
      schema: {
        operationId: 'submitReport',
        tags,
        summary: 'Gửi báo cáo lên cấp trên (khóa Idempotency-Key) / Submit the report (Idempotency-Key)',
        params: ReportParams,
        body: SubmitBody,
        response: { 200: ReportView, ...errors(409) },
      },
    },
    async (request) => {
      const { unitId, year, kind } = request.params;
      return sendReport(db, request.user!, await ctxOf(request, unitId), { kind, year }, keyOf(request));
    },
  );
  r.get(
    '/api/units/:unitId/reports/:year/:kind/report.docx',
    {
      schema: {
        operationId: 'downloadReport',
        tags,
        summary: 'Báo cáo (.docx) / The report as .docx',
        params: ReportParams,
        response: { 200: fileResponse('Báo cáo (.docx) / The report (.docx)', MIME.docx) },
      },
    },
    async (request, reply) => {
      const { unitId, year, kind } = request.params;
      return sendAttachment(reply, await reportFile(db, request.user!, await ctxOf(request, unitId), { kind, year }));
    },
  );

  r.get(
    '/api/units/:unitId/reports/:year/:kind/consolidated',
    {
      schema: {
        operationId: 'readConsolidatedReport',
        tags,
        summary: 'Báo cáo tổng hợp của tỉnh: tình hình gửi và số liệu tổng hợp / The province’s consolidated report',
        params: ReportParams,
        response: { 200: Consolidated },
      },
    },
    async (request) => {
      const { unitId, year, kind } = request.params;
      return consolidate(db, await ctxOf(request, unitId), year, kind);
    },
  );
  r.get(
    '/api/units/:unitId/reports/:year/:kind/consolidated.docx',
    {
      schema: {
        operationId: 'downloadConsolidatedReport',
        tags,
        summary: 'Báo cáo tổng hợp (.docx) / Consolidated report as .docx',
        params: ReportParams,
        response: { 200: fileResponse('Báo cáo tổng hợp (.docx) / Consolidated report (.docx)', MIME.docx) },
      },
    },
    async (request, reply) => {
      const { unitId, year, kind } = request.params;
      return sendAttachment(reply, await consolidatedFile(db, await ctxOf(request, unitId), year, kind));
    },
  );
  r.get(
    '/api/units/:unitId/reports/:year/:kind/consolidated.xlsx',
    {
      schema: {
        operationId: 'downloadConsolidatedTables',
        tags,
        summary: 'Bảng tổng hợp (.xlsx) / Roll-up tables as .xlsx',
        params: ReportParams,
        response: { 200: fileResponse('Bảng tổng hợp (.xlsx) / Roll-up tables (.xlsx)', MIME.xlsx) },
      },
    },
    async (request, reply) => {
      const { unitId, year, kind } = request.params;
      const file = await consolidatedSheet(db, await ctxOf(request, unitId), year, kind, requestLocale(request));
      return sendAttachment(reply, file);
    },
  );

  // --- Reports on children's forums ---
  r.get(
    '/api/units/:unitId/forum-reports',
    {
      schema: {
        operationId: 'listForumReports',
        tags,
        summary: 'Báo cáo các diễn đàn trẻ em trong năm, đúng hạn hay muộn / The year’s forum reports and timeliness',
        params: Unit,
        querystring: z.object({ year: Year.optional() }),
        response: { 200: ForumReportList },
      },
    },
    async (request) =>
      listForumReports(
        db,
        await ctxOf(request, request.params.unitId),
        request.query.year ?? Number(todayInVietnam().slice(0, 4)),
      ),
  );
  r.get(
    '/api/units/:unitId/forum-reports/:forumId',
    {
      schema: {
        operationId: 'readForumReport',
        tags,
        summary: 'Báo cáo kết quả tổ chức một diễn đàn trẻ em / The report on a children’s forum',
        params: ForumParams,
        response: { 200: ReportView },
      },
    },
    async (request) => {
      const ctx = await ctxOf(request, request.params.unitId);
      return showReport(db, request.user!, ctx, await forumReportRef(db, ctx, request.params.forumId));
    },
  );
  r.put(
    '/api/units/:unitId/forum-reports/:forumId',
    {
      schema: {
        operationId: 'saveForumReport',
        tags,
        summary: 'Lưu báo cáo diễn đàn trẻ em / Save a forum report',
        params: ForumParams,
        body: NarrativeBody,
        response: { 200: ReportView, ...errors(409) },
      },
    },
    async (request) => {
      const ctx = await ctxOf(request, request.params.unitId);
      const ref = await forumReportRef(db, ctx, request.params.forumId);
      return editReport(db, request.user!, ctx, ref, request.body);
    },
  );
  r.post(
    '/api/units/:unitId/forum-reports/:forumId/submit',
    {
      schema: {
        operationId: 'submitForumReport',
        tags,
        summary: 'Gửi báo cáo diễn đàn trẻ em (khóa Idempotency-Key) / Submit a forum report (Idempotency-Key)',
        params: ForumParams,
        body: SubmitBody,
        response: { 200: ReportView, ...errors(409) },
      },
    },
    async (request) => {
      const ctx = await ctxOf(request, request.params.unitId);
      const ref = await forumReportRef(db, ctx, request.params.forumId);
      return sendReport(db, request.user!, ctx, ref, keyOf(request));
    },
  );
  r.get(
    '/api/units/:unitId/forum-reports/:forumId/report.docx',
    {
      schema: {
        operationId: 'downloadForumReport',
        tags,
        summary: 'Báo cáo diễn đàn trẻ em (.docx) / A forum report as .docx',
        params: ForumParams,
        response: { 200: fileResponse('Báo cáo (.docx) / The report (.docx)', MIME.docx) },
      },
    },
    async (request, reply) => {
      const ctx = await ctxOf(request, request.params.unitId);
      const ref = await forumReportRef(db, ctx, request.params.forumId);
      return sendAttachment(reply, await reportFile(db, request.user!, ctx, ref));
    },
  );

  // --- Report forms ---
  r.get(
    '/api/units/:unitId/report-forms/:kind',
    {
      schema: {
        operationId: 'readReportForms',
        tags,
        summary:
          'Mẫu báo cáo áp dụng cho đơn vị, mẫu gốc và danh mục số liệu / The report form, the preset, the catalogue',
        params: FormParams,
        response: { 200: ReportFormsView },
      },
    },
    async (request) => reportForms(db, await ctxOf(request, request.params.unitId), request.params.kind),
  );
  r.post(
    '/api/units/:unitId/report-forms/:kind',
    {
      schema: {
        operationId: 'saveReportForm',
        tags,
        summary: 'Tỉnh lưu mẫu báo cáo điều chỉnh (phiên bản mới) / A province saves its adjusted form (new version)',
        params: FormParams,
        body: ReportFormBody,
        response: { 200: ReportFormsView },
      },
    },
    async (request) =>
      saveReportForm(db, await ctxOf(request, request.params.unitId), request.params.kind, request.body),
  );
}
