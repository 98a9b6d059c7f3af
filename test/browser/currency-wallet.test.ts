import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { logInAtCityOs } from '../support/demo-browser.ts';
import { CITIZEN, OWNER, SHOP, SHOP_CODE, currencyBrowser, walletBalance } from '../support/currency-browser.ts';

/**
 * The regional currency as a resident and the demo shop use it, each in their own browser: sign-in,
 * charge, three ways to pay, a refund, cashing out with the fee statement, and what is refused.
 * The city's side (counter, vouchers, another service's payment request, つなポン) is in currency-city.
 */
const site = currencyBrowser();

describe('the regional currency, as a resident and a shop use it', () => {
  let citizen: Page;
  let owner: Page;
  let staticCode: string;

  it('lets the demo resident sign in through City OS ID, and shows the wallet the demo seed charged', async () => {
    ({ page: citizen } = await site.person('phone'));
    await citizen.goto(`${site.origin}/wallet`);
    await expect.poll(() => citizen.getByRole('heading', { level: 1 }).textContent()).toBe('ウォレット');
    await expect.poll(() => citizen.locator('#currency-signin').textContent()).toContain('つなぐIDでログイン');
    await site.shot(citizen, 'currency-wallet-signin.png');
    await site.signIn(citizen, '/wallet', CITIZEN);
    await expect.poll(() => citizen.locator('#wallet-balance').textContent()).toBe('¥5,000');
    await expect.poll(() => citizen.locator('#wallet-points').textContent()).toBe('0 pt');
    await expect.poll(() => citizen.locator('#wallet-history li').first().getAttribute('data-kind')).toBe('charge');
  });

  it('lets the demo shop owner sign in to the shop portal in another browser, with the shop QR to show', async () => {
    ({ page: owner } = await site.person('desk'));
    await site.signIn(owner, '/shop', OWNER);
    staticCode = SHOP_CODE;
    await expect.poll(() => owner.locator('#shop-name').textContent()).toContain(SHOP);
    await expect.poll(() => owner.locator('#shop-static-code').textContent()).toBe(staticCode);
    await expect.poll(() => owner.locator('#shop-qr-image').getAttribute('data-value')).toBe(`${site.origin}/wallet/pay?shop=${staticCode}`);
    await expect.poll(() => owner.locator('#shop-balance').textContent()).toBe('¥0');
  });

  it('charges ¥10,000 from the clearly labelled demo bank, after changing the bank account', async () => {
    await citizen.getByRole('link', { name: 'チャージ' }).click();
    await citizen.waitForURL(`${site.origin}/wallet/charge`);
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
    await site.shot(citizen, 'currency-wallet-charge.png');
    await citizen.locator('#wallet-back').click();
    await expect.poll(() => walletBalance(citizen)).toBe(15_000);
    const first = citizen.locator('#wallet-history li').first();
    await expect.poll(() => first.getAttribute('data-kind')).toBe('charge');
    await expect.poll(() => first.textContent()).toContain('残高 ¥15,000');
  });

  it("pays ¥1,200 by typing the shop's code, and sees it in the history with the balance after it", async () => {
    await citizen.getByRole('link', { name: 'お店のQRで払う' }).click();
    await citizen.waitForURL(`${site.origin}/wallet/pay`);
    await citizen.locator('#pay-shop-code').fill(staticCode.toLowerCase());
    await site.shot(citizen, 'currency-pay-code.png');
    await citizen.getByRole('button', { name: 'お店を確かめる' }).click();
    await expect.poll(() => citizen.locator('#pay-shop-name').textContent()).toBe(SHOP);
    await citizen.locator('#pay-amount').fill('1200');
    await citizen.getByRole('button', { name: '確認へ進む' }).click();
    await expect.poll(() => citizen.locator('#pay-confirm-amount').textContent()).toBe('¥1,200');
    await site.shot(citizen, 'currency-pay-confirm.png');
    await citizen.getByRole('button', { name: '支払う', exact: true }).click();
    await expect.poll(() => citizen.locator('#pay-done').textContent()).toContain(`${SHOP} に ¥1,200 を支払いました。`);
    await expect.poll(() => citizen.locator('#pay-done-balance').textContent()).toBe('残高は ¥13,800 です。');
    await site.shot(citizen, 'currency-pay-done.png');
    await citizen.goto(`${site.origin}/wallet`);
    const latest = citizen.locator('#wallet-history li').first();
    await expect.poll(() => latest.textContent()).toContain(SHOP);
    await expect.poll(() => latest.getAttribute('data-amount')).toBe('-1200');
    await expect.poll(() => latest.getAttribute('data-balance-after')).toBe('13800');
    await expect.poll(() => walletBalance(citizen)).toBe(13_800);
    await site.shot(citizen, 'currency-wallet.png');
  });

  it('pays ¥800 by showing a one-time code that the shop types in, and both see it land', async () => {
    await citizen.getByRole('link', { name: '支払いコードを表示' }).click();
    await citizen.waitForURL(`${site.origin}/wallet/code`);
    const card = citizen.locator('#code-card');
    await expect.poll(() => card.getAttribute('data-code')).toMatch(/^\d{12}$/);
    const code = (await card.getAttribute('data-code')) ?? '';
    await expect.poll(() => citizen.locator('#code-timer').textContent()).toMatch(/^有効期限まであと [45]:\d\d$/);
    await expect.poll(() => citizen.locator('#code-qr').getAttribute('data-value')).toBe(code);
    await site.shot(citizen, 'currency-pay-my-code.png');

    await owner.locator('#shop-take-code').fill(code.replace(/(\d{4})(?=\d)/g, '$1 '));
    await owner.locator('#shop-take-amount').fill('800');
    await owner.getByRole('button', { name: '¥800 を受け取る' }).click();
    await expect.poll(() => owner.locator('#shop-take-done').textContent()).toBe('¥800 を受け取りました（手数料 ¥16）。');
    await expect.poll(() => citizen.locator('#code-paid').textContent()).toContain('お支払いが完了しました：¥800（残高 ¥13,000）');
    await site.shot(citizen, 'currency-pay-my-code-paid.png');

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
    await citizen.goto(`${site.origin}/wallet`);
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
    await site.shot(owner, 'currency-shop-portal.png');
  });

  it('refuses an amount of 0 or more than the balance with a clear message, and nothing moves', async () => {
    await citizen.goto(`${site.origin}/wallet/pay?shop=${staticCode}`);
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
    await site.shot(citizen, 'currency-pay-refused.png');
    expect(await citizen.locator('#pay-submit').count()).toBe(0);

    // The shop tries to take more than the resident has: the server refuses, and both balances stay.
    await citizen.goto(`${site.origin}/wallet/code`);
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
    await site.shot(owner, 'currency-shop-refused.png');
    expect(await owner.locator('#shop-balance').getAttribute('data-amount')).toBe(shopBefore);

    await citizen.goto(`${site.origin}/wallet`);
    await expect.poll(() => walletBalance(citizen)).toBe(13_200);
    await expect.poll(() => citizen.locator('#wallet-history li').first().getAttribute('data-kind')).toBe('refund');

    // An unknown shop code, and a charge of 0.
    await citizen.goto(`${site.origin}/wallet/pay`);
    await citizen.locator('#pay-shop-code').fill('TSG-NOSUCHSHOP');
    await citizen.getByRole('button', { name: 'お店を確かめる' }).click();
    await expect.poll(() => citizen.locator('#pay-alert').textContent()).toContain('このコードのお店が見つかりません');
    await citizen.goto(`${site.origin}/wallet/charge`);
    await citizen.locator('#charge-amount').fill('0');
    await citizen.getByRole('button', { name: 'チャージする' }).click();
    await expect.poll(() => citizen.locator('#charge-alert').textContent()).toContain('金額は1円以上の整数で入力してください');
    await citizen.goto(`${site.origin}/wallet`);
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

  it('links the wallet and the shop portal from the home page', async () => {
    const { page } = await site.person('desk');
    await page.goto(site.origin);
    await expect.poll(() => page.locator('li[data-module="currency"] a.card__link').getAttribute('href')).toBe('/wallet');
    await expect.poll(() => page.locator('li[data-portal="business"] a.card__link').getAttribute('href')).toBe('/shop');
    await expect.poll(() => page.locator('li[data-portal="staff"] a.card__link').getAttribute('href')).toBe('/currency/admin');
    await page.locator('li[data-module="currency"] a.card__link').click();
    await page.waitForURL(`${site.origin}/wallet`);
    await expect
      .poll(() => page.getByRole('link', { name: 'つなぐIDでログイン' }).getAttribute('href'))
      .toBe('/api/currency/auth/login?returnTo=%2Fwallet');
    await page.context().close();
  });
});

describe('signing in to the currency', () => {
  it('says so plainly when the person declines the consent', async () => {
    const { page, context } = await site.person('phone');
    await page.goto(`${site.origin}/wallet`);
    await page.getByRole('link', { name: 'つなぐIDでログイン' }).click();
    await logInAtCityOs(page, 'visitor@demo.tsunagu.example');
    await page.locator('#consent-decline').click();
    await page.waitForURL(/\/wallet\?signin=access_denied/);
    await expect.poll(() => page.locator('#currency-signin-declined').textContent()).toContain('同意されなかったため');
    await expect.poll(() => page.locator('#wallet-balance').count()).toBe(0);
    await context.close();
  });

  it('shows the wallet in English when the person switches language', async () => {
    const { page, context } = await site.person('phone');
    await page.goto(`${site.origin}/wallet`);
    await page.getByRole('button', { name: /English/ }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Wallet');
    await expect.poll(() => page.locator('#currency-signin-link').textContent()).toBe('Sign in with Tsunagu ID');
    await context.close();
  });
});
