/** Result of loading something from the Tsunagu server. */
export type Loadable<T> = { state: 'loading' } | { state: 'ready'; value: T } | { state: 'failed' };

/**
 * GET a JSON document and check its shape with `parse`. Anything unexpected
 * (network error, non-2xx, wrong shape) becomes `null` so callers only have
 * one failure case to render.
 */
export async function fetchJson<T>(url: string, parse: (body: unknown) => T | null, signal: AbortSignal): Promise<T | null> {
  try {
    const response = await fetch(url, { headers: { accept: 'application/json' }, signal });
    if (!response.ok) return null;
    const body: unknown = await response.json();
    return parse(body);
  } catch {
    return null;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A `{ ja, en }` pair of display strings, as the server sends them. */
export type LocalizedText = { ja: string; en: string };

export function parseLocalizedText(value: unknown): LocalizedText | null {
  if (!isRecord(value) || typeof value.ja !== 'string' || typeof value.en !== 'string') return null;
  return { ja: value.ja, en: value.en };
}
