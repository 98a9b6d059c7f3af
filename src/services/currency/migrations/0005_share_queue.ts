import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Payments still to be shared with linkage, queued by a trigger in the payment's own
 * transaction. The worker read them by walking every payment ever made past those already
 * shared, which grows with the ledger; the queue holds only what is left to do.
 */
export const shareQueue: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`create table currency.share_queue (
      transfer_id uuid primary key references currency.transfer (id),
      seq bigint generated always as identity unique
    )`.execute(db);
    await sql`create function currency.queue_share() returns trigger language plpgsql as $$
      begin
        insert into currency.share_queue (transfer_id) values (new.id);
        return null;
      end $$`.execute(db);
    await sql`create trigger transfer_share after insert on currency.transfer for each row
      when (new.kind in ('payment', 'invoice_payment', 'request_payment') and new.memo ->> 'payerSubject' is not null)
      execute function currency.queue_share()`.execute(db);
    await sql`insert into currency.share_queue (transfer_id)
      select t.id from currency.transfer t
      where t.kind in ('payment', 'invoice_payment', 'request_payment') and t.memo ->> 'payerSubject' is not null
        and not exists (select 1 from currency.linkage_result l where l.transfer_id = t.id)
      order by t.created_at`.execute(db);
  },
};
