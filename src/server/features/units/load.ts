// Loads the official unit lists into the database, and sets the category of current communes (one by one or from CSV).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import Papa from 'papaparse';
import type { Database, UnitLineageTable, UnitTable } from '../../db/schema.ts';
import { locales, translator, type Locale } from '../../../i18n/index.ts';
import { fold } from '../../../core/text.ts';
import { Refusal, forbidden, notFound, phrase, type IssueCode } from '../../platform/refusal.ts';
import { writeAudit } from '../audit/index.ts';
import {
  EFFECTIVE_ON,
  foldVietnamese,
  LAST_DAY_BEFORE,
  parseOfficialList,
  SOURCE,
  type OfficialList,
} from './official-list.ts';
import { CATEGORIES, type Category } from './contracts.ts';

export const officialListDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../resources/admin-units-2025',
);

export { CATEGORIES, type Category };

export type Unit = Selectable<UnitTable>;

/** Reads and checks the verbatim official files shipped in resources/admin-units-2025. */
export async function readOfficialList(dir = officialListDir): Promise<OfficialList> {
  const read = (name: string) => readFile(path.join(dir, name), 'utf8');
  const [provincesCsv, communesMarkdown, mergesJson, splitsJson] = await Promise.all([
    read('915_CTK-CSCL.csv'),
    read('1027_CTK-CSCL.md'),
    read('merges.json'),
    read('splits.json'),
  ]);
  return parseOfficialList({ provincesCsv, communesMarkdown, mergesJson, splitsJson });
}

export interface LoadResult {
  skipped: boolean;
  provinces: number;
  communes: number;
  oldProvinces: number;
  /** Old communes (xã, phường, thị trấn) only. */
  oldCommunes: number;
  /** The five old island districts that had no communes and became đặc khu (level 'commune', kind 'huyen'). */
  oldDistricts: number;
  lineage: number;
}

const LOAD_LOCK_ID = 2025_07_01; // shared by every process that loads the lists into this database
const UNIT_BATCH = 1000; // 9 parameters a row, well under PostgreSQL's 65,535
const LINEAGE_BATCH = 4000;

async function countLoaded(db: Kysely<Database>): Promise<Omit<LoadResult, 'skipped'>> {
  const rows = await db
    .selectFrom('unit')
    .select(['source', 'level', 'kind', sql<string>`count(*)`.as('n')])
    .where('source', 'in', Object.values(SOURCE))
    .groupBy(['source', 'level', 'kind'])
    .execute();
  const sum = (f: (r: (typeof rows)[number]) => boolean) => rows.filter(f).reduce((n, r) => n + Number(r.n), 0);
  const lineage = await db
    .selectFrom('unit_lineage')
    .select(sql<string>`count(*)`.as('n'))
    .where('effective_on', '=', EFFECTIVE_ON)
    .executeTakeFirstOrThrow();
  return {
    provinces: sum((r) => r.source === SOURCE.provinces),
    communes: sum((r) => r.source === SOURCE.communes),
    oldProvinces: sum((r) => r.source === SOURCE.old && r.level === 'province'),
    oldCommunes: sum((r) => r.source === SOURCE.old && r.level === 'commune'),
    oldDistricts: sum((r) => r.source === SOURCE.oldDistricts),
    lineage: Number(lineage.n),
  };
}

/**
 * Loads the 34 provinces and 3,321 communes in force from 01/07/2025, the 63 provinces and 10,047 communes they
 * replaced, and the old → new lineage between them; in one transaction. Does nothing if the lists are already loaded.
 */
export async function loadOfficialUnits(db: Kysely<Database>, options: { dir?: string } = {}): Promise<LoadResult> {
  const isLoaded = (q: Kysely<Database>) =>
    q.selectFrom('unit').select('id').where('source', '=', SOURCE.communes).limit(1).executeTakeFirst();
  if (await isLoaded(db)) return { skipped: true, ...(await countLoaded(db)) }; // the usual case at start-up: no file to read
  const list = await readOfficialList(options.dir);
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${sql.lit(LOAD_LOCK_ID)})`.execute(trx);
    if (await isLoaded(trx)) return { skipped: true, ...(await countLoaded(trx)) }; // another process loaded them meanwhile

    const insertUnits = async (rows: Insertable<UnitTable>[]) => {
      const ids = new Map<string, number>();
      for (let i = 0; i < rows.length; i += UNIT_BATCH) {
        const inserted = await trx
          .insertInto('unit')
          .values(rows.slice(i, i + UNIT_BATCH))
          .returning(['id', 'code'])
          .execute();
        for (const r of inserted) ids.set(r.code, r.id);
      }
      return ids;
    };
    const idOf = (ids: Map<string, number>, code: string) => {
      const id = ids.get(code);
      if (id === undefined) throw new Error(`official list: no unit ${code}`);
      return id;
    };

    const current = { valid_from: EFFECTIVE_ON, valid_to: null, category: null };
    const old = { valid_from: null, valid_to: LAST_DAY_BEFORE, category: null };
    const newProvinces = await insertUnits(
      list.provinces.map((p) => ({
        ...current,
        code: p.code,
        level: 'province',
        kind: p.kind,
        name: p.name,
        parent_id: null,
        source: SOURCE.provinces,
      })),
    );
    const oldProvinces = await insertUnits(
      list.oldProvinces.map((p) => ({
        ...old,
        code: p.code,
        level: 'province',
        kind: p.kind,
        name: p.name,
        parent_id: null,
        source: SOURCE.old,
      })),
    );
    const newCommunes = await insertUnits(
      list.communes.map((c) => ({
        ...current,
        code: c.code,
        level: 'commune',
        kind: c.kind,
        name: c.name,
        parent_id: idOf(newProvinces, c.provinceCode),
        source: SOURCE.communes,
      })),
    );
    const oldCommunes = await insertUnits([
      ...list.oldCommunes.map((c) => ({
        ...old,
        code: c.code,
        level: 'commune' as const,
        kind: c.kind,
        name: c.name,
        parent_id: idOf(oldProvinces, c.provinceCode),
        source: SOURCE.old,
      })),
      ...list.oldDistricts.map((d) => ({
        ...old,
        code: d.code,
        level: 'commune' as const,
        kind: d.kind,
        name: d.name,
        parent_id: idOf(oldProvinces, d.provinceCode),
        source: SOURCE.oldDistricts,
      })),
    ]);

    const lineage: Insertable<UnitLineageTable>[] = list.lineage.map((l) => ({
      predecessor_id: idOf(l.level === 'province' ? oldProvinces : oldCommunes, l.oldCode),
      successor_id: idOf(l.level === 'province' ? newProvinces : newCommunes, l.newCode),
      kind: l.kind,
      effective_on: EFFECTIVE_ON,
    }));
    for (let i = 0; i < lineage.length; i += LINEAGE_BATCH)
      await trx
        .insertInto('unit_lineage')
        .values(lineage.slice(i, i + LINEAGE_BATCH))
        .execute();

    return {
      skipped: false,
      provinces: list.provinces.length,
      communes: list.communes.length,
      oldProvinces: list.oldProvinces.length,
      oldCommunes: list.oldCommunes.length,
      oldDistricts: list.oldDistricts.length,
      lineage: lineage.length,
    };
  });
}

// ——— Categories ———

export interface CategoryActor {
  /** null when an operator runs the command line, which has no account. */
  userId: number | null;
  ip?: string;
  /** Provinces (unit ids) whose communes the actor may classify; null = all (system admin). */
  provinceIds: number[] | null;
}

export interface ImportActor extends CategoryActor {
  dryRun?: boolean;
}

export interface ImportRow {
  row: number;
  code: string;
  name: string;
  before: Category | null;
  after: Category;
}

/** A refused row: its row, column and value, and why, as a phrase translated at the edge (or by the cli). */
export type ImportError = IssueCode & { row: number; value: string };

export interface ImportResult {
  applied: number;
  rows: ImportRow[];
  errors: ImportError[];
}

export const MAX_IMPORT_ROWS = 20_000;

const CODE_HEADERS = new Set(['code', 'ma', 'ma so', 'ma xa', 'ma don vi']);
const CATEGORY_HEADERS = new Set(['category', 'loai', 'loai xa', 'phan loai']);

/** Text compared without case, diacritics, punctuation or extra spaces: "Khó khăn" = "kho khan", "urban_ward" = "Urban ward". */
const loose = (text: string) =>
  fold(text)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** Every way a category may be written: its code, its short word and its full label, in both languages. */
const CATEGORY_WORDS: ReadonlyMap<string, Category> = new Map(
  CATEGORIES.flatMap((category) => [
    [loose(category), category] as const,
    ...locales.flatMap((locale) => {
      const t = translator(locale);
      return [
        [loose(t(`units:categoryWord.${category}`)), category] as const,
        [loose(t(`units:category.${category}`)), category] as const,
      ];
    }),
  ]),
);

/** The word a category is written as in a CSV file of this language ("Khó khăn"). */
export const categoryWord = (category: Category, locale: Locale) =>
  translator(locale)(`units:categoryWord.${category}`);

function categoryFromCell(value: string): Category | null {
  return CATEGORY_WORDS.get(loose(value)) ?? null;
}

/** Codes lose their leading zeros in spreadsheets: "4" is commune 00004. */
function normaliseCode(value: string): string {
  const v = value.trim();
  return /^\d{1,4}$/.test(v) ? v.padStart(5, '0') : v;
}

/** Sets the category of many current communes from CSV (code,category or ma,loai); all rows or none. */
export async function importCategories(
  db: Kysely<Database>,
  csvText: string,
  actor: ImportActor,
): Promise<ImportResult> {
  const errors: ImportError[] = [];
  const fail = (row: number, field: string, value: string, key: string, params: Record<string, unknown> = {}) =>
    errors.push({ row, field, value, message: phrase(`units:import.error.${key}`, { row, field, value, ...params }) });

  const parsed = Papa.parse<string[]>(csvText.replace(/^\uFEFF/, ''), { skipEmptyLines: false });
  for (const e of parsed.errors.slice(0, 20))
    if (e.type !== 'Delimiter') fail((e.row ?? 0) + 1, 'csv', '', 'parse', { detail: e.message });
  // Spreadsheet row numbers: the header is row 1.
  const lines = parsed.data
    .map((cells, index) => ({ row: index + 1, cells: cells.map((c) => (c ?? '').trim()) }))
    .filter((l) => l.cells.some((c) => c !== ''));
  const header = lines.shift();
  const folded = header?.cells.map((c) => foldVietnamese(c).replace(/\s+/g, ' ')) ?? [];
  const codeAt = folded.findIndex((c) => CODE_HEADERS.has(c));
  const categoryAt = folded.findIndex((c) => CATEGORY_HEADERS.has(c));
  if (!header) fail(1, 'header', '', 'empty');
  else {
    if (codeAt < 0) fail(header.row, 'header', header.cells.join(','), 'header', { column: 'code' });
    if (categoryAt < 0) fail(header.row, 'header', header.cells.join(','), 'header', { column: 'category' });
    if (codeAt >= 0 && categoryAt >= 0 && lines.length === 0) fail(header.row + 1, 'csv', '', 'no_rows');
  }
  if (lines.length > MAX_IMPORT_ROWS)
    fail(lines[MAX_IMPORT_ROWS]!.row, 'csv', '', 'too_many', { max: MAX_IMPORT_ROWS });
  if (errors.length) return { applied: 0, rows: [], errors };

  const codeField = header!.cells[codeAt]!;
  const categoryField = header!.cells[categoryAt]!;
  return db.transaction().execute(async (trx) => {
    let query = trx
      .selectFrom('unit')
      .select(['id', 'code', 'name', 'category', 'parent_id'])
      .where('level', '=', 'commune')
      .where('valid_to', 'is', null);
    if (!actor.dryRun) query = query.forUpdate();
    const communes = new Map((await query.execute()).map((u) => [u.code, u]));

    const rows: ImportRow[] = [];
    const seen = new Map<string, number>();
    const unknown: Array<{ row: number; raw: string; code: string }> = [];
    for (const { row, cells } of lines) {
      const raw = cells[codeAt] ?? '';
      const rawCategory = cells[categoryAt] ?? '';
      const code = normaliseCode(raw);
      if (!code) {
        if (rawCategory) fail(row, codeField, raw, 'code_missing');
        continue; // a row with neither code nor category is left alone
      }
      const first = seen.get(code);
      if (first !== undefined) {
        fail(row, codeField, raw, 'code_duplicate', { first });
        continue;
      }
      seen.set(code, row);
      const unit = communes.get(code);
      if (!unit) {
        unknown.push({ row, raw, code });
        continue;
      }
      if (actor.provinceIds && !actor.provinceIds.includes(unit.parent_id ?? -1)) {
        fail(row, codeField, raw, 'code_out_of_scope', { name: unit.name });
        continue;
      }
      if (!rawCategory) continue; // left blank in the template: unchanged
      const category = categoryFromCell(rawCategory);
      if (!category) {
        fail(row, categoryField, rawCategory, 'category_invalid', { name: unit.name });
        continue;
      }
      rows.push({ row, code, name: unit.name, before: unit.category, after: category });
    }
    if (unknown.length) {
      // Say so when a code is one of the communes that no longer exist since 01/07/2025.
      const historic = await trx
        .selectFrom('unit')
        .select(['code', 'name'])
        .where('level', '=', 'commune')
        .where('valid_to', 'is not', null)
        .where(
          'code',
          'in',
          unknown.map((u) => u.code),
        )
        .execute();
      const oldNames = new Map(historic.map((u) => [u.code, u.name]));
      for (const u of unknown) {
        const oldName = oldNames.get(u.code);
        if (oldName) fail(u.row, codeField, u.raw, 'code_historic', { name: oldName });
        else fail(u.row, codeField, u.raw, 'code_unknown');
      }
    }
    errors.sort((a, b) => a.row - b.row);
    if (errors.length || actor.dryRun) return { applied: 0, rows, errors };

    const changed = rows.filter((r) => r.before !== r.after);
    for (const category of CATEGORIES) {
      const unitIds = changed.filter((r) => r.after === category).map((r) => communes.get(r.code)!.id);
      for (let i = 0; i < unitIds.length; i += 5000)
        await trx
          .updateTable('unit')
          .set({ category })
          .where('id', 'in', unitIds.slice(i, i + 5000))
          .execute();
    }
    for (const r of changed) {
      const unit = communes.get(r.code)!;
      await writeAudit(trx, {
        userId: actor.userId,
        action: 'set_category',
        entity: 'unit',
        entityId: unit.id,
        before: { category: r.before },
        after: { category: r.after },
        ip: actor.ip,
      });
    }
    return { applied: changed.length, rows, errors };
  });
}

/** Sets the category of one current commune (a province official of its province; null provinceIds: any, for tools). */
export async function setCategory(
  db: Kysely<Database>,
  unitId: number,
  category: Category,
  actor: CategoryActor,
): Promise<Unit> {
  return db.transaction().execute(async (trx) => {
    const unit = await trx.selectFrom('unit').selectAll().where('id', '=', unitId).forUpdate().executeTakeFirst();
    if (!unit) throw notFound('unit', unitId);
    if (unit.level !== 'commune' || unit.valid_to !== null)
      throw new Refusal('invalid', 'units:error.not_current_commune', { name: unit.name, code: unit.code });
    if (actor.provinceIds && !actor.provinceIds.includes(unit.parent_id ?? -1)) throw forbidden();
    if (unit.category === category) return unit;
    const updated = await trx
      .updateTable('unit')
      .set({ category })
      .where('id', '=', unitId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      userId: actor.userId,
      action: 'set_category',
      entity: 'unit',
      entityId: unitId,
      before: { category: unit.category },
      after: { category },
      ip: actor.ip,
    });
    return updated;
  });
}

/** importCategories for the API: a file with any bad row is refused whole, each issue naming its row, column and value. */
export async function importCategoriesOrRefuse(
  db: Kysely<Database>,
  csvText: string,
  actor: ImportActor,
): Promise<Omit<ImportResult, 'errors'> & { errors: [] }> {
  const { errors, ...result } = await importCategories(db, csvText, actor);
  if (errors.length)
    throw new Refusal('invalid', 'units:error.validation', { count: errors.length, first: errors[0]!.message }, errors);
  return { ...result, errors: [] };
}
