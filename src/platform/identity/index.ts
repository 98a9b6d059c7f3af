import type { ModuleContext, TsunaguModule } from '@lib/module.ts';
import { platformAuthenticators, platformCore } from '../core.ts';
import { seedIdentityDemo } from './demo.ts';
import { oidcRoutes } from './interaction-routes.ts';
import { identityMigrations } from './migrations/index.ts';
import { identityRoutes } from './routes.ts';
import { identitySchemas } from './schemas.ts';

const core = (context: ModuleContext) => () => platformCore(context);

/** City OS ID: accounts, identity verification, the OpenID Provider and the service directory. */
export const identityModule: TsunaguModule = {
  name: 'identity',
  kind: 'platform',
  title: { ja: '都市OS ID', en: 'City OS ID' },
  summary: { ja: 'ひとつのIDでログイン、本人確認、連携サービスの登録', en: 'One sign-in, identity verification, connected services' },
  portal: '/mydata',
  migrations: identityMigrations,
  schemas: identitySchemas,
  routes: (context) => identityRoutes(core(context), context.config.baseUrl.startsWith('https:')),
  rootRoutes: (context) => oidcRoutes(core(context), context.config.baseUrl.startsWith('https:')),
  authenticators: platformAuthenticators,
  seedDemo: seedIdentityDemo,
  async catalogLinks(context) {
    const { baseUrl } = context.config;
    const services = await (await platformCore(context)).directory.list();
    return [
      {
        anchor: `${baseUrl}/oidc`,
        'service-meta': [
          { href: `${baseUrl}/oidc/.well-known/openid-configuration`, type: 'application/json', title: 'OpenID Provider configuration' },
        ],
        'service-doc': [{ href: `${baseUrl}/docs#/identity`, type: 'text/html', title: '都市OS ID / City OS ID' }],
      },
      // Connected services: each described by its directory entry (who runs it, what it asks for and why).
      ...services.map((s) => ({
        anchor: s.homepage ?? `${baseUrl}/services#${s.client_id}`,
        describedby: [
          {
            href: `${baseUrl}/api/identity/services/${encodeURIComponent(s.client_id)}`,
            type: 'application/json',
            title: `${s.name_ja} / ${s.name_en} (${s.company})`,
          },
        ],
      })),
    ];
  },
};
