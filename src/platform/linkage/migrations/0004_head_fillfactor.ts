import { sql, type Kysely, type Migration } from 'kysely';

/**
 * A chain head is rewritten with every access-log entry of its citizen. Pages left half empty let
 * each rewrite stay on its page (a HOT update: no new index entry, pruned in place), where full
 * pages sent it elsewhere with a new entry in the key's index, which later look-ups walk past.
 */
export const headFillfactor: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`alter table linkage.chain_head set (fillfactor = 50)`.execute(db);
  },
};
