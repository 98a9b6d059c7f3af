import type { TsunaguModule } from '@lib/module.ts';
import { serviceKit } from '@lib/service-kit/index.ts';
import { disasterManifest } from './manifest.ts';
import { disasterMigrations } from './migrations/index.ts';
import { disasterRoutes } from './routes.ts';
import { disasterSchemas } from './schemas.ts';
import { seedDisasterDemo } from './seed.ts';

/**
 * デジタル防災: shelters (GSI open data), disaster events, one-tap safety reports, evacuation
 * guidance, family sharing, and support for people who need help to evacuate.
 */
export const disasterModule: TsunaguModule = {
  name: 'disaster',
  kind: 'service',
  title: { ja: 'つなぐ防災', en: 'Disaster prevention' },
  summary: {
    ja: '安否報告・避難所案内・家族の安否共有・避難行動要支援者の支援',
    en: 'Safety reports, shelter guidance, family sharing, support for people who need help to evacuate',
  },
  portal: '/safety',
  migrations: disasterMigrations,
  schemas: disasterSchemas,
  routes: disasterRoutes,
  authenticators: (context) => [serviceKit(context, disasterManifest).authenticator],
  service: disasterManifest,
  seedDemo: seedDisasterDemo,
};
