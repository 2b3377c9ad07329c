// Who may read and write a unit's plans, agencies, tasks and reports: a commune's officer and chairman
// write the commune's; a province's officials write the province's and read those of its communes; a
// commune reads its province's plans, because its own plan implements them.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { Refusal, forbidden, notFound } from '../../platform/refusal.ts';
import type { Viewer } from '../../../core/privacy/viewer.ts';
import { actsForCommune, COMMUNE_ROLES, readsProvince, viewerOf } from '../auth/index.ts';
import type { SessionUser } from '../auth/index.ts';

export interface PlanContext {
  userId: number;
  /** The reader as the privacy rules see them: what they may see of a commune's figures. */
  viewer: Viewer;
  unitId: number;
  provinceId: number;
  level: 'province' | 'commune';
  unitName: string;
  canWrite: boolean;
  ip?: string;
}

const writesProvince = (user: SessionUser, provinceId: number) =>
  user.roles.some((r) => r.role === 'province_official' && r.unitId === provinceId);

export async function planContext(
  db: Kysely<Database>,
  user: SessionUser | null,
  unitId: number,
  ip?: string,
): Promise<PlanContext> {
  if (!user) throw new Refusal('unauthenticated', 'common:error.unauthenticated');
  const unit = await db
    .selectFrom('unit')
    .select(['id', 'level', 'parent_id', 'name'])
    .where('id', '=', unitId)
    .executeTakeFirst();
  if (!unit) throw notFound('unit', unitId);
  const provinceId = unit.level === 'province' ? unit.id : (unit.parent_id as number);
  let canWrite: boolean;
  let canRead: boolean;
  if (unit.level === 'commune') {
    canWrite = actsForCommune(user, unit.id);
    canRead = canWrite || readsProvince(user, provinceId);
  } else {
    canWrite = writesProvince(user, unit.id);
    canRead = canWrite || readsProvince(user, unit.id);
  }
  if (!canRead && unit.level === 'province') canRead = await communeOfProvince(db, user, unit.id);
  if (!canRead) throw forbidden();
  return {
    userId: user.id,
    viewer: viewerOf(user),
    unitId: unit.id,
    provinceId,
    level: unit.level,
    unitName: unit.name,
    canWrite,
    ip,
  };
}

/** A commune officer or chairman reads the plans of the province their commune belongs to. */
async function communeOfProvince(db: Kysely<Database>, user: SessionUser, provinceId: number): Promise<boolean> {
  const communeIds = user.roles.filter((r) => COMMUNE_ROLES.includes(r.role)).map((r) => r.unitId as number);
  if (!communeIds.length) return false;
  const row = await db
    .selectFrom('unit')
    .select('id')
    .where('id', 'in', communeIds)
    .where('parent_id', '=', provinceId)
    .executeTakeFirst();
  return Boolean(row);
}

export function requireWrite(ctx: PlanContext) {
  if (!ctx.canWrite) throw new Refusal('forbidden', 'plans:error.read_only');
}
