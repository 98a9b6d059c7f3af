import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { acceptCsvOnly } from '@lib/http/csv-body.ts';
import { problemResponses } from '@lib/http/schemas.ts';
import { RegistryError } from './errors.ts';
import { ImportQuery, PersonListQuery, PersonParams } from './resident-schemas.ts';
import type { RegistryService } from './service.ts';

/** Operator routes for residents: search, one person's record, and CSV import. */
export function residentRoutes(service: RegistryService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/persons',
      {
        config: { access: 'operator' },
        schema: {
          summary: 'Search residents',
          description: 'By name, reading (hiragana or katakana, with or without the space) or 住民票コード; optionally in one town (町名) or status.',
          security: [{ operatorToken: [] }],
          querystring: PersonListQuery,
          response: { 200: Type.Ref('RegistryPersonPage'), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => service.searchPersons(request.query),
    );

    app.get(
      '/persons/:id',
      {
        config: { access: 'operator' },
        schema: {
          summary: 'One resident’s record',
          description: 'Basic four items, contact, support-needed status, household with 続柄, relatives elsewhere, and every recorded change.',
          security: [{ operatorToken: [] }],
          params: PersonParams,
          response: { 200: Type.Ref('RegistryPersonRecord'), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => service.personRecord(request.params.id),
    );

    await app.register(importRoutes(service));
  };
}

/** POST /imports in a scope of its own that parses text/csv only. */
function importRoutes(service: RegistryService): FastifyPluginAsyncTypebox {
  return async (csv) => {
    acceptCsvOnly(csv, (problem) => RegistryError.importRejected([{ row: 0, column: null, ...problem }]));

    csv.post(
      '/imports',
      {
        config: { access: 'operator' },
        schema: {
          summary: 'Import residents from CSV',
          description:
            'The registry CSV (docs/registry.md) with a header row, in UTF-8 or Shift_JIS (Windows-31J; a `charset` in Content-Type decides, otherwise whichever reads). All rows or none: any bad row and nothing is written, and the 422 problem lists every bad row as `/<row>/<column>`. Importing the same file again changes nothing.',
          security: [{ operatorToken: [] }],
          querystring: ImportQuery,
          body: { content: { 'text/csv': { schema: Type.String({ minLength: 1, description: 'The CSV file' }) } } },
          response: {
            201: { description: 'Imported', content: { 'application/json': { schema: Type.Ref('RegistryImportReport') } } },
            200: { description: 'Dry run: what the import would do', content: { 'application/json': { schema: Type.Ref('RegistryImportReport') } } },
            ...problemResponses(400, 401, 403, 404, 413, 415, 422),
          },
        },
      },
      async (request, reply) => {
        const { effectiveDate, dryRun } = request.query;
        // This scope parses only text/csv, into a string the body schema checked; a content-keyed schema leaves it typed unknown.
        const report = await service.importCsv(request.body as string, { ...(effectiveDate ? { effectiveDate } : {}), dryRun });
        if (report.errors.length > 0) throw RegistryError.importRejected(report.errors);
        return reply.status(dryRun ? 200 : 201).send(report);
      },
    );
  };
}
