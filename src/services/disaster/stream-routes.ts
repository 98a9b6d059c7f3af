import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { problemResponses } from '@lib/http/schemas.ts';
import { userOf } from '@lib/service-kit/index.ts';
import type { Disaster } from './container.ts';

const HEARTBEAT_MS = 15_000;

/** GET /me/stream: server-sent events with my family members' new reports, live. */
export function streamRoutes(services: () => Disaster): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/me/stream',
      {
        config: { access: 'user' },
        schema: {
          summary: 'Live family reports (server-sent events)',
          description:
            'An `text/event-stream` of `family-report` events (JSON: member, displayName, status, note, location if shared, reportedAt) as family members report, from any server process. A comment line every 15 s keeps it open.',
          response: {
            200: { description: 'The stream', content: { 'text/event-stream': { schema: Type.String() } } },
            ...problemResponses(401),
          },
        },
      },
      async (request, reply) => {
        const { subject } = userOf(request);
        reply.hijack();
        const raw = reply.raw;
        raw.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-store',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
        });
        const unsubscribe = await services().live.subscribe(subject, (message) => {
          raw.write(`event: ${message.type}\nid: ${message.reportId}\ndata: ${JSON.stringify(message)}\n\n`);
        });
        // Sent once subscribed: every report stored after this comment reaches the stream.
        raw.write(': connected\n\n');
        const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), HEARTBEAT_MS);
        const end = () => {
          clearInterval(heartbeat);
          unsubscribe();
        };
        request.raw.on('close', end);
        raw.on('close', end);
      },
    );
  };
}
