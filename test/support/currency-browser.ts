import type { BrowserContext, Page } from 'playwright-core';
import { expect, vi } from 'vitest';
import { OPERATOR_TOKEN, type TestApp } from './app.ts';
import { demoBrowser, logInAtCityOs, type DemoBrowser } from './demo-browser.ts';

// The currency's demo seed: taro's wallet charged ¥5,000 from the DEMO bank, a demo shop with its
// owner, a school and a farm, counter staff, the city's currency admin and a voucher campaign.
export const CITIZEN = 'taro@demo.tsunagu.example';
export const OWNER = 'shop@demo.tsunagu.example';
export const STAFF = 'counter@demo.tsunagu.example';
export const SHOP = 'あいづ茶屋（デモ店舗）';
export const SHOP_CODE = 'TSG-DEMO-CHAYA';
export const FARM = 'あいづ農園（デモ）';
export const SCHOOL = 'つなぐ小学校（デモ）';
export const DEMO_CAMPAIGN = 'あいづプレミアム商品券（デモ）';

export type CurrencyBrowser = DemoBrowser & {
  /** A phone (the wallet) or a counter tablet (the shop), in Japanese unless told, with no cookies. */
  person(kind: 'phone' | 'desk', locale?: string): Promise<{ context: BrowserContext; page: Page }>;
  /**
   * From a currency page: 「つなぐIDでログイン」, City OS ID login, the consent page when the person
   * has not consented yet (the demo seed signed its own people in already), and back to the page.
   */
  signIn(page: Page, pagePath: string, email: string): Promise<'consented' | 'already'>;
};

/** The demo city and Chromium for a currency browser test file (see `demoBrowser`). */
export function currencyBrowser(): CurrencyBrowser {
  const site = demoBrowser();
  return Object.assign(site, {
    person: (kind: 'phone' | 'desk', locale = 'ja-JP') =>
      site.open({
        locale,
        viewport: kind === 'phone' ? { width: 390, height: 844 } : { width: 1200, height: 900 },
        ...(kind === 'phone' ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
      }),
    async signIn(page: Page, pagePath: string, email: string): Promise<'consented' | 'already'> {
      const { origin } = site;
      await page.goto(`${origin}${pagePath}`);
      await page.getByRole('link', { name: 'つなぐIDでログイン' }).click();
      await logInAtCityOs(page, email);
      // vi.waitFor, not expect.poll (only in a test), so that a file's beforeAll can sign its people in too.
      const back = () => page.url() === `${origin}${pagePath}`;
      await vi.waitFor(
        async () => {
          if (!back() && (await page.locator('section[data-prompt="consent"]').count()) === 0) throw new Error(`still at ${page.url()}`);
        },
        { timeout: 15_000, interval: 100 },
      );
      if (back()) return 'already';
      await vi.waitFor(async () => expect(await page.locator('#interaction-service').textContent()).toContain('地域通貨'), {
        timeout: 15_000,
        interval: 100,
      });
      await page.locator('#consent-agree').click();
      await page.waitForURL(`${origin}${pagePath}`);
      return 'consented';
    },
  });
}

/** The wallet page's balance in yen, from its data attribute. */
export const walletBalance = (page: Page) => page.locator('#wallet-balance').getAttribute('data-amount').then(Number);

/**
 * Registers a service that asks residents to pay (as agri or tourism do), with its pages at
 * `site` (not a real server: the test catches the browser arriving there), and returns the
 * access token its client credentials get for the payment API.
 */
export async function paymentServiceToken(
  app: TestApp,
  service: { name: { ja: string; en: string }; company: string; purpose: { ja: string; en: string }; site: string },
): Promise<string> {
  const registered = await app.http.inject({
    method: 'POST',
    url: '/api/identity/admin/services',
    headers: { authorization: `Bearer ${OPERATOR_TOKEN}` },
    payload: {
      name: service.name,
      company: service.company,
      purposes: [service.purpose],
      categories: [{ category: 'payment_results', required: true, reason: { ja: '決済のため', en: 'For payments' } }],
      redirectUris: [`${service.site}/callback`],
      postLogoutRedirectUris: [`${service.site}/bye`],
    },
  });
  const client = registered.json<{ service: { clientId: string }; clientSecret: string }>();
  const basic = Buffer.from(`${encodeURIComponent(client.service.clientId)}:${encodeURIComponent(client.clientSecret)}`).toString('base64');
  const issued = await app.http.inject({
    method: 'POST',
    url: '/oidc/token',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'grant_type=client_credentials&scope=tsunagu%3Apayment_results',
  });
  return issued.json<{ access_token: string }>().access_token;
}

/**
 * The asking service's pages are no real server: answers them with `body` while the test runs,
 * and tells the address the browser was sent back to (undefined until it arrives).
 */
export async function catchReturn(page: Page, serviceSite: string, body: string): Promise<{ url: () => URL | undefined; stop: () => Promise<void> }> {
  let back: URL | undefined;
  await page.route(`${serviceSite}/**`, async (route) => {
    back = new URL(route.request().url());
    await route.fulfill({ status: 200, contentType: 'text/html', body });
  });
  return { url: () => back, stop: () => page.unroute(`${serviceSite}/**`) };
}
