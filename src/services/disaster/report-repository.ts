import { sql, type Kysely } from 'kysely';
import type { NoTables } from '@lib/db/database.ts';

export type SafetyStatus = 'safe' | 'injured' | 'rescue';

export type NewReport = {
  id: string;
  eventId: string;
  subject: string;
  status: SafetyStatus;
  note: string | null;
  lat: number | null;
  lon: number | null;
};

export type ReportRow = {
  id: string;
  seq: number;
  event_id: string;
  subject: string;
  status: SafetyStatus;
  note: string | null;
  lat: number | null;
  lon: number | null;
  received_at: Date;
};

export type PersonStatusRow = {
  event_id: string;
  subject: string;
  report_id: string | null;
  status: SafetyStatus | null;
  note: string | null;
  lat: number | null;
  lon: number | null;
  reported_at: Date | null;
  destination_site_id: string | null;
  destination_label: string | null;
  destination_lat: number | null;
  destination_lon: number | null;
  checked_in_site_id: string | null;
  checked_in_at: Date | null;
};

export type Destination = { siteId: string | null; label: string | null; lat: number | null; lon: number | null };

/** The only SQL about safety reports and each person's latest state in an event. */
export class ReportRepository {
  constructor(private readonly db: Kysely<NoTables>) {}

  /**
   * Stores many reports in one statement (group commit): a report whose id is already stored
   * is skipped, a report for an event that is not open is skipped, and each person's latest
   * state takes their newest report. Returns the reports stored.
   */
  async insertBatch(reports: readonly NewReport[]): Promise<{ id: string; seq: number; received_at: Date }[]> {
    const input = JSON.stringify(
      reports.map((r, i) => ({ i, id: r.id, event_id: r.eventId, subject: r.subject, status: r.status, note: r.note, lat: r.lat, lon: r.lon })),
    );
    const { rows } = await sql<{ id: string; seq: number; received_at: Date }>`
      with input as (
        select t.* from jsonb_to_recordset(${input}::jsonb) as t(i integer, id uuid, event_id uuid, subject text, status text, note text,
          lat double precision, lon double precision)
        join disaster.event e on e.id = t.event_id and e.status = 'open'
      ),
      ins as (
        insert into disaster.report (id, event_id, subject, status, note, lat, lon)
        select id, event_id, subject, status, note, lat, lon from input order by i
        on conflict (id) do nothing
        returning id, seq, event_id, subject, status, note, lat, lon, received_at
      ),
      latest as (
        insert into disaster.person_status (event_id, subject, report_id, status, note, lat, lon, reported_at)
        select distinct on (event_id, subject) event_id, subject, id, status, note, lat, lon, received_at from ins
        order by event_id, subject, seq desc
        on conflict (event_id, subject) do update set report_id = excluded.report_id, status = excluded.status, note = excluded.note,
          lat = excluded.lat, lon = excluded.lon, reported_at = excluded.reported_at, updated_at = now()
        returning 1
      )
      select id, seq, received_at from ins, (select count(*) from latest) as done`.execute(this.db);
    return rows;
  }

  async byIds(ids: readonly string[]): Promise<ReportRow[]> {
    const { rows } = await sql<ReportRow>`select id, seq, event_id, subject, status, note, lat, lon, received_at from disaster.report
      where id in (select (jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))::uuid)`.execute(this.db);
    return rows;
  }

  async latest(eventId: string, subject: string): Promise<PersonStatusRow | undefined> {
    const { rows } = await sql<PersonStatusRow>`select * from disaster.person_status where event_id = ${eventId} and subject = ${subject}`.execute(
      this.db,
    );
    return rows[0];
  }

  async history(eventId: string, subject: string): Promise<ReportRow[]> {
    const { rows } = await sql<ReportRow>`select id, seq, event_id, subject, status, note, lat, lon, received_at from disaster.report
      where event_id = ${eventId} and subject = ${subject} order by seq`.execute(this.db);
    return rows;
  }

  async setDestination(eventId: string, subject: string, destination: Destination): Promise<PersonStatusRow> {
    const { rows } = await sql<PersonStatusRow>`
      insert into disaster.person_status (event_id, subject, destination_site_id, destination_label, destination_lat, destination_lon)
      values (${eventId}, ${subject}, ${destination.siteId}, ${destination.label}, ${destination.lat}, ${destination.lon})
      on conflict (event_id, subject) do update set destination_site_id = excluded.destination_site_id,
        destination_label = excluded.destination_label, destination_lat = excluded.destination_lat,
        destination_lon = excluded.destination_lon, updated_at = now()
      returning *`.execute(this.db);
    const row = rows[0];
    if (!row) throw new Error('destination upsert returned nothing');
    return row;
  }

  async markCheckedIn(eventId: string, subject: string, siteId: string): Promise<void> {
    await sql`
      insert into disaster.person_status (event_id, subject, checked_in_site_id, checked_in_at, destination_site_id)
      values (${eventId}, ${subject}, ${siteId}, now(), ${siteId})
      on conflict (event_id, subject) do update set checked_in_site_id = excluded.checked_in_site_id, checked_in_at = now(),
        destination_site_id = excluded.destination_site_id, destination_label = null, destination_lat = null, destination_lon = null,
        updated_at = now()`.execute(this.db);
  }

  async counts(eventId: string): Promise<{ safe: number; injured: number; rescue: number; checkedIn: number; people: number }> {
    const { rows } = await sql<{ safe: number; injured: number; rescue: number; checked_in: number; people: number }>`
      select count(*) filter (where status = 'safe')::int as safe, count(*) filter (where status = 'injured')::int as injured,
        count(*) filter (where status = 'rescue')::int as rescue, count(checked_in_at)::int as checked_in, count(*)::int as people
      from disaster.person_status where event_id = ${eventId}`.execute(this.db);
    const r = rows[0];
    return { safe: r?.safe ?? 0, injured: r?.injured ?? 0, rescue: r?.rescue ?? 0, checkedIn: r?.checked_in ?? 0, people: r?.people ?? 0 };
  }

  /** Everyone's latest state in the event, people asking for rescue first, then the injured. */
  async statuses(eventId: string, limit: number): Promise<(PersonStatusRow & { display_name: string | null })[]> {
    const { rows } = await sql<PersonStatusRow & { display_name: string | null }>`
      select ps.*, p.display_name from disaster.person_status ps left join disaster.profile p on p.subject = ps.subject
      where ps.event_id = ${eventId}
      order by case ps.status when 'rescue' then 0 when 'injured' then 1 when 'safe' then 3 else 2 end, ps.reported_at
      limit ${limit}`.execute(this.db);
    return rows;
  }

  /** Reports stored after `seq`, or in one of the `gaps` (ranges of seq seen missing), oldest first (the live stream's cursor). */
  async since(
    seq: number,
    limit: number,
    gaps: readonly { from: number; to: number }[] = [],
  ): Promise<(ReportRow & { display_name: string; share_location: boolean })[]> {
    const inGap = gaps.map((g) => sql`r.seq between ${g.from} and ${g.to}`);
    const { rows } = await sql<ReportRow & { display_name: string; share_location: boolean }>`
      select r.id, r.seq, r.event_id, r.subject, r.status, r.note, r.lat, r.lon, r.received_at,
        coalesce(p.display_name, '') as display_name, coalesce(p.share_location, false) as share_location
      from disaster.report r left join disaster.profile p on p.subject = r.subject
      where r.seq > ${seq} ${inGap.length > 0 ? sql`or ${sql.join(inGap, sql` or `)}` : sql``}
      order by r.seq limit ${limit}`.execute(this.db);
    return rows;
  }

  async lastSeq(): Promise<number> {
    const { rows } = await sql<{ seq: number | null }>`select max(seq)::bigint as seq from disaster.report`.execute(this.db);
    return rows[0]?.seq ?? 0;
  }

  /** Where the person last reported from (reports carry a location only under the location opt-in). */
  async lastLocated(subject: string): Promise<{ lat: number; lon: number; received_at: Date } | undefined> {
    const { rows } = await sql<{ lat: number; lon: number; received_at: Date }>`select lat, lon, received_at from disaster.report
      where subject = ${subject} and lat is not null order by seq desc limit 1`.execute(this.db);
    return rows[0];
  }
}
