import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { withTransaction, type NoTables } from '@lib/db/database.ts';

export type AccessEntry = {
  /** When the decision was taken: before the consent was read. */
  at: Date;
  accountId: string;
  clientId: string;
  serviceName: string;
  company: string;
  category: string;
  action: 'read' | 'write';
  purpose: string;
  consentId: string | null;
  consentVersion: number | null;
  outcome: 'allowed' | 'denied';
  reason: string | null;
};

type LogRow = {
  seq: number;
  id: string;
  at: Date;
  account_id: string;
  client_id: string;
  service_name: string;
  company: string;
  category: string;
  action: 'read' | 'write';
  purpose: string;
  consent_id: string | null;
  consent_version: number | null;
  outcome: 'allowed' | 'denied';
  reason: string | null;
  prev_hash: string;
  hash: string;
};

export type LogTables = {
  'linkage.access_log': Omit<LogRow, 'seq'> & { seq: number };
  'linkage.chain_head': { account_id: string; seq: number; hash: string };
};

export type StoredEntry = Omit<LogRow, 'prev_hash' | 'hash'>;

const GENESIS = '0'.repeat(64);
const MAX_BATCH = 500;
/** Batches committing at once. */
const WRITERS = 2;

/** The hash of an entry: covers every field and the previous hash, in a fixed order. */
export function entryHash(prevHash: string, row: Omit<LogRow, 'seq' | 'prev_hash' | 'hash'>): string {
  const fields = [
    row.id,
    row.at.toISOString(),
    row.account_id,
    row.client_id,
    row.service_name,
    row.company,
    row.category,
    row.action,
    row.purpose,
    row.consent_id ?? '',
    String(row.consent_version ?? ''),
    row.outcome,
    row.reason ?? '',
  ];
  return createHash('sha256').update(prevHash).update(JSON.stringify(fields)).digest('hex');
}

/**
 * The access log: append-only, one hash chain per citizen (so citizens never wait on each
 * other), each chain's head kept apart so that a removed last entry shows too.
 */
export class AccessLog {
  private readonly db: Kysely<LogTables>;
  private readonly pending: { entry: AccessEntry; done: (err?: Error) => void }[] = [];
  private writers = 0;

  constructor(db: Kysely<NoTables>) {
    this.db = db.withTables<LogTables>();
  }

  /**
   * Appends an entry; resolves once it is committed. Entries arriving while batches commit
   * wait and go in the next batch together: one commit (one fsync) for many reads, which is
   * what lets consent-checked reads scale, while no read returns before its entry is durable.
   * Two batches may commit at once, so an entry that arrives just after a batch started does
   * not wait for that batch's fsync before its own begins; batches touching the same citizen
   * queue on her chain head's row lock, so her chain keeps its order.
   */
  append(entry: AccessEntry): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ entry, done: (err) => (err ? reject(err) : resolve()) });
      if (this.writers < WRITERS) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writers++;
    try {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, MAX_BATCH);
        try {
          await this.write(batch.map((b) => b.entry));
          for (const b of batch) b.done();
        } catch (err) {
          const failure = err instanceof Error ? err : new Error('access log write failed', { cause: err });
          for (const b of batch) b.done(failure);
        }
      }
    } finally {
      this.writers--;
    }
  }

  private async write(entries: readonly AccessEntry[]): Promise<void> {
    // Lock chain heads in one order everywhere, so processes writing overlapping batches cannot deadlock.
    const accounts = [...new Set(entries.map((e) => e.accountId))].sort();
    await withTransaction(this.db, async (tx) => {
      const heads = await tx
        .insertInto('linkage.chain_head')
        .values(accounts.map((account_id) => ({ account_id, seq: 0, hash: GENESIS })))
        .onConflict((c) => c.column('account_id').doUpdateSet((eb) => ({ account_id: eb.ref('excluded.account_id') })))
        .returning(['account_id', 'hash'])
        .execute();
      const last = new Map(heads.map((h) => [h.account_id, h.hash]));
      const rows = entries.map((entry) => {
        const row = {
          id: uuidv7(),
          at: entry.at,
          account_id: entry.accountId,
          client_id: entry.clientId,
          service_name: entry.serviceName,
          company: entry.company,
          category: entry.category,
          action: entry.action,
          purpose: entry.purpose,
          consent_id: entry.consentId,
          consent_version: entry.consentVersion,
          outcome: entry.outcome,
          reason: entry.reason,
        };
        const prev = last.get(entry.accountId) ?? GENESIS;
        const hash = entryHash(prev, row);
        last.set(entry.accountId, hash);
        return { ...row, prev_hash: prev, hash };
      });
      // Rows are numbered in the order given, so each chain's entries keep their order.
      const inserted = await tx
        .insertInto('linkage.access_log')
        .values(rows as never)
        .returning(['seq', 'account_id', 'hash'])
        .execute();
      const newest = new Map<string, { seq: number; hash: string }>();
      for (const row of inserted) newest.set(row.account_id, { seq: row.seq, hash: row.hash });
      const moved = [...newest].map(([account, head]) => sql`(${account}::uuid, ${head.seq}::bigint, ${head.hash}::text)`);
      await sql`update linkage.chain_head as h set seq = v.seq, hash = v.hash
        from (values ${sql.join(moved)}) as v(account_id, seq, hash) where h.account_id = v.account_id`.execute(tx);
    });
  }

  /** A citizen's entries, newest first. */
  forAccount(accountId: string, limit: number, before?: number): Promise<StoredEntry[]> {
    let query = this.db
      .selectFrom('linkage.access_log')
      .select([
        'seq',
        'id',
        'at',
        'account_id',
        'client_id',
        'service_name',
        'company',
        'category',
        'action',
        'purpose',
        'consent_id',
        'consent_version',
        'outcome',
        'reason',
      ])
      .where('account_id', '=', accountId)
      .orderBy('seq', 'desc')
      .limit(limit);
    if (before !== undefined) query = query.where('seq', '<', before);
    return query.execute();
  }

  /** Walks every chain; returns each break it finds (altered, removed or reordered entries). */
  async verify(onProgress: (checked: number) => void = () => undefined): Promise<{ checked: number; problems: string[] }> {
    const problems: string[] = [];
    const heads = await this.db.selectFrom('linkage.chain_head').selectAll().execute();
    const headOf = new Map(heads.map((h) => [h.account_id, h]));
    const last = new Map<string, { seq: number; hash: string }>();
    let checked = 0;
    let after = 0;
    for (;;) {
      const rows = await this.db.selectFrom('linkage.access_log').selectAll().where('seq', '>', after).orderBy('seq').limit(5000).execute();
      if (rows.length === 0) break;
      for (const row of rows) {
        const previous = last.get(row.account_id)?.hash ?? GENESIS;
        if (row.prev_hash !== previous)
          problems.push(`entry ${row.id} (seq ${row.seq}): does not follow the previous entry of its chain (removed or reordered entry)`);
        if (entryHash(row.prev_hash, row) !== row.hash) problems.push(`entry ${row.id} (seq ${row.seq}): content does not match its hash (altered)`);
        last.set(row.account_id, { seq: row.seq, hash: row.hash });
        checked++;
      }
      after = rows[rows.length - 1]?.seq ?? after;
      onProgress(checked);
    }
    for (const [account, head] of headOf) {
      const tail = last.get(account);
      if (head.seq === 0 && !tail) continue;
      if (!tail || tail.hash !== head.hash)
        problems.push(`chain of account ${account}: its newest entries are missing (head ${head.seq}, found ${tail?.seq ?? 'none'})`);
    }
    for (const account of last.keys()) if (!headOf.has(account)) problems.push(`chain of account ${account}: has no head`);
    return { checked, problems };
  }
}
