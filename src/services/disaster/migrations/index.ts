import type { ModuleMigrations } from '@lib/db/migrate.ts';
import { serviceSessionEndsMigration, serviceSessionMigration } from '@lib/service-kit/index.ts';
import { disaster } from './0001_disaster.ts';
import { linkageRetry } from './0002_linkage_retry.ts';
import { liveFeed } from './0003_live_feed.ts';

export const disasterMigrations: ModuleMigrations = {
  schema: 'disaster',
  migrations: {
    '0000_sessions': serviceSessionMigration('disaster'),
    '0001_disaster': disaster,
    '0002_linkage_retry': linkageRetry,
    '0003_live_feed': liveFeed,
    '0004_session_ends': serviceSessionEndsMigration('disaster'),
  },
};
