import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { acceptCsvOnly } from '@lib/http/csv-body.ts';
import { problemResponses } from '@lib/http/schemas.ts';
import { userOf } from '@lib/service-kit/index.ts';
import type { Disaster } from './container.ts';
import { DisasterError } from './errors.ts';
import { CROWDING, HAZARDS } from './hazards.ts';
import { presentShelter } from './present.ts';

const IdParam = Type.Object({ id: Type.String({ format: 'uuid' }) });

/** Shelter data: open reads, the operator's GSI import, the staff's additions. */
export function shelterRoutes(services: () => Disaster): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/hazards',
      {
        config: { access: 'public' },
        schema: {
          summary: 'Hazard types and crowding levels',
          description: 'The eight hazards of the GSI files and the four crowding levels, with Japanese and English labels.',
          response: {
            200: Type.Object({
              hazards: Type.Array(Type.Object({ id: Type.String(), ja: Type.String(), en: Type.String() })),
              crowding: Type.Array(
                Type.Object({ id: Type.String(), ja: Type.String(), en: Type.String(), belowPercent: Type.Union([Type.Integer(), Type.Null()]) }),
              ),
            }),
          },
        },
      },
      async () => ({
        hazards: HAZARDS.map(({ id, ja, en }) => ({ id, ja, en })),
        crowding: CROWDING.map(({ id, ja, en, below }) => ({ id, ja, en, belowPercent: Number.isFinite(below) ? Math.round(below * 100) : null })),
      }),
    );

    app.get(
      '/shelters',
      {
        config: { access: 'public' },
        schema: {
          summary: 'Shelters and evacuation sites',
          description: 'Every imported site (open data), by municipality and GSI number.',
          querystring: Type.Object({
            municipality: Type.Optional(Type.String({ maxLength: 100, examples: ['福島県会津若松市'] })),
            limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
            offset: Type.Integer({ minimum: 0, default: 0 }),
          }),
          response: { 200: Type.Object({ total: Type.Integer(), shelters: Type.Array(Type.Ref('DisasterShelter')) }), ...problemResponses(400) },
        },
      },
      async (request) => {
        const { rows, total } = await services().shelters.list(request.query);
        return { total, shelters: rows.map(presentShelter) };
      },
    );

    app.get(
      '/shelters/:id',
      {
        config: { access: 'public' },
        schema: { summary: 'One shelter', params: IdParam, response: { 200: Type.Ref('DisasterShelter'), ...problemResponses(400, 404) } },
      },
      async (request) => presentShelter(await services().shelters.get(request.params.id)),
    );

    app.patch(
      '/shelters/:id',
      {
        config: { access: 'user' },
        schema: {
          summary: 'Add what the national file lacks (staff)',
          description: 'Capacity, step-free access, welfare shelter, contact. A later import of the GSI file leaves them as they are.',
          params: IdParam,
          body: Type.Object(
            {
              capacity: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 100000 }), Type.Null()])),
              stepFree: Type.Optional(Type.Boolean()),
              welfare: Type.Optional(Type.Union([Type.Boolean(), Type.Null()], { description: 'null: as the file says (受入対象者)' })),
              contact: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
            },
            { additionalProperties: false, minProperties: 1 },
          ),
          response: { 200: Type.Ref('DisasterShelter'), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const { subject } = userOf(request);
        await services().events.requireRole(subject, 'staff');
        return presentShelter(await services().shelters.updateStaffFields(request.params.id, request.body));
      },
    );

    await app.register(importRoutes(services));
  };
}

/** POST /shelters/imports in a scope of its own that parses text/csv only. */
function importRoutes(services: () => Disaster): FastifyPluginAsyncTypebox {
  return async (csv) => {
    acceptCsvOnly(
      csv,
      (problem) =>
        new DisasterError('invalid_shelter_file', 'The file could not be read; nothing was imported.', [
          { in: 'body', field: '/1/', message: `${problem.message} / ${problem.messageJa}` },
        ]),
    );
    const schema = (who: string) => ({
      description: `国土地理院「指定緊急避難場所・指定避難所データ」CSV of any municipality, either kind (told by its header), in UTF-8 or Shift_JIS (a \`charset\` in Content-Type decides, otherwise whichever reads). All rows or none: the 422 problem lists every bad row as \`/<line>/<column>\`. Keyed by 共通ID: importing the same file again changes nothing; staff additions survive. ${who}`,
      body: { content: { 'text/csv': { schema: Type.String({ minLength: 1, description: 'The CSV file' }) } } },
      response: {
        200: { description: 'Imported', content: { 'application/json': { schema: Type.Ref('DisasterImportReport') } } },
        ...problemResponses(400, 401, 403, 413, 415, 422),
      },
    });
    const importFile = async (body: unknown) => {
      // This scope parses only text/csv, into a string the body schema checked.
      const report = await services().shelters.importFile(body as string);
      if (report.errors.length > 0) {
        throw new DisasterError(
          'invalid_shelter_file',
          `${report.errors.length} problem(s); nothing was imported.`,
          report.errors.map((e) => ({
            in: 'body',
            field: `/${e.line}/${e.column ?? ''}`,
            message: `${e.message} / ${e.messageJa}${e.value !== undefined ? ` (${e.value})` : ''}`,
          })),
        );
      }
      const { errors: _none, ...counts } = report;
      return counts;
    };
    csv.post(
      '/shelters/imports',
      {
        config: { access: 'operator' },
        schema: {
          summary: 'Import a GSI shelter or evacuation-site file (operator)',
          security: [{ operatorToken: [] }],
          ...schema('The operator’s route (also `tsunagu disaster import-shelters FILE`).'),
        },
      },
      async (request) => importFile(request.body),
    );
    csv.post(
      '/shelters/imports/staff',
      {
        config: { access: 'user' },
        schema: {
          summary: 'Import a GSI shelter or evacuation-site file (disaster staff)',
          ...schema('The same import for disaster staff signed in to the service (the staff page’s file picker).'),
        },
      },
      async (request) => {
        await services().events.requireRole(userOf(request).subject, 'staff');
        return importFile(request.body);
      },
    );
  };
}
