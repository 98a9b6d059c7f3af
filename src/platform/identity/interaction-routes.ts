import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { problemResponses } from '@lib/http/schemas.ts';
import { categoryOfScope, isDataCategory, scopeFor, type DataCategory } from '@platform/consent/categories.ts';
import { SESSION_COOKIE, type Platform } from '../core.ts';
import { IdentityError } from './errors.ts';
import { presentService } from './present.ts';
import { ACR, OIDC_PREFIX } from './provider.ts';
import { setSessionCookie } from './routes.ts';
import { InteractionConsent, InteractionDetails, InteractionLogin, Redirect } from './schemas.ts';

const Uid = Type.Object({ uid: Type.String({ pattern: '^[A-Za-z0-9_-]{10,64}$' }) });
const OIDC_METHODS = ['GET', 'POST', 'HEAD', 'OPTIONS', 'DELETE', 'PUT', 'PATCH'] as const;

type RawWithOriginal = FastifyRequest['raw'] & { originalUrl?: string };

/**
 * The OpenID Provider at /oidc, and the JSON endpoints our web app's login and consent
 * page (/interaction/:uid) uses. Those live under /interaction/:uid because oidc-provider
 * scopes its interaction cookie to that path.
 */
export function oidcRoutes(platform: () => Promise<Platform>, secureCookies: boolean): FastifyPluginAsyncTypebox {
  return async (app) => {
    const { provider, accounts, directory, ledger } = await platform();
    const callback = provider.callback();

    await app.register(async (oidc) => {
      // oidc-provider reads its own bodies (form posts): leave the stream unread.
      oidc.removeAllContentTypeParsers();
      oidc.addContentTypeParser('*', (_request, _payload, done) => done(null));
      oidc.route({
        method: [...OIDC_METHODS],
        url: `${OIDC_PREFIX}/*`,
        // oidc-provider's own pages post forms that redirect to the service: the app's form-action 'self' would block that.
        config: { access: 'public', securityHeaders: false },
        schema: { hide: true },
        handler: (request, reply) => {
          void reply.hijack();
          reply.raw.setHeader('content-security-policy', "default-src 'self'; frame-ancestors 'none'; base-uri 'self'");
          reply.raw.setHeader('x-content-type-options', 'nosniff');
          const raw = request.raw as RawWithOriginal;
          raw.originalUrl = raw.url;
          raw.url = (raw.url ?? '/').slice(OIDC_PREFIX.length) || '/';
          void callback(raw, reply.raw);
        },
      });
    });

    const details = async (request: FastifyRequest, reply: FastifyReply) => {
      try {
        return await provider.interactionDetails(request.raw, reply.raw);
      } catch {
        throw new IdentityError('interaction_not_found');
      }
    };
    const sessionAccount = async (request: FastifyRequest) => {
      const token = new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=([^;]+)`).exec(request.headers.cookie ?? '')?.[1];
      return token ? accounts.sessionAccount(decodeURIComponent(token)) : undefined;
    };
    const config = { access: 'public' as const };

    app.get(
      '/interaction/:uid/details',
      {
        config,
        schema: {
          summary: 'What a sign-in request asks',
          description: 'For the login and consent page: which service asks, for what data and why, and whether the browser is signed in.',
          tags: ['identity'],
          params: Uid,
          response: { 200: InteractionDetails, ...problemResponses(404) },
        },
      },
      async (request, reply) => {
        const interaction = await details(request, reply);
        const service = await directory.byClientId(String(interaction.params.client_id));
        const account = await sessionAccount(request);
        return {
          uid: interaction.uid,
          prompt: interaction.prompt.name === 'login' ? ('login' as const) : ('consent' as const),
          service: presentService(service),
          session: account ? { signedIn: true, displayName: account.display_name, assurance: account.assurance } : { signedIn: false },
        };
      },
    );

    app.post(
      '/interaction/:uid/login',
      {
        config,
        schema: {
          summary: 'Sign in within a sign-in request',
          tags: ['identity'],
          params: Uid,
          body: InteractionLogin,
          response: { 200: Redirect, ...problemResponses(400, 401, 404, 409) },
        },
      },
      async (request, reply) => {
        const interaction = await details(request, reply);
        if (interaction.prompt.name !== 'login') throw new IdentityError('interaction_wrong_prompt');
        const body = request.body;
        let account;
        if ('useSession' in body) {
          account = await sessionAccount(request);
          if (!account) throw new IdentityError('not_signed_in');
        } else {
          account = await accounts.signIn(body.email, body.password);
          const session = await accounts.openSession(account.id);
          setSessionCookie(reply, session.token, session.expiresAt, secureCookies);
        }
        const redirectTo = await provider.interactionResult(
          request.raw,
          reply.raw,
          { login: { accountId: account.id, acr: ACR[account.assurance], amr: ['pwd'] } },
          { mergeWithLastSubmission: false },
        );
        return { redirectTo };
      },
    );

    app.post(
      '/interaction/:uid/consent',
      {
        config,
        schema: {
          summary: 'Opt in within a sign-in request',
          description: 'Records a consent version for exactly the categories given and lets the service continue.',
          tags: ['identity'],
          params: Uid,
          body: InteractionConsent,
          response: { 200: Redirect, ...problemResponses(400, 404, 409, 422) },
        },
      },
      async (request, reply) => {
        const interaction = await details(request, reply);
        if (interaction.prompt.name !== 'consent') throw new IdentityError('interaction_wrong_prompt');
        const accountId = interaction.session?.accountId;
        const clientId = String(interaction.params.client_id);
        if (!accountId) throw new IdentityError('not_signed_in');
        const unknown = request.body.categories.filter((c) => !isDataCategory(c));
        if (unknown.length > 0) throw new IdentityError('category_not_requested', `Unknown: ${unknown.join(', ')}.`);
        const categories = request.body.categories as DataCategory[];
        await ledger.grant(accountId, clientId, categories);

        const grant = interaction.grantId ? await provider.Grant.find(interaction.grantId) : new provider.Grant({ accountId, clientId });
        if (!grant) throw new IdentityError('interaction_not_found');
        const scope = interaction.params.scope;
        const requested = (typeof scope === 'string' ? scope : 'openid').split(' ');
        const granted = new Set(['openid', 'offline_access', ...categories.map(scopeFor)]);
        grant.addOIDCScope(requested.filter((s) => granted.has(s)).join(' '));
        const declined = requested.filter((s) => categoryOfScope(s) && !granted.has(s));
        if (declined.length > 0) grant.rejectOIDCScope(declined.join(' '));
        const grantId = await grant.save();
        const redirectTo = await provider.interactionResult(request.raw, reply.raw, { consent: { grantId } }, { mergeWithLastSubmission: true });
        return { redirectTo };
      },
    );

    app.post(
      '/interaction/:uid/abort',
      {
        config,
        schema: { summary: 'Decline a sign-in request', tags: ['identity'], params: Uid, response: { 200: Redirect, ...problemResponses(404) } },
      },
      async (request, reply) => {
        await details(request, reply);
        const redirectTo = await provider.interactionResult(
          request.raw,
          reply.raw,
          { error: 'access_denied', error_description: 'The citizen declined.' },
          { mergeWithLastSubmission: false },
        );
        return { redirectTo };
      },
    );
  };
}
