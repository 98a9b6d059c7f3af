import { sql, type Kysely, type Migration } from 'kysely';

/**
 * The ledger writes a batch in one statement that checks every balance and fiscal-year row it
 * changes still holds what the batch decided on; when one does not (or an idempotency key was
 * taken meanwhile), the statement calls this to fail as a whole and nothing is written.
 */
export const checkedWrites: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`create function currency.batch_conflict(state text, message text) returns int language plpgsql volatile as $$
      begin
        raise exception using errcode = state, message = message;
      end $$`.execute(db);
  },
};
