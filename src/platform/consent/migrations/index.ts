import type { ModuleMigrations } from '@lib/db/migrate.ts';
import { consent } from './0001_consent.ts';

export const consentMigrations: ModuleMigrations = { schema: 'consent', migrations: { '0001_consent': consent } };
