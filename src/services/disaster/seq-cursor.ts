import type { Gap } from './live-feed-repository.ts';

/**
 * Sequence numbers are taken at insert, and transactions commit in any order (several in
 * flight per process, more across processes): a gap in what a poll sees may fill in later.
 * Gaps are looked at again for this long (numbers also go unused for good, e.g. by resent reports).
 */
const GAP_MS = 5000;
const MAX_GAPS = 50;
const PAGE = 5000;

/**
 * Follows a table by its sequence column from the moment it starts: each `next()` answers
 * the rows committed since, including ones that committed late into a gap, each once.
 */
export class SeqCursor<R extends { seq: number }> {
  private cursor: number | null = null;
  private gaps: (Gap & { until: number })[] = [];
  private readonly delivered = new Set<number>();

  constructor(
    private readonly fetch: (after: number, limit: number, gaps: readonly Gap[]) => Promise<R[]>,
    private readonly last: () => Promise<number>,
  ) {}

  get started(): boolean {
    return this.cursor !== null;
  }

  async start(): Promise<void> {
    if (this.cursor === null) this.cursor = await this.last();
  }

  reset(): void {
    this.cursor = null;
    this.gaps = [];
    this.delivered.clear();
  }

  /** The rows new since the last call, oldest first. */
  async next(): Promise<R[]> {
    const out: R[] = [];
    for (;;) {
      if (this.cursor === null) return out;
      const now = Date.now();
      this.gaps = this.gaps.filter((g) => g.until > now);
      const rows = await this.fetch(this.cursor, PAGE, this.gaps);
      let expected = this.cursor + 1;
      for (const row of rows) {
        if (row.seq > this.cursor) {
          if (row.seq > expected && this.gaps.length < MAX_GAPS) this.gaps.push({ from: expected, to: row.seq - 1, until: now + GAP_MS });
          expected = row.seq + 1;
          this.cursor = row.seq;
        } else {
          // Found in a gap: it committed late. A gap is read until it expires, so remember.
          if (this.delivered.has(row.seq)) continue;
          this.delivered.add(row.seq);
        }
        out.push(row);
      }
      const oldest = Math.min(...this.gaps.map((g) => g.from), this.cursor);
      for (const seq of this.delivered) if (seq < oldest) this.delivered.delete(seq);
      if (rows.length < PAGE) return out;
    }
  }
}
