import type { Generated, Kysely, Selectable } from 'kysely';
import type { NoTables } from '@lib/db/database.ts';
import type { DataCategory } from './categories.ts';

type RecordTable = {
  id: string;
  account_id: string;
  client_id: string;
  version: number;
  status: 'active' | 'withdrawn';
  categories: DataCategory[];
  purposes: { ja: string; en: string }[];
  service_name: string;
  company: string;
  valid_from: Date;
  valid_until: Date | null;
  recorded_at: Generated<Date>;
};

export type ConsentTables = { 'consent.record': RecordTable };
export type ConsentRow = Selectable<RecordTable>;
export type NewConsentRow = Omit<RecordTable, 'recorded_at'>;

/** The only place with SQL for consent records. */
export class ConsentRepository {
  private readonly db: Kysely<ConsentTables>;

  constructor(db: Kysely<NoTables>) {
    this.db = db.withTables<ConsentTables>();
  }

  /** The latest version for a citizen and a service, locking it so concurrent changes queue. */
  latest(accountId: string, clientId: string, lock = false): Promise<ConsentRow | undefined> {
    let query = this.db
      .selectFrom('consent.record')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('client_id', '=', clientId)
      .orderBy('version', 'desc')
      .limit(1);
    if (lock) query = query.forUpdate();
    return query.executeTakeFirst();
  }

  async insert(row: NewConsentRow): Promise<ConsentRow> {
    return this.db
      .insertInto('consent.record')
      .values({
        ...row,
        categories: JSON.stringify(row.categories) as unknown as DataCategory[],
        purposes: JSON.stringify(row.purposes) as unknown as RecordTable['purposes'],
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** The latest version of every service the citizen ever consented to. */
  async currentForAccount(accountId: string): Promise<ConsentRow[]> {
    return this.db
      .selectFrom('consent.record as r')
      .selectAll('r')
      .where('r.account_id', '=', accountId)
      .where((eb) =>
        eb(
          'r.version',
          '=',
          eb
            .selectFrom('consent.record as l')
            .select((e) => e.fn.max('l.version').as('v'))
            .whereRef('l.account_id', '=', 'r.account_id')
            .whereRef('l.client_id', '=', 'r.client_id'),
        ),
      )
      .orderBy('r.valid_from', 'desc')
      .execute();
  }

  history(accountId: string, clientId: string): Promise<ConsentRow[]> {
    return this.db
      .selectFrom('consent.record')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('client_id', '=', clientId)
      .orderBy('version', 'desc')
      .execute();
  }

  byId(id: string): Promise<ConsentRow | undefined> {
    return this.db.selectFrom('consent.record').selectAll().where('id', '=', id).executeTakeFirst();
  }
}
