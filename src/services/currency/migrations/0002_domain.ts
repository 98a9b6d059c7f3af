import { sql, type Kysely, type Migration } from 'kysely';

/** People, businesses and their roles, payment codes, fee policy and the city's fields of use. */
export const domain: Migration = {
  async up(db: Kysely<unknown>) {
    // One wallet (and one point account) per person, keyed by the pairwise subject City OS ID gave us.
    await sql`create unique index account_one_wallet on currency.account (owner, kind) where kind in ('wallet', 'points')`.execute(db);
    await sql`
      create table currency.system_account (
        name text primary key,
        account_id uuid not null references currency.account (id)
      )`.execute(db);
    await sql`
      create table currency.field (
        id text primary key check (id ~ '^[a-z][a-z0-9_]{1,39}$'),
        ja text not null,
        en text not null,
        created_at timestamptz not null default now()
      )`.execute(db);
    await sql`insert into currency.field (id, ja, en) values
      ('retail', '小売・サービス', 'Retail and services'), ('tourism', '観光', 'Tourism'), ('food_agri', '食農', 'Food and agriculture'),
      ('government', '行政', 'Government'), ('medical', '医療', 'Medical'), ('education', '教育', 'Education')`.execute(db);
    await sql`
      create table currency.fee_policy (
        size text primary key check (size in ('small', 'large')),
        rate_bp integer not null check (rate_bp between 0 and 10000),
        annual_cap bigint check (annual_cap >= 0),
        typical_rate_bp integer not null check (typical_rate_bp between 0 and 10000)
      )`.execute(db);
    await sql`insert into currency.fee_policy (size, rate_bp, annual_cap, typical_rate_bp) values ('small', 200, 12000, 324), ('large', 200, null, 324)`.execute(
      db,
    );
    await sql`
      create table currency.business (
        id uuid primary key,
        name text not null,
        kind text not null check (kind in ('shop', 'business', 'school', 'organiser')),
        size text not null check (size in ('small', 'large')),
        field text not null references currency.field (id),
        account_id uuid not null references currency.account (id),
        points_account_id uuid references currency.account (id),
        accepts_points boolean not null default false,
        bank_account text,
        static_code text not null unique,
        created_at timestamptz not null default now()
      )`.execute(db);
    await sql`
      create table currency.member (
        business_id uuid not null references currency.business (id),
        subject text not null,
        role text not null check (role in ('owner', 'staff')),
        primary key (business_id, subject)
      )`.execute(db);
    await sql`create index member_subject on currency.member (subject)`.execute(db);
    await sql`
      create table currency.city_staff (
        subject text primary key,
        role text not null check (role in ('counter', 'admin')),
        created_at timestamptz not null default now()
      )`.execute(db);
    await sql`
      create table currency.payment_code (
        code text primary key,
        subject text not null,
        account_id uuid not null references currency.account (id),
        expires_at timestamptz not null,
        used_at timestamptz,
        transfer_id uuid,
        created_at timestamptz not null default now()
      )`.execute(db);
    await sql`
      create table currency.bank_link (
        subject text primary key,
        bank_name text not null,
        account_masked text not null,
        created_at timestamptz not null default now()
      )`.execute(db);
    // The demo bank's own book of movements: one row per reference, so a retried request moves money once.
    await sql`
      create table currency.demo_bank_movement (
        reference text primary key,
        direction text not null check (direction in ('debit', 'payout')),
        account text not null,
        amount bigint not null check (amount > 0),
        created_at timestamptz not null default now()
      )`.execute(db);
  },
};
