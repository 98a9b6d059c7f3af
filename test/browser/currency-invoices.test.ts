import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR_TOKEN, type TestApp } from '../support/app.ts';
import { SCREENSHOT_DIR, launchChromium } from '../support/browser.ts';
import { startListeningApp } from '../support/platform.ts';

const PASSWORD = 'tsunagu-demo-2026';
const SHOP = 'あいづ茶屋（デモ店舗）';
const FARM = 'あいづ農園（デモ）';
const SCHOOL = 'つなぐ小学校（デモ）';

let app: TestApp;
let browser: Browser;
let origin: string;

beforeAll(async () => {
  if (!fs.existsSync('web/dist/index.html')) throw new Error('web app not built: run `npm run build:web` first (npm test does it)');
  const listening = await startListeningApp();
  app = listening;
  origin = listening.origin;
  browser = await launchChromium();
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOT_DIR, name), fullPage: true });

async function open(kind: 'phone' | 'desk', locale = 'ja-JP'): Promise<Page> {
  const context = await browser.newContext({
    locale,
    viewport: kind === 'phone' ? { width: 390, height: 844 } : { width: 1200, height: 900 },
    ...(kind === 'phone' ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
  });
  return context.newPage();
}

/** 「つなぐIDでログイン」, City OS ID login, the consent page when the person has not consented yet, and back. */
async function signIn(page: Page, pagePath: string, email: string): Promise<void> {
  await page.goto(`${origin}${pagePath}`);
  await page.locator('#currency-signin-link').click();
  await page.waitForURL(/\/interaction\//);
  await page.locator('#interaction-login-email').fill(email);
  await page.locator('#interaction-login-password').fill(PASSWORD);
  await page.locator('#interaction-login-form button[type="submit"]').click();
  const back = () => page.url() === `${origin}${pagePath}`;
  await expect.poll(async () => back() || (await page.locator('section[data-prompt="consent"]').count()) > 0).toBe(true);
  if (back()) return;
  await page.locator('#consent-agree').click();
  await page.waitForURL(`${origin}${pagePath}`);
}

const balance = (page: Page) => page.locator('#wallet-balance').getAttribute('data-amount').then(Number);

// One resident, school and shop owner across the steps below, each in their own browser.
let parent: Page;
let school: Page;
let shopOwner: Page;
let payCode = '';
let cityPage: Page;

describe('school fees and invoices between businesses, in the web app', () => {
  it('lets the school issue a bill to a household, with a pay code and a QR code for the parents', async () => {
    school = await open('desk');
    await signIn(school, '/shop', 'school@demo.tsunagu.example');
    await expect.poll(() => school.locator('#shop-name').textContent()).toContain(SCHOOL);
    expect(await school.locator('#shop-qr').count()).toBe(0);
    await school.locator('#shop-invoice-description').fill('給食費 11月分');
    await school.locator('#shop-invoice-amount').fill('2500');
    await school.getByRole('button', { name: '¥2,500 を請求する' }).click();
    await expect.poll(() => school.locator('#shop-invoice-code').getAttribute('data-code')).toMatch(/^INV-[0-9A-F]{10}$/);
    payCode = (await school.locator('#shop-invoice-code').getAttribute('data-code')) ?? '';
    await expect.poll(() => school.locator('#shop-invoice-qr').getAttribute('data-value')).toBe(`${origin}/wallet/invoices?code=${payCode}`);
    const row = school.locator(`#shop-invoices-table tbody tr[data-status="open"]`);
    await expect.poll(() => row.textContent()).toContain(`ご家庭へ（支払コード ${payCode}）`);
    await shot(school, 'currency-school-invoice.png');
  });

  it('lets the parent open the bill from its QR link, see it open in the wallet, and pay it from there', async () => {
    parent = await open('phone');
    await signIn(parent, '/wallet', 'taro@demo.tsunagu.example');
    await expect.poll(() => balance(parent)).toBe(5_000);
    await parent.getByRole('link', { name: '学校・請求書' }).click();
    await parent.waitForURL(`${origin}/wallet/invoices`);
    await parent.locator('#invoice-code').fill('INV-0000000000');
    await parent.getByRole('button', { name: '請求を追加する' }).click();
    await expect.poll(() => parent.locator('#invoice-add-alert').textContent()).toContain('この請求は見つかりません');
    await parent.goto(`${origin}/wallet/invoices?code=${payCode}`);
    await expect.poll(() => parent.locator('#invoice-added').textContent()).toContain(`「給食費 11月分」（${SCHOOL}）`);
    const bill = parent.locator('#wallet-invoices li').first();
    await expect.poll(() => bill.getAttribute('data-status')).toBe('open');
    await shot(parent, 'currency-wallet-invoices.png');
    await bill.getByRole('button', { name: '¥2,500 を支払う' }).click();
    await expect.poll(() => bill.textContent()).toContain('残高 ¥2,500');
    await bill.getByRole('button', { name: '支払う', exact: true }).click();
    await expect.poll(() => parent.locator('#invoice-paid').textContent()).toBe(`${SCHOOL} に ¥2,500 を支払いました。`);
    await expect.poll(() => parent.locator('#wallet-invoices li').first().getAttribute('data-status')).toBe('paid');
    await shot(parent, 'currency-wallet-invoices-paid.png');
    await parent.goto(`${origin}/wallet`);
    await expect.poll(() => balance(parent)).toBe(2_500);
    await expect.poll(() => parent.locator('#wallet-history li').first().getAttribute('data-kind')).toBe('invoice_payment');

    await school.reload();
    await expect.poll(() => school.locator('#shop-invoices-table tbody tr').first().getAttribute('data-status')).toBe('paid');
  });

  it('lets the farm bill the shop, the shop owner pay it from the shop’s balance, and both see it paid', async () => {
    // The shop first takes ¥2,000 from the resident (¥40 fee), so it can pay the farm.
    await parent.goto(`${origin}/wallet/pay?shop=TSG-DEMO-CHAYA`);
    await parent.locator('#pay-amount').fill('2000');
    await parent.getByRole('button', { name: '確認へ進む' }).click();
    await parent.getByRole('button', { name: '支払う', exact: true }).click();
    await expect.poll(() => parent.locator('#pay-done').textContent()).toContain('¥2,000 を支払いました');

    const farm = await open('desk');
    await signIn(farm, '/shop', 'farm@demo.tsunagu.example');
    await expect.poll(() => farm.locator('#shop-name').textContent()).toContain(FARM);
    await farm.getByRole('button', { name: '請求する' }).click();
    await expect.poll(() => farm.locator('#shop-invoice-alert').textContent()).toContain('請求先を選んでください');
    await farm.locator('#shop-invoice-payer').selectOption({ label: SHOP });
    await farm.locator('#shop-invoice-description').fill('会津トマト 5kg');
    await farm.locator('#shop-invoice-amount').fill('1500');
    await farm.getByRole('button', { name: '¥1,500 を請求する' }).click();
    await expect.poll(() => farm.locator('#shop-invoice-done').textContent()).toContain('請求書を発行しました（¥1,500）');
    const issued = farm.locator('#shop-invoices-table tbody tr[data-direction="issued"]').first();
    await expect.poll(() => issued.textContent()).toContain(`${SHOP} へ`);
    await expect.poll(() => issued.getAttribute('data-status')).toBe('open');

    shopOwner = await open('desk');
    await signIn(shopOwner, '/shop', 'shop@demo.tsunagu.example');
    await expect.poll(() => shopOwner.locator('#shop-balance').getAttribute('data-amount')).toBe('1960');
    const received = shopOwner.locator('#shop-invoices-table tbody tr[data-direction="received"]').first();
    await expect.poll(() => received.textContent()).toContain(`${FARM} から`);
    await received.getByRole('button', { name: '支払う' }).click();
    await received.getByRole('button', { name: '¥1,500 を支払う' }).click();
    await expect.poll(() => shopOwner.locator('#shop-invoices-table tbody tr').first().getAttribute('data-status')).toBe('paid');
    await expect.poll(() => shopOwner.locator('#shop-balance').getAttribute('data-amount')).toBe('460');
    await shot(shopOwner, 'currency-shop-invoices.png');

    await farm.reload();
    await expect.poll(() => farm.locator('#shop-invoices-table tbody tr').first().getAttribute('data-status')).toBe('paid');
    await expect.poll(() => farm.locator('#shop-balance').getAttribute('data-amount')).toBe('1500');
    await shot(farm, 'currency-farm-invoices.png');
    await farm.context().close();
  });
});

describe('declining a payment request, and the city admin signed in', () => {
  it('lets the resident decline a payment another service asked for, and sends them back with status=declined', async () => {
    const registered = await app.http.inject({
      method: 'POST',
      url: '/api/identity/admin/services',
      headers: { authorization: `Bearer ${OPERATOR_TOKEN}` },
      payload: {
        name: { ja: 'あいづ観光予約 (テスト)', en: 'Aizu tours (test)' },
        company: '株式会社テスト観光',
        purposes: [{ ja: '代金の決済', en: 'Payments' }],
        categories: [{ category: 'payment_results', required: true, reason: { ja: '決済のため', en: 'For payments' } }],
        redirectUris: ['http://tours.example.test/callback'],
        postLogoutRedirectUris: ['http://tours.example.test/bye'],
      },
    });
    const service = registered.json<{ service: { clientId: string }; clientSecret: string }>();
    const basic = Buffer.from(`${encodeURIComponent(service.service.clientId)}:${encodeURIComponent(service.clientSecret)}`).toString('base64');
    const token = (
      await app.http.inject({
        method: 'POST',
        url: '/oidc/token',
        headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'grant_type=client_credentials&scope=tsunagu%3Apayment_results',
      })
    ).json<{ access_token: string }>().access_token;
    await shopOwner.goto(`${origin}/shop`);
    await expect.poll(() => shopOwner.locator('#shop-portal').getAttribute('data-business')).toMatch(/^[0-9a-f-]{36}$/);
    const shopId = (await shopOwner.locator('#shop-portal').getAttribute('data-business')) ?? '';
    const created = await app.http.inject({
      method: 'POST',
      url: '/api/currency/payment-requests',
      headers: { authorization: `Bearer ${token}`, 'idempotency-key': 'booking-88' },
      payload: { payeeId: shopId, amount: 800, description: '鶴ヶ城 ガイドツアー', returnUrl: 'http://tours.example.test/bookings/88' },
    });
    expect(created.statusCode).toBe(201);
    const request = created.json<{ id: string; approveUrl: string }>();

    let back: URL | undefined;
    await parent.route('http://tours.example.test/**', async (route) => {
      back = new URL(route.request().url());
      await route.fulfill({ status: 200, contentType: 'text/html', body: '<p>tours</p>' });
    });
    await parent.goto(`${origin}${request.approveUrl}`);
    await expect.poll(() => parent.locator('#request-amount').textContent()).toBe('¥800');
    await expect.poll(() => parent.locator('#request-decline-note').textContent()).toContain('お金は動きません');
    await shot(parent, 'currency-payment-request-decline.png');
    await parent.getByRole('button', { name: '支払いを断る' }).click();
    await expect.poll(() => back?.searchParams.get('status') ?? null).toBe('declined');
    await parent.unroute('http://tours.example.test/**');
    const status = await app.http.inject({ url: `/api/currency/payment-requests/${request.id}`, headers: { authorization: `Bearer ${token}` } });
    expect(status.json()).toMatchObject({ status: 'declined' });
    await parent.goto(`${origin}/wallet`);
    await expect.poll(() => balance(parent)).toBe(500);
  });

  it('lets the demo city admin start a campaign signed in, with no operator token, and shows only the portals each person may use', async () => {
    const city = await open('desk');
    await signIn(city, '/currency/admin', 'city@demo.tsunagu.example');
    await expect.poll(() => city.locator('#admin-signed-in-admin').count()).toBe(1);
    expect(await city.locator('#admin-operator-token').count()).toBe(0);
    await city.locator('#campaign-name').fill('市役所が作る商品券 2026');
    await city.getByRole('button', { name: 'キャンペーンを作る' }).click();
    await expect.poll(() => city.locator('#admin-campaign-done').textContent()).toBe('キャンペーン「市役所が作る商品券 2026」を作りました。');
    await expect
      .poll(() => city.locator('#admin-campaigns-table tbody tr').filter({ hasText: '市役所が作る商品券 2026' }).getAttribute('data-status'))
      .toBe('open');
    await expect
      .poll(() => city.locator('#currency-portals li').evaluateAll((items) => items.map((li) => li.getAttribute('data-portal'))))
      .toEqual(['wallet', 'admin']);
    await shot(city, 'currency-admin-city.png');

    // The shop owner is offered the wallet and the shop; the resident sees no portal links at all.
    await shopOwner.goto(`${origin}/shop`);
    await expect
      .poll(() => shopOwner.locator('#currency-portals li').evaluateAll((items) => items.map((li) => li.getAttribute('data-portal'))))
      .toEqual(['wallet', 'shop']);
    await parent.goto(`${origin}/wallet`);
    await expect.poll(() => balance(parent)).toBe(500);
    expect(await parent.locator('#currency-portals').count()).toBe(0);
    await parent.goto(`${origin}/currency/admin`);
    await expect.poll(() => parent.locator('#admin-staff-only').textContent()).toContain('市の職員のみ');
    expect(await parent.locator('#admin-counter').count()).toBe(0);
    cityPage = city;
  });

  it('shows the wallet, the shop portal and the city admin in Japanese, and in English after the switch', async () => {
    const pages: [Page, string, string, string, string][] = [
      [parent, '/wallet', 'wallet', 'Wallet', '#wallet-history'],
      [shopOwner, '/shop', 'shop', 'Shop portal', '#shop-fee-statement'],
      [cityPage, '/currency/admin', 'admin', 'Regional currency administration (city)', '#kpi-by-year'],
    ];
    for (const [page, pagePath, name, english, loaded] of pages) {
      await page.goto(`${origin}${pagePath}`);
      await expect.poll(() => page.locator(loaded).count()).toBe(1);
      await shot(page, `currency-${name}-ja.png`);
      await page.getByRole('button', { name: /English/ }).click();
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(english);
      await shot(page, `currency-${name}-en.png`);
    }
    await expect.poll(() => cityPage.locator('#admin-signed-in-admin').textContent()).toBe('Signed in as a currency administrator.');
    await expect.poll(() => shopOwner.locator('#shop-invoices-title').textContent()).toBe('Invoices');
    await cityPage.context().close();
  });
});
