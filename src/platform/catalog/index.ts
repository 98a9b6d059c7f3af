import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { LinksetEntry, TsunaguModule } from '@lib/module.ts';
import { moduleDocument, type OpenApiDocument } from './openapi.ts';

export const API_CATALOG_PROFILE = 'https://www.rfc-editor.org/info/rfc9727';
const LINKSET_TYPE = `application/linkset+json; profile="${API_CATALOG_PROFILE}"`;
const OPENAPI_TYPE = 'application/vnd.oai.openapi+json;version=3.1';

const ModuleEntry = Type.Object(
  {
    name: Type.String({ examples: ['registry'] }),
    kind: Type.Union([Type.Literal('platform'), Type.Literal('service')]),
    title: Type.Ref('Localized'),
    summary: Type.Ref('Localized'),
    available: Type.Boolean({ description: 'The module runs in this installation' }),
    portal: Type.Union([Type.String(), Type.Null()], { description: 'Path of its page in the web app, if any' }),
    openapi: Type.String({ description: 'Path of its OpenAPI 3.1 document' }),
  },
  { additionalProperties: false },
);

const Link = Type.Object({ href: Type.String(), type: Type.Optional(Type.String()), title: Type.Optional(Type.String()) });
const Linkset = Type.Object(
  { linkset: Type.Array(Type.Record(Type.String(), Type.Union([Type.String(), Type.Array(Link)]))) },
  { description: 'RFC 9264 linkset, profile RFC 9727' },
);

export type CatalogOptions = {
  modules: readonly TsunaguModule[];
  baseUrl: string;
  /** Entries modules add at request time (the OpenID Provider, registered services). */
  extraLinks: () => Promise<LinksetEntry[]>;
};

/**
 * The API catalog: `/.well-known/api-catalog` (RFC 9727), one OpenAPI 3.1 document per
 * module cut from the whole API's generated document, and the module list the web app shows.
 */
export function catalogRoutes(app: FastifyInstance, { modules, baseUrl, extraLinks }: CatalogOptions): void {
  const whole = () => app.swagger() as unknown as OpenApiDocument;
  const catalogUrl = `${baseUrl}/.well-known/api-catalog`;
  const config = { access: 'public' as const };
  const tags = ['catalog'];

  const linkset = async () => ({
    linkset: [
      { anchor: catalogUrl, item: modules.map((m) => ({ href: `${baseUrl}/api/${m.name}`, title: m.title.en })) },
      ...modules.map((m) => ({
        anchor: `${baseUrl}/api/${m.name}`,
        'service-desc': [{ href: `${baseUrl}/api/${m.name}/openapi.json`, type: OPENAPI_TYPE, title: `${m.title.en} OpenAPI` }],
        'service-doc': [{ href: `${baseUrl}/docs#/${m.name}`, type: 'text/html', title: `${m.title.ja} / ${m.title.en}` }],
        status: [{ href: `${baseUrl}/readyz`, type: 'application/json' }],
      })),
      ...(await extraLinks()),
      {
        anchor: baseUrl,
        'service-desc': [{ href: `${baseUrl}/openapi.json`, type: OPENAPI_TYPE, title: 'Tsunagu whole API' }],
        'service-doc': [{ href: `${baseUrl}/docs`, type: 'text/html', title: 'API reference' }],
      },
    ],
  });

  const catalogSchema = {
    summary: 'API catalog (RFC 9727)',
    description: 'A linkset listing every module API with its OpenAPI document, reference and status.',
    tags,
    response: { 200: { description: 'Linkset', content: { 'application/linkset+json': { schema: Linkset } } } },
  };
  app.get('/.well-known/api-catalog', { config, schema: catalogSchema }, async (_request, reply) =>
    reply
      .header('link', `<${catalogUrl}>; rel="api-catalog"`)
      .type(LINKSET_TYPE)
      .send(JSON.stringify(await linkset())),
  );

  app.get(
    '/api/catalog/modules',
    {
      config,
      schema: {
        summary: 'Modules of this installation',
        description: 'Platform parts and city services, with their titles, portals and OpenAPI documents.',
        tags,
        response: { 200: Type.Object({ modules: Type.Array(ModuleEntry) }, { additionalProperties: false }) },
      },
    },
    async () => ({
      modules: modules.map((m) => ({
        name: m.name,
        kind: m.kind,
        title: m.title,
        summary: m.summary,
        available: true,
        portal: m.portal,
        openapi: `/api/${m.name}/openapi.json`,
      })),
    }),
  );

  const openapiSchema = (summary: string) => ({
    summary,
    tags,
    response: {
      200: { description: 'OpenAPI 3.1 document', content: { 'application/json': { schema: Type.Object({}, { additionalProperties: true }) } } },
    },
  });
  app.get('/openapi.json', { config, schema: openapiSchema('OpenAPI document of the whole API') }, async () => whole());
  for (const m of modules) {
    app.get(`/api/${m.name}/openapi.json`, { config, schema: openapiSchema(`OpenAPI document of ${m.title.en}`) }, async () =>
      moduleDocument(whole(), m.name, `Tsunagu ${m.title.en} API (${m.title.ja})`, `${m.summary.en} / ${m.summary.ja}`),
    );
  }
}
