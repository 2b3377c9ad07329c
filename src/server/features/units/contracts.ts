// What the units routes take and answer; the web imports the types (import type), never the routes.
import { z } from 'zod';
import { Id } from '../../http/schemas.ts';

export const CATEGORIES = ['urban_ward', 'disadvantaged', 'other'] as const;
export const Category = z.enum(CATEGORIES).meta({ id: 'UnitCategory' });
const Level = z.enum(['province', 'commune']);
/** yyyy-mm-dd */
const Day = z.string();

export const Unit = z
  .object({
    id: z.number().int(),
    code: z.string(),
    name: z.string(),
    kind: z.string(),
    level: Level,
    parentId: z.number().int().nullable(),
    parentName: z.string().nullable(),
    category: Category.nullable(),
    validFrom: Day.nullable(),
    validTo: Day.nullable(),
  })
  .meta({ id: 'Unit', description: 'Một đơn vị hành chính / One administrative unit' });

export const LineageLink = z
  .object({
    id: z.number().int(),
    code: z.string(),
    name: z.string(),
    level: Level,
    kind: z.enum(['full', 'partial']),
    parentName: z.string().nullable(),
    validFrom: Day.nullable(),
    validTo: Day.nullable(),
    /** The day the merger or split took effect. */
    effectiveOn: Day,
  })
  .meta({ id: 'LineageLink', description: 'Một lần sáp nhập hoặc chia tách / One merger or split' });

export const UnitDetail = Unit.extend({
  source: z.string(),
  predecessors: z.array(LineageLink),
  successors: z.array(LineageLink),
}).meta({ id: 'UnitDetail', description: 'Một đơn vị và lịch sử sắp xếp / One unit and its reorganisation history' });

export const UnitPage = z.object({ items: z.array(Unit), total: z.number().int() }).meta({ id: 'UnitPage' });

export const ImportResult = z
  .object({
    /** Communes changed (0 on a dry run). */
    applied: z.number().int(),
    rows: z.array(
      z.object({
        row: z.number().int(),
        code: z.string(),
        name: z.string(),
        before: Category.nullable(),
        after: Category,
      }),
    ),
    /** Always empty in an answer: a file with errors is refused whole (400). */
    errors: z.array(z.object({ row: z.number().int(), field: z.string(), value: z.string(), message: z.string() })),
  })
  .meta({ id: 'CategoryImportResult' });

export const UnitQuery = z.object({
  level: Level.optional(),
  parentId: Id.optional(),
  q: z.string().trim().max(100).optional(),
  category: z.enum([...CATEGORIES, 'none']).optional(),
  historic: z.enum(['false', 'true', 'all']).default('false'),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export const SetCategoryBody = z.object({ category: Category });
export const ImportCategoriesBody = z.object({ csv: z.string().max(2_000_000), dryRun: z.boolean().optional() });
export const TemplateQuery = z.object({ provinceId: Id.optional() });

export type Category = z.infer<typeof Category>;
export type Unit = z.infer<typeof Unit>;
export type LineageLink = z.infer<typeof LineageLink>;
export type UnitDetail = z.infer<typeof UnitDetail>;
export type UnitPage = z.infer<typeof UnitPage>;
export type ImportResult = z.infer<typeof ImportResult>;
export type UnitQuery = z.infer<typeof UnitQuery>;
