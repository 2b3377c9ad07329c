// HTTP routes of the periodic reports of a commune or province, and the consolidated report of a province.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { REPORT_KINDS } from '../../../core/plans/reports.ts';
import { errors, fileResponse, MIME } from '../../http/contract.ts';
import { requestLocale } from '../../http/errors.ts';
import { Id } from '../../http/schemas.ts';
import type { SessionUser } from '../auth/index.ts';
import { sendAttachment } from '../documents/index.ts';
import { planContext } from '../plans/index.ts';
import { consolidate } from './consolidate.ts';
import { Consolidated, NarrativeBody, ReportSummary, ReportView, SubmitBody } from './contracts.ts';
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
const ReportParams = Unit.extend({ year: Year, kind: z.enum(REPORT_KINDS) });
const tags = ['reports'];

export async function reportRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = app.db;
  const ctxOf = (request: { user: SessionUser | null; ip: string }, unitId: number) =>
    planContext(db, request.user, unitId, request.ip);

  r.get(
    '/api/units/:unitId/reports',
    {
      schema: {
        operationId: 'listReports',
        tags,
        summary: 'Báo cáo 6 tháng, năm của đơn vị / A unit’s 6-month and annual reports',
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
      return showReport(db, request.user!, await ctxOf(request, unitId), year, kind);
    },
  );
  r.put(
    '/api/units/:unitId/reports/:year/:kind',
    {
      schema: {
        operationId: 'saveReportNarrative',
        tags,
        summary: 'Lưu phần nội dung báo cáo / Save the written parts',
        params: ReportParams,
        body: NarrativeBody,
        response: { 200: ReportView, ...errors(409) },
      },
    },
    async (request) => {
      const { unitId, year, kind } = request.params;
      return editReport(db, request.user!, await ctxOf(request, unitId), year, kind, request.body);
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
      const header = request.headers['idempotency-key'];
      const key = (typeof header === 'string' && header.trim()) || request.body?.key;
      return sendReport(db, request.user!, await ctxOf(request, unitId), year, kind, key);
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
      return sendAttachment(reply, await reportFile(db, request.user!, await ctxOf(request, unitId), year, kind));
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
}
