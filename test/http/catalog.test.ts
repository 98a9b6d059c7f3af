import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ BASE_URL: 'https://city.example.jp' });
});
afterAll(async () => {
  await app.stop();
});

type Link = { href: string; type?: string };
type Linkset = { linkset: ({ anchor: string } & Record<string, Link[] | string>)[] };

describe('API catalog', () => {
  it('is an RFC 9727 linkset listing each module with its OpenAPI document', async () => {
    const res = await app.http.inject({ method: 'GET', url: '/.well-known/api-catalog' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/linkset\+json; profile="https:\/\/www\.rfc-editor\.org\/info\/rfc9727"/);
    const { linkset } = res.json<Linkset>();
    const catalog = linkset.find((entry) => entry.anchor === 'https://city.example.jp/.well-known/api-catalog');
    expect(catalog?.item).toContainEqual(expect.objectContaining({ href: 'https://city.example.jp/api/registry' }));
    const registry = linkset.find((entry) => entry.anchor === 'https://city.example.jp/api/registry');
    expect(registry?.['service-desc']).toEqual([
      expect.objectContaining({ href: 'https://city.example.jp/api/registry/openapi.json', type: expect.stringContaining('openapi') }),
    ]);
    expect(registry?.['service-doc']).toBeDefined();
    const oidc = linkset.find((entry) => entry.anchor === 'https://city.example.jp/oidc');
    expect(oidc?.['service-meta']).toEqual([expect.objectContaining({ href: 'https://city.example.jp/oidc/.well-known/openid-configuration' })]);
  });

  it('lists every registered service with its directory entry', async () => {
    const { linkset } = (await app.http.inject({ method: 'GET', url: '/.well-known/api-catalog' })).json<Linkset>();
    const demo = linkset.find((entry) => JSON.stringify(entry.describedby ?? '').includes('/api/identity/services/demo-service'));
    expect(demo?.describedby).toEqual([
      expect.objectContaining({ href: 'https://city.example.jp/api/identity/services/demo-service', type: 'application/json' }),
    ]);
  });

  it('answers HEAD with the api-catalog link relation and no body', async () => {
    const res = await app.http.inject({ method: 'HEAD', url: '/.well-known/api-catalog' });
    expect(res.statusCode).toBe(200);
    expect(res.headers.link).toBe('<https://city.example.jp/.well-known/api-catalog>; rel="api-catalog"');
    expect(res.body).toBe('');
  });

  it("serves each module's own OpenAPI 3.1 document with only its paths and the schemas they use", async () => {
    const doc = (await app.http.inject({ method: 'GET', url: '/api/registry/openapi.json' })).json<{
      openapi: string;
      servers: { url: string }[];
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    }>();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers[0]?.url).toBe('https://city.example.jp');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/registry/districts', '/api/registry/municipality']));
    expect(Object.keys(doc.paths).every((p) => p.startsWith('/api/registry/'))).toBe(true);
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['Municipality', 'District', 'DistrictPage', 'Localized', 'Problem']));
    expect(JSON.stringify(doc)).not.toContain('/healthz');
  });

  it("serves every module's document valid against the OpenAPI 3.1 schema, with every $ref resolving", async () => {
    const { modules } = (await app.http.inject({ method: 'GET', url: '/api/catalog/modules' })).json<{
      modules: { name: string; openapi: string }[];
    }>();
    expect(modules.map((m) => m.name)).toEqual(expect.arrayContaining(['registry', 'identity', 'consent', 'linkage', 'currency', 'disaster']));
    for (const module of modules) {
      const doc = (await app.http.inject({ method: 'GET', url: module.openapi })).json<Parameters<Validator['validate']>[0]>();
      const validator = new Validator();
      const result = await validator.validate(doc);
      expect({ module: module.name, errors: result.errors }).toEqual({ module: module.name, errors: undefined });
      expect(result.valid).toBe(true);
    }
  });

  it('documents the problem responses of a route', async () => {
    const doc = (await app.http.inject({ method: 'GET', url: '/api/registry/openapi.json' })).json<{
      paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>;
    }>();
    const responses = doc.paths['/api/registry/districts']?.post?.responses ?? {};
    expect(Object.keys(responses)).toEqual(expect.arrayContaining(['201', '400', '401', '409', '413', '415']));
    expect(responses['409']?.content).toHaveProperty(['application/problem+json']);
  });

  it('lists the modules for the web app', async () => {
    const body = (await app.http.inject({ method: 'GET', url: '/api/catalog/modules' })).json<{
      modules: { name: string; openapi: string; title: { ja: string } }[];
    }>();
    expect(body.modules).toContainEqual(
      expect.objectContaining({ name: 'registry', openapi: '/api/registry/openapi.json', title: expect.objectContaining({ ja: '住民基本台帳' }) }),
    );
  });

  it('offers an interactive API reference at /docs', async () => {
    const res = await app.http.inject({ method: 'GET', url: '/docs' });
    const page = res.statusCode === 302 ? await app.http.inject({ method: 'GET', url: String(res.headers.location) }) : res;
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('swagger');
  });
});
