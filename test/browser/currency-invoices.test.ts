import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { FARM, SCHOOL, SHOP, catchReturn, currencyBrowser, paymentServiceToken, walletBalance as balance } from '../support/currency-browser.ts';

const site = currencyBrowser();
/** A phone or a desk browser of its own, in Japanese. */
const open = async (kind: 'phone' | 'desk') => (await site.person(kind)).page;

// One resident, school and shop owner across the steps below, each in their own browser.
let parent: Page;
let school: Page;
let shopOwner: Page;
let payCode = '';
let cityPage: Page;

describe('school fees and invoices between businesses, in the web app', () => {
  it('lets the school issue a bill to a household, with a pay code and a QR code for the parents', async () => {
    school = await open('desk');
    await site.signIn(school, '/shop', 'school@demo.tsunagu.example');
    await expect.poll(() => school.locator('#shop-name').textContent()).toContain(SCHOOL);
    expect(await school.locator('#shop-qr').count()).toBe(0);
    await school.locator('#shop-invoice-description').fill('給食費 11月分');
    await school.locator('#shop-invoice-amount').fill('2500');
    await school.getByRole('button', { name: '¥2,500 を請求する' }).click();
    await expect.poll(() => school.locator('#shop-invoice-code').getAttribute('data-code')).toMatch(/^INV-[0-9A-F]{10}$/);
    payCode = (await school.locator('#shop-invoice-code').getAttribute('data-code')) ?? '';
    await expect.poll(() => school.locator('#shop-invoice-qr').getAttribute('data-value')).toBe(`${site.origin}/wallet/invoices?code=${payCode}`);
    const row = school.locator(`#shop-invoices-table tbody tr[data-status="open"]`);
    await expect.poll(() => row.textContent()).toContain(`ご家庭へ（支払コード ${payCode}）`);
    await site.shot(school, 'currency-school-invoice.png');
  });

  it('lets the parent open the bill from its QR link, see it open in the wallet, and pay it from there', async () => {
    parent = await open('phone');
    await site.signIn(parent, '/wallet', 'taro@demo.tsunagu.example');
    await expect.poll(() => balance(parent)).toBe(5_000);
    await parent.getByRole('link', { name: '学校・請求書' }).click();
    await parent.waitForURL(`${site.origin}/wallet/invoices`);
    await parent.locator('#invoice-code').fill('INV-0000000000');
    await parent.getByRole('button', { name: '請求を追加する' }).click();
    await expect.poll(() => parent.locator('#invoice-add-alert').textContent()).toContain('この請求は見つかりません');
    await parent.goto(`${site.origin}/wallet/invoices?code=${payCode}`);
    await expect.poll(() => parent.locator('#invoice-added').textContent()).toContain(`「給食費 11月分」（${SCHOOL}）`);
    const bill = parent.locator('#wallet-invoices li').first();
    await expect.poll(() => bill.getAttribute('data-status')).toBe('open');
    await site.shot(parent, 'currency-wallet-invoices.png');
    await bill.getByRole('button', { name: '¥2,500 を支払う' }).click();
    await expect.poll(() => bill.textContent()).toContain('残高 ¥2,500');
    await bill.getByRole('button', { name: '支払う', exact: true }).click();
    await expect.poll(() => parent.locator('#invoice-paid').textContent()).toBe(`${SCHOOL} に ¥2,500 を支払いました。`);
    await expect.poll(() => parent.locator('#wallet-invoices li').first().getAttribute('data-status')).toBe('paid');
    await site.shot(parent, 'currency-wallet-invoices-paid.png');
    await parent.goto(`${site.origin}/wallet`);
    await expect.poll(() => balance(parent)).toBe(2_500);
    await expect.poll(() => parent.locator('#wallet-history li').first().getAttribute('data-kind')).toBe('invoice_payment');

    await school.reload();
    await expect.poll(() => school.locator('#shop-invoices-table tbody tr').first().getAttribute('data-status')).toBe('paid');
  });

  it('lets the farm bill the shop, the shop owner pay it from the shop’s balance, and both see it paid', async () => {
    // The shop first takes ¥2,000 from the resident (¥40 fee), so it can pay the farm.
    await parent.goto(`${site.origin}/wallet/pay?shop=TSG-DEMO-CHAYA`);
    await parent.locator('#pay-amount').fill('2000');
    await parent.getByRole('button', { name: '確認へ進む' }).click();
    await parent.getByRole('button', { name: '支払う', exact: true }).click();
    await expect.poll(() => parent.locator('#pay-done').textContent()).toContain('¥2,000 を支払いました');

    const farm = await open('desk');
    await site.signIn(farm, '/shop', 'farm@demo.tsunagu.example');
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
    await site.signIn(shopOwner, '/shop', 'shop@demo.tsunagu.example');
    await expect.poll(() => shopOwner.locator('#shop-balance').getAttribute('data-amount')).toBe('1960');
    const received = shopOwner.locator('#shop-invoices-table tbody tr[data-direction="received"]').first();
    await expect.poll(() => received.textContent()).toContain(`${FARM} から`);
    await received.getByRole('button', { name: '支払う' }).click();
    await received.getByRole('button', { name: '¥1,500 を支払う' }).click();
    await expect.poll(() => shopOwner.locator('#shop-invoices-table tbody tr').first().getAttribute('data-status')).toBe('paid');
    await expect.poll(() => shopOwner.locator('#shop-balance').getAttribute('data-amount')).toBe('460');
    await site.shot(shopOwner, 'currency-shop-invoices.png');

    await farm.reload();
    await expect.poll(() => farm.locator('#shop-invoices-table tbody tr').first().getAttribute('data-status')).toBe('paid');
    await expect.poll(() => farm.locator('#shop-balance').getAttribute('data-amount')).toBe('1500');
    await site.shot(farm, 'currency-farm-invoices.png');
    await farm.context().close();
  });
});

describe('declining a payment request, and the city admin signed in', () => {
  it('lets the resident decline a payment another service asked for, and sends them back with status=declined', async () => {
    const token = await paymentServiceToken(site.app, {
      name: { ja: 'あいづ観光予約 (テスト)', en: 'Aizu tours (test)' },
      company: '株式会社テスト観光',
      purpose: { ja: '代金の決済', en: 'Payments' },
      site: 'http://tours.example.test',
    });
    await shopOwner.goto(`${site.origin}/shop`);
    await expect.poll(() => shopOwner.locator('#shop-portal').getAttribute('data-business')).toMatch(/^[0-9a-f-]{36}$/);
    const shopId = (await shopOwner.locator('#shop-portal').getAttribute('data-business')) ?? '';
    const created = await site.app.http.inject({
      method: 'POST',
      url: '/api/currency/payment-requests',
      headers: { authorization: `Bearer ${token}`, 'idempotency-key': 'booking-88' },
      payload: { payeeId: shopId, amount: 800, description: '鶴ヶ城 ガイドツアー', returnUrl: 'http://tours.example.test/bookings/88' },
    });
    expect(created.statusCode).toBe(201);
    const request = created.json<{ id: string; approveUrl: string }>();

    const back = await catchReturn(parent, 'http://tours.example.test', '<p>tours</p>');
    await parent.goto(`${site.origin}${request.approveUrl}`);
    await expect.poll(() => parent.locator('#request-amount').textContent()).toBe('¥800');
    await expect.poll(() => parent.locator('#request-decline-note').textContent()).toContain('お金は動きません');
    await site.shot(parent, 'currency-payment-request-decline.png');
    await parent.getByRole('button', { name: '支払いを断る' }).click();
    await expect.poll(() => back.url()?.searchParams.get('status') ?? null).toBe('declined');
    await back.stop();
    const status = await site.app.http.inject({ url: `/api/currency/payment-requests/${request.id}`, headers: { authorization: `Bearer ${token}` } });
    expect(status.json()).toMatchObject({ status: 'declined' });
    await parent.goto(`${site.origin}/wallet`);
    await expect.poll(() => balance(parent)).toBe(500);
  });

  it('lets the demo city admin start a campaign signed in, with no operator token, and shows only the portals each person may use', async () => {
    const city = await open('desk');
    await site.signIn(city, '/currency/admin', 'city@demo.tsunagu.example');
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
    await site.shot(city, 'currency-admin-city.png');

    // The shop owner is offered the wallet and the shop; the resident sees no portal links at all.
    await shopOwner.goto(`${site.origin}/shop`);
    await expect
      .poll(() => shopOwner.locator('#currency-portals li').evaluateAll((items) => items.map((li) => li.getAttribute('data-portal'))))
      .toEqual(['wallet', 'shop']);
    await parent.goto(`${site.origin}/wallet`);
    await expect.poll(() => balance(parent)).toBe(500);
    expect(await parent.locator('#currency-portals').count()).toBe(0);
    await parent.goto(`${site.origin}/currency/admin`);
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
      await page.goto(`${site.origin}${pagePath}`);
      await expect.poll(() => page.locator(loaded).count()).toBe(1);
      await site.shot(page, `currency-${name}-ja.png`);
      await page.getByRole('button', { name: /English/ }).click();
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(english);
      await site.shot(page, `currency-${name}-en.png`);
    }
    await expect.poll(() => cityPage.locator('#admin-signed-in-admin').textContent()).toBe('Signed in as a currency administrator.');
    await expect.poll(() => shopOwner.locator('#shop-invoices-title').textContent()).toBe('Invoices');
    await cityPage.context().close();
  });
});
