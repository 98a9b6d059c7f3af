import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR_TOKEN, startTestApp, type TestApp } from '../support/app.ts';

let app: TestApp;
const auth = { authorization: `Bearer ${OPERATOR_TOKEN}` };

beforeAll(async () => {
  app = await startTestApp({ BODY_LIMIT_BYTES: '2048' });
});
afterAll(async () => {
  await app.stop();
});

async function districtCount(): Promise<number> {
  const res = await app.http.inject({ method: 'GET', url: '/api/registry/districts?limit=1' });
  return res.json<{ total: number }>().total;
}

function post(payload: string, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  return app.http.inject({ method: 'POST', url: '/api/registry/districts', headers: { ...auth, ...headers }, payload });
}

function expectProblem(res: Awaited<ReturnType<typeof post>>, status: number, code: string) {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json<{ status: number; code: string; title: string; type: string; instance: string }>();
  expect(body.status).toBe(status);
  expect(body.code).toBe(code);
  expect(body.title).not.toBe('');
  expect(body.type).toContain(`/problems/${code}`);
  return body;
}

describe('bad input', () => {
  it('answers malformed JSON with 400 malformed_json and adds nothing', async () => {
    const before = await districtCount();
    expectProblem(await post('{"name": "新町", "nameKana": '), 400, 'malformed_json');
    expect(await districtCount()).toBe(before);
  });

  it('answers a body in the wrong content type with 415', async () => {
    const body = expectProblem(await post('name=新町', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'unsupported_media_type');
    expect(JSON.stringify(body)).toContain('application/json');
  });

  it('answers an oversized body with 413 and adds nothing', async () => {
    const before = await districtCount();
    expectProblem(await post(JSON.stringify({ name: '新町', nameKana: 'し'.repeat(3000) })), 413, 'payload_too_large');
    expect(await districtCount()).toBe(before);
  });

  it('names an unknown field instead of silently dropping it', async () => {
    const body = expectProblem(
      await post(JSON.stringify({ name: '新町', nameKana: 'しんまち', mayor: '誰か' })),
      400,
      'validation_failed',
    ) as unknown as {
      errors: { in: string; field: string; message: string }[];
    };
    expect(body.errors).toContainEqual({ in: 'body', field: '/mayor', message: 'unknown field "mayor"' });
  });

  it('names a missing field', async () => {
    const body = expectProblem(await post(JSON.stringify({ name: '新町' })), 400, 'validation_failed') as unknown as { errors: { field: string }[] };
    expect(body.errors.map((e) => e.field)).toContain('/nameKana');
  });

  it('refuses a reading that is not hiragana', async () => {
    const body = expectProblem(await post(JSON.stringify({ name: '新町', nameKana: 'シンマチ' })), 400, 'validation_failed') as unknown as {
      errors: { field: string }[];
    };
    expect(body.errors.map((e) => e.field)).toContain('/nameKana');
  });

  it('answers an empty JSON body with 400', async () => {
    const res = await post('');
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('names a query value that is not a number', async () => {
    const res = await app.http.inject({ method: 'GET', url: '/api/registry/districts?limit=lots' });
    const body = expectProblem(res, 400, 'validation_failed') as unknown as { errors: { in: string; field: string }[] };
    expect(body.errors[0]).toMatchObject({ in: 'query', field: '/limit' });
  });

  it('names a query value out of range', async () => {
    const res = await app.http.inject({ method: 'GET', url: '/api/registry/districts?limit=100000' });
    const body = expectProblem(res, 400, 'validation_failed') as unknown as { detail: string };
    expect(body.detail).toContain('/limit');
  });

  it('names an unknown query parameter', async () => {
    const res = await app.http.inject({ method: 'GET', url: '/api/registry/districts?sort=name' });
    const body = expectProblem(res, 400, 'validation_failed') as unknown as { errors: { field: string }[] };
    expect(body.errors[0]?.field).toBe('/sort');
  });

  it('still accepts a good request after all that', async () => {
    const before = await districtCount();
    const res = await post(JSON.stringify({ name: '新しい町', nameKana: 'あたらしいまち' }));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ name: '新しい町', nameKana: 'あたらしいまち' });
    expect(await districtCount()).toBe(before + 1);
  });
});
