// The units as the routes answer them: lists, one unit with its history, the CSV template of a province.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { forbidden, notFound } from '../../platform/refusal.ts';
import { csvFile } from '../../platform/spreadsheet-write.ts';
import type { Category, Unit, UnitDetail, UnitPage, UnitQuery } from './contracts.ts';
import { translator, type Locale } from '../../../i18n/index.ts';
import { categoryWord } from './load.ts';
import { foldVietnamese, VIETNAMESE_FOLD } from './official-list.ts';

/** Units with their parent's name. */
function unitQuery(db: Kysely<Database>) {
  return db
    .selectFrom('unit as u')
    .leftJoin('unit as p', 'p.id', 'u.parent_id')
    .select([
      'u.id',
      'u.code',
      'u.name',
      'u.kind',
      'u.level',
      'u.parent_id as parentId',
      'p.name as parentName',
      'u.category',
      'u.valid_from as validFrom',
      'u.valid_to as validTo',
    ]);
}

/** A date column as yyyy-mm-dd, whichever way the driver hands it over (string, or Date at UTC midnight). */
const day = (value: unknown): string | null =>
  value == null ? null : value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);

function withDays<T extends { validFrom: unknown; validTo: unknown }>(unit: T) {
  return { ...unit, validFrom: day(unit.validFrom), validTo: day(unit.validTo) };
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A page of units: q matches the name without accents, or a code prefix when it is all digits. */
export async function listUnits(db: Kysely<Database>, filter: UnitQuery): Promise<UnitPage> {
  const { level, parentId, q, category, historic, limit, offset } = filter;
  let query = unitQuery(db);
  if (level) query = query.where('u.level', '=', level);
  if (parentId !== undefined) query = query.where('u.parent_id', '=', parentId);
  if (historic === 'false') query = query.where('u.valid_to', 'is', null);
  if (historic === 'true') query = query.where('u.valid_to', 'is not', null);
  if (category === 'none') query = query.where('u.category', 'is', null);
  else if (category) query = query.where('u.category', '=', category);
  const folded = foldVietnamese(q ?? '')
    .replace(/\s+/g, ' ')
    .trim();
  if (/^\d+$/.test(folded)) query = query.where('u.code', 'like', `${folded}%`);
  else if (folded)
    query = query.where(
      sql<string>`lower(translate(u.name, ${VIETNAMESE_FOLD.from}, ${VIETNAMESE_FOLD.to}))`,
      'like',
      `%${escapeLike(folded)}%`,
    );
  const [items, count] = await Promise.all([
    query
      .orderBy('u.level', 'desc') // provinces first
      .orderBy('u.code')
      .orderBy(sql`u.valid_to DESC NULLS FIRST`)
      .limit(limit)
      .offset(offset)
      .execute(),
    query
      .clearSelect()
      .select(sql<string>`count(*)`.as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items: items.map(withDays), total: Number(count.n) };
}

/** One unit as listed (after a change of its category). */
export async function readUnitRow(db: Kysely<Database>, id: number): Promise<Unit> {
  return withDays(await unitQuery(db).where('u.id', '=', id).executeTakeFirstOrThrow());
}

/** One unit with the units merged into it and those it went into. */
export async function readUnit(db: Kysely<Database>, id: number): Promise<UnitDetail> {
  const unit = await unitQuery(db).select('u.source').where('u.id', '=', id).executeTakeFirst();
  if (!unit) throw notFound('unit', id);
  const lineage = (side: 'predecessor' | 'successor') => {
    const other = side === 'predecessor' ? 'l.predecessor_id' : 'l.successor_id';
    const self = side === 'predecessor' ? 'l.successor_id' : 'l.predecessor_id';
    return db
      .selectFrom('unit_lineage as l')
      .innerJoin('unit as o', 'o.id', other)
      .leftJoin('unit as p', 'p.id', 'o.parent_id')
      .select([
        'o.id',
        'o.code',
        'o.name',
        'o.level',
        'l.kind',
        'p.name as parentName',
        'o.valid_from as validFrom',
        'o.valid_to as validTo',
        'l.effective_on as effectiveOn',
      ])
      .where(self, '=', id)
      .orderBy('l.effective_on')
      .orderBy('o.code')
      .execute();
  };
  const [predecessors, successors] = await Promise.all([lineage('predecessor'), lineage('successor')]);
  const history = (rows: typeof predecessors) =>
    rows.map((l) => ({ ...withDays(l), effectiveOn: day(l.effectiveOn)! }));
  return { ...withDays(unit), predecessors: history(predecessors), successors: history(successors) };
}

/**
 * The current communes of the provinces asked for (or of the caller's scope; null scope: all) as CSV with a
 * byte-order mark, so that spreadsheet programs read the Vietnamese names; the province codes name the file.
 */
export async function categoryTemplate(
  db: Kysely<Database>,
  scope: number[] | null,
  provinceId: number | undefined,
  locale: Locale = 'vi',
): Promise<{ csv: string; provinceCodes: string[] }> {
  if (provinceId !== undefined && scope && !scope.includes(provinceId)) throw forbidden();
  const provinces = provinceId !== undefined ? [provinceId] : scope;
  let query = db
    .selectFrom('unit as u')
    .innerJoin('unit as p', 'p.id', 'u.parent_id')
    .select(['u.code', 'u.name', 'u.category', 'p.code as provinceCode'])
    .where('u.level', '=', 'commune')
    .where('u.valid_to', 'is', null)
    .orderBy('p.code')
    .orderBy('u.code');
  if (provinces)
    query = provinces.length ? query.where('u.parent_id', 'in', provinces) : query.where(sql<boolean>`false`);
  const rows = await query.execute();
  // Headers and categories in the caller's words (Mã, Tên, Loại; Khó khăn…), which the import reads back.
  const t = translator(locale);
  const csv = csvFile(
    [t('units:template.code'), t('units:template.name'), t('units:template.category')],
    rows.map((u) => [u.code, u.name, u.category ? categoryWord(u.category as Category, locale) : '']),
  );
  return { csv, provinceCodes: [...new Set(rows.map((u) => u.provinceCode))] };
}
