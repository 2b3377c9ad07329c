// Who may see and change which unit: a commune officer their commune, a province official their province,
// the ministry every unit's aggregates; the administrator reads units but changes none of their data.
import type { Kysely } from 'kysely';
import type { Database, Role } from '../../db/schema.ts';
import { Refusal, forbidden, notFound } from '../../platform/refusal.ts';
import type { Viewer } from '../../../core/privacy/viewer.ts';
import type { SessionUser } from './users.ts';

/** The account as the core's privacy rules take it (src/core/privacy): its id and its scoped roles. */
export const viewerOf = (user: SessionUser): Viewer => ({
  userId: user.id,
  roles: user.roles.map((r) => ({
    role: r.role,
    unitId: r.unitId,
    villageId: r.villageId ?? null,
    sector: r.sector ?? null,
  })),
});

export const isAdmin = (user: SessionUser) => user.roles.some((r) => r.role === 'system_admin');

/** The Ministry of Health official (Cục Bà mẹ và Trẻ em): national aggregates and the national lists. */
export const isMinistry = (user: SessionUser) => user.roles.some((r) => r.role === 'ministry_official');

/** Roles held without a unit (user_role.unit_id IS NULL). */
export const NATIONAL_ROLES: Role[] = ['ministry_official', 'system_admin'];

/** Exactly the roles named: the administrator passes only where a route names 'system_admin' (least privilege). */
export function requireRole(user: SessionUser | null, ...roles: Role[]): SessionUser {
  if (!user) throw new Refusal('unauthenticated', 'common:error.unauthenticated');
  if (!user.roles.some((r) => roles.includes(r.role))) throw forbidden();
  return user;
}

export function requireUser(user: SessionUser | null): SessionUser {
  if (!user) throw new Refusal('unauthenticated', 'common:error.unauthenticated');
  return user;
}

/** Roles held at province level (they read every commune of their province). */
export const PROVINCE_ROLES: Role[] = ['province_official', 'appraiser', 'sector_reviewer', 'signer'];
/** Roles held at commune level (they act on their own commune only). */
export const COMMUNE_ROLES: Role[] = ['commune_officer', 'commune_chairman'];

/** Province ids the user may read as a province-level official (admins: all, shown as null). */
export function provinceScope(user: SessionUser): number[] | null {
  if (isAdmin(user)) return null;
  return user.roles.filter((r) => PROVINCE_ROLES.includes(r.role)).map((r) => r.unitId as number);
}

export function communeScope(user: SessionUser): number[] {
  return user.roles.filter((r) => COMMUNE_ROLES.includes(r.role)).map((r) => r.unitId as number);
}

export interface ScopedUnit {
  id: number;
  level: 'province' | 'commune';
  parent_id: number | null;
}

/**
 * `roles` narrows which of the user's roles count (e.g. only the commune's side writes its dossier).
 * The administrator reads any unit but acts for none, so a check that names roles never admits it;
 * the ministry reads aggregates only, through the dashboards, never through this check.
 */
export function canAccess(user: SessionUser, unit: ScopedUnit, roles?: Role[]): boolean {
  return user.roles.some((r) => {
    if (r.role === 'system_admin') return roles === undefined;
    if (r.role === 'ministry_official') return false;
    if (roles && !roles.includes(r.role)) return false;
    // A village collaborator keeps the register only; nothing else of the commune opens to them.
    if (r.role === 'collaborator') return roles !== undefined && unit.id === r.unitId;
    if (COMMUNE_ROLES.includes(r.role)) return unit.id === r.unitId;
    return unit.id === r.unitId || unit.parent_id === r.unitId;
  });
}

/** Loads a unit and checks the user may act on it; otherwise 404 (unknown) or 403 (out of scope). */
export async function loadUnitInScope(db: Kysely<Database>, user: SessionUser, unitId: number, roles?: Role[]) {
  const unit = await db.selectFrom('unit').selectAll().where('id', '=', unitId).executeTakeFirst();
  return unitInScope(user, unit, unitId, roles);
}

/** The same check on a unit the caller read itself (with more in the same statement): 404 unknown, 403 out of scope. */
export function unitInScope<U extends ScopedUnit>(
  user: SessionUser,
  unit: U | undefined,
  unitId: number,
  roles?: Role[],
): U {
  if (!unit) throw notFound('unit', unitId);
  if (!canAccess(user, unit, roles)) throw forbidden();
  return unit;
}

/** Whether the user acts for the commune itself: its officer or its chairman. */
export const actsForCommune = (user: SessionUser, communeId: number) =>
  user.roles.some((r) => COMMUNE_ROLES.includes(r.role) && r.unitId === communeId);

/** Whether the user reads a province's communes: an administrator, or a province-level role held there. */
export const readsProvince = (user: SessionUser, provinceId: number) =>
  isAdmin(user) || user.roles.some((r) => PROVINCE_ROLES.includes(r.role) && r.unitId === provinceId);

/** Whether the user reads the aggregates (dashboards, maps) of every province and commune: the ministry and the administrator. */
export const readsNation = (user: SessionUser) => user.roles.some((r) => NATIONAL_ROLES.includes(r.role));

/** A commune and its province: 404 for an unknown id, 400 for a unit that is not a commune. */
export async function loadCommune(
  db: Kysely<Database>,
  communeId: number,
): Promise<{ id: number; provinceId: number }> {
  const unit = await db
    .selectFrom('unit')
    .select(['id', 'level', 'parent_id'])
    .where('id', '=', communeId)
    .executeTakeFirst();
  if (!unit) throw notFound('unit', communeId);
  if (unit.level !== 'commune' || unit.parent_id === null)
    throw new Refusal('invalid', 'common:error.not_commune', { id: communeId });
  return { id: unit.id, provinceId: unit.parent_id };
}
