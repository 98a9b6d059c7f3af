import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateModules } from '@lib/db/migrate.ts';
import { currencyMigrations } from '@services/currency/migrations/index.ts';
import { currencyOf, type Currency } from '@services/currency/currency.ts';
import { ledgerReads } from '@services/currency/ledger/index.ts';
import { freshDatabase, type TestDatabase } from '../support/database.ts';

let test: TestDatabase;
let currency: Currency;
let shopId: string;
let shopCode: string;
const owner = 'sub-shop-owner';
const taro = 'sub-taro';

beforeAll(async () => {
  test = await freshDatabase();
  await migrateModules(test.database.db, [currencyMigrations]);
  currency = currencyOf(test);
  const shop = await currency.admin.createBusiness({
    name: '鶴ヶ城前 茶屋',
    kind: 'shop',
    size: 'small',
    field: 'retail',
    bankAccount: 'demo-001',
    ownerSubject: owner,
  });
  shopId = shop.id;
  shopCode = shop.static_code;
  await currency.wallet.linkBank(taro, 'デモ銀行', '1234567');
  await currency.wallet.charge(taro, randomUUID(), 10_000);
});
afterAll(async () => {
  await test.drop();
});

const balanceOf = async (subject: string) => (await currency.wallet.view(subject)).balance;

describe('a resident and a shop', () => {
  it('pays by scanning the shop code, and the shop pays the 2% fee out of it', async () => {
    const paid = await currency.wallet.payShop(taro, randomUUID(), { shopCode, amount: 1_000, useVouchers: false });
    expect(paid).toMatchObject({ kind: 'payment', amount: 1_000, fee: 20, replayed: false });
    expect(await balanceOf(taro)).toBe(9_000);
    expect((await currency.shops.balance(owner, shopId)).balance).toBe(980);
  });

  it('pays by a one-time code the shop scans, which works once', async () => {
    const { code } = await currency.wallet.createCode(taro);
    await currency.shops.scanCode(owner, shopId, randomUUID(), { code, amount: 500 });
    await expect(currency.shops.scanCode(owner, shopId, randomUUID(), { code, amount: 500 })).rejects.toMatchObject({ code: 'code_used' });
    expect(await balanceOf(taro)).toBe(8_500);
  });

  it('refuses an expired one-time code and moves nothing', async () => {
    const { code } = await currency.wallet.createCode(taro);
    const later = currency.core.clock;
    Object.assign(currency.core, { clock: () => new Date(Date.now() + 6 * 60_000) });
    try {
      await expect(currency.shops.scanCode(owner, shopId, randomUUID(), { code, amount: 100 })).rejects.toMatchObject({ code: 'code_expired' });
    } finally {
      Object.assign(currency.core, { clock: later });
    }
    expect(await balanceOf(taro)).toBe(8_500);
  });

  it('refunds part of a payment, then the rest, and no more, giving the shop back the fee in proportion', async () => {
    const shopBefore = (await currency.shops.balance(owner, shopId)).balance;
    const paid = await currency.wallet.payShop(taro, randomUUID(), { shopCode, amount: 800, useVouchers: false });
    expect(paid.fee).toBe(16);
    // ¥300 of ¥800 carries ¥6 of the ¥16 fee; the rest returns the other ¥10, so nothing is lost to rounding.
    const part = await currency.shops.refund(owner, shopId, randomUUID(), { paymentId: paid.transferId, amount: 300 });
    expect(part.fee).toBe(-6);
    const rest = await currency.shops.refund(owner, shopId, randomUUID(), { paymentId: paid.transferId, amount: 500 });
    expect(rest.fee).toBe(-10);
    expect((await currency.shops.balance(owner, shopId)).balance).toBe(shopBefore);
    await expect(currency.shops.refund(owner, shopId, randomUUID(), { paymentId: paid.transferId, amount: 1 })).rejects.toMatchObject({
      code: 'refund_exceeds_payment',
    });
    expect(await balanceOf(taro)).toBe(8_500);
  });

  it('does not let someone who is not staff take payments or refund', async () => {
    const { code } = await currency.wallet.createCode(taro);
    await expect(currency.shops.scanCode('sub-stranger', shopId, randomUUID(), { code, amount: 100 })).rejects.toMatchObject({
      code: 'not_a_member',
    });
  });

  it('cashes the shop out to its bank and shows sales net of refunds, the fee on them and the fee saved against a 3.24% card fee', async () => {
    const before = (await currency.shops.balance(owner, shopId)).balance;
    await currency.shops.cashOut(owner, shopId, randomUUID(), before);
    expect((await currency.shops.balance(owner, shopId)).balance).toBe(0);
    const fees = await currency.shops.feeStatement(owner, shopId);
    expect(fees).toMatchObject({
      sales: 2_300,
      refunds: 800,
      netSales: 1_500,
      feesCharged: 46,
      feesReturned: 16,
      fees: 30,
      rateBp: 200,
      annualCap: 12_000,
      typicalRateBp: 324,
      typicalFee: 48,
      feeSaved: 18,
    });
  });

  it('keeps every currency summing to zero', async () => {
    for (const s of await ledgerReads.invariants(test.database.db)) expect(s.balances).toBe(0);
  });
});
