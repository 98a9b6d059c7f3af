import { withTransaction, type NoTables } from '@lib/db/database.ts';
import type { Kysely } from 'kysely';
import { balanceKey, feeYearKey, type LockedState } from './apply.ts';
import { byAccountThen, checkedRows, decide, feeYearsOf, NO_CHECKS, runChecks, snapshot, touched, type StoredResult } from './batch.ts';
import { ledgerSql } from './repository.ts';
import type { AccountMeta, BalanceState, FeeYearState, HoldState, Posting, PostingOutcome } from './types.ts';

type Queued = { posting: Posting; resolve: (o: PostingOutcome) => void; reject: (e: unknown) => void };

export type LedgerOptions = {
  /** Most postings committed together in one batch. */
  maxBatch: number;
};

/** Balance rows remembered at most (about 200 bytes each). */
const MAX_KNOWN = 200_000;

const RETRYABLE = new Set(['40001', '40P01', '23505']);

function pgCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/** Postings that need a transaction: holds, refunds, and anything with a check or a write of its own. */
function needsTransaction(p: Posting): boolean {
  return !!(p.holdCreate || p.holdCapture || p.holdRelease || p.refundOf || p.claim || p.quota || p.guard || p.onApplied);
}

/**
 * The ledger's write path: a group commit. Postings queue up while a batch commits; the next
 * batch takes them (up to `maxBatch`), decides each posting in turn in memory, and writes all
 * of them in one statement. Each caller still gets its own answer, and a posting refused for
 * lack of funds is stored under its key like a success.
 *
 * Most postings (payments, charges, transfers) go in **checked batches**: decided against the
 * balances this process remembers from its own writes, and written by one statement that is
 * its own commit (one round trip in all) and that writes nothing unless every row it changes
 * still holds what the batch decided on. When another process changed one, or a key had been
 * used before, the memory is dropped and the postings run again in a **transaction batch**,
 * which locks every row it touches, in sorted order, before deciding. Holds, refunds and
 * postings with checks of their own always run that way. One batch is in flight at a time:
 * two or four measured slower here, each batch then smaller and its rows waited for.
 */
export class LedgerWriter {
  private readonly meta = new Map<string, AccountMeta>();
  private readonly checkedQueue: Queued[] = [];
  private readonly lockedQueue: Queued[] = [];
  private readonly inFlight = new Map<string, Promise<PostingOutcome>>();
  /** Balance and fiscal-year rows as this process last wrote or read them, and the batch in flight changes them. */
  private readonly known = new Map<string, BalanceState>();
  private readonly knownYears = new Map<string, FeeYearState>();
  private checkedRunning = false;
  private lockedRunning = false;
  private pumpScheduled = false;
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
      (needsTransaction(posting) ? this.lockedQueue : this.checkedQueue).push({ posting, resolve, reject });
      this.pumpAfterThisTurn();
    });
  }

  /**
   * Starts a batch once the event loop's turn ends, not at the first posting: postings arrive in
   * bursts (requests read from the network together, or answered by one session look-up, all
   * post in the same turn), and the first of a burst sent alone would make the rest wait for its
   * round trip. Sent at
   * once, a sixth to a quarter of the spread bench's batches held a single payment and took a
   * ninth of the time; waiting for the turn's end made 13–48% more payments a second, with 11–32%
   * less CPU each, in three alternating pairs (docs/currency.md, nineteenth session).
   */
  private pumpAfterThisTurn(): void {
    if (this.pumpScheduled || this.lockedRunning || this.checkedRunning) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    if (this.lockedRunning || this.checkedRunning) return;
    if (this.lockedQueue.length > 0) {
      this.lockedRunning = true;
      void this.runLocked(this.lockedQueue.splice(0, this.options.maxBatch)).finally(() => {
        this.lockedRunning = false;
        this.pump();
      });
    } else if (this.checkedQueue.length > 0) {
      this.checkedRunning = true;
      void this.runChecked(this.checkedQueue.splice(0, this.options.maxBatch));
    }
  }

  private async runChecked(batch: Queued[]): Promise<void> {
    let outcomes: PostingOutcome[] | undefined;
    try {
      outcomes = await this.executeChecked(batch.map((q) => q.posting));
    } catch {
      // A row changed under the batch (another process wrote it) or a key was used before:
      // nothing was written. Forget what may be stale; a transaction decides these postings.
      this.forgetKnown();
      this.lockedQueue.push(...batch);
    }
    // A city's worth of wallets is a few megabytes; past that, start again from what is committed.
    if (this.known.size > MAX_KNOWN) this.forgetKnown();
    // The next batch goes out first; these answers are written while its statement runs.
    this.checkedRunning = false;
    this.pump();
    if (outcomes) setImmediate(answer, batch, outcomes);
  }

  private forgetKnown(): void {
    this.known.clear();
    this.knownYears.clear();
  }

  private async runLocked(batch: Queued[], attempt = 0): Promise<void> {
    try {
      const postings = batch.map((q) => q.posting);
      // First optimistically, as if no key had been used before (one round trip fewer); when one
      // had, the write fails (23505) and the batch runs again reading the stored answers first.
      const { outcomes, state } = await withTransaction(this.db, (tx) => this.executeLocked(tx, postings, true)).catch((error: unknown) => {
        if (pgCode(error) !== '23505') throw error;
        return withTransaction(this.db, (tx) => this.executeLocked(tx, postings, false));
      });
      this.learn(state);
      answer(batch, outcomes);
    } catch (error) {
      this.forgetKnown();
      if (batch.length > 1) {
        // One bad posting (or a key another process just stored) must not sink the others: go one by one.
        for (const q of batch) await this.runLocked([q]);
        return;
      }
      const code = pgCode(error);
      if (code && RETRYABLE.has(code) && attempt < 3) return this.runLocked(batch, attempt + 1);
      batch[0]?.reject(error);
    }
  }

  private async metaFor(db: Kysely<NoTables>, ids: Iterable<string>): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !this.meta.has(id));
    // Account kind, currency and shards never change, so they are safe to remember.
    for (const meta of await ledgerSql.accountMeta(db, missing)) this.meta.set(meta.id, meta);
  }

  /**
   * The balance rows a batch touches, sorted: one shard of an account only credited (this
   * batch's, so batches of several processes credit different shards of a busy shop), every
   * shard of one debited.
   */
  private rowsOf(accountIds: Set<string>, debited: Set<string>, creditShard: (id: string) => number): [string, number][] {
    const wanted: [string, number][] = [];
    for (const id of accountIds) {
      const meta = this.meta.get(id);
      if (!meta) continue;
      if (meta.shards === 1) wanted.push([id, 0]);
      else if (debited.has(id)) for (let s = 0; s < meta.shards; s++) wanted.push([id, s]);
      else wanted.push([id, creditShard(id)]);
    }
    return wanted.sort(byAccountThen);
  }

  private creditShardOf(): (id: string) => number {
    const batchNo = this.batchNo++;
    return (id) => batchNo % (this.meta.get(id)?.shards ?? 1);
  }

  private async executeChecked(postings: Posting[]): Promise<PostingOutcome[]> {
    const { accountIds, debited } = touched(postings, []);
    // No wait when everything is known: the statement goes out before the last batch's answers.
    if ([...accountIds].some((id) => !this.meta.has(id))) await this.metaFor(this.db, accountIds);
    const creditShard = this.creditShardOf();
    const wanted = this.rowsOf(accountIds, debited, creditShard);
    const years = feeYearsOf(postings);
    const missing = wanted.filter(([id, shard]) => !this.known.has(balanceKey(id, shard)));
    const missingYears = years.filter(([id, year]) => !this.knownYears.has(feeYearKey(id, year)));
    const [read, readYears] =
      missing.length + missingYears.length === 0
        ? [[], []]
        : await Promise.all([
            ledgerSql.balances(
              this.db,
              missing.map((w) => w[0]),
              missing.map((w) => w[1]),
              { lock: false },
            ),
            ledgerSql.readFeeYears(
              this.db,
              missingYears.map((y) => y[0]),
              missingYears.map((y) => y[1]),
            ),
          ]);
    for (const row of read) this.known.set(balanceKey(row.accountId, row.shard), row);
    for (const row of readYears) this.knownYears.set(feeYearKey(row.accountId, row.fiscalYear), row);

    const balances = new Map<string, BalanceState>();
    for (const [id, shard] of wanted) {
      const row = this.known.get(balanceKey(id, shard));
      if (!row) throw new Error(`balance ${id}/${shard} is not known`);
      balances.set(balanceKey(id, shard), row);
    }
    const feeYears = new Map<string, FeeYearState>();
    for (const [id, year] of years) {
      const row = this.knownYears.get(feeYearKey(id, year));
      if (!row) throw new Error(`fiscal year ${id}/${year} is not known`);
      feeYears.set(feeYearKey(id, year), row);
    }
    const state: LockedState = {
      accounts: this.meta,
      balances,
      holds: new Map(),
      refundables: new Map(),
      feeYears,
      knownTransfers: new Set(),
      creditShard,
    };
    const before = snapshot(state);
    const now = new Date();
    const decided = decide(
      state,
      postings,
      postings.map((_, i) => i),
      NO_CHECKS,
      now,
    );
    await ledgerSql.writeBatch(this.db, { ...decided.writes, ...checkedRows(state, before), at: now });
    return decided.outcomes.map((o) => o ?? { ok: false, code: 'idempotency_in_progress', replayed: false });
  }

  private async executeLocked(
    tx: Kysely<NoTables>,
    postings: Posting[],
    optimistic: boolean,
  ): Promise<{ outcomes: PostingOutcome[]; state: LockedState }> {
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

    const livePostings = live.map((i) => postings[i] as Posting);
    const holdIds = livePostings.flatMap((p) => [p.holdCapture?.holdId, p.holdRelease?.holdId].filter((x): x is string => !!x));
    const holds = await ledgerSql.lockHolds(tx, [...new Set(holdIds)].sort());
    const { accountIds, debited } = touched(livePostings, holds);
    await this.metaFor(tx, accountIds);

    const creditShard = this.creditShardOf();
    const wanted = this.rowsOf(accountIds, debited, creditShard);
    const balances = await ledgerSql.balances(
      tx,
      wanted.map((w) => w[0]),
      wanted.map((w) => w[1]),
      { lock: true },
    );
    const refundIds = [...new Set(livePostings.map((p) => p.refundOf?.transferId).filter((x): x is string => !!x))].sort();
    const refundables = await ledgerSql.lockRefundables(tx, refundIds);
    const yearList = feeYearsOf(livePostings);
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
    const before = snapshot(state);
    const decided = decide(state, postings, live, await runChecks(tx, postings, live), now);
    live.forEach((i) => (outcomes[i] = decided.outcomes[i]));

    const loadedHolds = new Set(holds.map((h) => h.id));
    const changedHolds: HoldState[] = [...state.holds.values()].filter((h) => !loadedHolds.has(h.id) || h.status !== 'pending');
    // Holds and voids move no money but are still recorded as transfers (with no entries).
    await ledgerSql.writeBatch(tx, { ...decided.writes, ...checkedRows(state, before), at: now });
    await ledgerSql.upsertHolds(tx, changedHolds, now);
    await ledgerSql.upsertRefundables(
      tx,
      [...state.refundables].map(([transferId, r]) => ({ transferId, ...r })),
    );
    for (const p of decided.applied) if (p.onApplied) await p.onApplied(tx, p.transferId);
    return { outcomes: outcomes.map((o) => o ?? { ok: false, code: 'idempotency_in_progress', replayed: false }), state };
  }

  /**
   * No checked batch of this process runs beside a transaction batch, so once it commits its
   * rows are as it left them (a later write by another process fails the next checked batch).
   */
  private learn(state: LockedState): void {
    for (const [key, row] of state.balances) this.known.set(key, { ...row });
    for (const [key, row] of state.feeYears) this.knownYears.set(key, { ...row });
  }
}

function answer(batch: Queued[], outcomes: PostingOutcome[]): void {
  batch.forEach((q, i) => {
    const outcome = outcomes[i];
    if (outcome) q.resolve(outcome);
    else q.reject(new Error('batch lost a posting'));
  });
}
