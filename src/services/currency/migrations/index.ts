import type { ModuleMigrations } from '@lib/db/migrate.ts';
import { serviceSessionEndsMigration, serviceSessionMigration } from '@lib/service-kit/session-store.ts';
import { ledger } from './0001_ledger.ts';
import { domain } from './0002_domain.ts';
import { programs } from './0003_programs.ts';
import { finish } from './0004_finish.ts';
import { shareQueue } from './0005_share_queue.ts';
import { checkedWrites } from './0006_checked_writes.ts';
import { sharePerStatement } from './0007_share_per_statement.ts';
import { lighterLedgerWrites } from './0008_lighter_ledger_writes.ts';
import { shareQueueBySeq } from './0009_share_queue_by_seq.ts';
import { noLinkageResult } from './0010_no_linkage_result.ts';
import { staticReferenceChecks } from './0011_static_reference_checks.ts';

export const currencyMigrations: ModuleMigrations = {
  schema: 'currency',
  migrations: {
    '0000_sessions': serviceSessionMigration('currency'),
    '0001_ledger': ledger,
    '0002_domain': domain,
    '0003_programs': programs,
    '0004_finish': finish,
    '0005_share_queue': shareQueue,
    '0006_checked_writes': checkedWrites,
    '0007_share_per_statement': sharePerStatement,
    '0008_lighter_ledger_writes': lighterLedgerWrites,
    '0009_share_queue_by_seq': shareQueueBySeq,
    '0010_no_linkage_result': noLinkageResult,
    '0011_static_reference_checks': staticReferenceChecks,
    '0012_session_ends': serviceSessionEndsMigration('currency'),
  },
};
