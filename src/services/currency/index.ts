import type { TsunaguModule } from '@lib/module.ts';
import { serviceKit } from '@lib/service-kit/index.ts';
import { currencyManifest } from './manifest.ts';
import { currencyMigrations } from './migrations/index.ts';
import { currencyRoutes } from './routes.ts';
import { currencySchemas } from './schemas.ts';
import { seedCurrencyDemo } from './seed.ts';

/** ② 地域課題解決型デジタル地域通貨: ledger, wallets, QR payments, vouchers, points and a payment API. */
export const currencyModule: TsunaguModule = {
  name: 'currency',
  kind: 'service',
  title: currencyManifest.title,
  summary: { ja: '地域のお店で使えるデジタル地域通貨と決済API', en: 'A regional digital currency and payment API' },
  portal: '/wallet',
  migrations: currencyMigrations,
  schemas: currencySchemas,
  routes: currencyRoutes,
  authenticators: (context) => [serviceKit(context, currencyManifest).authenticator],
  service: currencyManifest,
  seedDemo: seedCurrencyDemo,
};
