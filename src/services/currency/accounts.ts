import { randomUUID } from 'node:crypto';
import { withTransaction, type NoTables } from '@lib/db/database.ts';
import type { Kysely } from 'kysely';
import type { AccountKind, Ledger } from './ledger/index.ts';
import { currencySql } from './repository.ts';

export type SystemAccounts = { issuance: string; settlement: string; fees: string; pointIssuer: string };

const SYSTEM: readonly { name: keyof SystemAccounts; kind: AccountKind; title: string }[] = [
  { name: 'issuance', kind: 'bank_issuance', title: 'Bank issuance (coins in circulation)' },
  { name: 'settlement', kind: 'bank_settlement', title: 'Bank settlement (coins redeemed for yen)' },
  { name: 'fees', kind: 'fee_income', title: 'Fee income' },
  { name: 'pointIssuer', kind: 'point_issuer', title: 'つなポン issuance' },
];

function uniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === '23505';
}

/** Finds or opens the accounts everyone shares and each person's wallet; ids never change, so they are cached. */
export class AccountDirectory {
  private readonly wallets = new Map<string, { wallet: string; points: string }>();
  private system: SystemAccounts | undefined;

  constructor(
    private readonly db: Kysely<NoTables>,
    private readonly ledger: Ledger,
  ) {}

  async systemAccounts(): Promise<SystemAccounts> {
    if (this.system) return this.system;
    const found: Partial<SystemAccounts> = {};
    for (const s of SYSTEM) found[s.name] = await this.systemAccount(s.name, s.kind, s.title);
    this.system = found as SystemAccounts;
    return this.system;
  }

  private async systemAccount(name: string, kind: AccountKind, title: string): Promise<string> {
    const existing = await currencySql.systemAccount(this.db, name);
    if (existing) return existing;
    try {
      return await withTransaction(this.db, async (tx) => {
        const id = await this.ledger.openAccount({ kind, name: title }, tx);
        await currencySql.insertSystemAccount(tx, name, id);
        return id;
      });
    } catch (error) {
      if (!uniqueViolation(error)) throw error;
      const raced = await currencySql.systemAccount(this.db, name);
      if (!raced) throw error;
      return raced;
    }
  }

  /** A person's wallet (JPY coins) and つなポン account, opened on first use. */
  async walletOf(subject: string): Promise<{ wallet: string; points: string }> {
    const cached = this.wallets.get(subject);
    if (cached) return cached;
    const owner = `user:${subject}`;
    const ensure = async (kind: 'wallet' | 'points', name: string) => {
      const existing = await currencySql.accountOf(this.db, owner, kind);
      if (existing) return existing;
      try {
        return await withTransaction(this.db, (tx) => this.ledger.openAccount({ kind, owner, name, id: randomUUID() }, tx));
      } catch (error) {
        const raced = uniqueViolation(error) ? await currencySql.accountOf(this.db, owner, kind) : undefined;
        if (!raced) throw error;
        return raced;
      }
    };
    const accounts = { wallet: await ensure('wallet', 'Wallet'), points: await ensure('points', 'つなポン') };
    this.wallets.set(subject, accounts);
    return accounts;
  }
}
