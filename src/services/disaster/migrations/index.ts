import type { ModuleMigrations } from '@lib/db/migrate.ts';
import { serviceSessionMigration } from '@lib/service-kit/index.ts';
import { disaster } from './0001_disaster.ts';

export const disasterMigrations: ModuleMigrations = {
  schema: 'disaster',
  migrations: { '0000_sessions': serviceSessionMigration('disaster'), '0001_disaster': disaster },
};
