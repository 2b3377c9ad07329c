// Who is logged in: loaded once from /api/auth/session, changed by login and logout.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, setUnauthorizedListener } from './api.ts';
import { chosenLocale, setLocale } from './i18n.ts';
import type { CurrentSession, RoleName, User } from './types.ts';
import { openVault, resumeVault, touchVault, vaultIdleExpired, wipeIfIdle, wipeVault } from './offline/vault.ts';

interface AuthState {
  user: User | null;
  /** True until the first "who am I" answer arrives. */
  checking: boolean;
  /** Set when the session ended on its own (shown on the login page). */
  expired: boolean;
  login(username: string, password: string): Promise<User>;
  logout(): Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

/** The server's idle limit (its answer to "who am I" says it); the offline vault is wiped after it. */
let idleMinutes = 30;
/** A device without IndexedDB (a private window) still works online, without offline data. */
const quietly = <T,>(p: Promise<T>) => p.catch(() => undefined);

function adoptUserLocale(user: User) {
  // A language chosen on this device wins; otherwise use the one saved for the account.
  if (chosenLocale()) return;
  if (user.locale === 'vi' || user.locale === 'en') setLocale(user.locale, false);
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [checking, setChecking] = useState(true);
  const [expired, setExpired] = useState(false);

  useEffect(() => {
    let live = true;
    // The session route answers a visitor with { user: null }, not a 401 that the browser would log as an error.
    api<CurrentSession>('/api/auth/session', { quiet401: true })
      .then(async ({ user: u, idleMinutes: idle }) => {
        if (idle) idleMinutes = idle;
        // The device's encrypted cache and outbox belong to this person (another's is wiped); kept for a visitor
        // until the idle limit, so that unsent writes go once the same person signs in again.
        await quietly(u ? openVault(u, idleMinutes) : wipeIfIdle());
        if (!live) return;
        if (u) adoptUserLocale(u);
        setUser(u);
      })
      .catch(async () => {
        // No connection: the person whose vault this device holds, within the idle limit, works from it.
        const u = (await quietly(resumeVault())) ?? null;
        if (live) setUser(u);
      })
      .finally(() => live && setChecking(false));
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    setUnauthorizedListener(() => {
      setUser((current) => {
        if (current) setExpired(true);
        return null;
      });
    });
    return () => setUnauthorizedListener(null);
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const u = await api<User>('/api/auth/login', { method: 'POST', body: { username, password }, quiet401: true });
    await quietly(openVault(u, idleMinutes));
    adoptUserLocale(u);
    setExpired(false);
    setUser(u);
    return u;
  }, []);

  const logout = useCallback(async () => {
    try {
      await api('/api/auth/logout', { method: 'POST', body: {}, quiet401: true });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
    }
    // Signed out: nothing of theirs stays readable on the device (cached records, unsent writes, the key).
    await quietly(wipeVault());
    setExpired(false);
    setUser(null);
  }, []);

  // The idle limit on the device: use of the app counts; past the limit the vault is wiped and the session ends.
  useEffect(() => {
    if (!user) return;
    const touch = () => void quietly(touchVault());
    const events = ['pointerdown', 'keydown'] as const;
    events.forEach((e) => window.addEventListener(e, touch, { passive: true }));
    const timer = setInterval(() => {
      void quietly(
        vaultIdleExpired().then(async (idle) => {
          if (!idle) return;
          await wipeVault();
          setExpired(true);
          setUser(null);
        }),
      );
    }, 30_000);
    return () => {
      events.forEach((e) => window.removeEventListener(e, touch));
      clearInterval(timer);
    };
  }, [user]);

  const value = useMemo(() => ({ user, checking, expired, login, logout }), [user, checking, expired, login, logout]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

export function hasRole(user: User | null, role: RoleName): boolean {
  return !!user?.roles.some((r) => r.role === role);
}

/** The commune a commune officer works for (the first one when several). */
export function officerCommune(user: User | null): number | null {
  return user?.roles.find((r) => r.role === 'commune_officer' && r.unitId !== null)?.unitId ?? null;
}

export const isAdmin = (user: User | null) => hasRole(user, 'system_admin');
/** The Ministry of Health official: national aggregates, and the national rule sets, questionnaires and sub-groups. */
export const isMinistry = (user: User | null) => hasRole(user, 'ministry_official');
export const canSetCategories = (user: User | null) => hasRole(user, 'province_official');
