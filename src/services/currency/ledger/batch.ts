import type { Kysely } from 'kysely';
import type { NoTables } from '@lib/db/database.ts';
import { currencyProblem, type CurrencyErrorCode } from '../errors.ts';
import { applyPosting, feeYearKey, type LockedState, type NewEntry } from './apply.ts';
import type { Checked, StoredOutcome } from './repository.ts';
import type { BalanceState, FeeYearState, HoldState, Posting, PostingOutcome } from './types.ts';

// How a batch of postings is decided in memory, whether it then writes checked or in a transaction.

export type StoredResult =
  { ok: true; transferId: string; createdAt: string; fee: number; holdId: string | null } | { ok: false; code: CurrencyErrorCode };
/** What a transaction's own reads found before the batch is decided: each guard's answer, each quota's use so far. */
export type Checks = { guards: Map<number, CurrencyErrorCode | null>; quotaUsed: Map<string, number> };

export const NO_CHECKS: Checks = { guards: new Map(), quotaUsed: new Map() };
export const byAccountThen = <T extends [string, number]>(a: T, b: T) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]);

/** The fiscal-year rows the fees and fee refunds of some postings count in, sorted. */
export function feeYearsOf(postings: Posting[]): [string, number][] {
  const years = new Map<string, [string, number]>();
  for (const p of postings)
    for (const fee of [p.fee, p.refundOf?.fee]) if (fee) years.set(feeYearKey(fee.shop, fee.fiscalYear), [fee.shop, fee.fiscalYear]);
  return [...years.values()].sort(byAccountThen);
}

/** The accounts some postings (and the holds they settle) touch, and the ones they debit. */
export function touched(postings: Posting[], holds: HoldState[]): { accountIds: Set<string>; debited: Set<string> } {
  const accountIds = new Set<string>();
  const debited = new Set<string>();
  for (const p of postings) {
    for (const leg of p.legs) {
      accountIds.add(leg.from).add(leg.to);
      debited.add(leg.from);
    }
    if (p.holdCreate) accountIds.add(p.holdCreate.account).add(p.holdCreate.payee);
    if (p.fee) accountIds.add(p.fee.shop).add(p.fee.feeAccount);
    if (p.refundOf?.fee) accountIds.add(p.refundOf.fee.shop).add(p.refundOf.fee.feeAccount);
  }
  for (const h of holds) accountIds.add(h.accountId).add(h.payeeAccountId);
  return { accountIds, debited };
}

/** The transaction's own reads for the postings' guards and quotas, before any is decided. */
export async function runChecks(tx: Kysely<NoTables>, postings: Posting[], live: number[]): Promise<Checks> {
  const checks: Checks = { guards: new Map(), quotaUsed: new Map() };
  for (const i of live) {
    const p = postings[i] as Posting;
    if (p.guard) checks.guards.set(i, await p.guard(tx));
    if (p.quota && !checks.quotaUsed.has(p.quota.id)) checks.quotaUsed.set(p.quota.id, await p.quota.used(tx));
  }
  return checks;
}

/** Each balance and fiscal-year row's values before the batch decides, to check them again when it writes. */
export function snapshot(state: LockedState): { balances: Map<string, BalanceState>; feeYears: Map<string, FeeYearState> } {
  return {
    balances: new Map([...state.balances].map(([key, row]) => [key, { ...row }])),
    feeYears: new Map([...state.feeYears].map(([key, row]) => [key, { ...row }])),
  };
}

/** Every balance and fiscal-year row of the batch as it leaves it, with what it held before. */
export function checkedRows(
  state: LockedState,
  before: ReturnType<typeof snapshot>,
): { balances: Checked<BalanceState>[]; feeYears: Checked<FeeYearState>[] } {
  const pair = <T>(rows: Map<string, T>, earlier: Map<string, T>) =>
    [...rows].map(([key, now]) => {
      const was = earlier.get(key);
      if (!was) throw new Error(`row ${key} was not read before the batch`);
      return { now, before: was };
    });
  return { balances: pair(state.balances, before.balances), feeYears: pair(state.feeYears, before.feeYears) };
}

export type Decided = {
  outcomes: (PostingOutcome | undefined)[];
  applied: Posting[];
  writes: {
    transfers: { id: string; kind: string; relatedId: string | null; memo: Record<string, unknown>; createdAt: Date }[];
    entries: NewEntry[];
    outcomes: StoredOutcome[];
  };
};

/** Decides the live postings in order against the batch's state, without waiting on anything. */
export function decide(state: LockedState, postings: Posting[], live: number[], checks: Checks, now: Date): Decided {
  const decided: Decided = { outcomes: postings.map(() => undefined), applied: [], writes: { transfers: [], entries: [], outcomes: [] } };
  const claims = new Set<string>();
  const quotas = new Map(checks.quotaUsed);
  const createdAt = now.toISOString();
  for (const i of live) {
    const p = postings[i] as Posting;
    let refused: CurrencyErrorCode | null = null;
    if (p.claim && claims.has(p.claim.id)) refused = p.claim.code;
    if (!refused && p.guard) refused = checks.guards.get(i) ?? null;
    if (!refused && p.quota && (quotas.get(p.quota.id) ?? 0) >= p.quota.limit) refused = p.quota.code;
    const result = refused ? { refused } : applyPosting(state, p, now);
    let stored: StoredResult;
    if ('refused' in result) {
      stored = { ok: false, code: result.refused };
    } else {
      if (p.claim) claims.add(p.claim.id);
      if (p.quota) quotas.set(p.quota.id, (quotas.get(p.quota.id) ?? 0) + 1);
      decided.writes.entries.push(...result.entries);
      decided.writes.transfers.push({
        id: p.transferId,
        kind: p.kind,
        relatedId: p.relatedId ?? p.holdCapture?.holdId ?? null,
        memo: p.memo ?? {},
        createdAt: now,
      });
      decided.applied.push(p);
      stored = {
        ok: true,
        transferId: p.transferId,
        createdAt,
        fee: result.fee,
        holdId: p.holdCreate?.id ?? p.holdCapture?.holdId ?? p.holdRelease?.holdId ?? null,
      };
    }
    decided.writes.outcomes.push({
      scope: p.scope,
      key: p.key,
      fingerprint: p.fingerprint,
      status: stored.ok ? 201 : currencyProblem(stored.code).status,
      result: stored,
    });
    decided.outcomes[i] = { ...stored, replayed: false };
  }
  return decided;
}
