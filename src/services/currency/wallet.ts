import { CurrencyError } from './errors.ts';
import { ledgerReads, type Leg } from './ledger/index.ts';
import { currencySql } from './repository.ts';
import type { CurrencyCore, Moved, PaymentMemo } from './service.ts';

export type WalletView = {
  accountId: string;
  balance: number;
  held: number;
  points: number;
  vouchers: {
    accountId: string;
    campaignId: string | null;
    name: string;
    balance: number;
    restriction: 'any_shop' | 'small_shop' | null;
    expiresAt: string | null;
  }[];
  bank: { bankName: string; accountMasked: string; demo: boolean; label: string } | null;
};

/** What a signed-in person does with their wallet: see it, charge it, pay at shops, show a one-time code. */
export class WalletUseCases {
  constructor(private readonly core: CurrencyCore) {}

  private scope(subject: string): string {
    return `user:${subject}`;
  }

  async view(subject: string): Promise<WalletView> {
    const { wallet, points } = await this.core.accounts.walletOf(subject);
    const [w, p, vouchers, bank] = [
      await ledgerReads.account(this.core.db, wallet),
      await ledgerReads.account(this.core.db, points),
      await ledgerReads.accountsOf(this.core.db, `user:${subject}`, ['voucher']),
      await currencySql.bankLink(this.core.db, subject),
    ];
    return {
      accountId: wallet,
      balance: w?.balance ?? 0,
      held: w?.held ?? 0,
      points: p?.balance ?? 0,
      vouchers: vouchers
        .filter((v) => v.balance > 0)
        .map((v) => ({
          accountId: v.id,
          campaignId: v.campaign_id,
          name: v.name,
          balance: v.balance,
          restriction: v.restriction,
          expiresAt: v.expires_at ? new Date(v.expires_at).toISOString() : null,
        })),
      bank: bank ? { bankName: bank.bank_name, accountMasked: bank.account_masked, demo: this.core.bank.demo, label: this.core.bank.label } : null,
    };
  }

  async history(subject: string, account: 'wallet' | 'points', from: Date, to: Date) {
    const accounts = await this.core.accounts.walletOf(subject);
    return ledgerReads.statement(this.core.db, account === 'wallet' ? accounts.wallet : accounts.points, from, to);
  }

  async linkBank(subject: string, bankName: string, accountNumber: string): Promise<void> {
    await currencySql.setBankLink(this.core.db, subject, bankName, `****${accountNumber.slice(-3)}`);
  }

  /** Charges coins from the person's registered bank account (the demo bank in this build). */
  async charge(subject: string, key: string, amount: number): Promise<Moved> {
    const link = await currencySql.bankLink(this.core.db, subject);
    if (!link) throw new CurrencyError('bank_refused', 'Register a bank account first (PUT /api/currency/wallet/bank-account).');
    const bank = await this.core.bank.debit({
      reference: `${this.scope(subject)}:${key}`,
      account: `${link.bank_name}/${link.account_masked}`,
      amount,
    });
    if (!bank.ok) throw new CurrencyError('bank_refused', bank.reason);
    const { wallet } = await this.core.accounts.walletOf(subject);
    const { issuance } = await this.core.accounts.systemAccounts();
    return this.core.move({
      scope: this.scope(subject),
      key,
      request: { amount },
      kind: 'charge',
      legs: [{ from: issuance, to: wallet, amount }],
      memo: { amount, bank: this.core.bank.label },
    });
  }

  /** A one-time code (QR) a shop scans to take a payment, or city staff to charge at the counter. */
  async createCode(subject: string): Promise<{ code: string; expiresAt: Date }> {
    const { wallet } = await this.core.accounts.walletOf(subject);
    const code = this.core.newCode();
    const expiresAt = this.core.codeExpiry();
    await currencySql.insertCode(this.core.db, { code, subject, accountId: wallet, expiresAt });
    return { code, expiresAt };
  }

  /** Pays a shop whose static QR code the person scanned, for the amount they typed. */
  async payShop(subject: string, key: string, input: { shopCode: string; amount: number; useVouchers: boolean }): Promise<Moved> {
    const shop = await this.core.businessByCode(input.shopCode);
    const sources = await this.core.payerSources(subject, shop, input.amount, input.useVouchers);
    const legs: Leg[] = sources.map((s) => ({ from: s.account, to: shop.account_id, amount: s.amount }));
    const memo: PaymentMemo = {
      amount: input.amount,
      payee: { id: shop.id, name: shop.name, field: shop.field },
      payerSubject: subject,
      sources,
      method: 'shop_code',
    };
    return this.core.move({
      scope: this.scope(subject),
      key,
      request: input,
      kind: 'payment',
      legs,
      memo,
      extra: { fee: await this.core.feeRule(shop, input.amount) },
    });
  }

  /** Spends つなポン at a shop that accepts them. */
  async payPoints(subject: string, key: string, input: { shopCode: string; points: number }): Promise<Moved> {
    const shop = await this.core.businessByCode(input.shopCode);
    if (!shop.accepts_points || !shop.points_account_id) throw new CurrencyError('currency_mismatch', 'This shop does not accept つなポン.');
    const { points } = await this.core.accounts.walletOf(subject);
    const memo: PaymentMemo = {
      amount: input.points,
      payee: { id: shop.id, name: shop.name, field: shop.field },
      payerSubject: subject,
      sources: [{ account: points, amount: input.points }],
      method: 'points',
    };
    return this.core.move({
      scope: this.scope(subject),
      key,
      request: input,
      kind: 'points_spend',
      legs: [{ from: points, to: shop.points_account_id, amount: input.points }],
      memo,
    });
  }
}
