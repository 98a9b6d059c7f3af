// @ts-check
/**
 * Everything this demo knows about Tsunagu: its published OpenID Provider (found by
 * discovery) and its linkage API. Nothing here imports Tsunagu's code — an outside
 * company's service would be written exactly like this.
 */
import * as oidc from 'openid-client';

/** What the service asks for. basic_four is required at registration; contact and household are optional. */
export const CATEGORIES = /** @type {const} */ (['basic_four', 'contact', 'household']);
export const SCOPE = ['openid', 'offline_access', ...CATEGORIES.map((c) => `tsunagu:${c}`)].join(' ');
/** Preferred first: a card-verified citizen; a self-asserted account may still sign in (and sees why data is missing). */
const ACR_VALUES = 'urn:tsunagu:loa:card-verified urn:tsunagu:loa:self-asserted';

/**
 * @typedef {{ tsunaguUrl: string, publicUrl: string, clientId: string, clientSecret: string }} Settings
 * @typedef {{ verifier: string, state: string }} PendingLogin
 * @typedef {{ accessToken: string, refreshToken: string | undefined, idToken: string | undefined,
 *   sub: string, acr: string | undefined, grantedScopes: string[] }} Tokens
 * @typedef {{ category: string, ok: true, consentVersion: number, data: unknown }
 *   | { category: string, ok: false, status: number, code: string, title: string }} Reading
 */

/** @param {Settings} settings */
export function tsunaguClient(settings) {
  const base = settings.tsunaguUrl.replace(/\/+$/, '');
  /** @type {Promise<oidc.Configuration> | undefined} */
  let discovered;

  /** Discovery on first use (so the demo may start before Tsunagu), tried again after a failure. */
  const configuration = () => {
    discovered ??= oidc
      .discovery(new URL(`${base}/oidc`), settings.clientId, undefined, oidc.ClientSecretBasic(settings.clientSecret), {
        // Only because the demo talks to Tsunagu on http://localhost. A real service uses https and drops this.
        execute: base.startsWith('http:') ? [oidc.allowInsecureRequests] : [],
      })
      .catch((err) => {
        discovered = undefined;
        throw err;
      });
    return discovered;
  };

  /** @param {oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers} response @param {Tokens | undefined} previous @returns {Tokens} */
  const tokensFrom = (response, previous) => {
    const claims = response.claims();
    return {
      accessToken: response.access_token,
      refreshToken: response.refresh_token ?? previous?.refreshToken,
      idToken: response.id_token ?? previous?.idToken,
      sub: claims?.sub ?? previous?.sub ?? '',
      acr: typeof claims?.acr === 'string' ? claims.acr : previous?.acr,
      grantedScopes: response.scope ? response.scope.split(' ') : (previous?.grantedScopes ?? []),
    };
  };

  return {
    redirectUri: `${settings.publicUrl}/callback`,

    /** The authorization URL (code flow, PKCE S256, state) and what the callback must check. */
    async startLogin() {
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const url = oidc.buildAuthorizationUrl(await configuration(), {
        redirect_uri: `${settings.publicUrl}/callback`,
        scope: SCOPE,
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        acr_values: ACR_VALUES,
      });
      return { url, pending: /** @type {PendingLogin} */ ({ verifier, state }) };
    },

    /** Exchanges the code the citizen's browser brought back. @param {URL} callbackUrl @param {PendingLogin} pending */
    async finishLogin(callbackUrl, pending) {
      const response = await oidc.authorizationCodeGrant(await configuration(), callbackUrl, {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
        idTokenExpected: true,
      });
      return tokensFrom(response, undefined);
    },

    /** New tokens from the refresh token, or undefined when Tsunagu refuses (consent withdrawn, expired). @param {Tokens} tokens */
    async refresh(tokens) {
      if (!tokens.refreshToken) return undefined;
      try {
        return tokensFrom(await oidc.refreshTokenGrant(await configuration(), tokens.refreshToken), tokens);
      } catch {
        return undefined;
      }
    },

    /** One category through linkage, with the citizen's access token. @param {string} accessToken @param {string} category @returns {Promise<Reading>} */
    async read(accessToken, category) {
      const response = await fetch(`${base}/api/linkage/me/${encodeURIComponent(category)}`, {
        headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
      });
      const body = await response.json().catch(() => ({}));
      if (response.ok) return { category, ok: true, consentVersion: body.consentVersion, data: body.data };
      // RFC 9457 problem details: `code` is stable (not_consented, no_data…); `title` is for people.
      return { category, ok: false, status: response.status, code: String(body.code ?? ''), title: String(body.title ?? response.statusText) };
    },

    /** RP-initiated logout at Tsunagu, back to our top page. @param {string | undefined} idToken */
    async endSessionUrl(idToken) {
      return oidc.buildEndSessionUrl(await configuration(), {
        ...(idToken ? { id_token_hint: idToken } : {}),
        post_logout_redirect_uri: `${settings.publicUrl}/`,
      });
    },
  };
}
