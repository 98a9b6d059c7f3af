import { createApp, type AppOptions, type TsunaguApp } from '../../src/app.ts';
import { loadConfig, type Config } from '@lib/config.ts';
import { freshDatabase, type TestDatabase } from './database.ts';

export const OPERATOR_TOKEN = 'test-operator-token-0123456789abcdef';

export type TestApp = TsunaguApp & { config: Config; testDatabase: TestDatabase; stop(): Promise<void> };

/** A whole Tsunagu on a fresh database, seeded with the demo city unless told otherwise. */
export async function startTestApp(env: Record<string, string> = {}, options: Pick<AppOptions, 'modules'> = {}): Promise<TestApp> {
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    DATA_DIR: 'memory://',
    SEED_DEMO: 'true',
    OPERATOR_TOKEN,
    RATE_LIMIT_PER_MINUTE: '100000',
    WEB_DIR: 'web/dist',
    ...env,
  });
  const testDatabase = await freshDatabase();
  const app = await createApp(config, { ...options, database: testDatabase.database }).catch(async (error: unknown) => {
    await testDatabase.drop();
    throw error;
  });
  return {
    ...app,
    config,
    testDatabase,
    async stop() {
      try {
        await app.close();
      } finally {
        await testDatabase.drop();
      }
    },
  };
}
