import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { problemResponses } from '@lib/http/schemas.ts';
import { userOf } from '@lib/service-kit/index.ts';
import type { Currency } from './currency.ts';
import { currencySql } from './repository.ts';

const Role = Type.Union([Type.Literal('owner'), Type.Literal('staff')]);

/** What the signed-in person may do in the currency, so the web app shows only their portals. */
export function meRoutes(currency: Currency): FastifyPluginAsyncTypebox {
  const { core } = currency;
  return async (app) => {
    app.get(
      '/me',
      {
        config: { access: 'user' },
        schema: {
          summary: 'My roles in the currency',
          description:
            'Everyone signed in has a wallet. `businesses`: the shops, businesses, schools and organisers I am owner or staff of (the shop and business portal). `cityStaff`: `counter` (charges at the city counter) or `admin` (also runs voucher campaigns), or null.',
          response: {
            200: Type.Object({
              subject: Type.String(),
              wallet: Type.Boolean(),
              businesses: Type.Array(
                Type.Object({
                  id: Type.String({ format: 'uuid' }),
                  name: Type.String(),
                  kind: Type.Union([Type.Literal('shop'), Type.Literal('business'), Type.Literal('school'), Type.Literal('organiser')]),
                  role: Role,
                }),
              ),
              cityStaff: Type.Union([Type.Literal('counter'), Type.Literal('admin'), Type.Null()]),
              portals: Type.Object(
                { wallet: Type.Boolean(), shop: Type.Boolean(), admin: Type.Boolean() },
                { description: 'Which web pages to offer: /wallet, /shop, /currency/admin' },
              ),
            }),
            ...problemResponses(401),
          },
        },
      },
      async (request) => {
        const { subject } = userOf(request);
        const businesses = await currencySql.businessesOf(core.db, subject);
        const cityStaff = (await currencySql.staffRole(core.db, subject)) ?? null;
        return {
          subject,
          wallet: true,
          businesses: businesses.map((b) => ({ id: b.id, name: b.name, kind: b.kind, role: b.role })),
          cityStaff,
          portals: { wallet: true, shop: businesses.length > 0, admin: cityStaff !== null },
        };
      },
    );
  };
}
