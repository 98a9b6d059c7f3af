import type { ModuleMigrations } from '@lib/db/migrate.ts';
import { identity } from './0001_identity.ts';
import { liveToken } from './0002_live_token.ts';

export const identityMigrations: ModuleMigrations = {
  schema: 'identity',
  migrations: { '0001_identity': identity, '0002_live_token': liveToken },
};
