import type { ModuleMigrations } from '@lib/db/migrate.ts';
import { linkage } from './0001_linkage.ts';
import { appendOnly } from './0002_append_only.ts';
import { writeIdempotency } from './0003_write_idempotency.ts';
import { headFillfactor } from './0004_head_fillfactor.ts';
import { entryIdNotIndexed } from './0005_entry_id_not_indexed.ts';
import { recordKeyedByReader } from './0006_record_keyed_by_reader.ts';

export const linkageMigrations: ModuleMigrations = {
  schema: 'linkage',
  migrations: {
    '0001_linkage': linkage,
    '0002_append_only': appendOnly,
    '0003_write_idempotency': writeIdempotency,
    '0004_head_fillfactor': headFillfactor,
    '0005_entry_id_not_indexed': entryIdNotIndexed,
    '0006_record_keyed_by_reader': recordKeyedByReader,
  },
};
