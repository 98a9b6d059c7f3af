import type { TsunaguModule } from '@lib/module.ts';
import { platformCore } from '../core.ts';
import { consentMigrations } from './migrations/index.ts';
import { consentRoutes, consentSchemas } from './routes.ts';

/** Opt-in consent: versioned, append-only records, withdrawal, signed receipts. */
export const consentModule: TsunaguModule = {
  name: 'consent',
  kind: 'platform',
  title: { ja: 'オプトイン同意', en: 'Opt-in consent' },
  summary: { ja: 'どのサービスに何のデータを渡すかを本人が決める', en: 'Citizens decide which service may use which data' },
  portal: '/mydata',
  migrations: consentMigrations,
  schemas: consentSchemas,
  routes: (context) => consentRoutes(() => platformCore(context)),
};
