import { randomFillSync } from 'node:crypto';
import { V7Generator } from 'uuidv7';

/**
 * Random words drawn from the operating system 4 KiB at a time. The library's default draws
 * eight words per `crypto.getRandomValues` call, and under load (several ids per request)
 * those calls cost the server about 2 % of its time.
 */
class BlockRandom {
  private readonly words = new Uint32Array(1024);
  private next = this.words.length;

  nextUint32(): number {
    if (this.next === this.words.length) {
      randomFillSync(this.words);
      this.next = 0;
    }
    return this.words[this.next++] ?? 0;
  }
}

const generator = new V7Generator(new BlockRandom());

const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');
/** Where each byte's two hex digits go in the 8-4-4-4-12 form. */
const DIGITS_AT = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];
const text = Buffer.from('00000000-0000-0000-0000-000000000000', 'latin1');

/**
 * The canonical form of a UUID's 16 bytes, written into one buffer and read out as one string.
 * The library's `toString` appends 36 one-character strings, about 1 KB of garbage per id, and the
 * jobs process makes two ids per shared payment (the linkage record and its access-log entry).
 */
function canonical(bytes: Uint8Array): string {
  for (let i = 0; i < 16; i++) {
    const byte = bytes[i] ?? 0;
    const at = DIGITS_AT[i] ?? 0;
    text[at] = HEX_DIGITS[byte >>> 4] ?? 0;
    text[at + 1] = HEX_DIGITS[byte & 0x0f] ?? 0;
  }
  return text.toString('latin1', 0, 36);
}

/** A new UUIDv7 (time-ordered, RFC 9562) in its canonical string form. */
export const uuidv7 = (): string => canonical(generator.generate().bytes);
