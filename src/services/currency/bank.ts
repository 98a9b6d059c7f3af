import { sql, type Kysely } from 'kysely';
import type { NoTables } from '@lib/db/database.ts';

/**
 * The partner bank, as the currency sees it: debit a resident's registered account when they
 * charge coins, and pay yen out to a shop's account when it cashes out. `reference` makes
 * each call idempotent at the bank.
 */
export type BankGateway = {
  /** Shown in the API and UI so nobody mistakes a demo for real money. */
  readonly label: string;
  readonly demo: boolean;
  debit(input: { reference: string; account: string; amount: number }): Promise<{ ok: true } | { ok: false; reason: string }>;
  payout(input: { reference: string; account: string; amount: number }): Promise<{ ok: true } | { ok: false; reason: string }>;
};

/**
 * DEMO BANK — no real bank behind it. It accepts every debit and payout and books each once per
 * reference in `currency.demo_bank_movement`; an account named `demo-refuse` is refused, so the
 * refusal path can be tried.
 */
export class DemoBank implements BankGateway {
  readonly label = 'デモ銀行 (DEMO BANK — not a real bank; no real money moves)';
  readonly demo = true;

  constructor(private readonly db: Kysely<NoTables>) {}

  debit(input: { reference: string; account: string; amount: number }) {
    return this.book('debit', input);
  }

  payout(input: { reference: string; account: string; amount: number }) {
    return this.book('payout', input);
  }

  private async book(direction: 'debit' | 'payout', input: { reference: string; account: string; amount: number }) {
    if (input.account === 'demo-refuse') return { ok: false as const, reason: 'The demo bank refuses this account.' };
    await sql`insert into currency.demo_bank_movement (reference, direction, account, amount)
      values (${input.reference}, ${direction}, ${input.account}, ${input.amount}) on conflict do nothing`.execute(this.db);
    return { ok: true as const };
  }
}
