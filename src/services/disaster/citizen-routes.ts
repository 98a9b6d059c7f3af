import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { problemResponses } from '@lib/http/schemas.ts';
import { userOf } from '@lib/service-kit/index.ts';
import type { Disaster } from './container.ts';
import { DisasterError } from './errors.ts';
import type { EventRepository } from './event-repository.ts';
import { presentEvent, presentFamilyMember, presentState, presentTask } from './present.ts';
import { DestinationBody, Latitude, Longitude, ReportBody } from './schemas.ts';

const EventParam = Type.Object({ eventId: Type.String({ format: 'uuid' }) });
const EventQuery = Type.Object({ eventId: Type.Optional(Type.String({ format: 'uuid', description: 'The event whose states to show' })) });

/** What a signed-in person does (access `user`, keyed by the pairwise subject). */
export function citizenRoutes(services: () => Disaster, roles: () => EventRepository): FastifyPluginAsyncTypebox {
  return async (app) => {
    const profileOf = async (subject: string) => {
      const [profile, staff, supporter] = await Promise.all([
        services().citizens.profile(subject),
        roles().hasRole(subject, 'staff'),
        roles().hasRole(subject, 'supporter'),
      ]);
      return {
        subject,
        displayName: profile.display_name,
        alerts: profile.alerts,
        shareLocation: profile.share_location,
        roles: [...(staff ? (['staff'] as const) : []), ...(supporter ? (['supporter'] as const) : [])],
      };
    };

    app.get(
      '/me',
      {
        config: { access: 'user' },
        schema: { summary: 'My profile and roles', response: { 200: Type.Ref('DisasterProfile'), ...problemResponses(401) } },
      },
      async (request) => profileOf(userOf(request).subject),
    );

    app.patch(
      '/me',
      {
        config: { access: 'user' },
        schema: {
          summary: 'Change my name for family, alerts opt-in, location sharing',
          body: Type.Object(
            {
              displayName: Type.Optional(Type.String({ maxLength: 50, examples: ['太郎'] })),
              alerts: Type.Optional(Type.Boolean()),
              shareLocation: Type.Optional(Type.Boolean()),
            },
            { additionalProperties: false, minProperties: 1 },
          ),
          response: { 200: Type.Ref('DisasterProfile'), ...problemResponses(400, 401) },
        },
      },
      async (request) => {
        const { subject } = userOf(request);
        await services().citizens.updateProfile(subject, request.body);
        return profileOf(subject);
      },
    );

    app.get(
      '/me/alerts',
      {
        config: { access: 'user' },
        schema: {
          summary: 'My in-app alerts, judged against each event’s affected area',
          description:
            'Open disaster events, for a person who has not switched alerts off. Each says whether the person is in the affected area: by `lat`/`lon` when the app sends them (the browser’s location), else by where the person last reported from (only under the location opt-in), else not known (`null`: show it, better safe). A whole-city event is everyone’s (`true`). Outside every polygon (`false`): show it subdued as 対象地域外.',
          querystring: Type.Object({ lat: Type.Optional(Latitude), lon: Type.Optional(Longitude) }),
          response: {
            200: Type.Object({
              alerts: Type.Array(
                Type.Intersect([
                  Type.Ref('DisasterEvent'),
                  Type.Object({
                    inAffectedArea: Type.Union([Type.Boolean(), Type.Null()]),
                    areaBasis: Type.Union(
                      [Type.Literal('whole_city'), Type.Literal('given_position'), Type.Literal('last_report'), Type.Literal('unknown')],
                      { description: 'What inAffectedArea was judged by' },
                    ),
                  }),
                ]),
              ),
            }),
            ...problemResponses(400, 401, 422),
          },
        },
      },
      async (request) => {
        const { lat, lon } = request.query;
        if ((lat === undefined) !== (lon === undefined)) throw new DisasterError('invalid_location', 'Give both lat and lon, or neither.');
        const position = lat !== undefined && lon !== undefined ? { lat, lon } : null;
        const alerts = await services().citizens.alerts(userOf(request).subject, position);
        return { alerts: alerts.map((a) => ({ ...presentEvent(a.event), inAffectedArea: a.inAffectedArea, areaBasis: a.basis })) };
      },
    );

    app.post(
      '/events/:eventId/reports',
      {
        config: { access: 'user' },
        schema: {
          summary: 'Report my safety (one tap)',
          description:
            '無事 / けが / 救助を求めます, an optional note, and a location only under the location opt-in. The id is made by the client: a report queued offline and sent again is stored once (200 `duplicate`). The latest report counts. Refused for a closed event.',
          params: EventParam,
          body: ReportBody,
          response: {
            201: Type.Ref('DisasterReportReceipt'),
            200: Type.Ref('DisasterReportReceipt'),
            ...problemResponses(400, 401, 403, 404, 409, 422),
          },
        },
      },
      async (request, reply) => {
        const result = await services().citizens.report(userOf(request).subject, request.params.eventId, request.body);
        return reply.status(result.stored === 'new' ? 201 : 200).send({ ...result, receivedAt: result.receivedAt.toISOString() });
      },
    );

    app.get(
      '/events/:eventId/me',
      {
        config: { access: 'user' },
        schema: {
          summary: 'My state in an event and my reports',
          params: EventParam,
          response: {
            200: Type.Object({
              state: Type.Union([Type.Ref('DisasterPersonState'), Type.Null()]),
              reports: Type.Array(
                Type.Object({
                  id: Type.String(),
                  status: Type.String(),
                  note: Type.Union([Type.String(), Type.Null()]),
                  receivedAt: Type.String({ format: 'date-time' }),
                }),
              ),
            }),
            ...problemResponses(400, 401, 404),
          },
        },
      },
      async (request) => {
        const { latest, reports } = await services().citizens.myStatus(userOf(request).subject, request.params.eventId);
        return {
          state: latest ? presentState(latest) : null,
          reports: reports.map((r) => ({ id: r.id, status: r.status, note: r.note, receivedAt: r.received_at.toISOString() })),
        };
      },
    );

    app.put(
      '/events/:eventId/me/destination',
      {
        config: { access: 'user' },
        schema: {
          summary: 'Choose where I am going',
          description: 'An open shelter, or a place of my own (a relative’s home, a car park). My family sees it.',
          params: EventParam,
          body: DestinationBody,
          response: { 200: Type.Ref('DisasterPersonState'), ...problemResponses(400, 401, 404, 409, 422) },
        },
      },
      async (request) => {
        const { shelterId, label, location } = request.body;
        const destination = shelterId
          ? { siteId: shelterId, label: null, lat: null, lon: null }
          : { siteId: null, label: label ?? null, lat: location?.lat ?? null, lon: location?.lon ?? null };
        if (!destination.siteId && !destination.label) throw new DisasterError('invalid_location', 'Give a shelterId or a label.');
        return presentState(await services().citizens.chooseDestination(userOf(request).subject, request.params.eventId, destination));
      },
    );

    app.post(
      '/me/family/invites',
      {
        config: { access: 'user' },
        schema: {
          summary: 'Invite a family member',
          description: 'A code valid for seven days; the other person accepts it and both then see each other.',
          response: {
            201: Type.Object({ code: Type.String({ examples: ['K7Q2MZ8HRT'] }), expiresAt: Type.String({ format: 'date-time' }) }),
            ...problemResponses(401),
          },
        },
      },
      async (request, reply) => {
        const { code, expiresAt } = await services().citizens.invite(userOf(request).subject);
        return reply.status(201).send({ code, expiresAt: expiresAt.toISOString() });
      },
    );

    app.post(
      '/me/family/accept',
      {
        config: { access: 'user' },
        schema: {
          summary: 'Accept a family invitation',
          body: Type.Object({ code: Type.String({ minLength: 4, maxLength: 40 }) }, { additionalProperties: false }),
          response: { 200: Type.Object({ member: Type.String() }), ...problemResponses(400, 401, 404, 422) },
        },
      },
      async (request) => services().citizens.acceptInvite(userOf(request).subject, request.body.code),
    );

    app.get(
      '/me/family',
      {
        config: { access: 'user' },
        schema: {
          summary: 'My family and their latest state',
          description: 'Status, destination and check-in in the event; location only from members who share it.',
          querystring: EventQuery,
          response: { 200: Type.Object({ members: Type.Array(Type.Ref('DisasterFamilyMember')) }), ...problemResponses(400, 401, 404) },
        },
      },
      async (request) => ({
        members: (await services().citizens.family(userOf(request).subject, request.query.eventId ?? null)).map(presentFamilyMember),
      }),
    );

    app.get(
      '/me/family/:member',
      {
        config: { access: 'user' },
        schema: {
          summary: 'One family member',
          description: 'Someone outside my family is not found.',
          params: Type.Object({ member: Type.String({ maxLength: 200 }) }),
          querystring: EventQuery,
          response: { 200: Type.Ref('DisasterFamilyMember'), ...problemResponses(400, 401, 404) },
        },
      },
      async (request) =>
        presentFamilyMember(await services().citizens.familyMember(userOf(request).subject, request.params.member, request.query.eventId ?? null)),
    );

    app.delete(
      '/me/family/:member',
      {
        config: { access: 'user' },
        schema: {
          summary: 'Stop sharing with a family member (both ways)',
          params: Type.Object({ member: Type.String({ maxLength: 200 }) }),
          response: { 204: Type.Null(), ...problemResponses(400, 401, 404) },
        },
      },
      async (request, reply) => {
        await services().citizens.leave(userOf(request).subject, request.params.member);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/me/checkin-code',
      {
        config: { access: 'user' },
        schema: {
          summary: 'My check-in code (show as a QR code at the shelter)',
          response: { 200: Type.Object({ code: Type.String() }), ...problemResponses(401) },
        },
      },
      async (request) => ({ code: await services().citizens.checkinCode(userOf(request).subject) }),
    );

    app.post(
      '/me/support-register',
      {
        config: { access: 'user' },
        schema: {
          summary: 'Put me on (or take me off) the support register from my linked data',
          description: 'Reads support_needed, basic_four and contact through linkage under my opt-in.',
          response: {
            200: Type.Object({ outcome: Type.Union([Type.Literal('registered'), Type.Literal('removed'), Type.Literal('not_needed')]) }),
            ...problemResponses(401),
          },
        },
      },
      async (request) => ({ outcome: await services().support.refreshPerson(userOf(request).subject) }),
    );

    app.get(
      '/me/tasks',
      {
        config: { access: 'user' },
        schema: {
          summary: 'My tasks as a supporter',
          description: 'One per person I support, per event; open first.',
          querystring: EventQuery,
          response: { 200: Type.Object({ tasks: Type.Array(Type.Ref('DisasterTask')) }), ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => ({ tasks: (await services().support.tasks(userOf(request).subject, request.query.eventId ?? null)).map(presentTask) }),
    );

    app.post(
      '/me/tasks/:taskId/done',
      {
        config: { access: 'user' },
        schema: {
          summary: 'Confirm a task done (supporter)',
          params: Type.Object({ taskId: Type.String({ format: 'uuid' }) }),
          body: Type.Object({ note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
          response: { 200: Type.Ref('DisasterTask'), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) =>
        presentTask(await services().support.completeTask(userOf(request).subject, request.params.taskId, request.body.note ?? null)),
    );

    app.post(
      '/events/:eventId/survey',
      {
        config: { access: 'user' },
        schema: {
          summary: 'Answer the post-drill survey',
          params: EventParam,
          body: Type.Object(
            {
              score: Type.Integer({ minimum: 1, maximum: 5, description: 'Satisfaction 1–5' }),
              comment: Type.Optional(Type.String({ maxLength: 1000 })),
            },
            { additionalProperties: false },
          ),
          response: { 204: Type.Null(), ...problemResponses(400, 401, 404, 409) },
        },
      },
      async (request, reply) => {
        await services().citizens.answerSurvey(userOf(request).subject, request.params.eventId, request.body.score, request.body.comment ?? null);
        return reply.status(204).send(null);
      },
    );
  };
}
