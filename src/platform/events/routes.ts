import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { principalOf } from '@lib/http/access.ts';
import { problemResponses } from '@lib/http/schemas.ts';
import type { AttemptRow, DeliveryRow, SubscriptionRow } from './repository.ts';
import {
  AdminDeliveryListQuery,
  DeliveryListQuery,
  IdParams,
  NewPublication,
  NewSubscription,
  RotateSecretQuery,
  type EventDeliveryAttemptBody,
  type EventDeliveryBody,
  type EventSubscriptionBody,
} from './schemas.ts';
import type { EventsService, Viewer } from './service.ts';

const iso = (date: Date | null) => (date ? date.toISOString() : null);

const presentSubscription = (row: SubscriptionRow): EventSubscriptionBody => ({
  id: row.id,
  clientId: row.client_id,
  url: row.url,
  types: row.types,
  createdAt: row.created_at.toISOString(),
  secretRotatedAt: iso(row.secret_rotated_at),
});

const presentDelivery = (row: DeliveryRow): EventDeliveryBody => ({
  id: row.id,
  eventId: row.event_id,
  eventType: row.event_type,
  occurredAt: row.occurred_at.toISOString(),
  subscriptionId: row.subscription_id,
  clientId: row.client_id,
  url: row.url,
  status: row.status,
  series: row.series,
  attempts: row.attempts,
  nextAttemptAt: row.status === 'pending' ? row.next_attempt_at.toISOString() : null,
  lastAttemptAt: iso(row.last_attempt_at),
  lastStatusCode: row.last_status_code,
  lastError: row.last_error,
  deliveredAt: iso(row.delivered_at),
  failedAt: iso(row.failed_at),
});

const presentAttempt = (row: AttemptRow): EventDeliveryAttemptBody => ({
  series: row.series,
  attempt: row.attempt,
  startedAt: row.started_at.toISOString(),
  durationMs: row.duration_ms,
  statusCode: row.status_code,
  error: row.error,
  outcome: row.outcome ?? 'in-progress',
});

/** The calling service's client id; the route's `service` policy guarantees there is one. */
function serviceOf(request: FastifyRequest): string {
  const principal = principalOf(request);
  if (principal.kind !== 'service') throw new Error(`Route ${request.routeOptions.url ?? request.url} must have access 'service'`);
  return principal.clientId;
}

const asService = (request: FastifyRequest): Viewer => ({ clientId: serviceOf(request) });
const operator = { access: 'operator' } as const;
const service = { access: 'service' } as const;
const operatorSecurity = [{ operatorToken: [] }];

/** HTTP routes of the events module, mounted under /api/events. */
export function eventsRoutes(events: EventsService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/publications',
      {
        config: service,
        schema: {
          summary: 'Publish a city-wide event (disaster alert)',
          description:
            'Only the services allowed to publish a type may (the city disaster service for `disaster.alert`). Delivered to every subscriber of the type.',
          body: NewPublication,
          response: {
            201: Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false }),
            ...problemResponses(400, 401, 403),
          },
        },
      },
      async (request, reply) => reply.status(201).send(await events.publish(serviceOf(request), request.body.type, request.body.data)),
    );

    app.post(
      '/subscriptions',
      {
        config: service,
        schema: {
          summary: 'Subscribe to events by webhook',
          description: 'Returns the signing secret once. Webhooks are signed with it (tsunagu-signature; see docs/events.md).',
          body: NewSubscription,
          response: { 201: Type.Ref('EventSubscriptionCreated'), ...problemResponses(400, 401, 403, 409, 413, 415) },
        },
      },
      async (request, reply) => {
        const { subscription, secret } = await events.subscribe(serviceOf(request), request.body);
        return reply
          .status(201)
          .header('location', `/api/events/subscriptions/${subscription.id}`)
          .header('cache-control', 'no-store')
          .send({ ...presentSubscription(subscription), secret });
      },
    );

    app.get(
      '/subscriptions',
      {
        config: service,
        schema: {
          summary: "The calling service's subscriptions",
          response: { 200: Type.Ref('EventSubscriptionList'), ...problemResponses(401, 403) },
        },
      },
      async (request) => ({ items: (await events.subscriptions(asService(request))).map(presentSubscription) }),
    );

    app.get(
      '/subscriptions/:id',
      {
        config: service,
        schema: {
          summary: 'One subscription',
          params: IdParams,
          response: { 200: Type.Ref('EventSubscription'), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => presentSubscription(await events.subscription(asService(request), request.params.id)),
    );

    app.delete(
      '/subscriptions/:id',
      {
        config: service,
        schema: {
          summary: 'Unsubscribe',
          description: 'Deliveries still waiting are cancelled; past ones stay visible.',
          params: IdParams,
          response: { 204: Type.Null({ description: 'Unsubscribed' }), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        await events.unsubscribe(serviceOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/subscriptions/:id/rotate-secret',
      {
        config: service,
        schema: {
          summary: 'Issue a new signing secret',
          description: 'The old secret keeps signing alongside the new one (a second v1 in tsunagu-signature) for overlapSeconds.',
          params: IdParams,
          querystring: RotateSecretQuery,
          response: { 200: Type.Ref('EventSecret'), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const rotated = await events.rotateSecret(serviceOf(request), request.params.id, request.query.overlapSeconds);
        return reply.header('cache-control', 'no-store').send({
          subscriptionId: rotated.subscription.id,
          secret: rotated.secret,
          previousSecretExpiresAt: rotated.previousSecretExpiresAt.toISOString(),
        });
      },
    );

    app.get(
      '/deliveries',
      {
        config: service,
        schema: {
          summary: "The calling service's deliveries",
          description: 'Newest first. `status=failed` lists the ones that ran out of attempts and can be replayed.',
          querystring: DeliveryListQuery,
          response: { 200: Type.Ref('EventDeliveryPage'), ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => {
        const page = await events.deliveries(asService(request), request.query);
        return { items: page.rows.map(presentDelivery), total: page.total, limit: page.limit, offset: page.offset };
      },
    );

    app.get(
      '/deliveries/:id',
      {
        config: service,
        schema: {
          summary: 'One delivery with its attempts',
          params: IdParams,
          response: { 200: Type.Ref('EventDeliveryDetail'), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const { delivery, attempts } = await events.delivery(asService(request), request.params.id);
        return { ...presentDelivery(delivery), attemptLog: attempts.map(presentAttempt) };
      },
    );

    app.post(
      '/deliveries/:id/replay',
      {
        config: service,
        schema: {
          summary: 'Send a delivery again',
          description: 'Queues a failed (or delivered) delivery for a new series of attempts, starting now.',
          params: IdParams,
          response: { 202: Type.Ref('EventDelivery'), ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) => reply.status(202).send(presentDelivery(await events.replay(asService(request), request.params.id))),
    );

    app.get(
      '/admin/subscriptions',
      {
        config: operator,
        schema: {
          summary: "Every service's subscriptions (operator)",
          security: operatorSecurity,
          response: { 200: Type.Ref('EventSubscriptionList'), ...problemResponses(401, 403) },
        },
      },
      async () => ({ items: (await events.subscriptions('operator')).map(presentSubscription) }),
    );

    app.get(
      '/admin/deliveries',
      {
        config: operator,
        schema: {
          summary: "Every service's deliveries (operator)",
          description: 'Newest first; filter by status and by service.',
          security: operatorSecurity,
          querystring: AdminDeliveryListQuery,
          response: { 200: Type.Ref('EventDeliveryPage'), ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => {
        const page = await events.deliveries('operator', request.query);
        return { items: page.rows.map(presentDelivery), total: page.total, limit: page.limit, offset: page.offset };
      },
    );

    app.get(
      '/admin/deliveries/:id',
      {
        config: operator,
        schema: {
          summary: 'One delivery with its attempts (operator)',
          security: operatorSecurity,
          params: IdParams,
          response: { 200: Type.Ref('EventDeliveryDetail'), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const { delivery, attempts } = await events.delivery('operator', request.params.id);
        return { ...presentDelivery(delivery), attemptLog: attempts.map(presentAttempt) };
      },
    );

    app.post(
      '/admin/deliveries/:id/replay',
      {
        config: operator,
        schema: {
          summary: "Send any service's delivery again (operator)",
          security: operatorSecurity,
          params: IdParams,
          response: { 202: Type.Ref('EventDelivery'), ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) => reply.status(202).send(presentDelivery(await events.replay('operator', request.params.id))),
    );
  };
}
