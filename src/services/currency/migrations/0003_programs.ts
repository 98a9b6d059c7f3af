import { sql, type Kysely, type Migration } from 'kysely';

/** Premium voucher campaigns, invoices (B2B and school fees), the payment API for other services, and linkage output. */
export const programs: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`
      create table currency.campaign (
        id uuid primary key,
        name text not null,
        price bigint not null check (price > 0),
        face_value bigint not null,
        small_shop_part bigint not null check (small_shop_part >= 0),
        per_person_limit integer not null check (per_person_limit > 0),
        sale_starts timestamptz not null,
        sale_ends timestamptz not null,
        expires_at timestamptz not null,
        fund_account_id uuid not null references currency.account (id),
        expired_at timestamptz,
        created_at timestamptz not null default now(),
        check (face_value >= price and small_shop_part <= face_value),
        check (sale_ends > sale_starts and expires_at >= sale_ends),
        check (expires_at <= sale_starts + interval '6 months')
      )`.execute(db);
    await sql`create unique index account_one_voucher on currency.account (owner, campaign_id, restriction) where kind = 'voucher'`.execute(db);
    await sql`
      create table currency.voucher_holding (
        campaign_id uuid not null references currency.campaign (id),
        subject text not null,
        count integer not null default 0,
        primary key (campaign_id, subject)
      )`.execute(db);
    await sql`
      create table currency.invoice (
        id uuid primary key,
        issuer_id uuid not null references currency.business (id),
        payer_business_id uuid references currency.business (id),
        pay_code text unique,
        amount bigint not null check (amount > 0),
        description text not null,
        due_date date,
        status text not null check (status in ('open', 'paid', 'cancelled')),
        transfer_id uuid,
        paid_at timestamptz,
        created_at timestamptz not null default now(),
        check ((payer_business_id is null) <> (pay_code is null))
      )`.execute(db);
    await sql`create index invoice_issuer on currency.invoice (issuer_id, created_at)`.execute(db);
    await sql`create index invoice_payer on currency.invoice (payer_business_id, created_at)`.execute(db);
    // A business lets a service (agri, tourism…) take payments from its account.
    await sql`
      create table currency.service_grant (
        client_id text not null,
        business_id uuid not null references currency.business (id),
        granted_by text not null,
        created_at timestamptz not null default now(),
        primary key (client_id, business_id)
      )`.execute(db);
    await sql`
      create table currency.payment_request (
        id uuid primary key,
        client_id text not null,
        payee_id uuid not null references currency.business (id),
        amount bigint not null check (amount > 0),
        description text not null,
        field text not null references currency.field (id),
        return_url text,
        reference text,
        payer_business_id uuid references currency.business (id),
        status text not null check (status in ('open', 'paid', 'cancelled', 'expired')),
        payer_subject text,
        transfer_id uuid,
        expires_at timestamptz not null,
        paid_at timestamptz,
        created_at timestamptz not null default now()
      )`.execute(db);
    await sql`create index payment_request_client on currency.payment_request (client_id, created_at)`.execute(db);
    await sql`
      create table currency.service_webhook (
        client_id text primary key,
        url text not null,
        secret text not null,
        created_at timestamptz not null default now()
      )`.execute(db);
    await sql`
      create table currency.webhook_outbox (
        id uuid primary key,
        client_id text not null,
        type text not null,
        body jsonb not null,
        attempts integer not null default 0,
        next_at timestamptz not null default now(),
        delivered_at timestamptz,
        last_status integer,
        created_at timestamptz not null default now()
      )`.execute(db);
    await sql`create index webhook_due on currency.webhook_outbox (next_at) where delivered_at is null`.execute(db);
    // What happened to each completed payment's write to linkage (payment_results).
    await sql`
      create table currency.linkage_result (
        transfer_id uuid primary key references currency.transfer (id),
        outcome text not null check (outcome in ('shared', 'not_shared')),
        code text,
        record_id text,
        at timestamptz not null default now()
      )`.execute(db);
    await sql`create index transfer_payments on currency.transfer (created_at) where kind in ('payment', 'invoice_payment', 'request_payment')`.execute(
      db,
    );
  },
};
