import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { SCREENSHOT_DIR, launchChromium, openPage } from '../support/browser.ts';

let app: TestApp;
let browser: Browser;
let origin: string;

beforeAll(async () => {
  if (!fs.existsSync('web/dist/index.html')) throw new Error('web app not built: run `npm run build:web` first (npm test does it)');
  app = await startTestApp();
  await app.http.listen({ port: 0, host: '127.0.0.1' });
  origin = `http://127.0.0.1:${(app.http.server.address() as AddressInfo).port}`;
  browser = await launchChromium();
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const open = (url: string) => openPage(browser, url);

let accounts = 0;

/** Fills in and sends the /signup form as a person would. */
async function signUpThroughTheForm(page: Page, displayName: string): Promise<void> {
  accounts += 1;
  await page.getByLabel('メールアドレス').fill(`citizen${accounts}-${Date.now()}@example.jp`);
  await page.getByLabel('パスワード', { exact: false }).first().fill('correct-horse-battery');
  await page.getByLabel('表示名').fill(displayName);
  await page.getByLabel('市民').check();
  await page.getByRole('button', { name: '都市OS IDを作成する' }).click();
}

describe('citizen portal', () => {
  it('sends a visitor from マイデータ to sign in, and after creating a City OS ID shows it as not yet verified', async () => {
    const { page, hosts } = await open(`${origin}/mydata`);
    await page.waitForURL(`${origin}/login?next=/mydata`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('サインイン');
    await expect.poll(() => page.locator('#header-account-link').textContent()).toBe('サインイン');

    await page.getByRole('link', { name: '都市OS IDを作成する' }).click();
    await page.waitForURL(/\/signup\?next=%2Fmydata$/);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('都市OS IDの作成');
    await expect.poll(() => page.locator('#signup-password-hint').textContent()).toContain('10文字以上');

    await signUpThroughTheForm(page, '会津 花子');
    await page.waitForURL(`${origin}/mydata`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('マイデータ');
    await expect.poll(() => page.locator('#account-display-name').textContent()).toBe('会津 花子');
    await expect.poll(() => page.locator('#account-assurance').textContent()).toContain('未確認');
    await expect.poll(() => page.locator('#header-account-link').textContent()).toBe('マイデータ');
    await expect.poll(() => page.locator('#verification-demo-notice').textContent()).toContain('デモ');
    await expect.poll(() => page.locator('#consents-empty').isVisible()).toBe(true);
    await expect.poll(() => page.locator('#access-log-empty').isVisible()).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'mydata-unverified.png'), fullPage: true });

    expect([...hosts]).toEqual([new URL(origin).host]);
    await page.context().close();
  });

  it('announces what is wrong with the sign-up form and puts the cursor on the first field to fix', async () => {
    const { page } = await open(`${origin}/signup`);
    await page.getByLabel('パスワード', { exact: false }).first().fill('short');
    await page.getByRole('button', { name: '都市OS IDを作成する' }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: '入力内容を確認してください' }).count()).toBe(1);
    await expect.poll(() => page.locator('#signup-password-error').textContent()).toContain('10文字以上');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('signup-email');
    await expect.poll(() => page.locator('#signup-email').getAttribute('aria-invalid')).toBe('true');
    await page.context().close();
  });

  it('verifies identity with the clearly labelled demo stand-in for the My Number card', async () => {
    const { page } = await open(`${origin}/signup`);
    // 会津 花子 of the demo registry (会津 太郎 is the seeded demo account already).
    await signUpThroughTheForm(page, '会津 花子');
    await page.waitForURL(`${origin}/mydata`);
    await expect.poll(() => page.locator('#account-assurance').getAttribute('data-assurance')).toBe('self-asserted');

    // Hiragana typed by mistake is taken as katakana.
    await page.getByLabel('フリガナ（姓）').fill('あいづ');
    await page.getByLabel('フリガナ（名）').fill('ハナコ');
    await page.getByLabel('生年月日').fill('1982-07-15');
    await page.getByLabel('暗証番号（4桁）').fill('1234');
    await page.getByRole('button', { name: '本人確認をする' }).click();

    await expect.poll(() => page.locator('#account-assurance').textContent()).toContain('本人確認済み');
    await expect.poll(() => page.locator('#account-status').textContent()).toContain('本人確認が完了しました');
    await expect.poll(() => page.locator('#verification-form').count()).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'mydata-verified.png'), fullPage: true });
    await page.context().close();
  });
});
