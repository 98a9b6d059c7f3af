import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@lib/config.ts';
import { currencyOf } from '@services/currency/currency.ts';
import type { BankGateway } from '@services/currency/bank.ts';
import { createApp } from '../../src/app.ts';
import { OPERATOR_TOKEN } from '../support/app.ts';
import { freshDatabase, type TestDatabase } from '../support/database.ts';

process.env.CURRENCY_WORKERS = 'off';

let dataDir: string;
let postgres: TestDatabase | undefined;
let config: ReturnType<typeof loadConfig>;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsunagu-currency-payouts-'));
  postgres = process.env.DATABASE_URL ? await freshDatabase() : undefined;
  // The app owns the database here (no shared handle), so a second app can open it after the first closed.
  if (postgres) await postgres.database.close();
  config = loadConfig({
    DATA_DIR: dataDir,
    ...(postgres?.url ? { DATABASE_URL: postgres.url } : {}),
    OPERATOR_TOKEN,
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'false',
    WEB_DIR: 'web/dist',
  });
});
afterAll(async () => {
  await postgres?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** A shop cashes out, and the process dies after the ledger committed and before the bank was told. */
async function crashMidCashOut(): Promise<{ transferId: string; shopId: string }> {
  const before = await createApp(config);
  try {
    const currency = currencyOf(before.context);
    const shop = await currency.admin.createBusiness({
      name: '大町 たい焼き',
      kind: 'shop',
      size: 'small',
      field: 'retail',
      bankAccount: 'デモ銀行 大町 7001',
      ownerSubject: 'sub-owner',
    });
    await currency.wallet.linkBank('sub-hanako', 'デモ銀行', '1234567');
    await currency.wallet.charge('sub-hanako', randomUUID(), 5_000);
    await currency.wallet.payShop('sub-hanako', randomUUID(), { shopCode: shop.static_code, amount: 1_000, useVouchers: false });
    // The process dies after the ledger committed the cash-out and before the bank was told.
    const crashing: BankGateway = {
      label: currency.core.bank.label,
      demo: true,
      debit: (input) => currency.core.bank.debit(input),
      payout: () => Promise.reject(new Error('SIGKILL')),
    };
    Object.assign(currency.core, { bank: crashing });
    await expect(currency.shops.cashOut('sub-owner', shop.id, randomUUID(), 980)).rejects.toThrow('SIGKILL');
    const pending = await sql<{ transfer_id: string; status: string }>`select transfer_id, status from currency.payout`.execute(
      before.context.database.db,
    );
    expect(pending.rows).toMatchObject([{ status: 'pending' }]);
    return { transferId: pending.rows[0]?.transfer_id ?? '', shopId: shop.id };
  } finally {
    await before.close();
  }
}

describe('cash-outs a crash cut off between the ledger and the bank', () => {
  it('pays out a cash-out left pending in the database once a new app starts on it, and only once', async () => {
    const { transferId, shopId } = await crashMidCashOut();
    const after = await createApp(config);
    try {
      const db = after.context.database.db;
      const payout = await sql<{
        status: string;
        attempts: number;
      }>`select status, attempts from currency.payout where transfer_id = ${transferId}`.execute(db);
      expect(payout.rows).toEqual([{ status: 'paid', attempts: 1 }]);
      const bank = await sql<{ direction: string; account: string; amount: number }>`select direction, account, amount::int as amount
        from currency.demo_bank_movement where reference = ${transferId}`.execute(db);
      expect(bank.rows).toEqual([{ direction: 'payout', account: 'デモ銀行 大町 7001', amount: 980 }]);
      // The coins stay cashed out: nothing was reversed, and a later round finds nothing left to pay.
      expect((await currencyOf(after.context).shops.balance('sub-owner', shopId)).balance).toBe(0);
      expect(await currencyOf(after.context).payouts.reconcile(0)).toEqual({ paid: 0, refused: 0, failed: 0 });
    } finally {
      await after.close();
    }
  });
});
