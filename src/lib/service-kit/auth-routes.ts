import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import * as client from 'openid-client';
import { Type } from 'typebox';
import type { Config } from '../config.ts';
import { cookieValue } from '../http/access.ts';
import { HttpError } from '../http/problem.ts';
import { problemResponses } from '../http/schemas.ts';
import { callbackUrl, userOf } from './names.ts';
import type { SessionStore } from './session-store.ts';
import type { ServiceManifest } from './types.ts';

const SESSION_HOURS = 12;

/** Only a path of this site: never `//elsewhere` or an absolute URL (no open redirect). */
const SafePath = Type.String({ pattern: '^/(?![/\\\\])[^\\s]*$', maxLength: 500, description: 'Page of the web app to return to, e.g. /wallet' });

type AuthRouteOptions = {
  manifest: ServiceManifest;
  config: Config;
  oidc: () => Promise<client.Configuration>;
  sessions: SessionStore;
  cookie: string;
};

function setCookie(reply: FastifyReply, options: AuthRouteOptions, value: string, maxAgeSeconds: number) {
  const secure = options.config.baseUrl.startsWith('https:') ? '; Secure' : '';
  void reply.header(
    'set-cookie',
    `${options.cookie}=${encodeURIComponent(value)}; Path=/api/${options.manifest.name}; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure}`,
  );
}

/** Sign-in to a service module through City OS ID (authorization code flow with PKCE), and its session. */
export function authRoutes(options: AuthRouteOptions): FastifyPluginAsync {
  const { manifest, config, oidc, sessions } = options;
  const redirectUri = callbackUrl(config.baseUrl, manifest);
  const scope = ['openid', ...manifest.categories.map((c) => `tsunagu:${c.category}`)].join(' ');

  return async (plugin) => {
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/auth/login',
      {
        config: { access: 'public' },
        schema: {
          summary: `Sign in to ${manifest.title.en} with City OS ID`,
          description: 'Redirects to the City OS ID login and consent pages; comes back to `returnTo`.',
          querystring: Type.Object({ returnTo: Type.Optional(SafePath) }, { additionalProperties: false }),
          response: { 302: Type.Null({ description: 'Redirect to City OS ID' }), ...problemResponses(400) },
        },
      },
      async (request, reply) => {
        const codeVerifier = client.randomPKCECodeVerifier();
        const state = client.randomState();
        await sessions.saveLoginState(state, { codeVerifier, returnTo: request.query.returnTo ?? manifest.homepage });
        const url = client.buildAuthorizationUrl(await oidc(), {
          redirect_uri: redirectUri,
          scope,
          state,
          code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
          code_challenge_method: 'S256',
          acr_values: 'urn:tsunagu:loa:card-verified urn:tsunagu:loa:self-asserted',
        });
        return reply.redirect(url.href, 302);
      },
    );

    app.get(
      '/auth/callback',
      {
        config: { access: 'public' },
        schema: {
          summary: 'Where City OS ID returns after sign-in',
          querystring: Type.Object(
            {
              state: Type.String({ maxLength: 200 }),
              code: Type.Optional(Type.String({ maxLength: 2000 })),
              iss: Type.Optional(Type.String({ maxLength: 500 })),
              error: Type.Optional(Type.String({ maxLength: 200 })),
              error_description: Type.Optional(Type.String({ maxLength: 2000 })),
            },
            { additionalProperties: false },
          ),
          response: { 302: Type.Null({ description: 'Back to the page the sign-in started from' }), ...problemResponses(400) },
        },
      },
      async (request, reply) => {
        const login = await sessions.takeLoginState(request.query.state);
        if (!login) {
          throw new HttpError({ status: 400, code: 'sign_in_expired', title: 'Sign-in expired', detail: 'Start the sign-in again.' });
        }
        if (request.query.error) {
          // The person declined (or the platform refused): back to the page, which says so.
          return reply.redirect(`${login.returnTo}${login.returnTo.includes('?') ? '&' : '?'}signin=${encodeURIComponent(request.query.error)}`, 302);
        }
        let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
        try {
          tokens = await client.authorizationCodeGrant(await oidc(), new URL(request.url, config.baseUrl), {
            pkceCodeVerifier: login.codeVerifier,
            expectedState: request.query.state,
          });
        } catch (err) {
          request.log.warn({ err }, 'sign-in code exchange failed');
          throw new HttpError({
            status: 400,
            code: 'sign_in_failed',
            title: 'Sign-in failed',
            detail: 'City OS ID did not confirm the sign-in. Try again.',
          });
        }
        const claims = tokens.claims();
        if (!claims) throw new HttpError({ status: 400, code: 'sign_in_failed', title: 'Sign-in failed', detail: 'No ID token came back.' });
        const token = await sessions.open(
          {
            subject: claims.sub,
            acr: typeof claims.acr === 'string' ? claims.acr : 'urn:tsunagu:loa:self-asserted',
            accessToken: tokens.access_token,
            refreshToken: tokens.refresh_token ?? null,
          },
          SESSION_HOURS,
        );
        setCookie(reply, options, token, SESSION_HOURS * 3600);
        return reply.redirect(login.returnTo, 302);
      },
    );

    app.get(
      '/auth/me',
      {
        config: { access: 'user' },
        schema: {
          summary: `Who is signed in to ${manifest.title.en}`,
          response: {
            200: Type.Object(
              {
                service: Type.String(),
                subject: Type.String({ description: 'The pairwise City OS ID this service knows the person by' }),
                acr: Type.String(),
              },
              { additionalProperties: false },
            ),
            ...problemResponses(401),
          },
        },
      },
      async (request) => userOf(request),
    );

    app.post(
      '/auth/logout',
      {
        config: { access: 'user' },
        schema: { summary: `Sign out of ${manifest.title.en}`, response: { 204: Type.Null(), ...problemResponses(401) } },
      },
      async (request, reply) => {
        const token = cookieValue(request, options.cookie);
        if (token) await sessions.close(token);
        setCookie(reply, options, '', 0);
        return reply.status(204).send(null);
      },
    );
  };
}
