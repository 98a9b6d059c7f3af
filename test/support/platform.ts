import { createServer } from 'node:net';
import * as client from 'openid-client';
import { OPERATOR_TOKEN, startTestApp, type TestApp } from './app.ts';
import type { Agent } from './agent.ts';

/** A free TCP port on localhost (the issuer URL must name the port before the app starts). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Tsunagu listening on a real socket at BASE_URL, as an OpenID relying party needs. */
export async function startListeningApp(env: Record<string, string> = {}): Promise<TestApp & { origin: string }> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const app = await startTestApp({ BASE_URL: origin, ...env });
  await app.http.listen({ port, host: '127.0.0.1' });
  return { ...app, origin };
}

export type RegisteredService = { clientId: string; clientSecret: string; redirectUri: string };

export async function registerService(
  origin: string,
  categories: { category: string; required: boolean }[],
  name = 'テスト連携サービス',
  redirectUri = 'http://127.0.0.1:9/callback',
): Promise<RegisteredService> {
  const response = await fetch(`${origin}/api/identity/admin/services`, {
    method: 'POST',
    headers: { authorization: `Bearer ${OPERATOR_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      name: { ja: name, en: 'Test service' },
      company: '株式会社テスト',
      purposes: [{ ja: 'テストのため', en: 'For testing' }],
      categories: categories.map((c) => ({ ...c, reason: { ja: `${c.category}を使うため`, en: `To use ${c.category}` } })),
      redirectUris: [redirectUri],
      postLogoutRedirectUris: ['http://127.0.0.1:9/bye'],
    }),
  });
  if (response.status !== 201) throw new Error(`service registration failed: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { service: { clientId: string }; clientSecret: string };
  return { clientId: body.service.clientId, clientSecret: body.clientSecret, redirectUri };
}

export async function signUp(agent: Agent, email: string, password = 'correct horse battery'): Promise<{ id: string }> {
  const response = await agent.request('/api/identity/accounts', { json: { email, password, displayName: '会津 花子', kind: 'citizen' } });
  if (response.status !== 201) throw new Error(`sign-up failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as { id: string };
}

export async function relyingParty(origin: string, service: RegisteredService): Promise<client.Configuration> {
  return client.discovery(new URL(`${origin}/oidc`), service.clientId, service.clientSecret, undefined, { execute: [client.allowInsecureRequests] });
}

/**
 * Runs the authorization code flow with PKCE as a real relying party (openid-client), with
 * `agent` as the citizen's browser: signs in with its web session and consents to `categories`.
 */
export async function authorize(config: client.Configuration, agent: Agent, service: RegisteredService, scopes: string[], categories: string[]) {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: service.redirectUri,
    scope: ['openid', ...scopes].join(' '),
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    acr_values: 'urn:tsunagu:loa:card-verified urn:tsunagu:loa:self-asserted',
    state,
  });
  const atInteraction = (u: URL) => u.pathname.startsWith('/interaction/') || u.toString().startsWith(service.redirectUri);
  let at = await agent.follow(url.toString(), atInteraction);
  for (let step = 0; step < 3 && !at.toString().startsWith(service.redirectUri); step++) {
    const details = (await (await agent.request(`${at.pathname}/details`)).json()) as { prompt: string };
    const answer =
      details.prompt === 'login'
        ? await agent.request(`${at.pathname}/login`, { json: { useSession: true } })
        : await agent.request(`${at.pathname}/consent`, { json: { categories } });
    if (answer.status !== 200) throw new Error(`interaction ${details.prompt} failed: ${answer.status} ${await answer.text()}`);
    const { redirectTo } = (await answer.json()) as { redirectTo: string };
    at = await agent.follow(redirectTo, atInteraction);
  }
  return client.authorizationCodeGrant(config, at, { pkceCodeVerifier: verifier, expectedState: state });
}
