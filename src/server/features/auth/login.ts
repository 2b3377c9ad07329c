// The use cases behind the auth routes: log in (with the per-account lock), describe the user, change a password.
import { sql, type Kysely } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Database } from '../../db/schema.ts';
import { Refusal, phrase } from '../../platform/refusal.ts';
import { auditInsert, writeAudit } from '../audit/index.ts';
import type { User } from './contracts.ts';
import { hashPassword, matchPassword, verifyPassword } from './passwords.ts';
import {
  endSession,
  newSession,
  requirePasswordPolicy,
  setPassword,
  startSession,
  tokenHash,
  type SessionUser,
} from './users.ts';
import { config } from '../../platform/config.ts';

/** Wrong passwords in a row that lock an account, and for how long (ASVS 2.2.1); the per-address rate limit comes first. */
export const LOCK_AFTER = config.loginLockAfter;
const LOCK_MINUTES = config.loginLockMinutes;

export interface LoginInput {
  username: string;
  password: string;
  ip: string;
  /** The session cookie the browser came with, ended on success (session fixation). */
  previousToken: string | undefined;
}

/** Checks the password and starts a new session: the new token and the user as the web sees them. */
export async function logIn(
  db: Kysely<Database>,
  input: LoginInput,
  dummyHash: string,
): Promise<{ token: string; user: User }> {
  const { username, password, ip } = input;
  const name = username.trim().toLowerCase();
  const now = new Date();
  // The attempt is reserved before the password is checked, in one statement that counts and decides: the
  // row lock serialises parallel attempts, so at most LOCK_AFTER checks run per lock window, and the one
  // that reaches the limit locks the account for everyone after it. SET reads the row as it was, so both
  // columns number the attempt from the old count; an expired lock starts the count again at 1.
  const attempt = sql<number>`CASE WHEN locked_until IS NULL THEN failed_logins + 1 ELSE 1 END`;
  const lockUntil = new Date(now.getTime() + LOCK_MINUTES * 60_000);
  const row = await db
    .updateTable('app_user')
    .set({
      failed_logins: attempt,
      locked_until: sql`CASE WHEN ${attempt} >= ${LOCK_AFTER} THEN ${lockUntil}::timestamptz END`,
    })
    .where('username', '=', name)
    .where('disabled', '=', false)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .returning(['id', 'password_hash', 'locked_until'])
    .executeTakeFirst();
  if (!row) {
    // No attempt left: a locked account is refused before any password is checked, so guessing gains nothing while it lasts.
    const locked = await db
      .selectFrom('app_user')
      .select(['id', 'locked_until'])
      .where('username', '=', name)
      .where('disabled', '=', false)
      .where('locked_until', '>', now)
      .executeTakeFirst();
    if (locked?.locked_until) {
      await writeAudit(db, { userId: locked.id, action: 'login_locked', entity: 'user', entityId: locked.id, ip });
      const minutes = Math.ceil((new Date(locked.locked_until).getTime() - Date.now()) / 60_000);
      throw new Refusal('locked', 'auth:error.locked', { minutes });
    }
  }
  // An unknown or disabled name is checked against the dummy hash: the same argon2 work, so its answer comes no sooner.
  const { ok, legacy } = await matchPassword(row?.password_hash ?? dummyHash, password);
  if (!row || !ok) {
    if (row?.locked_until)
      await writeAudit(db, { userId: row.id, action: 'account_locked', entity: 'user', entityId: row.id, ip });
    await writeAudit(db, { userId: row?.id ?? null, action: 'login_failed', entity: 'user', entityId: username, ip });
    throw new Refusal('unauthenticated', 'auth:error.bad_credentials');
  }
  // Success in one statement: the count cleared (the lock this attempt may have set included; a hash made from
  // decomposed input replaced by one of the NFC form), a new session (a token planted before login, session
  // fixation, is ended), the audit row, and the user with the names of their roles' units.
  const session = newSession(row.id);
  const previous = input.previousToken;
  const rehashed = legacy ? { password_hash: await hashPassword(password) } : {};
  const found = await db
    .with('reset', (q) =>
      q
        .updateTable('app_user')
        .set({ failed_logins: 0, locked_until: null, ...rehashed })
        .where('id', '=', row.id),
    )
    .with('ended', (q) =>
      q
        .deleteFrom('session')
        .where((eb) => eb.and([eb.val(previous !== undefined), eb('token_hash', '=', tokenHash(previous ?? ''))])),
    )
    .with('started', (q) => q.insertInto('session').values(session.row))
    .with('audited', () => auditInsert(db, { userId: row.id, action: 'login', entity: 'user', entityId: row.id, ip }))
    .selectFrom('app_user as u')
    .select(['u.id', 'u.username', 'u.full_name', 'u.locale'])
    .select((eb) =>
      jsonArrayFrom(
        eb
          .selectFrom('user_role as r')
          .leftJoin('unit as n', 'n.id', 'r.unit_id')
          .select(['r.role', 'r.unit_id', 'r.sector', 'r.village_id', 'n.name'])
          .whereRef('r.user_id', '=', 'u.id'),
      ).as('roles'),
    )
    .where('u.id', '=', row.id)
    .executeTakeFirstOrThrow();
  return {
    token: session.token,
    user: {
      id: found.id,
      username: found.username,
      fullName: found.full_name,
      locale: found.locale,
      roles: found.roles.map((r) => ({
        role: r.role,
        unitId: r.unit_id,
        sector: r.sector,
        villageId: r.village_id,
        unitName: r.name,
      })),
    },
  };
}

/** Ends the session of the token, if any, and notes the logout of the signed-in user. */
export async function logOut(
  db: Kysely<Database>,
  token: string | undefined,
  user: SessionUser | null,
  ip: string,
): Promise<void> {
  if (token) await endSession(db, token);
  if (user) await writeAudit(db, { userId: user.id, action: 'logout', entity: 'user', entityId: user.id, ip });
}

/** The user with the names of the units of their roles. */
export async function describeUser(db: Kysely<Database>, user: SessionUser): Promise<User> {
  const ids = user.roles.map((x) => x.unitId).filter((x): x is number => x !== null);
  const units = ids.length ? await db.selectFrom('unit').select(['id', 'name']).where('id', 'in', ids).execute() : [];
  const names = new Map(units.map((u) => [u.id, u.name]));
  return {
    ...user,
    roles: user.roles.map((x) => ({ ...x, unitName: x.unitId ? (names.get(x.unitId) ?? null) : null })),
  };
}

/** A new password for oneself, the current one given: every session ends; the new token is for this browser. */
export async function changePassword(
  db: Kysely<Database>,
  user: SessionUser,
  input: { currentPassword: string; newPassword: string; ip: string },
): Promise<{ token: string }> {
  const { currentPassword, newPassword, ip } = input;
  const row = await db
    .selectFrom('app_user')
    .select('password_hash')
    .where('id', '=', user.id)
    .executeTakeFirstOrThrow();
  if (!(await verifyPassword(row.password_hash, currentPassword))) {
    await writeAudit(db, { userId: user.id, action: 'password_change_failed', entity: 'user', entityId: user.id, ip });
    const message = phrase('auth:error.current_wrong');
    throw new Refusal('invalid', 'auth:error.current_wrong', {}, [{ field: 'currentPassword', value: null, message }]);
  }
  if (newPassword === currentPassword) {
    const message = phrase('auth:error.same_password');
    throw new Refusal('invalid', 'auth:error.same_password', {}, [{ field: 'newPassword', value: null, message }]);
  }
  requirePasswordPolicy(newPassword, user.username, 'newPassword');
  // Every session of the account ends, this one included; a new one is issued for this browser.
  await setPassword(db, user.id, newPassword);
  const { token } = await startSession(db, user.id);
  await writeAudit(db, { userId: user.id, action: 'password_changed', entity: 'user', entityId: user.id, ip });
  return { token };
}
