import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceKit } from '@lib/service-kit/index.ts';
import { ALL_MODULES } from '../../src/modules.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { probeManifest, probeModule } from '../support/service-module.ts';

const DEMO_PASSWORD = 'tsunagu-demo-2026';
let app: TestApp;
const kit = () => serviceKit(app.context, probeManifest);

beforeAll(async () => {
  app = await startTestApp({}, { modules: [...ALL_MODULES, probeModule] });
});
afterAll(() => app.stop());

describe('a city service module connected through the service kit', () => {
  it('is listed in the public service directory with its purposes and categories', async () => {
    const response = await app.http.inject({ url: '/api/identity/services/tsunagu-probe' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ clientId: 'tsunagu-probe', company: '会津若松市 (テスト)' });
  });

  it('signs a demo citizen in through City OS ID and knows them by a pairwise subject', async () => {
    const signed = await kit().signIn('taro@demo.tsunagu.example', DEMO_PASSWORD);
    const me = await app.http.inject({ url: '/api/probe/whoami', headers: { cookie: signed.cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual({ subject: signed.subject });
    // The subject is this service's own: not the one another service sees.
    const other = await app.http.inject({ url: '/api/identity/me', headers: { cookie: signed.cookie } });
    expect(other.statusCode).toBe(401);
  });

  it('refuses its routes to a person who has not signed in to it', async () => {
    const response = await app.http.inject({ url: '/api/probe/whoami' });
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });

  it('refuses a return address outside the site (no open redirect)', async () => {
    const response = await app.http.inject({ url: '/api/probe/auth/login?returnTo=//evil.example/' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'validation_failed' });
  });

  it('refuses a callback whose sign-in it did not start', async () => {
    const response = await app.http.inject({ url: '/api/probe/auth/callback?state=forged&code=abc' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'sign_in_expired' });
  });

  it('ends the session on sign-out', async () => {
    const signed = await kit().signIn('taro@demo.tsunagu.example', DEMO_PASSWORD);
    const out = await app.http.inject({ method: 'POST', url: '/api/probe/auth/logout', headers: { cookie: signed.cookie } });
    expect(out.statusCode).toBe(204);
    const after = await app.http.inject({ url: '/api/probe/whoami', headers: { cookie: signed.cookie } });
    expect(after.statusCode).toBe(401);
  });

  it('reads and writes through consent-gated linkage with its own client credentials, and the citizen sees it logged', async () => {
    const signed = await kit().signIn('taro@demo.tsunagu.example', DEMO_PASSWORD);
    const read = await kit().platform.read<{ birthYear: number }>(signed.subject, 'basic_attributes');
    expect(read.outcome).toBe('allowed');
    const written = await kit().platform.write(signed.subject, 'payment_results', { amount: 500, payee: '会津ラーメン' });
    expect(written.outcome).toBe('allowed');
    const refused = await kit().platform.read(signed.subject, 'clinical');
    expect(refused).toMatchObject({ outcome: 'refused', status: 403 });

    const login = await app.http.inject({
      method: 'POST',
      url: '/api/identity/session',
      payload: { email: 'taro@demo.tsunagu.example', password: DEMO_PASSWORD },
    });
    const session = String(login.headers['set-cookie']).split(';')[0] ?? '';
    const log = await app.http.inject({ url: '/api/linkage/access-log', headers: { cookie: session } });
    const sentences = log.json<{ entries: { sentence: { ja: string } }[] }>().entries.map((e) => e.sentence.ja);
    expect(sentences.slice(0, 3)).toEqual([
      expect.stringContaining('テスト用サービス'),
      expect.stringContaining('決済結果'),
      expect.stringContaining('基本属性'),
    ]);
  });

  it('may not publish a disaster alert, which only the disaster service may', async () => {
    await expect(
      kit().platform.publish('disaster.alert', {
        alertId: 'x',
        status: 'issued',
        hazard: 'flood',
        level: 3,
        title: { ja: '洪水', en: 'Flood' },
        areas: [],
      }),
    ).rejects.toThrow(/403/);
  });
});

describe('the service kit behind https', () => {
  it('signs a citizen in when the public URL is https (secure cookies in-process)', async () => {
    const secure = await startTestApp({ BASE_URL: 'https://city.example.jp' }, { modules: [...ALL_MODULES, probeModule] });
    try {
      const signed = await serviceKit(secure.context, probeManifest).signIn('taro@demo.tsunagu.example', DEMO_PASSWORD);
      expect(signed.subject).toMatch(/\S{16,}/);
    } finally {
      await secure.stop();
    }
  });
});
