import { withTransaction, type NoTables } from '@lib/db/database.ts';
import type { Kysely } from 'kysely';
import { currencyProblem, type CurrencyErrorCode } from '../errors.ts';
import { applyPosting, balanceKey, feeYearKey, type LockedState, type NewEntry } from './apply.ts';
import { ledgerSql, type StoredOutcome } from './repository.ts';
import type { AccountMeta, HoldState, Posting, PostingOutcome } from './types.ts';

type Queued = { posting: Posting; resolve: (o: PostingOutcome) => void; reject: (e: unknown) => void };

export type LedgerOptions = {
  /** Batches in flight at once (each is one database transaction). */
  concurrency: number;
  /** Most postings committed together in one transaction. */
  maxBatch: number;
};

type StoredResult = { ok: true; transferId: string; createdAt: string; fee: number; holdId: string | null } | { ok: false; code: CurrencyErrorCode };

/** A key in an optimistic batch had been used before: roll back and read the stored answers. */
class KeyAlreadyUsed extends Error {}

const RETRYABLE = new Set(['40001', '40P01', '23505']);

function pgCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/**
 * The ledger's write path: a group commit. Postings queue up while a batch commits; the next
 * batch takes them all (up to `maxBatch`), locks every balance row they touch once, in sorted
 * order, decides each posting in turn in memory, and writes all of them with a handful of
 * statements in one transaction. Each caller still gets its own answer, and a posting refused
 * for lack of funds is stored under its key like a success.
 */
export class LedgerWriter {
  private readonly meta = new Map<string, AccountMeta>();
  private readonly queue: Queued[] = [];
  private readonly inFlight = new Map<string, Promise<PostingOutcome>>();
  private running = 0;
  private batchNo = 0;

  constructor(
    private readonly db: Kysely<NoTables>,
    private readonly options: LedgerOptions,
  ) {}

  /** Posts once per idempotency key: a retry waits for, then replays, the first answer. */
  post(posting: Posting): Promise<PostingOutcome> {
    const key = `${posting.scope}\u0000${posting.key}`;
    const previous = this.inFlight.get(key);
    const run = previous
      ? previous.then(
          () => this.enqueue(posting),
          () => this.enqueue(posting),
        )
      : this.enqueue(posting);
    this.inFlight.set(key, run);
    const forget = () => {
      if (this.inFlight.get(key) === run) this.inFlight.delete(key);
    };
    run.then(forget, forget);
    return run;
  }

  private enqueue(posting: Posting): Promise<PostingOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ posting, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.running < this.options.concurrency && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.options.maxBatch);
      this.running++;
      void this.runBatch(batch).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private async runBatch(batch: Queued[], attempt = 0): Promise<void> {
    try {
      const postings = batch.map((q) => q.posting);
      // First optimistically, as if no key had been used before (one round trip fewer); when one
      // had, the batch rolls back and runs again reading the stored answers first.
      const outcomes = await withTransaction(this.db, (tx) => this.execute(tx, postings, true)).catch((error: unknown) => {
        if (!(error instanceof KeyAlreadyUsed)) throw error;
        return withTransaction(this.db, (tx) => this.execute(tx, postings, false));
      });
      batch.forEach((q, i) => {
        const outcome = outcomes[i];
        if (outcome) q.resolve(outcome);
        else q.reject(new Error('batch lost a posting'));
      });
    } catch (error) {
      if (batch.length > 1) {
        // One bad posting (or a key another process just stored) must not sink the others: go one by one.
        for (const q of batch) await this.runBatch([q]);
        return;
      }
      const code = pgCode(error);
      if (code && RETRYABLE.has(code) && attempt < 3) return this.runBatch(batch, attempt + 1);
      batch[0]?.reject(error);
    }
  }

  private async metaFor(db: Kysely<NoTables>, ids: Iterable<string>): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !this.meta.has(id));
    // Account kind, currency and shards never change, so they are safe to remember.
    for (const meta of await ledgerSql.accountMeta(db, missing)) this.meta.set(meta.id, meta);
  }

  private async execute(tx: Kysely<NoTables>, postings: Posting[], optimistic: boolean): Promise<PostingOutcome[]> {
    const now = new Date();
    const outcomes: (PostingOutcome | undefined)[] = postings.map(() => undefined);
    const stored = optimistic
      ? []
      : await ledgerSql.storedOutcomes(
          tx,
          postings.map((p) => p.scope),
          postings.map((p) => p.key),
        );
    const byKey = new Map(stored.map((s) => [`${s.scope}\u0000${s.key}`, s]));
    const live: number[] = [];
    postings.forEach((p, i) => {
      const found = byKey.get(`${p.scope}\u0000${p.key}`);
      if (!found) return live.push(i);
      outcomes[i] =
        found.fingerprint === p.fingerprint
          ? { ...(found.result as StoredResult), replayed: true }
          : { ok: false, code: 'idempotency_key_reused', replayed: false };
    });

    const holdIds = live.flatMap((i) => [postings[i]?.holdCapture?.holdId, postings[i]?.holdRelease?.holdId].filter((x): x is string => !!x));
    const holds = await ledgerSql.lockHolds(tx, [...new Set(holdIds)].sort());
    const accountIds = new Set<string>();
    const debited = new Set<string>();
    for (const i of live) {
      const p = postings[i] as Posting;
      for (const leg of p.legs) {
        accountIds.add(leg.from).add(leg.to);
        debited.add(leg.from);
      }
      if (p.holdCreate) accountIds.add(p.holdCreate.account).add(p.holdCreate.payee);
      if (p.fee) accountIds.add(p.fee.shop).add(p.fee.feeAccount);
      if (p.refundOf?.fee) accountIds.add(p.refundOf.fee.shop).add(p.refundOf.fee.feeAccount);
    }
    for (const h of holds) accountIds.add(h.accountId).add(h.payeeAccountId);
    await this.metaFor(tx, accountIds);

    const batchNo = this.batchNo++;
    const creditShard = (id: string) => batchNo % (this.meta.get(id)?.shards ?? 1);
    const wanted: [string, number][] = [];
    for (const id of accountIds) {
      const meta = this.meta.get(id);
      if (!meta) continue;
      if (meta.shards === 1) wanted.push([id, 0]);
      else if (debited.has(id)) for (let s = 0; s < meta.shards; s++) wanted.push([id, s]);
      else wanted.push([id, creditShard(id)]);
    }
    wanted.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
    const balances = await ledgerSql.lockBalances(
      tx,
      wanted.map((w) => w[0]),
      wanted.map((w) => w[1]),
    );
    const refundIds = [...new Set(live.map((i) => postings[i]?.refundOf?.transferId).filter((x): x is string => !!x))].sort();
    const refundables = await ledgerSql.lockRefundables(tx, refundIds);
    const years = new Map<string, [string, number]>();
    for (const i of live) {
      for (const fee of [postings[i]?.fee, postings[i]?.refundOf?.fee])
        if (fee) years.set(feeYearKey(fee.shop, fee.fiscalYear), [fee.shop, fee.fiscalYear]);
    }
    const yearList = [...years.values()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
    const feeYears = await ledgerSql.lockFeeYears(
      tx,
      yearList.map((y) => y[0]),
      yearList.map((y) => y[1]),
    );

    const state: LockedState = {
      accounts: this.meta,
      balances: new Map(balances.map((b) => [balanceKey(b.accountId, b.shard), b])),
      holds: new Map(holds.map((h) => [h.id, h])),
      refundables: new Map(refundables.map((r) => [r.transferId, { amount: r.amount, refunded: r.refunded }])),
      feeYears: new Map(feeYears.map((f) => [feeYearKey(f.accountId, f.fiscalYear), f])),
      knownTransfers: new Set(await ledgerSql.existingTransfers(tx, refundIds)),
      creditShard,
    };
    const entries: NewEntry[] = [];
    const transfers: Parameters<typeof ledgerSql.writeBatch>[1]['transfers'] = [];
    const toStore: StoredOutcome[] = [];
    const applied: Posting[] = [];
    const claims = new Set<string>();
    const quotas = new Map<string, number>();
    const createdAt = now.toISOString();
    for (const i of live) {
      const p = postings[i] as Posting;
      let refused: CurrencyErrorCode | null = null;
      if (p.claim && claims.has(p.claim.id)) refused = p.claim.code;
      if (!refused && p.guard) refused = await p.guard(tx);
      if (!refused && p.quota) {
        const used = quotas.get(p.quota.id) ?? (await p.quota.used(tx));
        quotas.set(p.quota.id, used);
        if (used >= p.quota.limit) refused = p.quota.code;
      }
      const result = refused ? { refused } : applyPosting(state, p, now);
      let stored: StoredResult;
      if ('refused' in result) {
        stored = { ok: false, code: result.refused };
      } else {
        if (p.claim) claims.add(p.claim.id);
        if (p.quota) quotas.set(p.quota.id, (quotas.get(p.quota.id) ?? 0) + 1);
        entries.push(...result.entries);
        transfers.push({
          id: p.transferId,
          kind: p.kind,
          relatedId: p.relatedId ?? p.holdCapture?.holdId ?? null,
          memo: p.memo ?? {},
          createdAt: now,
        });
        applied.push(p);
        stored = {
          ok: true,
          transferId: p.transferId,
          createdAt,
          fee: result.fee,
          holdId: p.holdCreate?.id ?? p.holdCapture?.holdId ?? p.holdRelease?.holdId ?? null,
        };
      }
      toStore.push({
        scope: p.scope,
        key: p.key,
        fingerprint: p.fingerprint,
        status: stored.ok ? 201 : currencyProblem(stored.code).status,
        result: stored,
      });
      outcomes[i] = { ...stored, replayed: false };
    }

    const loadedHolds = new Set(holds.map((h) => h.id));
    const changedHolds: HoldState[] = [...state.holds.values()].filter((h) => !loadedHolds.has(h.id) || h.status !== 'pending');
    // Holds and voids move no money but are still recorded as transfers (with no entries).
    const storedCount = await ledgerSql.writeBatch(tx, {
      balances: [...state.balances.values()],
      transfers,
      entries,
      feeYears: [...state.feeYears.values()],
      outcomes: toStore,
      at: now,
    });
    if (storedCount < toStore.length) throw new KeyAlreadyUsed();
    await ledgerSql.upsertHolds(tx, changedHolds, now);
    await ledgerSql.upsertRefundables(
      tx,
      [...state.refundables].map(([transferId, r]) => ({ transferId, ...r })),
    );
    for (const p of applied) if (p.onApplied) await p.onApplied(tx, p.transferId);
    return outcomes.map((o) => o ?? { ok: false, code: 'idempotency_in_progress', replayed: false });
  }
}
