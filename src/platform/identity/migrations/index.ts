import type { ModuleMigrations } from '@lib/db/migrate.ts';
import { identity } from './0001_identity.ts';
import { tokenIsLive } from './0002_token_is_live.ts';

export const identityMigrations: ModuleMigrations = {
  schema: 'identity',
  migrations: { '0001_identity': identity, '0002_token_is_live': tokenIsLive },
};
