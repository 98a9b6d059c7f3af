import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { loadMe, type Me } from './api/identity';

/** Whether someone is signed in to the City OS in this browser. */
export type SessionState = { state: 'loading' } | { state: 'signedIn'; me: Me } | { state: 'signedOut' } | { state: 'failed' };

type SessionContextValue = {
  session: SessionState;
  /** Asks the server again (after sign-in); resolves to the answer. */
  reload: () => Promise<SessionState>;
  /** Sets what the app already knows (after verification or sign-out) without a round trip. */
  set: (me: Me | null) => void;
};

const SessionContext = createContext<SessionContextValue | null>(null);

async function fetchSession(signal?: AbortSignal): Promise<SessionState> {
  const result = await loadMe(signal);
  if (result.ok) return { state: 'signedIn', me: result.value };
  return result.problem.status === 401 ? { state: 'signedOut' } : { state: 'failed' };
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionState>({ state: 'loading' });

  useEffect(() => {
    const controller = new AbortController();
    void fetchSession(controller.signal).then((next) => {
      if (!controller.signal.aborted) setSession(next);
    });
    return () => controller.abort();
  }, []);

  const reload = useCallback(async () => {
    setSession({ state: 'loading' });
    const next = await fetchSession();
    setSession(next);
    return next;
  }, []);

  const set = useCallback((me: Me | null) => setSession(me === null ? { state: 'signedOut' } : { state: 'signedIn', me }), []);

  const value = useMemo(() => ({ session, reload, set }), [session, reload, set]);
  return <SessionContext value={value}>{children}</SessionContext>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (value === null) throw new Error('useSession outside <SessionProvider>');
  return value;
}
