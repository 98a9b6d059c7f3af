import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
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

  constructor(db: Kysely<NoTables>) {
    this.db = db.withTables<LogTables>();
  }

  async append(entry: AccessEntry): Promise<void> {
    await withTransaction(this.db, async (tx) => {
      // Insert-or-lock the chain head in one statement: concurrent appends for one citizen queue here.
      const head = await tx
        .insertInto('linkage.chain_head')
        .values({ account_id: entry.accountId, seq: 0, hash: GENESIS })
        .onConflict((c) => c.column('account_id').doUpdateSet((eb) => ({ account_id: eb.ref('excluded.account_id') })))
        .returning('hash')
        .executeTakeFirstOrThrow();
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
      const hash = entryHash(head.hash, row);
      // Append the entry and move the head in one statement.
      await tx
        .with('inserted', (db) =>
          db
            .insertInto('linkage.access_log')
            .values({ ...row, prev_hash: head.hash, hash } as never)
            .returning('seq'),
        )
        .updateTable('linkage.chain_head')
        .set((eb) => ({ seq: eb.selectFrom('inserted').select('seq'), hash }))
        .where('account_id', '=', entry.accountId)
        .execute();
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
