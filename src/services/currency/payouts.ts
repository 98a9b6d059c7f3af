import type { Kysely } from 'kysely';
import type { NoTables } from '@lib/db/database.ts';
import { CurrencyError } from './errors.ts';
import { payoutSql, type PayoutRow } from './repository.ts';
import type { CurrencyCore } from './service.ts';

/**
 * The yen side of a cash-out. The ledger transfer and a `pending` payout row commit together;
 * the bank is called after. A crash in between leaves the row pending, and the reconciler pays
 * it out later: at start and every minute. The bank books each payout once per reference (the
 * transfer id), so paying twice is safe, and a refusal is undone by a correcting transfer under
 * a key derived from the cash-out's, so it is undone once.
 */
export class Payouts {
  constructor(private readonly core: CurrencyCore) {}

  /** Written inside the cash-out's transaction. */
  record(tx: Kysely<NoTables>, row: Omit<PayoutRow, 'status' | 'attempts' | 'reason' | 'created_at'>): Promise<void> {
    return payoutSql.insert(tx, row);
  }

  /** Pays a pending payout; a bank refusal returns the coins to the shop and throws `bank_refused`. */
  async settle(payout: PayoutRow): Promise<void> {
    const paid = await this.core.bank.payout({ reference: payout.transfer_id, account: payout.account, amount: payout.amount });
    if (paid.ok) {
      await payoutSql.finish(this.core.db, payout.transfer_id, 'paid', null);
      return;
    }
    const business = await this.core.business(payout.business_id);
    const { settlement } = await this.core.accounts.systemAccounts();
    // The coins come back by a correcting transfer; the ledger never edits the cash-out itself.
    await this.core.move({
      scope: payout.scope,
      key: `${payout.key}:reversal`,
      request: { amount: payout.amount },
      kind: 'transfer',
      legs: [{ from: settlement, to: business.account_id, amount: payout.amount }],
      memo: { amount: payout.amount, reverses: payout.transfer_id, reason: paid.reason },
      extra: { relatedId: payout.transfer_id },
    });
    await payoutSql.finish(this.core.db, payout.transfer_id, 'refused', paid.reason);
    throw new CurrencyError('bank_refused', paid.reason);
  }

  async pendingOf(transferId: string): Promise<PayoutRow | undefined> {
    const row = await payoutSql.get(this.core.db, transferId);
    return row?.status === 'pending' ? row : undefined;
  }

  /** Pays out every cash-out still pending after `olderThanMs` (0 at start: whatever a crash left). */
  async reconcile(olderThanMs: number): Promise<{ paid: number; refused: number; failed: number }> {
    let paid = 0;
    let refused = 0;
    let failed = 0;
    for (const payout of await payoutSql.pending(this.core.db, new Date(this.core.clock().getTime() - olderThanMs), 50)) {
      await payoutSql.tried(this.core.db, payout.transfer_id);
      try {
        await this.settle(payout);
        paid++;
      } catch (error) {
        // A bank that cannot be reached now stays pending for the next round; the others go on.
        if (error instanceof CurrencyError) refused++;
        else failed++;
      }
    }
    return { paid, refused, failed };
  }
}
