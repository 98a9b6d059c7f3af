// Token issuance by the OpenID Provider (issue 3): authorization code exchanges.
import * as client from 'openid-client';
import { Agent } from '../../test/support/agent.ts';
import { authorize, registerService, relyingParty, signUp } from '../../test/support/platform.ts';

const OPERATOR_TOKEN = 'test-operator-token-0123456789abcdef';
/** Codes live 60 s: issue enough for the run, in parallel, just before it starts. */
const CODES = 12_000;
const ISSUERS = 16;

/** @type {import('./index.js').Scenario} */
export default {
  name: 'token-authorization-code',
  description: `POST /oidc/token with grant_type=authorization_code: ${CODES.toLocaleString('en')} single-use codes (PKCE S256, pairwise subject) issued just before the run, each exchanged once for an access token, refresh token and ID token`,
  target: 'report per second with p99 (issue 3; no figure set: client credentials are held to 240/s)',
  env: { OPERATOR_TOKEN },
  async setup({ url }) {
    const origin = url.replace('127.0.0.1', 'localhost');
    const service = await registerService(origin, [{ category: 'payment_results', required: true }], 'ベンチ用コード交換');
    const config = await relyingParty(origin, service);
    const agent = new Agent(origin);
    await signUp(agent, 'bench-code@example.jp');
    // The first sign-in consents; after it the provider answers with a code straight away.
    await authorize(config, agent, service, ['tsunagu:payment_results', 'offline_access'], ['payment_results']);
    const verifier = client.randomPKCECodeVerifier();
    const challenge = await client.calculatePKCECodeChallenge(verifier);
    const atCallback = (/** @type {URL} */ u) => u.toString().startsWith(service.redirectUri);
    /** @type {string[]} */
    const codes = [];
    const issue = async () => {
      while (codes.length < CODES) {
        const authUrl = client.buildAuthorizationUrl(config, {
          redirect_uri: service.redirectUri,
          scope: 'openid tsunagu:payment_results',
          code_challenge: challenge,
          code_challenge_method: 'S256',
          state: client.randomState(),
        });
        const back = await agent.follow(authUrl.toString(), atCallback);
        const code = back.searchParams.get('code');
        if (!code) throw new Error(`no code in ${back.toString()}`);
        codes.push(code);
      }
    };
    await Promise.all(Array.from({ length: ISSUERS }, issue));
    const basic = Buffer.from(`${encodeURIComponent(service.clientId)}:${encodeURIComponent(service.clientSecret)}`).toString('base64');
    const fixed = `&redirect_uri=${encodeURIComponent(service.redirectUri)}&code_verifier=${verifier}`;
    return {
      requests: [
        {
          method: 'POST',
          path: '/oidc/token',
          headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
          // Each request takes a code of its own; once they run out the rest are refused (not counted as exchanges).
          setupRequest: (/** @type {{ body?: string }} */ request) => ({
            ...request,
            body: `grant_type=authorization_code&code=${encodeURIComponent(codes.pop() ?? 'used-up')}${fixed}`,
          }),
        },
      ],
      async check() {
        return { codes_issued: CODES, codes_left: codes.length };
      },
    };
  },
};
