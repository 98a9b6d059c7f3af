import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { principalOf } from '@lib/http/access.ts';
import { problemResponses } from '@lib/http/schemas.ts';

import { SESSION_COOKIE, type Platform } from '../core.ts';
import { IdentityError } from './errors.ts';
import { presentMe, presentService } from './present.ts';
import { NewService, SignIn, SignUp, Verification } from './schemas.ts';

/** Sets the web-session cookie: HttpOnly, SameSite=Lax, Secure on https. */
export function setSessionCookie(reply: FastifyReply, token: string, expiresAt: Date, secure: boolean): void {
  const attributes = [
    `${SESSION_COOKIE}=${token}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Expires=${expiresAt.toUTCString()}`,
    ...(secure ? ['Secure'] : []),
  ];
  void reply.header('set-cookie', attributes.join('; '));
}

/** The citizen's own web session, not a service acting with their token. */
export function ownAccount(request: Parameters<typeof principalOf>[0]): string {
  const principal = principalOf(request);
  if (principal.kind !== 'citizen' || principal.clientId !== null)
    throw new IdentityError('not_signed_in', 'Sign in to the portal; a service token cannot do this.');
  return principal.accountId;
}

/** City OS ID: accounts, sessions, verification and the service directory, under /api/identity. */
export function identityRoutes(platform: () => Promise<Platform>, secureCookies: boolean): FastifyPluginAsyncTypebox {
  return async (app) => {
    const { accounts, directory } = await platform();

    app.post(
      '/accounts',
      {
        config: { access: 'public' },
        schema: {
          summary: 'Create a City OS ID',
          description: 'Signs the new account in (web session cookie).',
          body: SignUp,
          response: { 201: Type.Ref('Me'), ...problemResponses(400, 409, 415) },
        },
      },
      async (request, reply) => {
        const account = await accounts.signUp({ ...request.body, kind: request.body.kind });
        const session = await accounts.openSession(account.id);
        setSessionCookie(reply, session.token, session.expiresAt, secureCookies);
        return reply.status(201).send(presentMe(account));
      },
    );

    app.post(
      '/session',
      {
        config: { access: 'public' },
        schema: { summary: 'Sign in', body: SignIn, response: { 200: Type.Ref('Me'), ...problemResponses(400, 401) } },
      },
      async (request, reply) => {
        const account = await accounts.signIn(request.body.email, request.body.password);
        const session = await accounts.openSession(account.id);
        setSessionCookie(reply, session.token, session.expiresAt, secureCookies);
        return presentMe(account);
      },
    );

    app.delete(
      '/session',
      { config: { access: 'citizen' }, schema: { summary: 'Sign out', response: { 204: Type.Null(), ...problemResponses(401) } } },
      async (request, reply) => {
        ownAccount(request);
        const token = /(?:^|;\s*)tsunagu_session=([^;]+)/.exec(request.headers.cookie ?? '')?.[1];
        if (token) await accounts.closeSession(decodeURIComponent(token));
        void reply.header('set-cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/me',
      {
        config: { access: 'citizen' },
        schema: { summary: 'The signed-in account', response: { 200: Type.Ref('Me'), ...problemResponses(401, 403) } },
      },
      async (request) => presentMe(await accounts.account(ownAccount(request))),
    );

    app.get(
      '/verifier',
      {
        config: { access: 'public' },
        schema: {
          summary: 'How identity is verified here',
          description: 'The built-in verifier is a clearly labelled demo standing in for the My Number card (JPKI).',
          response: { 200: Type.Object({ label: Type.Object({ ja: Type.String(), en: Type.String() }), demo: Type.Boolean() }) },
        },
      },
      async () => accounts.verifierInfo,
    );

    app.post(
      '/me/verification',
      {
        config: { access: 'citizen' },
        schema: {
          summary: 'Verify identity (本人確認)',
          description: 'Links the account to a registry person and raises its assurance to card-verified.',
          body: Verification,
          response: { 200: Type.Ref('Me'), ...problemResponses(400, 401, 409, 422) },
        },
      },
      async (request) => presentMe(await accounts.verify(ownAccount(request), request.body)),
    );

    app.get(
      '/services',
      {
        config: { access: 'public' },
        schema: {
          summary: 'Service directory',
          description: 'Every connected service: who runs it, what it asks for and why.',
          response: { 200: Type.Object({ services: Type.Array(Type.Ref('ServiceEntry')) }) },
        },
      },
      async () => ({ services: (await directory.list()).map(presentService) }),
    );

    app.get(
      '/services/:clientId',
      {
        config: { access: 'public' },
        schema: {
          summary: 'One connected service',
          params: Type.Object({ clientId: Type.String({ maxLength: 80 }) }),
          response: { 200: Type.Ref('ServiceEntry'), ...problemResponses(404) },
        },
      },
      async (request) => presentService(await directory.byClientId(request.params.clientId)),
    );

    app.post(
      '/admin/services',
      {
        config: { access: 'operator' },
        schema: {
          summary: 'Register a connected service',
          description:
            'Creates its OpenID client (authorization code with PKCE, refresh tokens, client credentials; pairwise subjects). The client secret is returned once.',
          security: [{ operatorToken: [] }],
          body: NewService,
          response: {
            201: Type.Object({ service: Type.Ref('ServiceEntry'), clientSecret: Type.String({ description: 'Shown this once' }) }),
            ...problemResponses(400, 401, 403, 409, 422),
          },
        },
      },
      async (request, reply) => {
        const { service, clientSecret } = await directory.registerDescribed(request.body);
        return reply.status(201).send({ service: presentService(service), clientSecret });
      },
    );
  };
}
