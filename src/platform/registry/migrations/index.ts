import type { ModuleMigrations } from '@lib/db/migrate.ts';
import { municipality } from './0001_municipality.ts';

export const registryMigrations: ModuleMigrations = {
  schema: 'registry',
  migrations: { '0001_municipality': municipality },
};
