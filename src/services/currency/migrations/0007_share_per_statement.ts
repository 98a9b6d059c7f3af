import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Payments are queued for sharing with linkage by one insert per statement that writes
 * transfers (a batch writes dozens), not one trigger call per transfer.
 */
export const sharePerStatement: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`drop trigger transfer_share on currency.transfer`.execute(db);
    await sql`drop function currency.queue_share()`.execute(db);
    await sql`create function currency.queue_shares() returns trigger language plpgsql as $$
      begin
        insert into currency.share_queue (transfer_id)
        select t.id from inserted t
        where t.kind in ('payment', 'invoice_payment', 'request_payment') and t.memo ->> 'payerSubject' is not null
        order by t.created_at, t.id;
        return null;
      end $$`.execute(db);
    await sql`create trigger transfer_share after insert on currency.transfer referencing new table as inserted
      for each statement execute function currency.queue_shares()`.execute(db);
  },
};
