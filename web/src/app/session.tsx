/**
 * Who is logged in and what they may do. The permissions come from GET /api/me, i.e. from the server's own
 * matrix (src/auth/permissions.ts), so the UI cannot drift from it: it hides or disables what the role may
 * not do, and the server still refuses anything that slips through.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, apiKey, ApiError, UNAUTHORIZED_EVENT } from '../api/client';
import type { Me, Permission } from '../api/types';

export interface Session {
  readonly me: Me;
  can(permission: Permission): boolean;
  logout(): void;
}

interface SessionState {
  readonly session: Session | null;
  readonly checking: boolean;
  /** Why the last login or the stored key was refused. */
  readonly error: string | null;
  /** Checks a key with /api/me; `quiet` keeps the current screen while checking (a reload). */
  login(key: string, quiet?: boolean): Promise<boolean>;
}

const SessionContext = createContext<SessionState | null>(null);

/**
 * The last /api/me answer for the key in this tab. A reload renders from it at once and checks it again in
 * the background (a key's role never changes; a revoked key answers 401 and logs out), so a page's own
 * data request does not wait behind /api/me.
 */
const ME_STORAGE = 'sdg.me';

function cachedMe(): Me | null {
  if (apiKey.get() === null) return null;
  try {
    const raw = sessionStorage.getItem(ME_STORAGE);
    return raw ? (JSON.parse(raw) as Me) : null;
  } catch {
    return null;
  }
}

export function SessionProvider({ children }: { children: ReactNode }): ReactNode {
  const [me, setMeState] = useState<Me | null>(cachedMe);
  const [checking, setChecking] = useState(() => apiKey.get() !== null && cachedMe() === null);
  const [error, setError] = useState<string | null>(null);

  const setMe = useCallback((next: Me | null) => {
    if (next === null) sessionStorage.removeItem(ME_STORAGE);
    else sessionStorage.setItem(ME_STORAGE, JSON.stringify(next));
    setMeState(next);
  }, []);

  const logout = useCallback(() => {
    apiKey.clear();
    setMe(null);
  }, [setMe]);

  const login = useCallback(
    async (key: string, quiet = false): Promise<boolean> => {
      apiKey.set(key.trim());
      if (!quiet) setChecking(true);
      try {
        setMe(await api.get<Me>('/api/me'));
        setError(null);
        return true;
      } catch (failure) {
        // A reload's background check keeps the session unless the server refused the key itself.
        if (quiet && !(failure instanceof ApiError && failure.status === 401)) return true;
        apiKey.clear();
        setMe(null);
        setError(
          failure instanceof ApiError
            ? `${failure.message}${failure.body.hint ? ` — ${failure.body.hint}` : ''}`
            : 'the server cannot be reached',
        );
        return false;
      } finally {
        setChecking(false);
      }
    },
    [setMe],
  );

  useEffect(() => {
    const stored = apiKey.get();
    if (stored !== null) void login(stored, cachedMe() !== null);
    const onUnauthorized = (): void => {
      apiKey.clear();
      setMe(null);
      setError('The server no longer accepts this API key (revoked or unknown). Log in again.');
    };
    window.addEventListener(UNAUTHORIZED_EVENT, onUnauthorized);
    return () => window.removeEventListener(UNAUTHORIZED_EVENT, onUnauthorized);
  }, [login, setMe]);

  const value = useMemo<SessionState>(() => {
    const session: Session | null = me === null ? null : { me, can: (permission) => me.permissions.includes(permission), logout };
    return { session, checking, error, login };
  }, [me, checking, error, login, logout]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSessionState(): SessionState {
  const state = useContext(SessionContext);
  if (state === null) throw new Error('useSessionState outside SessionProvider');
  return state;
}

/** The logged-in session (pages render only inside one). */
export function useSession(): Session {
  const { session } = useSessionState();
  if (session === null) throw new Error('useSession without a session');
  return session;
}
