import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Refunds in the fee statement, declined payment requests, cash-out payouts to reconcile after a
 * crash, and the school invoices a parent keeps in the wallet.
 */
export const finish: Migration = {
  async up(db: Kysely<unknown>) {
    // Refunds lower the year's sales, and give back the fee portion they carried.
    await sql`alter table currency.fee_year add column refunds bigint not null default 0 check (refunds >= 0),
      add column fees_returned bigint not null default 0 check (fees_returned >= 0), add check (fees_returned <= fees)`.execute(db);
    await sql`alter table currency.payment_request drop constraint payment_request_status_check,
      add constraint payment_request_status_check check (status in ('open', 'paid', 'cancelled', 'expired', 'declined'))`.execute(db);
    await sql`alter table currency.payment_request add column declined_at timestamptz`.execute(db);
    // A cash-out's yen payout: written with the ledger transfer, marked once the bank answered.
    await sql`
      create table currency.payout (
        transfer_id uuid primary key references currency.transfer (id),
        business_id uuid not null references currency.business (id),
        scope text not null,
        key text not null,
        account text not null,
        amount bigint not null check (amount > 0),
        status text not null check (status in ('pending', 'paid', 'refused')),
        attempts integer not null default 0,
        reason text,
        created_at timestamptz not null default now(),
        settled_at timestamptz
      )`.execute(db);
    await sql`create index payout_pending on currency.payout (created_at) where status = 'pending'`.execute(db);
    // School invoices a parent looked up by pay code: they stay in the wallet until paid.
    await sql`
      create table currency.invoice_holder (
        invoice_id uuid not null references currency.invoice (id),
        subject text not null,
        created_at timestamptz not null default now(),
        primary key (subject, invoice_id)
      )`.execute(db);
  },
};
