import { sql, type Kysely } from 'kysely';
import type { NoTables } from '@lib/db/database.ts';
import type { ReportRow } from './report-repository.ts';

/** How linkage answered one write: `written`, `refused:<code>` (no opt-in: final), or `failed` (retried). */
export type LinkageState = { id: string; state: string };

/** The only SQL of the linkage outbox: which reports still have to be written as safety status. */
export class LinkageRepository {
  constructor(private readonly db: Kysely<NoTables>) {}

  /**
   * Takes reports due for writing, marking them `sending` under a lease: new ones (`pending`),
   * failed ones whose retry time has come, and ones whose sender's lease ran out (the process
   * died mid-send). A report that is no longer the person's latest in its event is marked
   * `superseded` instead (linkage keeps a person's current safety status).
   */
  async claim(limit: number, leaseSeconds: number): Promise<ReportRow[]> {
    const { rows } = await sql<ReportRow>`
      with due as (
        (select id from disaster.report where linkage = 'pending' order by seq limit ${limit})
        union all
        (select id from disaster.report where linkage in ('sending', 'failed') and linkage_retry_at <= now()
          order by linkage_retry_at limit ${limit})
      ),
      taken as (
        select r.id, r.event_id, r.subject from disaster.report r
        where r.id in (select id from due)
          and (r.linkage = 'pending' or (r.linkage in ('sending', 'failed') and r.linkage_retry_at <= now()))
        for update of r skip locked
      ),
      stale as (
        select t.id from taken t left join disaster.person_status ps on ps.event_id = t.event_id and ps.subject = t.subject
        where ps.report_id is distinct from t.id
      ),
      superseded as (
        update disaster.report set linkage = 'superseded', linkage_retry_at = null where id in (select id from stale)
      )
      update disaster.report set linkage = 'sending', linkage_attempts = linkage_attempts + 1,
        linkage_retry_at = now() + make_interval(secs => ${leaseSeconds})
      where id in (select id from taken) and id not in (select id from stale)
      returning id, seq, event_id, subject, status, note, lat, lon, received_at`.execute(this.db);
    return rows;
  }

  /**
   * Records how linkage answered, for many reports in one statement. A failed write is tried
   * again after a pause that doubles with each attempt (5 s, 10 s, … up to 10 minutes).
   */
  async mark(states: readonly LinkageState[], retrySeconds: number): Promise<void> {
    if (states.length === 0) return;
    await sql`update disaster.report r set linkage = t.state,
        linkage_retry_at = case when t.state = 'failed'
          then now() + make_interval(secs => least(600, ${retrySeconds} * power(2, greatest(r.linkage_attempts - 1, 0)))) end
      from jsonb_to_recordset(${JSON.stringify(states)}::jsonb) as t(id uuid, state text) where r.id = t.id`.execute(this.db);
  }

  /** The earliest time a failed or leased report falls due, if any (the worker's next wake-up). */
  async nextDue(): Promise<Date | null> {
    const { rows } = await sql<{ at: Date | null }>`select min(linkage_retry_at) as at from disaster.report
      where linkage in ('sending', 'failed')`.execute(this.db);
    return rows[0]?.at ?? null;
  }

  async hasPending(): Promise<boolean> {
    const { rows } = await sql<{ one: number }>`select 1 as one from disaster.report where linkage = 'pending' limit 1`.execute(this.db);
    return rows.length > 0;
  }

  async state(id: string): Promise<{ linkage: string; attempts: number } | undefined> {
    const { rows } = await sql<{ linkage: string; attempts: number }>`select linkage, linkage_attempts as attempts from disaster.report
      where id = ${id}`.execute(this.db);
    return rows[0];
  }
}
