import { createContext, useCallback, useContext, useEffect, useState } from 'react';
import { api, ApiError, csrfToken } from './api.ts';
import type { Me } from './types.ts';

export interface Session {
  /** undefined while unknown (server render, first paint), null when signed out. */
  me: Me | null | undefined;
  setMe(me: Me | null): void;
  signOut(): Promise<void>;
}

const SessionContext = createContext<Session>({ me: undefined, setMe: () => {}, signOut: async () => {} });

export function useSession(): Session {
  return useContext(SessionContext);
}

export function SessionProvider({ children }: { children: React.ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  useEffect(() => {
    // The session cookie is HttpOnly, but its CSRF companion is readable and set with it:
    // without it there is no session, and no 401 to log in the console.
    if (!csrfToken()) {
      setMe(null);
      return;
    }
    api<{ user: Me }>('GET', '/me').then((r) => setMe(r.user), (e: unknown) => setMe(e instanceof ApiError ? null : undefined));
  }, []);
  const signOut = useCallback(async () => {
    await api('POST', '/auth/logout');
    setMe(null);
  }, []);
  return <SessionContext.Provider value={{ me, setMe, signOut }}>{children}</SessionContext.Provider>;
}
