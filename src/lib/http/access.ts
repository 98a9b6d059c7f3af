import { timingSafeEqual, createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError } from './problem.ts';

/**
 * Who may call a route. Every route declares one in `config.access`; the app refuses to
 * start with a route that does not, and a test lists them all.
 * - `public`: anyone, no credentials.
 * - `operator`: the platform operator (bootstrap `OPERATOR_TOKEN` as a Bearer token).
 * - `citizen`: a signed-in citizen, by web session or by an access token a service holds for them.
 * - `service`: a registered service with its own client-credentials token.
 * - `citizen-or-service`: either of the two above.
 * - `user`: a person signed in to a city service module through City OS ID (the module's own
 *   session, known to it only by its pairwise subject).
 */
export type AccessPolicy = 'public' | 'operator' | 'citizen' | 'service' | 'citizen-or-service' | 'user';

/** An access token the handler must still confirm is live (see `confirmsTokenLive`). */
export type TokenToConfirm = { model: 'AccessToken' | 'ClientCredentials'; id: string };

/** The caller, as the access check established it. */
export type Principal =
  | { kind: 'operator' }
  | {
      kind: 'citizen';
      accountId: string;
      /** The service acting for the citizen, when the call came with its access token; null for the citizen's own session. */
      clientId: string | null;
      scopes: readonly string[];
      tokenToConfirm?: TokenToConfirm;
    }
  | { kind: 'service'; clientId: string; scopes: readonly string[]; tokenToConfirm?: TokenToConfirm }
  | {
      kind: 'user';
      /** The service module whose session this is (its module name). */
      service: string;
      /** The pairwise subject City OS ID gave this service for the person. */
      subject: string;
      /** Assurance level at sign-in: `urn:tsunagu:loa:card-verified` or `urn:tsunagu:loa:self-asserted`. */
      acr: string;
    };

/**
 * Turns a request's credentials into a principal. Returns undefined when the request does
 * not carry this authenticator's kind of credential; throws a 401 HttpError when it does but
 * the credential is not valid (expired, revoked, for another audience).
 */
export type Authenticator = (request: FastifyRequest) => Promise<Principal | undefined>;

declare module 'fastify' {
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions -- declaration merging needs an interface
  interface FastifyContextConfig {
    access?: AccessPolicy;
    /**
     * The handler confirms in its own database round trip that the caller's access token is
     * still live (linkage does it in the statement that reads the consent and the data), so the
     * access check may take a token it has seen before from its remembered, immutable facts and
     * hand the confirmation on as `principal.tokenToConfirm`.
     */
    confirmsTokenLive?: boolean;
    /** False where the handler sets its own security headers (the app's CSP would break oidc-provider's pages). */
    securityHeaders?: boolean;
  }
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions -- declaration merging needs an interface
  interface FastifyRequest {
    /** Set by the access check on every route that is not public. */
    principal: Principal | null;
  }
}

const ALLOWED: Record<Exclude<AccessPolicy, 'public'>, readonly Principal['kind'][]> = {
  operator: ['operator'],
  citizen: ['citizen'],
  service: ['service'],
  'citizen-or-service': ['citizen', 'service'],
  user: ['user'],
};

const digest = (value: string) => createHash('sha256').update(value).digest();

/** The Bearer token of a request, if it has one. */
export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

/** A cookie of a request, decoded; undefined when it has none by that name. */
export function cookieValue(request: FastifyRequest, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

export function unauthorized(detail: string): HttpError {
  return new HttpError({ status: 401, code: 'unauthorized', title: 'Authentication required', detail });
}

/** The principal of a route that is not public; the access check guarantees it is set. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new Error(`Route ${request.routeOptions.url ?? request.url} has no principal: is it public?`);
  return request.principal;
}

export type AccessControl = {
  /** Adds a way to authenticate callers (identity adds sessions and access tokens). */
  addAuthenticator(authenticator: Authenticator): void;
};

/** Fails start-up on a route without a policy, and enforces the policy before every handler. */
export function installAccessControl(app: FastifyInstance, operatorToken: string | undefined): AccessControl {
  const expected = operatorToken ? digest(operatorToken) : undefined;
  const operator: Authenticator = async (request) => {
    const token = bearerToken(request);
    if (!expected || !token || !timingSafeEqual(digest(token), expected)) return undefined;
    return { kind: 'operator' };
  };
  const authenticators: Authenticator[] = [operator];

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

  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    const policy = request.routeOptions.config.access;
    // Only the not-found handler has no route and so no policy.
    if (policy === undefined || policy === 'public') return;
    if (policy === 'operator' && !expected) {
      throw new HttpError({
        status: 403,
        code: 'operator_api_disabled',
        title: 'Operator API is disabled',
        detail: 'Set OPERATOR_TOKEN to enable it.',
      });
    }
    // The first principal the policy allows: a request may carry several credentials (the
    // platform's web session and a service module's session cookie).
    let principal: Principal | undefined;
    let recognised: Principal | undefined;
    for (const authenticate of authenticators) {
      let found: Principal | undefined;
      try {
        found = await authenticate(request);
      } catch (err) {
        // The same credential read another way (the operator token is no access token): the
        // caller is known already and just of the wrong kind, which is a 403 below.
        if (recognised) continue;
        throw err;
      }
      if (!found) continue;
      recognised ??= found;
      if (ALLOWED[policy].includes(found.kind)) {
        principal = found;
        break;
      }
    }
    if (!recognised) {
      throw unauthorized(bearerToken(request) ? 'The token is not valid.' : 'Sign in, or send a token as "Authorization: Bearer <token>".');
    }
    // A City OS ID session is no sign-in to a city service: that person still has to sign in there.
    if (!principal && policy === 'user') throw unauthorized('Sign in to this service with City OS ID.');
    if (!principal) {
      throw new HttpError({ status: 403, code: 'forbidden', title: 'Not allowed', detail: `This endpoint is for: ${ALLOWED[policy].join(', ')}.` });
    }
    request.principal = principal;
  });

  return {
    addAuthenticator(authenticator) {
      authenticators.push(authenticator);
    },
  };
}

/** Marks routes that third-party plugins (API reference UI, static files) register as public. */
export function defaultAccess(app: FastifyInstance, policy: AccessPolicy): void {
  app.addHook('onRoute', (route) => {
    route.config = { ...route.config, access: route.config?.access ?? policy };
  });
}
