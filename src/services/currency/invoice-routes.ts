import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { problemResponses } from '@lib/http/schemas.ts';
import { userOf } from '@lib/service-kit/index.ts';
import type { Currency } from './currency.ts';
import { presentTransfer } from './present.ts';
import { currencySql, type InvoiceRow } from './repository.ts';
import { Amount, IdempotencyHeaders } from './schemas.ts';

const moneyErrors = problemResponses(400, 401, 403, 404, 409, 410, 422);
const BusinessParams = Type.Object({ businessId: Type.String({ format: 'uuid' }) });

const presentInvoice = (i: InvoiceRow) => ({
  id: i.id,
  issuerId: i.issuer_id,
  issuerName: i.issuer_name,
  payerBusinessId: i.payer_business_id,
  payerName: i.payer_name,
  payCode: i.pay_code,
  amount: i.amount,
  description: i.description,
  dueDate: i.due_date,
  status: i.status,
  transferId: i.transfer_id,
  createdAt: new Date(i.created_at).toISOString(),
});
const Invoice = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    issuerId: Type.String({ format: 'uuid' }),
    issuerName: Type.String({ examples: ['会津若松市立つなぐ小学校（デモ）'] }),
    payerBusinessId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
    payerName: Type.Union([Type.String(), Type.Null()]),
    payCode: Type.Union([
      Type.String({ description: 'For households: the code the school hands the parents', examples: ['INV-3F9A0C21D4'] }),
      Type.Null(),
    ]),
    amount: Type.Integer(),
    description: Type.String(),
    dueDate: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
    status: Type.Union([Type.Literal('open'), Type.Literal('paid'), Type.Literal('cancelled')]),
    transferId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);

/** Invoices: a business bills another (B2B), a school bills households (学校徴収金), and parents keep and pay them in the wallet. */
export function invoiceRoutes(currency: Currency): FastifyPluginAsyncTypebox {
  const { invoices, core } = currency;
  return async (app) => {
    app.post(
      '/businesses/:businessId/invoices',
      {
        config: { access: 'user' },
        schema: {
          summary: 'Issue an invoice',
          description: 'To another business (payerBusinessId), or to a household (no payer: the answer carries a pay code for the parents).',
          params: BusinessParams,
          body: Type.Object(
            {
              payerBusinessId: Type.Optional(Type.String({ format: 'uuid' })),
              amount: Amount,
              description: Type.String({ minLength: 1, maxLength: 200, examples: ['給食費 11月分'] }),
              dueDate: Type.Optional(Type.String({ format: 'date' })),
            },
            { additionalProperties: false },
          ),
          response: { 201: Invoice, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) =>
        reply.status(201).send(presentInvoice(await invoices.issue(userOf(request).subject, request.params.businessId, request.body))),
    );

    app.get(
      '/businesses/:businessId/invoices',
      {
        config: { access: 'user' },
        schema: {
          summary: 'Invoices issued or received',
          params: BusinessParams,
          response: { 200: Type.Object({ invoices: Type.Array(Invoice) }), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => ({ invoices: (await invoices.list(userOf(request).subject, request.params.businessId)).map(presentInvoice) }),
    );

    app.post(
      '/businesses/:businessId/invoices/:invoiceId/payments',
      {
        config: { access: 'user' },
        schema: {
          summary: 'Pay an invoice addressed to my business (B2B)',
          params: Type.Object({ businessId: Type.String({ format: 'uuid' }), invoiceId: Type.String({ format: 'uuid' }) }),
          headers: IdempotencyHeaders,
          response: { 201: Type.Ref('CurrencyTransfer'), ...moneyErrors },
        },
      },
      async (request, reply) => {
        const { businessId, invoiceId } = request.params;
        return reply
          .status(201)
          .send(presentTransfer(await invoices.payAsBusiness(userOf(request).subject, businessId, request.headers['idempotency-key'], invoiceId)));
      },
    );

    app.get(
      '/invoices/by-code/:payCode',
      {
        config: { access: 'user' },
        schema: {
          summary: 'An invoice by its pay code (school fees)',
          params: Type.Object({ payCode: Type.String({ maxLength: 20 }) }),
          response: { 200: Invoice, ...problemResponses(401, 404) },
        },
      },
      async (request) => presentInvoice(await invoices.byCode(request.params.payCode)),
    );

    app.post(
      '/invoices/by-code/:payCode/payments',
      {
        config: { access: 'user' },
        schema: {
          summary: 'Pay a school invoice from my wallet',
          params: Type.Object({ payCode: Type.String({ maxLength: 20 }) }),
          headers: IdempotencyHeaders,
          response: { 201: Type.Ref('CurrencyTransfer'), ...moneyErrors },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(presentTransfer(await invoices.payAsPerson(userOf(request).subject, request.headers['idempotency-key'], request.params.payCode))),
    );

    app.post(
      '/businesses/:businessId/invoices/:invoiceId/cancellation',
      {
        config: { access: 'user' },
        schema: {
          summary: 'Cancel an open invoice my business issued',
          params: Type.Object({ businessId: Type.String({ format: 'uuid' }), invoiceId: Type.String({ format: 'uuid' }) }),
          response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) => {
        await invoices.cancel(userOf(request).subject, request.params.businessId, request.params.invoiceId);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/businesses',
      {
        config: { access: 'user' },
        schema: {
          summary: 'Businesses registered with the currency (to address an invoice)',
          querystring: Type.Object({
            kind: Type.Optional(Type.Union([Type.Literal('shop'), Type.Literal('business'), Type.Literal('school'), Type.Literal('organiser')])),
          }),
          response: {
            200: Type.Object({
              businesses: Type.Array(
                Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String(), kind: Type.String(), field: Type.String() }),
              ),
            }),
            ...problemResponses(400, 401),
          },
        },
      },
      async (request) => ({
        businesses: (await currencySql.businesses(core.db, request.query.kind ?? null)).map((b) => ({
          id: b.id,
          name: b.name,
          kind: b.kind,
          field: b.field,
        })),
      }),
    );

    app.get(
      '/wallet/invoices',
      {
        config: { access: 'user' },
        schema: {
          summary: 'School invoices in my wallet',
          description: 'The invoices (school fees, 学校徴収金) I looked up by their pay code, open ones first, until and after they are paid.',
          response: { 200: Type.Object({ invoices: Type.Array(Invoice) }), ...problemResponses(401) },
        },
      },
      async (request) => ({ invoices: (await invoices.held(userOf(request).subject)).map(presentInvoice) }),
    );

    app.post(
      '/wallet/invoices',
      {
        config: { access: 'user' },
        schema: {
          summary: 'Keep a school invoice in my wallet by its pay code',
          description: 'The parent types or scans the pay code the school handed out; the invoice then stays in the wallet. Nothing is paid yet.',
          body: Type.Object({ payCode: Type.String({ minLength: 1, maxLength: 20, examples: ['INV-3F9A0C21D4'] }) }, { additionalProperties: false }),
          response: { 201: Invoice, ...problemResponses(400, 401, 404) },
        },
      },
      async (request, reply) =>
        reply.status(201).send(presentInvoice(await invoices.keep(userOf(request).subject, request.body.payCode.trim().toUpperCase()))),
    );
  };
}
