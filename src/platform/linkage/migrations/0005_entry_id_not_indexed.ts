import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Nothing looks an access-log entry up by its id: entries are read by citizen (account, seq) and
 * walked in seq order, the table's key. The unique index on `id` only cost every logged read and
 * write one more index entry and its WAL record. Ids stay UUIDv7s made by the platform, and each
 * entry's hash still covers its id.
 */
export const entryIdNotIndexed: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`alter table linkage.access_log drop constraint access_log_id_key`.execute(db);
  },
};
