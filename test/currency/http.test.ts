import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { as, funded, operator, person, shop, type Person } from './support.ts';

let app: TestApp;
let taro: Person;
let owner: Person;
let cafe: { id: string; staticCode: string };

beforeAll(async () => {
  app = await startTestApp();
  taro = await person(app);
  owner = await person(app);
  cafe = await shop(app, owner);
  await funded(app, taro, 20_000);
});
afterAll(() => app.stop());

const balance = async (who: Person) => (await as(app, who).get('/api/currency/wallet')).json<{ balance: number }>().balance;

describe('a resident with a wallet', () => {
  it('sees the charge from the demo bank, labelled as a demo', async () => {
    const wallet = (await as(app, taro).get('/api/currency/wallet')).json<{ bank: { label: string } }>();
    expect(wallet).toMatchObject({ balance: 20_000, bank: { demo: true, accountMasked: '****567' } });
    expect(wallet.bank.label).toMatch(/DEMO/);
  });

  it('gets the original answer when retrying a charge with the same key, and 409 for another request under it', async () => {
    const key = randomUUID();
    const first = await as(app, taro).post('/api/currency/wallet/charges', { amount: 1_000 }, key);
    const retry = await as(app, taro).post('/api/currency/wallet/charges', { amount: 1_000 }, key);
    expect(retry.statusCode).toBe(201);
    expect(retry.json()).toMatchObject({ transferId: first.json<{ transferId: string }>().transferId, replayed: true });
    const other = await as(app, taro).post('/api/currency/wallet/charges', { amount: 5_000 }, key);
    expect(other.statusCode).toBe(409);
    expect(other.json()).toMatchObject({ code: 'idempotency_key_reused' });
    expect(await balance(taro)).toBe(21_000);
  });

  it('pays a shop by its QR code and the payment shows in the history with the balance after it', async () => {
    const paid = await as(app, taro).post('/api/currency/payments', { shopCode: cafe.staticCode, amount: 1_500 });
    expect(paid.statusCode).toBe(201);
    expect(paid.json()).toMatchObject({ kind: 'payment', amount: 1_500, fee: 30, payee: { name: '七日町 珈琲店', field: 'retail' } });
    const history = (await as(app, taro).get('/api/currency/wallet/history')).json<{ lines: unknown[] }>();
    expect(history.lines.at(-1)).toMatchObject({ kind: 'payment', amount: -1_500, balanceAfter: 19_500, description: '七日町 珈琲店' });
  });

  it('pays by showing a one-time code the shop scans, once', async () => {
    const { code } = (await as(app, taro).post('/api/currency/wallet/codes', {})).json<{ code: string }>();
    const scanned = await as(app, owner).post(`/api/currency/shops/${cafe.id}/scans`, { code, amount: 700 });
    expect(scanned.statusCode).toBe(201);
    const again = await as(app, owner).post(`/api/currency/shops/${cafe.id}/scans`, { code, amount: 700 });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'code_used' });
    expect(await balance(taro)).toBe(18_800);
  });
});

describe('bad input moves nothing', () => {
  it.each([
    ['zero', 0],
    ['negative', -100],
    ['fractional', 10.5],
    ['huge', 10_000_001],
  ])('refuses a %s amount with 400', async (_name, amount) => {
    const before = await balance(taro);
    const response = await as(app, taro).post('/api/currency/payments', { shopCode: cafe.staticCode, amount });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ code: 'validation_failed' });
    expect(await balance(taro)).toBe(before);
  });

  it('refuses a payment without an idempotency key', async () => {
    const response = await app.http.inject({
      method: 'POST',
      url: '/api/currency/payments',
      headers: { cookie: taro.cookie },
      payload: { shopCode: cafe.staticCode, amount: 100 },
    });
    expect(response.statusCode).toBe(400);
  });

  it('refuses an unknown shop code with 404', async () => {
    const response = await as(app, taro).post('/api/currency/payments', { shopCode: 'TSG-NOSUCHSHOP', amount: 100 });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'shop_not_found' });
  });

  it('refuses more than the balance with 422, and the refusal stays under its key', async () => {
    const before = await balance(taro);
    const key = randomUUID();
    const response = await as(app, taro).post('/api/currency/payments', { shopCode: cafe.staticCode, amount: 9_000_000 }, key);
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'insufficient_funds' });
    await funded(app, taro, 1);
    const retry = await as(app, taro).post('/api/currency/payments', { shopCode: cafe.staticCode, amount: 9_000_000 }, key);
    expect(retry.statusCode).toBe(422);
    expect(await balance(taro)).toBe(before + 1);
  });

  it("refuses someone else's shop with 403", async () => {
    const stranger = await person(app);
    const response = await as(app, stranger).get(`/api/currency/shops/${cafe.id}`);
    expect(response.statusCode).toBe(403);
    const cashOut = await as(app, stranger).post(`/api/currency/shops/${cafe.id}/cash-outs`, { amount: 100 });
    expect(cashOut.statusCode).toBe(403);
  });

  it('refuses a wallet route to someone not signed in to the currency', async () => {
    const response = await app.http.inject({ url: '/api/currency/wallet' });
    expect(response.statusCode).toBe(401);
  });

  it('refuses an expired one-time code with 410', async () => {
    const { code } = (await as(app, taro).post('/api/currency/wallet/codes', {})).json<{ code: string }>();
    const { currencyOf } = await import('@services/currency/currency.ts');
    const core = currencyOf(app.context).core;
    const clock = core.clock;
    Object.assign(core, { clock: () => new Date(Date.now() + 10 * 60_000) });
    try {
      const response = await as(app, owner).post(`/api/currency/shops/${cafe.id}/scans`, { code, amount: 100 });
      expect(response.statusCode).toBe(410);
      expect(response.json()).toMatchObject({ code: 'code_expired' });
    } finally {
      Object.assign(core, { clock });
    }
  });
});

describe('a shop', () => {
  it('refunds part of a payment, and cashes out to its bank, reading a fee statement net of the refund after', async () => {
    const paid = (await as(app, taro).post('/api/currency/payments', { shopCode: cafe.staticCode, amount: 2_000 })).json<{ transferId: string }>();
    const refund = await as(app, owner).post(`/api/currency/shops/${cafe.id}/refunds`, { paymentId: paid.transferId, amount: 500 });
    expect(refund.statusCode).toBe(201);
    const tooMuch = await as(app, owner).post(`/api/currency/shops/${cafe.id}/refunds`, { paymentId: paid.transferId, amount: 1_501 });
    expect(tooMuch.json()).toMatchObject({ code: 'refund_exceeds_payment' });
    const { balance: shopBalance } = (await as(app, owner).get(`/api/currency/shops/${cafe.id}`)).json<{ balance: number }>();
    const cashOut = await as(app, owner).post(`/api/currency/shops/${cafe.id}/cash-outs`, { amount: shopBalance });
    expect(cashOut.statusCode).toBe(201);
    expect((await as(app, owner).get(`/api/currency/shops/${cafe.id}`)).json()).toMatchObject({ balance: 0 });
    const fees = (await as(app, owner).get(`/api/currency/shops/${cafe.id}/fee-statement`)).json();
    // The ¥500 refund of the ¥2,000 payment took back a quarter of its ¥40 fee.
    expect(fees).toMatchObject({
      sales: 4_200,
      refunds: 500,
      netSales: 3_700,
      feesReturned: 10,
      fees: 74,
      typicalRateBp: 324,
      typicalFee: 119,
      feeSaved: 45,
    });
  });

  it('is charged at the city counter by staff who scan the resident code', async () => {
    const staff = await person(app);
    await app.http.inject({ method: 'PUT', url: `/api/currency/admin/staff/${staff.subject}`, headers: operator, payload: { role: 'counter' } });
    const before = await balance(taro);
    const { code } = (await as(app, taro).post('/api/currency/wallet/codes', {})).json<{ code: string }>();
    const charged = await as(app, staff).post('/api/currency/counter/charges', { code, amount: 3_000 });
    expect(charged.statusCode).toBe(201);
    expect(await balance(taro)).toBe(before + 3_000);
    const notStaff = await as(app, owner).post('/api/currency/counter/charges', { code, amount: 3_000 });
    expect(notStaff.statusCode).toBe(403);
  });

  it('leaves every currency summing to zero', async () => {
    const check = (await app.http.inject({ url: '/api/currency/admin/invariants', headers: operator })).json<{
      violations: number;
      currencies: { balances: number }[];
    }>();
    expect(check.violations).toBe(0);
    for (const c of check.currencies) expect(c.balances).toBe(0);
  });
});
