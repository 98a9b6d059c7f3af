import type { Kysely } from 'kysely';
import type { NoTables } from '@lib/db/database.ts';
import type { CurrencyErrorCode } from '../errors.ts';

export type AccountKind =
  | 'wallet'
  | 'shop'
  | 'business'
  | 'campaign_fund'
  | 'bank_issuance'
  | 'bank_settlement'
  | 'fee_income'
  | 'voucher'
  | 'points'
  | 'point_issuer'
  | 'shop_points';

/** Coins are yen-denominated (`JPY`); つなポン points (`PT`) are their own currency. */
export type CurrencyCode = 'JPY' | 'PT';

/** Issuer-type accounts are the only ones allowed below zero: their negative is the money in circulation. */
export const ISSUER_KINDS: readonly AccountKind[] = ['bank_issuance', 'point_issuer'];

export type TransferKind =
  | 'charge'
  | 'counter_charge'
  | 'payment'
  | 'refund'
  | 'cash_out'
  | 'voucher_purchase'
  | 'voucher_expiry'
  | 'points_award'
  | 'points_spend'
  | 'points_expiry'
  | 'hold'
  | 'hold_capture'
  | 'hold_void'
  | 'hold_expiry'
  | 'invoice_payment'
  | 'request_payment'
  | 'funding'
  | 'transfer';

/** One movement of `amount` from `from` to `to` (same currency). */
export type Leg = { from: string; to: string; amount: number };

/** A shop's fee on a payment, decided under the lock of its fiscal-year row so the annual cap holds. */
export type FeeRule = {
  shop: string;
  feeAccount: string;
  /** Basis points: 200 = 2%. */
  rateBp: number;
  /** Largest fee per fiscal year, or null for none. */
  annualCap: number | null;
  fiscalYear: number;
  /** The sale the fee is on. */
  sales: number;
};

/** A request to the ledger; one atomic transfer with any number of legs, remembered under its key. */
export type Posting = {
  scope: string;
  key: string;
  /** Digest of the request as the caller sent it: the same key with another request is refused. */
  fingerprint: string;
  transferId: string;
  kind: TransferKind;
  legs: Leg[];
  relatedId?: string;
  memo?: Record<string, unknown>;
  fee?: FeeRule;
  holdCreate?: { id: string; account: string; payee: string; amount: number; expiresAt: Date };
  holdCapture?: { holdId: string; amount: number };
  holdRelease?: { holdId: string; status: 'voided' | 'expired' };
  /**
   * The payment this refunds; its refunds together may not exceed it. With `fee`, the refund
   * gives the shop back the fee portion it carries (fee × refunded ÷ payment, rounded down over
   * the running total, so a full refund returns the whole fee) and books the refund and the
   * returned fee in the payment's fiscal year.
   */
  refundOf?: {
    transferId: string;
    paymentAmount: number;
    fee?: { shop: string; feeAccount: string; fiscalYear: number; paymentFee: number };
  };
  /**
   * Something this posting uses up besides money (a one-time code, an invoice): a second posting
   * claiming it in the same batch is refused with `code`.
   */
  claim?: { id: string; code: CurrencyErrorCode };
  /**
   * A limit per person (vouchers of a campaign): `used` reads, and locks, how many were taken
   * before this batch; the batch counts the ones it applies itself, so two in one batch both fit
   * when the limit allows two.
   */
  quota?: { id: string; limit: number; code: CurrencyErrorCode; used: (tx: Kysely<NoTables>) => Promise<number> };
  /** Checked inside the batch's transaction before money moves (e.g. "is the code still unused?"). */
  guard?: (tx: Kysely<NoTables>) => Promise<CurrencyErrorCode | null>;
  /** Written inside the batch's transaction once the posting is applied (mark the code used…). */
  onApplied?: (tx: Kysely<NoTables>, transferId: string) => Promise<void>;
};

export type PostedEntry = { account: string; amount: number; balanceAfter: number };

export type PostingOutcome =
  | { ok: true; transferId: string; createdAt: string; fee: number; holdId: string | null; replayed: boolean }
  | { ok: false; code: CurrencyErrorCode; replayed: boolean };

export type AccountMeta = { id: string; kind: AccountKind; currency: CurrencyCode; shards: number; mayGoNegative: boolean; expiresAt: Date | null };

export type BalanceState = { accountId: string; shard: number; balance: number; held: number; mayGoNegative: boolean };

export type HoldState = {
  id: string;
  accountId: string;
  payeeAccountId: string;
  amount: number;
  captured: number;
  status: 'pending' | 'captured' | 'voided' | 'expired';
  expiresAt: Date;
};

/** A shop's fiscal year: gross sales and fees charged, and what refunds took back of each. */
export type FeeYearState = {
  accountId: string;
  fiscalYear: number;
  sales: number;
  fees: number;
  payments: number;
  refunds: number;
  feesReturned: number;
};

export const MAX_AMOUNT = 10_000_000;

/** The fiscal year (April–March, Japan time) a moment falls in: 2026-03-31 JST is FY2025. */
export function fiscalYearOf(at: Date): number {
  const jst = new Date(at.getTime() + 9 * 3600_000);
  const year = jst.getUTCFullYear();
  return jst.getUTCMonth() >= 3 ? year : year - 1;
}
