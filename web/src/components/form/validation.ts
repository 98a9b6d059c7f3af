/** Checks shared by the forms; the server checks again, these only give quicker, clearer help. */

// Deliberately loose: one @, something on both sides, a dot in the domain.
export const looksLikeEmail = (value: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim());

/** Hiragana typed by mistake becomes katakana; spaces (half or full width) are dropped. */
export function toKatakana(value: string): string {
  return value.replace(/[\u3041-\u3096]/g, (char) => String.fromCharCode(char.charCodeAt(0) + 0x60)).replace(/[\s\u3000]/g, '');
}

export const isKatakana = (value: string) => /^[\u30A1-\u30FA\u30FC\u30FB]+$/.test(value);

export const isPin = (value: string) => /^\d{4}$/.test(value);

/** Field id → message; the first key in form order is the one to focus. */
export type FieldErrors<K extends string> = Partial<Record<K, string>>;

/** Moves focus to the first field with an error so keyboard and screen-reader users land on it. */
export function focusFirstError<K extends string>(order: readonly K[], errors: FieldErrors<K>, idOf: (key: K) => string): void {
  const first = order.find((key) => errors[key] !== undefined);
  if (first !== undefined) document.getElementById(idOf(first))?.focus();
}
