import { describe, expect, it } from 'vitest';
import { jsonBodyOf, jsonPieces } from './json-pieces.ts';

const results = Array.from({ length: 500 }, (_, i) => ({ payee: '七日町カフェ「あいづ」', amount: i + 1, memo: 'quote " and \\ kept' }));

describe('JSON in pieces', () => {
  it('joins back into the JSON of the whole array, with no piece over 32,768 characters', () => {
    const pieces = jsonPieces(results);
    expect(pieces.length).toBeGreaterThan(1);
    expect(`[${pieces.join(',')}]`).toBe(JSON.stringify(results));
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(32_768);
      expect(JSON.parse(`[${piece}]`)).toEqual(expect.any(Array));
    }
  });

  it('keeps an item larger than a piece whole, in a piece of its own', () => {
    const large = { text: '会津'.repeat(20_000) };
    const pieces = jsonPieces([{ a: 1 }, large, { b: 2 }]);
    expect(pieces).toEqual(['{"a":1}', JSON.stringify(large), '{"b":2}']);
  });

  it('writes an undefined item as null, as JSON.stringify does inside an array', () => {
    expect(jsonPieces([1, undefined, 2])).toEqual([JSON.stringify([1, undefined, 2]).slice(1, -1)]);
  });

  it('gives nothing for no items, and a body of an empty array', () => {
    expect(jsonPieces([])).toEqual([]);
    expect(JSON.parse(Buffer.from(jsonBodyOf('writes', [])).toString())).toEqual({ writes: [] });
  });

  it('writes a request body as UTF-8 bytes that parse to the object with the items under the key', () => {
    const body = jsonBodyOf('writes', results);
    expect(JSON.parse(Buffer.from(body).toString('utf8'))).toEqual({ writes: results });
  });
});
