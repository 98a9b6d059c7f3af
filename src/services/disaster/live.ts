import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { NoTables } from '@lib/db/database.ts';
import { FamilyRepository } from './family-repository.ts';
import { ReportRepository } from './report-repository.ts';

/** What a signed-in person's stream receives: a family member's new safety report. */
export type FamilyReportMessage = {
  type: 'family-report';
  eventId: string;
  member: string;
  displayName: string;
  reportId: string;
  status: string;
  note: string | null;
  location: { lat: number; lon: number } | null;
  reportedAt: string;
};

type Listener = (message: FamilyReportMessage) => void;

const POLL_MS = 100;
/**
 * Sequence numbers are taken at insert, and batches commit in any order (two in flight per
 * process, more across processes): a gap in what a poll sees may fill in later. Gaps are
 * looked at again for this long (numbers also go unused for good, e.g. by resent reports).
 */
const GAP_MS = 5000;
const MAX_GAPS = 50;
const FAMILY_REFRESH_MS = 5000;

/**
 * Live family notifications. Each process follows the report table by its sequence (one
 * query every 100 ms while anyone is listening, whichever process stored the report) and
 * hands each new report to the connected family members of its author.
 */
export class LiveHub {
  private readonly listeners = new Map<string, Set<Listener>>();
  /** member → subscribers who have them in their family. */
  private readonly watchers = new Map<string, Set<string>>();
  private cursor: number | null = null;
  private gaps: { from: number; to: number; until: number }[] = [];
  private readonly delivered = new Set<number>();
  private timer: NodeJS.Timeout | null = null;
  private familiesAt = 0;
  private polling = false;

  constructor(
    private readonly db: Kysely<NoTables>,
    private readonly log: Logger,
  ) {}

  async subscribe(subject: string, listener: Listener): Promise<() => void> {
    if (this.cursor === null) this.cursor = await new ReportRepository(this.db).lastSeq();
    const set = this.listeners.get(subject) ?? new Set<Listener>();
    set.add(listener);
    this.listeners.set(subject, set);
    await this.refreshFamilies([subject]);
    this.timer ??= setInterval(() => void this.poll(), POLL_MS);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(subject);
      if (this.listeners.size === 0) this.stop();
    };
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.cursor = null;
    this.gaps = [];
    this.delivered.clear();
  }

  private async refreshFamilies(subjects: readonly string[]): Promise<void> {
    const families = await new FamilyRepository(this.db).membersOfMany(subjects);
    const refreshed = new Set(subjects);
    for (const watchers of this.watchers.values()) for (const s of refreshed) watchers.delete(s);
    for (const [subject, members] of families) {
      for (const member of members) {
        const set = this.watchers.get(member) ?? new Set<string>();
        set.add(subject);
        this.watchers.set(member, set);
      }
    }
  }

  private async poll(): Promise<void> {
    if (this.polling || this.cursor === null) return;
    this.polling = true;
    try {
      if (Date.now() - this.familiesAt > FAMILY_REFRESH_MS) {
        this.familiesAt = Date.now();
        this.watchers.clear();
        await this.refreshFamilies([...this.listeners.keys()]);
      }
      const repo = new ReportRepository(this.db);
      for (;;) {
        const now = Date.now();
        this.gaps = this.gaps.filter((g) => g.until > now);
        const rows = await repo.since(this.cursor, 5000, this.gaps);
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
          const subscribers = this.watchers.get(row.subject);
          if (!subscribers) continue;
          const message: FamilyReportMessage = {
            type: 'family-report',
            eventId: row.event_id,
            member: row.subject,
            displayName: row.display_name,
            reportId: row.id,
            status: row.status,
            note: row.note,
            location: row.share_location && row.lat !== null && row.lon !== null ? { lat: row.lat, lon: row.lon } : null,
            reportedAt: row.received_at.toISOString(),
          };
          for (const subscriber of subscribers) for (const listener of this.listeners.get(subscriber) ?? []) listener(message);
        }
        const oldest = Math.min(...this.gaps.map((g) => g.from), this.cursor);
        for (const seq of this.delivered) if (seq < oldest) this.delivered.delete(seq);
        if (rows.length < 5000) break;
      }
    } catch (err) {
      this.log.warn({ err }, 'live family stream poll failed; retrying');
    } finally {
      this.polling = false;
    }
  }

  /** A family changed: look it up again on the next poll. */
  familyChanged(): void {
    this.familiesAt = 0;
  }
}
