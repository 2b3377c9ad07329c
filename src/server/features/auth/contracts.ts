// What the auth routes take and answer; the web imports the types (import type), never the routes.
import { z } from 'zod';

export const RoleName = z.enum([
  'commune_officer',
  'commune_chairman',
  'collaborator',
  'province_official',
  'appraiser',
  'sector_reviewer',
  'signer',
  'ministry_official',
  'system_admin',
]);

export const UserRole = z
  .object({
    role: RoleName,
    unitId: z.number().int().nullable(),
    unitName: z.string().nullable(),
    /** The sector a sector reviewer reviews (health, education, …). */
    sector: z.string().nullable().optional(),
  })
  .meta({ id: 'UserRole' });

export const User = z
  .object({
    id: z.number().int(),
    username: z.string(),
    fullName: z.string(),
    locale: z.string(),
    roles: z.array(UserRole),
  })
  .meta({ id: 'User', description: 'Người dùng đã đăng nhập và vai trò / The signed-in user and their roles' });

/** "Who am I" for anyone: a visitor without a session is not an error (no 401 in the browser's console). */
export const CurrentSession = z
  .object({
    user: User.nullable(),
    /** The server's SESSION_IDLE_MINUTES: a device wipes its offline data after this long without use. */
    idleMinutes: z.number().int().positive().optional(),
  })
  .meta({ id: 'CurrentSession', description: 'Người dùng đã đăng nhập, hoặc null / The signed-in user, or null' });

export const LoginBody = z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) });
export const ChangePasswordBody = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword: z.string().min(1).max(1000),
});

export const LoggedOut = z.object({ ok: z.boolean() }).meta({ id: 'LoggedOut' });
export const PasswordChanged = z.object({ ok: z.literal(true), message: z.string() }).meta({ id: 'PasswordChanged' });

export type RoleName = z.infer<typeof RoleName>;
export type UserRole = z.infer<typeof UserRole>;
export type User = z.infer<typeof User>;
export type CurrentSession = z.infer<typeof CurrentSession>;
export type LoginBody = z.infer<typeof LoginBody>;
export type ChangePasswordBody = z.infer<typeof ChangePasswordBody>;
