import type { TsunaguModule } from '@lib/module.ts';
import { platformCore } from '../core.ts';
import { linkageMigrations } from './migrations/index.ts';
import { linkageRoutes } from './routes.ts';

/** Consent-gated personal-data API and the hash-chained access log. */
export const linkageModule: TsunaguModule = {
  name: 'linkage',
  kind: 'platform',
  title: { ja: 'データ連携', en: 'Data linkage' },
  summary: { ja: '同意にもとづく個人データの受け渡しと利用履歴', en: 'Consent-gated personal data and its access log' },
  portal: '/mydata',
  migrations: linkageMigrations,
  schemas: [],
  routes: (context) => linkageRoutes(() => platformCore(context)),
};
