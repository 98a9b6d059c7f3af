import { oneBatchAtATime } from '@lib/batches.ts';
import { jsonPieces } from '@lib/json-pieces.ts';
import { sql, type Kysely } from 'kysely';
import type { NoTables } from '@lib/db/database.ts';
import type { TokenToConfirm } from '@lib/http/access.ts';
import type { ConsentRow } from '@platform/consent/repository.ts';
import { appendOnHeads, type AccessEntry, type AccessLog } from './access-log.ts';

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
  /** True when the query's `logAs` entry was written to the access log by the same statement. */
  logged: boolean;
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
  /**
   * The access-log entry for this call if its consent is still the version `consent`: the
   * statement that reads the snapshot then writes it too (one round trip and one commit for
   * both). Written only when every call about the same citizen in the statement has its
   * consent as expected and a live token, and the citizen's chain head is the one this process
   * remembers; otherwise `logged` is false and the caller logs its decision on the snapshot.
   */
  logAs?: { consent: ConsentRow; entry: AccessEntry } | undefined;
};

/** A consent record as `to_jsonb` gives it: its times as text. */
type ConsentJson = Omit<ConsentRow, 'valid_from' | 'valid_until' | 'recorded_at'> & {
  valid_from: string;
  valid_until: string | null;
  recorded_at: string;
};

const consentOf = (c: ConsentJson): ConsentRow => ({
  ...c,
  valid_from: new Date(c.valid_from),
  valid_until: c.valid_until === null ? null : new Date(c.valid_until),
  recorded_at: new Date(c.recorded_at),
});

/** The only place with SQL for linkage records. */
export class LinkageRepository {
  private readonly db: Kysely<RecordTables>;
  /** Calls gathered into one statement, one statement at a time (src/lib/batches.ts); nothing is cached: every read is decided live. */
  private readonly snapshot = oneBatchAtATime((queries: SnapshotQuery[]) => this.snapshots(queries), MAX_BATCH);
  private readonly insertOne = oneBatchAtATime((rows: NewRecord[]) => this.insertMany(rows), MAX_BATCH);

  constructor(
    db: Kysely<NoTables>,
    private readonly log: AccessLog,
  ) {
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
   * after it): a withdrawal committed before is always seen. The same statement writes the
   * access-log entries of the calls whose `logAs` still holds (see `SnapshotQuery`), so in the
   * steady state a read costs one round trip and shares one commit.
   */
  readSnapshot(query: SnapshotQuery): Promise<ReadSnapshot> {
    return this.snapshot(query);
  }

  private async snapshots(queries: readonly SnapshotQuery[]): Promise<ReadSnapshot[]> {
    const chained = this.log.chainOnRememberedHeads(queries.flatMap((q) => (q.logAs ? [q.logAs.entry] : [])));
    const calls = queries.map((q, i) => ({
      ord: i + 1,
      q_account: q.accountId,
      q_client: q.clientId,
      q_category: q.category,
      token_model: q.token?.model ?? null,
      token_id: q.token?.id ?? null,
      with_records: q.withRecords,
      predicted: q.logAs?.consent.id ?? null,
    }));
    // The consent comes back whole only when it is not the version expected: a version the
    // process knows already costs no parsing.
    const result = await sql<{
      ord: number;
      token_live: boolean;
      records: StoredRecord[] | null;
      consent_id: string | null;
      consent: ConsentJson | null;
      eligible: boolean;
      logged_hash: string | null;
    }>`
      with q as (
        select * from json_to_recordset(${JSON.stringify(calls)}::json) as q(ord integer, q_account uuid, q_client text,
          q_category text, token_model text, token_id text, with_records boolean, predicted uuid)
      ), snap as (
        select q.ord, q.q_account, q.predicted, t.live as token_live, q.token_model is null or t.live as token_fine,
          case when q.with_records then
            (select coalesce(jsonb_agg(jsonb_build_object('id', r.id, 'recordedBy', r.client_id,
                'recordedAt', to_char(r.recorded_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'data', r.data)
                order by r.recorded_at desc), '[]'::jsonb)
              from (select id, client_id, data, recorded_at from linkage.record
                    where account_id = q.q_account and category = q.q_category
                    order by recorded_at desc limit ${RECORDS_PER_READ}) r)
          end as records,
          c.id as consent_id, case when c.id is distinct from q.predicted then to_jsonb(c) end as consent
        from q
        -- Each call's token is looked up by its key (offset 0 keeps the lookup per call), so no plan,
        -- however stale the statistics it was made with, scans oidc_payload.
        cross join lateral (select exists (select from identity.live_token(q.token_model, q.token_id)) as live offset 0) t
        left join lateral consent.latest_record(q.q_account, q.q_client) as c on true
      ), ok as (
        -- Entries are logged here only for citizens whose every call in the statement brings one that still holds.
        select q_account as account_id from snap group by q_account
        having bool_and(token_fine and predicted is not null and consent_id is not distinct from predicted)
      ), ${appendOnHeads(chained, sql`select account_id from ok`)}
      select s.ord, s.token_live, s.records, s.consent_id, s.consent, s.q_account in (select account_id from ok) as eligible, m.hash as logged_hash
      from snap s left join moved m on m.account_id = s.q_account`.execute(this.db);
    const byOrd = new Map(result.rows.map((row) => [row.ord, row]));
    const accountOf = (row: { ord: number }) => (queries[row.ord - 1] as SnapshotQuery).accountId;
    this.log.learn(
      chained,
      result.rows.flatMap((row) => (row.logged_hash === null ? [] : [{ account_id: accountOf(row), hash: row.logged_hash }])),
      new Set(result.rows.filter((row) => row.eligible).map(accountOf)),
    );
    return queries.map((query, i) => {
      const row = byOrd.get(i + 1);
      if (!row) throw new Error('the read snapshot returned no row');
      const consent = row.consent ? consentOf(row.consent) : row.consent_id !== null ? query.logAs?.consent : undefined;
      return {
        tokenLive: query.token ? row.token_live : undefined,
        consent,
        records: row.records ?? undefined,
        logged: row.logged_hash !== null,
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
    // The rows go as JSON (native JSON.stringify; pg escapes array literals element by element in
    // JS), in pieces (src/lib/json-pieces.ts): 500 payment results as one document made a string of
    // 250,000 characters. Only the rows not stored come back (a key used before): usually none,
    // where returning every stored id cost this process 500 rows to parse per call.
    const pieces = jsonPieces(rows).map(
      (piece) => sql`select * from json_to_recordset(${`[${piece}]`}::json) as r(id uuid, account_id uuid, client_id text,
        category text, data text, recorded_at timestamptz, idempotency_key text)`,
    );
    const refused = await sql<{ id: string }>`
      with r as (${sql.join(pieces, sql` union all `)}), stored as (
        insert into linkage.record (id, account_id, client_id, category, data, recorded_at, idempotency_key)
        select id, account_id, client_id, category, data::jsonb, recorded_at, idempotency_key from r
        on conflict (client_id, idempotency_key) where idempotency_key is not null do nothing
        returning id
      )
      select id from r where id not in (select id from stored)`.execute(this.db);
    // A stored row is as sent (its time has the millisecond precision it was sent with); only the
    // rows whose key was used before need another look-up.
    const notStored = new Set(refused.rows.map((r) => r.id));
    const earlier = notStored.size > 0 ? await this.earlier(rows.filter((row) => notStored.has(row.id))) : new Map<string, Stored>();
    return rows.map((row) => earlier.get(row.id) ?? { id: row.id, recordedAt: row.recorded_at, replay: 'none' });
  }

  /** For each row, the record first stored under its idempotency key, and whether it was the same write. */
  private async earlier(rows: readonly NewRecord[]): Promise<Map<string, Stored>> {
    const found = await sql<{ asked: string; id: string; recorded_at: Date; same: boolean }>`
      select r.id as asked, e.id, e.recorded_at, e.account_id = r.account_id and e.category = r.category and e.data = r.data::jsonb as same
      from json_to_recordset(${JSON.stringify(rows)}::json) as r(id uuid, account_id uuid, client_id text, category text, data text,
        idempotency_key text)
      join linkage.record e on e.client_id = r.client_id and e.idempotency_key = r.idempotency_key`.execute(this.db);
    const earlier = new Map(
      found.rows.map((e) => [e.asked, { id: e.id, recordedAt: e.recorded_at, replay: e.same ? 'same' : 'different' } as const]),
    );
    if (earlier.size !== rows.length) throw new Error(`linkage: ${rows.length - earlier.size} records refused under their key were not found`);
    return earlier;
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
