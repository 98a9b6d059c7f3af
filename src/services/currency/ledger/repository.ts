import { sql, type Kysely } from 'kysely';
import type { NoTables } from '@lib/db/database.ts';
import type { NewEntry } from './apply.ts';
import type { AccountKind, AccountMeta, BalanceState, CurrencyCode, FeeYearState, HoldState } from './types.ts';

type Db = Kysely<NoTables>;

export type NewAccount = {
  id: string;
  kind: AccountKind;
  currency: CurrencyCode;
  owner: string | null;
  name: string;
  mayGoNegative: boolean;
  shards: number;
  field?: string | null;
  restriction?: 'any_shop' | 'small_shop' | null;
  campaignId?: string | null;
  expiresAt?: Date | null;
};

/** A row as a batch leaves it, and as it was when the batch decided on it. */
export type Checked<T> = { now: T; before: T };

export type StoredOutcome = { scope: string; key: string; fingerprint: string; status: number; result: unknown };

type BalanceRow = { account_id: string; shard: number; balance: number; held: number; may_go_negative: boolean };
type FeeYearRow = { account_id: string; fiscal_year: number; sales: number; fees: number; payments: number; refunds: number; fees_returned: number };

const balanceOf = (r: BalanceRow): BalanceState => ({
  accountId: r.account_id,
  shard: r.shard,
  balance: r.balance,
  held: r.held,
  mayGoNegative: r.may_go_negative,
});

const feeYearOf = (r: FeeYearRow): FeeYearState => ({
  accountId: r.account_id,
  fiscalYear: r.fiscal_year,
  sales: r.sales,
  fees: r.fees,
  payments: r.payments,
  refunds: r.refunds,
  feesReturned: r.fees_returned,
});

const rowsOf = async <T>(query: ReturnType<typeof sql<T>>, db: Db): Promise<T[]> => (await query.execute(db)).rows;

/**
 * A PostgreSQL array literal of values that need no quoting, each checked by `plain` (pg's own
 * array parameters quote and escape every element).
 */
function literal<T extends string | number>(values: readonly T[], plain: (value: T) => boolean): string {
  for (const v of values) if (!plain(v)) throw new Error(`not fit for an array literal: ${v}`);
  return `{${values.join(',')}}`;
}

const ids = (values: readonly string[]): string => literal(values, (v) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v));
const ints = (values: readonly number[]): string => literal(values, Number.isSafeInteger);
const codes = (values: readonly string[]): string => literal(values, (v) => /^[A-Z]+$/.test(v));

/** The only SQL of the ledger's batch path: lock, then write every change of a batch in a few statements. */
export const ledgerSql = {
  /** One statement: nobody ever sees an account without its balance rows (a racing opener re-reads it). */
  async insertAccount(db: Db, a: NewAccount): Promise<void> {
    await sql`with account as (
        insert into currency.account (id, kind, currency, owner, name, may_go_negative, shards, field, restriction, campaign_id, expires_at)
        values (${a.id}, ${a.kind}, ${a.currency}, ${a.owner}, ${a.name}, ${a.mayGoNegative}, ${a.shards}, ${a.field ?? null},
          ${a.restriction ?? null}, ${a.campaignId ?? null}, ${a.expiresAt ?? null})
        returning id, currency, may_go_negative)
      insert into currency.balance (account_id, shard, currency, may_go_negative)
      select account.id, s, account.currency, account.may_go_negative from account, generate_series(0, ${a.shards - 1}::int) s`.execute(db);
  },

  async accountMeta(db: Db, ids: string[]): Promise<AccountMeta[]> {
    if (ids.length === 0) return [];
    const rows = await rowsOf(
      sql<{ id: string; kind: AccountKind; currency: CurrencyCode; shards: number; may_go_negative: boolean; expires_at: Date | null }>`
        select id, kind, currency, shards, may_go_negative, expires_at from currency.account where id = any(${ids}::uuid[])`,
      db,
    );
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      currency: r.currency,
      shards: r.shards,
      mayGoNegative: r.may_go_negative,
      expiresAt: r.expires_at ? new Date(r.expires_at) : null,
    }));
  },

  async storedOutcomes(db: Db, scopes: string[], keys: string[]): Promise<StoredOutcome[]> {
    if (keys.length === 0) return [];
    return rowsOf(
      sql<StoredOutcome>`select i.scope, i.key, i.fingerprint, i.status, i.result from currency.idempotency i
        join unnest(${scopes}::text[], ${keys}::text[]) as k(scope, key) on i.scope = k.scope and i.key = k.key`,
      db,
    );
  },

  /**
   * Balance rows, with \`lock\` locked in one global order (account, shard) so concurrent
   * transaction batches never deadlock; without it, as committed (a checked write checks them again).
   */
  async balances(db: Db, accountIds: string[], shards: number[], { lock }: { lock: boolean }): Promise<BalanceState[]> {
    if (accountIds.length === 0) return [];
    const rows = await rowsOf(
      sql<BalanceRow>`
        select b.account_id, b.shard, b.balance, b.held, b.may_go_negative from currency.balance b
        join unnest(${accountIds}::uuid[], ${shards}::int[]) as k(account_id, shard) on b.account_id = k.account_id and b.shard = k.shard
        ${lock ? sql`order by b.account_id, b.shard for update of b` : sql``}`,
      db,
    );
    return rows.map(balanceOf);
  },

  async lockHolds(db: Db, ids: string[]): Promise<HoldState[]> {
    if (ids.length === 0) return [];
    const rows = await rowsOf(
      sql<{
        id: string;
        account_id: string;
        payee_account_id: string;
        amount: number;
        captured: number;
        status: HoldState['status'];
        expires_at: Date;
      }>`
        select id, account_id, payee_account_id, amount, captured, status, expires_at from currency.hold
        where id = any(${ids}::uuid[]) order by id for update`,
      db,
    );
    return rows.map((r) => ({
      id: r.id,
      accountId: r.account_id,
      payeeAccountId: r.payee_account_id,
      amount: r.amount,
      captured: r.captured,
      status: r.status,
      expiresAt: new Date(r.expires_at),
    }));
  },

  async lockRefundables(db: Db, transferIds: string[]): Promise<{ transferId: string; amount: number; refunded: number }[]> {
    if (transferIds.length === 0) return [];
    const rows = await rowsOf(
      sql<{ transfer_id: string; amount: number; refunded: number }>`select transfer_id, amount, refunded from currency.refundable
        where transfer_id = any(${transferIds}::uuid[]) order by transfer_id for update`,
      db,
    );
    return rows.map((r) => ({ transferId: r.transfer_id, amount: r.amount, refunded: r.refunded }));
  },

  async existingTransfers(db: Db, ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await rowsOf(sql<{ id: string }>`select id from currency.transfer where id = any(${ids}::uuid[])`, db);
    return rows.map((r) => r.id);
  },

  /** Creates missing fiscal-year rows and locks them all in one statement, in sorted order. */
  async lockFeeYears(db: Db, accountIds: string[], years: number[]): Promise<FeeYearState[]> {
    if (accountIds.length === 0) return [];
    const rows = await rowsOf(
      sql<FeeYearRow>`
        insert into currency.fee_year as f (account_id, fiscal_year)
        select * from unnest(${accountIds}::uuid[], ${years}::int[]) as k(account_id, fiscal_year) order by 1, 2
        on conflict (account_id, fiscal_year) do update set sales = f.sales
        returning f.account_id, f.fiscal_year, f.sales, f.fees, f.payments, f.refunds, f.fees_returned`,
      db,
    );
    return rows.map(feeYearOf);
  },

  /** Fiscal-year rows as committed, created when missing, without locking them. */
  async readFeeYears(db: Db, accountIds: string[], years: number[]): Promise<FeeYearState[]> {
    if (accountIds.length === 0) return [];
    const rows = await rowsOf(
      sql<FeeYearRow>`
        with k as (select * from unnest(${accountIds}::uuid[], ${years}::int[]) as k(account_id, fiscal_year)),
        made as (
          insert into currency.fee_year as f (account_id, fiscal_year) select * from k order by 1, 2 on conflict do nothing
          returning f.account_id, f.fiscal_year, f.sales, f.fees, f.payments, f.refunds, f.fees_returned)
        select * from made
        union all
        select f.account_id, f.fiscal_year, f.sales, f.fees, f.payments, f.refunds, f.fees_returned
        from currency.fee_year f join k on f.account_id = k.account_id and f.fiscal_year = k.fiscal_year`,
      db,
    );
    return rows.map(feeYearOf);
  },

  /**
   * Every write of a batch in one statement (one round trip): balances, transfers, entries,
   * fiscal-year counters and the answers stored under their idempotency keys. Each balance and
   * fiscal-year row is written only if it still holds what the batch decided on (\`before\`);
   * if one does not, or a key was stored meanwhile, the statement fails as a whole with 40001
   * or 23505 and writes nothing. Outside a transaction the statement is its own commit.
   */
  async writeBatch(
    db: Db,
    w: {
      balances: Checked<BalanceState>[];
      transfers: { id: string; kind: string; relatedId: string | null; memo: Record<string, unknown>; createdAt: Date }[];
      entries: NewEntry[];
      feeYears: Checked<FeeYearState>[];
      outcomes: StoredOutcome[];
      at: Date;
    },
  ): Promise<void> {
    const at = w.at.toISOString();
    // Balances and entries, the most rows and all of them ids and numbers, go as one array
    // literal per column: shorter than JSON with every key repeated, and cheaper to make here and
    // to read there. The rest go as one JSON document per table (JSON.stringify is native; pg's
    // own array parameters are escaped element by element).
    const { balances, entries } = w;
    const feeYears = w.feeYears.map(({ now, before }) => ({
      ...now,
      salesBefore: before.sales,
      feesBefore: before.fees,
      paymentsBefore: before.payments,
      refundsBefore: before.refunds,
      feesReturnedBefore: before.feesReturned,
    }));
    await sql`
      with b as (
        update currency.balance b set balance = v.balance, held = v.held
        from unnest(${ids(balances.map((r) => r.now.accountId))}::uuid[], ${ints(balances.map((r) => r.now.shard))}::int[],
          ${ints(balances.map((r) => r.now.balance))}::bigint[], ${ints(balances.map((r) => r.now.held))}::bigint[],
          ${ints(balances.map((r) => r.before.balance))}::bigint[], ${ints(balances.map((r) => r.before.held))}::bigint[])
          as v(account_id, shard, balance, held, balance_before, held_before)
        where b.account_id = v.account_id and b.shard = v.shard and b.balance = v.balance_before and b.held = v.held_before
        returning 1
      ), t as (
        insert into currency.transfer (id, kind, related_id, memo, created_at)
        select v.id, v.kind, v."relatedId", v.memo, ${at}::timestamptz
        from json_to_recordset(${JSON.stringify(w.transfers)}::json) as v(id uuid, kind text, "relatedId" uuid, memo jsonb)
      ), e as (
        insert into currency.entry (transfer_id, leg, account_id, shard, currency, amount, balance_after, created_at)
        select v.transfer_id, v.leg, v.account_id, v.shard, v.currency, v.amount, v.balance_after, ${at}::timestamptz
        from unnest(${ids(entries.map((e) => e.transferId))}::uuid[], ${ints(entries.map((e) => e.leg))}::int[],
          ${ids(entries.map((e) => e.accountId))}::uuid[], ${ints(entries.map((e) => e.shard))}::int[],
          ${codes(entries.map((e) => e.currency))}::text[], ${ints(entries.map((e) => e.amount))}::bigint[],
          ${ints(entries.map((e) => e.balanceAfter))}::bigint[])
          as v(transfer_id, leg, account_id, shard, currency, amount, balance_after)
      ), f as (
        update currency.fee_year f set sales = v.sales, fees = v.fees, payments = v.payments, refunds = v.refunds, fees_returned = v."feesReturned"
        from json_to_recordset(${JSON.stringify(feeYears)}::json)
          as v("accountId" uuid, "fiscalYear" int, sales bigint, fees bigint, payments int, refunds bigint, "feesReturned" bigint,
            "salesBefore" bigint, "feesBefore" bigint, "paymentsBefore" int, "refundsBefore" bigint, "feesReturnedBefore" bigint)
        where f.account_id = v."accountId" and f.fiscal_year = v."fiscalYear" and f.sales = v."salesBefore" and f.fees = v."feesBefore"
          and f.payments = v."paymentsBefore" and f.refunds = v."refundsBefore" and f.fees_returned = v."feesReturnedBefore"
        returning 1
      ), o as (
        insert into currency.idempotency (scope, key, fingerprint, status, result)
        select v.scope, v.key, v.fingerprint, v.status, v.result
        from json_to_recordset(${JSON.stringify(w.outcomes)}::json) as v(scope text, key text, fingerprint text, status int, result jsonb)
        on conflict do nothing
        returning 1
      )
      select case
        when (select count(*) from o) < ${w.outcomes.length}::int
          then currency.batch_conflict('23505', 'an idempotency key of the batch was stored meanwhile')
        when (select count(*) from b) < ${balances.length}::int or (select count(*) from f) < ${feeYears.length}::int
          then currency.batch_conflict('40001', 'a balance or fiscal year changed after the batch read it')
        else 0 end as conflict`.execute(db);
  },

  async upsertHolds(db: Db, rows: HoldState[], now: Date): Promise<void> {
    if (rows.length === 0) return;
    await sql`insert into currency.hold (id, account_id, payee_account_id, amount, captured, status, expires_at, created_at)
      select i, a, p, m, c, s, e, ${now.toISOString()}::timestamptz
      from unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.accountId)}::uuid[], ${rows.map((r) => r.payeeAccountId)}::uuid[],
        ${rows.map((r) => r.amount)}::bigint[], ${rows.map((r) => r.captured)}::bigint[], ${rows.map((r) => r.status)}::text[],
        ${rows.map((r) => r.expiresAt.toISOString())}::timestamptz[]) as v(i, a, p, m, c, s, e)
      on conflict (id) do update set captured = excluded.captured, status = excluded.status,
        settled_at = case when excluded.status <> 'pending' then ${now.toISOString()}::timestamptz end`.execute(db);
  },

  async upsertRefundables(db: Db, rows: { transferId: string; amount: number; refunded: number }[]): Promise<void> {
    if (rows.length === 0) return;
    await sql`insert into currency.refundable (transfer_id, amount, refunded)
      select * from unnest(${rows.map((r) => r.transferId)}::uuid[], ${rows.map((r) => r.amount)}::bigint[], ${rows.map((r) => r.refunded)}::bigint[])
      on conflict (transfer_id) do update set refunded = excluded.refunded`.execute(db);
  },
};
