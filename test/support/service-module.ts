import { Type } from 'typebox';
import type { TsunaguModule } from '@lib/module.ts';
import { serviceKit, serviceSessionMigration, userOf, type ServiceManifest } from '@lib/service-kit/index.ts';

/** A small city service module for tests of the service kit: the shape every real one has. */
export const probeManifest: ServiceManifest = {
  name: 'probe',
  clientId: 'tsunagu-probe',
  title: { ja: 'テスト用サービス', en: 'Probe service' },
  company: '会津若松市 (テスト)',
  description: { ja: 'サービスキットの試験用', en: 'Exercises the service kit' },
  homepage: '/probe',
  purposes: [{ ja: '試験のため', en: 'For testing' }],
  categories: [
    { category: 'basic_attributes', required: true, reason: { ja: '年代を知るため', en: 'To know the age band' } },
    { category: 'payment_results', required: false, reason: { ja: '決済結果を記録するため', en: 'To record payments' } },
  ],
};

export const probeModule: TsunaguModule = {
  name: 'probe',
  kind: 'service',
  title: probeManifest.title,
  summary: probeManifest.description,
  portal: null,
  migrations: { schema: 'probe', migrations: { '0000_sessions': serviceSessionMigration('probe') } },
  schemas: [],
  service: probeManifest,
  authenticators: (context) => [serviceKit(context, probeManifest).authenticator],
  routes: (context) => async (app) => {
    const kit = serviceKit(context, probeManifest);
    await app.register(kit.authRoutes);
    app.get(
      '/whoami',
      { config: { access: 'user' }, schema: { summary: 'Who am I', response: { 200: Type.Object({ subject: Type.String() }) } } },
      async (request) => ({ subject: userOf(request).subject }),
    );
  },
};
