import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { TestApp } from './app.ts';
import { SCREENSHOT_DIR, launchChromium } from './browser.ts';
import { startListeningApp } from './platform.ts';

/** The password of every person the demo seed creates. */
export const DEMO_PASSWORD = 'tsunagu-demo-2026';

/** What a browser test file works with: the demo city listening on a real port, and Chromium. */
export type DemoBrowser = {
  readonly app: TestApp & { origin: string };
  readonly origin: string;
  /** A fresh browser context (no cookies) and its page; closed with the rest after the file's tests. */
  open(options: BrowserContextOptions): Promise<{ context: BrowserContext; page: Page }>;
  /** A full-page screenshot into test-results/screenshots, to look at what the test saw. */
  shot(page: Page, name: string): Promise<Buffer>;
};

/**
 * Call once at the top of a browser test file: before its tests it starts Tsunagu seeded with
 * the demo city (serving the built web app) and headless Chromium; after them it stops both.
 */
export function demoBrowser(): DemoBrowser {
  let app: (TestApp & { origin: string }) | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    if (!fs.existsSync('web/dist/index.html')) throw new Error('web app not built: run `npm run build:web` first (npm test does it)');
    app = await startListeningApp();
    browser = await launchChromium();
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await app?.stop();
  });
  const started = () => {
    if (!app || !browser) throw new Error('demoBrowser() is used before its beforeAll ran');
    return { app, browser };
  };
  return {
    get app() {
      return started().app;
    },
    get origin() {
      return started().app.origin;
    },
    async open(options) {
      const context = await started().browser.newContext(options);
      contexts.push(context);
      return { context, page: await context.newPage() };
    },
    shot: (page, name) => page.screenshot({ path: path.join(SCREENSHOT_DIR, name), fullPage: true }),
  };
}

/** On City OS ID's login page (/interaction/…): types the demo person's email and password and submits. */
export async function logInAtCityOs(page: Page, email: string): Promise<void> {
  await page.waitForURL(/\/interaction\//);
  await page.locator('#interaction-login-email').fill(email);
  await page.locator('#interaction-login-password').fill(DEMO_PASSWORD);
  await page.locator('#interaction-login-form button[type="submit"]').click();
}
