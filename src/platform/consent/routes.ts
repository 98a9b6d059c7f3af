import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { problemResponses } from '@lib/http/schemas.ts';
import type { Platform } from '../core.ts';
import { ownAccount } from '../identity/routes.ts';
import { DATA_CATEGORIES, categoryLabel, isDataCategory, type DataCategory } from './categories.ts';
import { ConsentError } from './errors.ts';
import type { ConsentRow } from './repository.ts';

const L = () => Type.Object({ ja: Type.String(), en: Type.String() });
const Consent = Type.Object(
  {
    consentId: Type.String({ format: 'uuid' }),
    clientId: Type.String(),
    service: Type.Object({ name: Type.String(), company: Type.String() }),
    status: Type.Union([Type.Literal('active'), Type.Literal('withdrawn')]),
    version: Type.Integer(),
    categories: Type.Array(Type.Object({ category: Type.String(), label: L() })),
    purposes: Type.Array(L()),
    since: Type.String({ format: 'date-time', description: 'When the citizen first opted in to this service' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'Consent' },
);
const ClientParam = Type.Object({ clientId: Type.String({ maxLength: 80 }) });

const present = (row: ConsentRow, since: Date) => ({
  consentId: row.id,
  clientId: row.client_id,
  service: { name: row.service_name, company: row.company },
  status: row.status,
  version: row.version,
  categories: row.status === 'active' ? row.categories.map((c) => ({ category: c, label: categoryLabel(c) })) : [],
  purposes: row.purposes,
  since: since.toISOString(),
  updatedAt: row.recorded_at.toISOString(),
});

/** The citizen's opt-ins (マイデータ): list, history, withdraw, signed receipts. */
export function consentRoutes(platform: () => Promise<Platform>): FastifyPluginAsyncTypebox {
  return async (app) => {
    const { ledger } = await platform();

    app.get(
      '/categories',
      {
        config: { access: 'public' },
        schema: {
          summary: 'Data categories',
          description: 'Every category a service can ask for, with whether services read or write it.',
          response: {
            200: Type.Object({
              categories: Type.Array(Type.Object({ id: Type.String(), ja: Type.String(), en: Type.String(), direction: Type.String() })),
            }),
          },
        },
      },
      async () => ({ categories: DATA_CATEGORIES.map(({ id, ja, en, direction }) => ({ id, ja, en, direction })) }),
    );

    app.get(
      '/mine',
      {
        config: { access: 'citizen' },
        schema: {
          summary: 'My opt-ins',
          description: 'Every service the citizen opted in to, latest version first.',
          response: { 200: Type.Object({ consents: Type.Array(Type.Ref('Consent')) }), ...problemResponses(401) },
        },
      },
      async (request) => {
        const accountId = ownAccount(request);
        const rows = await ledger.current(accountId);
        const consents = [];
        for (const row of rows) {
          const history = await ledger.history(accountId, row.client_id);
          consents.push(present(row, history[history.length - 1]?.recorded_at ?? row.recorded_at));
        }
        return { consents };
      },
    );

    app.get(
      '/mine/:clientId/history',
      {
        config: { access: 'citizen' },
        schema: {
          summary: 'Every version of one opt-in',
          params: ClientParam,
          response: { 200: Type.Object({ versions: Type.Array(Type.Ref('Consent')) }), ...problemResponses(401, 404) },
        },
      },
      async (request) => {
        const history = await ledger.history(ownAccount(request), request.params.clientId);
        if (history.length === 0) throw new ConsentError('consent_not_found');
        const first = history[history.length - 1]?.recorded_at ?? new Date();
        return { versions: history.map((row) => present(row, first)) };
      },
    );

    app.post(
      '/mine/:clientId/withdraw',
      {
        config: { access: 'citizen' },
        schema: {
          summary: 'Withdraw an opt-in, or some of its categories',
          description: 'Takes effect on the very next API call. Without categories, withdraws the whole service and revokes its tokens.',
          params: ClientParam,
          body: Type.Object(
            { categories: Type.Optional(Type.Array(Type.String(), { minItems: 1, maxItems: 20, uniqueItems: true })) },
            { additionalProperties: false },
          ),
          response: { 200: Type.Ref('Consent'), ...problemResponses(400, 401, 404, 409, 422) },
        },
      },
      async (request) => {
        const accountId = ownAccount(request);
        const wanted = request.body.categories;
        const bad = (wanted ?? []).filter((c) => !isDataCategory(c));
        if (bad.length > 0) throw new ConsentError('category_not_requested', `Unknown: ${bad.join(', ')}.`);
        const row = await ledger.withdraw(accountId, request.params.clientId, wanted ? (wanted as DataCategory[]) : 'all');
        const history = await ledger.history(accountId, request.params.clientId);
        return present(row, history[history.length - 1]?.recorded_at ?? row.recorded_at);
      },
    );

    app.get(
      '/receipts/:consentId',
      {
        config: { access: 'citizen' },
        schema: {
          summary: 'Signed consent receipt',
          description: 'Kantara Consent Receipt v1.1 fields, and the same as a compact JWS (ES256) verifiable with the keys at /oidc/jwks.',
          params: Type.Object({ consentId: Type.String({ format: 'uuid' }) }),
          response: {
            200: Type.Object({ receipt: Type.Object({}, { additionalProperties: true }), jws: Type.String() }),
            ...problemResponses(401, 404),
          },
        },
      },
      async (request) => ledger.receipt(ownAccount(request), request.params.consentId),
    );
  };
}

export const consentSchemas = [Consent];
