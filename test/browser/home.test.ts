import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser } from 'playwright-core';
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

describe('home page', () => {
  it('greets in Japanese, names the city, switches to English and remembers it', async () => {
    const { page, hosts } = await open(origin);
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('ja');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('ひとつのID');
    await expect.poll(() => page.locator('header').textContent()).toContain('会津若松市');
    await expect.poll(() => page.locator('li[data-module="tourism"] [data-status]').getAttribute('data-status')).toBe('coming-soon');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'home-ja.png'), fullPage: true });

    await page.getByRole('button', { name: /English/ }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('One ID');
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
    await expect.poll(() => page.locator('header').textContent()).toContain('Aizuwakamatsu');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'home-en.png'), fullPage: true });

    await page.reload();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('One ID');
    await page.getByRole('button', { name: /日本語/ }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('ひとつのID');

    expect([...hosts]).toEqual([new URL(origin).host]);
    await page.context().close();
  });

  it('can be used with the keyboard alone: the first Tab reaches the skip link', async () => {
    const { page } = await open(origin);
    await expect.poll(() => page.locator('header').textContent()).toContain('会津若松市');
    await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? '')).toContain('本文へスキップ');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id ?? '')).toBe('main');
    await page.context().close();
  });

  it("links to the API reference, which renders each module's OpenAPI document under the security policy", async () => {
    const { page, hosts } = await open(origin);
    await page.locator('a[href="/docs"]').first().click();
    await expect.poll(() => page.locator('.swagger-ui .info .title').textContent(), { timeout: 20_000 }).toContain('Resident registry API');
    await expect.poll(() => page.locator('.opblock').count()).toBeGreaterThan(3);
    // Every module's document is one choice away, the currency's payment API among them.
    await page.locator('select#select').selectOption({ label: 'あいづ地域通貨 / Aizu regional digital currency' });
    await expect.poll(() => page.locator('.swagger-ui .info .title').textContent()).toContain('regional digital currency API');
    await expect.poll(() => page.locator('.opblock-summary-path').allTextContents()).toContain('/api/currency/payment-requests');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'api-reference.png') });
    expect([...hosts]).toEqual([new URL(origin).host]);
    await page.context().close();
  });

  it('serves the web app for a page path on reload, and a problem for an unknown API path', async () => {
    const { page } = await open(`${origin}/no/such/page`);
    await expect.poll(() => page.locator('main').textContent()).toMatch(/見つかりません|not found/i);
    const api = await page.request.get(`${origin}/api/nothing`);
    expect(api.status()).toBe(404);
    expect(api.headers()['content-type']).toContain('application/problem+json');
    await page.context().close();
  });
});
