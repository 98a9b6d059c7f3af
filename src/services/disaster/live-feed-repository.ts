import { sql, type Kysely } from 'kysely';
import type { NoTables } from '@lib/db/database.ts';

export type FeedKind = 'destination' | 'checkin' | 'checkout';

/** One change the live streams follow, with what a family member's screen needs to show it. */
export type FeedRow = {
  seq: number;
  kind: FeedKind;
  event_id: string;
  subject: string | null;
  site_id: string | null;
  site_name: string | null;
  at: Date;
  display_name: string;
  destination_site_id: string | null;
  destination_label: string | null;
  destination_lat: number | null;
  destination_lon: number | null;
};

export type Gap = { from: number; to: number };

/** The only SQL of the live feed: destination changes, check-ins and check-outs, in order. */
export class LiveFeedRepository {
  constructor(private readonly db: Kysely<NoTables>) {}

  /** Written in the transaction of the change itself, so a stream never shows what did not happen. */
  async append(kind: FeedKind, eventId: string, subject: string | null, siteId: string | null): Promise<void> {
    await sql`insert into disaster.live_feed (kind, event_id, subject, site_id) values (${kind}, ${eventId}, ${subject}, ${siteId})`.execute(this.db);
  }

  /** Changes after `seq`, or in one of the `gaps` (numbers seen missing that may commit late), oldest first. */
  async since(seq: number, limit: number, gaps: readonly Gap[]): Promise<FeedRow[]> {
    const inGap = gaps.map((g) => sql`f.seq between ${g.from} and ${g.to}`);
    const { rows } = await sql<FeedRow>`
      select f.seq, f.kind, f.event_id, f.subject, f.site_id, s.name as site_name, f.at, coalesce(p.display_name, '') as display_name,
        ps.destination_site_id, ps.destination_label, ps.destination_lat, ps.destination_lon
      from disaster.live_feed f
      left join disaster.site s on s.id = f.site_id
      left join disaster.profile p on p.subject = f.subject
      left join disaster.person_status ps on ps.event_id = f.event_id and ps.subject = f.subject
      where f.seq > ${seq} ${inGap.length > 0 ? sql`or ${sql.join(inGap, sql` or `)}` : sql``}
      order by f.seq limit ${limit}`.execute(this.db);
    return rows;
  }

  async lastSeq(): Promise<number> {
    const { rows } = await sql<{ seq: number | null }>`select max(seq)::bigint as seq from disaster.live_feed`.execute(this.db);
    return rows[0]?.seq ?? 0;
  }
}
