// Accounts, their scoped roles and sessions.
import { createHash, randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Database, Role } from '../../db/schema.ts';
import { checkPassword } from '../../../core/auth/password-policy.ts';
import { Refusal, phrase } from '../../platform/refusal.ts';
import { hashPassword } from './passwords.ts';
import { config } from '../../platform/config.ts';

export interface RoleGrant {
  role: Role;
  unitId: number | null;
  /** The sector a sector reviewer reviews (health, education, police, justice…). */
  sector?: string | null;
  /** The village a collaborator keeps the register of (null: the whole commune). */
  villageId?: number | null;
}

/** What session_user_lookup answers. */
interface SessionRow {
  id: number;
  username: string;
  full_name: string;
  locale: string;
  last_seen_at: string;
  roles: Array<{
    role: Role;
    unit_id: number | null;
    sector: RoleGrant['sector'];
    village_id: number | null;
  }>;
}

export interface SessionUser {
  id: number;
  username: string;
  fullName: string;
  locale: string;
  roles: RoleGrant[];
}

/** A session ends 12 hours after login whatever happens, and after 30 minutes without a request (ASVS 3.3.2). */
export const SESSION_ABSOLUTE_HOURS = config.sessionAbsoluteHours;
export const SESSION_IDLE_MINUTES = config.sessionIdleMinutes;
/** last_seen_at is written at most this often, so reading pages does not turn into a write per request. */
const TOUCH_EVERY_MS = 60_000;

export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/** Refuses a chosen password that breaks the policy, naming the rule (the password itself is never echoed). */
export function requirePasswordPolicy(password: string, username: string, field = 'password'): void {
  const verdict = checkPassword(password, username);
  if (verdict.ok) return;
  const key = `auth:password.${verdict.rule}`;
  // The message names the field as the person sees it on the form, not by its API name.
  const params = { ...verdict.params, field: phrase(`auth:password.field.${field}`, { defaultValue: field }) };
  throw new Refusal('invalid', key, params, [{ field, value: null, message: phrase(key, params) }]);
}

/** `checkPolicy` for a password a person chose (CLI, routes); the seeded demo accounts leave it out. */
export async function createUser(
  db: Kysely<Database>,
  input: {
    username: string;
    password: string;
    fullName: string;
    locale?: string;
    roles: RoleGrant[];
    checkPolicy?: boolean;
  },
): Promise<number> {
  if (input.checkPolicy) requirePasswordPolicy(input.password, input.username);
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
        .values(
          input.roles.map((r) => ({
            user_id: id,
            role: r.role,
            unit_id: r.unitId,
            sector: r.sector ?? null,
            village_id: r.villageId ?? null,
          })),
        )
        .execute();
    return id;
  });
}

/** The account with its roles, in one query (every login reads it). */
export async function loadSessionUser(db: Kysely<Database>, userId: number): Promise<SessionUser | null> {
  const user = await db
    .selectFrom('app_user as u')
    .select(['u.id', 'u.username', 'u.full_name', 'u.locale'])
    .select((eb) =>
      jsonArrayFrom(
        eb
          .selectFrom('user_role as r')
          .select(['r.role', 'r.unit_id', 'r.sector', 'r.village_id'])
          .whereRef('r.user_id', '=', 'u.id'),
      ).as('roles'),
    )
    .where('u.id', '=', userId)
    .where('u.disabled', '=', false)
    .executeTakeFirst();
  if (!user) return null;
  return {
    id: user.id,
    username: user.username,
    fullName: user.full_name,
    locale: user.locale,
    roles: user.roles.map((r) => ({ role: r.role, unitId: r.unit_id, sector: r.sector, villageId: r.village_id })),
  };
}

/** A new session's row for `userId` and its token, which only the browser keeps (the row holds its hash). */
export function newSession(userId: number) {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + SESSION_ABSOLUTE_HOURS * 3_600_000);
  return { token, expiresAt, row: { token_hash: tokenHash(token), user_id: userId, expires_at: expiresAt } };
}

export async function startSession(db: Kysely<Database>, userId: number): Promise<{ token: string; expiresAt: Date }> {
  const { token, expiresAt, row } = newSession(userId);
  await db.insertInto('session').values(row).execute();
  return { token, expiresAt };
}

/** The user behind a session cookie, with roles, in one call (it runs on every request; migrations/0035). */
export async function userForToken(db: Kysely<Database>, token: string): Promise<SessionUser | null> {
  const found = await sql<{
    u: SessionRow | null;
  }>`SELECT session_user_lookup(${tokenHash(token)}, ${new Date()}, ${new Date(
    Date.now() - SESSION_IDLE_MINUTES * 60_000,
  )}) AS u`.execute(db);
  const row = found.rows[0]?.u;
  if (!row) return null;
  if (Date.now() - new Date(row.last_seen_at).getTime() > TOUCH_EVERY_MS)
    await db
      .updateTable('session')
      .set({ last_seen_at: new Date() })
      .where('token_hash', '=', tokenHash(token))
      .execute();
  return {
    id: row.id,
    username: row.username,
    fullName: row.full_name,
    locale: row.locale,
    roles: row.roles.map((r) => ({ role: r.role, unitId: r.unit_id, sector: r.sector, villageId: r.village_id })),
  };
}

export async function endSession(db: Kysely<Database>, token: string): Promise<void> {
  await db.deleteFrom('session').where('token_hash', '=', tokenHash(token)).execute();
}

/** A new password for an account: every session of the account ends (the caller starts a new one). */
export async function setPassword(db: Kysely<Database>, userId: number, password: string): Promise<void> {
  const password_hash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('app_user')
      .set({ password_hash, failed_logins: 0, locked_until: null })
      .where('id', '=', userId)
      .execute();
    await trx.deleteFrom('session').where('user_id', '=', userId).execute();
  });
}
