import type { ModuleMigrations } from '@lib/db/migrate.ts';
import { outboxAndWebhooks } from './0001_outbox_and_webhooks.ts';

export const eventsMigrations: ModuleMigrations = {
  schema: 'events',
  migrations: { '0001_outbox_and_webhooks': outboxAndWebhooks },
};
