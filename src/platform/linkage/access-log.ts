import { createHash } from 'node:crypto';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { LRUCache } from 'lru-cache';
import { uuidv7 } from '@lib/ids.ts';
import { oneBatchAtATime } from '@lib/batches.ts';
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

/** Chain heads a process remembers (the hash it last wrote per citizen), so most batches need no read first. */
const REMEMBERED_HEADS = 100_000;

type Row = Omit<LogRow, 'seq'>;

/**
 * The access log: append-only, one hash chain per citizen (so citizens never wait on each
 * other), each chain's head kept apart so that a removed last entry shows too.
 */
export class AccessLog {
  private readonly db: Kysely<LogTables>;
  /** Entries gathered into batches written one at a time: each chain keeps its order, and batches never wait on each other's locks. */
  private readonly appendOne = oneBatchAtATime(async (entries: AccessEntry[]) => {
    await this.write(entries);
    return entries;
  }, MAX_BATCH);
  /** The head hash of each chain as this process last wrote or read it; another process may have moved it since. */
  private readonly heads = new LRUCache<string, string>({ max: REMEMBERED_HEADS });

  constructor(db: Kysely<NoTables>) {
    this.db = db.withTables<LogTables>();
  }

  /**
   * Appends an entry; resolves once it is committed. The entries that arrive in one turn of the
   * event loop, and those that arrive while a batch commits, go in one batch: one statement and
   * one commit (one fsync) for many reads, which is what lets consent-checked reads scale, while
   * no read returns before its entry is durable. One batch is written at a time: on this machine
   * that beat two, four or eight at once (bench linkage-read: more commits at once cost more
   * than they overlap).
   */
  async append(entry: AccessEntry): Promise<void> {
    await this.appendOne(entry);
  }

  /**
   * Chains whose head this process remembers are written in one statement that moves each
   * head only if it still holds the remembered hash; the rest (new citizens, or chains another
   * process wrote to since) are written after their heads are read under lock.
   */
  private async write(entries: readonly AccessEntry[]): Promise<void> {
    const chained = this.chainOnRememberedHeads(entries);
    const written = chained.rows.length > 0 ? await this.writeOnRememberedHeads(chained) : new Set<string>();
    const rest = entries.filter((e) => !written.has(e.accountId));
    if (rest.length > 0) await this.writeReadingHeads(rest);
  }

  /** One statement, one round trip; returns the citizens whose entries it wrote. */
  private async writeOnRememberedHeads(chained: ChainedRows, db: Kysely<LogTables> = this.db): Promise<Set<string>> {
    const moved = await sql<{ account_id: string; hash: string }>`
      with ${appendOnHeads(chained)} select account_id, hash from moved`.execute(db);
    return this.learn(chained, moved.rows);
  }

  /**
   * The rows for those entries whose chain head this process remembers, each chained on that
   * head, and the heads they expect: to be written by a statement built with `appendOnHeads`,
   * whose moved heads then go to `learn`.
   */
  chainOnRememberedHeads(entries: readonly AccessEntry[]): ChainedRows {
    const expected = new Map<string, string>();
    for (const e of entries) {
      const head = this.heads.get(e.accountId);
      if (head !== undefined && !expected.has(e.accountId)) expected.set(e.accountId, head);
    }
    return {
      rows: chain(
        entries.filter((e) => expected.has(e.accountId)),
        new Map(expected),
      ),
      expected,
    };
  }

  /**
   * Remembers the heads a statement moved; returns their citizens. The head of a chain that was
   * eligible (all are, unless `eligible` says) and yet not moved is forgotten: another process
   * moved it, so its entries are written reading it.
   */
  learn(chained: ChainedRows, moved: readonly { account_id: string; hash: string }[], eligible?: ReadonlySet<string>): Set<string> {
    for (const row of moved) this.heads.set(row.account_id, row.hash);
    const written = new Set(moved.map((r) => r.account_id));
    for (const account of chained.expected.keys()) {
      if (!written.has(account) && (eligible?.has(account) ?? true)) this.heads.delete(account);
    }
    return written;
  }

  /**
   * Entries of chains whose head this process does not know (a citizen's first entry, or a
   * chain another process wrote to): their heads are read, a new citizen's created at the
   * genesis hash, and the entries written on them as on remembered heads, so both statements
   * keep one shape whatever the batch (their plans are prepared once). A head another process
   * moves in between is read again; after a few such rounds the heads are locked first.
   */
  private async writeReadingHeads(entries: readonly AccessEntry[]): Promise<void> {
    let rest = entries;
    for (let round = 0; round < 3 && rest.length > 0; round++) {
      const accounts = [...new Set(rest.map((e) => e.accountId))].sort();
      // A head created here is not in the statement's snapshot, hence the union.
      const heads = await sql<{ account_id: string; hash: string }>`with created as (
          insert into linkage.chain_head (account_id, seq, hash)
          select account_id, 0, ${GENESIS} from unnest(${accounts}::uuid[]) as a(account_id)
          on conflict (account_id) do nothing
          returning account_id, hash
        )
        select account_id, hash from created
        union all
        select account_id, hash from linkage.chain_head where account_id = any(${accounts}::uuid[])`.execute(this.db);
      for (const head of heads.rows) this.heads.set(head.account_id, head.hash);
      const written = await this.writeOnRememberedHeads(this.chainOnRememberedHeads(rest));
      rest = rest.filter((e) => !written.has(e.accountId));
    }
    if (rest.length > 0) await this.writeLockingHeads(rest);
  }

  /** Chains contended by other processes: their heads are locked, in one order everywhere (no deadlocks), then written on. */
  private async writeLockingHeads(entries: readonly AccessEntry[]): Promise<void> {
    const accounts = [...new Set(entries.map((e) => e.accountId))].sort();
    await withTransaction(this.db, async (tx) => {
      const heads = await sql<{ account_id: string; hash: string }>`select account_id, hash from linkage.chain_head
        where account_id = any(${accounts}::uuid[]) order by account_id for update`.execute(tx);
      for (const head of heads.rows) this.heads.set(head.account_id, head.hash);
      const written = await this.writeOnRememberedHeads(this.chainOnRememberedHeads(entries), tx);
      // Every head exists (created by the first round) and is held by this transaction, so every chain moves.
      if (written.size !== accounts.length) throw new Error(`access log: ${accounts.length - written.size} chain heads could not be moved`);
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

/** Access-log rows chained on the heads they expect (`expected`: citizen → head hash). */
export type ChainedRows = { rows: Row[]; expected: Map<string, string> };

/**
 * Common table expressions that append chained rows: they lock the heads that still hold the
 * expected hash (in one order everywhere, so statements cannot deadlock), of the citizens in
 * `eligible` when given, insert those citizens' rows in order, and move their heads. The moved
 * heads are the CTE `moved` (account_id, hash). Rows go to PostgreSQL as one JSON document.
 *
 * The lock comes first on purpose. An `UPDATE … WHERE hash = <expected>` alone would take the
 * lock itself and save a WAL record per head (tried 2026-11-27: 5.2 -> 4.2 WAL records per shared
 * payment), but it locks rows in whatever order its plan reads them, and a plan that reads
 * chain_head by a bitmap or sequential scan locks them in storage order: two statements could
 * then deadlock. The lateral lookup below can only run per sorted key.
 */
export function appendOnHeads({ rows, expected }: ChainedRows, eligible?: RawBuilder<unknown>): RawBuilder<unknown> {
  const heads = JSON.stringify([...expected].map(([account_id, hash]) => ({ account_id, hash })));
  // A service's name, company and purpose (Japanese text, the bulk of an entry) go once per
  // statement, not once per entry: the entries' JSON then stays short, and ASCII.
  const services = new Map<string, { i: number; service_name: string; company: string; purpose: string }>();
  const entries = JSON.stringify(
    rows.map(({ service_name, company, purpose, ...row }, ord) => {
      const key = `${service_name}\u0000${company}\u0000${purpose}`;
      let service = services.get(key);
      if (!service) services.set(key, (service = { i: services.size, service_name, company, purpose }));
      return { ...row, ord, service: service.i };
    }),
  );
  return sql`expected as (
      select * from json_to_recordset(${heads}::json) as x(account_id uuid, hash text)
    ), locked as (
      -- Each head is looked up by its key, in account order (the nested loop keeps the order of
      -- the sorted expected heads), so no plan scans chain_head, whatever statistics it was made with.
      select h.account_id from (select * from expected ${eligible ? sql`where account_id in (${eligible})` : sql``} order by account_id offset 0) x
      cross join lateral (select h.account_id from linkage.chain_head h where h.account_id = x.account_id and h.hash = x.hash for update) h
    ), inserted as (
      insert into linkage.access_log (id, at, account_id, client_id, service_name, company, category, action, purpose,
        consent_id, consent_version, outcome, reason, prev_hash, hash)
      select e.id, e.at, e.account_id, e.client_id, s.service_name, s.company, e.category, e.action, s.purpose,
        e.consent_id, e.consent_version, e.outcome, e.reason, e.prev_hash, e.hash
      from json_to_recordset(${entries}::json) as e(id uuid, at timestamptz, account_id uuid, client_id text,
        category text, action text, consent_id uuid, consent_version integer, outcome text, reason text,
        prev_hash text, hash text, ord integer, service integer)
      join json_to_recordset(${JSON.stringify([...services.values()])}::json)
        as s(i integer, service_name text, company text, purpose text) on s.i = e.service
      where e.account_id in (select account_id from locked)
      order by e.ord
      returning seq, account_id, hash
    ), moved as (
      -- Each locked head is moved through its key's unique index: an upsert finds its row by the
      -- index, whatever the plan, and every row here conflicts (only locked chains have entries
      -- inserted, and heads are never deleted). Moved by row address (ctid = any(…)) instead, the
      -- prepared statement's generic plan, made while chain_head was small, seq-scanned it and
      -- compared every head with every address: 2.5 times the statement's time at 10,000 citizens.
      insert into linkage.chain_head as h (account_id, seq, hash)
      select distinct on (account_id) account_id, seq, hash from inserted order by account_id, seq desc
      on conflict (account_id) do update set seq = excluded.seq, hash = excluded.hash
      returning h.account_id, h.hash
    )`;
}

/** The rows for entries, each chained to the one before it in its citizen's chain (`last` holds the heads and is moved along). */
function chain(entries: readonly AccessEntry[], last: Map<string, string>): Row[] {
  return entries.map((entry) => {
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
}
