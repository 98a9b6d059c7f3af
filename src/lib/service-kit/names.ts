import { createHmac, randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import { principalOf } from '../http/access.ts';
import type { ServiceManifest } from './types.ts';

/** The person signed in to a service module, on a route whose access policy is `user`. */
export function userOf(request: FastifyRequest): { service: string; subject: string; acr: string } {
  const principal = principalOf(request);
  if (principal.kind !== 'user') throw new Error(`Route ${request.routeOptions.url ?? request.url} is not a user route`);
  return { service: principal.service, subject: principal.subject, acr: principal.acr };
}

const processSecret = randomBytes(32).toString('base64url');

/**
 * The OpenID client secret of a built-in service module: derived from SERVICE_SECRET, so
 * that the app (which registers the module) and the module (which uses it) agree without
 * the secret being written down anywhere.
 */
export function builtinClientSecret(config: Pick<Config, 'serviceSecret'>, clientId: string): string {
  return createHmac('sha256', config.serviceSecret ?? processSecret)
    .update(`tsunagu-service-client:${clientId}`)
    .digest('base64url');
}

/** Where a module's sign-in comes back to. */
export function callbackUrl(baseUrl: string, manifest: Pick<ServiceManifest, 'name'>): string {
  return `${baseUrl}/api/${manifest.name}/auth/callback`;
}

/** The cookie carrying a module's session; scoped to the module's API path. */
export const sessionCookie = (manifest: Pick<ServiceManifest, 'name'>) => `tsunagu_${manifest.name}_session`;
