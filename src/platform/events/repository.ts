import { sql, type Generated, type Kysely } from 'kysely';
import type { NoTables } from '@lib/db/database.ts';

type OutboxTable = {
  id: string;
  type: string;
  subject: string | null;
  audience: string | null;
  data: Record<string, unknown>;
  occurred_at: Generated<Date>;
  dispatched_at: Date | null;
};

type SubscriptionTable = {
  id: string;
  client_id: string;
  url: string;
  types: string[];
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: Date | null;
  created_at: Generated<Date>;
  secret_rotated_at: Date | null;
  deleted_at: Date | null;
};

export type DeliveryStatus = 'pending' | 'delivering' | 'delivered' | 'failed' | 'cancelled';

type DeliveryTable = {
  id: string;
  event_id: string;
  subscription_id: string;
  status: DeliveryStatus;
  series: Generated<number>;
  attempts: Generated<number>;
  next_attempt_at: Date;
  lease_token: string | null;
  lease_expires_at: Date | null;
  last_attempt_at: Date | null;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: Date | null;
  failed_at: Date | null;
  created_at: Generated<Date>;
};

export type AttemptOutcome = 'succeeded' | 'failed' | 'abandoned';

type DeliveryAttemptTable = {
  id: string;
  delivery_id: string;
  series: number;
  attempt: number;
  started_at: Date;
  duration_ms: number | null;
  status_code: number | null;
  error: string | null;
  outcome: AttemptOutcome | null;
};

export type EventsTables = {
  'events.outbox': OutboxTable;
  'events.subscription': SubscriptionTable;
  'events.delivery': DeliveryTable;
  'events.delivery_attempt': DeliveryAttemptTable;
};

export type NewEventRow = { id: string; type: string; subject: string | null; audience: string | null; data: unknown };

export type SubscriptionRow = {
  id: string;
  client_id: string;
  url: string;
  types: string[];
  created_at: Date;
  secret_rotated_at: Date | null;
  previous_secret_expires_at: Date | null;
};

export type DeliveryRow = {
  id: string;
  event_id: string;
  event_type: string;
  occurred_at: Date;
  subscription_id: string;
  client_id: string;
  url: string;
  status: DeliveryStatus;
  series: number;
  attempts: number;
  next_attempt_at: Date;
  last_attempt_at: Date | null;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: Date | null;
  failed_at: Date | null;
  created_at: Date;
};

export type AttemptRow = Omit<DeliveryAttemptTable, 'delivery_id'>;

/** What a worker needs to send one claimed delivery. */
export type ClaimedDelivery = {
  id: string;
  series: number;
  attempts: number;
  event_id: string;
  event_type: string;
  subject: string | null;
  data: Record<string, unknown>;
  occurred_at: Date;
  url: string;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: Date | null;
  attempt_id: string;
};

export type DeliveryQuery = { clientId: string | null; status?: DeliveryStatus | undefined; limit: number; offset: number };

const SUBSCRIPTION_COLUMNS = ['id', 'client_id', 'url', 'types', 'created_at', 'secret_rotated_at', 'previous_secret_expires_at'] as const;

/** The only SQL of the events module. */
export class EventsRepository {
  private readonly db: Kysely<EventsTables>;

  constructor(db: Kysely<NoTables>) {
    this.db = db.withTables<EventsTables>();
  }

  async insertEvent(row: NewEventRow): Promise<void> {
    await this.db
      .insertInto('events.outbox')
      .values({ ...row, data: sql<Record<string, unknown>>`cast(${JSON.stringify(row.data)} as jsonb)` })
      .execute();
  }

  // --- subscriptions

  async insertSubscription(row: { id: string; client_id: string; url: string; types: string[]; secret: string }): Promise<SubscriptionRow> {
    return this.db.insertInto('events.subscription').values(row).returning(SUBSCRIPTION_COLUMNS).executeTakeFirstOrThrow();
  }

  async countSubscriptions(clientId: string): Promise<number> {
    const row = await this.db
      .selectFrom('events.subscription')
      .where('client_id', '=', clientId)
      .where('deleted_at', 'is', null)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Live subscriptions, of one service or (clientId null) of all. */
  async subscriptions(clientId: string | null): Promise<SubscriptionRow[]> {
    let query = this.db.selectFrom('events.subscription').where('deleted_at', 'is', null);
    if (clientId !== null) query = query.where('client_id', '=', clientId);
    return query.select(SUBSCRIPTION_COLUMNS).orderBy('id').execute();
  }

  async subscription(id: string, clientId: string | null): Promise<SubscriptionRow | undefined> {
    let query = this.db.selectFrom('events.subscription').where('id', '=', id).where('deleted_at', 'is', null);
    if (clientId !== null) query = query.where('client_id', '=', clientId);
    return query.select(SUBSCRIPTION_COLUMNS).executeTakeFirst();
  }

  /** Ends a subscription and cancels what it still had waiting; false when it was not there. */
  async deleteSubscription(id: string, clientId: string, now: Date): Promise<boolean> {
    const deleted = await this.db
      .updateTable('events.subscription')
      .set({ deleted_at: now, secret: '', previous_secret: null })
      .where('id', '=', id)
      .where('client_id', '=', clientId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (Number(deleted.numUpdatedRows) === 0) return false;
    await this.db
      .updateTable('events.delivery')
      .set({ status: 'cancelled' })
      .where('subscription_id', '=', id)
      .where('status', '=', 'pending')
      .execute();
    return true;
  }

  /** Replaces the secret, keeping the old one valid until `previousExpiresAt`. */
  async rotateSecret(id: string, clientId: string, secret: string, now: Date, previousExpiresAt: Date): Promise<SubscriptionRow | undefined> {
    return this.db
      .updateTable('events.subscription')
      .set((eb) => ({
        previous_secret: eb.ref('secret'),
        previous_secret_expires_at: previousExpiresAt,
        secret,
        secret_rotated_at: now,
      }))
      .where('id', '=', id)
      .where('client_id', '=', clientId)
      .where('deleted_at', 'is', null)
      .returning(SUBSCRIPTION_COLUMNS)
      .executeTakeFirst();
  }

  // --- deliveries, as the API shows them

  private deliveries$() {
    return this.db
      .selectFrom('events.delivery as d')
      .innerJoin('events.outbox as o', 'o.id', 'd.event_id')
      .innerJoin('events.subscription as s', 's.id', 'd.subscription_id')
      .select([
        'd.id',
        'd.event_id',
        'o.type as event_type',
        'o.occurred_at',
        'd.subscription_id',
        's.client_id',
        's.url',
        'd.status',
        'd.series',
        'd.attempts',
        'd.next_attempt_at',
        'd.last_attempt_at',
        'd.last_status_code',
        'd.last_error',
        'd.delivered_at',
        'd.failed_at',
        'd.created_at',
      ]);
  }

  async deliveries(query: DeliveryQuery): Promise<{ rows: DeliveryRow[]; total: number }> {
    let base = this.deliveries$();
    if (query.clientId !== null) base = base.where('s.client_id', '=', query.clientId);
    if (query.status) base = base.where('d.status', '=', query.status);
    const [rows, count] = await Promise.all([
      base.orderBy('d.id', 'desc').limit(query.limit).offset(query.offset).execute(),
      base
        .clearSelect()
        .select((eb) => eb.fn.countAll<number>().as('total'))
        .executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.total) };
  }

  async delivery(id: string, clientId: string | null): Promise<DeliveryRow | undefined> {
    let query = this.deliveries$().where('d.id', '=', id);
    if (clientId !== null) query = query.where('s.client_id', '=', clientId);
    return query.executeTakeFirst();
  }

  async attempts(deliveryId: string): Promise<AttemptRow[]> {
    return this.db
      .selectFrom('events.delivery_attempt')
      .where('delivery_id', '=', deliveryId)
      .select(['id', 'series', 'attempt', 'started_at', 'duration_ms', 'status_code', 'error', 'outcome'])
      .orderBy('series')
      .orderBy('attempt')
      .execute();
  }

  /** Queues a finished delivery again as a new series of attempts; false when it is not finished. */
  async replay(id: string, now: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('events.delivery')
      .set((eb) => ({
        status: 'pending',
        series: eb('series', '+', 1),
        attempts: 0,
        next_attempt_at: now,
        delivered_at: null,
        failed_at: null,
      }))
      .where('id', '=', id)
      .where('status', 'in', ['failed', 'delivered'])
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  // --- the delivery worker

  /**
   * Turns up to `limit` undispatched events into one delivery per matching subscription and
   * marks them dispatched. Run inside a transaction: SKIP LOCKED lets other workers take
   * other events meanwhile. Returns how many events it dispatched.
   */
  async fanOut(limit: number, now: Date, newId: () => string): Promise<number> {
    const events = await this.db
      .selectFrom('events.outbox')
      .where('dispatched_at', 'is', null)
      .select('id')
      .orderBy('id')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (events.length === 0) return 0;
    const ids = events.map((e) => e.id);
    const pairs = await this.db
      .selectFrom('events.outbox as o')
      .innerJoin('events.subscription as s', (join) =>
        join
          .on('s.deleted_at', 'is', null)
          .on(sql<boolean>`o.type = any(s.types)`)
          // Events from the moment of subscribing on. Clocks can tie (PGlite's ticks in whole
          // milliseconds): then the ids decide, both UUIDv7 and so ordered by creation.
          .on((eb) =>
            eb.or([
              eb('s.created_at', '<', eb.ref('o.occurred_at')),
              eb.and([eb('s.created_at', '=', eb.ref('o.occurred_at')), eb('s.id', '<', eb.ref('o.id'))]),
            ]),
          )
          .on((eb) => eb.or([eb('o.audience', 'is', null), eb('o.audience', '=', eb.ref('s.client_id'))])),
      )
      .where('o.id', 'in', ids)
      .select(['o.id as event_id', 's.id as subscription_id'])
      .orderBy('o.id')
      .execute();
    if (pairs.length > 0) {
      await this.db
        .insertInto('events.delivery')
        .values(
          pairs.map((p) => ({
            id: newId(),
            event_id: p.event_id,
            subscription_id: p.subscription_id,
            status: 'pending' as const,
            next_attempt_at: now,
          })),
        )
        .onConflict((c) => c.columns(['event_id', 'subscription_id']).doNothing())
        .execute();
    }
    await this.db.updateTable('events.outbox').set({ dispatched_at: now }).where('id', 'in', ids).execute();
    return ids.length;
  }

  /**
   * Puts deliveries whose worker's lease ran out back in the queue (or fails them when they
   * used their last attempt), and marks the attempts that never finished as abandoned.
   */
  async recoverExpiredLeases(now: Date, maxAttempts: number, reason: string): Promise<number> {
    const recovered = await this.db
      .updateTable('events.delivery')
      .set({
        status: sql<DeliveryStatus>`case when attempts >= ${maxAttempts} then 'failed' else 'pending' end`,
        failed_at: sql<Date | null>`case when attempts >= ${maxAttempts} then cast(${now} as timestamptz) end`,
        next_attempt_at: now,
        lease_token: null,
        lease_expires_at: null,
        last_error: reason,
        last_status_code: null,
      })
      .where('status', '=', 'delivering')
      .where('lease_expires_at', '<=', now)
      .returning('id')
      .execute();
    if (recovered.length === 0) return 0;
    await this.db
      .updateTable('events.delivery_attempt')
      .set({ outcome: 'abandoned', error: reason })
      .where(
        'delivery_id',
        'in',
        recovered.map((r) => r.id),
      )
      .where('outcome', 'is', null)
      .execute();
    return recovered.length;
  }

  /**
   * Claims up to `limit` due deliveries for one worker until `leaseExpiresAt`, counting the
   * attempt and opening its record. Run inside a transaction.
   */
  async claim(limit: number, now: Date, leaseToken: string, leaseExpiresAt: Date, newId: () => string): Promise<ClaimedDelivery[]> {
    const due = await this.db
      .selectFrom('events.delivery as d')
      .innerJoin('events.subscription as s', 's.id', 'd.subscription_id')
      .where('d.status', '=', 'pending')
      .where('d.next_attempt_at', '<=', now)
      .where('s.deleted_at', 'is', null)
      .select('d.id')
      .orderBy('d.next_attempt_at')
      .orderBy('d.id')
      .limit(limit)
      .forUpdate('d')
      .skipLocked()
      .execute();
    if (due.length === 0) return [];
    const claimed = await this.db
      .updateTable('events.delivery')
      .set((eb) => ({
        status: 'delivering',
        attempts: eb('attempts', '+', 1),
        lease_token: leaseToken,
        lease_expires_at: leaseExpiresAt,
        last_attempt_at: now,
      }))
      .where(
        'id',
        'in',
        due.map((d) => d.id),
      )
      .returning(['id', 'series', 'attempts'])
      .execute();
    const attempts = claimed.map((c) => ({ id: newId(), delivery_id: c.id, series: c.series, attempt: c.attempts, started_at: now }));
    await this.db.insertInto('events.delivery_attempt').values(attempts).execute();
    const details = await this.db
      .selectFrom('events.delivery as d')
      .innerJoin('events.outbox as o', 'o.id', 'd.event_id')
      .innerJoin('events.subscription as s', 's.id', 'd.subscription_id')
      .where(
        'd.id',
        'in',
        claimed.map((c) => c.id),
      )
      .select([
        'd.id',
        'd.series',
        'd.attempts',
        'o.id as event_id',
        'o.type as event_type',
        'o.subject',
        'o.data',
        'o.occurred_at',
        's.url',
        's.secret',
        's.previous_secret',
        's.previous_secret_expires_at',
      ])
      .execute();
    const attemptOf = new Map(attempts.map((a) => [a.delivery_id, a.id]));
    return details.map((d) => ({ ...d, attempt_id: attemptOf.get(d.id) ?? '' }));
  }

  /**
   * Records how an attempt ended and what happens to its delivery next. Returns false when
   * the worker's lease had already been taken back; the attempt is recorded all the same.
   */
  async finishAttempt(result: {
    deliveryId: string;
    attemptId: string;
    leaseToken: string;
    outcome: 'succeeded' | 'failed';
    statusCode: number | null;
    error: string | null;
    durationMs: number;
    /** What the delivery becomes, and when: delivered or failed now, or pending until the next attempt. */
    next: { status: 'delivered' | 'failed' | 'pending'; at: Date };
  }): Promise<boolean> {
    await this.db
      .updateTable('events.delivery_attempt')
      .set({ outcome: result.outcome, status_code: result.statusCode, error: result.error, duration_ms: result.durationMs })
      .where('id', '=', result.attemptId)
      .execute();
    const { next } = result;
    const updated = await this.db
      .updateTable('events.delivery')
      .set({
        status: next.status,
        next_attempt_at: next.at,
        delivered_at: next.status === 'delivered' ? next.at : null,
        failed_at: next.status === 'failed' ? next.at : null,
        last_status_code: result.statusCode,
        last_error: result.error,
        lease_token: null,
        lease_expires_at: null,
      })
      .where('id', '=', result.deliveryId)
      .where('lease_token', '=', result.leaseToken)
      .executeTakeFirst();
    return Number(updated.numUpdatedRows) > 0;
  }
}
