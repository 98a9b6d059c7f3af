import { sql, type Kysely, type Migration } from 'kysely';

/**
 * The ledger's reference checks (0008) built their two queries as text and ran them with
 * `EXECUTE`, so PostgreSQL parsed and planned both anew on every call: three calls in every batch
 * statement, on the path of every payment. Each check is now a static query for the column and
 * table its trigger names, which PL/pgSQL prepares once per trigger and session. The guarantee
 * is the same: a row naming a transfer or an account that does not exist fails its whole
 * statement (23503). Each distinct id is still looked up by its key (`= any(array)`), for the
 * reason 0008 gives.
 */
export const staticReferenceChecks: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`create or replace function currency.check_references() returns trigger language plpgsql as $$
      declare
        ids uuid[];
        existing bigint;
        missing uuid;
      begin
        -- TG_ARGV: the column naming the row, and the table it names (both fixed by the trigger).
        if TG_ARGV[0] = 'transfer_id' and TG_ARGV[1] = 'transfer' then
          ids := array(select distinct w.transfer_id from written w);
          select count(*) into existing from currency.transfer t where t.id = any(ids);
        elsif TG_ARGV[0] = 'account_id' and TG_ARGV[1] = 'account' then
          ids := array(select distinct w.account_id from written w);
          select count(*) into existing from currency.account t where t.id = any(ids);
        else
          raise exception 'no reference check for %.% naming %', TG_TABLE_NAME, TG_ARGV[0], TG_ARGV[1];
        end if;
        if existing < cardinality(ids) then
          -- Only on the way to an error: which id is missing.
          execute format('select x from unnest($1) x where not exists (select from currency.%I t where t.id = x) limit 1', TG_ARGV[1])
            using ids into missing;
          raise foreign_key_violation using message = format('%s.%s names %s %s, which does not exist',
            TG_TABLE_NAME, TG_ARGV[0], TG_ARGV[1], missing);
        end if;
        return null;
      end $$`.execute(db);
  },
};
