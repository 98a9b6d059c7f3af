import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { demoBrowser, logInAtCityOs, type DemoBrowser } from './demo-browser.ts';

// The disaster module's demo people: a staff member at headquarters, a supporter, and two
// residents of one family (星 トメ needs support and has an evacuation plan).
export const STAFF = 'bousai@demo.tsunagu.example';
export const SUPPORTER = 'supporter@demo.tsunagu.example';
export const TARO = 'taro@demo.tsunagu.example';
export const TOME = 'tome@demo.tsunagu.example';
/** The guidance's default starting point, 会津若松駅. */
export const STATION = { lat: 37.5077, lon: 139.9308 };

export type DisasterBrowser = DemoBrowser & {
  /** A fresh browser: a phone for citizens, a desk screen for staff; Japanese, Tokyo time. */
  person(kind: 'phone' | 'desk'): Promise<Page>;
  /** Opens a disaster page, follows 「つなぐIDでログイン」 through City OS ID's login and consent pages, and lands back on it. */
  signIn(page: Page, email: string, pagePath: string): Promise<void>;
  /** Calls the disaster API as the person signed in to this page (their own service cookie). */
  apiAs<T>(page: Page, url: string): Promise<T>;
};

/** The demo city and Chromium for a disaster browser test file (see `demoBrowser`). */
export function disasterBrowser(): DisasterBrowser {
  const site = demoBrowser();
  return Object.assign(site, {
    async person(kind: 'phone' | 'desk'): Promise<Page> {
      const { page } = await site.open({
        locale: 'ja-JP',
        timezoneId: 'Asia/Tokyo',
        ...(kind === 'phone'
          ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }
          : { viewport: { width: 1280, height: 900 } }),
      });
      page.setDefaultTimeout(15_000);
      return page;
    },
    async signIn(page: Page, email: string, pagePath: string): Promise<void> {
      await page.goto(`${site.origin}${pagePath}`);
      await page.locator('#disaster-signin').click();
      await logInAtCityOs(page, email);
      // The demo seed already agreed for its own accounts; anyone else sees the consent page first.
      await page.waitForURL((url) => url.pathname === pagePath || url.pathname.startsWith('/interaction/'));
      if (new URL(page.url()).pathname.startsWith('/interaction/')) {
        const agree = page.locator('#consent-agree');
        await agree.waitFor({ timeout: 15_000 }).then(
          () => agree.click(),
          () => undefined,
        );
      }
      await page.waitForURL((url) => url.pathname === pagePath);
    },
    async apiAs<T>(page: Page, url: string): Promise<T> {
      const cookies = await page.context().cookies(`${site.origin}/api/disaster${url}`);
      const response = await fetch(`${site.origin}/api/disaster${url}`, {
        headers: { cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; ') },
      });
      expect(response.status).toBe(200);
      return (await response.json()) as T;
    },
  });
}
