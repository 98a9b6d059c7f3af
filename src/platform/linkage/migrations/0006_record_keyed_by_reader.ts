import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Records are read one way: a citizen's newest of one category. Nothing looks a record up by its
 * id, so the table's key is now the readers' order, (account, category, time, id), in place of a
 * unique index on the id beside an index in that order: every stored record costs one index
 * entry fewer. Ids stay UUIDv7s made by the platform; a retried write is still found by its
 * idempotency key (`record_idempotency`).
 */
export const recordKeyedByReader: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`alter table linkage.record drop constraint record_pkey`.execute(db);
    await sql`drop index linkage.record_account_category`.execute(db);
    await sql`alter table linkage.record add primary key (account_id, category, recorded_at, id)`.execute(db);
  },
};
