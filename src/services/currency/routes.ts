import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ModuleContext } from '@lib/module.ts';
import { serviceKit } from '@lib/service-kit/index.ts';
import { adminRoutes } from './admin-routes.ts';
import { apiRoutes } from './api-routes.ts';
import { invoiceRoutes } from './invoice-routes.ts';
import { meRoutes } from './me-routes.ts';
import { programRoutes } from './program-routes.ts';
import { CurrencyWorkers } from './workers.ts';
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
    await app.register(programRoutes(currency));
    await app.register(invoiceRoutes(currency));
    await app.register(meRoutes(currency));
    await app.register(apiRoutes(currency));
    const workers = new CurrencyWorkers(currency.core, kit.platform, context.log, currency.payouts);
    currency.workers = workers;
    // At start, pay out the cash-outs a crash left between the ledger and the bank (before serving).
    app.addHook('onReady', async () => {
      const settled = await currency.payouts.reconcile(0).catch((error: unknown) => {
        context.log.warn({ err: error }, 'currency payouts not reconciled at start');
        return null;
      });
      if (settled && settled.paid + settled.refused + settled.failed > 0) context.log.info(settled, 'currency payouts reconciled at start');
    });
    // Webhooks and linkage writes run beside the requests; tests drive them by hand (CURRENCY_WORKERS=off).
    if (process.env.CURRENCY_WORKERS !== 'off') {
      workers.start();
      app.addHook('onClose', async () => workers.stop());
    }
  };
}
