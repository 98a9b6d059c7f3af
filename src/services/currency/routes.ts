import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ModuleContext } from '@lib/module.ts';
import { serviceKit } from '@lib/service-kit/index.ts';
import { adminRoutes } from './admin-routes.ts';
import { currencyOf } from './currency.ts';
import { currencyManifest } from './manifest.ts';
import { shopRoutes } from './shop-routes.ts';
import { walletRoutes } from './wallet-routes.ts';

/** Everything under /api/currency: sign-in (service kit), wallet, shops, city set-up. */
export function currencyRoutes(context: ModuleContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    const kit = serviceKit(context, currencyManifest);
    await app.register(kit.authRoutes);
    const currency = currencyOf(context);
    await currency.core.accounts.systemAccounts();
    await app.register(walletRoutes(currency));
    await app.register(shopRoutes(currency));
    await app.register(adminRoutes(currency));
  };
}
