// Register access for a request: the viewer, the commune, and the log of every read of a child.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { registerAccess, type RegisterAccess, type Viewer } from '../../../core/register/privacy.ts';
import { AppError, forbidden } from '../../http/errors.ts';
import { loadCommune } from '../auth/scope.ts';
import type { SessionUser } from '../auth/users.ts';

export const viewerOf = (user: SessionUser): Viewer => ({
  userId: user.id,
  roles: user.roles.map((r) => ({ role: r.role, unitId: r.unitId, villageId: r.villageId ?? null })),
});

export interface RegisterContext {
  viewer: Viewer;
  communeId: number;
  provinceId: number;
  access: RegisterAccess;
  ip?: string;
}

/** The commune's register as this user may use it; nobody outside the commune sees a child (403). */
export async function registerContext(db: Kysely<Database>, user: SessionUser | null, communeId: number, ip?: string): Promise<RegisterContext> {
  if (!user) throw new AppError(401, 'common:error.unauthenticated');
  const { provinceId } = await loadCommune(db, communeId);
  const viewer = viewerOf(user);
  const access = registerAccess(viewer, communeId);
  if (access === 'none') throw forbidden();
  return { viewer, communeId, provinceId, access, ip };
}

export type AccessAction = 'view' | 'list' | 'case_view' | 'export' | 'derived';

/** One row per child shown: the log answers "who has looked at this child" for the chairman. */
export async function logReads(
  db: Kysely<Database>,
  ctx: RegisterContext,
  action: AccessAction,
  reads: { childId: number | null; caseId?: number | null; fields?: string[] }[],
): Promise<void> {
  if (!reads.length) return;
  for (let i = 0; i < reads.length; i += 5000) {
    await db
      .insertInto('child_access_log')
      .values(
        reads.slice(i, i + 5000).map((r) => ({
          user_id: ctx.viewer.userId,
          unit_id: ctx.communeId,
          child_id: r.childId,
          case_id: r.caseId ?? null,
          action,
          fields: r.fields ?? [],
          ip: ctx.ip ?? null,
        })),
      )
      .execute();
  }
}
