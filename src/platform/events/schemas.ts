import { Type, type Static, type TSchema } from 'typebox';
import { EVENT_TYPES } from './event-types.ts';

const DateTime = (description: string) => Type.String({ format: 'date-time', description });
const Nullable = <T extends TSchema>(schema: T, description: string) => Type.Union([schema, Type.Null()], { description });

const eventType = () => Type.Enum(EVENT_TYPES, { type: 'string', description: 'Kind of event (docs/events.md lists each payload)' });

export const EventTypeSchema = Type.Enum(EVENT_TYPES, {
  $id: 'EventType',
  type: 'string',
  description: 'Kind of event (docs/events.md lists each payload)',
});

const subscriptionProperties = {
  id: Type.String({ format: 'uuid' }),
  clientId: Type.String({ description: 'The subscribing service (its OpenID Connect client id)' }),
  url: Type.String({ format: 'uri', description: 'Where the webhooks are POSTed' }),
  types: Type.Array(Type.Ref('EventType')),
  createdAt: DateTime('When the service subscribed; it receives events that occur after this'),
  secretRotatedAt: Nullable(DateTime('Last rotation'), 'When the signing secret was last rotated, if ever'),
};

export const EventSubscription = Type.Object(subscriptionProperties, {
  $id: 'EventSubscription',
  description: 'A webhook subscription of a service (its signing secret is shown only when issued)',
  additionalProperties: false,
});

export const EventSubscriptionCreated = Type.Object(
  {
    ...subscriptionProperties,
    secret: Type.String({ description: 'Signing secret for tsunagu-signature. Shown this once: store it now.' }),
  },
  { $id: 'EventSubscriptionCreated', additionalProperties: false },
);

export const EventSubscriptionList = Type.Object(
  { items: Type.Array(Type.Ref('EventSubscription')) },
  { $id: 'EventSubscriptionList', additionalProperties: false },
);

export const EventSecret = Type.Object(
  {
    subscriptionId: Type.String({ format: 'uuid' }),
    secret: Type.String({ description: 'The new signing secret. Shown this once.' }),
    previousSecretExpiresAt: DateTime('Until then webhooks carry a signature with the old secret too'),
  },
  { $id: 'EventSecret', additionalProperties: false },
);

const DeliveryStatusSchema = Type.Enum(['pending', 'delivering', 'delivered', 'failed', 'cancelled'], {
  type: 'string',
  description:
    'pending: waiting for its next attempt; delivering: an attempt is under way; failed: every attempt failed (replay it); cancelled: its subscription was deleted',
});

const deliveryProperties = {
  id: Type.String({ format: 'uuid', description: 'Also sent as the tsunagu-delivery-id header' }),
  eventId: Type.String({ format: 'uuid', description: 'The event; also sent as tsunagu-event-id (deduplicate on it)' }),
  eventType: Type.Ref('EventType'),
  occurredAt: DateTime('When the event occurred'),
  subscriptionId: Type.String({ format: 'uuid' }),
  clientId: Type.String({ description: 'The subscribing service' }),
  url: Type.String({ description: 'Where it is sent' }),
  status: DeliveryStatusSchema,
  series: Type.Integer({ minimum: 1, description: '1 for the first series of attempts, one more per replay' }),
  attempts: Type.Integer({ minimum: 0, description: 'Attempts made in the current series' }),
  nextAttemptAt: Nullable(DateTime('Next attempt'), 'When it is tried next, while pending'),
  lastAttemptAt: Nullable(DateTime('Last attempt'), 'When it was last tried'),
  lastStatusCode: Nullable(Type.Integer(), 'HTTP status of the last answer, if there was one'),
  lastError: Nullable(Type.String(), 'Why the last attempt failed'),
  deliveredAt: Nullable(DateTime('Delivered'), 'When a receiver accepted it (2xx)'),
  failedAt: Nullable(DateTime('Failed'), 'When it ran out of attempts'),
};

export const EventDelivery = Type.Object(deliveryProperties, {
  $id: 'EventDelivery',
  description: 'One event on its way to one subscription',
  additionalProperties: false,
});

export const EventDeliveryAttempt = Type.Object(
  {
    series: Type.Integer({ minimum: 1 }),
    attempt: Type.Integer({ minimum: 1 }),
    startedAt: DateTime('When the attempt started'),
    durationMs: Nullable(Type.Integer({ minimum: 0 }), 'How long the receiver took'),
    statusCode: Nullable(Type.Integer(), 'HTTP status the receiver answered'),
    error: Nullable(Type.String(), 'Why it failed'),
    outcome: Type.Enum(['succeeded', 'failed', 'abandoned', 'in-progress'], {
      type: 'string',
      description: 'abandoned: the worker stopped before it recorded a result',
    }),
  },
  { $id: 'EventDeliveryAttempt', additionalProperties: false },
);

export const EventDeliveryDetail = Type.Object(
  { ...deliveryProperties, attemptLog: Type.Array(Type.Ref('EventDeliveryAttempt'), { description: 'Every attempt, oldest first' }) },
  { $id: 'EventDeliveryDetail', additionalProperties: false },
);

export const EventDeliveryPage = Type.Object(
  {
    items: Type.Array(Type.Ref('EventDelivery')),
    total: Type.Integer({ minimum: 0, description: 'Deliveries matching the query, across all pages' }),
    limit: Type.Integer(),
    offset: Type.Integer(),
  },
  { $id: 'EventDeliveryPage', additionalProperties: false },
);

export const NewSubscription = Type.Object(
  {
    url: Type.String({
      format: 'uri',
      maxLength: 2048,
      description: 'https URL that receives the webhooks (plain http only to localhost, in development)',
      examples: ['https://service.example.jp/tsunagu/webhooks'],
    }),
    // Inline rather than a $ref, so that the handler gets the literal type.
    types: Type.Array(eventType(), { minItems: 1, maxItems: 20, uniqueItems: true, description: 'Event types to receive' }),
  },
  { additionalProperties: false },
);

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false });

export const RotateSecretQuery = Type.Object(
  {
    overlapSeconds: Type.Integer({
      minimum: 0,
      maximum: 604_800,
      default: 86_400,
      description: 'How long the old secret keeps signing alongside the new one (0: revoke it now)',
    }),
  },
  { additionalProperties: false },
);

const pageProperties = {
  status: Type.Optional(DeliveryStatusSchema),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  offset: Type.Integer({ minimum: 0, maximum: 100_000, default: 0 }),
};

export const DeliveryListQuery = Type.Object(pageProperties, { additionalProperties: false });

export const AdminDeliveryListQuery = Type.Object(
  { ...pageProperties, clientId: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Only this service' })) },
  { additionalProperties: false },
);

/** Shared schemas the app registers once so routes can `$ref` them. */
export const eventsSchemas = [
  EventTypeSchema,
  EventSubscription,
  EventSubscriptionCreated,
  EventSubscriptionList,
  EventSecret,
  EventDelivery,
  EventDeliveryAttempt,
  EventDeliveryDetail,
  EventDeliveryPage,
];

export type EventSubscriptionBody = Static<typeof EventSubscription>;
export type EventDeliveryBody = Static<typeof EventDelivery>;
export type EventDeliveryAttemptBody = Static<typeof EventDeliveryAttempt>;

/** A city-wide event a service publishes (only the types a service may publish, only by the services that may). */
export const NewPublication = Type.Object(
  {
    type: Type.Literal('disaster.alert'),
    data: Type.Object(
      {
        alertId: Type.String({ minLength: 1, maxLength: 100 }),
        status: Type.Union([Type.Literal('issued'), Type.Literal('updated'), Type.Literal('lifted')]),
        hazard: Type.String({ minLength: 1, maxLength: 50 }),
        level: Type.Integer({ minimum: 1, maximum: 5, description: '警戒レベル 1–5' }),
        title: Type.Object({ ja: Type.String({ maxLength: 200 }), en: Type.String({ maxLength: 200 }) }, { additionalProperties: false }),
        areas: Type.Array(Type.String({ maxLength: 200 }), { maxItems: 200 }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
