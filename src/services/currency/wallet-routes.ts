import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { problemResponses } from '@lib/http/schemas.ts';
import { userOf } from '@lib/service-kit/index.ts';
import type { Currency } from './currency.ts';
import { periodOf, presentStatement, presentTransfer } from './present.ts';
import { Amount, IdempotencyHeaders, Period } from './schemas.ts';

const moneyErrors = problemResponses(400, 401, 403, 404, 409, 410, 422);

/** The signed-in person's wallet: balance, history, bank link, charge, one-time code, paying shops. */
export function walletRoutes(currency: Currency): FastifyPluginAsyncTypebox {
  const { wallet } = currency;
  return async (app) => {
    app.get(
      '/wallet',
      {
        config: { access: 'user' },
        schema: {
          summary: 'My wallet',
          description: 'Balance, points, vouchers and the registered bank account. Opens the wallet on first visit.',
          response: { 200: Type.Ref('CurrencyWallet'), ...problemResponses(401) },
        },
      },
      async (request) => wallet.view(userOf(request).subject),
    );

    app.get(
      '/wallet/history',
      {
        config: { access: 'user' },
        schema: {
          summary: 'My wallet history',
          description: 'Entries of a period with the balance after each.',
          querystring: Type.Intersect([
            Period,
            Type.Object({ account: Type.Optional(Type.Union([Type.Literal('wallet'), Type.Literal('points')])) }),
          ]),
          response: { 200: Type.Ref('CurrencyStatement'), ...problemResponses(400, 401) },
        },
      },
      async (request) => {
        const { from, to } = periodOf(request.query);
        return presentStatement(await wallet.history(userOf(request).subject, request.query.account ?? 'wallet', from, to));
      },
    );

    app.put(
      '/wallet/bank-account',
      {
        config: { access: 'user' },
        schema: {
          summary: 'Register my bank account for charges',
          description: `The account charges are debited from. In this build the bank is the built-in DEMO BANK: no real money moves.`,
          body: Type.Object(
            {
              bankName: Type.String({ minLength: 1, maxLength: 60, examples: ['デモ銀行'] }),
              accountNumber: Type.String({ pattern: '^[0-9]{7}$', description: '7-digit account number', examples: ['1234567'] }),
            },
            { additionalProperties: false },
          ),
          response: { 204: Type.Null(), ...problemResponses(400, 401) },
        },
      },
      async (request, reply) => {
        await wallet.linkBank(userOf(request).subject, request.body.bankName, request.body.accountNumber);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/wallet/charges',
      {
        config: { access: 'user' },
        schema: {
          summary: 'Charge my wallet from my bank (DEMO BANK)',
          description: 'Debits the registered bank account and issues the same amount of coins. The built-in bank is a demo.',
          headers: IdempotencyHeaders,
          body: Type.Object({ amount: Amount }, { additionalProperties: false }),
          response: { 201: Type.Ref('CurrencyTransfer'), ...moneyErrors, ...problemResponses(502) },
        },
      },
      async (request, reply) => {
        const moved = await wallet.charge(userOf(request).subject, request.headers['idempotency-key'], request.body.amount);
        return reply.status(201).send(presentTransfer(moved));
      },
    );

    app.post(
      '/wallet/codes',
      {
        config: { access: 'user' },
        schema: {
          summary: 'Show a one-time payment code',
          description:
            'A 12-digit code (shown as a QR) valid for 5 minutes and one use: a shop scans it to take a payment, or city staff to charge at the counter.',
          response: {
            201: Type.Object({ code: Type.String({ examples: ['483920175562'] }), expiresAt: Type.String({ format: 'date-time' }) }),
            ...problemResponses(401),
          },
        },
      },
      async (request, reply) => {
        const { code, expiresAt } = await wallet.createCode(userOf(request).subject);
        return reply.status(201).send({ code, expiresAt: expiresAt.toISOString() });
      },
    );

    app.post(
      '/payments',
      {
        config: { access: 'user' },
        schema: {
          summary: 'Pay a shop by its QR code',
          description:
            "The person scanned the shop's static code and typed the amount. With useVouchers, premium vouchers valid at this shop are spent first.",
          headers: IdempotencyHeaders,
          body: Type.Object(
            {
              shopCode: Type.String({ minLength: 1, maxLength: 40, examples: ['TSG-4F2A9C01B7D3'] }),
              amount: Amount,
              useVouchers: Type.Optional(Type.Boolean({ default: false })),
            },
            { additionalProperties: false },
          ),
          response: { 201: Type.Ref('CurrencyTransfer'), ...moneyErrors },
        },
      },
      async (request, reply) => {
        const moved = await wallet.payShop(userOf(request).subject, request.headers['idempotency-key'], {
          ...request.body,
          useVouchers: request.body.useVouchers ?? false,
        });
        return reply.status(201).send(presentTransfer(moved));
      },
    );

    app.post(
      '/points/payments',
      {
        config: { access: 'user' },
        schema: {
          summary: 'Spend つなポン at a shop',
          headers: IdempotencyHeaders,
          body: Type.Object({ shopCode: Type.String({ minLength: 1, maxLength: 40 }), points: Amount }, { additionalProperties: false }),
          response: { 201: Type.Ref('CurrencyTransfer'), ...moneyErrors },
        },
      },
      async (request, reply) => {
        const moved = await wallet.payPoints(userOf(request).subject, request.headers['idempotency-key'], request.body);
        return reply.status(201).send(presentTransfer(moved));
      },
    );
  };
}
