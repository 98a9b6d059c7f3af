import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Consent's "latest version for a citizen and a service" as a SQL function, so that linkage can
 * take its decision in the same statement as the data it guards, in one snapshot.
 */
export const latestRecord: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`create function consent.latest_record(citizen uuid, client text) returns setof consent.record
      language sql stable as $$
        select * from consent.record where account_id = citizen and client_id = client
        order by version desc limit 1
      $$`.execute(db);
  },
};
