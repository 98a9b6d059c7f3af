import { useCallback, useEffect, useState } from 'react';
import { api, type Profile } from './api';

const PROFILE_KEY = 'tsunagu.disaster.profile';

export type DisasterSession =
  | { state: 'loading' }
  | { state: 'signedOut' }
  /** `offline`: the profile is the one remembered from the last visit. */
  | { state: 'signedIn'; profile: Profile; offline: boolean }
  | { state: 'failed' };

function remembered(): Profile | null {
  try {
    const raw = window.localStorage.getItem(PROFILE_KEY);
    return raw ? (JSON.parse(raw) as Profile) : null;
  } catch {
    return null;
  }
}

/**
 * The disaster service's own sign-in (not City OS ID's session): `GET /api/disaster/me`.
 * Offline, the profile remembered from the last visit keeps the page usable (reports queue).
 */
export function useDisasterSession(): { session: DisasterSession; reload: () => void; setProfile: (p: Profile) => void } {
  const [session, setSession] = useState<DisasterSession>({ state: 'loading' });
  const [round, setRound] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    void api<Profile>('GET', '/me', undefined, controller.signal).then((result) => {
      if (controller.signal.aborted) return;
      if (result.ok) {
        try {
          window.localStorage.setItem(PROFILE_KEY, JSON.stringify(result.value));
        } catch {
          // Not remembered; fine.
        }
        setSession({ state: 'signedIn', profile: result.value, offline: false });
      } else if (result.problem.status === 401 || result.problem.status === 403) {
        // 403: signed in to City OS ID (its cookie) but not to this service.
        try {
          window.localStorage.removeItem(PROFILE_KEY);
        } catch {
          // Nothing to forget.
        }
        setSession({ state: 'signedOut' });
      } else {
        const known = remembered();
        setSession(known ? { state: 'signedIn', profile: known, offline: true } : { state: 'failed' });
      }
    });
    return () => controller.abort();
  }, [round]);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  const setProfile = useCallback((profile: Profile) => setSession({ state: 'signedIn', profile, offline: false }), []);
  return { session, reload, setProfile };
}

/** Polls `load` every `ms` while mounted (and once at once); the dashboard's and family's live refresh. */
export function useInterval(callback: () => void, ms: number): void {
  useEffect(() => {
    callback();
    const timer = window.setInterval(callback, ms);
    return () => window.clearInterval(timer);
  }, [callback, ms]);
}
