import { randomUUID } from 'node:crypto';
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currencyOf } from '@services/currency/currency.ts';
import { sql } from 'kysely';
import { SessionStore } from '@lib/service-kit/session-store.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { startReceiver, type Receiver } from '../events/support/receiver.ts';
import { as, funded, operator, person, shop, type Person } from './support.ts';

process.env.CURRENCY_WORKERS = 'off';

let app: TestApp;
let receiver: Receiver;
let taro: Person;
let token: string;
let clientId: string;
let farm: { id: string; staticCode: string };
let farmer: Person;

async function serviceToken(): Promise<{ clientId: string; token: string }> {
  const registered = await app.http.inject({
    method: 'POST',
    url: '/api/identity/admin/services',
    headers: operator,
    payload: {
      name: { ja: '地産地消マッチング (テスト)', en: 'Farm to table (test)' },
      company: '株式会社テスト農業',
      purposes: [{ ja: '代金の決済', en: 'Paying for produce' }],
      categories: [{ category: 'payment_results', required: true, reason: { ja: '決済のため', en: 'For payments' } }],
      redirectUris: ['http://127.0.0.1:9/callback'],
      postLogoutRedirectUris: ['http://127.0.0.1:9/bye'],
    },
  });
  const body = registered.json<{ service: { clientId: string }; clientSecret: string }>();
  const basic = Buffer.from(`${encodeURIComponent(body.service.clientId)}:${encodeURIComponent(body.clientSecret)}`).toString('base64');
  const issued = await app.http.inject({
    method: 'POST',
    url: '/oidc/token',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'grant_type=client_credentials&scope=tsunagu%3Apayment_results',
  });
  return { clientId: body.service.clientId, token: issued.json<{ access_token: string }>().access_token };
}

const asService = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, key: string = randomUUID()) =>
  app.http.inject({ method, url, payload: payload as object, headers: { authorization: `Bearer ${token}`, 'idempotency-key': key } });

beforeAll(async () => {
  app = await startTestApp();
  receiver = await startReceiver(204);
  taro = await person(app, 'taro@demo.tsunagu.example');
  farmer = await person(app);
  farm = await shop(app, farmer, { name: '会津 山田農園', kind: 'business', field: 'food_agri' });
  await funded(app, taro, 10_000);
  ({ clientId, token } = await serviceToken());
  await asService('PUT', '/api/currency/webhook', { url: `${receiver.url}/hooks` });
});
afterAll(async () => {
  await receiver.close();
  await app.stop();
});

describe('the payment API other services use', () => {
  it('lets a citizen approve a request in the wallet, sends them back, and tells the service by a signed webhook', async () => {
    const key = randomUUID();
    const created = await asService(
      'POST',
      '/api/currency/payment-requests',
      { payeeId: farm.id, amount: 3_240, description: '会津野菜セット', reference: 'order-1', returnUrl: 'https://agri.example.jp/orders/1' },
      key,
    );
    expect(created.statusCode).toBe(201);
    const request = created.json<{ id: string; status: string; approveUrl: string }>();
    expect(request).toMatchObject({ status: 'open', approveUrl: `/wallet/pay?request=${request.id}` });
    const retried = await asService(
      'POST',
      '/api/currency/payment-requests',
      { payeeId: farm.id, amount: 3_240, description: '会津野菜セット', reference: 'order-1', returnUrl: 'https://agri.example.jp/orders/1' },
      key,
    );
    expect(retried.json()).toMatchObject({ id: request.id });

    const review = await as(app, taro).get(`/api/currency/payment-requests/${request.id}/review`);
    expect(review.json()).toMatchObject({ payee: { name: '会津 山田農園' }, request: { amount: 3_240 } });
    const approved = await as(app, taro).post(`/api/currency/payment-requests/${request.id}/approval`, {});
    expect(approved.statusCode).toBe(201);
    expect(approved.json<{ redirectTo: string }>().redirectTo).toBe(`https://agri.example.jp/orders/1?payment_request=${request.id}&status=paid`);
    const again = await as(app, taro).post(`/api/currency/payment-requests/${request.id}/approval`, {});
    expect(again.json()).toMatchObject({ code: 'payment_request_not_open' });

    expect((await asService('GET', `/api/currency/payment-requests/${request.id}`)).json()).toMatchObject({ status: 'paid' });
    const secret = (await asService('PUT', '/api/currency/webhook', { url: `${receiver.url}/hooks` })).json<{ secret: string }>().secret;
    // The hook queued before the secret was rotated is signed with the secret current when it is sent.
    await currencyOf(app.context).workers?.deliverWebhooks();
    const [hook] = await receiver.waitFor('/hooks', 1);
    const signature = String(hook?.headers['tsunagu-signature']);
    const t = /t=(\d+)/.exec(signature)?.[1] ?? '';
    expect(signature).toContain(
      `v1=${createHmac('sha256', secret)
        .update(`${t}.`)
        .update(hook?.body ?? '')
        .digest('hex')}`,
    );
    expect(JSON.parse(hook?.body ?? '{}')).toMatchObject({ type: 'currency.payment_request.paid', data: { id: request.id, reference: 'order-1' } });
  });

  it('lets a citizen decline a request in the wallet: nothing moves, and the service sees declined in the status and a signed webhook', async () => {
    const before = (await as(app, taro).get('/api/currency/wallet')).json<{ balance: number }>().balance;
    const created = await asService('POST', '/api/currency/payment-requests', {
      payeeId: farm.id,
      amount: 2_000,
      description: '会津米 5kg',
      reference: 'order-2',
      returnUrl: 'https://agri.example.jp/orders/2',
    });
    const request = created.json<{ id: string }>();
    const declined = await as(app, taro).post(`/api/currency/payment-requests/${request.id}/decline`, {});
    expect(declined.statusCode).toBe(200);
    expect(declined.json()).toMatchObject({
      request: { status: 'declined', transferId: null },
      redirectTo: `https://agri.example.jp/orders/2?payment_request=${request.id}&status=declined`,
    });
    expect((await as(app, taro).get('/api/currency/wallet')).json<{ balance: number }>().balance).toBe(before);
    // Declined is final: neither a payment nor a second answer goes through.
    expect((await as(app, taro).post(`/api/currency/payment-requests/${request.id}/approval`, {})).json()).toMatchObject({
      code: 'payment_request_not_open',
    });
    expect((await as(app, taro).post(`/api/currency/payment-requests/${request.id}/decline`, {})).statusCode).toBe(409);
    expect((await asService('GET', `/api/currency/payment-requests/${request.id}`)).json()).toMatchObject({ status: 'declined' });

    const secret = (await asService('PUT', '/api/currency/webhook', { url: `${receiver.url}/declines` })).json<{ secret: string }>().secret;
    await currencyOf(app.context).workers?.deliverWebhooks();
    const [hook] = await receiver.waitFor('/declines', 1);
    const t = /t=(\d+)/.exec(String(hook?.headers['tsunagu-signature']))?.[1] ?? '';
    expect(String(hook?.headers['tsunagu-signature'])).toContain(
      `v1=${createHmac('sha256', secret)
        .update(`${t}.`)
        .update(hook?.body ?? '')
        .digest('hex')}`,
    );
    expect(JSON.parse(hook?.body ?? '{}')).toMatchObject({
      type: 'currency.payment_request.declined',
      data: { id: request.id, status: 'declined', reference: 'order-2' },
    });
  });

  it('lets a business that granted the service pay at once, and refuses one that did not', async () => {
    const restaurant = await shop(app, farmer, { name: '会津料理 鶴' });
    await as(app, taro).post('/api/currency/payments', { shopCode: restaurant.staticCode, amount: 5_000 });
    const refused = await asService('POST', '/api/currency/payment-requests', {
      payeeId: farm.id,
      amount: 1_000,
      description: '野菜',
      payerBusinessId: restaurant.id,
    });
    expect(refused.statusCode).toBe(403);
    await as(app, farmer).put(`/api/currency/shops/${restaurant.id}/service-grants/${clientId}`, { granted: true });
    const paid = await asService('POST', '/api/currency/payment-requests', {
      payeeId: farm.id,
      amount: 1_000,
      description: '野菜',
      payerBusinessId: restaurant.id,
    });
    expect(paid.json()).toMatchObject({ status: 'paid', approveUrl: null });
  });

  it('sends webhooks only to https (or a local development) address', async () => {
    const response = await asService('PUT', '/api/currency/webhook', { url: 'http://services.example.jp/hooks' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'webhook_url_not_allowed' });
  });

  it('does not show one service the requests of another', async () => {
    const mine = (await asService('POST', '/api/currency/payment-requests', { payeeId: farm.id, amount: 100, description: 'x' })).json<{
      id: string;
    }>();
    const other = await serviceToken();
    const response = await app.http.inject({ url: `/api/currency/payment-requests/${mine.id}`, headers: { authorization: `Bearer ${other.token}` } });
    expect(response.statusCode).toBe(404);
  });
});

describe('payment results in linkage, and KPIs', () => {
  it('writes each completed payment by a citizen who opted in to linkage, and nothing for one who did not', async () => {
    const core = currencyOf(app.context).core;
    const cafe = await shop(app, farmer, { name: '七日町カフェ' });
    const cafePaid = (await as(app, taro).post('/api/currency/payments', { shopCode: cafe.staticCode, amount: 600 })).json<{ transferId: string }>();
    // Someone the platform has no opt-in for (a session under a subject City OS ID never issued).
    const token = await new SessionStore(core.db, 'currency').open(
      { subject: 'never-opted-in', acr: 'urn:tsunagu:loa:self-asserted', accessToken: 'x', refreshToken: null },
      1,
    );
    const stranger = { cookie: `tsunagu_currency_session=${token}`, subject: 'never-opted-in' };
    await funded(app, stranger, 1_000);
    const strangerPaid = (await as(app, stranger).post('/api/currency/payments', { shopCode: cafe.staticCode, amount: 300 })).json<{
      transferId: string;
    }>();
    const workers = currencyOf(app.context).workers;
    expect(await workers?.sharePaymentResults()).toBeGreaterThanOrEqual(2);
    // The citizen's result is her linkage record, as she will see it in マイデータ; the stranger's is nowhere.
    const resultOf = async (transferId: string) =>
      (
        await sql<{ data: Record<string, unknown> }>`select data from linkage.record
          where category = 'payment_results' and data->>'transferId' = ${transferId}`.execute(core.db)
      ).rows.map((r) => r.data);
    expect(await resultOf(cafePaid.transferId)).toEqual([
      expect.objectContaining({ payee: '七日町カフェ', amount: 600, currency: 'JPY', transferId: cafePaid.transferId }),
    ]);
    expect(await resultOf(strangerPaid.transferId)).toEqual([]);
    // Each payment left the queue once linkage answered for it: a second round finds nothing to share.
    expect(await workers?.sharePaymentResults()).toBe(0);
  });

  it('counts fields of use with payments, volume per fiscal year and fees saved', async () => {
    const kpis = (await app.http.inject({ url: '/api/currency/kpis' })).json<{
      fieldsWithPayments: number;
      volumeByFiscalYear: { volume: number }[];
      feesSavedByFiscalYear: { feesSaved: number }[];
    }>();
    expect(kpis.fieldsWithPayments).toBeGreaterThanOrEqual(2);
    expect(kpis.volumeByFiscalYear.at(-1)?.volume).toBeGreaterThan(0);
    expect(kpis.feesSavedByFiscalYear.at(-1)?.feesSaved).toBeGreaterThan(0);
  });
});
