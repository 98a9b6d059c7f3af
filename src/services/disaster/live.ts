import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { NoTables } from '@lib/db/database.ts';
import { FamilyRepository } from './family-repository.ts';
import { LiveFeedRepository, type FeedRow } from './live-feed-repository.ts';
import { ReportRepository } from './report-repository.ts';
import { SeqCursor } from './seq-cursor.ts';

type Point = { lat: number; lon: number };

/** A family member's new safety report. */
export type FamilyReportMessage = {
  type: 'family-report';
  eventId: string;
  member: string;
  displayName: string;
  reportId: string;
  status: string;
  note: string | null;
  location: Point | null;
  reportedAt: string;
};

/** A family member chose where they are going (a shelter, or a place of their own). */
export type FamilyDestinationMessage = {
  type: 'family-destination';
  id: string;
  eventId: string;
  member: string;
  displayName: string;
  destination: { shelterId: string | null; label: string | null; location: Point | null };
  at: string;
};

/** A family member was checked in at a shelter. */
export type FamilyCheckinMessage = {
  type: 'family-checkin';
  id: string;
  eventId: string;
  member: string;
  displayName: string;
  shelterId: string;
  shelterName: string;
  at: string;
};

/** Something the staff dashboard shows changed in the event: fetch it again. One per event per poll, however many changes. */
export type DashboardMessage = { type: 'dashboard'; id: string; eventId: string; reports: number; checkins: number; checkouts: number; at: string };

export type FamilyMessage = FamilyReportMessage | FamilyDestinationMessage | FamilyCheckinMessage;
type Listener<M> = (message: M) => void;

const POLL_MS = 100;
const FAMILY_REFRESH_MS = 5000;

/**
 * Live streams. Each process follows the report table and the live feed (destinations,
 * check-ins, check-outs) by their sequences — one query each every 100 ms while anyone is
 * listening, whichever process stored the change — and hands each change to the connected
 * family members of the person it is about, and to the staff watching the event's dashboard.
 */
export class LiveHub {
  private readonly listeners = new Map<string, Set<Listener<FamilyMessage>>>();
  private readonly dashboards = new Map<string, Set<Listener<DashboardMessage>>>();
  /** member → subscribers who have them in their family. */
  private readonly watchers = new Map<string, Set<string>>();
  private readonly reports: SeqCursor<Awaited<ReturnType<ReportRepository['since']>>[number]>;
  private readonly feed: SeqCursor<FeedRow>;
  private timer: NodeJS.Timeout | null = null;
  private familiesAt = 0;
  private polling = false;

  constructor(
    private readonly db: Kysely<NoTables>,
    private readonly log: Logger,
  ) {
    this.reports = new SeqCursor(
      (after, limit, gaps) => new ReportRepository(db).since(after, limit, gaps),
      () => new ReportRepository(db).lastSeq(),
    );
    this.feed = new SeqCursor(
      (after, limit, gaps) => new LiveFeedRepository(db).since(after, limit, gaps),
      () => new LiveFeedRepository(db).lastSeq(),
    );
  }

  /** A person's family stream: their family members' reports, destinations and check-ins. */
  async subscribe(subject: string, listener: Listener<FamilyMessage>): Promise<() => void> {
    await this.startCursors();
    const unsubscribe = this.add(this.listeners, subject, listener);
    await this.refreshFamilies([subject]);
    return unsubscribe;
  }

  /** The staff dashboard's stream for one event: a nudge whenever reports or check-ins change it. */
  async subscribeDashboard(eventId: string, listener: Listener<DashboardMessage>): Promise<() => void> {
    await this.startCursors();
    return this.add(this.dashboards, eventId, listener);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.reports.reset();
    this.feed.reset();
  }

  /** A family changed: look it up again on the next poll. */
  familyChanged(): void {
    this.familiesAt = 0;
  }

  private async startCursors(): Promise<void> {
    await Promise.all([this.reports.start(), this.feed.start()]);
    this.timer ??= setInterval(() => void this.poll(), POLL_MS);
  }

  private add<M>(map: Map<string, Set<Listener<M>>>, key: string, listener: Listener<M>): () => void {
    const set = map.get(key) ?? new Set<Listener<M>>();
    set.add(listener);
    map.set(key, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) map.delete(key);
      if (this.listeners.size === 0 && this.dashboards.size === 0) this.stop();
    };
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

  private toFamily(member: string | null, message: FamilyMessage): void {
    const subscribers = member === null ? undefined : this.watchers.get(member);
    if (!subscribers) return;
    for (const subscriber of subscribers) for (const listener of this.listeners.get(subscriber) ?? []) listener(message);
  }

  private async poll(): Promise<void> {
    if (this.polling || !this.reports.started) return;
    this.polling = true;
    try {
      if (Date.now() - this.familiesAt > FAMILY_REFRESH_MS) {
        this.familiesAt = Date.now();
        this.watchers.clear();
        await this.refreshFamilies([...this.listeners.keys()]);
      }
      const [reports, feed] = [await this.reports.next(), await this.feed.next()];
      const changed = new Map<string, { reports: number; checkins: number; checkouts: number; seq: number }>();
      const count = (eventId: string, field: 'reports' | 'checkins' | 'checkouts', seq: number) => {
        if (!this.dashboards.has(eventId)) return;
        const c = changed.get(eventId) ?? { reports: 0, checkins: 0, checkouts: 0, seq: 0 };
        c[field]++;
        c.seq = Math.max(c.seq, seq);
        changed.set(eventId, c);
      };
      for (const row of reports) {
        count(row.event_id, 'reports', row.seq);
        this.toFamily(row.subject, {
          type: 'family-report',
          eventId: row.event_id,
          member: row.subject,
          displayName: row.display_name,
          reportId: row.id,
          status: row.status,
          note: row.note,
          location: row.share_location && row.lat !== null && row.lon !== null ? { lat: row.lat, lon: row.lon } : null,
          reportedAt: row.received_at.toISOString(),
        });
      }
      for (const row of feed) this.fromFeed(row, count);
      const at = new Date().toISOString();
      for (const [eventId, c] of changed) {
        const message: DashboardMessage = { type: 'dashboard', id: `${eventId}:${c.seq}`, eventId, ...c, at };
        for (const listener of this.dashboards.get(eventId) ?? []) listener(message);
      }
    } catch (err) {
      this.log.warn({ err }, 'live stream poll failed; retrying');
    } finally {
      this.polling = false;
    }
  }

  private fromFeed(row: FeedRow, count: (eventId: string, field: 'checkins' | 'checkouts', seq: number) => void): void {
    const base = { id: `feed-${row.seq}`, eventId: row.event_id, member: row.subject ?? '', displayName: row.display_name, at: row.at.toISOString() };
    if (row.kind === 'checkout') count(row.event_id, 'checkouts', row.seq);
    if (row.kind === 'checkin') {
      count(row.event_id, 'checkins', row.seq);
      if (row.site_id) this.toFamily(row.subject, { type: 'family-checkin', ...base, shelterId: row.site_id, shelterName: row.site_name ?? '' });
    }
    if (row.kind === 'destination') {
      const location = row.destination_lat !== null && row.destination_lon !== null ? { lat: row.destination_lat, lon: row.destination_lon } : null;
      this.toFamily(row.subject, {
        type: 'family-destination',
        ...base,
        destination: { shelterId: row.destination_site_id, label: row.destination_label, location },
      });
    }
  }
}
