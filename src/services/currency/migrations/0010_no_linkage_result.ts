import { sql, type Kysely, type Migration } from 'kysely';

/**
 * How each payment's linkage write went is the platform's to keep: a shared result is the
 * citizen's linkage record, and every write, allowed or refused, is in her access log with its
 * reason. The currency's own copy of the outcome (`linkage_result`) was read by nothing but a
 * test, and cost every shared payment a row, an index entry and its JSON both ways; a payment
 * now simply leaves the share queue once linkage has answered for it.
 */
export const noLinkageResult: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`drop table currency.linkage_result`.execute(db);
  },
};
