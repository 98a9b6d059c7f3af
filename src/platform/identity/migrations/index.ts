import type { ModuleMigrations } from '@lib/db/migrate.ts';
import { identity } from './0001_identity.ts';

export const identityMigrations: ModuleMigrations = {
  schema: 'identity',
  migrations: { '0001_identity': identity },
};
