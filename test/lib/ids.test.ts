import { UUID } from 'uuidv7';
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '@lib/ids.ts';

describe('uuidv7 (src/lib/ids.ts)', () => {
  it('makes canonical, distinct version-7 UUIDs that sort in the order they were made, stamped with the time', () => {
    const before = Date.now();
    const ids = Array.from({ length: 10_000 }, () => uuidv7());
    const after = Date.now();

    expect(new Set(ids).size).toBe(ids.length);
    for (const id of [ids[0] ?? '', ids.at(-1) ?? '']) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      // The library reads the same UUID back from the text: version 7, RFC 9562 variant.
      const parsed = UUID.parse(id);
      expect(parsed.toString()).toBe(id);
      expect(parsed.getVariant()).toBe('VAR_10');
      expect(parsed.getVersion()).toBe(7);
      // The first 48 bits are the Unix time in milliseconds.
      const stamp = Number.parseInt(id.replace('-', '').slice(0, 12), 16);
      expect(stamp).toBeGreaterThanOrEqual(before);
      expect(stamp).toBeLessThanOrEqual(after);
    }
    expect([...ids].sort()).toEqual(ids);
  });
});
