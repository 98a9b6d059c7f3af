import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { problemResponses } from '@lib/http/schemas.ts';
import { userOf } from '@lib/service-kit/index.ts';
import type { Disaster } from './container.ts';
import type { EventRepository } from './event-repository.ts';
import { presentEvent, presentEventShelter, presentPerson, presentPlan, presentState } from './present.ts';
import { PlanBody } from './schemas.ts';

const EventParam = Type.Object({ eventId: Type.String({ format: 'uuid' }) });
const PersonParam = Type.Object({ personId: Type.String({ format: 'uuid' }) });
const Role = Type.Union([Type.Literal('staff'), Type.Literal('supporter')]);

/** The disaster headquarters: dashboard, CSV, KPIs, the support register and plans; the operator grants roles. */
export function staffRoutes(services: () => Disaster, roles: () => EventRepository): FastifyPluginAsyncTypebox {
  return async (app) => {
    const staff = async (request: Parameters<typeof userOf>[0]) => {
      const { subject } = userOf(request);
      await services().events.requireRole(subject, 'staff');
      return subject;
    };
    const PersonRow = Type.Object({
      subject: Type.String(),
      displayName: Type.Union([Type.String(), Type.Null()]),
      state: Type.Ref('DisasterPersonState'),
    });

    app.get(
      '/events/:eventId/dashboard',
      {
        config: { access: 'user' },
        schema: {
          summary: 'Disaster headquarters dashboard (staff)',
          description:
            'Counts by status, people asking for rescue (and the injured) first, support-needed people not yet confirmed safe, shelter occupancy. Poll it, or follow reports live.',
          params: EventParam,
          response: {
            200: Type.Object({
              event: Type.Ref('DisasterEvent'),
              counts: Type.Object({
                safe: Type.Integer(),
                injured: Type.Integer(),
                rescue: Type.Integer(),
                checkedIn: Type.Integer(),
                people: Type.Integer(),
              }),
              rescue: Type.Array(PersonRow),
              people: Type.Array(PersonRow),
              notConfirmed: Type.Array(
                Type.Object({
                  person: Type.Ref('DisasterSupportedPerson'),
                  status: Type.Union([Type.String(), Type.Null()]),
                  openTasks: Type.Integer(),
                }),
              ),
              shelters: Type.Array(Type.Ref('DisasterEventShelter')),
            }),
            ...problemResponses(400, 401, 403, 404),
          },
        },
      },
      async (request) => {
        await staff(request);
        const d = await services().dashboard.dashboard(request.params.eventId);
        const person = (p: (typeof d.people)[number]) => ({ subject: p.subject, displayName: p.display_name, state: presentState(p) });
        return {
          event: presentEvent(d.event),
          counts: d.counts,
          rescue: d.rescue.map(person),
          people: d.people.map(person),
          notConfirmed: d.notConfirmed.map((p) => ({ person: presentPerson(p), status: p.status, openTasks: p.tasks_open })),
          shelters: d.shelters.map(presentEventShelter),
        };
      },
    );

    app.get(
      '/events/:eventId/export.csv',
      {
        config: { access: 'user' },
        schema: {
          summary: 'Everyone’s latest state as CSV (staff)',
          description: 'UTF-8 with a BOM so spreadsheet software reads the Japanese headers.',
          params: EventParam,
          response: { 200: { description: 'CSV', content: { 'text/csv': { schema: Type.String() } } }, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        await staff(request);
        const csv = await services().dashboard.csv(request.params.eventId);
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="anpi-${request.params.eventId}.csv"`)
          .send(csv);
      },
    );

    app.get(
      '/kpis',
      {
        config: { access: 'user' },
        schema: {
          summary: 'The KPIs the city reports (staff)',
          response: {
            200: Type.Object({
              usersSharingWithFamily: Type.Integer(),
              supportNeededRegisteredAsUsers: Type.Integer(),
              supportRegister: Type.Integer(),
              drillSurvey: Type.Object({ answers: Type.Integer(), meanSatisfaction: Type.Union([Type.Number(), Type.Null()]) }),
            }),
            ...problemResponses(401, 403),
          },
        },
      },
      async (request) => {
        await staff(request);
        const k = await services().dashboard.kpis();
        return {
          usersSharingWithFamily: k.sharing,
          supportNeededRegisteredAsUsers: k.supportUsers,
          supportRegister: k.supportRegistered,
          drillSurvey: { answers: k.surveyAnswers, meanSatisfaction: k.surveyMean },
        };
      },
    );

    app.get(
      '/support/people',
      {
        config: { access: 'user' },
        schema: {
          summary: 'The support register (staff)',
          description: 'Only people who opted in to share support_needed (and basic_four) with this service.',
          response: {
            200: Type.Object({ people: Type.Array(Type.Intersect([Type.Ref('DisasterSupportedPerson'), Type.Object({ hasPlan: Type.Boolean() })])) }),
            ...problemResponses(401, 403),
          },
        },
      },
      async (request) => {
        await staff(request);
        return { people: (await services().support.people()).map((p) => ({ ...presentPerson(p), hasPlan: p.plan })) };
      },
    );

    app.post(
      '/support/refresh',
      {
        config: { access: 'user' },
        schema: {
          summary: 'Rebuild the support register from linkage (staff)',
          response: {
            200: Type.Object({ checked: Type.Integer(), registered: Type.Integer(), removed: Type.Integer() }),
            ...problemResponses(401, 403),
          },
        },
      },
      async (request) => {
        await staff(request);
        return services().support.refreshAll();
      },
    );

    app.get(
      '/support/people/:personId/plan',
      {
        config: { access: 'user' },
        schema: {
          summary: 'An individual evacuation plan (staff)',
          params: PersonParam,
          response: { 200: Type.Union([Type.Ref('DisasterPlan'), Type.Null()]), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => {
        await staff(request);
        const plan = await services().support.plan(request.params.personId);
        return plan ? presentPlan(plan) : null;
      },
    );

    app.put(
      '/support/people/:personId/plan',
      {
        config: { access: 'user' },
        schema: {
          summary: 'Write an individual evacuation plan (個別避難計画) (staff)',
          params: PersonParam,
          body: PlanBody,
          response: { 200: Type.Ref('DisasterPlan'), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => {
        await staff(request);
        const { destinationShelterId, routeNotes, needs, supporters } = request.body;
        const plan = await services().support.savePlan(request.params.personId, {
          destinationSiteId: destinationShelterId,
          routeNotes,
          needs,
          supporters,
        });
        if (!plan) throw new Error('plan vanished after saving');
        return presentPlan(plan);
      },
    );

    app.get(
      '/support/people/:personId/card',
      {
        config: { access: 'user' },
        schema: {
          summary: 'The signed check-in code for a printed card (staff)',
          params: PersonParam,
          response: { 200: Type.Object({ code: Type.String() }), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => {
        await staff(request);
        return { code: await services().support.cardCode(request.params.personId) };
      },
    );

    app.get(
      '/supporters',
      {
        config: { access: 'user' },
        schema: {
          summary: 'Registered supporters (staff)',
          response: {
            200: Type.Object({ supporters: Type.Array(Type.Object({ subject: Type.String(), displayName: Type.String() })) }),
            ...problemResponses(401, 403),
          },
        },
      },
      async (request) => {
        await staff(request);
        return { supporters: (await roles().supporters()).map((s) => ({ subject: s.subject, displayName: s.display_name })) };
      },
    );

    app.put(
      '/roles/:role/:subject',
      {
        config: { access: 'operator' },
        schema: {
          summary: 'Make someone disaster staff or a supporter (operator)',
          security: [{ operatorToken: [] }],
          params: Type.Object({ role: Role, subject: Type.String({ minLength: 1, maxLength: 200 }) }),
          response: { 204: Type.Null(), ...problemResponses(400, 401, 403) },
        },
      },
      async (request, reply) => {
        await roles().grantRole(request.params.subject, request.params.role);
        return reply.status(204).send(null);
      },
    );

    app.delete(
      '/roles/:role/:subject',
      {
        config: { access: 'operator' },
        schema: {
          summary: 'Take a role away (operator)',
          security: [{ operatorToken: [] }],
          params: Type.Object({ role: Role, subject: Type.String({ minLength: 1, maxLength: 200 }) }),
          response: { 204: Type.Null(), ...problemResponses(400, 401, 403) },
        },
      },
      async (request, reply) => {
        await roles().revokeRole(request.params.subject, request.params.role);
        return reply.status(204).send(null);
      },
    );
  };
}
