import type { CurrencyErrorCode } from '../errors.ts';
import type { AccountMeta, BalanceState, FeeYearState, HoldState, Posting } from './types.ts';

/** What a batch locked: balance rows, holds, refund counters and fee years, changed in memory. */
export type LockedState = {
  accounts: Map<string, AccountMeta>;
  balances: Map<string, BalanceState>;
  holds: Map<string, HoldState>;
  refundables: Map<string, { amount: number; refunded: number }>;
  feeYears: Map<string, FeeYearState>;
  /** Transfers known to exist (refunds may only refer to these), growing as the batch applies postings. */
  knownTransfers: Set<string>;
  /** The shard each sharded account is credited on in this batch. */
  creditShard: (accountId: string) => number;
};

export type NewEntry = { transferId: string; leg: number; accountId: string; shard: number; currency: string; amount: number; balanceAfter: number };

export type Applied = { entries: NewEntry[]; fee: number };

export const balanceKey = (accountId: string, shard: number) => `${accountId}:${shard}`;
export const feeYearKey = (accountId: string, fiscalYear: number) => `${accountId}:${fiscalYear}`;

class Refusal extends Error {
  constructor(readonly code: CurrencyErrorCode) {
    super(code);
  }
}

/**
 * Applies one posting to the locked state, or changes nothing and names why not. Postings of a
 * batch are applied in order, so each sees the balances the ones before it left.
 */
export function applyPosting(state: LockedState, posting: Posting, now: Date): Applied | { refused: CurrencyErrorCode } {
  // An undo log keeps a refused posting from leaving half its changes, without copying the batch's rows.
  const undo: (() => void)[] = [];
  try {
    return applyTo(state, posting, now, undo);
  } catch (error) {
    for (const step of undo.reverse()) step();
    if (error instanceof Refusal) return { refused: error.code };
    throw error;
  }
}

type Draft = LockedState;
type Undo = (() => void)[];

function save<T extends object>(undo: Undo, value: T): T {
  const copy = { ...value };
  undo.push(() => Object.assign(value, copy));
  return value;
}

function getOrCreate<V extends object>(undo: Undo, map: Map<string, V>, key: string, create: () => V): V {
  const found = map.get(key);
  if (found) return save(undo, found);
  const made = create();
  map.set(key, made);
  undo.push(() => map.delete(key));
  return made;
}

const emptyYear = (accountId: string, fiscalYear: number): FeeYearState => ({
  accountId,
  fiscalYear,
  sales: 0,
  fees: 0,
  payments: 0,
  refunds: 0,
  feesReturned: 0,
});

function account(draft: Draft, id: string): AccountMeta {
  const meta = draft.accounts.get(id);
  if (!meta) throw new Refusal('account_not_found');
  return meta;
}

function row(draft: Draft, accountId: string, shard: number): BalanceState {
  const found = draft.balances.get(balanceKey(accountId, shard));
  if (!found) throw new Error(`balance ${accountId}/${shard} was not locked`);
  return found;
}

/** The shards of an account this batch locked, the batch's credit shard first. */
function lockedShards(draft: Draft, meta: AccountMeta): number[] {
  if (meta.shards === 1) return [0];
  const first = draft.creditShard(meta.id);
  const rest = [];
  for (let shard = 0; shard < meta.shards; shard++) if (shard !== first && draft.balances.has(balanceKey(meta.id, shard))) rest.push(shard);
  return [first, ...rest];
}

function available(draft: Draft, meta: AccountMeta): number {
  let sum = 0;
  for (const shard of lockedShards(draft, meta)) {
    const r = row(draft, meta.id, shard);
    sum += r.balance - r.held;
  }
  return sum;
}

function applyTo(draft: Draft, posting: Posting, now: Date, undo: Undo): Applied {
  const entries: NewEntry[] = [];
  const legs = [...posting.legs];
  let fee = 0;

  if (posting.holdCreate) {
    const h = posting.holdCreate;
    const payer = account(draft, h.account);
    const payee = account(draft, h.payee);
    if (payer.currency !== payee.currency) throw new Refusal('currency_mismatch');
    if (payer.shards !== 1) throw new Error('holds are only placed on single-balance accounts');
    const r = save(undo, row(draft, payer.id, 0));
    if (!r.mayGoNegative && r.balance - r.held < h.amount) throw new Refusal('insufficient_funds');
    r.held += h.amount;
    getOrCreate(undo, draft.holds, h.id, () => ({
      id: h.id,
      accountId: h.account,
      payeeAccountId: h.payee,
      amount: h.amount,
      captured: 0,
      status: 'pending' as const,
      expiresAt: h.expiresAt,
    }));
  }
  if (posting.holdCapture || posting.holdRelease) {
    const holdId = posting.holdCapture?.holdId ?? posting.holdRelease?.holdId ?? '';
    const found = draft.holds.get(holdId);
    if (!found) throw new Refusal('hold_not_found');
    const hold = save(undo, found);
    if (hold.status !== 'pending') throw new Refusal('hold_not_pending');
    const expired = hold.expiresAt.getTime() <= now.getTime();
    if (posting.holdCapture) {
      if (expired) throw new Refusal('hold_expired');
      if (posting.holdCapture.amount > hold.amount) throw new Refusal('capture_exceeds_hold');
      hold.status = 'captured';
      hold.captured = posting.holdCapture.amount;
      legs.unshift({ from: hold.accountId, to: hold.payeeAccountId, amount: posting.holdCapture.amount });
    } else if (posting.holdRelease) {
      if (posting.holdRelease.status === 'expired' && !expired) throw new Refusal('hold_not_pending');
      hold.status = posting.holdRelease.status;
    }
    save(undo, row(draft, hold.accountId, 0)).held -= hold.amount;
  }
  if (posting.refundOf) {
    if (!draft.knownTransfers.has(posting.refundOf.transferId)) throw new Refusal('not_refundable');
    const paymentAmount = posting.refundOf.paymentAmount;
    const counter = getOrCreate(undo, draft.refundables, posting.refundOf.transferId, () => ({ amount: paymentAmount, refunded: 0 }));
    const total = legs.reduce((s, l) => s + l.amount, 0);
    if (counter.refunded + total > counter.amount) throw new Refusal('refund_exceeds_payment');
    const before = counter.refunded;
    counter.refunded += total;
    const f = posting.refundOf.fee;
    if (f) {
      const year = getOrCreate(undo, draft.feeYears, feeYearKey(f.shop, f.fiscalYear), () => emptyYear(f.shop, f.fiscalYear));
      const back = Math.floor((f.paymentFee * counter.refunded) / counter.amount) - Math.floor((f.paymentFee * before) / counter.amount);
      year.refunds += total;
      year.feesReturned += back;
      fee = -back;
      // The fee comes back first, so a shop can refund with what the payment left it.
      if (back > 0) legs.unshift({ from: f.feeAccount, to: f.shop, amount: back });
    }
  }
  if (posting.fee) {
    const f = posting.fee;
    const year = getOrCreate(undo, draft.feeYears, feeYearKey(f.shop, f.fiscalYear), () => emptyYear(f.shop, f.fiscalYear));
    const raw = Math.floor((f.sales * f.rateBp) / 10_000);
    // The cap is on the fees the year keeps: a fee a refund gave back no longer counts.
    fee = f.annualCap === null ? raw : Math.max(0, Math.min(raw, f.annualCap - (year.fees - year.feesReturned)));
    year.sales += f.sales;
    year.fees += fee;
    year.payments += 1;
    if (fee > 0) legs.push({ from: f.shop, to: f.feeAccount, amount: fee });
  }

  let legNo = 0;
  for (const leg of legs) {
    const from = account(draft, leg.from);
    const to = account(draft, leg.to);
    if (from.currency !== to.currency) throw new Refusal('currency_mismatch');
    if (from.id === to.id) throw new Refusal('same_account');
    // Vouchers (and anything else with an expiry) can only go back to their fund once expired.
    if (from.expiresAt && from.expiresAt.getTime() <= now.getTime() && posting.kind !== 'voucher_expiry' && posting.kind !== 'points_expiry')
      throw new Refusal('voucher_expired');
    if (!from.mayGoNegative && available(draft, from) < leg.amount) throw new Refusal('insufficient_funds');
    // Debit the locked shards in turn, as much as each has available (issuers have one shard).
    let left = leg.amount;
    for (const shard of lockedShards(draft, from)) {
      if (left === 0) break;
      const r = row(draft, from.id, shard);
      const take = from.mayGoNegative ? left : Math.min(left, Math.max(0, r.balance - r.held));
      if (take === 0) continue;
      save(undo, r).balance -= take;
      left -= take;
      entries.push({
        transferId: posting.transferId,
        leg: legNo,
        accountId: from.id,
        shard,
        currency: from.currency,
        amount: -take,
        balanceAfter: r.balance,
      });
    }
    const shard = to.shards === 1 ? 0 : draft.creditShard(to.id);
    const credited = save(undo, row(draft, to.id, shard));
    credited.balance += leg.amount;
    entries.push({
      transferId: posting.transferId,
      leg: legNo,
      accountId: to.id,
      shard,
      currency: to.currency,
      amount: leg.amount,
      balanceAfter: credited.balance,
    });
    legNo++;
  }
  draft.knownTransfers.add(posting.transferId);
  return { entries, fee };
}
