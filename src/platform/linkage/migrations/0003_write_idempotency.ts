import { sql, type Kysely, type Migration } from 'kysely';

/** A service may name a write with a key of its own, so that a retried write is stored once. */
export const writeIdempotency: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.withSchema('linkage').alterTable('record').addColumn('idempotency_key', 'text').execute();
    await sql`create unique index record_idempotency on linkage.record (client_id, idempotency_key)
      where idempotency_key is not null`.execute(db);
  },
};
