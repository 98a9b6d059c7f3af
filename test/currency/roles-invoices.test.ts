import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { as, funded, person, shop, type Person } from './support.ts';

process.env.CURRENCY_WORKERS = 'off';

let app: TestApp;
let parent: Person;

beforeAll(async () => {
  app = await startTestApp();
  parent = await person(app);
  await funded(app, parent, 20_000);
});
afterAll(() => app.stop());

type Me = { businesses: { id: string; name: string; kind: string; role: string }[]; cityStaff: string | null; portals: Record<string, boolean> };
const me = async (who: Person) => (await as(app, who).get('/api/currency/me')).json<Me>();

const campaign = {
  name: '市職員が作る商品券',
  price: 5_000,
  faceValue: 6_000,
  smallShopPart: 0,
  perPersonLimit: 1,
  saleStarts: new Date(Date.now() - 60_000).toISOString(),
  saleEnds: new Date(Date.now() + 86_400_000).toISOString(),
  expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
  funding: 10_000,
};

describe('who may use which portal', () => {
  it('tells each demo person their roles: a resident only the wallet, the shop owner their shop, the city staff their role', async () => {
    expect(await me(parent)).toMatchObject({ businesses: [], cityStaff: null, portals: { wallet: true, shop: false, admin: false } });
    const owner = await person(app, 'shop@demo.tsunagu.example');
    expect(await me(owner)).toMatchObject({
      businesses: [{ name: 'あいづ茶屋（デモ店舗）', kind: 'shop', role: 'owner' }],
      portals: { wallet: true, shop: true, admin: false },
    });
    const school = await person(app, 'school@demo.tsunagu.example');
    expect((await me(school)).businesses).toMatchObject([{ name: 'つなぐ小学校（デモ）', kind: 'school', role: 'owner' }]);
    expect(await me(await person(app, 'counter@demo.tsunagu.example'))).toMatchObject({
      cityStaff: 'counter',
      portals: { admin: true, shop: false },
    });
    expect(await me(await person(app, 'city@demo.tsunagu.example'))).toMatchObject({ cityStaff: 'admin', portals: { admin: true } });
  });

  it('lets the demo city admin start a campaign while signed in, and refuses counter staff and residents', async () => {
    const city = await person(app, 'city@demo.tsunagu.example');
    const created = await as(app, city).post('/api/currency/city/campaigns', campaign);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ name: '市職員が作る商品券', faceValue: 6_000 });
    const counter = await person(app, 'counter@demo.tsunagu.example');
    for (const who of [counter, parent]) {
      const refused = await as(app, who).post('/api/currency/city/campaigns', { ...campaign, name: '作れない商品券' });
      expect(refused.statusCode).toBe(403);
      expect(refused.json()).toMatchObject({ code: 'not_a_member' });
    }
    const names = (await app.http.inject({ url: '/api/currency/campaigns' })).json<{ campaigns: { name: string }[] }>().campaigns.map((c) => c.name);
    expect(names).toContain('市職員が作る商品券');
    expect(names).not.toContain('作れない商品券');
  });
});

describe('school fees (学校徴収金)', () => {
  it('lets the school bill a household by pay code; the parent keeps it in the wallet and pays it from there', async () => {
    const school = await person(app, 'school@demo.tsunagu.example');
    const [membership] = (await me(school)).businesses;
    const issued = await as(app, school).post(`/api/currency/businesses/${membership?.id}/invoices`, { amount: 4_500, description: '給食費 11月分' });
    expect(issued.statusCode).toBe(201);
    const invoice = issued.json<{ id: string; payCode: string }>();
    expect(invoice.payCode).toMatch(/^INV-[0-9A-F]{10}$/);

    const kept = await as(app, parent).post('/api/currency/wallet/invoices', { payCode: invoice.payCode.toLowerCase() });
    expect(kept.statusCode).toBe(201);
    const mine = async () =>
      (await as(app, parent).get('/api/currency/wallet/invoices')).json<{ invoices: { id: string; status: string; issuerName: string }[] }>();
    expect((await mine()).invoices).toMatchObject([{ id: invoice.id, status: 'open', issuerName: 'つなぐ小学校（デモ）' }]);
    expect((await as(app, parent).post('/api/currency/wallet/invoices', { payCode: 'INV-0000000000' })).statusCode).toBe(404);

    const paid = await as(app, parent).post(`/api/currency/invoices/by-code/${invoice.payCode}/payments`, {});
    expect(paid.statusCode).toBe(201);
    expect((await mine()).invoices).toMatchObject([{ id: invoice.id, status: 'paid' }]);
    expect((await as(app, parent).get('/api/currency/wallet')).json()).toMatchObject({ balance: 15_500 });
    const again = await as(app, parent).post(`/api/currency/invoices/by-code/${invoice.payCode}/payments`, {});
    expect(again.json()).toMatchObject({ code: 'invoice_not_open' });
    const schoolSide = (await as(app, school).get(`/api/currency/businesses/${membership?.id}/invoices`)).json<{ invoices: { status: string }[] }>();
    expect(schoolSide.invoices).toMatchObject([{ status: 'paid' }]);
  });
});

describe('invoices between businesses (B2B)', () => {
  it('lets a farm bill a restaurant it finds in the directory; the restaurant pays, and both see it paid with the names', async () => {
    const farmer = await person(app);
    const chef = await person(app);
    const farm = await shop(app, farmer, { name: '北会津 トマト農園', kind: 'business', field: 'food_agri' });
    const restaurant = await shop(app, chef, { name: '会津料理 やまと' });
    await funded(app, parent, 5_000);
    await as(app, parent).post('/api/currency/payments', { shopCode: restaurant.staticCode, amount: 5_000 });
    const directory = (await as(app, farmer).get('/api/currency/businesses')).json<{ businesses: { id: string; name: string }[] }>();
    expect(directory.businesses.find((b) => b.name === '会津料理 やまと')?.id).toBe(restaurant.id);

    const issued = await as(app, farmer).post(`/api/currency/businesses/${farm.id}/invoices`, {
      payerBusinessId: restaurant.id,
      amount: 3_000,
      description: 'トマト 10kg',
    });
    const invoice = issued.json<{ id: string }>();
    const listed = async (who: Person, id: string) =>
      (await as(app, who).get(`/api/currency/businesses/${id}/invoices`)).json<{
        invoices: { id: string; status: string; issuerName: string; payerName: string }[];
      }>().invoices;
    expect(await listed(chef, restaurant.id)).toMatchObject([
      { id: invoice.id, status: 'open', issuerName: '北会津 トマト農園', payerName: '会津料理 やまと' },
    ]);
    const paid = await as(app, chef).post(`/api/currency/businesses/${restaurant.id}/invoices/${invoice.id}/payments`, {});
    expect(paid.statusCode).toBe(201);
    expect(await listed(farmer, farm.id)).toMatchObject([{ id: invoice.id, status: 'paid' }]);
    expect(await listed(chef, restaurant.id)).toMatchObject([{ id: invoice.id, status: 'paid' }]);
    expect((await as(app, farmer).get(`/api/currency/shops/${farm.id}`)).json()).toMatchObject({ balance: 3_000 });
    // A paid invoice cannot be cancelled any more.
    const cancel = await as(app, farmer).post(`/api/currency/businesses/${farm.id}/invoices/${invoice.id}/cancellation`, {});
    expect(cancel.statusCode).toBe(409);
  });
});
