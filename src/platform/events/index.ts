import type { TsunaguModule } from '@lib/module.ts';
import { eventsMigrations } from './migrations/index.ts';
import { eventsRoutes } from './routes.ts';
import { eventsSchemas } from './schemas.ts';
import { EventsService } from './service.ts';
import { isLoopbackHttp } from './webhook-url.ts';

export { EVENT_TYPES, type EventData, type EventType, type NewEvent } from './event-types.ts';
export { publishEvent } from './outbox.ts';
export { DEFAULT_RETRY_DELAYS_SECONDS, startEventDelivery, type EventDelivery, type EventDeliveryOptions } from './delivery-worker.ts';
export { DEFAULT_SIGNATURE_TOLERANCE_SECONDS, signWebhook, verifyWebhookSignature, WEBHOOK_HEADERS, type WebhookVerification } from './signature.ts';

export type EventsModuleOptions = {
  /**
   * Accept plain http:// webhook URLs to localhost, 127.0.0.1 and [::1], for development.
   * Default: only when BASE_URL itself is http on such a host (a development installation);
   * otherwise webhooks must use https.
   */
  allowLoopbackHttp?: boolean;
  /** Live subscriptions one service may hold. Default 25. */
  maxSubscriptionsPerService?: number;
  /** The clock for replays, rotations and deletions; tests pass the one they give the worker. */
  clock?: () => Date;
};

/** The events module with non-default options (tests, or an installation with its own policy). */
export function createEventsModule(options: EventsModuleOptions = {}): TsunaguModule {
  return {
    name: 'events',
    kind: 'platform',
    title: { ja: 'イベント通知', en: 'Events' },
    summary: {
      ja: '同意の撤回や転居などの変更を、署名付きWebhookで連携サービスへ確実に通知',
      en: 'Signed webhooks that tell connected services about changes such as a withdrawn consent or a move, with retries',
    },
    portal: null,
    migrations: eventsMigrations,
    schemas: eventsSchemas,
    routes: ({ config, database }) =>
      eventsRoutes(
        new EventsService(database.db, {
          allowLoopbackHttp: options.allowLoopbackHttp ?? isLoopbackHttp(config.baseUrl),
          maxSubscriptionsPerService: options.maxSubscriptionsPerService ?? 25,
          clock: options.clock ?? (() => new Date()),
        }),
      ),
  };
}

/**
 * Events: the transactional outbox, webhook subscriptions of services, and the record of
 * every delivery. Publish with `publishEvent(tx, …)`; run `startEventDelivery(…)` to send.
 */
export const eventsModule: TsunaguModule = createEventsModule();
