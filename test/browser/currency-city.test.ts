import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { OPERATOR_TOKEN } from '../support/app.ts';
import {
  CITIZEN,
  DEMO_CAMPAIGN,
  OWNER,
  SHOP,
  SHOP_CODE,
  STAFF,
  catchReturn,
  currencyBrowser,
  paymentServiceToken,
  walletBalance,
} from '../support/currency-browser.ts';

/**
 * The regional currency from the city's side and other services': counter staff charge a resident,
 * the city sells premium vouchers, another service asks for a payment, and an organiser awards
 * つなポン. The resident and the demo shop are signed in as currency-wallet leaves them.
 */
const site = currencyBrowser();

let citizen: Page;
let owner: Page;
let shopId: string;
const staticCode = SHOP_CODE;

beforeAll(async () => {
  ({ page: owner } = await site.person('desk'));
  await site.signIn(owner, '/shop', OWNER);
  await vi.waitFor(async () => expect(await owner.locator('#shop-portal').getAttribute('data-business')).toMatch(/^[0-9a-f-]{36}$/), {
    timeout: 15_000,
  });
  shopId = (await owner.locator('#shop-portal').getAttribute('data-business')) ?? '';
  // The resident's ¥13,200 where the wallet story leaves her: the seed's ¥5,000 and ¥8,200 from the demo bank.
  ({ page: citizen } = await site.person('phone'));
  await site.signIn(citizen, '/wallet', CITIZEN);
  const charged = await citizen.context().request.post(`${site.origin}/api/currency/wallet/charges`, {
    data: { amount: 8_200 },
    headers: { 'idempotency-key': 'city-story-start' },
  });
  expect(charged.status()).toBe(201);
  await citizen.reload();
  await vi.waitFor(async () => expect(await walletBalance(citizen)).toBe(13_200), { timeout: 15_000 });
});

describe('the regional currency, as the city and other services use it', () => {
  it('lets city staff charge a resident at the counter from the admin page, and the resident sees it land', async () => {
    const { page: staff, context } = await site.person('desk');
    await staff.goto(`${site.origin}/currency/admin`);
    await expect.poll(() => staff.locator('#admin-fields-table').textContent()).toContain('小売・サービス');
    await site.signIn(staff, '/currency/admin', STAFF);

    await citizen.goto(`${site.origin}/wallet/code`);
    await expect.poll(() => citizen.locator('#code-card').getAttribute('data-code')).toMatch(/^\d{12}$/);
    const code = (await citizen.locator('#code-card').getAttribute('data-code')) ?? '';
    await staff.locator('#admin-counter-code').fill(code);
    await staff.locator('#admin-counter-amount').fill('3000');
    await staff.getByRole('button', { name: '¥3,000 をチャージする' }).click();
    await expect.poll(() => staff.locator('#admin-counter-done').textContent()).toBe('¥3,000 をチャージしました。');
    await expect.poll(() => citizen.locator('#code-paid').textContent()).toContain('チャージされました：¥3,000（残高 ¥16,200）');
    await site.shot(staff, 'currency-admin.png');
    await citizen.goto(`${site.origin}/wallet`);
    await expect.poll(() => citizen.locator('#wallet-history li').first().getAttribute('data-kind')).toBe('counter_charge');
    await context.close();
  });

  it('lets the city start a premium voucher campaign, and the resident buys a voucher and spends it at the shop', async () => {
    const { page: city, context } = await site.person('desk');
    await city.goto(`${site.origin}/currency/admin`);
    await site.signIn(city, '/currency/admin', STAFF);
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

    await citizen.goto(`${site.origin}/wallet/vouchers`);
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
    await site.shot(citizen, 'currency-vouchers.png');

    // Paying ¥3,000 at the small local shop spends vouchers first; the wallet stays as it was.
    await citizen.goto(`${site.origin}/wallet/pay?shop=${staticCode}`);
    await expect.poll(() => citizen.locator('#pay-shop-name').textContent()).toBe(SHOP);
    await expect.poll(() => citizen.locator('#pay-use-vouchers').isChecked()).toBe(true);
    await citizen.locator('#pay-amount').fill('3000');
    await citizen.getByRole('button', { name: '確認へ進む' }).click();
    await citizen.getByRole('button', { name: '支払う', exact: true }).click();
    await expect.poll(() => citizen.locator('#pay-done').textContent()).toContain('¥3,000 を支払いました');
    await citizen.goto(`${site.origin}/wallet`);
    await expect.poll(() => walletBalance(citizen)).toBe(6_200);
    await expect.poll(() => citizen.locator('#wallet-vouchers-total').getAttribute('data-amount')).toBe('9500');
    await owner.reload();
    await expect.poll(() => owner.locator('#shop-balance').getAttribute('data-amount')).toBe(String(3_000 - 60));

    await city.reload();
    await expect.poll(() => row.locator('td').nth(4).textContent()).toBe('1');
    await site.shot(city, 'currency-admin-campaigns.png');
    await context.close();
  });

  it('lets the resident approve a payment another service asked for, and sends them back to that service', async () => {
    // A farm-to-table service (client credentials) asks the resident to pay the shop ¥500.
    const token = await paymentServiceToken(site.app, {
      name: { ja: '地産地消マッチング (テスト)', en: 'Farm to table (test)' },
      company: '株式会社テスト農業',
      purpose: { ja: '代金の決済', en: 'Paying for produce' },
      site: 'http://agri.example.test',
    });
    const created = await site.app.http.inject({
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
    const back = await catchReturn(citizen, 'http://agri.example.test', '<p>agri: thank you</p>');
    await citizen.goto(`${site.origin}${request.approveUrl}`);
    await expect.poll(() => citizen.getByRole('heading', { level: 1 }).textContent()).toBe('支払いの確認');
    await expect.poll(() => citizen.locator('#request-payee').textContent()).toBe(SHOP);
    await expect.poll(() => citizen.locator('#request-description').textContent()).toBe('会津野菜セット');
    await expect
      .poll(() => citizen.locator('#request-lead').textContent())
      .toContain('地産地消マッチング (テスト)（株式会社テスト農業） から支払いの依頼');
    await expect.poll(() => citizen.locator('#request-amount').textContent()).toBe('¥500');
    await site.shot(citizen, 'currency-payment-request.png');
    await citizen.getByRole('button', { name: '¥500 を支払う' }).click();
    await expect.poll(() => back.url()?.searchParams.get('status') ?? null).toBe('paid');
    expect(back.url()?.searchParams.get('payment_request')).toBe(request.id);
    await back.stop();

    await citizen.goto(`${site.origin}/wallet`);
    await expect.poll(() => walletBalance(citizen)).toBe(5_700);
    // Opening the same request again: it is no longer open, and nothing can be paid twice.
    await citizen.goto(`${site.origin}${request.approveUrl}`);
    await expect.poll(() => citizen.locator('#request-closed').textContent()).toContain('受付を終えています');
  });

  it('lets an organiser award つなポン by the participant’s code, and the resident spends them at a shop that takes them', async () => {
    const me = (await (await owner.context().request.get(`${site.origin}/api/currency/auth/me`)).json()) as { subject: string };
    const organiser = await site.app.http.inject({
      method: 'POST',
      url: '/api/currency/admin/businesses',
      headers: { authorization: `Bearer ${OPERATOR_TOKEN}` },
      payload: { name: '会津ボランティアセンター', kind: 'organiser', size: 'small', field: 'government', ownerSubject: me.subject },
    });
    expect(organiser.statusCode).toBe(201);
    await owner.reload();
    await owner.locator('#shop-choose').selectOption({ label: '会津ボランティアセンター' });
    await expect.poll(() => owner.locator('#shop-name').textContent()).toContain('会津ボランティアセンター');

    await citizen.goto(`${site.origin}/wallet/code`);
    await expect.poll(() => citizen.locator('#code-card').getAttribute('data-code')).toMatch(/^\d{12}$/);
    const code = (await citizen.locator('#code-card').getAttribute('data-code')) ?? '';
    await owner.locator('#shop-award-code').fill(code);
    await owner.locator('#shop-award-points').fill('300');
    await owner.locator('#shop-award-reason').fill('鶴ヶ城周辺の清掃ボランティア');
    await owner.getByRole('button', { name: '300 pt を付与する' }).click();
    await expect.poll(() => owner.locator('#shop-award-done').textContent()).toBe('300 pt を付与しました。');

    await citizen.goto(`${site.origin}/wallet/points`);
    await expect.poll(() => citizen.locator('#points-balance').getAttribute('data-amount')).toBe('300');
    await expect.poll(() => citizen.locator('#points-history li').first().getAttribute('data-kind')).toBe('points_award');
    await site.shot(citizen, 'currency-points.png');

    await citizen.goto(`${site.origin}/wallet/pay?shop=${staticCode}`);
    await citizen.locator('#pay-method-points').check();
    await citizen.locator('#pay-amount').fill('100');
    await citizen.getByRole('button', { name: '確認へ進む' }).click();
    await expect.poll(() => citizen.locator('#pay-confirm-amount').textContent()).toBe('100 pt');
    await citizen.getByRole('button', { name: '支払う', exact: true }).click();
    await expect.poll(() => citizen.locator('#pay-done').textContent()).toContain('100 pt を支払いました');
    await citizen.goto(`${site.origin}/wallet`);
    await expect.poll(() => citizen.locator('#wallet-points').getAttribute('data-amount')).toBe('200');
    await expect.poll(() => walletBalance(citizen)).toBe(5_700);
  });
});
