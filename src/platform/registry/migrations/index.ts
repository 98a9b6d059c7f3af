import type { ModuleMigrations } from '@lib/db/migrate.ts';
import { municipality } from './0001_municipality.ts';
import { residents } from './0002_residents.ts';

export const registryMigrations: ModuleMigrations = {
  schema: 'registry',
  migrations: { '0001_municipality': municipality, '0002_residents': residents },
};
