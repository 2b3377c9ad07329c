// HTTP routes of the statistics export: a commune's or a province's counted statistics over a data period, as
// JSON, Excel and CSV.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { fileResponse, MIME } from '../../http/contract.ts';
import { requestLocale } from '../../http/errors.ts';
import { Id } from '../../http/schemas.ts';
import { sendAttachment } from '../documents/index.ts';
import { StatisticsExport, StatisticsQuery } from './contracts.ts';
import {
  exportFileName,
  exportPeriod,
  exportUnit,
  statisticsCsv,
  statisticsTable,
  statisticsWorkbook,
} from './export.ts';

const Unit = z.object({ unitId: Id });
const tags = ['statistics'];
const description =
  'Xã: cán bộ, chủ tịch xã và cán bộ tỉnh; tỉnh: cán bộ tỉnh (một cột mỗi xã và cột tổng). Chỉ số đếm và tỷ lệ. / ' +
  'A commune: its officer, chairman and province official; a province: its official (a column per commune and a total). Counts and rates only.';

export async function statisticsRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = app.db;
  const table = async (request: {
    user: Parameters<typeof exportUnit>[1];
    params: { unitId: number };
    query: { from?: string; to?: string };
  }) => {
    const unit = await exportUnit(db, request.user, request.params.unitId);
    return statisticsTable(db, unit, exportPeriod(request.query));
  };

  r.get(
    '/api/units/:unitId/statistics',
    {
      schema: {
        operationId: 'readStatistics',
        tags,
        summary: 'Thống kê trẻ em của xã, tỉnh trong kỳ / A unit’s child statistics over a period',
        description,
        params: Unit,
        querystring: StatisticsQuery,
        response: { 200: StatisticsExport },
      },
    },
    async (request) => table(request),
  );
  r.get(
    '/api/units/:unitId/statistics.xlsx',
    {
      schema: {
        operationId: 'downloadStatisticsWorkbook',
        tags,
        summary: 'Thống kê trẻ em (.xlsx) / Child statistics as .xlsx',
        description,
        params: Unit,
        querystring: StatisticsQuery,
        response: { 200: fileResponse('Thống kê trẻ em (.xlsx) / Child statistics (.xlsx)', MIME.xlsx) },
      },
    },
    async (request, reply) => {
      const data = await table(request);
      const locale = requestLocale(request);
      const body = await statisticsWorkbook(data, locale);
      return sendAttachment(reply, { name: exportFileName(data, locale), ext: 'xlsx', mime: MIME.xlsx, body });
    },
  );
  r.get(
    '/api/units/:unitId/statistics.csv',
    {
      schema: {
        operationId: 'downloadStatisticsCsv',
        tags,
        summary: 'Chỉ tiêu thống kê trẻ em (.csv, UTF-8) / National child indicators as .csv (UTF-8)',
        description,
        params: Unit,
        querystring: StatisticsQuery,
        response: { 200: fileResponse('Chỉ tiêu thống kê trẻ em (.csv) / Child indicators (.csv)', MIME.csv) },
      },
    },
    async (request, reply) => {
      const data = await table(request);
      const locale = requestLocale(request);
      const body = Buffer.from(statisticsCsv(data, locale), 'utf8');
      return sendAttachment(reply, {
        name: exportFileName(data, locale),
        ext: 'csv',
        mime: 'text/csv; charset=utf-8',
        body,
      });
    },
  );
}
