import { createHash, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { NoTables } from '@lib/db/database.ts';
import { LedgerWriter, type LedgerOptions } from './ledger.ts';
import { ledgerReads } from './reads.ts';
import { ledgerSql, type NewAccount } from './repository.ts';
import { ISSUER_KINDS, type AccountKind, type CurrencyCode } from './types.ts';

export type { Posting, PostingOutcome, Leg, AccountKind, CurrencyCode, TransferKind } from './types.ts';
export { fiscalYearOf, MAX_AMOUNT } from './types.ts';
export { ledgerReads } from './reads.ts';

/** A digest of a request's meaningful fields, to tell a retry from a different request under the same key. */
export function fingerprintOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('base64url');
}

export type OpenAccount = {
  kind: AccountKind;
  currency?: CurrencyCode;
  owner?: string | null;
  name: string;
  shards?: number;
  field?: string | null;
  restriction?: NewAccount['restriction'];
  campaignId?: string | null;
  expiresAt?: Date | null;
  id?: string;
};

/** The ledger: accounts, the group-commit writer, and reads. */
export class Ledger {
  readonly writer: LedgerWriter;

  constructor(
    readonly db: Kysely<NoTables>,
    options: LedgerOptions,
  ) {
    this.writer = new LedgerWriter(db, options);
  }

  async openAccount(input: OpenAccount, db: Kysely<NoTables> = this.db): Promise<string> {
    const id = input.id ?? randomUUID();
    const currency = input.currency ?? (input.kind === 'points' || input.kind === 'point_issuer' || input.kind === 'shop_points' ? 'PT' : 'JPY');
    await ledgerSql.insertAccount(db, {
      id,
      kind: input.kind,
      currency,
      owner: input.owner ?? null,
      name: input.name,
      mayGoNegative: ISSUER_KINDS.includes(input.kind),
      shards: input.shards ?? 1,
      field: input.field ?? null,
      restriction: input.restriction ?? null,
      campaignId: input.campaignId ?? null,
      expiresAt: input.expiresAt ?? null,
    });
    return id;
  }

  post: LedgerWriter['post'] = (posting) => this.writer.post(posting);

  readonly reads = ledgerReads;
}
