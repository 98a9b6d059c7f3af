import { sql, type Kysely, type Migration } from 'kysely';

/**
 * The double-entry ledger. Balances live in `balance` rows (one per account, or N shards for a
 * busy shop, summed on read) so a payment updates each row in one statement; `entry` and
 * `transfer` are append-only; every money-moving request is remembered under its
 * idempotency key with the answer it got.
 */
export const ledger: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`
      create table currency.account (
        id uuid primary key,
        kind text not null check (kind in ('wallet', 'shop', 'business', 'campaign_fund', 'bank_issuance',
          'bank_settlement', 'fee_income', 'voucher', 'points', 'point_issuer', 'shop_points')),
        currency text not null check (currency in ('JPY', 'PT')),
        owner text,
        name text not null,
        may_go_negative boolean not null default false,
        shards integer not null default 1 check (shards between 1 and 64),
        field text,
        restriction text check (restriction in ('any_shop', 'small_shop')),
        campaign_id uuid,
        expires_at timestamptz,
        created_at timestamptz not null default now(),
        check (not may_go_negative or kind in ('bank_issuance', 'point_issuer')),
        check ((kind in ('points', 'point_issuer', 'shop_points')) = (currency = 'PT'))
      )`.execute(db);
    await sql`create index account_owner on currency.account (owner, kind)`.execute(db);
    await sql`
      create table currency.balance (
        account_id uuid not null references currency.account (id),
        shard integer not null,
        currency text not null,
        may_go_negative boolean not null,
        balance bigint not null default 0,
        held bigint not null default 0 check (held >= 0),
        primary key (account_id, shard),
        check (may_go_negative or balance - held >= 0)
      )`.execute(db);
    await sql`
      create table currency.transfer (
        id uuid primary key,
        kind text not null,
        related_id uuid,
        memo jsonb not null default '{}',
        created_at timestamptz not null default now()
      )`.execute(db);
    await sql`create index transfer_related on currency.transfer (related_id) where related_id is not null`.execute(db);
    await sql`
      create table currency.entry (
        id bigint generated always as identity primary key,
        transfer_id uuid not null references currency.transfer (id),
        leg integer not null,
        account_id uuid not null references currency.account (id),
        shard integer not null,
        currency text not null,
        amount bigint not null check (amount <> 0),
        balance_after bigint not null,
        created_at timestamptz not null
      )`.execute(db);
    await sql`create index entry_account on currency.entry (account_id, id)`.execute(db);
    await sql`create index entry_transfer on currency.entry (transfer_id)`.execute(db);
    await sql`create function currency.forbid_change() returns trigger language plpgsql as $$
      begin raise exception 'ledger rows are immutable: correct with a new transfer'; end $$`.execute(db);
    for (const table of ['transfer', 'entry']) {
      await sql`create trigger ${sql.raw(`${table}_immutable`)} before update or delete on ${sql.id('currency', table)}
        for each row execute function currency.forbid_change()`.execute(db);
    }
    await sql`
      create table currency.idempotency (
        scope text not null,
        key text not null,
        fingerprint text not null,
        status integer not null,
        result jsonb not null,
        created_at timestamptz not null default now(),
        primary key (scope, key)
      )`.execute(db);
    await sql`
      create table currency.hold (
        id uuid primary key,
        account_id uuid not null references currency.account (id),
        payee_account_id uuid not null references currency.account (id),
        amount bigint not null check (amount > 0),
        captured bigint not null default 0 check (captured >= 0 and captured <= amount),
        status text not null check (status in ('pending', 'captured', 'voided', 'expired')),
        expires_at timestamptz not null,
        created_at timestamptz not null default now(),
        settled_at timestamptz
      )`.execute(db);
    await sql`create index hold_pending on currency.hold (expires_at) where status = 'pending'`.execute(db);
    // How much of a payment was refunded so far, locked while a refund is decided.
    await sql`
      create table currency.refundable (
        transfer_id uuid primary key references currency.transfer (id),
        amount bigint not null check (amount > 0),
        refunded bigint not null default 0,
        check (refunded between 0 and amount)
      )`.execute(db);
    // A shop's sales and fees per fiscal year (April–March, JST): the fee cap and the fee statement.
    await sql`
      create table currency.fee_year (
        account_id uuid not null references currency.account (id),
        fiscal_year integer not null,
        sales bigint not null default 0,
        fees bigint not null default 0 check (fees >= 0),
        payments integer not null default 0,
        primary key (account_id, fiscal_year)
      )`.execute(db);
  },
};
