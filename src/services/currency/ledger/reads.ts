import { sql, type Kysely } from 'kysely';
import type { NoTables } from '@lib/db/database.ts';
import type { AccountKind, CurrencyCode } from './types.ts';

type Db = Kysely<NoTables>;

export type AccountRow = {
  id: string;
  kind: AccountKind;
  currency: CurrencyCode;
  owner: string | null;
  name: string;
  field: string | null;
  restriction: 'any_shop' | 'small_shop' | null;
  campaign_id: string | null;
  expires_at: Date | null;
  balance: number;
  held: number;
};

export type StatementLine = {
  entryId: number;
  transferId: string;
  kind: string;
  amount: number;
  balanceAfter: number;
  counterparty: string | null;
  memo: Record<string, unknown>;
  at: Date;
};

export type TransferRow = { id: string; kind: string; related_id: string | null; memo: Record<string, unknown>; created_at: Date };

/** Read-side SQL of the ledger: balances summed over shards, statements, invariants. */
export const ledgerReads = {
  async account(db: Db, id: string): Promise<AccountRow | undefined> {
    const rows = await sql<AccountRow>`select a.id, a.kind, a.currency, a.owner, a.name, a.field, a.restriction, a.campaign_id, a.expires_at,
        coalesce(sum(b.balance), 0)::bigint as balance, coalesce(sum(b.held), 0)::bigint as held
      from currency.account a join currency.balance b on b.account_id = a.id
      where a.id = ${id} group by a.id`.execute(db);
    return rows.rows[0];
  },

  async accountsOf(db: Db, owner: string, kinds: readonly AccountKind[]): Promise<AccountRow[]> {
    const rows = await sql<AccountRow>`select a.id, a.kind, a.currency, a.owner, a.name, a.field, a.restriction, a.campaign_id, a.expires_at,
        coalesce(sum(b.balance), 0)::bigint as balance, coalesce(sum(b.held), 0)::bigint as held
      from currency.account a join currency.balance b on b.account_id = a.id
      where a.owner = ${owner} and a.kind = any(${kinds}::text[]) group by a.id order by a.created_at, a.id`.execute(db);
    return rows.rows;
  },

  async positiveOfKind(db: Db, kind: AccountKind): Promise<{ id: string; balance: number }[]> {
    const rows = await sql<{ id: string; balance: number }>`select a.id, sum(b.balance)::bigint as balance from currency.account a
      join currency.balance b on b.account_id = a.id where a.kind = ${kind} group by a.id having sum(b.balance) > 0`.execute(db);
    return rows.rows;
  },

  /** Entries of one account in [from, to), with the account's balance after each (over all its shards). */
  async statement(db: Db, accountId: string, from: Date, to: Date): Promise<{ opening: number; lines: StatementLine[] }> {
    const opening = await sql<{ sum: number }>`select coalesce(sum(amount), 0)::bigint as sum from currency.entry
      where account_id = ${accountId} and created_at < ${from.toISOString()}::timestamptz`.execute(db);
    const start = opening.rows[0]?.sum ?? 0;
    const rows = await sql<{
      id: number;
      transfer_id: string;
      kind: string;
      amount: number;
      running: number;
      counterparty: string | null;
      memo: Record<string, unknown>;
      created_at: Date;
    }>`select e.id, e.transfer_id, t.kind, e.amount, sum(e.amount) over (order by e.created_at, e.id)::bigint as running, t.memo, e.created_at,
        (select o.account_id::text from currency.entry o where o.transfer_id = e.transfer_id and o.leg = e.leg and o.account_id <> e.account_id limit 1) as counterparty
      from currency.entry e join currency.transfer t on t.id = e.transfer_id
      where e.account_id = ${accountId} and e.created_at >= ${from.toISOString()}::timestamptz and e.created_at < ${to.toISOString()}::timestamptz
      order by e.created_at, e.id`.execute(db);
    return {
      opening: start,
      lines: rows.rows.map((r) => ({
        entryId: r.id,
        transferId: r.transfer_id,
        kind: r.kind,
        amount: r.amount,
        balanceAfter: start + r.running,
        counterparty: r.counterparty,
        memo: r.memo,
        at: new Date(r.created_at),
      })),
    };
  },

  async transfer(db: Db, id: string): Promise<TransferRow | undefined> {
    const rows = await sql<TransferRow>`select id, kind, related_id, memo, created_at from currency.transfer where id = ${id}`.execute(db);
    return rows.rows[0];
  },

  async transferAmountTo(db: Db, transferId: string, accountId: string): Promise<number> {
    const rows = await sql<{ sum: number }>`select coalesce(sum(amount), 0)::bigint as sum from currency.entry
      where transfer_id = ${transferId} and account_id = ${accountId}`.execute(db);
    return rows.rows[0]?.sum ?? 0;
  },

  /** Per currency: the sum of all balances (must be 0) and of all entries (must be 0). */
  async invariants(db: Db): Promise<{ currency: string; balances: number; entries: number }[]> {
    const rows = await sql<{ currency: string; balances: number; entries: number }>`
      select c.currency,
        coalesce((select sum(balance) from currency.balance b where b.currency = c.currency), 0)::bigint as balances,
        coalesce((select sum(amount) from currency.entry e where e.currency = c.currency), 0)::bigint as entries
      from (values ('JPY'), ('PT')) c(currency)`.execute(db);
    return rows.rows;
  },

  /** Balance rows that break their own rule (none, if the CHECKs hold), and entry sums that disagree with balances. */
  async violations(db: Db): Promise<number> {
    const rows = await sql<{ n: number }>`select count(*)::int as n from currency.balance b
      where (not b.may_go_negative and b.balance - b.held < 0)
        or b.balance <> coalesce((select sum(amount) from currency.entry e where e.account_id = b.account_id and e.shard = b.shard), 0)`.execute(db);
    return rows.rows[0]?.n ?? 0;
  },
};
