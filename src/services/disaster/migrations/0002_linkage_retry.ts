import { sql, type Kysely, type Migration } from 'kysely';

/**
 * The linkage outbox survives a crash: a report being sent holds a lease (`linkage_retry_at`)
 * and a failed write waits for its retry time; any process takes either up when it is due.
 */
export const linkageRetry: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`alter table disaster.report add column linkage_attempts integer not null default 0,
      add column linkage_retry_at timestamptz`.execute(db);
    await sql`create index report_linkage_retry on disaster.report (linkage_retry_at) where linkage in ('sending', 'failed')`.execute(db);
  },
};
