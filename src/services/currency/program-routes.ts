import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { problemResponses } from '@lib/http/schemas.ts';
import { userOf } from '@lib/service-kit/index.ts';
import type { Currency } from './currency.ts';
import { currencyKpis } from './kpi.ts';
import { presentTransfer } from './present.ts';
import { campaignSql, type CampaignRow, type InvoiceRow } from './repository.ts';
import { Amount, IdempotencyHeaders } from './schemas.ts';

const moneyErrors = problemResponses(400, 401, 403, 404, 409, 410, 422);
const CampaignParams = Type.Object({ campaignId: Type.String({ format: 'uuid' }) });
const BusinessParams = Type.Object({ businessId: Type.String({ format: 'uuid' }) });

const presentCampaign = (c: CampaignRow) => ({
  id: c.id,
  name: c.name,
  price: c.price,
  faceValue: c.face_value,
  smallShopPart: c.small_shop_part,
  perPersonLimit: c.per_person_limit,
  saleStarts: new Date(c.sale_starts).toISOString(),
  saleEnds: new Date(c.sale_ends).toISOString(),
  expiresAt: new Date(c.expires_at).toISOString(),
  expired: c.expired_at !== null,
});
const Campaign = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  price: Type.Integer({ examples: [10000] }),
  faceValue: Type.Integer({ examples: [12500] }),
  smallShopPart: Type.Integer({ description: 'Part of the face value usable only at small local shops', examples: [5000] }),
  perPersonLimit: Type.Integer(),
  saleStarts: Type.String({ format: 'date-time' }),
  saleEnds: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time', description: 'At most six months after the sale starts' }),
  expired: Type.Boolean(),
});

const presentInvoice = (i: InvoiceRow) => ({
  id: i.id,
  issuerId: i.issuer_id,
  payerBusinessId: i.payer_business_id,
  payCode: i.pay_code,
  amount: i.amount,
  description: i.description,
  dueDate: i.due_date,
  status: i.status,
  transferId: i.transfer_id,
  createdAt: new Date(i.created_at).toISOString(),
});
const Invoice = Type.Object({
  id: Type.String({ format: 'uuid' }),
  issuerId: Type.String({ format: 'uuid' }),
  payerBusinessId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
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
});

/** Premium vouchers, つなポン, invoices and the city's KPIs. */
export function programRoutes(currency: Currency): FastifyPluginAsyncTypebox {
  const { programs, invoices, core } = currency;
  return async (app) => {
    app.get(
      '/campaigns',
      {
        config: { access: 'public' },
        schema: { summary: 'Premium voucher campaigns', response: { 200: Type.Object({ campaigns: Type.Array(Campaign) }) } },
      },
      async () => ({ campaigns: (await campaignSql.list(core.db)).map(presentCampaign) }),
    );

    app.get(
      '/campaigns/:campaignId',
      {
        config: { access: 'public' },
        schema: {
          summary: 'A campaign and its totals',
          description: 'Vouchers sold, face value issued, and the value that returned to the campaign fund at expiry (shown to everyone).',
          params: CampaignParams,
          response: {
            200: Type.Object({
              campaign: Campaign,
              sold: Type.Integer(),
              issued: Type.Integer(),
              returnedAtExpiry: Type.Integer(),
              fundBalance: Type.Integer(),
            }),
            ...problemResponses(400, 404),
          },
        },
      },
      async (request) => {
        const s = await programs.summary(request.params.campaignId);
        return { campaign: presentCampaign(s.campaign), sold: s.sold, issued: s.issued, returnedAtExpiry: s.returned, fundBalance: s.fundBalance };
      },
    );

    app.post(
      '/admin/campaigns',
      {
        config: { access: 'operator' },
        schema: {
          summary: 'Start a premium voucher campaign',
          description:
            'E.g. pay ¥10,000, receive ¥12,500 of which ¥5,000 only at small local shops; one per person; expiry at most six months after the sale starts. `funding` coins go to the campaign fund for the premiums.',
          body: Type.Object(
            {
              name: Type.String({ minLength: 1, maxLength: 80, examples: ['あいづプレミアム商品券 2026'] }),
              price: Amount,
              faceValue: Amount,
              smallShopPart: Type.Integer({ minimum: 0, maximum: 10_000_000 }),
              perPersonLimit: Type.Integer({ minimum: 1, maximum: 100 }),
              saleStarts: Type.String({ format: 'date-time' }),
              saleEnds: Type.String({ format: 'date-time' }),
              expiresAt: Type.String({ format: 'date-time' }),
              funding: Type.Integer({ minimum: 0, maximum: 10_000_000_000 }),
            },
            { additionalProperties: false },
          ),
          response: { 201: Campaign, ...problemResponses(400, 401, 403, 422) },
        },
      },
      async (request, reply) => {
        const b = request.body;
        const c = await programs.createCampaign({
          ...b,
          saleStarts: new Date(b.saleStarts),
          saleEnds: new Date(b.saleEnds),
          expiresAt: new Date(b.expiresAt),
        });
        return reply.status(201).send(presentCampaign(c));
      },
    );

    app.post(
      '/admin/campaigns/:campaignId/expiry',
      {
        config: { access: 'operator' },
        schema: {
          summary: 'Return unused vouchers to the campaign fund',
          description: 'After the expiry date: each unused voucher balance goes back to the fund as its own transfer.',
          params: CampaignParams,
          response: { 200: Type.Object({ accounts: Type.Integer(), returned: Type.Integer() }), ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => programs.expire(request.params.campaignId),
    );

    app.post(
      '/campaigns/:campaignId/purchases',
      {
        config: { access: 'user' },
        schema: {
          summary: 'Buy a premium voucher',
          description: 'The price leaves the wallet; the face value arrives as vouchers (the small-shop part in its own balance).',
          params: CampaignParams,
          headers: IdempotencyHeaders,
          response: { 201: Type.Ref('CurrencyTransfer'), ...moneyErrors },
        },
      },
      async (request, reply) => {
        const moved = await programs.buy(userOf(request).subject, request.headers['idempotency-key'], request.params.campaignId);
        return reply.status(201).send(presentTransfer(moved));
      },
    );

    app.post(
      '/organisers/:businessId/awards',
      {
        config: { access: 'user' },
        schema: {
          summary: 'Award つなポン to a participant',
          description: "Organiser staff scan the participant's one-time code.",
          params: BusinessParams,
          headers: IdempotencyHeaders,
          body: Type.Object(
            { code: Type.String({ pattern: '^[0-9]{12}$' }), points: Amount, reason: Type.String({ minLength: 1, maxLength: 120 }) },
            { additionalProperties: false },
          ),
          response: { 201: Type.Ref('CurrencyTransfer'), ...moneyErrors },
        },
      },
      async (request, reply) => {
        const moved = await programs.awardPoints(
          userOf(request).subject,
          request.params.businessId,
          request.headers['idempotency-key'],
          request.body,
        );
        return reply.status(201).send(presentTransfer(moved));
      },
    );

    app.post(
      '/admin/points/expiry',
      {
        config: { access: 'operator' },
        schema: {
          summary: 'Expire つなポン at the end of a fiscal year',
          body: Type.Object({ fiscalYear: Type.Integer({ minimum: 2000, maximum: 2100 }) }, { additionalProperties: false }),
          response: { 200: Type.Object({ accounts: Type.Integer(), returned: Type.Integer() }), ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => programs.expirePoints(request.body.fiscalYear),
    );

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

    app.get(
      '/kpis',
      {
        config: { access: 'public' },
        schema: {
          summary: 'KPIs the city reports',
          description:
            'Fields of use with payments; payment volume per fiscal year (April–March, JST); fees saved by shops against the typical cashless fee. Aggregates only.',
          response: {
            200: Type.Object({
              fieldsWithPayments: Type.Integer(),
              fields: Type.Array(
                Type.Object({
                  field: Type.String(),
                  label: Type.Object({ ja: Type.String(), en: Type.String() }),
                  payments: Type.Integer(),
                  volume: Type.Integer(),
                }),
              ),
              volumeByFiscalYear: Type.Array(Type.Object({ fiscalYear: Type.Integer(), payments: Type.Integer(), volume: Type.Integer() })),
              feesSavedByFiscalYear: Type.Array(
                Type.Object({
                  fiscalYear: Type.Integer(),
                  sales: Type.Integer(),
                  fees: Type.Integer(),
                  typicalFees: Type.Integer(),
                  feesSaved: Type.Integer(),
                }),
              ),
            }),
          },
        },
      },
      async () => currencyKpis(core.db),
    );
  };
}
