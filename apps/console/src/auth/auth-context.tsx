import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { fetchSession, login as apiLogin, logout as apiLogout } from '../api/auth.api';
import { onUnauthorized } from '../api/client';
import type { Session } from '../api/types';

interface AuthState {
  session: Session | null;
  loading: boolean;
  login(username: string, password: string): Promise<Session>;
  logout(): Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);
const SESSION_KEY = ['auth', 'me'] as const;

// The session query itself stays: its observer is this provider, and removing it would leave
// the provider watching a query the cache no longer updates.
function forgetOtherQueries(qc: QueryClient): void {
  qc.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const me = useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: 60_000 });
  useEffect(
    () =>
      onUnauthorized(() => {
        forgetOtherQueries(qc);
        qc.setQueryData(SESSION_KEY, null);
      }),
    [qc],
  );
  const value = useMemo<AuthState>(
    () => ({
      session: me.data ?? null,
      loading: me.isPending,
      async login(username, password) {
        const session = await apiLogin(username, password);
        forgetOtherQueries(qc); // nothing cached for a previous user may leak into this session
        qc.setQueryData(SESSION_KEY, session);
        return session;
      },
      async logout() {
        try {
          await apiLogout();
        } finally {
          forgetOtherQueries(qc);
          qc.setQueryData(SESSION_KEY, null);
        }
      },
    }),
    [me.data, me.isPending, qc],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}
