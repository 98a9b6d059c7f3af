import type { OutgoingHttpHeaders } from 'node:http';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { problemResponses } from '@lib/http/schemas.ts';
import { userOf } from '@lib/service-kit/index.ts';
import type { Disaster } from './container.ts';
import type { DashboardMessage, FamilyMessage } from './live.ts';

const HEARTBEAT_MS = 15_000;
const EventParam = Type.Object({ eventId: Type.String({ format: 'uuid' }) });
const stream = { description: 'The stream', content: { 'text/event-stream': { schema: Type.String() } } };

/** Answers with a server-sent event stream fed by `subscribe` until the client goes away. */
async function serveEvents<M extends { type: string }>(
  request: FastifyRequest,
  reply: FastifyReply,
  subscribe: (send: (message: M) => void) => Promise<() => void>,
  idOf: (message: M) => string,
): Promise<void> {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    ...(reply.getHeaders() as OutgoingHttpHeaders),
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  const unsubscribe = await subscribe((message) => {
    raw.write(`event: ${message.type}\nid: ${idOf(message)}\ndata: ${JSON.stringify(message)}\n\n`);
  });
  // Sent once subscribed: every change stored after this comment reaches the stream.
  raw.write(': connected\n\n');
  const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), HEARTBEAT_MS);
  const end = () => {
    clearInterval(heartbeat);
    unsubscribe();
  };
  request.raw.on('close', end);
  raw.on('close', end);
}

/** Live streams (server-sent events): my family's changes; the staff dashboard's. Both work across server processes. */
export function streamRoutes(services: () => Disaster): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/me/stream',
      {
        config: { access: 'user' },
        schema: {
          summary: 'Live family updates (server-sent events)',
          description:
            'A `text/event-stream` of my family members’ changes, from any server process: `family-report` (member, displayName, status, note, location if shared, reportedAt), `family-destination` (member, displayName, destination {shelterId, label, location}) and `family-checkin` (member, displayName, shelterId, shelterName, at). A comment line every 15 s keeps it open.',
          response: { 200: stream, ...problemResponses(401) },
        },
      },
      async (request, reply) => {
        const { subject } = userOf(request);
        await serveEvents<FamilyMessage>(
          request,
          reply,
          (send) => services().live.subscribe(subject, send),
          (m) => (m.type === 'family-report' ? m.reportId : m.id),
        );
      },
    );

    app.get(
      '/events/:eventId/dashboard/stream',
      {
        config: { access: 'user' },
        schema: {
          summary: 'Live dashboard updates (staff; server-sent events)',
          description:
            'A `text/event-stream` of `dashboard` events (JSON: eventId, how many reports, check-ins and check-outs arrived, at) whenever the event’s dashboard changes, at most one every 100 ms however many changes; fetch `GET /events/:eventId/dashboard` again on each. From any server process.',
          params: EventParam,
          response: { 200: stream, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const { subject } = userOf(request);
        await services().events.requireRole(subject, 'staff');
        const event = await services().events.get(request.params.eventId);
        await serveEvents<DashboardMessage>(
          request,
          reply,
          (send) => services().live.subscribeDashboard(event.id, send),
          (m) => m.id,
        );
      },
    );
  };
}
