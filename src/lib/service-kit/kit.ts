import type { FastifyRequest } from 'fastify';
import { principalOf } from '../http/access.ts';
import type { ModuleContext } from '../module.ts';
import type { ServiceKit, ServiceManifest } from './types.ts';

/** The person signed in to a service module, on a route whose access policy is `user`. */
export function userOf(request: FastifyRequest): { service: string; subject: string; acr: string } {
  const principal = principalOf(request);
  if (principal.kind !== 'user') throw new Error(`Route ${request.routeOptions.url ?? request.url} is not a user route`);
  return { service: principal.service, subject: principal.subject, acr: principal.acr };
}

/** The kit of one service module in one app (memoized per database and module). */
export function serviceKit(_context: ModuleContext, _manifest: ServiceManifest): ServiceKit {
  throw new Error('service-kit: being built');
}
