import { oneBatchAtATime } from '@lib/batches.ts';
import { sql, type Kysely } from 'kysely';
import type { NoTables } from '@lib/db/database.ts';
import type { TokenToConfirm } from '@lib/http/access.ts';
import type { ConsentRow } from '@platform/consent/repository.ts';

type RecordTables = {
  'linkage.record': {
    id: string;
    account_id: string;
    client_id: string;
    category: string;
    data: unknown;
    recorded_at: Date;
    idempotency_key: string | null;
  };
};

/** A record a service wrote to linkage, as readers see it. */
export type StoredRecord = { id: string; recordedBy: string; recordedAt: string; data: unknown };

/** What one linkage read needs, read in one statement and so in one snapshot. */
export type ReadSnapshot = {
  /** False when the caller's token was revoked or expired; undefined when there was none to confirm. */
  tokenLive: boolean | undefined;
  /** The latest consent version of the citizen for the service. */
  consent: ConsentRow | undefined;
  /** The newest records of the category (only when asked for). */
  records: StoredRecord[] | undefined;
};

const RECORDS_PER_READ = 100;
/** Calls one statement serves at most. */
const MAX_BATCH = 200;

export type SnapshotQuery = {
  accountId: string;
  clientId: string;
  category: string;
  token: TokenToConfirm | undefined;
  withRecords: boolean;
};

/** The only place with SQL for linkage records. */
export class LinkageRepository {
  private readonly db: Kysely<RecordTables>;
  /** Calls gathered into one statement, one statement at a time (src/lib/batches.ts); nothing is cached: every read is decided live. */
  private readonly snapshot = oneBatchAtATime((queries: SnapshotQuery[]) => this.snapshots(queries), MAX_BATCH);
  private readonly insertOne = oneBatchAtATime((rows: NewRecord[]) => this.insertMany(rows), MAX_BATCH);

  constructor(db: Kysely<NoTables>) {
    this.db = db.withTables<RecordTables>();
  }

  /**
   * What one read needs: the token's liveness (identity's `live_token`), the latest consent
   * (consent's `latest_record`) and, when asked, the category's newest records, in one snapshot.
   * Each module answers through its own SQL function; none of their tables is read here.
   *
   * Reads that arrive in the same turn of the event loop, or while the statement before runs,
   * are answered by one statement, so a busy server makes one round trip for many reads. Each
   * read is still decided on the data as it stands after the read arrived (its statement starts
   * after it): a withdrawal committed before is always seen.
   */
  readSnapshot(query: SnapshotQuery): Promise<ReadSnapshot> {
    return this.snapshot(query);
  }

  private async snapshots(queries: readonly SnapshotQuery[]): Promise<ReadSnapshot[]> {
    const result = await sql<ConsentRow & { ord: number; token_live: boolean; consent_found: boolean; records: StoredRecord[] | null }>`
      select q.ord::integer as ord, t.token_id is not null as token_live,
        case when q.with_records then
          (select coalesce(jsonb_agg(jsonb_build_object('id', r.id, 'recordedBy', r.client_id,
              'recordedAt', to_char(r.recorded_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'data', r.data)
              order by r.recorded_at desc), '[]'::jsonb)
            from (select id, client_id, data, recorded_at from linkage.record
                  where account_id = q.account_id and category = q.category
                  order by recorded_at desc limit ${RECORDS_PER_READ}) r)
        end as records,
        c.id is not null as consent_found, c.*
      from unnest(${queries.map((q) => q.accountId)}::uuid[], ${queries.map((q) => q.clientId)}::text[],
          ${queries.map((q) => q.category)}::text[], ${queries.map((q) => q.token?.model ?? null)}::text[],
          ${queries.map((q) => q.token?.id ?? null)}::text[], ${queries.map((q) => q.withRecords)}::boolean[])
        with ordinality as q(account_id, client_id, category, token_model, token_id, with_records, ord)
      left join lateral identity.live_token(q.token_model, q.token_id) as t(token_id) on true
      left join lateral consent.latest_record(q.account_id, q.client_id) as c on true`.execute(this.db);
    const byOrd = new Map(result.rows.map((row) => [row.ord, row]));
    return queries.map((query, i) => {
      const row = byOrd.get(i + 1);
      if (!row) throw new Error('the read snapshot returned no row');
      const { ord: _ord, token_live, records, consent_found, ...consent } = row;
      return {
        tokenLive: query.token ? token_live : undefined,
        consent: consent_found ? consent : undefined,
        records: records ?? undefined,
      };
    });
  }

  /**
   * Stores a record. Under an idempotency key the service used before, nothing is stored and
   * the earlier record comes back, with whether it was the same write. Records stored together
   * (in one turn of the event loop, or while the statement before runs) share one statement.
   */
  insert(row: NewRecord): Promise<Stored> {
    return this.insertOne(row);
  }

  /** Stores records in one statement, in the order given (of two under one key, the first is stored). */
  async insertMany(rows: readonly NewRecord[]): Promise<Stored[]> {
    if (rows.length === 0) return [];
    const column = <K extends keyof NewRecord>(key: K) => rows.map((r) => r[key]);
    const inserted = await sql<{ id: string; recorded_at: Date }>`
      insert into linkage.record (id, account_id, client_id, category, data, recorded_at, idempotency_key)
      select id, account_id, client_id, category, data::jsonb, recorded_at, idempotency_key
      from unnest(${column('id')}::uuid[], ${column('account_id')}::uuid[], ${column('client_id')}::text[],
        ${column('category')}::text[], ${column('data')}::text[], ${column('recorded_at')}::timestamptz[],
        ${column('idempotency_key')}::text[]) as r(id, account_id, client_id, category, data, recorded_at, idempotency_key)
      on conflict (client_id, idempotency_key) where idempotency_key is not null do nothing
      returning id, recorded_at`.execute(this.db);
    const stored = new Map(inserted.rows.map((r) => [r.id, r.recorded_at]));
    return Promise.all(
      rows.map(async (row): Promise<Stored> => {
        const recordedAt = stored.get(row.id);
        return recordedAt ? { id: row.id, recordedAt, replay: 'none' } : this.earlier(row);
      }),
    );
  }

  /** The record first stored under the row's idempotency key, and whether it was the same write. */
  private async earlier(row: NewRecord): Promise<Stored> {
    const earlier = await this.db
      .selectFrom('linkage.record')
      .select([
        'id',
        'recorded_at',
        sql<boolean>`account_id = ${row.account_id}::uuid and category = ${row.category} and data = ${row.data}::jsonb`.as('same'),
      ])
      .where('client_id', '=', row.client_id)
      .where('idempotency_key', '=', row.idempotency_key)
      .executeTakeFirstOrThrow();
    return { id: earlier.id, recordedAt: earlier.recorded_at, replay: earlier.same ? 'same' : 'different' };
  }
}

export type Stored = { id: string; recordedAt: Date; replay: 'none' | 'same' | 'different' };

export type NewRecord = {
  id: string;
  account_id: string;
  client_id: string;
  category: string;
  /** JSON text. */
  data: string;
  recorded_at: Date;
  idempotency_key: string | null;
};
