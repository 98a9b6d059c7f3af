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

/** The only place with SQL for linkage records. */
export class LinkageRepository {
  private readonly db: Kysely<RecordTables>;

  constructor(db: Kysely<NoTables>) {
    this.db = db.withTables<RecordTables>();
  }

  /**
   * One round trip for a read: the token's liveness (identity's `live_token`), the latest
   * consent (consent's `latest_record`) and, when asked, the category's newest records. Each
   * module answers through its own SQL function; none of their tables is read here.
   */
  async readSnapshot(input: {
    accountId: string;
    clientId: string;
    category: string;
    token: TokenToConfirm | undefined;
    withRecords: boolean;
  }): Promise<ReadSnapshot> {
    const { accountId, clientId, category, token, withRecords } = input;
    const records = withRecords
      ? sql`(select coalesce(jsonb_agg(jsonb_build_object('id', r.id, 'recordedBy', r.client_id,
            'recordedAt', to_char(r.recorded_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'data', r.data)
            order by r.recorded_at desc), '[]'::jsonb)
          from (select id, client_id, data, recorded_at from linkage.record
                where account_id = ${accountId}::uuid and category = ${category}
                order by recorded_at desc limit ${RECORDS_PER_READ}) r)`
      : sql`null::jsonb`;
    const live = token
      ? sql`left join lateral identity.live_token(${token.model}, ${token.id}) as t(token_id) on true`
      : sql`left join (select null::text as token_id) as t on false`;
    const result = await sql<ConsentRow & { token_live: boolean; consent_found: boolean; records: StoredRecord[] | null }>`
      select t.token_id is not null as token_live, ${records} as records, c.id is not null as consent_found, c.*
      from (select 1) as one
      ${live}
      left join lateral consent.latest_record(${accountId}::uuid, ${clientId}) as c on true`.execute(this.db);
    const row = result.rows[0];
    if (!row) throw new Error('the read snapshot returned no row');
    const { token_live, records: found, consent_found, ...consent } = row;
    return {
      tokenLive: token ? token_live : undefined,
      consent: consent_found ? consent : undefined,
      records: found ?? undefined,
    };
  }

  /**
   * Stores a record. Under an idempotency key the service used before, nothing is stored and
   * the earlier record comes back, with whether it was the same write.
   */
  async insert(row: NewRecord): Promise<{ id: string; recordedAt: Date; replay: 'none' | 'same' | 'different' }> {
    const inserted = await this.db
      .insertInto('linkage.record')
      .values(row)
      .onConflict((c) => c.columns(['client_id', 'idempotency_key']).where('idempotency_key', 'is not', null).doNothing())
      .returning(['id', 'recorded_at'])
      .executeTakeFirst();
    if (inserted) return { id: inserted.id, recordedAt: inserted.recorded_at, replay: 'none' };
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
