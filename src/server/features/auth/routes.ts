// Login, logout and "who am I" (for a visitor too: the session route); login is rate-limited per address.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errors } from '../../http/contract.ts';
import { requestLocale } from '../../http/errors.ts';
import { translator } from '../../../i18n/index.ts';
import { ChangePasswordBody, CurrentSession, LoggedOut, LoginBody, PasswordChanged, User } from './contracts.ts';
import { changePassword, describeUser, logIn, logOut } from './login.ts';
import { makeDummyHash } from './passwords.ts';
import { requireUser } from './scope.ts';
import { SESSION_ABSOLUTE_HOURS } from './users.ts';
import { config } from '../../platform/config.ts';

export { LOCK_AFTER } from './login.ts';
export const SESSION_COOKIE = 'cfc_session';

const tags = ['auth'];
/** Guessing a password is limited per address, at login and when changing one's own. */
// Read when the routes are registered, not when this module loads (tests set a limit before building the app).
const rateLimit = () => ({ max: config.loginRateLimit, timeWindow: '1 minute' });

const setSessionCookie = (reply: FastifyReply, token: string) =>
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: 'auto',
    maxAge: SESSION_ABSOLUTE_HOURS * 3_600,
  });

export async function authRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const dummyHash = await makeDummyHash(); // once per start-up, with the parameters of real hashes

  r.post(
    '/api/auth/login',
    {
      config: { rateLimit: rateLimit() },
      schema: {
        operationId: 'logIn',
        tags,
        summary: 'Đăng nhập / Log in',
        security: [],
        body: LoginBody,
        response: { 200: User, ...errors(423, 429) },
      },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      const previousToken = request.cookies[SESSION_COOKIE];
      const { token, user } = await logIn(app.db, { username, password, ip: request.ip, previousToken }, dummyHash);
      setSessionCookie(reply, token);
      return user;
    },
  );

  r.post(
    '/api/auth/logout',
    {
      schema: {
        operationId: 'logOut',
        tags,
        summary: 'Đăng xuất / Log out',
        security: [],
        response: { 200: LoggedOut },
      },
    },
    async (request, reply) => {
      await logOut(app.db, request.cookies[SESSION_COOKIE], request.user, request.ip);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true };
    },
  );

  r.post(
    '/api/auth/password',
    {
      config: { rateLimit: rateLimit() },
      schema: {
        operationId: 'changePassword',
        tags,
        summary: 'Đổi mật khẩu của mình (cần mật khẩu hiện tại) / Change your own password (the current one is needed)',
        body: ChangePasswordBody,
        response: { 200: PasswordChanged, ...errors(429) },
      },
    },
    async (request, reply) => {
      const user = requireUser(request.user);
      const { token } = await changePassword(app.db, user, { ...request.body, ip: request.ip });
      setSessionCookie(reply, token);
      return { ok: true as const, message: translator(requestLocale(request))('auth:password.changed') };
    },
  );

  r.get(
    '/api/auth/me',
    {
      schema: {
        operationId: 'getCurrentUser',
        tags,
        summary: 'Người dùng hiện tại / Current user',
        response: { 200: User },
      },
    },
    async (request) => describeUser(app.db, requireUser(request.user)),
  );

  r.get(
    '/api/auth/session',
    {
      schema: {
        operationId: 'getCurrentSession',
        tags,
        summary: 'Phiên hiện tại: người dùng, hoặc null khi chưa đăng nhập / The current session: the user, or null',
        security: [],
        response: { 200: CurrentSession },
      },
    },
    async (request) => ({
      user: request.user ? await describeUser(app.db, request.user) : null,
      idleMinutes: config.sessionIdleMinutes,
    }),
  );
}
