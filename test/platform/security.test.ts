import { sql } from 'kysely';
import * as client from 'openid-client';
import { withAppendOnlyOff } from '../support/tamper.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.ts';
import { Agent } from '../support/agent.ts';
import { authorize, registerService, relyingParty, signUp, startListeningApp, type RegisteredService } from '../support/platform.ts';
import { FUTABA, ICHIRO, importTwoResidents, verifyAs } from '../support/residents.ts';

type Tokens = Awaited<ReturnType<typeof authorize>>;
type LogEntry = { category: string; outcome: string; reason: string | null; action: string };

let app: TestApp & { origin: string };
let service: RegisteredService;
let config: client.Configuration;
let ichiro: Agent;
let futaba: Agent;
let ichiroTokens: Tokens;

const read = (token: string | undefined, path: string) =>
  fetch(`${app.origin}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
const logOf = async (agent: Agent) => ((await (await agent.request('/api/linkage/access-log')).json()) as { entries: LogEntry[] }).entries;

beforeAll(async () => {
  app = await startListeningApp({ SEED_DEMO: 'true' });
  await importTwoResidents(app.testDatabase.database);
  service = await registerService(app.origin, [
    { category: 'basic_four', required: true },
    { category: 'contact', required: false },
    { category: 'household', required: false },
  ]);
  config = await relyingParty(app.origin, service);
  ichiro = new Agent(app.origin);
  await signUp(ichiro, 'ichiro@example.jp');
  await verifyAs(ichiro, ICHIRO);
  ichiroTokens = await authorize(config, ichiro, service, ['tsunagu:basic_four', 'tsunagu:contact', 'tsunagu:household'], ['basic_four', 'contact']);
  futaba = new Agent(app.origin);
  await signUp(futaba, 'futaba@example.jp');
  await verifyAs(futaba, FUTABA);
});
afterAll(async () => {
  await app.stop();
});

describe('consent-gated linkage', () => {
  it("gives a service the citizen's basic four items under a live opt-in, and logs the read", async () => {
    const response = await read(ichiroTokens.access_token, '/api/linkage/me/basic_four');
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: { name: string; address: string } };
    expect(body.data.name).toBe('鶴ヶ 一郎');
    expect(body.data.address).toContain('会津若松市追手町');
    expect((await logOf(ichiro))[0]).toMatchObject({ category: 'basic_four', action: 'read', outcome: 'allowed' });
  });

  it('refuses a call without a token', async () => {
    const response = await read(undefined, '/api/linkage/me/basic_four');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('Bearer');
  });

  it('refuses an expired token', async () => {
    const tokens = await authorize(config, ichiro, service, ['tsunagu:basic_four'], ['basic_four', 'contact']);
    // Age the stored token past its expiry instead of waiting ten minutes.
    await sql`update identity.oidc_payload set expires_at = now() - interval '1 second',
      payload = jsonb_set(payload, '{exp}', to_jsonb(extract(epoch from now())::int - 1))
      where model = 'AccessToken'`.execute(app.testDatabase.database.db);
    const response = await read(tokens.access_token, '/api/linkage/me/basic_four');
    expect(response.status).toBe(401);
    expect(((await response.json()) as { detail: string }).detail).toMatch(/expired|revoked/);
    ichiroTokens = await authorize(config, ichiro, service, ['tsunagu:basic_four', 'tsunagu:contact'], ['basic_four', 'contact']);
  });

  it('refuses a token meant for another audience (an ID token presented as an access token)', async () => {
    const response = await read(ichiroTokens.id_token, '/api/linkage/me/basic_four');
    expect(response.status).toBe(401);
  });

  it("refuses another citizen's data to a service she never opted in to, and logs the denial in her log", async () => {
    const credentials = await client.clientCredentialsGrant(config, { scope: 'tsunagu:basic_four' });
    const subject = await (async () => {
      // The service learns Futaba's pseudonym only if she signs in to it; she signs in but declines everything optional and then withdraws.
      const tokens = await authorize(config, futaba, service, ['tsunagu:basic_four'], ['basic_four']);
      const sub = tokens.claims()?.sub ?? '';
      expect((await futaba.request(`/api/consent/mine/${service.clientId}/withdraw`, { json: {} })).status).toBe(200);
      return sub;
    })();
    const response = await read(credentials.access_token, `/api/linkage/subjects/${encodeURIComponent(subject)}/basic_four`);
    expect(response.status).toBe(403);
    expect(((await response.json()) as { code: string }).code).toBe('not_consented');
    expect((await logOf(futaba))[0]).toMatchObject({ category: 'basic_four', outcome: 'denied', reason: 'withdrawn' });

    const unknown = await read(credentials.access_token, '/api/linkage/subjects/not-a-subject-of-this-service/basic_four');
    expect(unknown.status).toBe(404);
  });

  it('refuses a category the citizen did not consent to, and logs the denial', async () => {
    const response = await read(ichiroTokens.access_token, '/api/linkage/me/household');
    expect(response.status).toBe(403);
    expect((await logOf(ichiro))[0]).toMatchObject({ category: 'household', outcome: 'denied', reason: 'category_not_consented' });
  });

  it('refuses the next read with the old token after the citizen withdrew that category a moment ago', async () => {
    expect((await read(ichiroTokens.access_token, '/api/linkage/me/contact')).status).toBe(200);
    expect((await ichiro.request(`/api/consent/mine/${service.clientId}/withdraw`, { json: { categories: ['contact'] } })).status).toBe(200);
    const response = await read(ichiroTokens.access_token, '/api/linkage/me/contact');
    expect(response.status).toBe(403);
    expect((await logOf(ichiro))[0]).toMatchObject({ category: 'contact', outcome: 'denied', reason: 'category_not_consented' });
    expect((await read(ichiroTokens.access_token, '/api/linkage/me/basic_four')).status).toBe(200);
  });

  it('refuses a token the service revoked on the very next read, though the token was allowed a moment before', async () => {
    const tokens = await authorize(config, ichiro, service, ['tsunagu:basic_four'], ['basic_four', 'contact']);
    expect((await read(tokens.access_token, '/api/linkage/me/basic_four')).status).toBe(200);
    await client.tokenRevocation(config, tokens.access_token);
    const response = await read(tokens.access_token, '/api/linkage/me/basic_four');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect(await response.json()).toMatchObject({ code: 'unauthorized' });
  });

  it("refuses a service's own revoked token on the very next read by subject", async () => {
    const subject = ichiroTokens.claims()?.sub;
    expect(subject).toBeTruthy();
    const own = await client.clientCredentialsGrant(config);
    const bySubject = (token: string) => read(token, `/api/linkage/subjects/${subject}/basic_four`);
    expect((await bySubject(own.access_token)).status).toBe(200);
    await client.tokenRevocation(config, own.access_token);
    expect((await bySubject(own.access_token)).status).toBe(401);
  });

  it('answers reads that arrive together each for its own citizen, under her own consent', async () => {
    const ichiroNow = await authorize(config, ichiro, service, ['tsunagu:basic_four', 'tsunagu:contact'], ['basic_four']);
    const futabaTokens = await authorize(config, futaba, service, ['tsunagu:basic_four'], ['basic_four']);
    // Reads arriving together are answered by one statement: each must still get her own answer.
    const asked = Array.from({ length: 24 }, (_, i) => {
      if (i % 3 === 0) return { token: ichiroNow.access_token, category: 'basic_four', expected: { status: 200, name: '鶴ヶ 一郎' } };
      if (i % 3 === 1) return { token: futabaTokens.access_token, category: 'basic_four', expected: { status: 200, name: '鶴ヶ 二葉' } };
      return { token: ichiroNow.access_token, category: 'contact', expected: { status: 403, name: null } }; // not consented
    });
    const answers = await Promise.all(
      asked.map(async ({ token, category }) => {
        const response = await read(token, `/api/linkage/me/${category}`);
        const body = (await response.json()) as { data?: { name?: string } };
        return { status: response.status, name: body.data?.name ?? null };
      }),
    );
    expect(answers).toEqual(asked.map((a) => a.expected));
  });

  it('detects a tampered access-log row', async () => {
    const { linkage } = await import('@platform/core.ts').then(async (m) =>
      m.platformCore({ config: app.config, database: app.testDatabase.database, log: app.log, platformFetch: fetch }),
    );
    expect((await linkage.log.verify()).problems).toEqual([]);
    await withAppendOnlyOff(app.testDatabase.database.db, () =>
      sql`update linkage.access_log set outcome = 'allowed', reason = null where outcome = 'denied' and category = 'household'`.execute(
        app.testDatabase.database.db,
      ),
    );
    const { problems } = await linkage.log.verify();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/altered/);
  });
});
