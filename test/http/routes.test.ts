import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ SEED_DEMO: 'false' });
});
afterAll(async () => {
  await app.stop();
});

type Schema = { hide?: boolean; summary?: string; response?: Record<string, unknown> };
const label = (route: { method: string | string[]; url: string }) => `${String(route.method)} ${route.url}`;

describe('every route', () => {
  it('declares who may call it', () => {
    const undeclared = app.routes.filter((route) => !route.config?.access).map(label);
    expect(app.routes.length).toBeGreaterThan(5);
    expect(undeclared).toEqual([]);
  });

  it('outside the static files and the reference UI, has a schema with a summary and responses', () => {
    const published = app.routes.filter((route) => !(route.schema as Schema | undefined)?.hide);
    const missing = published.filter((route) => {
      const schema = route.schema as Schema | undefined;
      return !schema?.summary || !schema.response;
    });
    expect(published.length).toBeGreaterThan(5);
    expect(missing.map(label)).toEqual([]);
  });

  it('that has a schema appears in the OpenAPI document', async () => {
    const doc = (await app.http.inject({ method: 'GET', url: '/openapi.json' })).json<{ paths: Record<string, Record<string, unknown>> }>();
    const published = app.routes.filter((route) => !(route.schema as Schema | undefined)?.hide && route.method !== 'HEAD');
    const absent = published.filter((route) => {
      const path = route.url.replace(/:(\w+)/g, '{$1}');
      const methods = [route.method].flat().map((m) => m.toLowerCase());
      return methods.some((m) => !doc.paths[path]?.[m]);
    });
    expect(absent.map(label)).toEqual([]);
  });
});
