import { sql, type Kysely, type Migration } from 'kysely';

export const consent: Migration = {
  async up(db: Kysely<unknown>) {
    const s = db.schema.withSchema('consent');
    // Append-only: every grant, narrowing, withdrawal and re-grant is a new version.
    await s
      .createTable('record')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('account_id', 'uuid', (c) => c.notNull())
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'withdrawn')`))
      .addColumn('categories', 'jsonb', (c) => c.notNull())
      .addColumn('purposes', 'jsonb', (c) => c.notNull())
      .addColumn('service_name', 'text', (c) => c.notNull())
      .addColumn('company', 'text', (c) => c.notNull())
      .addColumn('valid_from', 'timestamptz', (c) => c.notNull())
      .addColumn('valid_until', 'timestamptz')
      .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addUniqueConstraint('record_version', ['account_id', 'client_id', 'version'])
      .execute();
    await sql`create function consent.forbid_change() returns trigger language plpgsql as $$
      begin raise exception 'consent records are append-only'; end $$`.execute(db);
    await sql`create trigger record_append_only before update or delete on consent.record
      for each row execute function consent.forbid_change()`.execute(db);
  },
};
