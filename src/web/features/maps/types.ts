// What the maps API answers (src/server/features/maps/store.ts).
// The preview is the server's own type (type-only: nothing of the server reaches the bundle).
import type { ImportPreview } from '../../../server/features/maps/store.ts';
import type { Period } from '../../app/types.ts';

export interface MapRegion {
  unitId: number;
  code: string;
  name: string;
  cls: string;
  /** Pre-projected SVG path; null: no boundary imported (shown as a square). */
  path: string | null;
  figures: { units: number; assessed: number; complete: number; recognised: number; meanTotal: number | null; share: number | null; threshold: number | null };
}

export interface MapView {
  level: 'nation' | 'province';
  unit: { id: number; code: string; name: string } | null;
  period: Pick<Period, 'id' | 'year'>;
  width: number;
  height: number;
  regions: MapRegion[];
  sources: Array<{ importId: number; fileName: string; committedAt: string }>;
  canImport: boolean;
}

export type BoundaryLevel = 'province' | 'commune';

export type { ImportPreview };

export interface ImportRecord {
  id: number;
  level: BoundaryLevel;
  provinceId: number | null;
  provinceName: string | null;
  fileName: string;
  codeProperty: string;
  features: number;
  matched: number;
  committedAt: string;
  by: string;
}
