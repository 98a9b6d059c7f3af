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
        refunds: number;
        fees_returned: number;
      }>`select sales, fees, payments, refunds, fees_returned from currency.fee_year where account_id = ${accountId} and fiscal_year = ${fiscalYear}`,
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

export type CampaignRow = {
  id: string;
  name: string;
  price: number;
  face_value: number;
  small_shop_part: number;
  per_person_limit: number;
  sale_starts: Date;
  sale_ends: Date;
  expires_at: Date;
  fund_account_id: string;
  expired_at: Date | null;
  created_at: Date;
};

/** SQL of voucher campaigns. */
export const campaignSql = {
  insert: async (db: Db, c: Omit<CampaignRow, 'expired_at' | 'created_at'>) => {
    await sql`insert into currency.campaign (id, name, price, face_value, small_shop_part, per_person_limit, sale_starts, sale_ends, expires_at, fund_account_id)
      values (${c.id}, ${c.name}, ${c.price}, ${c.face_value}, ${c.small_shop_part}, ${c.per_person_limit}, ${c.sale_starts.toISOString()},
        ${c.sale_ends.toISOString()}, ${c.expires_at.toISOString()}, ${c.fund_account_id})`.execute(db);
  },
  get: (db: Db, id: string) => first(sql<CampaignRow>`select * from currency.campaign where id = ${id}`, db),
  byName: (db: Db, name: string) => first(sql<CampaignRow>`select * from currency.campaign where name = ${name} order by created_at limit 1`, db),
  list: (db: Db) => all(sql<CampaignRow>`select * from currency.campaign order by created_at desc`, db),
  markExpired: async (db: Db, id: string) => {
    await sql`update currency.campaign set expired_at = now() where id = ${id} and expired_at is null`.execute(db);
  },
  /** Locks (creating) the person's holding of a campaign: how many vouchers they bought. */
  lockHolding: (db: Db, campaignId: string, subject: string) =>
    first(
      sql<{ count: number }>`insert into currency.voucher_holding as h (campaign_id, subject) values (${campaignId}, ${subject})
        on conflict (campaign_id, subject) do update set count = h.count returning h.count`,
      db,
    ).then((r) => r?.count ?? 0),
  addHolding: async (db: Db, campaignId: string, subject: string, n: number) => {
    await sql`update currency.voucher_holding set count = count + ${n} where campaign_id = ${campaignId} and subject = ${subject}`.execute(db);
  },
  holding: (db: Db, campaignId: string, subject: string) =>
    first(sql<{ count: number }>`select count from currency.voucher_holding where campaign_id = ${campaignId} and subject = ${subject}`, db).then(
      (r) => r?.count ?? 0,
    ),
  voucherAccounts: (db: Db, campaignId: string) =>
    all(
      sql<{ id: string; balance: number }>`select a.id, coalesce(sum(b.balance), 0)::bigint as balance from currency.account a
        join currency.balance b on b.account_id = a.id where a.campaign_id = ${campaignId} and a.kind = 'voucher' group by a.id`,
      db,
    ),
  /** Issued, spent and returned-at-expiry totals of a campaign, from the ledger. */
  totals: (db: Db, campaignId: string, fundAccountId: string) =>
    first(
      sql<{ sold: number; issued: number; returned: number }>`select
        coalesce((select count(*) from currency.transfer t where t.kind = 'voucher_purchase' and t.memo->>'campaignId' = ${campaignId}), 0)::bigint as sold,
        coalesce((select -sum(e.amount) from currency.entry e join currency.transfer t on t.id = e.transfer_id
          where e.account_id = ${fundAccountId} and t.kind = 'voucher_purchase' and e.amount < 0), 0)::bigint as issued,
        coalesce((select sum(e.amount) from currency.entry e join currency.transfer t on t.id = e.transfer_id
          where e.account_id = ${fundAccountId} and t.kind = 'voucher_expiry'), 0)::bigint as returned`,
      db,
    ),
};

export type InvoiceRow = {
  id: string;
  issuer_id: string;
  issuer_name: string;
  payer_business_id: string | null;
  payer_name: string | null;
  pay_code: string | null;
  amount: number;
  description: string;
  due_date: string | null;
  status: 'open' | 'paid' | 'cancelled';
  transfer_id: string | null;
  paid_at: Date | null;
  created_at: Date;
};

const INVOICES = sql`i.id, i.issuer_id, ib.name as issuer_name, i.payer_business_id, pb.name as payer_name, i.pay_code, i.amount, i.description,
  i.due_date::text as due_date, i.status, i.transfer_id, i.paid_at, i.created_at
  from currency.invoice i join currency.business ib on ib.id = i.issuer_id left join currency.business pb on pb.id = i.payer_business_id`;

/** SQL of invoices between businesses and to households, with both parties' names. */
export const invoiceSql = {
  insert: async (db: Db, i: Pick<InvoiceRow, 'id' | 'issuer_id' | 'payer_business_id' | 'pay_code' | 'amount' | 'description' | 'due_date'>) => {
    await sql`insert into currency.invoice (id, issuer_id, payer_business_id, pay_code, amount, description, due_date, status)
      values (${i.id}, ${i.issuer_id}, ${i.payer_business_id}, ${i.pay_code}, ${i.amount}, ${i.description}, ${i.due_date}, 'open')`.execute(db);
  },
  get: (db: Db, id: string) => first(sql<InvoiceRow>`select ${INVOICES} where i.id = ${id}`, db),
  byCode: (db: Db, code: string) => first(sql<InvoiceRow>`select ${INVOICES} where i.pay_code = ${code}`, db),
  lockStatus: (db: Db, id: string) =>
    first(sql<{ status: InvoiceRow['status'] }>`select status from currency.invoice where id = ${id} for update`, db).then((r) => r?.status),
  markPaid: async (db: Db, id: string, transferId: string) => {
    await sql`update currency.invoice set status = 'paid', transfer_id = ${transferId}, paid_at = now() where id = ${id}`.execute(db);
  },
  cancel: async (db: Db, id: string) =>
    (await sql`update currency.invoice set status = 'cancelled' where id = ${id} and status = 'open'`.execute(db)).numAffectedRows ?? 0n,
  ofBusiness: (db: Db, businessId: string) =>
    all(
      sql<InvoiceRow>`select ${INVOICES} where i.issuer_id = ${businessId} or i.payer_business_id = ${businessId} order by i.created_at desc limit 500`,
      db,
    ),
  /** A parent keeps a school invoice (looked up by its pay code) in the wallet. */
  hold: async (db: Db, invoiceId: string, subject: string) => {
    await sql`insert into currency.invoice_holder (invoice_id, subject) values (${invoiceId}, ${subject}) on conflict do nothing`.execute(db);
  },
  heldBy: (db: Db, subject: string) =>
    all(
      sql<InvoiceRow>`select ${INVOICES} join currency.invoice_holder h on h.invoice_id = i.id where h.subject = ${subject}
        order by (i.status = 'open') desc, i.created_at desc limit 200`,
      db,
    ),
};

export type PaymentRequestRow = {
  id: string;
  client_id: string;
  payee_id: string;
  amount: number;
  description: string;
  field: string;
  return_url: string | null;
  reference: string | null;
  payer_business_id: string | null;
  status: 'open' | 'paid' | 'cancelled' | 'expired' | 'declined';
  payer_subject: string | null;
  transfer_id: string | null;
  expires_at: Date;
  paid_at: Date | null;
  declined_at: Date | null;
  created_at: Date;
};

/** SQL of the payment API other services use, its webhooks, and the linkage output. */
export const requestSql = {
  insert: async (db: Db, r: Omit<PaymentRequestRow, 'status' | 'payer_subject' | 'transfer_id' | 'paid_at' | 'declined_at' | 'created_at'>) => {
    await sql`insert into currency.payment_request (id, client_id, payee_id, amount, description, field, return_url, reference, payer_business_id, status, expires_at)
      values (${r.id}, ${r.client_id}, ${r.payee_id}, ${r.amount}, ${r.description}, ${r.field}, ${r.return_url}, ${r.reference}, ${r.payer_business_id},
        'open', ${r.expires_at.toISOString()})`.execute(db);
  },
  get: (db: Db, id: string) => first(sql<PaymentRequestRow>`select * from currency.payment_request where id = ${id}`, db),
  lock: (db: Db, id: string) => first(sql<PaymentRequestRow>`select * from currency.payment_request where id = ${id} for update`, db),
  markPaid: async (db: Db, id: string, transferId: string, payerSubject: string | null) => {
    await sql`update currency.payment_request set status = 'paid', transfer_id = ${transferId}, payer_subject = ${payerSubject}, paid_at = now() where id = ${id}`.execute(
      db,
    );
  },
  markDeclined: async (db: Db, id: string, payerSubject: string) => {
    await sql`update currency.payment_request set status = 'declined', payer_subject = ${payerSubject}, declined_at = now() where id = ${id}`.execute(
      db,
    );
  },
  cancel: async (db: Db, id: string, clientId: string) =>
    (await sql`update currency.payment_request set status = 'cancelled' where id = ${id} and client_id = ${clientId} and status = 'open'`.execute(db))
      .numAffectedRows ?? 0n,
  claimKey: (db: Db, scope: string, key: string, fingerprint: string, requestId: string) =>
    first(
      sql<{ key: string }>`insert into currency.idempotency (scope, key, fingerprint, status, result)
        values (${scope}, ${key}, ${fingerprint}, 201, ${JSON.stringify({ requestId })}::jsonb) on conflict do nothing returning key`,
      db,
    ),
  storedKey: (db: Db, scope: string, key: string) =>
    first(
      sql<{
        fingerprint: string;
        result: { requestId?: string };
      }>`select fingerprint, result from currency.idempotency where scope = ${scope} and key = ${key}`,
      db,
    ),
  grant: async (db: Db, clientId: string, businessId: string, grantedBy: string) => {
    await sql`insert into currency.service_grant (client_id, business_id, granted_by) values (${clientId}, ${businessId}, ${grantedBy}) on conflict do nothing`.execute(
      db,
    );
  },
  revoke: async (db: Db, clientId: string, businessId: string) => {
    await sql`delete from currency.service_grant where client_id = ${clientId} and business_id = ${businessId}`.execute(db);
  },
  granted: (db: Db, clientId: string, businessId: string) =>
    first(sql<{ n: number }>`select 1 as n from currency.service_grant where client_id = ${clientId} and business_id = ${businessId}`, db).then(
      (r) => !!r,
    ),
  setWebhook: async (db: Db, clientId: string, url: string, secret: string) => {
    await sql`insert into currency.service_webhook (client_id, url, secret) values (${clientId}, ${url}, ${secret})
      on conflict (client_id) do update set url = excluded.url, secret = excluded.secret`.execute(db);
  },
  webhook: (db: Db, clientId: string) =>
    first(sql<{ url: string; secret: string }>`select url, secret from currency.service_webhook where client_id = ${clientId}`, db),
  enqueueWebhook: async (db: Db, clientId: string, type: string, body: unknown) => {
    await sql`insert into currency.webhook_outbox (id, client_id, type, body)
      select gen_random_uuid(), ${clientId}, ${type}, ${JSON.stringify(body)}::jsonb where exists (select 1 from currency.service_webhook where client_id = ${clientId})`.execute(
      db,
    );
  },
  dueWebhooks: (db: Db, limit: number) =>
    all(
      sql<{ id: string; client_id: string; type: string; body: unknown; attempts: number; url: string; secret: string }>`
        select o.id, o.client_id, o.type, o.body, o.attempts, w.url, w.secret from currency.webhook_outbox o
        join currency.service_webhook w on w.client_id = o.client_id
        where o.delivered_at is null and o.next_at <= now() and o.attempts < 12 order by o.next_at limit ${limit} for update of o skip locked`,
      db,
    ),
  webhookTried: async (db: Db, id: string, status: number, delivered: boolean, attempts: number) => {
    await sql`update currency.webhook_outbox set attempts = ${attempts}, last_status = ${status},
      delivered_at = case when ${delivered} then now() end, next_at = now() + make_interval(secs => ${Math.min(3600, 2 ** attempts)})
      where id = ${id}`.execute(db);
  },
  /**
   * Completed payments by a person whose linkage write is still to be tried, oldest first,
   * queued after `after` (the last one a round has read: the queue's head is the index's dead
   * entries of those already shared, which a read from the start would walk again).
   */
  unsharedPayments: (db: Db, limit: number, after: string) =>
    all(
      // Each looked up by its key, never a scan of every transfer: `offset 0` keeps the lookup per
      // queued payment (without it the planner joined the queue to a scan of the whole ledger).
      sql<{ id: string; memo: Record<string, unknown>; created_at: Date; seq: string }>`select t.id, t.memo, t.created_at, q.seq
        from (select transfer_id, seq from currency.share_queue where seq > ${after} order by seq limit ${limit}) q
        cross join lateral (select id, memo, created_at from currency.transfer where id = q.transfer_id offset 0) t
        order by q.seq`,
      db,
    ),
  /** Takes payments that linkage has answered for off the queue (by seq, the queue's key). */
  dequeueShared: async (db: Db, seqs: readonly string[]) => {
    await sql`delete from currency.share_queue where seq = any(${seqs}::bigint[])`.execute(db);
  },
};

export type PayoutRow = {
  transfer_id: string;
  business_id: string;
  scope: string;
  key: string;
  account: string;
  amount: number;
  status: 'pending' | 'paid' | 'refused';
  attempts: number;
  reason: string | null;
  created_at: Date;
};

/** SQL of cash-out payouts to the bank, reconciled after a crash. */
export const payoutSql = {
  insert: async (db: Db, p: Pick<PayoutRow, 'transfer_id' | 'business_id' | 'scope' | 'key' | 'account' | 'amount'>) => {
    await sql`insert into currency.payout (transfer_id, business_id, scope, key, account, amount, status)
      values (${p.transfer_id}, ${p.business_id}, ${p.scope}, ${p.key}, ${p.account}, ${p.amount}, 'pending')`.execute(db);
  },
  get: (db: Db, transferId: string) => first(sql<PayoutRow>`select * from currency.payout where transfer_id = ${transferId}`, db),
  pending: (db: Db, before: Date, limit: number) =>
    all(
      sql<PayoutRow>`select * from currency.payout where status = 'pending' and created_at <= ${before.toISOString()} order by created_at limit ${limit}`,
      db,
    ),
  tried: async (db: Db, transferId: string) => {
    await sql`update currency.payout set attempts = attempts + 1 where transfer_id = ${transferId}`.execute(db);
  },
  finish: async (db: Db, transferId: string, status: 'paid' | 'refused', reason: string | null) => {
    await sql`update currency.payout set status = ${status}, reason = ${reason}, settled_at = now() where transfer_id = ${transferId} and status = 'pending'`.execute(
      db,
    );
  },
};
