import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/app.ts';
import { ALL_MODULES } from '../../src/modules.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { as, person } from './support.ts';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

describe('the currency demo', () => {
  it('gives taro a charged wallet, a demo shop its owner runs, and a voucher campaign on sale, and stays the same when seeded again', async () => {
    await seedDemo(app.context, ALL_MODULES, () => undefined);
    const taro = await person(app, 'taro@demo.tsunagu.example');
    expect((await as(app, taro).get('/api/currency/wallet')).json()).toMatchObject({ balance: 5_000, bank: { demo: true } });
    const owner = await person(app, 'shop@demo.tsunagu.example');
    const businesses = (await as(app, owner).get('/api/currency/me/businesses')).json<{
      businesses: { business: { staticCode: string }; role: string }[];
    }>();
    expect(businesses.businesses).toEqual([
      expect.objectContaining({ role: 'owner', business: expect.objectContaining({ staticCode: 'TSG-DEMO-CHAYA' }) }),
    ]);
    const campaigns = (await app.http.inject({ url: '/api/currency/campaigns' })).json<{ campaigns: unknown[] }>();
    expect(campaigns.campaigns).toHaveLength(1);
  });

  it("walks the issue's demo: charge, pay by QR both ways, buy and spend a voucher, cash out and read the fee statement", async () => {
    const taro = await person(app, 'taro@demo.tsunagu.example');
    const owner = await person(app, 'shop@demo.tsunagu.example');
    const [{ business: chaya }] = (await as(app, owner).get('/api/currency/me/businesses')).json<{ businesses: [{ business: { id: string } }] }>()
      .businesses;
    expect((await as(app, taro).post('/api/currency/wallet/charges', { amount: 10_000 })).statusCode).toBe(201);
    expect((await as(app, taro).post('/api/currency/payments', { shopCode: 'TSG-DEMO-CHAYA', amount: 1_200 })).statusCode).toBe(201);
    const { code } = (await as(app, taro).post('/api/currency/wallet/codes', {})).json<{ code: string }>();
    expect((await as(app, owner).post(`/api/currency/shops/${chaya.id}/scans`, { code, amount: 800 })).statusCode).toBe(201);
    const [campaign] = (await app.http.inject({ url: '/api/currency/campaigns' })).json<{ campaigns: [{ id: string }] }>().campaigns;
    expect((await as(app, taro).post(`/api/currency/campaigns/${campaign.id}/purchases`, {})).statusCode).toBe(201);
    const spent = await as(app, taro).post('/api/currency/payments', { shopCode: 'TSG-DEMO-CHAYA', amount: 6_000, useVouchers: true });
    expect(spent.statusCode).toBe(201);
    const wallet = (await as(app, taro).get('/api/currency/wallet')).json<{ balance: number; vouchers: { balance: number }[] }>();
    expect(wallet.balance).toBe(5_000 + 10_000 - 1_200 - 800 - 10_000);
    expect(wallet.vouchers.reduce((sum, v) => sum + v.balance, 0)).toBe(12_500 - 6_000);
    const { balance } = (await as(app, owner).get(`/api/currency/shops/${chaya.id}`)).json<{ balance: number }>();
    expect((await as(app, owner).post(`/api/currency/shops/${chaya.id}/cash-outs`, { amount: balance })).statusCode).toBe(201);
    const fees = (await as(app, owner).get(`/api/currency/shops/${chaya.id}/fee-statement`)).json();
    expect(fees).toMatchObject({ sales: 8_000, fees: 160, typicalFee: 259, feeSaved: 99 });
  });
});
