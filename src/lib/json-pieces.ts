/**
 * Characters in one piece. V8 allocates a string of over 128 KiB (64 Ki characters of Japanese
 * text, which V8 keeps two bytes to a character) as a large object, on pages of its own, fresh
 * each time; small strings come from the young generation. On the development machine a 150 KiB
 * JSON.stringify took 1.2–3.5 ms against 0.15 ms in pieces, most of it in page faults.
 */
const PIECE_CHARS = 32_768;

/**
 * The JSON of `items`, written item by item and joined into pieces of about `PIECE_CHARS`
 * characters at most (an item larger than that is a piece alone). Each piece is the text of the
 * items inside an array, without its brackets: `[${piece}]` is a JSON array of some of them, and
 * the pieces joined by commas inside brackets are `JSON.stringify(items)`.
 */
export function jsonPieces(items: readonly unknown[]): string[] {
  const pieces: string[] = [];
  let part: string[] = [];
  let chars = 0;
  for (const item of items) {
    // As inside an array, where JSON has no undefined.
    const json = JSON.stringify(item) ?? 'null';
    if (part.length > 0 && chars + json.length > PIECE_CHARS) {
      pieces.push(part.join(','));
      part = [];
      chars = 0;
    }
    part.push(json);
    chars += json.length + 1;
  }
  if (part.length > 0) pieces.push(part.join(','));
  return pieces;
}

/**
 * `JSON.stringify({ [key]: items })` as UTF-8 bytes, built from pieces (`jsonPieces`), so that
 * no large string is made on the way: a request body of many items.
 */
export function jsonBodyOf(key: string, items: readonly unknown[]): Uint8Array<ArrayBuffer> {
  const parts: Buffer[] = [Buffer.from(`{${JSON.stringify(key)}:[`)];
  jsonPieces(items).forEach((piece, i) => {
    if (i > 0) parts.push(Buffer.from(','));
    parts.push(Buffer.from(piece));
  });
  parts.push(Buffer.from(']}'));
  return Buffer.concat(parts);
}
