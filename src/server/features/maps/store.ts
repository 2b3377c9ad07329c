// Boundary imports (preview, then commit in one transaction) and the dashboards' maps: current units with
// their newest committed boundary, projected to SVG paths here, and the dashboards' own figures per unit.
import type { ColumnType, Generated, Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { fieldRefusal, forbidden, notFound } from '../../platform/refusal.ts';
import {
  BoundaryFileError,
  COMMON_CODE_PROPERTIES,
  detectCodeProperty,
  matchFeatures,
  propertyNames,
  readBoundaryFile,
  simplifyMatched,
  type Area,
  type BoundaryLevel,
  type UnitRef,
} from '../../../core/maps/boundaries.ts';
import { communeClass, shareClass } from '../../../core/maps/classes.ts';
import { projectAreas } from '../../../core/maps/project.ts';
import { isAdmin, readsNation, readsProvince } from '../auth/index.ts';
import type { SessionUser } from '../auth/index.ts';
import { writeAudit } from '../audit/index.ts';
import { cachedAnswer, loadProvince, readBreakdown, resolvePeriod, type PeriodRef } from '../dashboards/index.ts';
import type { ImportCommitted, ImportPreview, ImportRecord, MapRegion, MapView } from './contracts.ts';

export type { ImportPreview, MapRegion, MapView };

/** A national commune file runs to tens of MB; larger files are refused before parsing (docs: 50 MB). */
export const MAX_BOUNDARY_BYTES = 50 * 1024 * 1024;
/** Lists in a preview are cut here (a national file against one province leaves thousands unmatched); counts stay whole. */
const PREVIEW_LIST = 300;

// The tables of migrations/0014_boundaries.sql, typed here as this feature is their only user.
interface BoundaryImportTable {
  id: Generated<number>;
  level: BoundaryLevel;
  province_id: number | null;
  file_name: string;
  code_property: string;
  feature_count: number;
  matched_count: number;
  pending: ColumnType<Record<string, Area> | null, string | null, string | null>;
  created_by: number;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
  committed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}
interface UnitBoundaryTable {
  unit_id: number;
  import_id: number;
  /** Filled from the unit by the province-key trigger. */
  province_id: ColumnType<number, number | undefined, number>;
  geometry: ColumnType<Area, string, string>;
}
type MapsDb = Kysely<Database & { boundary_import: BoundaryImportTable; unit_boundary: UnitBoundaryTable }>;
const tables = (db: Kysely<Database>): MapsDb =>
  db.withTables<{ boundary_import: BoundaryImportTable; unit_boundary: UnitBoundaryTable }>();

/** Who imports what: an administrator any file; a province official its own province's communes only. */
async function importScope(
  db: Kysely<Database>,
  user: SessionUser,
  level: BoundaryLevel,
  provinceId: number | null,
): Promise<{ provinceId: number | null; units: UnitRef[] }> {
  if (!user.roles.some((r) => r.role === 'system_admin' || r.role === 'province_official')) throw forbidden();
  const admin = isAdmin(user);
  if (level === 'province') {
    if (!admin) throw forbidden();
    const units = await db
      .selectFrom('unit')
      .select(['id', 'code', 'name'])
      .where('level', '=', 'province')
      .where('valid_to', 'is', null)
      .orderBy('code')
      .execute();
    return { provinceId: null, units };
  }
  if (provinceId === null) {
    if (!admin) throw fieldRefusal('invalid', 'maps:error.province_required', 'provinceId', null);
  } else {
    await loadProvince(db, provinceId);
    if (!admin && !user.roles.some((r) => r.role === 'province_official' && r.unitId === provinceId)) throw forbidden();
  }
  let q = db
    .selectFrom('unit')
    .select(['id', 'code', 'name'])
    .where('level', '=', 'commune')
    .where('valid_to', 'is', null);
  if (provinceId !== null) q = q.where('parent_id', '=', provinceId);
  return { provinceId, units: await q.orderBy('code').execute() };
}

export const tooLarge = (fileName: string) =>
  fieldRefusal('too_large', 'maps:error.too_large', 'file', fileName, {
    file: fileName,
    limit: `${MAX_BOUNDARY_BYTES / 1024 / 1024} MB`,
  });

export interface ImportInput {
  level: BoundaryLevel;
  provinceId: number | null;
  /** Empty: detected from the values. */
  codeProperty: string | null;
  fileName: string;
  data: Buffer;
}

/**
 * Checks and matches a file, keeps the simplified geometry of the matched units as a pending import and
 * returns the preview. A refused file (bad JSON, no polygons, no code matched) stores nothing.
 */
export async function previewImport(
  db: Kysely<Database>,
  user: SessionUser,
  input: ImportInput,
): Promise<ImportPreview> {
  const scope = await importScope(db, user, input.level, input.provinceId);
  if (input.data.length > MAX_BOUNDARY_BYTES) throw tooLarge(input.fileName);
  let features;
  try {
    features = readBoundaryFile(input.data.toString('utf8'), input.fileName);
  } catch (e) {
    if (e instanceof BoundaryFileError) throw fieldRefusal('invalid', e.key, e.field, e.value, e.params);
    throw e;
  }
  const properties = propertyNames(features);
  const codes = new Set(scope.units.map((u) => u.code));
  let property = input.codeProperty?.trim() || null;
  const detected = property === null;
  if (property === null) {
    // Nothing matches: a commonly named property is still taken, so that the refusal quotes its values.
    property =
      detectCodeProperty(features, input.level, codes) ??
      properties.find((p) => (COMMON_CODE_PROPERTIES as readonly string[]).includes(p.toLowerCase())) ??
      null;
    if (property === null)
      throw fieldRefusal('invalid', 'maps:error.no_code_property', 'codeProperty', null, {
        properties: properties.join(', ') || '—',
      });
  } else if (!properties.includes(property)) {
    throw fieldRefusal('invalid', 'maps:error.no_property', 'codeProperty', property, {
      property,
      properties: properties.join(', ') || '—',
    });
  }
  const result = matchFeatures(features, property, input.level, scope.units);
  if (!result.matched.length) {
    const sample = result.unmatched
      .slice(0, 5)
      .map((u) => JSON.stringify(u.value))
      .join(', ');
    throw fieldRefusal('invalid', 'maps:error.no_match', 'codeProperty', property, { property, sample });
  }
  const simplified = simplifyMatched(result.matched);
  const m = tables(db);
  const importId = await m.transaction().execute(async (trx) => {
    // One preview per person at a time: an earlier one left uncommitted is dropped.
    await trx
      .deleteFrom('boundary_import')
      .where('created_by', '=', user.id)
      .where('committed_at', 'is', null)
      .execute();
    const row = await trx
      .insertInto('boundary_import')
      .values({
        level: input.level,
        province_id: scope.provinceId,
        file_name: input.fileName.slice(0, 200),
        code_property: property,
        feature_count: features.length,
        matched_count: result.matched.length,
        pending: JSON.stringify(Object.fromEntries(simplified)),
        created_by: user.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  });
  return {
    importId,
    level: input.level,
    provinceId: scope.provinceId,
    fileName: input.fileName,
    codeProperty: property,
    detected,
    properties,
    features: features.length,
    counts: { matched: result.matched.length, unmatched: result.unmatched.length, missing: result.missing.length },
    matched: result.matched
      .slice(0, PREVIEW_LIST)
      .map((x) => ({ unitId: x.unit.id, code: x.unit.code, name: x.unit.name, features: x.features })),
    unmatched: result.unmatched.slice(0, PREVIEW_LIST),
    missing: result.missing.slice(0, PREVIEW_LIST),
  };
}

async function pendingImport(db: MapsDb, user: SessionUser, importId: number) {
  const row = await db.selectFrom('boundary_import').selectAll().where('id', '=', importId).executeTakeFirst();
  if (!row || row.committed_at !== null || row.created_by !== user.id) throw notFound('boundary_import', importId);
  return row;
}

/** Stores the previewed boundaries, all or nothing, as a new version. */
export async function commitImport(
  db: Kysely<Database>,
  user: SessionUser,
  importId: number,
  ip: string | null,
): Promise<ImportCommitted> {
  return tables(db)
    .transaction()
    .execute(async (trx) => {
      const row = await pendingImport(trx, user, importId);
      // Taken again inside the transaction: two commits of the same preview cannot both store it.
      const claimed = await trx
        .updateTable('boundary_import')
        .set({ committed_at: new Date(), pending: null })
        .where('id', '=', importId)
        .where('committed_at', 'is', null)
        .returning('committed_at')
        .executeTakeFirst();
      if (!claimed) throw notFound('boundary_import', importId);
      const entries = Object.entries(row.pending ?? {});
      for (let i = 0; i < entries.length; i += 200) {
        const chunk = entries.slice(i, i + 200).map(([unitId, geometry]) => ({
          unit_id: Number(unitId),
          import_id: importId,
          geometry: JSON.stringify(geometry),
        }));
        await trx.insertInto('unit_boundary').values(chunk).execute();
      }
      await writeAudit(trx as unknown as Kysely<Database>, {
        userId: user.id,
        action: 'import',
        entity: 'boundary_import',
        entityId: importId,
        after: {
          level: row.level,
          provinceId: row.province_id,
          fileName: row.file_name,
          codeProperty: row.code_property,
          units: entries.length,
        },
        ip,
      });
      return { importId, stored: entries.length, committedAt: claimed.committed_at!.toISOString() };
    });
}

export async function discardImport(db: Kysely<Database>, user: SessionUser, importId: number) {
  const m = tables(db);
  await pendingImport(m, user, importId);
  await m.deleteFrom('boundary_import').where('id', '=', importId).where('committed_at', 'is', null).execute();
}

/** Committed imports the user may see (an official: those of its province), newest first. */
export async function listImports(db: Kysely<Database>, user: SessionUser): Promise<ImportRecord[]> {
  let q = tables(db)
    .selectFrom('boundary_import as i')
    .innerJoin('app_user as u', 'u.id', 'i.created_by')
    .leftJoin('unit as p', 'p.id', 'i.province_id')
    .select([
      'i.id',
      'i.level',
      'i.province_id',
      'p.name as province_name',
      'i.file_name',
      'i.code_property',
      'i.feature_count',
      'i.matched_count',
      'i.committed_at',
      'u.full_name',
    ])
    .where('i.committed_at', 'is not', null);
  if (!isAdmin(user)) {
    const provinces = user.roles.filter((r) => r.role === 'province_official').map((r) => r.unitId as number);
    if (!provinces.length) throw forbidden();
    q = q.where('i.province_id', 'in', provinces);
  }
  const rows = await q.orderBy('i.committed_at', 'desc').orderBy('i.id', 'desc').limit(50).execute();
  return rows.map((r) => ({
    id: r.id,
    level: r.level,
    provinceId: r.province_id,
    provinceName: r.province_name,
    fileName: r.file_name,
    codeProperty: r.code_property,
    features: r.feature_count,
    matched: r.matched_count,
    committedAt: r.committed_at!.toISOString(),
    by: r.full_name,
  }));
}

/** Each unit's newest committed boundary. */
async function boundariesOf(db: Kysely<Database>, unitIds: number[]) {
  if (!unitIds.length) return [];
  return tables(db)
    .selectFrom('unit_boundary as b')
    .innerJoin('boundary_import as i', 'i.id', 'b.import_id')
    .select(['b.unit_id', 'b.geometry', 'i.id as import_id', 'i.file_name', 'i.committed_at'])
    .distinctOn('b.unit_id')
    .where('b.unit_id', 'in', unitIds)
    .where('i.committed_at', 'is not', null)
    .orderBy('b.unit_id')
    .orderBy('i.committed_at', 'desc')
    .orderBy('i.id', 'desc')
    .execute();
}

async function buildView(
  db: Kysely<Database>,
  base: Omit<MapView, 'width' | 'height' | 'regions' | 'sources'>,
  rows: Array<Omit<MapRegion, 'path'>>,
): Promise<MapView> {
  const found = await boundariesOf(
    db,
    rows.map((r) => r.unitId),
  );
  const projected = projectAreas(found.map((b) => ({ key: b.unit_id, geometry: b.geometry })));
  const paths = new Map((projected?.paths ?? []).map((p) => [p.key, p.d]));
  const sources = new Map<number, { importId: number; fileName: string; committedAt: string }>();
  for (const b of found)
    sources.set(b.import_id, {
      importId: b.import_id,
      fileName: b.file_name,
      committedAt: b.committed_at!.toISOString(),
    });
  return {
    ...base,
    width: projected?.width ?? 0,
    height: projected?.height ?? 0,
    regions: rows.map((r) => ({ ...r, path: paths.get(r.unitId) ?? null })),
    sources: [...sources.values()].sort((a, b) => b.committedAt.localeCompare(a.committedAt)),
  };
}

/** A province's communes, coloured by their result in the period (the dashboard's figures). */
export async function readProvinceMap(
  db: Kysely<Database>,
  user: SessionUser,
  provinceId: number,
  period: PeriodRef,
): Promise<MapView> {
  const province = await loadProvince(db, provinceId);
  // Only the per-commune figures the map colours, not the whole dashboard.
  const breakdown = await readBreakdown(db, { level: 'province', id: provinceId }, period);
  const rows = breakdown.map((b) => ({
    unitId: b.unitId,
    code: b.code,
    name: b.name,
    cls: communeClass(b),
    figures: {
      units: b.units,
      assessed: b.assessed,
      complete: b.complete,
      recognised: b.recognised,
      meanTotal: b.meanTotal,
      share: null,
      threshold: b.threshold ?? null,
    },
  }));
  return buildView(
    db,
    {
      level: 'province',
      unit: { id: province.id, code: province.code, name: province.name },
      period,
      canImport: canImportFor(user, provinceId),
    },
    rows,
  );
}

/** Whether the user may import the province's commune boundaries (the map offers it). */
export const canImportFor = (user: SessionUser, provinceId: number): boolean =>
  isAdmin(user) || user.roles.some((r) => r.role === 'province_official' && r.unitId === provinceId);

/** The nation's provinces, coloured by the share of their communes recognised; `canImport` for the administrator only. */
export async function readNationMap(db: Kysely<Database>, period: PeriodRef, canImport: boolean): Promise<MapView> {
  const breakdown = await readBreakdown(db, { level: 'nation' }, period);
  const rows = breakdown.map((b) => ({
    unitId: b.unitId,
    code: b.code,
    name: b.name,
    cls: shareClass(b.comparison?.share ?? null),
    figures: {
      units: b.units,
      assessed: b.assessed,
      complete: b.complete,
      recognised: b.recognised,
      meanTotal: b.meanTotal,
      share: b.comparison?.share ?? null,
      threshold: null,
    },
  }));
  return buildView(db, { level: 'nation', unit: null, period, canImport }, rows);
}

/** The nation's map for the route: one cached view for every reader, `canImport` for the administrator only. */
export async function nationMapFor(
  db: Kysely<Database>,
  user: SessionUser,
  periodId: number | undefined,
): Promise<MapView> {
  const key = `map|nation||${periodId ?? 'latest'}`;
  const view = await cachedAnswer(db, { level: 'nation' }, key, async () =>
    readNationMap(db, await resolvePeriod(db, periodId), false),
  );
  return { ...view, canImport: isAdmin(user) };
}

/** A province's map for those who read its dashboard (404 unknown province, 403 not theirs). */
export async function provinceMapFor(
  db: Kysely<Database>,
  user: SessionUser,
  id: number,
  periodId: number | undefined,
): Promise<MapView> {
  await loadProvince(db, id);
  if (!readsProvince(user, id) && !readsNation(user)) throw forbidden();
  const key = `map|province|${id}|${periodId ?? 'latest'}`;
  const view = await cachedAnswer(db, { level: 'province', id }, key, async () =>
    readProvinceMap(db, user, id, await resolvePeriod(db, periodId)),
  );
  return { ...view, canImport: canImportFor(user, id) };
}
