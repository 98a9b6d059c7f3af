import { sql, type Kysely, type Migration } from 'kysely';

/** The access log refuses updates and deletes; the hash chains catch whoever disables this. */
export const appendOnly: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`create function linkage.forbid_change() returns trigger language plpgsql as $$
      begin raise exception 'the access log is append-only'; end $$`.execute(db);
    await sql`create trigger access_log_append_only before update or delete on linkage.access_log
      for each row execute function linkage.forbid_change()`.execute(db);
  },
};
