import { useCallback, useEffect, useState } from 'react';
import type { Problem } from '../../api/http';
import { currencyCall, newKey } from './api';
import { parseMe, type Me } from './types';

export type Loaded<T> = { state: 'loading' } | { state: 'ready'; value: T } | { state: 'failed'; problem: Problem };

/** GETs /api/currency{path} and re-fetches on `reload()`; `path` null waits. */
export function useCurrencyGet<T>(path: string | null, parse: (body: unknown) => T | null): Loaded<T> & { reload: () => Promise<void> } {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const [round, setRound] = useState(0);
  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    void currencyCall('GET', path, parse, { signal: controller.signal }).then((result) => {
      if (controller.signal.aborted) return;
      setLoaded(result.ok ? { state: 'ready', value: result.value } : { state: 'failed', problem: result.problem });
    });
    return () => controller.abort();
    // `parse` is a module-level function; the path and the round decide a fetch.
  }, [path, round]);
  const reload = useCallback(async () => {
    setRound((n) => n + 1);
    await Promise.resolve();
  }, []);
  return { ...loaded, reload };
}

export type ServiceSession = { state: 'loading' } | { state: 'signedIn'; me: Me } | { state: 'signedOut' } | { state: 'failed' };

/** Whether the browser is signed in to the currency service (its own session, not City OS ID's). */
export function useServiceSession(): { session: ServiceSession; signOut: () => Promise<void> } {
  const [session, setSession] = useState<ServiceSession>({ state: 'loading' });
  useEffect(() => {
    const controller = new AbortController();
    void currencyCall('GET', '/auth/me', parseMe, { signal: controller.signal }).then((result) => {
      if (controller.signal.aborted) return;
      if (result.ok) setSession({ state: 'signedIn', me: result.value });
      else setSession(result.problem.status === 401 ? { state: 'signedOut' } : { state: 'failed' });
    });
    return () => controller.abort();
  }, []);
  const signOut = useCallback(async () => {
    await currencyCall('POST', '/auth/logout', () => true);
    setSession({ state: 'signedOut' });
  }, []);
  return { session, signOut };
}

/** Seconds left until `iso`, ticking every second (0 once past). */
export function useSecondsLeft(iso: string | null): number {
  const compute = useCallback(() => (iso === null ? 0 : Math.max(0, Math.ceil((new Date(iso).getTime() - Date.now()) / 1000))), [iso]);
  const [left, setLeft] = useState(compute);
  useEffect(() => {
    setLeft(compute());
    if (iso === null) return;
    const timer = window.setInterval(() => setLeft(compute()), 1000);
    return () => window.clearInterval(timer);
  }, [iso, compute]);
  return left;
}

/**
 * A money-moving call under one idempotency key per intended move, one at a time. A network
 * failure (status 0) keeps the key, so that trying again cannot move the money twice; any answer
 * from the server ends that intent, and the next call gets a new key. `send` resolves to the
 * parsed answer, or to undefined after a refusal, which is then in `problem`.
 */
export function useMoneyCall() {
  const [problem, setProblem] = useState<Problem | null>(null);
  const [pending, setPending] = useState(false);
  const [key, setKey] = useState(newKey);
  async function send<T>(path: string, parse: (body: unknown) => T | null, body: unknown): Promise<T | undefined> {
    setPending(true);
    const result = await currencyCall('POST', path, parse, { body, key });
    setPending(false);
    if (!result.ok && result.problem.status === 0) {
      setProblem(result.problem);
      return undefined;
    }
    setKey(newKey());
    setProblem(result.ok ? null : result.problem);
    return result.ok ? result.value : undefined;
  }
  return { problem, setProblem, pending, send };
}
