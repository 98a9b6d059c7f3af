import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { problemResponses } from '@lib/http/schemas.ts';
import { userOf } from '@lib/service-kit/index.ts';
import type { Currency } from './currency.ts';
import { currencyKpis } from './kpi.ts';
import { presentTransfer } from './present.ts';
import { campaignSql, type CampaignRow } from './repository.ts';
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

/** Premium vouchers, つなポン and the city's KPIs. */
export function programRoutes(currency: Currency): FastifyPluginAsyncTypebox {
  const { programs, admin, core } = currency;
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

    // The city runs campaigns: the operator by token, or a city staff member with the admin role, signed in.
    for (const by of [
      { prefix: '/admin', access: 'operator' as const, who: 'Operator token.' },
      { prefix: '/city', access: 'user' as const, who: 'City staff with the admin role, signed in to the currency.' },
    ]) {
      app.post(
        `${by.prefix}/campaigns`,
        {
          config: { access: by.access },
          schema: {
            summary: `Start a premium voucher campaign (${by.access === 'operator' ? 'operator' : 'city admin'})`,
            description: `${by.who} E.g. pay ¥10,000, receive ¥12,500 of which ¥5,000 only at small local shops; one per person; expiry at most six months after the sale starts. \`funding\` coins go to the campaign fund for the premiums.`,
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
          if (by.access === 'user') await admin.requireStaff(userOf(request).subject, 'admin');
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
        `${by.prefix}/campaigns/:campaignId/expiry`,
        {
          config: { access: by.access },
          schema: {
            summary: `Return unused vouchers to the campaign fund (${by.access === 'operator' ? 'operator' : 'city admin'})`,
            description: 'After the expiry date: each unused voucher balance goes back to the fund as its own transfer.',
            params: CampaignParams,
            response: { 200: Type.Object({ accounts: Type.Integer(), returned: Type.Integer() }), ...problemResponses(400, 401, 403, 404, 409) },
          },
        },
        async (request) => {
          if (by.access === 'user') await admin.requireStaff(userOf(request).subject, 'admin');
          return programs.expire(request.params.campaignId);
        },
      );
    }

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
