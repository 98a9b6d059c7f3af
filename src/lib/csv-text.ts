/**
 * The text of a CSV file as offices save it. Excel on a Japanese Windows saves "CSV" in
 * Shift_JIS (Windows-31J, with its ①, ㈱ and 髙) and "CSV UTF-8" with a BOM; open data is
 * mostly UTF-8. A declared charset decides; without one, UTF-8 is tried first, then Shift_JIS
 * (a file of Japanese text that is valid as both is practically unknown). Decoding is
 * WHATWG's, built into Node: Shift_JIS there is Windows-31J.
 */
export type CsvText = { text: string; encoding: string; problem?: never } | { text?: never; problem: CsvTextProblem };

export type CsvTextProblem = { message: string; messageJa: string };

export function decodeCsv(bytes: Uint8Array, charset?: string): CsvText {
  if (charset) {
    let decoder: TextDecoder;
    try {
      decoder = new TextDecoder(charset, { fatal: true });
    } catch {
      return { problem: { message: `the charset ${charset} is not known`, messageJa: `文字コード「${charset}」は扱えません` } };
    }
    try {
      return { text: decoder.decode(bytes), encoding: decoder.encoding };
    } catch {
      const name = decoder.encoding.toUpperCase();
      return { problem: { message: `the file is not valid ${name}`, messageJa: `ファイルが ${name} として読めません` } };
    }
  }
  for (const encoding of guesses(bytes)) {
    try {
      return { text: new TextDecoder(encoding, { fatal: true }).decode(bytes), encoding };
    } catch {
      // try the next
    }
  }
  return {
    problem: {
      message: 'the file is neither UTF-8 nor Shift_JIS (save it from the spreadsheet as "CSV UTF-8" or "CSV")',
      messageJa: 'ファイルが UTF-8 でも Shift_JIS でもありません（表計算ソフトで「CSV UTF-8」か「CSV」として保存してください）',
    },
  };
}

/** UTF-16 only with its byte-order mark ("Unicode text"); otherwise UTF-8, then Shift_JIS. */
function guesses(bytes: Uint8Array): string[] {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return ['utf-16le'];
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return ['utf-16be'];
  return ['utf-8', 'shift_jis'];
}
