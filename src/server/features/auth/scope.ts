// Who may see and change which unit: a commune officer their commune, a province official their province.
import type { Kysely } from 'kysely';
import type { Database, Role } from '../../db/schema.ts';
import { AppError, forbidden, notFound } from '../../http/errors.ts';
import type { SessionUser } from './users.ts';

export const isAdmin = (user: SessionUser) => user.roles.some((r) => r.role === 'system_admin');

export function requireRole(user: SessionUser | null, ...roles: Role[]): SessionUser {
  if (!user) throw new AppError(401, 'common:error.unauthenticated');
  if (!user.roles.some((r) => r.role === 'system_admin' || roles.includes(r.role))) throw forbidden();
  return user;
}

export function requireUser(user: SessionUser | null): SessionUser {
  if (!user) throw new AppError(401, 'common:error.unauthenticated');
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

/** `roles` narrows which of the user's roles count (e.g. only province officials set categories). */
export function canAccess(user: SessionUser, unit: ScopedUnit, roles?: Role[]): boolean {
  return user.roles.some((r) => {
    if (r.role === 'system_admin') return true;
    if (roles && !roles.includes(r.role)) return false;
    // A village collaborator keeps the register only; nothing else of the commune opens to them.
    if (r.role === 'collaborator') return roles !== undefined && unit.id === r.unitId;
    if (COMMUNE_ROLES.includes(r.role)) return unit.id === r.unitId;
    return unit.id === r.unitId || unit.parent_id === r.unitId;
  });
}

/** Loads a unit and checks the user may act on it; otherwise 404 (unknown) or 403 (out of scope). */
export async function loadUnitInScope(
  db: Kysely<Database>,
  user: SessionUser,
  unitId: number,
  roles?: Role[],
) {
  const unit = await db.selectFrom('unit').selectAll().where('id', '=', unitId).executeTakeFirst();
  if (!unit) throw notFound('unit', unitId);
  if (!canAccess(user, unit, roles)) throw forbidden();
  return unit;
}
