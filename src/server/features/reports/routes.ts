// HTTP routes of the periodic reports of a commune or province, and the consolidated report of a province.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { REPORT_KINDS } from '../../../core/plans/reports.ts';
import type { Database } from '../../db/schema.ts';
import type { Kysely } from 'kysely';
import { AppError, requestLocale } from '../../http/errors.ts';
import { Id } from '../../http/schemas.ts';
import type { SessionUser } from '../auth/users.ts';
import { consolidatedReportDocx, DOCX_MIME, periodicReportDocx } from '../documents/index.ts';
import { planContext } from '../plans/access.ts';
import { todayInVietnam } from '../../platform/clock.ts';
import { latestPublished } from '../rule-sets/store.ts';
import { consolidate } from './consolidate.ts';
import { consolidatedReportDocument, periodicReportDocument } from './documents.ts';
import { dueDatesFor, listReports, readReport, saveNarrative, submitReport } from './store.ts';
import { consolidatedWorkbook } from './xlsx.ts';
import { discloseReport } from './figures.ts';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const Year = z.coerce.number().int().min(2000).max(2100);
const Unit = z.object({ unitId: Id });
const ReportParams = Unit.extend({ year: Year, kind: z.enum(REPORT_KINDS) });
const Text = z.string().max(20_000);
const NarrativeBody = z.object({
  narrative: z.object({ results: Text, difficulties: Text, proposals: Text }),
  /** The revision the editor started from (0 before anything was saved). */
  revision: z.number().int().min(0),
});
const tags = ['reports'];

function download(reply: FastifyReply, mime: string, name: string, ext: string, body: Buffer) {
  const ascii = name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').replace(/[^A-Za-z0-9._-]+/g, '-');
  return reply
    .header('Content-Type', mime)
    .header('Content-Disposition', `attachment; filename="${ascii}.${ext}"; filename*=UTF-8''${encodeURIComponent(name)}.${ext}`)
    .header('Cache-Control', 'private, no-store')
    .send(body);
}

/** Who signs and whom it goes to: the unit's own plan of the year, when it says. */
async function planExtras(db: Kysely<Database>, planId: number | null) {
  const plan = planId
    ? await db.selectFrom('plan').select(['report_to', 'signer_authority', 'signer_capacity', 'signer_title', 'signer_name']).where('id', '=', planId).executeTakeFirst()
    : undefined;
  return {
    reportTo: plan?.report_to ?? '',
    signature: plan ? { authority: plan.signer_authority, capacity: plan.signer_capacity, title: plan.signer_title, name: plan.signer_name } : null,
  };
}

export async function reportRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = app.db;
  const ctxOf = (request: { user: SessionUser | null; ip: string }, unitId: number) => planContext(db, request.user, unitId, request.ip);

  r.get(
    '/api/units/:unitId/reports',
    { schema: { tags, summary: 'Báo cáo 6 tháng, năm của đơn vị / A unit’s 6-month and annual reports', params: Unit, querystring: z.object({ year: Year.optional() }) } },
    async (request) => listReports(db, await ctxOf(request, request.params.unitId), request.query.year ?? Number(todayInVietnam().slice(0, 4))),
  );
  r.get('/api/units/:unitId/reports/:year/:kind', { schema: { tags, summary: 'Một báo cáo (dự thảo từ số liệu, hoặc đã gửi) / A report', params: ReportParams } }, async (request) => {
    const { unitId, year, kind } = request.params;
    return discloseReport(db, request.user!, await readReport(db, await ctxOf(request, unitId), year, kind));
  });
  r.put(
    '/api/units/:unitId/reports/:year/:kind',
    { schema: { tags, summary: 'Lưu phần nội dung báo cáo / Save the written parts', params: ReportParams, body: NarrativeBody } },
    async (request) => {
      const { unitId, year, kind } = request.params;
      const ctx = await ctxOf(request, unitId);
      await saveNarrative(db, ctx, year, kind, request.body);
      return discloseReport(db, request.user!, await readReport(db, ctx, year, kind));
    },
  );
  r.post(
    '/api/units/:unitId/reports/:year/:kind/submit',
    {
      schema: {
        tags,
        summary: 'Gửi báo cáo lên cấp trên (khóa Idempotency-Key) / Submit the report (Idempotency-Key)',
        params: ReportParams,
        // A submission with the key in the header alone has no body (null).
        body: z.object({ key: z.string().trim().min(1).max(200).optional() }).nullish(),
      },
    },
    async (request) => {
      const { unitId, year, kind } = request.params;
      const header = request.headers['idempotency-key'];
      const key = (typeof header === 'string' && header.trim()) || request.body?.key;
      if (!key) throw new AppError(400, 'reports:error.key_required');
      return discloseReport(db, request.user!, await submitReport(db, await ctxOf(request, unitId), year, kind, key));
    },
  );
  r.get('/api/units/:unitId/reports/:year/:kind/report.docx', { schema: { tags, summary: 'Báo cáo (.docx) / The report as .docx', params: ReportParams } }, async (request, reply) => {
    const { unitId, year, kind } = request.params;
    const ctx = await ctxOf(request, unitId);
    const report = await discloseReport(db, request.user!, await readReport(db, ctx, year, kind));
    const due = (await dueDatesFor(db, [unitId], ctx.provinceId, year)).get(unitId)!;
    const ruleSet = await latestPublished(db).then((x) => x.definition).catch(() => null);
    const doc = periodicReportDocument(report, { ...(await planExtras(db, due.planId)), ruleSet, today: todayInVietnam() });
    return download(reply, DOCX_MIME, `Bao-cao-${kind === 'six_month' ? '6-thang' : 'nam'}-${year}-${report.unitName}`, 'docx', await periodicReportDocx(doc));
  });

  r.get(
    '/api/units/:unitId/reports/:year/:kind/consolidated',
    { schema: { tags, summary: 'Báo cáo tổng hợp của tỉnh: tình hình gửi và số liệu tổng hợp / The province’s consolidated report', params: ReportParams } },
    async (request) => {
      const { unitId, year, kind } = request.params;
      return consolidate(db, await ctxOf(request, unitId), year, kind);
    },
  );
  r.get(
    '/api/units/:unitId/reports/:year/:kind/consolidated.docx',
    { schema: { tags, summary: 'Báo cáo tổng hợp (.docx) / Consolidated report as .docx', params: ReportParams } },
    async (request, reply) => {
      const { unitId, year, kind } = request.params;
      const c = await consolidate(db, await ctxOf(request, unitId), year, kind);
      const due = (await dueDatesFor(db, [unitId], unitId, year)).get(unitId)!;
      const doc = consolidatedReportDocument(c, kind, { signature: (await planExtras(db, due.planId)).signature, today: c.today });
      return download(reply, DOCX_MIME, `Bao-cao-tong-hop-${kind === 'six_month' ? '6-thang' : 'nam'}-${year}-${c.province.name}`, 'docx', await consolidatedReportDocx(doc));
    },
  );
  r.get(
    '/api/units/:unitId/reports/:year/:kind/consolidated.xlsx',
    { schema: { tags, summary: 'Bảng tổng hợp (.xlsx) / Roll-up tables as .xlsx', params: ReportParams } },
    async (request, reply) => {
      const { unitId, year, kind } = request.params;
      const c = await consolidate(db, await ctxOf(request, unitId), year, kind);
      return download(reply, XLSX_MIME, `Tong-hop-bao-cao-${kind === 'six_month' ? '6-thang' : 'nam'}-${year}-${c.province.name}`, 'xlsx', await consolidatedWorkbook(c, kind, requestLocale(request)));
    },
  );
}
