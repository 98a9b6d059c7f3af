import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { principalOf } from '@lib/http/access.ts';
import { problemResponses } from '@lib/http/schemas.ts';
import { userOf } from '@lib/service-kit/index.ts';
import type { Currency } from './currency.ts';
import { CurrencyError } from './errors.ts';
import { presentTransfer } from './present.ts';
import { requestSql, type PaymentRequestRow } from './repository.ts';
import { Amount, IdempotencyHeaders } from './schemas.ts';

const RequestParams = Type.Object({ requestId: Type.String({ format: 'uuid' }) });

const present = (r: PaymentRequestRow) => {
  const expired = r.status === 'open' && new Date(r.expires_at).getTime() <= Date.now();
  return {
    id: r.id,
    status: expired ? ('expired' as const) : r.status,
    amount: r.amount,
    description: r.description,
    payeeId: r.payee_id,
    field: r.field,
    reference: r.reference,
    payerBusinessId: r.payer_business_id,
    approveUrl: r.payer_business_id ? null : `/wallet/pay?request=${r.id}`,
    transferId: r.transfer_id,
    expiresAt: new Date(r.expires_at).toISOString(),
    paidAt: r.paid_at ? new Date(r.paid_at).toISOString() : null,
  };
};

/** The service's returnUrl with the outcome, where the wallet sends the person back. */
function backTo(r: PaymentRequestRow, status: 'paid' | 'declined'): string | null {
  if (!r.return_url) return null;
  const back = new URL(r.return_url);
  back.searchParams.set('payment_request', r.id);
  back.searchParams.set('status', status);
  return back.toString();
}

function serviceOf(request: Parameters<typeof principalOf>[0]): string {
  const principal = principalOf(request);
  if (principal.kind !== 'service') throw new CurrencyError('not_your_account', 'Call with a service client-credentials token.');
  return principal.clientId;
}

/** The payment API for other services (listed in the API catalog), and the wallet's side of it. */
export function apiRoutes(currency: Currency): FastifyPluginAsyncTypebox {
  const { requests, core } = currency;
  return async (app) => {
    app.post(
      '/payment-requests',
      {
        config: { access: 'service' },
        schema: {
          summary: 'Ask for a payment (services)',
          description:
            'A service (client credentials) asks for a payment to a business. For a citizen: send them to `approveUrl`; they sign in to the wallet, approve, and are sent back to `returnUrl` with `?payment_request=<id>&status=paid`. For a business that granted this service: `payerBusinessId` pays at once. The outcome also arrives as a signed webhook (`currency.payment_request.paid` or `currency.payment_request.declined`, header `tsunagu-signature: t=…,v1=…`).',
          headers: IdempotencyHeaders,
          body: Type.Object(
            {
              payeeId: Type.String({ format: 'uuid', description: 'The business paid' }),
              amount: Amount,
              description: Type.String({ minLength: 1, maxLength: 200, examples: ['会津野菜セット (農家直送)'] }),
              field: Type.Optional(Type.String({ maxLength: 40, description: "Field of use; default the payee's", examples: ['food_agri'] })),
              returnUrl: Type.Optional(Type.String({ format: 'uri', maxLength: 500, examples: ['https://agri.example.jp/orders/8812/paid'] })),
              reference: Type.Optional(Type.String({ maxLength: 100, examples: ['order-8812'] })),
              payerBusinessId: Type.Optional(
                Type.String({ format: 'uuid', description: 'A business that granted this service to pay from its account' }),
              ),
              expiresInMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 1440, default: 30 })),
            },
            { additionalProperties: false },
          ),
          response: { 201: Type.Ref('CurrencyPaymentRequest'), ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) =>
        reply.status(201).send(present(await requests.create(serviceOf(request), request.headers['idempotency-key'], request.body))),
    );

    app.get(
      '/payment-requests/:requestId',
      {
        config: { access: 'service' },
        schema: {
          summary: 'Status of a payment request (services)',
          params: RequestParams,
          response: { 200: Type.Ref('CurrencyPaymentRequest'), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => present(await requests.forService(serviceOf(request), request.params.requestId)),
    );

    app.post(
      '/payment-requests/:requestId/cancellation',
      {
        config: { access: 'service' },
        schema: {
          summary: 'Cancel an open payment request (services)',
          params: RequestParams,
          response: { 200: Type.Ref('CurrencyPaymentRequest'), ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => present(await requests.cancel(serviceOf(request), request.params.requestId)),
    );

    app.put(
      '/webhook',
      {
        config: { access: 'service' },
        schema: {
          summary: 'Set where payment webhooks go (services)',
          description: 'Answers a new signing secret (shown once). Verify `tsunagu-signature` as docs/events.md describes.',
          body: Type.Object({ url: Type.String({ format: 'uri', maxLength: 500 }) }, { additionalProperties: false }),
          response: { 200: Type.Object({ url: Type.String(), secret: Type.String() }), ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => {
        const url = new URL(request.body.url);
        const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
        if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) throw new CurrencyError('webhook_url_not_allowed');
        const secret = `whsec_${randomBytes(24).toString('base64url')}`;
        await requestSql.setWebhook(core.db, serviceOf(request), request.body.url, secret);
        return { url: request.body.url, secret };
      },
    );

    app.get(
      '/payment-requests/:requestId/review',
      {
        config: { access: 'user' },
        schema: {
          summary: 'A payment request as the wallet shows it',
          params: RequestParams,
          response: {
            200: Type.Object({
              request: Type.Ref('CurrencyPaymentRequest'),
              payee: Type.Object({ name: Type.String(), field: Type.String() }),
              service: Type.String(),
            }),
            ...problemResponses(400, 401, 404),
          },
        },
      },
      async (request) => {
        userOf(request);
        const { request: found, payee } = await requests.review(request.params.requestId);
        return { request: present(found), payee: { name: payee.name, field: found.field }, service: found.client_id };
      },
    );

    app.post(
      '/payment-requests/:requestId/approval',
      {
        config: { access: 'user' },
        schema: {
          summary: 'Approve and pay a payment request from my wallet',
          description: "Answers the transfer and where to send the person back (the service's returnUrl).",
          params: RequestParams,
          headers: IdempotencyHeaders,
          response: {
            201: Type.Object({ transfer: Type.Ref('CurrencyTransfer'), redirectTo: Type.Union([Type.String(), Type.Null()]) }),
            ...problemResponses(400, 401, 403, 404, 409, 410, 422),
          },
        },
      },
      async (request, reply) => {
        const { moved, request: paid } = await requests.approve(
          userOf(request).subject,
          request.headers['idempotency-key'],
          request.params.requestId,
        );
        return reply.status(201).send({ transfer: presentTransfer(moved), redirectTo: backTo(paid, 'paid') });
      },
    );

    app.post(
      '/payment-requests/:requestId/decline',
      {
        config: { access: 'user' },
        schema: {
          summary: 'Decline a payment request in my wallet',
          description:
            'Nothing moves. The service sees `declined` in the status, gets a signed `currency.payment_request.declined` webhook, and the person is sent back to its returnUrl with `status=declined`.',
          params: RequestParams,
          response: {
            200: Type.Object({ request: Type.Ref('CurrencyPaymentRequest'), redirectTo: Type.Union([Type.String(), Type.Null()]) }),
            ...problemResponses(400, 401, 404, 409),
          },
        },
      },
      async (request) => {
        const declined = await requests.decline(userOf(request).subject, request.params.requestId);
        return { request: present(declined), redirectTo: backTo(declined, 'declined') };
      },
    );

    app.put(
      '/shops/:businessId/service-grants/:clientId',
      {
        config: { access: 'user' },
        schema: {
          summary: 'Let a service take payments from my business account',
          description: 'Owners only. E.g. a restaurant lets the farm-to-restaurant service pay farmers from its account.',
          params: Type.Object({ businessId: Type.String({ format: 'uuid' }), clientId: Type.String({ maxLength: 100 }) }),
          body: Type.Object({ granted: Type.Boolean() }, { additionalProperties: false }),
          response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        await requests.grant(userOf(request).subject, request.params.businessId, request.params.clientId, request.body.granted);
        return reply.status(204).send(null);
      },
    );
  };
}
