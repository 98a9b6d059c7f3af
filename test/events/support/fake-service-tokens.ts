import type { TsunaguModule } from '@lib/module.ts';
import { bearerToken } from '@lib/http/access.ts';

const TOKEN = /^test-service:([A-Za-z0-9._-]{1,100})$/;

/**
 * TEST DOUBLE, never to be used outside tests: stands in for the identity module's
 * client-credentials tokens, which do not exist yet. It maps `Authorization: Bearer
 * test-service:<clientId>` to the principal `{ kind: 'service', clientId }` that identity's
 * authenticator will produce; everything after authentication is the real app.
 */
export const fakeServiceTokensModule: TsunaguModule = {
  name: 'test-fake-service-tokens',
  kind: 'platform',
  title: { ja: 'テスト用サービストークン', en: 'Test double: service tokens' },
  summary: { ja: 'テスト専用', en: 'Tests only' },
  portal: null,
  migrations: null,
  schemas: [],
  routes: () => async () => undefined,
  authenticators: () => [
    async (request) => {
      const clientId = TOKEN.exec(bearerToken(request) ?? '')?.[1];
      return clientId ? { kind: 'service', clientId, scopes: [] } : undefined;
    },
  ],
};

/** Headers that authenticate a request as the service `clientId` through the test double. */
export const asService = (clientId: string) => ({ authorization: `Bearer test-service:${clientId}` });
