import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateModules } from '@lib/db/migrate.ts';
import { currencyMigrations } from '@services/currency/migrations/index.ts';
import { fingerprintOf, fiscalYearOf, Ledger, type Posting, type PostingOutcome } from '@services/currency/ledger/index.ts';
import { freshDatabase, type TestDatabase } from '../support/database.ts';

let test: TestDatabase;
let ledger: Ledger;

beforeAll(async () => {
  test = await freshDatabase();
  await migrateModules(test.database.db, [currencyMigrations]);
  ledger = new Ledger(test.database.db, { maxBatch: 16 });
});
afterAll(async () => {
  await test.drop();
});

type World = {
  issuer: string;
  fund: string;
  fee: string;
  shops: string[];
  wallets: string[];
  vouchers: string[];
  pointIssuer: string;
  points: string[];
  shopPoints: string;
};

async function world(): Promise<World> {
  const open = (kind: Parameters<Ledger['openAccount']>[0]['kind'], name: string, shards = 1) => ledger.openAccount({ kind, name, shards });
  const w: World = {
    issuer: await open('bank_issuance', 'bank'),
    fund: await open('campaign_fund', 'fund'),
    fee: await open('fee_income', 'fees'),
    shops: [await open('shop', 'hot stall', 4), await open('shop', 'corner shop')],
    wallets: [await open('wallet', 'a'), await open('wallet', 'b'), await open('wallet', 'c')],
    vouchers: [await open('voucher', 'va'), await open('voucher', 'vb')],
    pointIssuer: await open('point_issuer', 'volunteers'),
    points: [await open('points', 'pa'), await open('points', 'pb')],
    shopPoints: await open('shop_points', 'stall points'),
  };
  await ledger.post(posting({ kind: 'funding', legs: [{ from: w.issuer, to: w.fund, amount: 50_000 }] }, 'fund'));
  return w;
}

let counter = 0;
function posting(body: Omit<Posting, 'scope' | 'key' | 'fingerprint' | 'transferId'>, key = `k${counter++}`, scope = 'test'): Posting {
  return {
    ...body,
    scope,
    key,
    fingerprint: fingerprintOf({ kind: body.kind, legs: body.legs, hold: body.holdCapture ?? body.holdRelease ?? body.holdCreate?.amount ?? null }),
    transferId: randomUUID(),
  };
}

const amount = fc.oneof(fc.integer({ min: 1, max: 3_000 }), fc.integer({ min: 1, max: 40_000 }));
const idx = fc.nat(9);
const command = fc.oneof(
  fc.record({ t: fc.constant('charge' as const), w: idx, a: amount }),
  fc.record({ t: fc.constant('pay' as const), w: idx, s: idx, a: amount }),
  fc.record({ t: fc.constant('refund' as const), p: idx, a: amount }),
  fc.record({ t: fc.constant('hold' as const), w: idx, s: idx, a: amount, expired: fc.boolean() }),
  fc.record({ t: fc.constant('capture' as const), h: idx, a: amount }),
  fc.record({ t: fc.constant('void' as const), h: idx }),
  fc.record({ t: fc.constant('expire' as const), h: idx }),
  fc.record({ t: fc.constant('voucher' as const), w: idx }),
  fc.record({ t: fc.constant('voucherExpiry' as const), w: idx }),
  fc.record({ t: fc.constant('points' as const), w: idx, a: amount, spend: fc.boolean() }),
  fc.record({ t: fc.constant('retry' as const), p: idx, tamper: fc.boolean() }),
);

const pick = <T>(list: readonly T[], i: number): T => list[i % list.length] as T;

describe('the ledger under random sequences of charges, payments, holds, refunds, vouchers and expiries', () => {
  it('keeps every currency summing to zero, no forbidden negative, the fee income equal to the fees the shops kept, and every retry answering as the first time', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(command, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 }), async (groups) => {
        const w = await world();
        const done: { posting: Posting; outcome: PostingOutcome }[] = [];
        const payments: { id: string; shop: string; wallet: string; amount: number; fee?: number }[] = [];
        const holds: string[] = [];
        const fy = fiscalYearOf(new Date());
        for (const group of groups) {
          const batch: Posting[] = [];
          for (const c of group) {
            switch (c.t) {
              case 'charge':
                batch.push(posting({ kind: 'charge', legs: [{ from: w.issuer, to: pick(w.wallets, c.w), amount: c.a }] }));
                break;
              case 'pay': {
                const shop = pick(w.shops, c.s);
                const p = posting({
                  kind: 'payment',
                  legs: [{ from: pick(w.wallets, c.w), to: shop, amount: c.a }],
                  fee: { shop, feeAccount: w.fee, rateBp: 200, annualCap: 1_200, fiscalYear: fy, sales: c.a },
                });
                batch.push(p);
                payments.push({ id: p.transferId, shop, wallet: pick(w.wallets, c.w), amount: c.a });
                break;
              }
              case 'refund': {
                const paid = payments[c.p % Math.max(1, payments.length)];
                // A payment whose fee is known (it committed in an earlier group) gives the fee back in proportion.
                const fee = paid?.fee === undefined ? undefined : { shop: paid.shop, feeAccount: w.fee, fiscalYear: fy, paymentFee: paid.fee };
                if (paid)
                  batch.push(
                    posting({
                      kind: 'refund',
                      legs: [{ from: paid.shop, to: paid.wallet, amount: c.a }],
                      relatedId: paid.id,
                      refundOf: { transferId: paid.id, paymentAmount: paid.amount, ...(fee ? { fee } : {}) },
                    }),
                  );
                break;
              }
              case 'hold': {
                const id = randomUUID();
                holds.push(id);
                const expiresAt = new Date(Date.now() + (c.expired ? -1 : 60_000));
                batch.push(
                  posting({
                    kind: 'hold',
                    legs: [],
                    holdCreate: { id, account: pick(w.wallets, c.w), payee: pick(w.shops, c.s), amount: c.a, expiresAt },
                  }),
                );
                break;
              }
              case 'capture':
                if (holds.length) batch.push(posting({ kind: 'hold_capture', legs: [], holdCapture: { holdId: pick(holds, c.h), amount: c.a } }));
                break;
              case 'void':
              case 'expire':
                if (holds.length)
                  batch.push(
                    posting({
                      kind: c.t === 'void' ? 'hold_void' : 'hold_expiry',
                      legs: [],
                      holdRelease: { holdId: pick(holds, c.h), status: c.t === 'void' ? 'voided' : 'expired' },
                    }),
                  );
                break;
              case 'voucher': {
                const wallet = pick(w.wallets, c.w);
                batch.push(
                  posting({
                    kind: 'voucher_purchase',
                    legs: [
                      { from: wallet, to: w.fund, amount: 10_000 },
                      { from: w.fund, to: pick(w.vouchers, c.w), amount: 12_500 },
                    ],
                  }),
                );
                break;
              }
              case 'voucherExpiry': {
                const voucher = pick(w.vouchers, c.w);
                const row = await ledger.reads.account(ledger.db, voucher);
                if (row && row.balance > 0)
                  batch.push(posting({ kind: 'voucher_expiry', legs: [{ from: voucher, to: w.fund, amount: row.balance }] }));
                break;
              }
              case 'points':
                batch.push(
                  posting({
                    kind: c.spend ? 'points_spend' : 'points_award',
                    legs: [
                      c.spend
                        ? { from: pick(w.points, c.w), to: w.shopPoints, amount: c.a }
                        : { from: w.pointIssuer, to: pick(w.points, c.w), amount: c.a },
                    ],
                  }),
                );
                break;
              case 'retry': {
                const original = done[c.p % Math.max(1, done.length)];
                if (original)
                  batch.push(
                    c.tamper
                      ? { ...original.posting, fingerprint: `${original.posting.fingerprint}x`, transferId: randomUUID() }
                      : { ...original.posting, transferId: randomUUID() },
                  );
                break;
              }
            }
          }
          const outcomes = await Promise.all(batch.map((p) => ledger.post(p)));
          batch.forEach((p, i) => {
            const outcome = outcomes[i] as PostingOutcome;
            const payment = payments.find((x) => x.id === p.transferId);
            if (payment && outcome.ok) payment.fee = outcome.fee;
            const first = done.find((d) => d.posting.key === p.key);
            if (!first) return done.push({ posting: p, outcome });
            if (p.fingerprint !== first.posting.fingerprint) expect(outcome).toMatchObject({ ok: false, code: 'idempotency_key_reused' });
            else expect({ ...outcome, replayed: false }).toEqual({ ...first.outcome, replayed: false });
          });
        }
        const sums = await ledger.reads.invariants(ledger.db);
        for (const s of sums) {
          expect(s.balances).toBe(0);
          expect(s.entries).toBe(0);
        }
        expect(await ledger.reads.violations(ledger.db)).toBe(0);
        // The fee income holds exactly the fees the shops' years kept (charged minus given back by refunds).
        const kept = await sql<{ kept: number }>`select coalesce(sum(fees - fees_returned), 0)::bigint as kept from currency.fee_year
          where account_id = any(${w.shops}::uuid[])`.execute(ledger.db);
        expect((await ledger.reads.account(ledger.db, w.fee))?.balance).toBe(kept.rows[0]?.kept);
        for (const wallet of [...w.wallets, ...w.vouchers, ...w.points, ...w.shops]) {
          const row = await ledger.reads.account(ledger.db, wallet);
          expect(row?.balance).toBeGreaterThanOrEqual(row?.held ?? 0);
        }
      }),
      { numRuns: 20 },
    );
  });
});
