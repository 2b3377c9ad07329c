// What the maps routes take and answer; the store builds these shapes and the web imports their types.
import { z } from 'zod';
import { Id } from '../../http/schemas.ts';
import { PeriodRef } from '../dashboards/contracts.ts';

export const BoundaryLevel = z.enum(['province', 'commune']);
export const MapQuery = z.object({ periodId: Id.optional() });

/** The parts of the upload besides the file (read part by part, checked after). */
export const BoundaryFields = z.object({
  level: BoundaryLevel,
  provinceId: z.union([z.literal(''), Id]).optional(),
  codeProperty: z.string().max(100).optional(),
});
export const BoundaryUpload = BoundaryFields.extend({ file: z.file() });

const UnitRef = z.object({ id: z.number().int(), code: z.string(), name: z.string() });

export const ImportPreview = z
  .object({
    importId: z.number().int(),
    level: BoundaryLevel,
    provinceId: z.number().int().nullable(),
    fileName: z.string(),
    codeProperty: z.string(),
    /** The code property was found from the values, not given. */
    detected: z.boolean(),
    properties: z.array(z.string()),
    features: z.number().int(),
    counts: z.object({ matched: z.number().int(), unmatched: z.number().int(), missing: z.number().int() }),
    matched: z.array(
      z.object({ unitId: z.number().int(), code: z.string(), name: z.string(), features: z.array(z.number().int()) }),
    ),
    unmatched: z.array(
      z.object({ feature: z.number().int(), value: z.unknown(), properties: z.record(z.string(), z.unknown()) }),
    ),
    missing: z.array(UnitRef),
  })
  .meta({ id: 'BoundaryImportPreview', description: 'Bản xem trước tệp ranh giới / A boundary file preview' });

export const ImportCommitted = z
  .object({ importId: z.number().int(), stored: z.number().int(), committedAt: z.string() })
  .meta({ id: 'BoundaryImportCommitted' });

export const ImportRecord = z
  .object({
    id: z.number().int(),
    level: BoundaryLevel,
    provinceId: z.number().int().nullable(),
    provinceName: z.string().nullable(),
    fileName: z.string(),
    codeProperty: z.string(),
    features: z.number().int(),
    matched: z.number().int(),
    committedAt: z.string(),
    by: z.string(),
  })
  .meta({ id: 'BoundaryImport' });

export const MapFigures = z.object({
  units: z.number().int(),
  assessed: z.number().int(),
  complete: z.number().int(),
  recognised: z.number().int(),
  meanTotal: z.number().nullable(),
  /** Provinces: percent of their communes recognised. */
  share: z.number().nullable(),
  /** Communes: the threshold of their category when assessed. */
  threshold: z.number().nullable(),
});

export const MapRegion = z
  .object({
    unitId: z.number().int(),
    code: z.string(),
    name: z.string(),
    /** share0…share4 or none (provinces); recognised, below, incomplete or none (communes). */
    cls: z.enum(['share0', 'share1', 'share2', 'share3', 'share4', 'none', 'recognised', 'below', 'incomplete']),
    /** SVG path in the map's box; null when no boundary was imported (the unit shows as a tile). */
    path: z.string().nullable(),
    figures: MapFigures,
  })
  .meta({ id: 'MapRegion' });

export const MapView = z
  .object({
    level: z.enum(['nation', 'province']),
    unit: UnitRef.nullable(),
    period: PeriodRef,
    width: z.number(),
    height: z.number(),
    regions: z.array(MapRegion),
    /** The imports the drawn boundaries come from, newest first. */
    sources: z.array(z.object({ importId: z.number().int(), fileName: z.string(), committedAt: z.string() })),
    canImport: z.boolean(),
  })
  .meta({ id: 'MapView', description: 'Bản đồ theo đơn vị / A map by unit' });

export type BoundaryLevel = z.infer<typeof BoundaryLevel>;
export type ImportPreview = z.infer<typeof ImportPreview>;
export type ImportCommitted = z.infer<typeof ImportCommitted>;
export type ImportRecord = z.infer<typeof ImportRecord>;
export type MapFigures = z.infer<typeof MapFigures>;
export type MapRegion = z.infer<typeof MapRegion>;
export type MapView = z.infer<typeof MapView>;
