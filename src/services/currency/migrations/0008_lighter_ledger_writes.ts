import { sql, type Kysely, type Migration } from 'kysely';

/** The rows that name a transfer or an account, and what each names. */
const REFERENCES = [
  { table: 'entry', column: 'transfer_id', target: 'transfer' },
  { table: 'entry', column: 'account_id', target: 'account' },
  { table: 'share_queue', column: 'transfer_id', target: 'transfer' },
  { table: 'linkage_result', column: 'transfer_id', target: 'transfer' },
] as const;

/**
 * Fewer writes per payment, the same guarantees. A payment (with its fee) writes a transfer and
 * four entries; every index and every foreign-key check on them is paid once per row.
 *
 * An entry's primary key becomes (account_id, id): unique as id alone was, and the order in which
 * an account's history is read, so the separate index for that goes (one index entry less per row).
 *
 * Balances and fiscal-year counters are rewritten by nearly every batch: their pages are left half
 * empty so that a rewrite stays on its page (a HOT update, with no new index entry).
 *
 * The ledger's references are checked once per statement over all the rows it wrote, not by a
 * foreign key per row. A batch of fifty payments wrote some five hundred rows naming a transfer
 * or an account, and each foreign-key check locked the row it found (FOR KEY SHARE: a WAL record
 * and a dirtied page each), about a tenth of PostgreSQL's time per payment. The lock is only
 * needed against the named row being deleted meanwhile, and none ever is: transfers cannot be
 * updated or deleted (0001), and from here accounts cannot be deleted either. So a plain
 * look-up at the end of the statement keeps the same guarantee: a row naming a transfer or an
 * account that does not exist fails its whole statement (23503) and nothing of it is written.
 */
export const lighterLedgerWrites: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`alter table currency.entry drop constraint entry_pkey`.execute(db);
    await sql`drop index currency.entry_account`.execute(db);
    await sql`alter table currency.entry add primary key (account_id, id)`.execute(db);
    await sql`alter table currency.balance set (fillfactor = 50)`.execute(db);
    await sql`alter table currency.fee_year set (fillfactor = 50)`.execute(db);
    await sql`create function currency.keep_account() returns trigger language plpgsql as $$
      begin raise exception 'currency accounts are never deleted: their entries name them'; end $$`.execute(db);
    await sql`create trigger account_kept before delete on currency.account
      for each row execute function currency.keep_account()`.execute(db);
    // Each distinct id is looked up by its key (= any(array)); an anti-join with the transition
    // table, which has no statistics, was planned as a scan of the whole account table.
    await sql`create function currency.check_references() returns trigger language plpgsql as $$
      declare
        ids uuid[];
        found bigint;
        missing uuid;
      begin
        -- TG_ARGV: the column naming the row, and the table it names (both fixed by the trigger).
        execute format('select array(select distinct w.%I from written w)', TG_ARGV[0]) into ids;
        execute format('select count(*) from currency.%I t where t.id = any($1)', TG_ARGV[1]) using ids into found;
        if found < cardinality(ids) then
          execute format('select x from unnest($1) x where not exists (select from currency.%I t where t.id = x) limit 1', TG_ARGV[1])
            using ids into missing;
          raise foreign_key_violation using message = format('%s.%s names %s %s, which does not exist',
            TG_TABLE_NAME, TG_ARGV[0], TG_ARGV[1], missing);
        end if;
        return null;
      end $$`.execute(db);
    for (const ref of REFERENCES) {
      await sql`alter table ${sql.id('currency', ref.table)} drop constraint ${sql.id(`${ref.table}_${ref.column}_fkey`)}`.execute(db);
      await sql`create trigger ${sql.id(`${ref.table}_${ref.column}_exists`)} after insert on ${sql.id('currency', ref.table)}
        referencing new table as written for each statement
        execute function currency.check_references(${sql.lit(ref.column)}, ${sql.lit(ref.target)})`.execute(db);
    }
  },
};
