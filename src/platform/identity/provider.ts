import { createHmac } from 'node:crypto';
import type { Kysely } from 'kysely';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { NoTables } from '@lib/db/database.ts';
import { CATEGORY_IDS, scopeFor } from '@platform/consent/categories.ts';
import type { PlatformKeys } from './keys.ts';
import { oidcAdapterFactory } from './oidc-adapter.ts';
import { IdentityRepository } from './repository.ts';

/** `acr` values: how sure we are who the citizen is. */
export const ACR = {
  'self-asserted': 'urn:tsunagu:loa:self-asserted',
  'card-verified': 'urn:tsunagu:loa:card-verified',
} as const;

export const OIDC_PREFIX = '/oidc';

export type OidcOptions = { baseUrl: string; db: Kysely<NoTables>; keys: PlatformKeys };

/** The pseudonymous subject a service sees for an account: stable per service, unlinkable across services. */
export function pairwiseSubject(salt: string, clientId: string, accountId: string): string {
  return createHmac('sha256', salt).update(`${clientId}\u0000${accountId}`).digest('base64url');
}

/**
 * Tsunagu's OpenID Provider: panva's certified oidc-provider, configured for
 * authorization code with PKCE (always), refresh tokens, introspection, revocation,
 * RP-initiated logout, client credentials, pairwise subjects and our acr values.
 * Login and consent happen in our web app at /interaction/:uid.
 */
export function createOidcProvider({ baseUrl, db, keys }: OidcOptions): Provider {
  const repository = new IdentityRepository(db);
  const configuration: Configuration = {
    adapter: oidcAdapterFactory(db),
    jwks: { keys: keys.privateJwks },
    cookies: {
      keys: keys.cookieKeys,
      long: { signed: true, httpOnly: true, sameSite: 'lax' },
      short: { signed: true, httpOnly: true, sameSite: 'lax' },
    },
    scopes: ['openid', 'offline_access', ...CATEGORY_IDS.map(scopeFor)],
    // Personal data leaves through consent-gated linkage, never as ID-token claims.
    claims: { openid: ['sub'], acr: null, auth_time: null },
    async findAccount(_ctx, sub) {
      const account = await repository.accountById(sub);
      if (!account) return undefined;
      return { accountId: account.id, claims: () => ({ sub: account.id }) };
    },
    acrValues: Object.values(ACR),
    subjectTypes: ['public', 'pairwise'],
    async pairwiseIdentifier(_ctx, accountId, client) {
      const sub = pairwiseSubject(keys.pairwiseSalt, client.clientId, accountId);
      await repository.rememberPairwise(client.clientId, sub, accountId);
      return sub;
    },
    pkce: { required: () => true },
    responseTypes: ['code'],
    features: {
      devInteractions: { enabled: false },
      introspection: { enabled: true },
      revocation: { enabled: true },
      clientCredentials: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource(ctx: KoaContextWithOIDC, form: string) {
          ctx.body = page(
            'ログアウト / Sign out',
            `<p>つなぐからログアウトしますか？ / Sign out of Tsunagu?</p>${form}<button form="op.logoutForm" name="logout" value="yes" autofocus>ログアウト / Sign out</button>`,
          );
        },
        postLogoutSuccessSource(ctx: KoaContextWithOIDC) {
          ctx.body = page(
            'ログアウトしました / Signed out',
            '<p>ログアウトしました。 / You are signed out.</p><p><a href="/">トップへ / Home</a></p>',
          );
        },
      },
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      ClientCredentials: 600,
      IdToken: 600,
      Interaction: 1800,
      RefreshToken: 14 * 24 * 3600,
      Session: 14 * 24 * 3600,
      Grant: 365 * 24 * 3600,
    },
    renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = page(
        'エラー / Error',
        `<p>${escapeHtml(String(out.error))}: ${escapeHtml(String(out.error_description ?? ''))}</p><p><a href="/">トップへ / Home</a></p>`,
      );
    },
  };
  const provider = new Provider(`${baseUrl}${OIDC_PREFIX}`, configuration);
  provider.proxy = true;
  return provider;
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title}</title></head><body><main><h1>${title}</h1>${body}</main></body></html>`;
}
