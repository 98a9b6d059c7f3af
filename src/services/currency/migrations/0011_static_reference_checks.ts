import { sql, type Kysely, type Migration } from 'kysely';

/**
 * The ledger's reference checks (0008) built their two queries as text and ran them with
 * `EXECUTE`, so PostgreSQL parsed and planned both anew on every call: three calls in every batch
 * statement, on the path of every payment. Each check is now a static query for the column and
 * table its trigger names, which PL/pgSQL prepares once per trigger and session. The guarantee
 * is the same: a row naming a transfer or an account that does not exist fails its whole
 * statement (23503). One query per check now names the missing id, if any: each distinct id,
 * taken as an array (a transition table has no statistics, see 0008), is looked up by its key.
 */
export const staticReferenceChecks: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`create or replace function currency.check_references() returns trigger language plpgsql as $$
      declare
        missing uuid;
      begin
        -- TG_ARGV: the column naming the row, and the table it names (both fixed by the trigger).
        if TG_ARGV[0] = 'transfer_id' and TG_ARGV[1] = 'transfer' then
          select x into missing from unnest(array(select distinct w.transfer_id from written w)) x
          where not exists (select from currency.transfer t where t.id = x) limit 1;
        elsif TG_ARGV[0] = 'account_id' and TG_ARGV[1] = 'account' then
          select x into missing from unnest(array(select distinct w.account_id from written w)) x
          where not exists (select from currency.account t where t.id = x) limit 1;
        else
          raise exception 'no reference check for %.% naming %', TG_TABLE_NAME, TG_ARGV[0], TG_ARGV[1];
        end if;
        if missing is not null then
          raise foreign_key_violation using message = format('%s.%s names %s %s, which does not exist',
            TG_TABLE_NAME, TG_ARGV[0], TG_ARGV[1], missing);
        end if;
        return null;
      end $$`.execute(db);
  },
};
