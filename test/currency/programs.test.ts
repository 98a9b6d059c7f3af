import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currencyOf } from '@services/currency/currency.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { as, funded, operator, person, shop, type Person } from './support.ts';

process.env.CURRENCY_WORKERS = 'off';

let app: TestApp;
let hanako: Person;
let owner: Person;
let small: { id: string; staticCode: string };
let large: { id: string; staticCode: string };

beforeAll(async () => {
  app = await startTestApp();
  hanako = await person(app);
  owner = await person(app);
  small = await shop(app, owner, { name: '末廣酒造 直売所', size: 'small' });
  large = await shop(app, owner, { name: '大型スーパー', size: 'large' });
  await funded(app, hanako, 30_000);
});
afterAll(() => app.stop());

const campaign = async (extra: Record<string, unknown> = {}) => {
  const now = Date.now();
  const response = await app.http.inject({
    method: 'POST',
    url: '/api/currency/admin/campaigns',
    headers: operator,
    payload: {
      name: `プレミアム商品券 ${randomUUID().slice(0, 4)}`,
      price: 10_000,
      faceValue: 12_500,
      smallShopPart: 5_000,
      perPersonLimit: 1,
      saleStarts: new Date(now - 60_000).toISOString(),
      saleEnds: new Date(now + 30 * 86_400_000).toISOString(),
      expiresAt: new Date(now + 90 * 86_400_000).toISOString(),
      funding: 100_000,
      ...extra,
    },
  });
  return response;
};
const wallet = async (who: Person) =>
  (await as(app, who).get('/api/currency/wallet')).json<{ balance: number; vouchers: { balance: number; restriction: string }[] }>();

describe('premium vouchers', () => {
  it('refuses a campaign whose vouchers would last more than six months', async () => {
    const now = Date.now();
    const response = await campaign({ expiresAt: new Date(now + 200 * 86_400_000).toISOString() });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'invalid_campaign' });
  });

  it('sells ¥12,500 of vouchers for ¥10,000, once per person, spent small-shop part first at a small shop', async () => {
    const c = (await campaign()).json<{ id: string }>();
    const bought = await as(app, hanako).post(`/api/currency/campaigns/${c.id}/purchases`, {});
    expect(bought.statusCode).toBe(201);
    const w = await wallet(hanako);
    expect(w.balance).toBe(20_000);
    expect(w.vouchers.map((v) => [v.restriction, v.balance]).sort()).toEqual([
      ['any_shop', 7_500],
      ['small_shop', 5_000],
    ]);
    const again = await as(app, hanako).post(`/api/currency/campaigns/${c.id}/purchases`, {});
    expect(again.json()).toMatchObject({ code: 'voucher_limit_reached' });

    // A large shop takes only the general part, then the wallet.
    await as(app, hanako).post('/api/currency/payments', { shopCode: large.staticCode, amount: 8_000, useVouchers: true });
    const afterLarge = await wallet(hanako);
    expect(afterLarge.balance).toBe(19_500);
    expect(afterLarge.vouchers.map((v) => [v.restriction, v.balance])).toEqual([['small_shop', 5_000]]);
    await as(app, hanako).post('/api/currency/payments', { shopCode: small.staticCode, amount: 3_000, useVouchers: true });
    expect((await wallet(hanako)).vouchers.map((v) => v.balance)).toEqual([2_000]);
  });

  it('sells one person as many vouchers as the limit allows when they buy them all at once, and not one more', async () => {
    const buyer = await person(app);
    await funded(app, buyer, 100_000);
    const c = (await campaign({ price: 1_000, faceValue: 1_250, smallShopPart: 0, perPersonLimit: 5 })).json<{ id: string }>();
    const answers = await Promise.all(Array.from({ length: 8 }, () => as(app, buyer).post(`/api/currency/campaigns/${c.id}/purchases`, {})));
    const codes = answers.map((a) => (a.statusCode === 201 ? 'bought' : a.json<{ code: string }>().code)).sort();
    expect(codes).toEqual([...Array(5).fill('bought'), ...Array(3).fill('voucher_limit_reached')]);
    const w = await wallet(buyer);
    expect(w.balance).toBe(95_000);
    expect(w.vouchers.map((v) => v.balance)).toEqual([6_250]);
  });

  it('sells a person the vouchers their limit allows when the ledger commits two of their purchases in one batch', async () => {
    const buyer = await person(app);
    await funded(app, buyer, 10_000);
    const c = (await campaign({ price: 1_000, faceValue: 1_250, smallShopPart: 0, perPersonLimit: 3 })).json<{ id: string }>();
    const { programs, core } = currencyOf(app.context);
    const purchases = [];
    for (let i = 0; i < 5; i++) purchases.push(await programs.purchase(buyer.subject, randomUUID(), c.id));
    // The first starts a batch at once; the other four queue behind it and commit together in the next.
    const answers = await Promise.all(
      purchases.map((p) =>
        core.move(p).then(
          () => 'bought',
          (e: { code?: string }) => e.code,
        ),
      ),
    );
    expect(answers).toEqual(['bought', 'bought', 'bought', 'voucher_limit_reached', 'voucher_limit_reached']);
    expect((await wallet(buyer)).vouchers.map((v) => v.balance)).toEqual([3_750]);
  });

  it('returns unused vouchers to the campaign fund at expiry, each as a transfer everyone can count', async () => {
    const c = (await campaign()).json<{ id: string }>();
    const buyer = await person(app);
    await funded(app, buyer, 10_000);
    await as(app, buyer).post(`/api/currency/campaigns/${c.id}/purchases`, {});
    const core = currencyOf(app.context).core;
    const clock = core.clock;
    Object.assign(core, { clock: () => new Date(Date.now() + 91 * 86_400_000) });
    try {
      const expired = await app.http.inject({ method: 'POST', url: `/api/currency/admin/campaigns/${c.id}/expiry`, headers: operator });
      expect(expired.json()).toEqual({ accounts: 2, returned: 12_500 });
    } finally {
      Object.assign(core, { clock });
    }
    const summary = (await app.http.inject({ url: `/api/currency/campaigns/${c.id}` })).json();
    expect(summary).toMatchObject({ sold: 1, issued: 12_500, returnedAtExpiry: 12_500, fundBalance: 100_000 + 10_000 });
    expect((await wallet(buyer)).vouchers).toEqual([]);
  });
});

describe('つなポン', () => {
  it('are awarded by an organiser for a one-time code and spent at a shop that accepts them', async () => {
    const organiser = (
      await app.http.inject({
        method: 'POST',
        url: '/api/currency/admin/businesses',
        headers: operator,
        payload: { name: 'まちづくりボランティア会', kind: 'organiser', size: 'small', field: 'government', ownerSubject: owner.subject },
      })
    ).json<{ id: string }>();
    const stall = await shop(app, owner, { name: 'つなポン歓迎 八百屋', acceptsPoints: true });
    const { code } = (await as(app, hanako).post('/api/currency/wallet/codes', {})).json<{ code: string }>();
    const award = await as(app, owner).post(`/api/currency/organisers/${organiser.id}/awards`, { code, points: 300, reason: '鶴ヶ城清掃' });
    expect(award.statusCode).toBe(201);
    const spent = await as(app, hanako).post('/api/currency/points/payments', { shopCode: stall.staticCode, points: 200 });
    expect(spent.statusCode).toBe(201);
    const tooMany = await as(app, hanako).post('/api/currency/points/payments', { shopCode: stall.staticCode, points: 200 });
    expect(tooMany.json()).toMatchObject({ code: 'insufficient_funds' });
    const refused = await as(app, hanako).post('/api/currency/points/payments', { shopCode: small.staticCode, points: 10 });
    expect(refused.statusCode).toBe(422);
    expect((await as(app, hanako).get('/api/currency/wallet')).json()).toMatchObject({ points: 100 });
  });
});

describe('invoices', () => {
  it('lets a restaurant pay a farm its invoice once (B2B)', async () => {
    const farmer = await person(app);
    const farm = await shop(app, farmer, { name: '会津 山田農園', kind: 'business', field: 'food_agri' });
    const restaurant = await shop(app, owner, { name: '会津料理 鶴', field: 'food_agri' });
    const invoice = await as(app, farmer).post(`/api/currency/businesses/${farm.id}/invoices`, {
      payerBusinessId: restaurant.id,
      amount: 4_000,
      description: '会津野菜 11月分',
    });
    expect(invoice.statusCode).toBe(201);
    const { id } = invoice.json<{ id: string }>();
    const broke = await as(app, owner).post(`/api/currency/businesses/${restaurant.id}/invoices/${id}/payments`, {});
    expect(broke.json()).toMatchObject({ code: 'insufficient_funds' });
    // The restaurant takes a payment first, then pays.
    await as(app, hanako).post('/api/currency/payments', { shopCode: restaurant.staticCode, amount: 5_000 });
    const paid = await as(app, owner).post(`/api/currency/businesses/${restaurant.id}/invoices/${id}/payments`, {});
    expect(paid.statusCode).toBe(201);
    const twice = await as(app, owner).post(`/api/currency/businesses/${restaurant.id}/invoices/${id}/payments`, {});
    expect(twice.json()).toMatchObject({ code: 'invoice_not_open' });
    expect((await as(app, farmer).get(`/api/currency/shops/${farm.id}`)).json()).toMatchObject({ balance: 4_000 });
  });

  it('lets a parent pay a school fee by its pay code from the wallet', async () => {
    const principal = await person(app);
    const school = await shop(app, principal, { name: '会津若松市立 鶴城小学校', kind: 'school', field: 'education' });
    const invoice = (
      await as(app, principal).post(`/api/currency/businesses/${school.id}/invoices`, { amount: 4_800, description: '給食費 11月分' })
    ).json<{
      payCode: string;
    }>();
    expect(invoice.payCode).toMatch(/^INV-/);
    const before = (await wallet(hanako)).balance;
    const paid = await as(app, hanako).post(`/api/currency/invoices/by-code/${invoice.payCode}/payments`, {});
    expect(paid.statusCode).toBe(201);
    expect((await wallet(hanako)).balance).toBe(before - 4_800);
    expect((await as(app, hanako).get(`/api/currency/invoices/by-code/${invoice.payCode}`)).json()).toMatchObject({ status: 'paid' });
  });
});
