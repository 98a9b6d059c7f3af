import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { problemResponses } from '@lib/http/schemas.ts';
import { userOf } from '@lib/service-kit/index.ts';
import type { Currency } from './currency.ts';
import { currencySql } from './repository.ts';
import { periodOf, presentBusiness, presentStatement, presentTransfer } from './present.ts';
import { Amount, IdempotencyHeaders, Period } from './schemas.ts';

const ShopParams = Type.Object({ businessId: Type.String({ format: 'uuid' }) });
const moneyErrors = problemResponses(400, 401, 403, 404, 409, 410, 422);

/** The shop portal's API: the businesses I work for, scanning codes, refunds, cash-out, statements. */
export function shopRoutes(currency: Currency): FastifyPluginAsyncTypebox {
  const { shops, core } = currency;
  return async (app) => {
    app.get(
      '/me/businesses',
      {
        config: { access: 'user' },
        schema: {
          summary: 'Businesses I work for',
          response: {
            200: Type.Object({ businesses: Type.Array(Type.Object({ business: Type.Ref('CurrencyBusiness'), role: Type.String() })) }),
            ...problemResponses(401),
          },
        },
      },
      async (request) => {
        const rows = await currencySql.businessesOf(core.db, userOf(request).subject);
        return { businesses: rows.map((row) => ({ business: presentBusiness(row), role: row.role })) };
      },
    );

    app.get(
      '/shops/by-code/:code',
      {
        config: { access: 'user' },
        schema: {
          summary: 'The shop behind a scanned code',
          description: 'What the wallet shows before the person types the amount.',
          params: Type.Object({ code: Type.String({ maxLength: 40 }) }),
          response: {
            200: Type.Object({ id: Type.String(), name: Type.String(), field: Type.String(), acceptsPoints: Type.Boolean() }),
            ...problemResponses(401, 404),
          },
        },
      },
      async (request) => {
        const shop = await core.businessByCode(request.params.code);
        return { id: shop.id, name: shop.name, field: shop.field, acceptsPoints: shop.accepts_points };
      },
    );

    app.get(
      '/shops/:businessId',
      {
        config: { access: 'user' },
        schema: {
          summary: 'My business and its balance',
          params: ShopParams,
          response: {
            200: Type.Object({ business: Type.Ref('CurrencyBusiness'), balance: Type.Integer(), points: Type.Integer() }),
            ...problemResponses(400, 401, 403, 404),
          },
        },
      },
      async (request) => {
        const { business, balance, points } = await shops.balance(userOf(request).subject, request.params.businessId);
        return { business: presentBusiness(business), balance, points };
      },
    );

    app.post(
      '/shops/:businessId/scans',
      {
        config: { access: 'user' },
        schema: {
          summary: "Take a payment by scanning the customer's one-time code",
          description: 'The code is valid for 5 minutes and once; an expired code answers 410, a used one 409. Nothing moves on either.',
          params: ShopParams,
          headers: IdempotencyHeaders,
          body: Type.Object({ code: Type.String({ pattern: '^[0-9]{12}$' }), amount: Amount }, { additionalProperties: false }),
          response: { 201: Type.Ref('CurrencyTransfer'), ...moneyErrors },
        },
      },
      async (request, reply) => {
        const moved = await shops.scanCode(userOf(request).subject, request.params.businessId, request.headers['idempotency-key'], request.body);
        return reply.status(201).send(presentTransfer(moved));
      },
    );

    app.post(
      '/shops/:businessId/refunds',
      {
        config: { access: 'user' },
        schema: {
          summary: 'Refund a payment, fully or partly',
          description: 'Without an amount the whole payment is refunded. Refunds of one payment never add up to more than it.',
          params: ShopParams,
          headers: IdempotencyHeaders,
          body: Type.Object({ paymentId: Type.String({ format: 'uuid' }), amount: Type.Optional(Amount) }, { additionalProperties: false }),
          response: { 201: Type.Ref('CurrencyTransfer'), ...moneyErrors },
        },
      },
      async (request, reply) => {
        const moved = await shops.refund(userOf(request).subject, request.params.businessId, request.headers['idempotency-key'], request.body);
        return reply.status(201).send(presentTransfer(moved));
      },
    );

    app.post(
      '/shops/:businessId/cash-outs',
      {
        config: { access: 'user' },
        schema: {
          summary: 'Cash out to the bank now (即時現金化)',
          description: "Owners only. Coins leave the shop's account and yen are paid to its registered bank account (DEMO BANK in this build).",
          params: ShopParams,
          headers: IdempotencyHeaders,
          body: Type.Object({ amount: Amount }, { additionalProperties: false }),
          response: { 201: Type.Ref('CurrencyTransfer'), ...moneyErrors, ...problemResponses(502) },
        },
      },
      async (request, reply) => {
        const moved = await shops.cashOut(
          userOf(request).subject,
          request.params.businessId,
          request.headers['idempotency-key'],
          request.body.amount,
        );
        return reply.status(201).send(presentTransfer(moved));
      },
    );

    app.get(
      '/shops/:businessId/statement',
      {
        config: { access: 'user' },
        schema: {
          summary: 'Sales statement of a period',
          params: ShopParams,
          querystring: Period,
          response: { 200: Type.Ref('CurrencyStatement'), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const { from, to } = periodOf(request.query);
        return presentStatement(await shops.statement(userOf(request).subject, request.params.businessId, from, to));
      },
    );

    app.get(
      '/shops/:businessId/fee-statement',
      {
        config: { access: 'user' },
        schema: {
          summary: 'Fee statement of a fiscal year',
          description: 'Sales, fees paid, and the fee saved against a typical cashless fee (3.24% unless the city set another).',
          params: ShopParams,
          querystring: Type.Object({ fiscalYear: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })) }),
          response: { 200: Type.Ref('CurrencyFeeStatement'), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => shops.feeStatement(userOf(request).subject, request.params.businessId, request.query.fiscalYear),
    );
  };
}
