import { sql, type Kysely, type Migration } from 'kysely';

/**
 * What live streams follow besides reports: destination changes and check-ins (family), and
 * check-ins and check-outs (the staff dashboard). Written in the same transaction as the
 * change itself, read by every process by its sequence, like the report table.
 */
export const liveFeed: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`create table disaster.live_feed (
      seq bigint generated always as identity primary key,
      kind text not null check (kind in ('destination', 'checkin', 'checkout')),
      event_id uuid not null,
      subject text,
      site_id uuid,
      at timestamptz not null default now()
    )`.execute(db);
    // Where a citizen last reported from (their alert's affected-area check).
    await sql`create index report_subject_located on disaster.report (subject, seq) where lat is not null`.execute(db);
  },
};
