// Login, logout and "who am I"; login is rate-limited per address.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { AppError, requestLocale } from '../../http/errors.ts';
import { writeAudit } from '../audit/audit.ts';
import { hashPassword, makeDummyHash, matchPassword, verifyPassword } from './passwords.ts';
import { endSession, loadSessionUser, requirePasswordPolicy, SESSION_ABSOLUTE_HOURS, setPassword, startSession } from './users.ts';
import { requireUser } from './scope.ts';
import { translator, type Locale } from '../../../i18n/index.ts';

const t = (locale: Locale, key: string) => translator(locale)(key);

export const SESSION_COOKIE = 'cfc_session';
/** Wrong passwords in a row that lock an account, and for how long (ASVS 2.2.1); the per-address rate limit comes first. */
export const LOCK_AFTER = Number(process.env.LOGIN_LOCK_AFTER ?? 5);
const LOCK_MINUTES = Number(process.env.LOGIN_LOCK_MINUTES ?? 15);

const UserBody = z.object({
  id: z.number(),
  username: z.string(),
  fullName: z.string(),
  locale: z.string(),
  roles: z.array(z.object({ role: z.string(), unitId: z.number().nullable(), unitName: z.string().nullable(), sector: z.string().nullable().optional() })),
});

export async function authRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const dummyHash = await makeDummyHash(); // once per start-up, with the parameters of real hashes
  const describe = async (user: NonNullable<Awaited<ReturnType<typeof loadSessionUser>>>) => {
    const ids = user.roles.map((x) => x.unitId).filter((x): x is number => x !== null);
    const units = ids.length ? await app.db.selectFrom('unit').select(['id', 'name']).where('id', 'in', ids).execute() : [];
    const names = new Map(units.map((u) => [u.id, u.name]));
    return { ...user, roles: user.roles.map((x) => ({ ...x, unitName: x.unitId ? (names.get(x.unitId) ?? null) : null })) };
  };

  r.post(
    '/api/auth/login',
    {
      config: { rateLimit: { max: Number(process.env.LOGIN_RATE_LIMIT ?? 10), timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Đăng nhập / Log in',
        body: z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) }),
        response: { 200: UserBody },
      },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      const name = username.trim().toLowerCase();
      const now = new Date();
      // The attempt is reserved before the password is checked, in one statement that counts and decides: the
      // row lock serialises parallel attempts, so at most LOCK_AFTER checks run per lock window, and the one
      // that reaches the limit locks the account for everyone after it. SET reads the row as it was, so both
      // columns number the attempt from the old count; an expired lock starts the count again at 1.
      const attempt = sql<number>`CASE WHEN locked_until IS NULL THEN failed_logins + 1 ELSE 1 END`;
      const row = await app.db
        .updateTable('app_user')
        .set({ failed_logins: attempt, locked_until: sql`CASE WHEN ${attempt} >= ${LOCK_AFTER} THEN ${new Date(now.getTime() + LOCK_MINUTES * 60_000)}::timestamptz END` })
        .where('username', '=', name)
        .where('disabled', '=', false)
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
        .returning(['id', 'password_hash', 'locked_until'])
        .executeTakeFirst();
      if (!row) {
        // No attempt left: a locked account is refused before any password is checked, so guessing gains nothing while it lasts.
        const locked = await app.db
          .selectFrom('app_user')
          .select(['id', 'locked_until'])
          .where('username', '=', name)
          .where('disabled', '=', false)
          .where('locked_until', '>', now)
          .executeTakeFirst();
        if (locked?.locked_until) {
          await writeAudit(app.db, { userId: locked.id, action: 'login_locked', entity: 'user', entityId: locked.id, ip: request.ip });
          throw new AppError(423, 'auth:error.locked', { minutes: Math.ceil((new Date(locked.locked_until).getTime() - Date.now()) / 60_000) });
        }
      }
      // An unknown or disabled name is checked against the dummy hash: the same argon2 work, so its answer comes no sooner.
      const { ok, legacy } = await matchPassword(row?.password_hash ?? dummyHash, password);
      if (!row || !ok) {
        if (row?.locked_until) await writeAudit(app.db, { userId: row.id, action: 'account_locked', entity: 'user', entityId: row.id, ip: request.ip });
        await writeAudit(app.db, { userId: row?.id ?? null, action: 'login_failed', entity: 'user', entityId: username, ip: request.ip });
        throw new AppError(401, 'auth:error.bad_credentials');
      }
      // Success clears the count in one statement, the lock this attempt may have set included; a hash made
      // from decomposed input is replaced by one of the NFC form.
      await app.db
        .updateTable('app_user')
        .set({ failed_logins: 0, locked_until: null, ...(legacy ? { password_hash: await hashPassword(password) } : {}) })
        .where('id', '=', row.id)
        .execute();
      // A new session on every login: a token planted before login (session fixation) is worth nothing after it.
      const previous = request.cookies[SESSION_COOKIE];
      if (previous) await endSession(app.db, previous);
      const { token } = await startSession(app.db, row.id);
      await writeAudit(app.db, { userId: row.id, action: 'login', entity: 'user', entityId: row.id, ip: request.ip });
      reply.setCookie(SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: 'auto',
        maxAge: SESSION_ABSOLUTE_HOURS * 3_600,
      });
      const user = await loadSessionUser(app.db, row.id);
      return describe(user!);
    },
  );

  r.post('/api/auth/logout', { schema: { tags: ['auth'], summary: 'Đăng xuất / Log out' } }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await endSession(app.db, token);
    if (request.user) await writeAudit(app.db, { userId: request.user.id, action: 'logout', entity: 'user', entityId: request.user.id, ip: request.ip });
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });

  r.post(
    '/api/auth/password',
    {
      // Guessing the current password through this route is limited as login is.
      config: { rateLimit: { max: Number(process.env.LOGIN_RATE_LIMIT ?? 10), timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Đổi mật khẩu của mình (cần mật khẩu hiện tại) / Change your own password (the current one is needed)',
        body: z.object({ currentPassword: z.string().min(1).max(200), newPassword: z.string().min(1).max(1000) }),
        response: { 200: z.object({ ok: z.literal(true), message: z.string() }) },
      },
    },
    async (request, reply) => {
      const user = requireUser(request.user);
      const locale = requestLocale(request);
      const { currentPassword, newPassword } = request.body;
      const row = await app.db.selectFrom('app_user').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow();
      if (!(await verifyPassword(row.password_hash, currentPassword))) {
        await writeAudit(app.db, { userId: user.id, action: 'password_change_failed', entity: 'user', entityId: user.id, ip: request.ip });
        throw new AppError(400, 'auth:error.current_wrong', {}, [{ field: 'currentPassword', value: null, message: t(locale, 'auth:error.current_wrong') }]);
      }
      if (newPassword === currentPassword) throw new AppError(400, 'auth:error.same_password', {}, [{ field: 'newPassword', value: null, message: t(locale, 'auth:error.same_password') }]);
      requirePasswordPolicy(newPassword, user.username, locale, 'newPassword');
      // Every session of the account ends, this one included; a new one is issued for this browser.
      await setPassword(app.db, user.id, newPassword);
      const { token } = await startSession(app.db, user.id);
      await writeAudit(app.db, { userId: user.id, action: 'password_changed', entity: 'user', entityId: user.id, ip: request.ip });
      reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'strict', secure: 'auto', maxAge: SESSION_ABSOLUTE_HOURS * 3_600 });
      return { ok: true as const, message: t(locale, 'auth:password.changed') };
    },
  );

  r.get('/api/auth/me', { schema: { tags: ['auth'], summary: 'Người dùng hiện tại / Current user', response: { 200: UserBody } } }, async (request) =>
    describe(requireUser(request.user)),
  );
}
