import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { api, type DisasterEvent } from './api';

/** navigator.onLine, live. */
export function useOnline(): boolean {
  return useSyncExternalStore(
    (listener) => {
      window.addEventListener('online', listener);
      window.addEventListener('offline', listener);
      return () => {
        window.removeEventListener('online', listener);
        window.removeEventListener('offline', listener);
      };
    },
    () => navigator.onLine,
  );
}

const EVENTS_KEY = 'tsunagu.disaster.openEvents';

export type OpenEvents = { state: 'loading' } | { state: 'ready'; events: DisasterEvent[]; stale: boolean } | { state: 'failed' };

/**
 * The disaster events in force (public), remembered in the browser so that the page still
 * shows the alert (and can queue reports for it) when it is opened without a connection.
 */
export function useOpenEvents(refreshMs = 30_000): { events: OpenEvents; reload: () => void } {
  const [events, setEvents] = useState<OpenEvents>(() => {
    try {
      const raw = window.localStorage.getItem(EVENTS_KEY);
      return raw ? { state: 'ready', events: JSON.parse(raw) as DisasterEvent[], stale: true } : { state: 'loading' };
    } catch {
      return { state: 'loading' };
    }
  });
  const load = useCallback(() => {
    void api<{ events: DisasterEvent[] }>('GET', '/events?status=open').then((result) => {
      if (result.ok) {
        try {
          window.localStorage.setItem(EVENTS_KEY, JSON.stringify(result.value.events));
        } catch {
          // Not remembered.
        }
        setEvents({ state: 'ready', events: result.value.events, stale: false });
      } else setEvents((previous) => (previous.state === 'ready' ? { ...previous, stale: true } : { state: 'failed' }));
    });
  }, []);
  useEffect(() => {
    load();
    const timer = window.setInterval(load, refreshMs);
    window.addEventListener('online', load);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener('online', load);
    };
  }, [load, refreshMs]);
  return { events, reload: load };
}

/** The browser's location, asked for only when the person presses a button. */
export function currentPosition(): Promise<{ lat: number; lon: number } | null> {
  return new Promise((resolve) => {
    if (!('geolocation' in navigator)) {
      resolve(null);
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (position) => resolve({ lat: position.coords.latitude, lon: position.coords.longitude }),
      () => resolve(null),
      { enableHighAccuracy: true, timeout: 10_000, maximumAge: 60_000 },
    );
  });
}

/** "1.2 km" / "850 m". */
export function formatDistance(metres: number, language: 'ja' | 'en'): string {
  if (metres >= 1000) return `${(metres / 1000).toLocaleString(language === 'ja' ? 'ja-JP' : 'en-GB', { maximumFractionDigits: 1 })} km`;
  return `${metres} m`;
}
