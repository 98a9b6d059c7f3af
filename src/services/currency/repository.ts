import { sql, type Kysely } from 'kysely';
import type { NoTables } from '@lib/db/database.ts';

type Db = Kysely<NoTables>;

export type BusinessKind = 'shop' | 'business' | 'school' | 'organiser';
export type BusinessRow = {
  id: string;
  name: string;
  kind: BusinessKind;
  size: 'small' | 'large';
  field: string;
  account_id: string;
  points_account_id: string | null;
  accepts_points: boolean;
  bank_account: string | null;
  static_code: string;
  created_at: Date;
};
export type FieldRow = { id: string; ja: string; en: string };
export type FeePolicyRow = { size: 'small' | 'large'; rate_bp: number; annual_cap: number | null; typical_rate_bp: number };
export type PaymentCodeRow = {
  code: string;
  subject: string;
  account_id: string;
  expires_at: Date;
  used_at: Date | null;
  transfer_id: string | null;
};

const first = async <T>(query: ReturnType<typeof sql<T>>, db: Db): Promise<T | undefined> => (await query.execute(db)).rows[0];
const all = async <T>(query: ReturnType<typeof sql<T>>, db: Db): Promise<T[]> => (await query.execute(db)).rows;

/** SQL of the currency's people, businesses, codes and settings (the ledger has its own). */
export const currencySql = {
  systemAccount: (db: Db, name: string) =>
    first(sql<{ account_id: string }>`select account_id from currency.system_account where name = ${name}`, db).then((r) => r?.account_id),
  insertSystemAccount: async (db: Db, name: string, accountId: string) => {
    await sql`insert into currency.system_account (name, account_id) values (${name}, ${accountId})`.execute(db);
  },
  accountOf: (db: Db, owner: string, kind: string) =>
    first(sql<{ id: string }>`select id from currency.account where owner = ${owner} and kind = ${kind}`, db).then((r) => r?.id),

  fields: (db: Db) => all(sql<FieldRow>`select id, ja, en from currency.field order by created_at, id`, db),
  field: (db: Db, id: string) => first(sql<FieldRow>`select id, ja, en from currency.field where id = ${id}`, db),
  upsertField: async (db: Db, f: FieldRow) => {
    await sql`insert into currency.field (id, ja, en) values (${f.id}, ${f.ja}, ${f.en}) on conflict (id) do update set ja = excluded.ja, en = excluded.en`.execute(
      db,
    );
  },

  feePolicies: (db: Db) => all(sql<FeePolicyRow>`select size, rate_bp, annual_cap, typical_rate_bp from currency.fee_policy order by size`, db),
  setFeePolicy: async (db: Db, p: FeePolicyRow) => {
    await sql`update currency.fee_policy set rate_bp = ${p.rate_bp}, annual_cap = ${p.annual_cap}, typical_rate_bp = ${p.typical_rate_bp} where size = ${p.size}`.execute(
      db,
    );
  },
  feeYear: (db: Db, accountId: string, fiscalYear: number) =>
    first(
      sql<{
        sales: number;
        fees: number;
        payments: number;
      }>`select sales, fees, payments from currency.fee_year where account_id = ${accountId} and fiscal_year = ${fiscalYear}`,
      db,
    ),

  insertBusiness: async (db: Db, b: Omit<BusinessRow, 'created_at'>) => {
    await sql`insert into currency.business (id, name, kind, size, field, account_id, points_account_id, accepts_points, bank_account, static_code)
      values (${b.id}, ${b.name}, ${b.kind}, ${b.size}, ${b.field}, ${b.account_id}, ${b.points_account_id}, ${b.accepts_points}, ${b.bank_account}, ${b.static_code})`.execute(
      db,
    );
  },
  business: (db: Db, id: string) => first(sql<BusinessRow>`select * from currency.business where id = ${id}`, db),
  businessByCode: (db: Db, code: string) => first(sql<BusinessRow>`select * from currency.business where static_code = ${code}`, db),
  businessByName: (db: Db, name: string) =>
    first(sql<BusinessRow>`select * from currency.business where name = ${name} order by created_at limit 1`, db),
  businessesOf: (db: Db, subject: string) =>
    all(
      sql<BusinessRow & { role: 'owner' | 'staff' }>`select b.*, m.role from currency.business b join currency.member m on m.business_id = b.id
        where m.subject = ${subject} order by b.created_at`,
      db,
    ),
  businesses: (db: Db, kind: BusinessKind | null) =>
    all(sql<BusinessRow>`select * from currency.business where ${kind}::text is null or kind = ${kind} order by created_at, id`, db),
  role: (db: Db, businessId: string, subject: string) =>
    first(sql<{ role: 'owner' | 'staff' }>`select role from currency.member where business_id = ${businessId} and subject = ${subject}`, db).then(
      (r) => r?.role,
    ),
  upsertMember: async (db: Db, businessId: string, subject: string, role: 'owner' | 'staff') => {
    await sql`insert into currency.member (business_id, subject, role) values (${businessId}, ${subject}, ${role})
      on conflict (business_id, subject) do update set role = excluded.role`.execute(db);
  },
  staffRole: (db: Db, subject: string) =>
    first(sql<{ role: 'counter' | 'admin' }>`select role from currency.city_staff where subject = ${subject}`, db).then((r) => r?.role),
  upsertStaff: async (db: Db, subject: string, role: 'counter' | 'admin') => {
    await sql`insert into currency.city_staff (subject, role) values (${subject}, ${role}) on conflict (subject) do update set role = excluded.role`.execute(
      db,
    );
  },

  insertCode: async (db: Db, c: { code: string; subject: string; accountId: string; expiresAt: Date }) => {
    await sql`insert into currency.payment_code (code, subject, account_id, expires_at) values (${c.code}, ${c.subject}, ${c.accountId}, ${c.expiresAt.toISOString()})`.execute(
      db,
    );
  },
  code: (db: Db, code: string) => first(sql<PaymentCodeRow>`select * from currency.payment_code where code = ${code}`, db),
  lockCode: (db: Db, code: string) => first(sql<PaymentCodeRow>`select * from currency.payment_code where code = ${code} for update`, db),
  useCode: async (db: Db, code: string, transferId: string) => {
    await sql`update currency.payment_code set used_at = now(), transfer_id = ${transferId} where code = ${code}`.execute(db);
  },

  bankLink: (db: Db, subject: string) =>
    first(
      sql<{ bank_name: string; account_masked: string }>`select bank_name, account_masked from currency.bank_link where subject = ${subject}`,
      db,
    ),
  setBankLink: async (db: Db, subject: string, bankName: string, accountMasked: string) => {
    await sql`insert into currency.bank_link (subject, bank_name, account_masked) values (${subject}, ${bankName}, ${accountMasked})
      on conflict (subject) do update set bank_name = excluded.bank_name, account_masked = excluded.account_masked`.execute(db);
  },
};
