import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '@lib/db/database.ts';
import { publishEvent, verifyWebhookSignature } from '@platform/events/index.ts';
import { OPERATOR_TOKEN } from '../support/app.ts';
import { asService } from './support/fake-service-tokens.ts';
import { startReceiver, type Receiver } from './support/receiver.ts';
import { manualClock, startEventsApp, testWorker, type EventsTestApp } from './support/setup.ts';

const clock = manualClock();
let app: EventsTestApp;
let receiver: Receiver;
const operator = { authorization: `Bearer ${OPERATOR_TOKEN}` };

beforeAll(async () => {
  app = await startEventsApp(clock);
  receiver = await startReceiver(204);
});
afterAll(async () => {
  await receiver.close();
  await app.stop();
});

type Problem = { status: number; code: string; errors?: { in: string; field: string; message: string }[] };

const subscribe = (clientId: string, payload: unknown) =>
  app.http.inject({ method: 'POST', url: '/api/events/subscriptions', headers: asService(clientId), payload: payload as Record<string, unknown> });

async function subscribed(clientId: string, path: string) {
  const res = await subscribe(clientId, { url: `${receiver.url}${path}`, types: ['consent.withdrawn'] });
  expect(res.statusCode).toBe(201);
  return res.json<{ id: string; secret: string; url: string; types: string[] }>();
}

describe('subscribing', () => {
  it('returns the subscription with its signing secret, once', async () => {
    const res = await subscribe('svc-health', { url: `${receiver.url}/health`, types: ['consent.withdrawn', 'registry.person.moved'] });
    expect(res.statusCode).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    const created = res.json<{ id: string; secret: string }>();
    expect(res.headers.location).toBe(`/api/events/subscriptions/${created.id}`);
    expect(created).toMatchObject({ clientId: 'svc-health', url: `${receiver.url}/health`, types: ['consent.withdrawn', 'registry.person.moved'] });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);

    const one = await app.http.inject({ method: 'GET', url: `/api/events/subscriptions/${created.id}`, headers: asService('svc-health') });
    expect(one.statusCode).toBe(200);
    const list = await app.http.inject({ method: 'GET', url: '/api/events/subscriptions', headers: asService('svc-health') });
    expect(list.json<{ items: { id: string }[] }>().items.map((s) => s.id)).toEqual([created.id]);
    expect(one.body + list.body).not.toContain(created.secret);
    expect(one.body + list.body).not.toContain('secret"');
  });

  it.each([
    ['not a URL', 'not a url', 'validation_failed'],
    ['an ftp: URL', 'ftp://files.example.jp/hooks', 'webhook_url_not_allowed'],
    ['plain http to a public host', 'http://service.example.jp/hooks', 'webhook_url_not_allowed'],
    ['https into a private network', 'https://10.0.0.8/hooks', 'webhook_url_not_allowed'],
    ['https to the cloud metadata address', 'https://169.254.169.254/latest', 'webhook_url_not_allowed'],
    ['a URL with credentials', 'https://user:pass@service.example.jp/hooks', 'webhook_url_not_allowed'],
  ])('refuses %s with a 400 that names the url field', async (_label, url, code) => {
    const res = await subscribe('svc-bad', { url, types: ['consent.withdrawn'] });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = res.json<Problem>();
    expect(problem.code).toBe(code);
    expect(problem.errors).toContainEqual(expect.objectContaining({ in: 'body', field: '/url' }));
  });

  it('refuses an unknown event type with a 400 that names it', async () => {
    const res = await subscribe('svc-bad', { url: 'https://service.example.jp/hooks', types: ['consent.withdrawn', 'registry.person.teleported'] });
    expect(res.statusCode).toBe(400);
    expect(res.json<Problem>()).toMatchObject({ code: 'validation_failed', errors: [expect.objectContaining({ in: 'body', field: '/types/1' })] });
  });

  it('refuses no event types, repeated ones, and unknown fields', async () => {
    for (const payload of [
      { url: 'https://service.example.jp/hooks', types: [] },
      { url: 'https://service.example.jp/hooks', types: ['disaster.alert', 'disaster.alert'] },
      { url: 'https://service.example.jp/hooks', types: ['disaster.alert'], secret: 'mine' },
    ]) {
      expect((await subscribe('svc-bad', payload)).statusCode).toBe(400);
    }
    const list = await app.http.inject({ method: 'GET', url: '/api/events/subscriptions', headers: asService('svc-bad') });
    expect(list.json()).toEqual({ items: [] });
  });

  it('stops at the limit of subscriptions per service', async () => {
    for (let i = 0; i < 25; i++) await subscribed('svc-greedy', `/greedy-${i}`);
    const res = await subscribe('svc-greedy', { url: `${receiver.url}/one-too-many`, types: ['disaster.alert'] });
    expect(res.statusCode).toBe(409);
    expect(res.json<Problem>().code).toBe('subscription_limit_reached');
  });
});

describe("another service's subscription", () => {
  it('is not found, whatever one tries with it', async () => {
    const theirs = await subscribed('svc-owner', '/owner');
    const intruder = asService('svc-intruder');
    for (const [method, url] of [
      ['GET', `/api/events/subscriptions/${theirs.id}`],
      ['DELETE', `/api/events/subscriptions/${theirs.id}`],
      ['POST', `/api/events/subscriptions/${theirs.id}/rotate-secret`],
    ] as const) {
      const res = await app.http.inject({ method, url, headers: intruder });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.json<Problem>().code).toBe('subscription_not_found');
    }
    const list = await app.http.inject({ method: 'GET', url: '/api/events/subscriptions', headers: intruder });
    expect(list.json()).toEqual({ items: [] });
    expect(
      (await app.http.inject({ method: 'GET', url: `/api/events/subscriptions/${theirs.id}`, headers: asService('svc-owner') })).statusCode,
    ).toBe(200);
  });

  it('and its deliveries are not found either, but the operator sees them', async () => {
    await subscribed('svc-private', '/private');
    await withTransaction(app.database.db, (tx) =>
      publishEvent(tx, {
        type: 'consent.withdrawn',
        subject: 's',
        audience: 'svc-private',
        data: { consentId: 'c', clientId: 'svc-private', categories: [], version: 1 },
      }),
    );
    await testWorker(app, clock).runOnce();
    const all = await app.http.inject({ method: 'GET', url: '/api/events/admin/deliveries?clientId=svc-private', headers: operator });
    const [delivery] = all.json<{ items: { id: string }[] }>().items;
    expect(delivery).toBeDefined();
    const stranger = await app.http.inject({
      method: 'GET',
      url: `/api/events/deliveries/${delivery?.id ?? ''}`,
      headers: asService('svc-intruder'),
    });
    expect(stranger.statusCode).toBe(404);
    expect(stranger.json<Problem>().code).toBe('delivery_not_found');
    const detail = await app.http.inject({ method: 'GET', url: `/api/events/admin/deliveries/${delivery?.id ?? ''}`, headers: operator });
    expect(detail.json()).toMatchObject({ status: 'delivered', attemptLog: [{ attempt: 1, outcome: 'succeeded', statusCode: 204 }] });
  });
});

describe('unsubscribing', () => {
  it('removes the subscription for good', async () => {
    const mine = await subscribed('svc-quit', '/quit');
    const url = `/api/events/subscriptions/${mine.id}`;
    const res = await app.http.inject({ method: 'DELETE', url, headers: asService('svc-quit') });
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    expect((await app.http.inject({ method: 'GET', url, headers: asService('svc-quit') })).statusCode).toBe(404);
    expect((await app.http.inject({ method: 'DELETE', url, headers: asService('svc-quit') })).statusCode).toBe(404);
  });
});

describe('rotating the signing secret', () => {
  const withdraw = (clientId: string) =>
    withTransaction(app.database.db, (tx) =>
      publishEvent(tx, {
        type: 'consent.withdrawn',
        subject: 's',
        audience: clientId,
        data: { consentId: 'c', clientId, categories: [], version: 3 },
      }),
    );
  const lastSignature = (path: string) => {
    const webhook = receiver.at(path).at(-1);
    return { header: String(webhook?.headers['tsunagu-signature']), body: webhook?.body ?? '' };
  };

  it('signs with the new secret and, for the overlap, with the old one too', async () => {
    const old = await subscribed('svc-rotate', '/rotate');
    const res = await app.http.inject({ method: 'POST', url: `/api/events/subscriptions/${old.id}/rotate-secret`, headers: asService('svc-rotate') });
    expect(res.statusCode).toBe(200);
    const rotated = res.json<{ secret: string; previousSecretExpiresAt: string }>();
    expect(rotated.secret).not.toBe(old.secret);
    expect(rotated.previousSecretExpiresAt).toBe(new Date(clock.now().getTime() + 86_400_000).toISOString());

    await withdraw('svc-rotate');
    await testWorker(app, clock).runOnce();
    const during = lastSignature('/rotate');
    expect(verifyWebhookSignature(rotated.secret, during.header, during.body, clock.now()).valid).toBe(true);
    expect(verifyWebhookSignature(old.secret, during.header, during.body, clock.now()).valid).toBe(true);

    clock.advance(86_400_000);
    await withdraw('svc-rotate');
    await testWorker(app, clock).runOnce();
    const after = lastSignature('/rotate');
    expect(verifyWebhookSignature(rotated.secret, after.header, after.body, clock.now()).valid).toBe(true);
    expect(verifyWebhookSignature(old.secret, after.header, after.body, clock.now()).valid).toBe(false);
  });

  it('with no overlap revokes the old secret at once', async () => {
    const old = await subscribed('svc-leaked', '/leaked');
    const res = await app.http.inject({
      method: 'POST',
      url: `/api/events/subscriptions/${old.id}/rotate-secret?overlapSeconds=0`,
      headers: asService('svc-leaked'),
    });
    await withdraw('svc-leaked');
    await testWorker(app, clock).runOnce();
    const signed = lastSignature('/leaked');
    expect(verifyWebhookSignature(res.json<{ secret: string }>().secret, signed.header, signed.body, clock.now()).valid).toBe(true);
    expect(verifyWebhookSignature(old.secret, signed.header, signed.body, clock.now()).valid).toBe(false);
  });
});

describe('who may call', () => {
  const serviceRoutes = [
    ['POST', '/api/events/subscriptions'],
    ['GET', '/api/events/subscriptions'],
    ['GET', '/api/events/deliveries?status=failed'],
    ['POST', '/api/events/deliveries/0190a1b2-0000-7000-8000-000000000001/replay'],
  ] as const;

  it('refuses a caller without a token with 401', async () => {
    for (const [method, url] of serviceRoutes) {
      const res = await app.http.inject({ method, url });
      expect(res.statusCode, `${method} ${url}`).toBe(401);
      expect(res.json<Problem>().code).toBe('unauthorized');
    }
    expect((await app.http.inject({ method: 'GET', url: '/api/events/admin/deliveries' })).statusCode).toBe(401);
  });

  it('keeps the service routes for services and the admin routes for the operator (403 otherwise)', async () => {
    for (const [method, url] of serviceRoutes) {
      expect((await app.http.inject({ method, url, headers: operator })).statusCode, `${method} ${url}`).toBe(403);
    }
    for (const url of ['/api/events/admin/deliveries', '/api/events/admin/subscriptions']) {
      expect((await app.http.inject({ method: 'GET', url, headers: asService('svc-health') })).statusCode, url).toBe(403);
    }
    const all = await app.http.inject({ method: 'GET', url: '/api/events/admin/subscriptions', headers: operator });
    expect(all.json<{ items: { clientId: string }[] }>().items.map((s) => s.clientId)).toContain('svc-health');
  });
});

describe('every events route', () => {
  it('declares who may call it, has a summary and responses, and is in the OpenAPI document', async () => {
    // The catalog publishes /api/events/openapi.json; the rest are the module's own.
    const routes = app.routes.filter((route) => route.url.startsWith('/api/events/') && route.url !== '/api/events/openapi.json');
    expect(routes.length).toBeGreaterThanOrEqual(12);
    const doc = (await app.http.inject({ method: 'GET', url: '/openapi.json' })).json<{ paths: Record<string, Record<string, unknown>> }>();
    for (const route of routes.filter((r) => r.method !== 'HEAD')) {
      expect(route.config?.access, route.url).toMatch(/^(service|operator)$/);
      expect(route.schema?.summary, route.url).toBeTruthy();
      expect(route.schema?.response, route.url).toBeTruthy();
      expect(doc.paths[route.url.replace(/:(\w+)/g, '{$1}')]?.[String(route.method).toLowerCase()], route.url).toBeDefined();
    }
  });
});
