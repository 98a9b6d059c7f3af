import { useEffect, useState } from 'react';
import { fetchJson, type Loadable } from './fetchJson';

/** Loads a JSON document once on mount; aborts if the component goes away. */
export function useServerJson<T>(url: string, parse: (body: unknown) => T | null): Loadable<T> {
  const [result, setResult] = useState<Loadable<T>>({ state: 'loading' });
  useEffect(() => {
    const controller = new AbortController();
    void fetchJson(url, parse, controller.signal).then((value) => {
      if (controller.signal.aborted) return;
      setResult(value === null ? { state: 'failed' } : { state: 'ready', value });
    });
    return () => controller.abort();
  }, [url, parse]);
  return result;
}
