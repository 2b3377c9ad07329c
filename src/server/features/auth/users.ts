// Accounts, their scoped roles and sessions.
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, Role } from '../../db/schema.ts';
import { hashPassword } from './passwords.ts';

export interface RoleGrant {
  role: Role;
  unitId: number | null;
}

export interface SessionUser {
  id: number;
  username: string;
  fullName: string;
  locale: string;
  roles: RoleGrant[];
}

export const SESSION_DAYS = 7;

export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export async function createUser(
  db: Kysely<Database>,
  input: { username: string; password: string; fullName: string; locale?: string; roles: RoleGrant[] },
): Promise<number> {
  const password_hash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('app_user')
      .values({ username: input.username, password_hash, full_name: input.fullName, locale: input.locale ?? 'vi' })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (input.roles.length)
      await trx
        .insertInto('user_role')
        .values(input.roles.map((r) => ({ user_id: id, role: r.role, unit_id: r.unitId })))
        .execute();
    return id;
  });
}

export async function loadSessionUser(db: Kysely<Database>, userId: number): Promise<SessionUser | null> {
  const user = await db
    .selectFrom('app_user')
    .select(['id', 'username', 'full_name', 'locale'])
    .where('id', '=', userId)
    .where('disabled', '=', false)
    .executeTakeFirst();
  if (!user) return null;
  const roles = await db.selectFrom('user_role').select(['role', 'unit_id']).where('user_id', '=', userId).execute();
  return {
    id: user.id,
    username: user.username,
    fullName: user.full_name,
    locale: user.locale,
    roles: roles.map((r) => ({ role: r.role, unitId: r.unit_id })),
  };
}

export async function startSession(db: Kysely<Database>, userId: number): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 86_400_000);
  await db.insertInto('session').values({ token_hash: tokenHash(token), user_id: userId, expires_at: expiresAt }).execute();
  return { token, expiresAt };
}

export async function userForToken(db: Kysely<Database>, token: string): Promise<SessionUser | null> {
  const row = await db
    .selectFrom('session')
    .select('user_id')
    .where('token_hash', '=', tokenHash(token))
    .where('expires_at', '>', new Date())
    .executeTakeFirst();
  return row ? loadSessionUser(db, row.user_id) : null;
}

export async function endSession(db: Kysely<Database>, token: string): Promise<void> {
  await db.deleteFrom('session').where('token_hash', '=', tokenHash(token)).execute();
}
