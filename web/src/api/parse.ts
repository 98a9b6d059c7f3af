import { isRecord, parseLocalizedText, type LocalizedText } from './fetchJson';

/** Small shape checks shared by the API parsers; each returns null when the value is off. */

export const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** Keeps the items `parseItem` understands; null when the value is not an array. */
export function listOf<T>(value: unknown, parseItem: (item: unknown) => T | null): T[] | null {
  if (!Array.isArray(value)) return null;
  return value.map(parseItem).filter((item): item is T => item !== null);
}

export const localizedList = (value: unknown): LocalizedText[] => listOf(value, parseLocalizedText) ?? [];

/** A display string sent either as `{ ja, en }` or as one plain string for both languages. */
export function localizedOrPlain(value: unknown): LocalizedText | null {
  return typeof value === 'string' ? { ja: value, en: value } : parseLocalizedText(value);
}

export function oneOf<T extends string>(value: unknown, allowed: readonly T[]): T | null {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : null;
}

export { isRecord, parseLocalizedText };
export type { LocalizedText };
