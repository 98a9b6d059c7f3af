import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateModules } from '@lib/db/migrate.ts';
import { currencyMigrations } from '@services/currency/migrations/index.ts';
import { fingerprintOf, fiscalYearOf, Ledger, type Posting } from '@services/currency/ledger/index.ts';
import { freshDatabase, type TestDatabase } from '../support/database.ts';

let test: TestDatabase;
let ledger: Ledger;
let bank: string;
let fees: string;

beforeAll(async () => {
  test = await freshDatabase();
  await migrateModules(test.database.db, [currencyMigrations]);
  ledger = new Ledger(test.database.db, { maxBatch: 50 });
  bank = await ledger.openAccount({ kind: 'bank_issuance', name: 'bank' });
  fees = await ledger.openAccount({ kind: 'fee_income', name: 'fees' });
});
afterAll(async () => {
  await test.drop();
});

function posting(body: Omit<Posting, 'scope' | 'key' | 'fingerprint' | 'transferId'>, key = randomUUID()): Posting {
  return { ...body, scope: 'test', key, fingerprint: fingerprintOf(body.legs), transferId: randomUUID() };
}
const balance = async (id: string) => (await ledger.reads.account(ledger.db, id))?.balance;
const wallet = () => ledger.openAccount({ kind: 'wallet', name: 'wallet' });

describe('idempotency keys', () => {
  it('keeps a payment refused for lack of funds refused under its key, even after the wallet is charged', async () => {
    const [a, shop] = [await wallet(), await ledger.openAccount({ kind: 'shop', name: 'shop' })];
    const pay = posting({ kind: 'payment', legs: [{ from: a, to: shop, amount: 500 }] });
    expect(await ledger.post(pay)).toMatchObject({ ok: false, code: 'insufficient_funds' });
    await ledger.post(posting({ kind: 'charge', legs: [{ from: bank, to: a, amount: 1_000 }] }));
    expect(await ledger.post({ ...pay, transferId: randomUUID() })).toMatchObject({ ok: false, code: 'insufficient_funds', replayed: true });
    expect(await balance(a)).toBe(1_000);
  });

  it('refuses the same key with a different request and moves nothing', async () => {
    const [a, key] = [await wallet(), randomUUID()];
    const first = await ledger.post(posting({ kind: 'charge', legs: [{ from: bank, to: a, amount: 100 }] }, key));
    expect(first.ok).toBe(true);
    expect(await ledger.post(posting({ kind: 'charge', legs: [{ from: bank, to: a, amount: 900 }] }, key))).toMatchObject({
      ok: false,
      code: 'idempotency_key_reused',
    });
    expect(await balance(a)).toBe(100);
  });

  it('answers concurrent retries of one key with one transfer', async () => {
    const a = await wallet();
    const p = posting({ kind: 'charge', legs: [{ from: bank, to: a, amount: 300 }] });
    const answers = await Promise.all([1, 2, 3, 4].map(() => ledger.post({ ...p, transferId: randomUUID() })));
    expect(new Set(answers.map((x) => (x.ok ? x.transferId : x.code))).size).toBe(1);
    expect(await balance(a)).toBe(300);
  });
});

describe('two processes on one ledger', () => {
  it('loses no charge and allows no overdraft when another process changed the balance, and records each balance as it was', async () => {
    // A second writer has its own memory of the balances, as a second server process would.
    const other = new Ledger(test.database.db, { maxBatch: 50 });
    const [a, shop] = [await wallet(), await ledger.openAccount({ kind: 'shop', name: 'stall' })];
    const pay = (writer: Ledger, amount: number) => writer.post(posting({ kind: 'payment', legs: [{ from: a, to: shop, amount }] }));
    await ledger.post(posting({ kind: 'charge', legs: [{ from: bank, to: a, amount: 1_000 }] }));
    expect(await pay(ledger, 300)).toMatchObject({ ok: true });
    await other.post(posting({ kind: 'charge', legs: [{ from: bank, to: a, amount: 600 }] }));
    // This process last saw 700 in the wallet; there are 1,300.
    expect(await pay(ledger, 100)).toMatchObject({ ok: true });
    expect(await pay(other, 1_100)).toMatchObject({ ok: true });
    // And now 100, where this process last saw 1,200.
    expect(await pay(ledger, 500)).toMatchObject({ ok: false, code: 'insufficient_funds' });
    expect([await balance(a), await balance(shop)]).toEqual([100, 1_500]);
    const history = await sql<{ amount: string; balance_after: string }>`
      select amount, balance_after from currency.entry where account_id = ${a} order by id`.execute(test.database.db);
    expect(history.rows.map((r) => [Number(r.amount), Number(r.balance_after)])).toEqual([
      [1_000, 1_000],
      [-300, 700],
      [600, 1_300],
      [-100, 1_200],
      [-1_100, 100],
    ]);
  });
});

describe('multi-leg transfers', () => {
  it('moves nothing when one leg lacks funds (a voucher purchase whose fund is empty)', async () => {
    const [a, fund, voucher] = [
      await wallet(),
      await ledger.openAccount({ kind: 'campaign_fund', name: 'fund' }),
      await ledger.openAccount({ kind: 'voucher', name: 'v' }),
    ];
    await ledger.post(posting({ kind: 'charge', legs: [{ from: bank, to: a, amount: 10_000 }] }));
    const out = await ledger.post(
      posting({
        kind: 'voucher_purchase',
        legs: [
          { from: a, to: fund, amount: 10_000 },
          { from: fund, to: voucher, amount: 12_500 },
        ],
      }),
    );
    expect(out).toMatchObject({ ok: false, code: 'insufficient_funds' });
    expect([await balance(a), await balance(fund), await balance(voucher)]).toEqual([10_000, 0, 0]);
  });

  it('takes the fee with the payment and stops at the annual cap', async () => {
    const [a, shop] = [await wallet(), await ledger.openAccount({ kind: 'shop', name: 'capped', shards: 3 })];
    await ledger.post(posting({ kind: 'charge', legs: [{ from: bank, to: a, amount: 100_000 }] }));
    const fy = fiscalYearOf(new Date());
    const pay = (amount: number) =>
      ledger.post(
        posting({
          kind: 'payment',
          legs: [{ from: a, to: shop, amount }],
          fee: { shop, feeAccount: fees, rateBp: 200, annualCap: 500, fiscalYear: fy, sales: amount },
        }),
      );
    expect(await pay(20_000)).toMatchObject({ ok: true, fee: 400 });
    expect(await pay(20_000)).toMatchObject({ ok: true, fee: 100 });
    expect(await pay(20_000)).toMatchObject({ ok: true, fee: 0 });
    expect(await balance(shop)).toBe(60_000 - 500);
  });
});

describe('group commit', () => {
  it('commits payments posted together on an idle ledger in one batch, the first not sent alone', async () => {
    // Each batch credits one shard of a shop (the next batch the next shard), so the shards say how many batches there were.
    const shop = await ledger.openAccount({ kind: 'shop', name: 'festival stall', shards: 4 });
    const payers = await Promise.all(Array.from({ length: 10 }, () => wallet()));
    await Promise.all(payers.map((a) => ledger.post(posting({ kind: 'charge', legs: [{ from: bank, to: a, amount: 1_000 }] }))));
    const paid = await Promise.all(payers.map((a) => ledger.post(posting({ kind: 'payment', legs: [{ from: a, to: shop, amount: 100 }] }))));
    expect(paid.map((p) => p.ok)).toEqual(payers.map(() => true));
    expect(new Set(paid.map((p) => (p.ok ? p.createdAt : p.code))).size).toBe(1);
    const shards = await sql<{ shard: number }>`select distinct shard from currency.entry where account_id = ${shop}`.execute(test.database.db);
    expect(shards.rows).toHaveLength(1);
    expect(await balance(shop)).toBe(1_000);
  });
});

describe('expiry', () => {
  it('refuses spending from an expired voucher, but lets it go back to its fund', async () => {
    const fund = await ledger.openAccount({ kind: 'campaign_fund', name: 'fund' });
    const voucher = await ledger.openAccount({ kind: 'voucher', name: 'v', expiresAt: new Date(Date.now() - 1) });
    const shop = await ledger.openAccount({ kind: 'shop', name: 'shop' });
    await ledger.post(posting({ kind: 'funding', legs: [{ from: bank, to: fund, amount: 1_000 }] }));
    await ledger.post(posting({ kind: 'voucher_purchase', legs: [{ from: fund, to: voucher, amount: 1_000 }] }));
    expect(await ledger.post(posting({ kind: 'payment', legs: [{ from: voucher, to: shop, amount: 100 }] }))).toMatchObject({
      code: 'voucher_expired',
    });
    expect(await ledger.post(posting({ kind: 'voucher_expiry', legs: [{ from: voucher, to: fund, amount: 1_000 }] }))).toMatchObject({ ok: true });
    expect(await balance(fund)).toBe(1_000);
  });
});

describe('holds', () => {
  it('reserves funds, captures part and releases the rest', async () => {
    const [a, shop] = [await wallet(), await ledger.openAccount({ kind: 'shop', name: 'inn' })];
    await ledger.post(posting({ kind: 'charge', legs: [{ from: bank, to: a, amount: 5_000 }] }));
    const holdId = randomUUID();
    await ledger.post(
      posting({
        kind: 'hold',
        legs: [],
        holdCreate: { id: holdId, account: a, payee: shop, amount: 4_000, expiresAt: new Date(Date.now() + 60_000) },
      }),
    );
    expect(await ledger.post(posting({ kind: 'payment', legs: [{ from: a, to: shop, amount: 2_000 }] }))).toMatchObject({
      code: 'insufficient_funds',
    });
    expect(await ledger.post(posting({ kind: 'hold_capture', legs: [], holdCapture: { holdId, amount: 3_000 } }))).toMatchObject({ ok: true });
    expect(await ledger.post(posting({ kind: 'hold_void', legs: [], holdRelease: { holdId, status: 'voided' } }))).toMatchObject({
      code: 'hold_not_pending',
    });
    expect(await ledger.reads.account(ledger.db, a)).toMatchObject({ balance: 2_000, held: 0 });
  });

  it('cannot capture an expired hold, and expiring it frees the funds', async () => {
    const [a, shop] = [await wallet(), await ledger.openAccount({ kind: 'shop', name: 'taxi' })];
    await ledger.post(posting({ kind: 'charge', legs: [{ from: bank, to: a, amount: 1_000 }] }));
    const holdId = randomUUID();
    await ledger.post(
      posting({ kind: 'hold', legs: [], holdCreate: { id: holdId, account: a, payee: shop, amount: 800, expiresAt: new Date(Date.now() - 1) } }),
    );
    expect(await ledger.post(posting({ kind: 'hold_capture', legs: [], holdCapture: { holdId, amount: 800 } }))).toMatchObject({
      code: 'hold_expired',
    });
    expect(await ledger.post(posting({ kind: 'hold_expiry', legs: [], holdRelease: { holdId, status: 'expired' } }))).toMatchObject({ ok: true });
    expect(await ledger.reads.account(ledger.db, a)).toMatchObject({ balance: 1_000, held: 0 });
  });
});

describe('history', () => {
  it('refunds a payment in parts but never beyond it', async () => {
    const [a, shop] = [await wallet(), await ledger.openAccount({ kind: 'shop', name: 'bakery' })];
    await ledger.post(posting({ kind: 'charge', legs: [{ from: bank, to: a, amount: 1_000 }] }));
    const pay = posting({ kind: 'payment', legs: [{ from: a, to: shop, amount: 1_000 }] });
    await ledger.post(pay);
    const refund = (amount: number) =>
      ledger.post(
        posting({
          kind: 'refund',
          legs: [{ from: shop, to: a, amount }],
          relatedId: pay.transferId,
          refundOf: { transferId: pay.transferId, paymentAmount: 1_000 },
        }),
      );
    expect(await refund(600)).toMatchObject({ ok: true });
    expect(await refund(600)).toMatchObject({ code: 'refund_exceeds_payment' });
    expect(await refund(400)).toMatchObject({ ok: true });
    expect(await balance(a)).toBe(1_000);
  });

  it('shows the balance after each entry in a statement, and refuses to rewrite an entry', async () => {
    const [a, shop] = [await wallet(), await ledger.openAccount({ kind: 'shop', name: 'cafe' })];
    await ledger.post(posting({ kind: 'charge', legs: [{ from: bank, to: a, amount: 3_000 }] }));
    await ledger.post(posting({ kind: 'payment', legs: [{ from: a, to: shop, amount: 1_200 }] }));
    const statement = await ledger.reads.statement(ledger.db, a, new Date(Date.now() - 60_000), new Date(Date.now() + 60_000));
    expect(statement.lines.map((l) => [l.kind, l.amount, l.balanceAfter])).toEqual([
      ['charge', 3_000, 3_000],
      ['payment', -1_200, 1_800],
    ]);
    await expect(sql`update currency.entry set amount = 1 where account_id = ${a}`.execute(ledger.db)).rejects.toThrow(/immutable/);
  });

  it('refuses, whole, a statement writing an entry that names a transfer or an account that does not exist, and never deletes an account', async () => {
    const [a, shop] = [await wallet(), await ledger.openAccount({ kind: 'shop', name: 'stall' })];
    await ledger.post(posting({ kind: 'charge', legs: [{ from: bank, to: a, amount: 500 }] }));
    const [charged] = (await sql<{ transfer_id: string }>`select transfer_id from currency.entry where account_id = ${a}`.execute(ledger.db)).rows;
    const entries = sql`select count(*)::int as n from currency.entry`;
    const before = (await entries.execute(ledger.db)).rows[0];
    // One good row and one bad in the same statement: neither is written.
    const write = (transfer: string, account: string) =>
      sql`insert into currency.entry (transfer_id, leg, account_id, shard, currency, amount, balance_after, created_at)
        values (${charged?.transfer_id}, 9, ${shop}, 0, 'JPY', 1, 1, now()), (${transfer}, 9, ${account}, 0, 'JPY', -1, 0, now())`.execute(ledger.db);
    await expect(write(randomUUID(), a)).rejects.toMatchObject({ code: '23503', message: expect.stringMatching(/names transfer .* does not exist/) });
    await expect(write(charged?.transfer_id as string, randomUUID())).rejects.toMatchObject({
      code: '23503',
      message: expect.stringMatching(/names account/),
    });
    expect((await entries.execute(ledger.db)).rows[0]).toEqual(before);
    await expect(sql`delete from currency.account where id = ${shop}`.execute(ledger.db)).rejects.toThrow(/never deleted/);
    await expect(sql`insert into currency.share_queue (transfer_id) values (${randomUUID()})`.execute(ledger.db)).rejects.toMatchObject({
      code: '23503',
    });
  });

  it('refuses a negative balance on a wallet at the database level, whatever the code does', async () => {
    const a = await wallet();
    await expect(sql`update currency.balance set balance = -1 where account_id = ${a}`.execute(ledger.db)).rejects.toThrow(/check/);
  });
});
