import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { problemResponses } from '@lib/http/schemas.ts';
import { userOf } from '@lib/service-kit/index.ts';
import type { Disaster } from './container.ts';
import { crowdingOf } from './hazards.ts';
import { presentEvent, presentEventShelter, shelterGeoJson } from './present.ts';
import { Declaration, Latitude, Longitude } from './schemas.ts';

const EventParam = Type.Object({ eventId: Type.String({ format: 'uuid' }) });
const SiteParam = Type.Object({ eventId: Type.String({ format: 'uuid' }), siteId: Type.String({ format: 'uuid' }) });
const GeoJson = Type.Object({ type: Type.Literal('FeatureCollection'), features: Type.Array(Type.Object({}, { additionalProperties: true })) });

/** Disaster events: open reads for everyone (alerts, open shelters, guidance); staff declare, close, open shelters, check people in. */
export function eventRoutes(services: () => Disaster): FastifyPluginAsyncTypebox {
  return async (app) => {
    const staff = async (request: Parameters<typeof userOf>[0]) => {
      const { subject } = userOf(request);
      await services().events.requireRole(subject, 'staff');
      return subject;
    };

    app.get(
      '/events',
      {
        config: { access: 'public' },
        schema: {
          summary: 'Disaster events',
          description: 'Open events (alerts) first; closed ones stay for the after-action review.',
          querystring: Type.Object({ status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('closed')])) }),
          response: { 200: Type.Object({ events: Type.Array(Type.Ref('DisasterEvent')) }), ...problemResponses(400) },
        },
      },
      async (request) => ({ events: (await services().events.list(request.query.status ?? null)).map(presentEvent) }),
    );

    app.get(
      '/events/:eventId',
      {
        config: { access: 'public' },
        schema: { summary: 'One disaster event', params: EventParam, response: { 200: Type.Ref('DisasterEvent'), ...problemResponses(400, 404) } },
      },
      async (request) => presentEvent(await services().events.get(request.params.eventId)),
    );

    app.post(
      '/events',
      {
        config: { access: 'user' },
        schema: {
          summary: 'Declare a disaster event (staff)',
          description:
            'Hazard, affected area (whole city when absent) and the shelters to open. Supporters get a task per person whose plan names them; `disaster.alert` is published to subscribed services; citizens who opted in see the alert.',
          body: Declaration,
          response: {
            201: Type.Object({ event: Type.Ref('DisasterEvent'), sheltersOpened: Type.Integer(), tasksCreated: Type.Integer() }),
            ...problemResponses(400, 401, 403, 404, 422),
          },
        },
      },
      async (request, reply) => {
        const by = await staff(request);
        const { event, opened, tasks } = await services().events.declare(by, request.body);
        return reply.status(201).send({ event: presentEvent(event), sheltersOpened: opened, tasksCreated: tasks });
      },
    );

    app.post(
      '/events/:eventId/close',
      {
        config: { access: 'user' },
        schema: {
          summary: 'Close a disaster event (staff)',
          description: 'Reports are refused from then on; everything recorded stays.',
          params: EventParam,
          response: { 200: Type.Ref('DisasterEvent'), ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => presentEvent(await services().events.close(await staff(request), request.params.eventId)),
    );

    app.get(
      '/events/:eventId/shelters',
      {
        config: { access: 'public' },
        schema: {
          summary: 'Shelters of an event with occupancy and crowding',
          params: EventParam,
          querystring: Type.Object({ all: Type.Boolean({ default: false, description: 'Closed ones too' }) }),
          response: { 200: Type.Object({ shelters: Type.Array(Type.Ref('DisasterEventShelter')), geojson: GeoJson }), ...problemResponses(400, 404) },
        },
      },
      async (request) => {
        const event = await services().events.get(request.params.eventId);
        const shelters = (await services().shelters.openIn(event.id, !request.query.all)).map(presentEventShelter);
        return { shelters, geojson: shelterGeoJson(shelters, event.area) };
      },
    );

    app.put(
      '/events/:eventId/shelters/:siteId',
      {
        config: { access: 'user' },
        schema: {
          summary: 'Open or close a shelter for an event (staff)',
          params: SiteParam,
          body: Type.Object({ open: Type.Boolean() }, { additionalProperties: false }),
          response: { 200: Type.Ref('DisasterEventShelter'), ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => {
        await staff(request);
        const site = await services().shelters.setOpen(
          await services().events.requireOpen(request.params.eventId),
          request.params.siteId,
          request.body.open,
        );
        return presentEventShelter(site);
      },
    );

    app.get(
      '/events/:eventId/shelters/:siteId/occupancy',
      {
        config: { access: 'public' },
        schema: {
          summary: 'Occupancy history of a shelter in an event',
          params: SiteParam,
          response: {
            200: Type.Object({
              current: Type.Ref('DisasterEventShelter'),
              history: Type.Array(
                Type.Object({
                  at: Type.String({ format: 'date-time' }),
                  occupancy: Type.Integer(),
                  crowding: Type.Ref('DisasterCrowding'),
                  cause: Type.String(),
                }),
              ),
            }),
            ...problemResponses(400, 404),
          },
        },
      },
      async (request) => {
        const { eventId, siteId } = request.params;
        const { current, history } = await services().shelters.occupancy(eventId, siteId);
        return {
          current: presentEventShelter(current),
          history: history.map((h) => ({
            at: h.at.toISOString(),
            occupancy: h.occupancy,
            crowding: crowdingOf(h.occupancy, h.capacity),
            cause: h.cause,
          })),
        };
      },
    );

    app.get(
      '/events/:eventId/nearest',
      {
        config: { access: 'public' },
        schema: {
          summary: 'Evacuation guidance: nearest open shelters for the hazard',
          description:
            'Open in this event, designated for its hazard, step-free or welfare when asked; nearest first by great-circle distance, with crowding and a GeoJSON layer. No sign-in needed: anyone may ask.',
          params: EventParam,
          querystring: Type.Object({
            lat: Latitude,
            lon: Longitude,
            stepFree: Type.Boolean({ default: false }),
            welfare: Type.Boolean({ default: false }),
            limit: Type.Integer({ minimum: 1, maximum: 20, default: 5 }),
          }),
          response: {
            200: Type.Object({
              event: Type.Ref('DisasterEvent'),
              inAffectedArea: Type.Boolean(),
              shelters: Type.Array(Type.Ref('DisasterEventShelter')),
              geojson: GeoJson,
            }),
            ...problemResponses(400, 404, 422),
          },
        },
      },
      async (request) => {
        const { event, inArea, shelters } = await services().citizens.guidance(request.params.eventId, request.query);
        const presented = shelters.map(presentEventShelter);
        return { event: presentEvent(event), inAffectedArea: inArea, shelters: presented, geojson: shelterGeoJson(presented, event.area) };
      },
    );

    app.post(
      '/events/:eventId/shelters/:siteId/check-ins',
      {
        config: { access: 'user' },
        schema: {
          summary: 'Check a person in at a shelter by QR code (staff)',
          description:
            'The code from the citizen’s app or a printed card. Occupancy, the person’s state (their family sees it) and their support plan’s tasks change at once. Forged codes are refused.',
          params: SiteParam,
          body: Type.Object({ code: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false }),
          response: {
            201: Type.Object({
              shelter: Type.Ref('DisasterEventShelter'),
              personName: Type.Union([Type.String(), Type.Null()]),
              supportRegister: Type.Boolean(),
            }),
            ...problemResponses(400, 401, 403, 404, 409, 422),
          },
        },
      },
      async (request, reply) => {
        const by = await staff(request);
        const { eventId, siteId } = request.params;
        const result = await services().support.checkIn(by, eventId, siteId, request.body.code);
        return reply
          .status(201)
          .send({ shelter: presentEventShelter(result.site), personName: result.personName, supportRegister: result.personId !== null });
      },
    );

    app.post(
      '/events/:eventId/shelters/:siteId/check-outs',
      {
        config: { access: 'user' },
        schema: {
          summary: 'Check a person out of a shelter by QR code (staff)',
          description: 'They leave the shelter: occupancy goes down; the history keeps both.',
          params: SiteParam,
          body: Type.Object({ code: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false }),
          response: {
            200: Type.Object({ shelter: Type.Ref('DisasterEventShelter'), personName: Type.Union([Type.String(), Type.Null()]) }),
            ...problemResponses(400, 401, 403, 404, 409, 422),
          },
        },
      },
      async (request) => {
        await staff(request);
        const { eventId, siteId } = request.params;
        const result = await services().support.checkOut(eventId, siteId, request.body.code);
        return { shelter: presentEventShelter(result.site), personName: result.personName };
      },
    );
  };
}
