import type { ModuleMigrations } from '@lib/db/migrate.ts';
import { consent } from './0001_consent.ts';
import { latestRecord } from './0002_latest_record.ts';

export const consentMigrations: ModuleMigrations = { schema: 'consent', migrations: { '0001_consent': consent, '0002_latest_record': latestRecord } };
