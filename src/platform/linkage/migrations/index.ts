import type { ModuleMigrations } from '@lib/db/migrate.ts';
import { linkage } from './0001_linkage.ts';

export const linkageMigrations: ModuleMigrations = { schema: 'linkage', migrations: { '0001_linkage': linkage } };
