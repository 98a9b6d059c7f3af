import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { HttpError } from './problem.ts';
import { problemResponses } from './schemas.ts';

const Status = Type.Object({ status: Type.String({ examples: ['ok'] }) }, { additionalProperties: false });

/** `/healthz`: the process answers. `/readyz`: and its database answers too. */
export function installHealth(app: FastifyInstance, ping: () => Promise<void>): void {
  const config = { access: 'public' as const, rateLimit: false as const };
  app.get(
    '/healthz',
    { config, schema: { summary: 'Liveness', description: 'The process is up and answering.', tags: ['operations'], response: { 200: Status } } },
    async () => ({ status: 'ok' }),
  );
  app.get(
    '/readyz',
    {
      config,
      schema: {
        summary: 'Readiness',
        description: 'The process can serve requests: its database answers.',
        tags: ['operations'],
        response: { 200: Status, ...problemResponses(503) },
      },
    },
    async (request) => {
      try {
        await ping();
      } catch (err) {
        request.log.warn({ err }, 'database not reachable');
        throw new HttpError({ status: 503, code: 'database_unavailable', title: 'The database is not reachable' });
      }
      return { status: 'ok' };
    },
  );
}
