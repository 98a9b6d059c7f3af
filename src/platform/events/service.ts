import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { uuidv7 } from '@lib/ids.ts';
import { withTransaction, type NoTables } from '@lib/db/database.ts';
import { EventsError } from './errors.ts';
import type { EventData, EventType } from './event-types.ts';
import { publishEvent } from './outbox.ts';
import { EventsRepository, type AttemptRow, type DeliveryRow, type DeliveryStatus, type SubscriptionRow } from './repository.ts';
import { webhookUrlRefusal } from './webhook-url.ts';

export type EventsServiceOptions = {
  /** Accept http:// webhook URLs to localhost, 127.0.0.1 and [::1] (development only). */
  allowLoopbackHttp: boolean;
  maxSubscriptionsPerService: number;
  clock: () => Date;
};

/** Who is asking: one service, which sees only its own, or the operator, who sees all. */
export type Viewer = { clientId: string } | 'operator';

export type SubscriptionWithSecret = { subscription: SubscriptionRow; secret: string };

const clientOf = (viewer: Viewer) => (viewer === 'operator' ? null : viewer.clientId);

/** A fresh signing secret: 256 random bits, prefixed so that it is recognisable in a leak scan. */
const newSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

/**
 * City-wide events services publish through the API, and which service may publish each:
 * only the city's disaster service may raise a disaster alert.
 */
export const SERVICE_PUBLISHERS: Partial<Record<EventType, readonly string[]>> = { 'disaster.alert': ['tsunagu-disaster'] };

/** Use cases of webhook subscriptions and deliveries. */
export class EventsService {
  private readonly repository: EventsRepository;

  constructor(
    private readonly db: Kysely<NoTables>,
    private readonly options: EventsServiceOptions,
  ) {
    this.repository = new EventsRepository(db);
  }

  /** Publishes a city-wide event for a service that may publish its type; to every subscriber. */
  async publish<T extends EventType>(clientId: string, type: T, data: EventData[T]): Promise<{ id: string }> {
    if (!SERVICE_PUBLISHERS[type]?.includes(clientId))
      throw new EventsError('publication_not_allowed', `This service may not publish ${type} events.`);
    return withTransaction(this.db, (tx) => publishEvent(tx, { type, data }));
  }

  async subscribe(clientId: string, input: { url: string; types: readonly EventType[] }): Promise<SubscriptionWithSecret> {
    const refusal = webhookUrlRefusal(input.url, this.options.allowLoopbackHttp);
    if (refusal) {
      throw new EventsError('webhook_url_not_allowed', `url ${refusal}.`, [{ in: 'body', field: '/url', message: refusal }]);
    }
    const secret = newSecret();
    const subscription = await withTransaction(this.db, async (tx) => {
      const repository = new EventsRepository(tx);
      if ((await repository.countSubscriptions(clientId)) >= this.options.maxSubscriptionsPerService) {
        throw new EventsError(
          'subscription_limit_reached',
          `A service may hold ${this.options.maxSubscriptionsPerService} subscriptions; delete one first.`,
        );
      }
      return repository.insertSubscription({ id: uuidv7(), client_id: clientId, url: input.url, types: [...new Set(input.types)], secret });
    });
    return { subscription, secret };
  }

  async subscriptions(viewer: Viewer): Promise<SubscriptionRow[]> {
    return this.repository.subscriptions(clientOf(viewer));
  }

  async subscription(viewer: Viewer, id: string): Promise<SubscriptionRow> {
    const row = await this.repository.subscription(id, clientOf(viewer));
    if (!row) throw new EventsError('subscription_not_found', `No subscription ${id} of yours.`);
    return row;
  }

  async unsubscribe(clientId: string, id: string): Promise<void> {
    const deleted = await withTransaction(this.db, (tx) => new EventsRepository(tx).deleteSubscription(id, clientId, this.options.clock()));
    if (!deleted) throw new EventsError('subscription_not_found', `No subscription ${id} of yours.`);
  }

  /** A new secret, returned this once; the old one keeps signing alongside for `overlapSeconds`. */
  async rotateSecret(clientId: string, id: string, overlapSeconds: number): Promise<SubscriptionWithSecret & { previousSecretExpiresAt: Date }> {
    const now = this.options.clock();
    const previousSecretExpiresAt = new Date(now.getTime() + overlapSeconds * 1000);
    const secret = newSecret();
    const subscription = await this.repository.rotateSecret(id, clientId, secret, now, previousSecretExpiresAt);
    if (!subscription) throw new EventsError('subscription_not_found', `No subscription ${id} of yours.`);
    return { subscription, secret, previousSecretExpiresAt };
  }

  async deliveries(
    viewer: Viewer,
    query: { status?: DeliveryStatus | undefined; clientId?: string | undefined; limit: number; offset: number },
  ): Promise<{ rows: DeliveryRow[]; total: number; limit: number; offset: number }> {
    const clientId = viewer === 'operator' ? (query.clientId ?? null) : viewer.clientId;
    const page = await this.repository.deliveries({ clientId, status: query.status, limit: query.limit, offset: query.offset });
    return { ...page, limit: query.limit, offset: query.offset };
  }

  async delivery(viewer: Viewer, id: string): Promise<{ delivery: DeliveryRow; attempts: AttemptRow[] }> {
    const delivery = await this.repository.delivery(id, clientOf(viewer));
    if (!delivery) throw new EventsError('delivery_not_found', `No delivery ${id} of yours.`);
    return { delivery, attempts: await this.repository.attempts(id) };
  }

  /** Sends a failed (or delivered) delivery again, as a new series of attempts starting now. */
  async replay(viewer: Viewer, id: string): Promise<DeliveryRow> {
    return withTransaction(this.db, async (tx) => {
      const repository = new EventsRepository(tx);
      const delivery = await repository.delivery(id, clientOf(viewer));
      if (!delivery) throw new EventsError('delivery_not_found', `No delivery ${id} of yours.`);
      if (!(await repository.subscription(delivery.subscription_id, null))) {
        throw new EventsError('subscription_deleted', 'Subscribe again; deliveries of a deleted subscription cannot be replayed.');
      }
      if (!(await repository.replay(id, this.options.clock()))) {
        throw new EventsError('delivery_not_replayable', `The delivery is ${delivery.status}; only failed or delivered ones can be replayed.`);
      }
      const replayed = await repository.delivery(id, null);
      if (!replayed) throw new Error(`Delivery ${id} vanished inside its own transaction`);
      return replayed;
    });
  }
}
