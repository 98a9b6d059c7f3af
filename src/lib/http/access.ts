import { timingSafeEqual, createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError } from './problem.ts';

/**
 * Who may call a route. Every route declares one in `config.access`; the app refuses to
 * start with a route that does not, and a test lists them all.
 * - `public`: anyone, no credentials.
 * - `operator`: the platform operator, with the bootstrap `OPERATOR_TOKEN` as a Bearer token.
 */
export type AccessPolicy = 'public' | 'operator';

declare module 'fastify' {
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions -- declaration merging needs an interface
  interface FastifyContextConfig {
    access?: AccessPolicy;
  }
}

const digest = (value: string) => createHash('sha256').update(value).digest();

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

function unauthorized(detail: string): HttpError {
  return new HttpError({ status: 401, code: 'unauthorized', title: 'Authentication required', detail });
}

/** Fails route registration without a policy, and checks the policy before every handler. */
export function installAccessControl(app: FastifyInstance, operatorToken: string | undefined): void {
  const expected = operatorToken ? digest(operatorToken) : undefined;

  // Checked once all routes exist, because plugin contexts set their default after the root hook ran.
  const routes: { method: string; url: string; config?: { access?: AccessPolicy } }[] = [];
  app.addHook('onRoute', (route) => {
    routes.push(route as (typeof routes)[number]);
  });
  app.addHook('onReady', async () => {
    const missing = routes.filter((route) => !route.config?.access);
    if (missing.length > 0) {
      const list = missing.map((route) => `${String(route.method)} ${route.url}`).join(', ');
      throw new Error(`Routes without an access policy (config.access): ${list}`);
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    const policy = request.routeOptions.config.access;
    switch (policy) {
      case 'public':
      case undefined: // only the not-found handler has no route and so no policy
        return;
      case 'operator': {
        if (!expected) {
          throw new HttpError({
            status: 403,
            code: 'operator_api_disabled',
            title: 'Operator API is disabled',
            detail: 'Set OPERATOR_TOKEN to enable it.',
          });
        }
        const token = bearer(request);
        if (!token) {
          void reply.header('www-authenticate', 'Bearer realm="tsunagu-operator"');
          throw unauthorized('Send the operator token as "Authorization: Bearer <token>".');
        }
        if (!timingSafeEqual(digest(token), expected)) {
          void reply.header('www-authenticate', 'Bearer realm="tsunagu-operator", error="invalid_token"');
          throw unauthorized('The operator token is not valid.');
        }
        return;
      }
    }
  });
}

/** Marks routes that third-party plugins (API reference UI, static files) register as public. */
export function defaultAccess(app: FastifyInstance, policy: AccessPolicy): void {
  app.addHook('onRoute', (route) => {
    route.config = { ...route.config, access: route.config?.access ?? policy };
  });
}
