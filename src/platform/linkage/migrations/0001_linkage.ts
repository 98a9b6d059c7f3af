import { sql, type Kysely, type Migration } from 'kysely';

export const linkage: Migration = {
  async up(db: Kysely<unknown>) {
    const s = db.schema.withSchema('linkage');
    await s
      .createTable('access_log')
      .addColumn('seq', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
      .addColumn('id', 'uuid', (c) => c.notNull().unique())
      .addColumn('at', 'timestamptz', (c) => c.notNull())
      .addColumn('account_id', 'uuid', (c) => c.notNull())
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addColumn('service_name', 'text', (c) => c.notNull())
      .addColumn('company', 'text', (c) => c.notNull())
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull().check(sql`action in ('read', 'write')`))
      .addColumn('purpose', 'text', (c) => c.notNull())
      .addColumn('consent_id', 'uuid')
      .addColumn('consent_version', 'integer')
      .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('allowed', 'denied')`))
      .addColumn('reason', 'text')
      .addColumn('prev_hash', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .execute();
    await s.createIndex('access_log_account').on('access_log').columns(['account_id', 'seq']).execute();
    // The newest hash of each citizen's chain: removing the last entry is detectable too.
    await s
      .createTable('chain_head')
      .addColumn('account_id', 'uuid', (c) => c.primaryKey())
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .execute();
    await s
      .createTable('record')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('account_id', 'uuid', (c) => c.notNull())
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('data', 'jsonb', (c) => c.notNull())
      .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    await s.createIndex('record_account_category').on('record').columns(['account_id', 'category', 'recorded_at']).execute();
  },
};
