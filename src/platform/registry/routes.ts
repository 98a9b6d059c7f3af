import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { problemResponses } from '@lib/http/schemas.ts';
import { DistrictListQuery, NewDistrict, type DistrictBody, type MunicipalityBody } from './schemas.ts';
import type { RegistryService } from './service.ts';
import type { DistrictRow, MunicipalityRow } from './repository.ts';
import { residentRoutes } from './resident-routes.ts';

const presentMunicipality = (row: MunicipalityRow): MunicipalityBody => ({
  code: row.code,
  prefecture: { ja: row.prefecture_ja, en: row.prefecture_en },
  name: { ja: row.name_ja, en: row.name_en },
  nameKana: row.name_kana,
});

const presentDistrict = (row: DistrictRow): DistrictBody => ({ id: row.id, name: row.name, nameKana: row.name_kana });

/** HTTP routes of the registry, mounted under /api/registry. */
export function registryRoutes(service: RegistryService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/municipality',
      {
        config: { access: 'public' },
        schema: {
          summary: 'The municipality this installation serves',
          description: 'Name, reading and local government code of the city.',
          response: { 200: Type.Ref('Municipality'), ...problemResponses(404) },
        },
      },
      async () => presentMunicipality(await service.municipality()),
    );

    app.get(
      '/districts',
      {
        config: { access: 'public' },
        schema: {
          summary: 'Towns (町名) of the municipality',
          description: 'Ordered by reading. Filter by the start of the name or its hiragana reading.',
          querystring: DistrictListQuery,
          response: { 200: Type.Ref('DistrictPage'), ...problemResponses(400, 404) },
        },
      },
      async (request) => {
        const page = await service.districts(request.query);
        return { items: page.rows.map(presentDistrict), total: page.total, limit: page.limit, offset: page.offset };
      },
    );

    app.post(
      '/districts',
      {
        config: { access: 'operator' },
        schema: {
          summary: 'Add a town (町名)',
          description: 'Operators add a district when the city creates one (e.g. after a 住居表示 change).',
          security: [{ operatorToken: [] }],
          body: NewDistrict,
          response: { 201: Type.Ref('District'), ...problemResponses(400, 401, 403, 404, 409, 413, 415) },
        },
      },
      async (request, reply) => {
        const row = await service.addDistrict(request.body);
        return reply.status(201).header('location', `/api/registry/districts/${row.id}`).send(presentDistrict(row));
      },
    );

    await app.register(residentRoutes(service));
  };
}
