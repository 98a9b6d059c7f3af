import { sql } from 'kysely';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.ts';
import { Agent } from '../support/agent.ts';
import { authorize, registerService, relyingParty, signUp, startListeningApp, type RegisteredService } from '../support/platform.ts';

let app: TestApp & { origin: string };
let service: RegisteredService;
let config: client.Configuration;

beforeAll(async () => {
  app = await startListeningApp();
  service = await registerService(app.origin, [
    { category: 'payment_results', required: true },
    { category: 'contact', required: false },
  ]);
  config = await relyingParty(app.origin, service);
});
afterAll(async () => {
  await app.stop();
});

describe('OpenID Connect with a real relying party', () => {
  it('issues tokens for a consented citizen under a pairwise subject with PKCE, and the service records a payment result', async () => {
    const agent = new Agent(app.origin);
    await signUp(agent, 'hanako@example.jp');
    const tokens = await authorize(
      config,
      agent,
      service,
      ['tsunagu:payment_results', 'tsunagu:contact', 'offline_access'],
      ['payment_results', 'contact'],
    );
    expect(tokens.access_token).toBeTruthy();
    expect(tokens.refresh_token).toBeTruthy();
    const claims = tokens.claims();
    expect(claims?.acr).toBe('urn:tsunagu:loa:self-asserted');
    expect(claims?.sub).not.toMatch(/^[0-9a-f-]{36}$/);

    const written = await fetch(`${app.origin}/api/linkage/me/payment_results`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.access_token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ data: { amount: 1200, payee: '鶴ヶ城売店', field: '観光' } }),
    });
    expect(written.status).toBe(201);

    const introspection = await client.tokenIntrospection(config, tokens.access_token);
    expect(introspection.active).toBe(true);

    // The citizen withdraws the whole service in the portal.
    const withdrawn = await agent.request(`/api/consent/mine/${service.clientId}/withdraw`, { json: {} });
    expect(withdrawn.status).toBe(200);
    expect(((await withdrawn.json()) as { status: string }).status).toBe('withdrawn');

    const refused = await fetch(`${app.origin}/api/linkage/me/payment_results`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.access_token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ data: { amount: 1 } }),
    });
    expect(refused.status).toBe(401);
    expect((await client.tokenIntrospection(config, tokens.access_token)).active).toBe(false);
    const refreshToken = tokens.refresh_token ?? '';
    await expect(client.refreshTokenGrant(config, refreshToken)).rejects.toThrow();

    const log = (await (await agent.request('/api/linkage/access-log')).json()) as { entries: { sentence: { ja: string }; outcome: string }[] };
    expect(log.entries[0]?.sentence.ja).toBe('テスト連携サービスが 決済結果 を 記録しました');
  });

  it('revokes a token at the revocation endpoint, after which introspection says inactive and linkage refuses it', async () => {
    const agent = new Agent(app.origin);
    await signUp(agent, 'revoke@example.jp');
    const tokens = await authorize(config, agent, service, ['tsunagu:payment_results'], ['payment_results']);
    expect((await client.tokenIntrospection(config, tokens.access_token)).active).toBe(true);
    await client.tokenRevocation(config, tokens.access_token);
    expect((await client.tokenIntrospection(config, tokens.access_token)).active).toBe(false);
    const refused = await fetch(`${app.origin}/api/linkage/me/payment_results`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.access_token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ data: { amount: 1 } }),
    });
    expect(refused.status).toBe(401);
  });

  it('stores a retried write once under its idempotency key, and refuses the key for a different write', async () => {
    const agent = new Agent(app.origin);
    await signUp(agent, 'retry@example.jp');
    const tokens = await authorize(config, agent, service, ['tsunagu:payment_results'], ['payment_results']);
    const write = (data: object) =>
      fetch(`${app.origin}/api/linkage/me/payment_results`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.access_token}`, 'content-type': 'application/json', 'idempotency-key': 'payment-0001' },
        body: JSON.stringify({ data }),
      });
    const first = await write({ amount: 500, payee: '七日町カフェ' });
    expect(first.status).toBe(201);
    const again = await write({ amount: 500, payee: '七日町カフェ' });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { id: string }).id).toBe(((await first.json()) as { id: string }).id);
    const other = await write({ amount: 900, payee: '七日町カフェ' });
    expect(other.status).toBe(409);
    expect(await other.json()).toMatchObject({ code: 'idempotency_key_reused' });
    const stored = await sql<{ n: number }>`select count(*)::int as n from linkage.record where idempotency_key = 'payment-0001'`.execute(
      app.testDatabase.database.db,
    );
    expect(stored.rows[0]?.n).toBe(1);
  });

  it('refuses an authorization request without PKCE', async () => {
    const url = client.buildAuthorizationUrl(config, { redirect_uri: service.redirectUri, scope: 'openid', state: client.randomState() });
    const response = await fetch(url, { redirect: 'manual' });
    const location = new URL(response.headers.get('location') ?? '', app.origin);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('error_description')).toMatch(/PKCE/);
  });
});

describe('RP-initiated logout', () => {
  it('ends the OpenID session and the citizen web session, then returns to the service', async () => {
    const agent = new Agent(app.origin);
    await signUp(agent, 'logout@example.jp');
    const tokens = await authorize(config, agent, service, ['tsunagu:payment_results'], ['payment_results']);
    expect((await agent.request('/api/identity/me')).status).toBe(200);
    const endSession = client.buildEndSessionUrl(config, {
      id_token_hint: tokens.id_token ?? '',
      post_logout_redirect_uri: 'http://127.0.0.1:9/bye',
    });
    const confirm = await agent.request(endSession.toString(), { headers: { accept: 'text/html' } });
    expect(confirm.status).toBe(200);
    const page = await confirm.text();
    expect(page).toContain('ログアウト');
    expect(confirm.headers.get('content-security-policy')).not.toContain('form-action');
    const form = /<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/.exec(page);
    const fields: Record<string, string> = Object.fromEntries(
      [...(form?.[2] ?? '').matchAll(/name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1] ?? '', m[2] ?? '']),
    );
    const done = await agent.request(new URL(form?.[1] ?? '', app.origin).toString(), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...fields, logout: 'yes' }).toString(),
    });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('http://127.0.0.1:9/bye');
    expect((await agent.request('/api/identity/me')).status).toBe(401);
  });
});
