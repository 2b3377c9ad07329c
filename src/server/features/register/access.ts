// Register access for a request: the viewer, their register role in the commune, and the log of every
// read of a child — what was shown, and what was refused.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { registerRole, type RegisterRole, type Viewer } from '../../../core/privacy/policy.ts';
import { Refusal, forbidden, notFound } from '../../platform/refusal.ts';
import { loadCommune, viewerOf } from '../auth/index.ts';
import type { SessionUser } from '../auth/index.ts';

export interface RegisterContext {
  viewer: Viewer;
  communeId: number;
  provinceId: number;
  /** The viewer's register role in this commune; what it shows of each child is the core policy's (src/core/privacy/policy.ts). */
  access: RegisterRole;
  ip?: string;
}

/** The commune's register as this user may use it; a user with no register role in the commune gets 403 whatever the data. */
export async function registerContext(
  db: Kysely<Database>,
  user: SessionUser | null,
  communeId: number,
  ip?: string,
): Promise<RegisterContext> {
  if (!user) throw new Refusal('unauthenticated', 'common:error.unauthenticated');
  const { provinceId } = await loadCommune(db, communeId);
  const viewer = viewerOf(user);
  const access = registerRole(viewer, communeId);
  if (!access) throw forbidden();
  return { viewer, communeId, provinceId, access, ip };
}

/** Officers and chairmen work with the whole commune's counts, cases, imports and exports; collaborators do not. */
export const isCommuneStaff = (ctx: RegisterContext) => ctx.access === 'officer' || ctx.access === 'chairman';

export type AccessAction = 'view' | 'list' | 'case_view' | 'export' | 'derived' | 'denied';

/** One row per child shown, with the field groups the policy says were shown: "who has seen what of this child". */
export async function logReads(
  db: Kysely<Database>,
  ctx: RegisterContext,
  action: AccessAction,
  reads: { childId: number | null; caseId?: number | null; fields?: readonly string[] }[],
): Promise<void> {
  if (!reads.length) return;
  for (let i = 0; i < reads.length; i += 5000) {
    await db
      .insertInto('child_access_log')
      .values(
        reads.slice(i, i + 5000).map((r) => ({
          user_id: ctx.viewer.userId,
          unit_id: ctx.communeId,
          // Known here: spares the province-key trigger a lookup per row of the chained log.
          province_id: ctx.provinceId,
          child_id: r.childId,
          case_id: r.caseId ?? null,
          action,
          fields: [...(r.fields ?? [])],
          ip: ctx.ip ?? null,
        })),
      )
      .execute();
  }
}

/**
 * A refused read: logged for the chairman (which record was asked for), then answered exactly as for a
 * record that does not exist, so that the answer says nothing about what is there.
 */
export async function deniedRead(
  db: Kysely<Database>,
  ctx: RegisterContext,
  what: string,
  id: number,
  known: { childId?: number | null; caseId?: number | null } = {},
): Promise<never> {
  await logReads(db, ctx, 'denied', [
    { childId: known.childId ?? null, caseId: known.caseId ?? null, fields: [`${what}:${id}`] },
  ]);
  throw notFound(what, id);
}
