import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { problemResponses } from '@lib/http/schemas.ts';
import { userOf } from '@lib/service-kit/index.ts';
import type { Currency } from './currency.ts';
import { ledgerReads } from './ledger/index.ts';
import { presentBusiness, presentTransfer } from './present.ts';
import { Amount, IdempotencyHeaders } from './schemas.ts';

const Size = Type.Union([Type.Literal('small'), Type.Literal('large')]);

/** The city's set-up (operator) and its counter staff's charges. */
export function adminRoutes(currency: Currency): FastifyPluginAsyncTypebox {
  const { admin, core } = currency;
  return async (app) => {
    app.get(
      '/fields',
      {
        config: { access: 'public' },
        schema: { summary: 'Fields of use (分野)', response: { 200: Type.Object({ fields: Type.Array(Type.Ref('CurrencyField')) }) } },
      },
      async () => ({ fields: await admin.fields() }),
    );

    app.put(
      '/admin/fields/:id',
      {
        config: { access: 'operator' },
        schema: {
          summary: 'Define a field of use',
          params: Type.Object({ id: Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$' }) }),
          body: Type.Object(
            { ja: Type.String({ minLength: 1, maxLength: 40 }), en: Type.String({ minLength: 1, maxLength: 60 }) },
            { additionalProperties: false },
          ),
          response: { 204: Type.Null(), ...problemResponses(400, 401, 403) },
        },
      },
      async (request, reply) => {
        await admin.upsertField({ id: request.params.id, ...request.body });
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/admin/businesses',
      {
        config: { access: 'operator' },
        schema: {
          summary: 'Register a shop, business, school or organiser',
          body: Type.Object(
            {
              name: Type.String({ minLength: 1, maxLength: 80 }),
              kind: Type.Union([Type.Literal('shop'), Type.Literal('business'), Type.Literal('school'), Type.Literal('organiser')]),
              size: Size,
              field: Type.String({ maxLength: 40 }),
              bankAccount: Type.Optional(Type.String({ maxLength: 60 })),
              acceptsPoints: Type.Optional(Type.Boolean()),
              shards: Type.Optional(
                Type.Integer({ minimum: 1, maximum: 64, description: 'Balance rows a festival stall spreads its incoming payments over' }),
              ),
              ownerSubject: Type.Optional(Type.String({ maxLength: 100, description: "The owner's subject as this service knows them" })),
            },
            { additionalProperties: false },
          ),
          response: { 201: Type.Ref('CurrencyBusiness'), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) => reply.status(201).send(presentBusiness(await admin.createBusiness(request.body))),
    );

    app.put(
      '/admin/businesses/:businessId/members/:subject',
      {
        config: { access: 'operator' },
        schema: {
          summary: 'Make a person owner or staff of a business',
          params: Type.Object({ businessId: Type.String({ format: 'uuid' }), subject: Type.String({ maxLength: 100 }) }),
          body: Type.Object({ role: Type.Union([Type.Literal('owner'), Type.Literal('staff')]) }, { additionalProperties: false }),
          response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        await admin.addMember(request.params.businessId, request.params.subject, request.body.role);
        return reply.status(204).send(null);
      },
    );

    app.put(
      '/admin/staff/:subject',
      {
        config: { access: 'operator' },
        schema: {
          summary: 'Make a person city staff (counter or admin)',
          params: Type.Object({ subject: Type.String({ maxLength: 100 }) }),
          body: Type.Object({ role: Type.Union([Type.Literal('counter'), Type.Literal('admin')]) }, { additionalProperties: false }),
          response: { 204: Type.Null(), ...problemResponses(400, 401, 403) },
        },
      },
      async (request, reply) => {
        await admin.setStaff(request.params.subject, request.body.role);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/admin/fee-policies',
      {
        config: { access: 'operator' },
        schema: {
          summary: 'Fee policy by business size',
          response: {
            200: Type.Object({
              policies: Type.Array(
                Type.Object({
                  size: Size,
                  rateBp: Type.Integer(),
                  annualCap: Type.Union([Type.Integer(), Type.Null()]),
                  typicalRateBp: Type.Integer(),
                }),
              ),
            }),
            ...problemResponses(401, 403),
          },
        },
      },
      async () => ({
        policies: (await admin.feePolicies()).map((p) => ({
          size: p.size,
          rateBp: p.rate_bp,
          annualCap: p.annual_cap,
          typicalRateBp: p.typical_rate_bp,
        })),
      }),
    );

    app.put(
      '/admin/fee-policies/:size',
      {
        config: { access: 'operator' },
        schema: {
          summary: 'Set the fee rate, annual cap and the typical cashless fee compared against',
          params: Type.Object({ size: Size }),
          body: Type.Object(
            {
              rateBp: Type.Integer({ minimum: 0, maximum: 10_000, examples: [200] }),
              annualCap: Type.Union([Type.Integer({ minimum: 0, maximum: 100_000_000 }), Type.Null()], { examples: [12000] }),
              typicalRateBp: Type.Integer({ minimum: 0, maximum: 10_000, examples: [324] }),
            },
            { additionalProperties: false },
          ),
          response: { 204: Type.Null(), ...problemResponses(400, 401, 403) },
        },
      },
      async (request, reply) => {
        await admin.setFeePolicy({ size: request.params.size, ...request.body });
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/admin/invariants',
      {
        config: { access: 'operator' },
        schema: {
          summary: 'Ledger invariants',
          description:
            'Per currency the sum of all balances and of all entries (both must be 0), and the number of balance rows breaking a rule (must be 0).',
          response: {
            200: Type.Object({
              currencies: Type.Array(Type.Object({ currency: Type.String(), balances: Type.Integer(), entries: Type.Integer() })),
              violations: Type.Integer(),
            }),
            ...problemResponses(401, 403),
          },
        },
      },
      async () => ({ currencies: await ledgerReads.invariants(core.db), violations: await ledgerReads.violations(core.db) }),
    );

    app.post(
      '/counter/charges',
      {
        config: { access: 'user' },
        schema: {
          summary: "Charge a resident's wallet at the city counter",
          description: 'City staff only: the resident pays cash and shows their one-time code; the staff member scans it and enters the amount.',
          headers: IdempotencyHeaders,
          body: Type.Object({ code: Type.String({ pattern: '^[0-9]{12}$' }), amount: Amount }, { additionalProperties: false }),
          response: { 201: Type.Ref('CurrencyTransfer'), ...problemResponses(400, 401, 403, 404, 409, 410, 422) },
        },
      },
      async (request, reply) => {
        const moved = await admin.counterCharge(userOf(request).subject, request.headers['idempotency-key'], request.body);
        return reply.status(201).send(presentTransfer(moved));
      },
    );
  };
}
