import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR_TOKEN, startTestApp, type TestApp } from '../support/app.ts';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.stop();
});

describe('every response', () => {
  it('carries a request id, keeping a well-formed one the caller sent', async () => {
    const fresh = await app.http.inject({ method: 'GET', url: '/healthz' });
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const traced = await app.http.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'trace-from-gateway-42' } });
    expect(traced.headers['x-request-id']).toBe('trace-from-gateway-42');
    const forged = await app.http.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'bad id\u0000<script>' } });
    expect(forged.headers['x-request-id']).not.toContain('script');
  });

  it('carries security headers', async () => {
    const res = await app.http.inject({ method: 'GET', url: '/api/registry/municipality' });
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });
});

describe('health and readiness', () => {
  it('says alive and ready while the database answers', async () => {
    expect((await app.http.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await app.http.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({ status: 'ok' });
  });
});

describe('not found', () => {
  it('answers an unknown API path with a 404 problem', async () => {
    const res = await app.http.inject({ method: 'GET', url: '/api/registry/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 404, code: 'not_found', instance: '/api/registry/nothing-here' });
  });
});

describe('operator endpoints', () => {
  const body = JSON.stringify({ name: '試験町', nameKana: 'しけんまち' });
  const post = (headers: Record<string, string>) =>
    app.http.inject({ method: 'POST', url: '/api/registry/districts', headers: { 'content-type': 'application/json', ...headers }, payload: body });

  it('refuses a caller without a token, saying how to authenticate', async () => {
    const res = await post({});
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toContain('Bearer');
    expect(res.json()).toMatchObject({ code: 'unauthorized' });
  });

  it('refuses a wrong token', async () => {
    const res = await post({ authorization: 'Bearer not-the-operator-token-at-all-000000' });
    expect(res.statusCode).toBe(401);
  });

  it('accepts the operator token once, then answers the same district with 409', async () => {
    const first = await post({ authorization: `Bearer ${OPERATOR_TOKEN}` });
    expect(first.statusCode).toBe(201);
    expect(first.headers.location).toMatch(/^\/api\/registry\/districts\//);
    const again = await post({ authorization: `Bearer ${OPERATOR_TOKEN}` });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'district_exists' });
  });
});

describe('metrics', () => {
  it('counts requests per route template, not per raw URL', async () => {
    await app.http.inject({ method: 'GET', url: '/api/registry/districts?limit=2' });
    const res = await app.http.inject({ method: 'GET', url: '/metrics' });
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).toMatch(/tsunagu_http_requests_total\{method="GET",route="\/api\/registry\/districts",status_code="200"\} \d+/);
    expect(res.body).toContain('tsunagu_http_request_duration_seconds_bucket');
    expect(res.body).not.toContain('limit=2');
  });
});

describe('rate limiting', () => {
  it('answers 429 as a problem once a client passes the limit', async () => {
    const limited = await startTestApp({ RATE_LIMIT_PER_MINUTE: '3', SEED_DEMO: 'false' });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 4; i++) codes.push((await limited.http.inject({ method: 'GET', url: '/api/catalog/modules' })).statusCode);
      expect(codes).toEqual([200, 200, 200, 429]);
      const res = await limited.http.inject({ method: 'GET', url: '/api/catalog/modules' });
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({ status: 429, code: 'rate_limited' });
      expect((await limited.http.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    } finally {
      await limited.stop();
    }
  });
});

describe('when the database is gone', () => {
  it('says not ready, and answers API calls with a generic 500 that leaks nothing', async () => {
    const broken = await startTestApp();
    try {
      await broken.testDatabase.database.close();
      const ready = await broken.http.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toMatchObject({ code: 'database_unavailable' });
      const res = await broken.http.inject({ method: 'GET', url: '/api/registry/municipality' });
      expect(res.statusCode).toBe(500);
      const body = res.json<{ code: string; detail: string }>();
      expect(body.code).toBe('internal_error');
      expect(body.detail).toContain(res.headers['x-request-id']);
      expect(res.body).not.toMatch(/select|registry\.|pglite|postgres|stack|at .*\.ts/i);
    } finally {
      // The app's database is closed already; stop() closes the rest and drops the test database.
      await broken.stop();
    }
  });
});
