import { CurrencyError } from './errors.ts';
import { fiscalYearOf, ledgerReads, type Leg } from './ledger/index.ts';
import { currencySql, type BusinessRow } from './repository.ts';
import type { Payouts } from './payouts.ts';
import type { CurrencyCore, Moved, PaymentMemo } from './service.ts';

export type FeeStatement = {
  fiscalYear: number;
  sales: number;
  refunds: number;
  netSales: number;
  payments: number;
  feesCharged: number;
  feesReturned: number;
  fees: number;
  rateBp: number;
  annualCap: number | null;
  typicalRateBp: number;
  typicalFee: number;
  feeSaved: number;
};

/** What a shop's owner or staff do: take payments by scanning, refund, cash out, read statements. */
export class ShopUseCases {
  constructor(
    private readonly core: CurrencyCore,
    private readonly payouts: Payouts,
  ) {}

  /** The business, if the person is its owner or staff (owners only where `ownerOnly`). */
  async asMember(subject: string, businessId: string, ownerOnly = false): Promise<BusinessRow> {
    const business = await this.core.business(businessId);
    const role = await currencySql.role(this.core.db, businessId, subject);
    if (!role || (ownerOnly && role !== 'owner')) throw new CurrencyError('not_a_member', 'You are not staff of this business.');
    return business;
  }

  private scope(business: BusinessRow): string {
    return `biz:${business.id}`;
  }

  /** Takes a payment by scanning the customer's one-time code. */
  async scanCode(subject: string, businessId: string, key: string, input: { code: string; amount: number }): Promise<Moved> {
    const shop = await this.asMember(subject, businessId);
    const code = await currencySql.code(this.core.db, input.code);
    if (!code) throw new CurrencyError('code_not_found');
    const now = this.core.clock();
    const memo: PaymentMemo = {
      amount: input.amount,
      payee: { id: shop.id, name: shop.name, field: shop.field },
      payerSubject: code.subject,
      sources: [{ account: code.account_id, amount: input.amount }],
      method: 'customer_code',
    };
    return this.core.move({
      scope: this.scope(shop),
      key,
      request: input,
      kind: 'payment',
      legs: [{ from: code.account_id, to: shop.account_id, amount: input.amount }],
      memo,
      extra: {
        fee: await this.core.feeRule(shop, input.amount),
        claim: { id: `code:${input.code}`, code: 'code_used' },
        guard: async (tx) => {
          const locked = await currencySql.lockCode(tx, input.code);
          if (!locked) return 'code_not_found';
          if (locked.used_at) return 'code_used';
          if (new Date(locked.expires_at).getTime() <= now.getTime()) return 'code_expired';
          return null;
        },
        onApplied: (tx, transferId) => currencySql.useCode(tx, input.code, transferId),
      },
    });
  }

  /** Refunds a payment the shop received, fully (no amount) or partly. */
  async refund(subject: string, businessId: string, key: string, input: { paymentId: string; amount?: number }): Promise<Moved> {
    const shop = await this.asMember(subject, businessId);
    const payment = await ledgerReads.transfer(this.core.db, input.paymentId);
    const memo = payment?.memo as PaymentMemo | undefined;
    if (!payment || !memo || payment.kind !== 'payment' || memo.payee?.id !== shop.id)
      throw new CurrencyError('not_refundable', 'No payment to this shop has that id.');
    const amount = input.amount ?? memo.amount;
    // Money goes back where it came from, the wallet first, then vouchers.
    const legs: Leg[] = [];
    let left = amount;
    for (const source of [...memo.sources].reverse()) {
      if (left === 0) break;
      const part = Math.min(left, source.amount);
      legs.push({ from: shop.account_id, to: source.account, amount: part });
      left -= part;
    }
    if (left > 0) throw new CurrencyError('refund_exceeds_payment');
    // The fee the payment carried is given back in proportion, in the payment's fiscal year.
    const { fees } = await this.core.accounts.systemAccounts();
    const fee = {
      shop: shop.account_id,
      feeAccount: fees,
      fiscalYear: fiscalYearOf(new Date(payment.created_at)),
      paymentFee: await ledgerReads.transferAmountTo(this.core.db, payment.id, fees),
    };
    return this.core.move({
      scope: this.scope(shop),
      key,
      request: input,
      kind: 'refund',
      legs,
      memo: { amount, paymentId: payment.id, payee: memo.payee, payerSubject: memo.payerSubject },
      extra: { relatedId: payment.id, refundOf: { transferId: payment.id, paymentAmount: memo.amount, fee } },
    });
  }

  /** Instant cash-out (即時現金化): coins leave the shop's account and yen go to its bank account. */
  async cashOut(subject: string, businessId: string, key: string, amount: number): Promise<Moved> {
    const shop = await this.asMember(subject, businessId, true);
    const { settlement } = await this.core.accounts.systemAccounts();
    const scope = this.scope(shop);
    const account = shop.bank_account ?? '';
    const moved = await this.core.move({
      scope,
      key,
      request: { amount },
      kind: 'cash_out',
      legs: [{ from: shop.account_id, to: settlement, amount }],
      memo: { amount, bank: this.core.bank.label, bankAccount: shop.bank_account },
      extra: {
        // The payout to make commits with the coins leaving; the bank is called after (see Payouts).
        onApplied: (tx, transferId) => this.payouts.record(tx, { transfer_id: transferId, business_id: shop.id, scope, key, account, amount }),
      },
    });
    // A retry of a cash-out whose payout a crash interrupted finishes it now.
    const pending = await this.payouts.pendingOf(moved.transferId);
    if (pending) await this.payouts.settle(pending);
    return moved;
  }

  async balance(subject: string, businessId: string) {
    const shop = await this.asMember(subject, businessId);
    const account = await ledgerReads.account(this.core.db, shop.account_id);
    const points = shop.points_account_id ? await ledgerReads.account(this.core.db, shop.points_account_id) : undefined;
    return { business: shop, balance: account?.balance ?? 0, points: points?.balance ?? 0 };
  }

  async statement(subject: string, businessId: string, from: Date, to: Date) {
    const shop = await this.asMember(subject, businessId);
    return ledgerReads.statement(this.core.db, shop.account_id, from, to);
  }

  /** Sales and fees of a fiscal year, and what the shop saved against a typical cashless fee. */
  async feeStatement(subject: string, businessId: string, fiscalYear?: number): Promise<FeeStatement> {
    const shop = await this.asMember(subject, businessId);
    const year = fiscalYear ?? fiscalYearOf(this.core.clock());
    const policy = await this.core.feePolicy(shop.size);
    const row = (await currencySql.feeYear(this.core.db, shop.account_id, year)) ?? { sales: 0, fees: 0, payments: 0, refunds: 0, fees_returned: 0 };
    const netSales = row.sales - row.refunds;
    const fees = row.fees - row.fees_returned;
    // Both fees are on sales net of refunds: a refunded sale costs the shop no fee, here or at a typical provider.
    const typicalFee = Math.floor((netSales * policy.typical_rate_bp) / 10_000);
    return {
      fiscalYear: year,
      sales: row.sales,
      refunds: row.refunds,
      netSales,
      payments: row.payments,
      feesCharged: row.fees,
      feesReturned: row.fees_returned,
      fees,
      rateBp: policy.rate_bp,
      annualCap: policy.annual_cap,
      typicalRateBp: policy.typical_rate_bp,
      typicalFee,
      feeSaved: typicalFee - fees,
    };
  }
}
