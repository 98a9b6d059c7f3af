import { randomInt, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { NoTables } from '@lib/db/database.ts';
import type { AccountDirectory } from './accounts.ts';
import type { BankGateway } from './bank.ts';
import { CurrencyError } from './errors.ts';
import { fingerprintOf, fiscalYearOf, ledgerReads, type Leg, type Ledger, type Posting, type TransferKind } from './ledger/index.ts';
import { currencySql, type BusinessRow, type FeePolicyRow } from './repository.ts';

export type Clock = () => Date;

/** What a money-moving request answered; a retry under the same key gets the same. */
export type Moved = {
  transferId: string;
  kind: TransferKind;
  amount: number;
  fee: number;
  createdAt: string;
  replayed: boolean;
  memo: Record<string, unknown>;
};

export type PaymentMemo = {
  amount: number;
  payee: { id: string; name: string; field: string };
  payerSubject: string | null;
  payerBusinessId?: string | null;
  sources: { account: string; amount: number }[];
  method: 'shop_code' | 'customer_code' | 'invoice' | 'payment_request' | 'points';
  reference?: string;
};

/** A money-moving request as a use case hands it to the ledger. */
export type MoveInput = {
  scope: string;
  key: string;
  request: unknown;
  kind: TransferKind;
  legs: Leg[];
  memo: Record<string, unknown>;
  extra?: Partial<Posting>;
};

const CODE_MINUTES = 5;
const CACHE_MS = 30_000;

/** The shared toolkit of the currency's use cases: ledger posting with idempotency, caches, fee rules. */
export class CurrencyCore {
  private readonly businessCache = new Map<string, { row: BusinessRow | undefined; at: number }>();
  private policies: { rows: FeePolicyRow[]; at: number } | undefined;

  constructor(
    readonly db: Kysely<NoTables>,
    readonly ledger: Ledger,
    readonly accounts: AccountDirectory,
    readonly bank: BankGateway,
    readonly clock: Clock = () => new Date(),
  ) {}

  /** Posts a transfer under `scope`/`key`; a refusal (also a replayed one) becomes a CurrencyError. */
  async move(input: MoveInput): Promise<Moved> {
    const transferId = randomUUID();
    const outcome = await this.ledger.post({
      scope: input.scope,
      key: input.key,
      fingerprint: fingerprintOf([input.kind, input.request]),
      transferId,
      kind: input.kind,
      legs: input.legs,
      memo: input.memo,
      ...input.extra,
    });
    if (!outcome.ok) throw new CurrencyError(outcome.code);
    const amount = typeof input.memo.amount === 'number' ? input.memo.amount : input.legs.reduce((s, l) => s + l.amount, 0);
    return {
      transferId: outcome.transferId,
      kind: input.kind,
      amount,
      fee: outcome.fee,
      createdAt: outcome.createdAt,
      replayed: outcome.replayed,
      memo: input.memo,
    };
  }

  async business(id: string): Promise<BusinessRow> {
    const found = await this.cached(`id:${id}`, () => currencySql.business(this.db, id));
    if (!found) throw new CurrencyError('shop_not_found');
    return found;
  }

  async businessByCode(code: string): Promise<BusinessRow> {
    const found = await this.cached(`code:${code}`, () => currencySql.businessByCode(this.db, code));
    if (!found || found.kind !== 'shop') throw new CurrencyError('shop_not_found', 'No shop shows this code.');
    return found;
  }

  forget(id: string): void {
    this.businessCache.delete(`id:${id}`);
  }

  private async cached(key: string, load: () => Promise<BusinessRow | undefined>): Promise<BusinessRow | undefined> {
    const hit = this.businessCache.get(key);
    const now = Date.now();
    if (hit && now - hit.at < CACHE_MS) return hit.row;
    const row = await load();
    this.businessCache.set(key, { row, at: now });
    return row;
  }

  async feePolicy(size: 'small' | 'large'): Promise<FeePolicyRow> {
    const now = Date.now();
    if (!this.policies || now - this.policies.at > CACHE_MS) this.policies = { rows: await currencySql.feePolicies(this.db), at: now };
    const policy = this.policies.rows.find((p) => p.size === size);
    if (!policy) throw new Error(`no fee policy for ${size}`);
    return policy;
  }

  resetPolicies(): void {
    this.policies = undefined;
  }

  /** The fee rule of a payment into a business (a shop's size decides its rate and cap). */
  async feeRule(payee: BusinessRow, amount: number): Promise<Posting['fee']> {
    const policy = await this.feePolicy(payee.size);
    const { fees } = await this.accounts.systemAccounts();
    return {
      shop: payee.account_id,
      feeAccount: fees,
      rateBp: policy.rate_bp,
      annualCap: policy.annual_cap,
      fiscalYear: fiscalYearOf(this.clock()),
      sales: amount,
    };
  }

  /** The accounts a person pays from: their vouchers valid at this shop (restricted ones first), then the wallet. */
  async payerSources(subject: string, payee: BusinessRow, amount: number, useVouchers: boolean): Promise<{ account: string; amount: number }[]> {
    const { wallet } = await this.accounts.walletOf(subject);
    const sources: { account: string; amount: number }[] = [];
    let left = amount;
    if (useVouchers && payee.kind === 'shop') {
      const now = this.clock().getTime();
      const vouchers = (await ledgerReads.accountsOf(this.db, `user:${subject}`, ['voucher']))
        .filter((v) => v.balance - v.held > 0 && (!v.expires_at || new Date(v.expires_at).getTime() > now))
        .filter((v) => v.restriction !== 'small_shop' || payee.size === 'small')
        .sort((a, b) => (a.restriction === 'small_shop' ? 0 : 1) - (b.restriction === 'small_shop' ? 0 : 1));
      for (const v of vouchers) {
        if (left === 0) break;
        const take = Math.min(left, v.balance - v.held);
        sources.push({ account: v.id, amount: take });
        left -= take;
      }
    }
    if (left > 0) sources.push({ account: wallet, amount: left });
    return sources;
  }

  newCode(): string {
    // 12 digits: what a shop's scanner reads from the QR, or a person types in.
    return Array.from({ length: 12 }, () => randomInt(10)).join('');
  }

  codeExpiry(): Date {
    return new Date(this.clock().getTime() + CODE_MINUTES * 60_000);
  }
}
