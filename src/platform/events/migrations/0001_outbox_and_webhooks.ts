import { sql, type Kysely, type Migration } from 'kysely';

/** The outbox, webhook subscriptions, and one row per delivery and per attempt. */
export const outboxAndWebhooks: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .withSchema('events')
      .createTable('outbox')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('subject', 'text')
      .addColumn('audience', 'text')
      .addColumn('data', 'jsonb', (c) => c.notNull())
      .addColumn('occurred_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('dispatched_at', 'timestamptz')
      .execute();
    // The fan-out only ever looks for events not dispatched yet.
    await db.schema
      .withSchema('events')
      .createIndex('outbox_undispatched')
      .on('outbox')
      .column('id')
      .where(sql.ref('dispatched_at'), 'is', null)
      .execute();

    await db.schema
      .withSchema('events')
      .createTable('subscription')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('types', sql`text[]`, (c) => c.notNull().check(sql`cardinality(types) > 0`))
      .addColumn('secret', 'text', (c) => c.notNull())
      .addColumn('previous_secret', 'text')
      .addColumn('previous_secret_expires_at', 'timestamptz')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('secret_rotated_at', 'timestamptz')
      .addColumn('deleted_at', 'timestamptz')
      .execute();
    await db.schema.withSchema('events').createIndex('subscription_client').on('subscription').column('client_id').execute();

    await db.schema
      .withSchema('events')
      .createTable('delivery')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('event_id', 'uuid', (c) => c.notNull().references('events.outbox.id'))
      .addColumn('subscription_id', 'uuid', (c) => c.notNull().references('events.subscription.id'))
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'delivering', 'delivered', 'failed', 'cancelled')`))
      .addColumn('series', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull())
      .addColumn('lease_token', 'uuid')
      .addColumn('lease_expires_at', 'timestamptz')
      .addColumn('last_attempt_at', 'timestamptz')
      .addColumn('last_status_code', 'integer')
      .addColumn('last_error', 'text')
      .addColumn('delivered_at', 'timestamptz')
      .addColumn('failed_at', 'timestamptz')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      // One delivery per event and subscriber, however many workers fan out at once.
      .addUniqueConstraint('delivery_event_subscription_unique', ['event_id', 'subscription_id'])
      .execute();
    await db.schema
      .withSchema('events')
      .createIndex('delivery_due')
      .on('delivery')
      .columns(['next_attempt_at', 'id'])
      .where(sql.ref('status'), '=', 'pending')
      .execute();
    await db.schema
      .withSchema('events')
      .createIndex('delivery_leased')
      .on('delivery')
      .column('lease_expires_at')
      .where(sql.ref('status'), '=', 'delivering')
      .execute();
    await db.schema.withSchema('events').createIndex('delivery_subscription_status').on('delivery').columns(['subscription_id', 'status']).execute();

    await db.schema
      .withSchema('events')
      .createTable('delivery_attempt')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('delivery_id', 'uuid', (c) => c.notNull().references('events.delivery.id'))
      .addColumn('series', 'integer', (c) => c.notNull())
      .addColumn('attempt', 'integer', (c) => c.notNull())
      .addColumn('started_at', 'timestamptz', (c) => c.notNull())
      .addColumn('duration_ms', 'integer')
      .addColumn('status_code', 'integer')
      .addColumn('error', 'text')
      // null while the attempt is in flight
      .addColumn('outcome', 'text', (c) => c.check(sql`outcome in ('succeeded', 'failed', 'abandoned')`))
      .execute();
    await db.schema
      .withSchema('events')
      .createIndex('delivery_attempt_delivery')
      .on('delivery_attempt')
      .columns(['delivery_id', 'series', 'attempt'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.withSchema('events').dropTable('delivery_attempt').execute();
    await db.schema.withSchema('events').dropTable('delivery').execute();
    await db.schema.withSchema('events').dropTable('subscription').execute();
    await db.schema.withSchema('events').dropTable('outbox').execute();
  },
};
