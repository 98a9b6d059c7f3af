import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR_TOKEN, type TestApp } from '../support/app.ts';
import { SCREENSHOT_DIR, launchChromium } from '../support/browser.ts';
import { startListeningApp } from '../support/platform.ts';

const PASSWORD = 'tsunagu-demo-2026';
const CITIZEN = 'taro@demo.tsunagu.example';
// The currency's demo seed: a demo shop with its owner, a counter staff member, a voucher campaign,
// and taro's wallet charged ¥5,000 from the DEMO bank.
const OWNER = 'shop@demo.tsunagu.example';
const STAFF = 'counter@demo.tsunagu.example';
const SHOP = 'あいづ茶屋（デモ店舗）';
const SHOP_CODE = 'TSG-DEMO-CHAYA';
const DEMO_CAMPAIGN = 'あいづプレミアム商品券（デモ）';

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

/** A phone (the wallet) or a counter tablet (the shop), in Japanese, with no cookies. */
async function person(kind: 'phone' | 'desk'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    locale: 'ja-JP',
    viewport: kind === 'phone' ? { width: 390, height: 844 } : { width: 1200, height: 900 },
    ...(kind === 'phone' ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
  });
  return { context, page: await context.newPage() };
}

/**
 * From a currency page: 「つなぐIDでログイン」, City OS ID login, the consent page when the person
 * has not consented yet (the demo seed signed its own people in already), and back to the page.
 */
async function signIn(page: Page, pagePath: string, email: string): Promise<'consented' | 'already'> {
  await page.goto(`${origin}${pagePath}`);
  await page.getByRole('link', { name: 'つなぐIDでログイン' }).click();
  await page.waitForURL(/\/interaction\//);
  await page.locator('#interaction-login-email').fill(email);
  await page.locator('#interaction-login-password').fill(PASSWORD);
  await page.locator('#interaction-login-form button[type="submit"]').click();
  const back = () => page.url() === `${origin}${pagePath}`;
  await expect.poll(async () => back() || (await page.locator('section[data-prompt="consent"]').count()) > 0).toBe(true);
  if (back()) return 'already';
  await expect.poll(() => page.locator('#interaction-service').textContent()).toContain('地域通貨');
  await page.locator('#consent-agree').click();
  await page.waitForURL(`${origin}${pagePath}`);
  return 'consented';
}

const walletBalance = (page: Page) => page.locator('#wallet-balance').getAttribute('data-amount').then(Number);

describe('the regional currency, as a resident and a shop use it', () => {
  let citizen: Page;
  let owner: Page;
  let staticCode: string;
  let shopId: string;

  it('lets the demo resident sign in through City OS ID, and shows the wallet the demo seed charged', async () => {
    ({ page: citizen } = await person('phone'));
    await citizen.goto(`${origin}/wallet`);
    await expect.poll(() => citizen.getByRole('heading', { level: 1 }).textContent()).toBe('ウォレット');
    await expect.poll(() => citizen.locator('#currency-signin').textContent()).toContain('つなぐIDでログイン');
    await shot(citizen, 'currency-wallet-signin.png');
    await signIn(citizen, '/wallet', CITIZEN);
    await expect.poll(() => citizen.locator('#wallet-balance').textContent()).toBe('¥5,000');
    await expect.poll(() => citizen.locator('#wallet-points').textContent()).toBe('0 pt');
    await expect.poll(() => citizen.locator('#wallet-history li').first().getAttribute('data-kind')).toBe('charge');
  });

  it('lets the demo shop owner sign in to the shop portal in another browser, with the shop QR to show', async () => {
    ({ page: owner } = await person('desk'));
    await signIn(owner, '/shop', OWNER);
    staticCode = SHOP_CODE;
    await expect.poll(() => owner.locator('#shop-name').textContent()).toContain(SHOP);
    shopId = (await owner.locator('#shop-portal').getAttribute('data-business')) ?? '';
    await expect.poll(() => owner.locator('#shop-static-code').textContent()).toBe(staticCode);
    await expect.poll(() => owner.locator('#shop-qr-image').getAttribute('data-value')).toBe(`${origin}/wallet/pay?shop=${staticCode}`);
    await expect.poll(() => owner.locator('#shop-balance').textContent()).toBe('¥0');
  });

  it('charges ¥10,000 from the clearly labelled demo bank, after changing the bank account', async () => {
    await citizen.getByRole('link', { name: 'チャージ' }).click();
    await citizen.waitForURL(`${origin}/wallet/charge`);
    await expect.poll(() => citizen.locator('#charge-demo-notice').textContent()).toContain('デモ用の銀行');
    await expect.poll(() => citizen.locator('#charge-bank').textContent()).toContain('****567');
    await citizen.getByRole('button', { name: '口座を変更する' }).click();
    await citizen.locator('#bank-account-number').fill('76543');
    await citizen.getByRole('button', { name: 'この口座を登録する' }).click();
    await expect.poll(() => citizen.locator('#bank-account-number-error').textContent()).toContain('数字7桁');
    await citizen.locator('#bank-account-number').fill('7654321');
    await citizen.getByRole('button', { name: 'この口座を登録する' }).click();
    await expect.poll(() => citizen.locator('#charge-bank').textContent()).toContain('****321');
    await citizen.getByRole('button', { name: '¥10,000' }).click();
    await citizen.getByRole('button', { name: '¥10,000 をチャージする' }).click();
    await expect.poll(() => citizen.locator('#charge-done').textContent()).toContain('¥10,000 をチャージしました。残高は ¥15,000 です。');
    await shot(citizen, 'currency-wallet-charge.png');
    await citizen.locator('#wallet-back').click();
    await expect.poll(() => walletBalance(citizen)).toBe(15_000);
    const first = citizen.locator('#wallet-history li').first();
    await expect.poll(() => first.getAttribute('data-kind')).toBe('charge');
    await expect.poll(() => first.textContent()).toContain('残高 ¥15,000');
  });

  it("pays ¥1,200 by typing the shop's code, and sees it in the history with the balance after it", async () => {
    await citizen.getByRole('link', { name: 'お店のQRで払う' }).click();
    await citizen.waitForURL(`${origin}/wallet/pay`);
    await citizen.locator('#pay-shop-code').fill(staticCode.toLowerCase());
    await shot(citizen, 'currency-pay-code.png');
    await citizen.getByRole('button', { name: 'お店を確かめる' }).click();
    await expect.poll(() => citizen.locator('#pay-shop-name').textContent()).toBe(SHOP);
    await citizen.locator('#pay-amount').fill('1200');
    await citizen.getByRole('button', { name: '確認へ進む' }).click();
    await expect.poll(() => citizen.locator('#pay-confirm-amount').textContent()).toBe('¥1,200');
    await shot(citizen, 'currency-pay-confirm.png');
    await citizen.getByRole('button', { name: '支払う', exact: true }).click();
    await expect.poll(() => citizen.locator('#pay-done').textContent()).toContain(`${SHOP} に ¥1,200 を支払いました。`);
    await expect.poll(() => citizen.locator('#pay-done-balance').textContent()).toBe('残高は ¥13,800 です。');
    await shot(citizen, 'currency-pay-done.png');
    await citizen.goto(`${origin}/wallet`);
    const latest = citizen.locator('#wallet-history li').first();
    await expect.poll(() => latest.textContent()).toContain(SHOP);
    await expect.poll(() => latest.getAttribute('data-amount')).toBe('-1200');
    await expect.poll(() => latest.getAttribute('data-balance-after')).toBe('13800');
    await expect.poll(() => walletBalance(citizen)).toBe(13_800);
    await shot(citizen, 'currency-wallet.png');
  });

  it('pays ¥800 by showing a one-time code that the shop types in, and both see it land', async () => {
    await citizen.getByRole('link', { name: '支払いコードを表示' }).click();
    await citizen.waitForURL(`${origin}/wallet/code`);
    const card = citizen.locator('#code-card');
    await expect.poll(() => card.getAttribute('data-code')).toMatch(/^\d{12}$/);
    const code = (await card.getAttribute('data-code')) ?? '';
    await expect.poll(() => citizen.locator('#code-timer').textContent()).toMatch(/^有効期限まであと [45]:\d\d$/);
    await expect.poll(() => citizen.locator('#code-qr').getAttribute('data-value')).toBe(code);
    await shot(citizen, 'currency-pay-my-code.png');

    await owner.locator('#shop-take-code').fill(code.replace(/(\d{4})(?=\d)/g, '$1 '));
    await owner.locator('#shop-take-amount').fill('800');
    await owner.getByRole('button', { name: '¥800 を受け取る' }).click();
    await expect.poll(() => owner.locator('#shop-take-done').textContent()).toBe('¥800 を受け取りました（手数料 ¥16）。');
    await expect.poll(() => citizen.locator('#code-paid').textContent()).toContain('お支払いが完了しました：¥800（残高 ¥13,000）');
    await shot(citizen, 'currency-pay-my-code-paid.png');

    // The same code a second time is refused, and nothing moves.
    await owner.locator('#shop-take-code').fill(code);
    await owner.locator('#shop-take-amount').fill('800');
    await owner.getByRole('button', { name: '¥800 を受け取る' }).click();
    await expect.poll(() => owner.locator('#shop-take-alert').textContent()).toContain('すでに使われています');
    await expect.poll(() => owner.locator('#shop-balance').getAttribute('data-amount')).toBe(String(1_200 - 24 + 800 - 16));
  });

  it('lets the shop refund part of a payment, and the resident gets it back', async () => {
    const payment = owner.locator('#shop-sales-table tbody tr[data-kind="payment"][data-amount="1200"]');
    await payment.getByRole('button', { name: /返金/ }).click();
    await owner.locator('#shop-refund-amount').fill('200');
    await owner.getByRole('button', { name: '¥200 を返金する' }).click();
    await expect.poll(() => owner.locator('#shop-refund-done').textContent()).toBe('¥200 を返金しました。');
    await citizen.goto(`${origin}/wallet`);
    await expect.poll(() => walletBalance(citizen)).toBe(13_200);
    const latest = citizen.locator('#wallet-history li').first();
    await expect.poll(() => latest.getAttribute('data-kind')).toBe('refund');
    await expect.poll(() => latest.textContent()).toContain('残高 ¥13,200');
  });

  it('cashes the shop out to its bank at once and reads the fee statement with the fee saved', async () => {
    const balance = Number(await owner.locator('#shop-balance').getAttribute('data-amount'));
    // The ¥200 refund of the ¥1,200 payment gave the shop back ¥4 of its ¥24 fee.
    expect(balance).toBe(1_200 - 24 + 800 - 16 - 200 + 4);
    await expect.poll(() => owner.getByRole('button', { name: `¥${balance.toLocaleString('ja-JP')} を現金化する` }).count()).toBe(1);
    await owner.getByRole('button', { name: `¥${balance.toLocaleString('ja-JP')} を現金化する` }).click();
    await expect
      .poll(() => owner.locator('#shop-cash-out-done').textContent())
      .toBe(`¥${balance.toLocaleString('ja-JP')} を銀行口座へ振り込みました。`);
    await expect.poll(() => owner.locator('#shop-balance').textContent()).toBe('¥0');
    await expect.poll(() => owner.locator('#shop-sales-table tbody tr').first().getAttribute('data-kind')).toBe('cash_out');
    await expect.poll(() => owner.locator('#fee-fees').getAttribute('data-amount')).toBe('36');
    await expect.poll(() => owner.locator('#fee-returned').getAttribute('data-amount')).toBe('4');
    await expect.poll(() => owner.locator('#fee-refunds').getAttribute('data-amount')).toBe('200');
    const sales = Number(await owner.locator('#fee-sales').getAttribute('data-amount'));
    const net = Number(await owner.locator('#fee-net-sales').getAttribute('data-amount'));
    expect(net).toBe(sales - 200);
    const typical = Number(await owner.locator('#fee-typical').getAttribute('data-amount'));
    expect(typical).toBe(Math.floor((net * 324) / 10_000));
    await expect.poll(() => owner.locator('#fee-saved').getAttribute('data-amount')).toBe(String(typical - 36));
    await expect.poll(() => owner.locator('#shop-fee-statement').textContent()).toContain('一般的なキャッシュレス決済の手数料（3.24%）');
    await shot(owner, 'currency-shop-portal.png');
  });

  it('refuses an amount of 0 or more than the balance with a clear message, and nothing moves', async () => {
    await citizen.goto(`${origin}/wallet/pay?shop=${staticCode}`);
    await expect.poll(() => citizen.locator('#pay-shop-name').textContent()).toBe(SHOP);
    await citizen.locator('#pay-amount').fill('0');
    await citizen.getByRole('button', { name: '確認へ進む' }).click();
    await expect.poll(() => citizen.locator('#pay-amount-alert').textContent()).toContain('金額は1円以上の整数で入力してください');
    await expect.poll(() => citizen.locator('#pay-amount').getAttribute('aria-invalid')).toBe('true');
    await citizen.locator('#pay-amount').fill('1.5');
    await citizen.getByRole('button', { name: '確認へ進む' }).click();
    await expect.poll(() => citizen.locator('#pay-amount-error').textContent()).toContain('0円や小数は使えません');
    await citizen.locator('#pay-amount').fill('99999');
    await citizen.getByRole('button', { name: '確認へ進む' }).click();
    await expect.poll(() => citizen.locator('#pay-amount-alert').textContent()).toContain('残高が足りません');
    await shot(citizen, 'currency-pay-refused.png');
    expect(await citizen.locator('#pay-submit').count()).toBe(0);

    // The shop tries to take more than the resident has: the server refuses, and both balances stay.
    await citizen.goto(`${origin}/wallet/code`);
    await expect.poll(() => citizen.locator('#code-card').getAttribute('data-code')).toMatch(/^\d{12}$/);
    const code = (await citizen.locator('#code-card').getAttribute('data-code')) ?? '';
    const shopBefore = await owner.locator('#shop-balance').getAttribute('data-amount');
    await owner.locator('#shop-take-code').fill(code);
    await owner.locator('#shop-take-amount').fill('50000');
    await owner.getByRole('button', { name: '¥50,000 を受け取る' }).click();
    await expect.poll(() => owner.locator('#shop-take-alert').textContent()).toContain('残高が足りません');
    await owner.locator('#shop-take-amount').fill('0');
    await owner.getByRole('button', { name: '受け取る' }).click();
    await expect.poll(() => owner.locator('#shop-take-alert').textContent()).toContain('金額は1円以上の整数で入力してください');
    await shot(owner, 'currency-shop-refused.png');
    expect(await owner.locator('#shop-balance').getAttribute('data-amount')).toBe(shopBefore);

    await citizen.goto(`${origin}/wallet`);
    await expect.poll(() => walletBalance(citizen)).toBe(13_200);
    await expect.poll(() => citizen.locator('#wallet-history li').first().getAttribute('data-kind')).toBe('refund');

    // An unknown shop code, and a charge of 0.
    await citizen.goto(`${origin}/wallet/pay`);
    await citizen.locator('#pay-shop-code').fill('TSG-NOSUCHSHOP');
    await citizen.getByRole('button', { name: 'お店を確かめる' }).click();
    await expect.poll(() => citizen.locator('#pay-alert').textContent()).toContain('このコードのお店が見つかりません');
    await citizen.goto(`${origin}/wallet/charge`);
    await citizen.locator('#charge-amount').fill('0');
    await citizen.getByRole('button', { name: 'チャージする' }).click();
    await expect.poll(() => citizen.locator('#charge-alert').textContent()).toContain('金額は1円以上の整数で入力してください');
    await citizen.goto(`${origin}/wallet`);
    await expect.poll(() => walletBalance(citizen)).toBe(13_200);
  });

  it('refuses a refund larger than the payment with a clear message', async () => {
    const payment = owner.locator('#shop-sales-table tbody tr[data-kind="payment"][data-amount="800"]');
    await payment.getByRole('button', { name: /返金/ }).click();
    await owner.locator('#shop-refund-amount').fill('900');
    await owner.getByRole('button', { name: '¥900 を返金する' }).click();
    await expect.poll(() => owner.locator('#shop-refund-alert').textContent()).toContain('もとのお支払いを超えます');
    await owner.getByRole('button', { name: 'やめる' }).click();
  });

  it('lets city staff charge a resident at the counter from the admin page, and the resident sees it land', async () => {
    const { page: staff, context } = await person('desk');
    await staff.goto(`${origin}/currency/admin`);
    await expect.poll(() => staff.locator('#admin-fields-table').textContent()).toContain('小売・サービス');
    await signIn(staff, '/currency/admin', STAFF);

    await citizen.goto(`${origin}/wallet/code`);
    await expect.poll(() => citizen.locator('#code-card').getAttribute('data-code')).toMatch(/^\d{12}$/);
    const code = (await citizen.locator('#code-card').getAttribute('data-code')) ?? '';
    await staff.locator('#admin-counter-code').fill(code);
    await staff.locator('#admin-counter-amount').fill('3000');
    await staff.getByRole('button', { name: '¥3,000 をチャージする' }).click();
    await expect.poll(() => staff.locator('#admin-counter-done').textContent()).toBe('¥3,000 をチャージしました。');
    await expect.poll(() => citizen.locator('#code-paid').textContent()).toContain('チャージされました：¥3,000（残高 ¥16,200）');
    await shot(staff, 'currency-admin.png');
    await citizen.goto(`${origin}/wallet`);
    await expect.poll(() => citizen.locator('#wallet-history li').first().getAttribute('data-kind')).toBe('counter_charge');
    await context.close();
  });

  it('lets the city start a premium voucher campaign, and the resident buys a voucher and spends it at the shop', async () => {
    const { page: city, context } = await person('desk');
    await city.goto(`${origin}/currency/admin`);
    await signIn(city, '/currency/admin', STAFF);
    await city.locator('#admin-operator-token').fill(OPERATOR_TOKEN);
    await city.locator('#campaign-name').fill('あいづプレミアム商品券 2026');
    await city.locator('#campaign-face').fill('0');
    await city.getByRole('button', { name: 'キャンペーンを作る' }).click();
    await expect.poll(() => city.locator('#admin-campaign-alert').textContent()).toContain('額面（円）は1以上の整数で入力してください');
    await city.locator('#campaign-face').fill('12500');
    await city.getByRole('button', { name: 'キャンペーンを作る' }).click();
    await expect.poll(() => city.locator('#admin-campaign-done').textContent()).toBe('キャンペーン「あいづプレミアム商品券 2026」を作りました。');
    const created = city.locator('#admin-campaigns-table tbody tr').filter({ hasText: 'あいづプレミアム商品券 2026' });
    await expect.poll(() => created.getAttribute('data-status')).toBe('open');
    const row = city.locator('#admin-campaigns-table tbody tr').filter({ hasText: DEMO_CAMPAIGN });

    await citizen.goto(`${origin}/wallet/vouchers`);
    await expect.poll(() => citizen.locator('#campaigns').textContent()).toContain('あいづプレミアム商品券 2026');
    const campaign = citizen.locator('#campaigns li').filter({ hasText: DEMO_CAMPAIGN });
    await expect.poll(() => campaign.textContent()).toContain('うち ¥5,000 は地元の中小店舗専用');
    await campaign.getByRole('button', { name: '¥10,000 で購入する' }).click();
    await expect.poll(() => campaign.textContent()).toContain('代金はウォレット残高から支払います');
    await campaign.getByRole('button', { name: '購入する', exact: true }).click();
    await expect.poll(() => citizen.locator('#campaign-bought').textContent()).toContain('額面 ¥12,500');
    await expect.poll(() => citizen.locator('#vouchers-mine li').count()).toBeGreaterThan(0);
    const voucherTotal = () =>
      citizen.locator('#vouchers-mine li').evaluateAll((items) => items.reduce((sum, li) => sum + Number(li.getAttribute('data-balance')), 0));
    await expect.poll(voucherTotal).toBe(12_500);
    await expect.poll(() => citizen.locator('#vouchers-mine').textContent()).toContain('地元の中小店舗のみ');
    await shot(citizen, 'currency-vouchers.png');

    // Paying ¥3,000 at the small local shop spends vouchers first; the wallet stays as it was.
    await citizen.goto(`${origin}/wallet/pay?shop=${staticCode}`);
    await expect.poll(() => citizen.locator('#pay-shop-name').textContent()).toBe(SHOP);
    await expect.poll(() => citizen.locator('#pay-use-vouchers').isChecked()).toBe(true);
    await citizen.locator('#pay-amount').fill('3000');
    await citizen.getByRole('button', { name: '確認へ進む' }).click();
    await citizen.getByRole('button', { name: '支払う', exact: true }).click();
    await expect.poll(() => citizen.locator('#pay-done').textContent()).toContain('¥3,000 を支払いました');
    await citizen.goto(`${origin}/wallet`);
    await expect.poll(() => walletBalance(citizen)).toBe(6_200);
    await expect.poll(() => citizen.locator('#wallet-vouchers-total').getAttribute('data-amount')).toBe('9500');
    await owner.reload();
    await expect.poll(() => owner.locator('#shop-balance').getAttribute('data-amount')).toBe(String(3_000 - 60));

    await city.reload();
    await expect.poll(() => row.locator('td').nth(4).textContent()).toBe('1');
    await shot(city, 'currency-admin-campaigns.png');
    await context.close();
  });

  it('lets the resident approve a payment another service asked for, and sends them back to that service', async () => {
    // A farm-to-table service (client credentials) asks the resident to pay the shop ¥500.
    const registered = await app.http.inject({
      method: 'POST',
      url: '/api/identity/admin/services',
      headers: { authorization: `Bearer ${OPERATOR_TOKEN}` },
      payload: {
        name: { ja: '地産地消マッチング (テスト)', en: 'Farm to table (test)' },
        company: '株式会社テスト農業',
        purposes: [{ ja: '代金の決済', en: 'Paying for produce' }],
        categories: [{ category: 'payment_results', required: true, reason: { ja: '決済のため', en: 'For payments' } }],
        redirectUris: ['http://agri.example.test/callback'],
        postLogoutRedirectUris: ['http://agri.example.test/bye'],
      },
    });
    const service = registered.json<{ service: { clientId: string }; clientSecret: string }>();
    const basic = Buffer.from(`${encodeURIComponent(service.service.clientId)}:${encodeURIComponent(service.clientSecret)}`).toString('base64');
    const issued = await app.http.inject({
      method: 'POST',
      url: '/oidc/token',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'grant_type=client_credentials&scope=tsunagu%3Apayment_results',
    });
    const token = issued.json<{ access_token: string }>().access_token;
    const created = await app.http.inject({
      method: 'POST',
      url: '/api/currency/payment-requests',
      headers: { authorization: `Bearer ${token}`, 'idempotency-key': `order-${Date.now()}` },
      payload: {
        payeeId: shopId,
        amount: 500,
        description: '会津野菜セット',
        reference: 'order-77',
        returnUrl: 'http://agri.example.test/orders/77',
      },
    });
    expect(created.statusCode).toBe(201);
    const request = created.json<{ id: string; approveUrl: string }>();

    // The service's page is not a real server: catch the browser arriving back there.
    let back: URL | undefined;
    await citizen.route('http://agri.example.test/**', async (route) => {
      back = new URL(route.request().url());
      await route.fulfill({ status: 200, contentType: 'text/html', body: '<p>agri: thank you</p>' });
    });
    await citizen.goto(`${origin}${request.approveUrl}`);
    await expect.poll(() => citizen.getByRole('heading', { level: 1 }).textContent()).toBe('支払いの確認');
    await expect.poll(() => citizen.locator('#request-payee').textContent()).toBe(SHOP);
    await expect.poll(() => citizen.locator('#request-description').textContent()).toBe('会津野菜セット');
    await expect
      .poll(() => citizen.locator('#request-lead').textContent())
      .toContain('地産地消マッチング (テスト)（株式会社テスト農業） から支払いの依頼');
    await expect.poll(() => citizen.locator('#request-amount').textContent()).toBe('¥500');
    await shot(citizen, 'currency-payment-request.png');
    await citizen.getByRole('button', { name: '¥500 を支払う' }).click();
    await expect.poll(() => back?.searchParams.get('status') ?? null).toBe('paid');
    expect(back?.searchParams.get('payment_request')).toBe(request.id);
    await citizen.unroute('http://agri.example.test/**');

    await citizen.goto(`${origin}/wallet`);
    await expect.poll(() => walletBalance(citizen)).toBe(5_700);
    // Opening the same request again: it is no longer open, and nothing can be paid twice.
    await citizen.goto(`${origin}${request.approveUrl}`);
    await expect.poll(() => citizen.locator('#request-closed').textContent()).toContain('受付を終えています');
  });

  it('lets an organiser award つなポン by the participant’s code, and the resident spends them at a shop that takes them', async () => {
    const me = (await (await owner.context().request.get(`${origin}/api/currency/auth/me`)).json()) as { subject: string };
    const organiser = await app.http.inject({
      method: 'POST',
      url: '/api/currency/admin/businesses',
      headers: { authorization: `Bearer ${OPERATOR_TOKEN}` },
      payload: { name: '会津ボランティアセンター', kind: 'organiser', size: 'small', field: 'government', ownerSubject: me.subject },
    });
    expect(organiser.statusCode).toBe(201);
    await owner.reload();
    await owner.locator('#shop-choose').selectOption({ label: '会津ボランティアセンター' });
    await expect.poll(() => owner.locator('#shop-name').textContent()).toContain('会津ボランティアセンター');

    await citizen.goto(`${origin}/wallet/code`);
    await expect.poll(() => citizen.locator('#code-card').getAttribute('data-code')).toMatch(/^\d{12}$/);
    const code = (await citizen.locator('#code-card').getAttribute('data-code')) ?? '';
    await owner.locator('#shop-award-code').fill(code);
    await owner.locator('#shop-award-points').fill('300');
    await owner.locator('#shop-award-reason').fill('鶴ヶ城周辺の清掃ボランティア');
    await owner.getByRole('button', { name: '300 pt を付与する' }).click();
    await expect.poll(() => owner.locator('#shop-award-done').textContent()).toBe('300 pt を付与しました。');

    await citizen.goto(`${origin}/wallet/points`);
    await expect.poll(() => citizen.locator('#points-balance').getAttribute('data-amount')).toBe('300');
    await expect.poll(() => citizen.locator('#points-history li').first().getAttribute('data-kind')).toBe('points_award');
    await shot(citizen, 'currency-points.png');

    await citizen.goto(`${origin}/wallet/pay?shop=${staticCode}`);
    await citizen.locator('#pay-method-points').check();
    await citizen.locator('#pay-amount').fill('100');
    await citizen.getByRole('button', { name: '確認へ進む' }).click();
    await expect.poll(() => citizen.locator('#pay-confirm-amount').textContent()).toBe('100 pt');
    await citizen.getByRole('button', { name: '支払う', exact: true }).click();
    await expect.poll(() => citizen.locator('#pay-done').textContent()).toContain('100 pt を支払いました');
    await citizen.goto(`${origin}/wallet`);
    await expect.poll(() => citizen.locator('#wallet-points').getAttribute('data-amount')).toBe('200');
    await expect.poll(() => walletBalance(citizen)).toBe(5_700);
  });

  it('links the wallet and the shop portal from the home page', async () => {
    const { page } = await person('desk');
    await page.goto(origin);
    await expect.poll(() => page.locator('li[data-module="currency"] a.card__link').getAttribute('href')).toBe('/wallet');
    await expect.poll(() => page.locator('li[data-portal="business"] a.card__link').getAttribute('href')).toBe('/shop');
    await expect.poll(() => page.locator('li[data-portal="staff"] a.card__link').getAttribute('href')).toBe('/currency/admin');
    await page.locator('li[data-module="currency"] a.card__link').click();
    await page.waitForURL(`${origin}/wallet`);
    await expect
      .poll(() => page.getByRole('link', { name: 'つなぐIDでログイン' }).getAttribute('href'))
      .toBe('/api/currency/auth/login?returnTo=%2Fwallet');
    await page.context().close();
  });
});

describe('signing in to the currency', () => {
  it('says so plainly when the person declines the consent', async () => {
    const { page, context } = await person('phone');
    await page.goto(`${origin}/wallet`);
    await page.getByRole('link', { name: 'つなぐIDでログイン' }).click();
    await page.waitForURL(/\/interaction\//);
    await page.locator('#interaction-login-email').fill('visitor@demo.tsunagu.example');
    await page.locator('#interaction-login-password').fill(PASSWORD);
    await page.locator('#interaction-login-form button[type="submit"]').click();
    await page.locator('#consent-decline').click();
    await page.waitForURL(/\/wallet\?signin=access_denied/);
    await expect.poll(() => page.locator('#currency-signin-declined').textContent()).toContain('同意されなかったため');
    await expect.poll(() => page.locator('#wallet-balance').count()).toBe(0);
    await context.close();
  });

  it('shows the wallet in English when the person switches language', async () => {
    const { page, context } = await person('phone');
    await page.goto(`${origin}/wallet`);
    await page.getByRole('button', { name: /English/ }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Wallet');
    await expect.poll(() => page.locator('#currency-signin-link').textContent()).toBe('Sign in with Tsunagu ID');
    await context.close();
  });
});
