// What the statistics export answers: a unit's counted statistics over a data period, one column per commune
// (a province: each of its communes and the total), as the catalogue's statistics and as the national
// indicators of Thông tư 13/2021. Counts and rates only: no child, case or site leaves here.
import { z } from 'zod';

/** A day as yyyy-mm-dd. */
export const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'yyyy-mm-dd' });

export const StatisticsQuery = z.object({
  /** First day of the data period; default: 1 January of this year. */
  from: Day.optional(),
  /** Last day of the data period; default: today (Vietnam). */
  to: Day.optional(),
});

const Label = z.object({ vi: z.string(), en: z.string() });
const Value = z.number().nullable();

export const StatisticsColumn = z.object({ unitId: z.number().int(), code: z.string(), name: z.string() });

export const StatisticsRow = z.object({
  code: z.string(),
  label: Label,
  unit: Label,
  kind: z.enum(['count', 'rate']),
  /** One value per column, in the columns' order. */
  values: z.array(Value),
  /** A province: the communes added up (rates from the summed counts); a commune: its own value. */
  total: Value,
});

export const NationalRow = StatisticsRow.omit({ kind: true }).extend({
  group: Label,
  note: Label.nullable(),
  kind: z.enum(['sum', 'ratio']),
});

export const StatisticsExport = z.object({
  unit: z.object({ id: z.number().int(), code: z.string(), name: z.string(), level: z.enum(['commune', 'province']) }),
  period: z.object({ from: z.string(), to: z.string() }),
  source: Label,
  columns: z.array(StatisticsColumn),
  national: z.array(NationalRow),
  statistics: z.array(StatisticsRow),
});
export type StatisticsExport = z.infer<typeof StatisticsExport>;
