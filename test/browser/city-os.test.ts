import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import * as client from 'openid-client';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.ts';
import { SCREENSHOT_DIR, launchChromium } from '../support/browser.ts';
import { registerService, relyingParty, startListeningApp, type RegisteredService } from '../support/platform.ts';
import { ICHIRO, importTwoResidents } from '../support/residents.ts';

let app: TestApp & { origin: string };
let browser: Browser;
let service: RegisteredService;
let config: client.Configuration;
// The service's callback: a real listener, so the browser's arrival there is an ordinary page load.
let callbackServer: http.Server;
let callback: URL | undefined;

beforeAll(async () => {
  if (!fs.existsSync('web/dist/index.html')) throw new Error('web app not built: run `npm run build:web` first (npm test does it)');
  app = await startListeningApp();
  await importTwoResidents(app.testDatabase.database);
  callbackServer = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', `http://${request.headers.host}`);
    // Chromium also asks this origin for /favicon.ico once the page has loaded; only the callback itself counts.
    if (url.pathname !== '/callback') return void response.writeHead(404).end();
    callback = url;
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<p>service callback</p>');
  });
  await new Promise<void>((resolve) => callbackServer.listen(0, '127.0.0.1', resolve));
  const { port } = callbackServer.address() as AddressInfo;
  service = await registerService(
    app.origin,
    [
      { category: 'basic_four', required: true },
      { category: 'contact', required: false },
      { category: 'household', required: false },
    ],
    undefined,
    `http://127.0.0.1:${port}/callback`,
  );
  config = await relyingParty(app.origin, service);
  browser = await launchChromium();
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  callbackServer?.close();
});

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOT_DIR, name), fullPage: true });

describe('the City OS end to end, with a real relying party and a person in Chromium', () => {
  it('signs up, verifies, opts a service in to some categories, watches it read, withdraws in マイデータ, and the next read is refused', async () => {
    const context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();

    // A resident creates a City OS ID and verifies it with the (demo) My Number card check.
    await page.goto(`${app.origin}/signup?next=/mydata`);
    await page.getByLabel('メールアドレス').fill('ichiro@example.jp');
    await page.getByLabel('パスワード', { exact: false }).first().fill('correct-horse-battery');
    await page.getByLabel('表示名').fill('鶴ヶ 一郎');
    await page.getByLabel('市民').check();
    await page.getByRole('button', { name: '都市OS IDを作成する' }).click();
    await page.waitForURL(`${app.origin}/mydata`);
    await expect.poll(() => page.locator('#verification-demo-notice').isVisible()).toBe(true);
    await page.locator('#verification-familyNameKana').fill(ICHIRO.familyNameKana);
    await page.locator('#verification-givenNameKana').fill(ICHIRO.givenNameKana);
    await page.locator('#verification-birthDate').fill(ICHIRO.birthDate);
    await page.locator('#verification-pin').fill(ICHIRO.pin);
    await page.getByRole('button', { name: '本人確認をする' }).click();
    await expect.poll(() => page.locator('#account-assurance').getAttribute('data-assurance')).toBe('card-verified');

    // The service sends the citizen to sign in, with PKCE.
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const authorizationUrl = client.buildAuthorizationUrl(config, {
      redirect_uri: service.redirectUri,
      scope: 'openid tsunagu:basic_four tsunagu:contact tsunagu:household',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      acr_values: 'urn:tsunagu:loa:card-verified',
      state,
    });
    await page.goto(authorizationUrl.toString());
    await page.locator('#interaction-continue').click();

    // The consent screen: the service, its company and each category with its reason; she switches household off.
    await expect.poll(() => page.locator('section[data-prompt]').getAttribute('data-prompt')).toBe('consent');
    await expect.poll(() => page.locator('#interaction-service').textContent()).toContain('株式会社テスト');
    await expect.poll(() => page.locator('li.category-row').count()).toBe(3);
    await page.getByRole('switch', { name: /世帯情報/ }).click();
    await shot(page, 'consent-screen.png');
    await page.locator('#consent-agree').click();
    // The browser lands on the service's callback before anything else happens in this tab.
    await page.waitForURL((url) => url.toString().startsWith(service.redirectUri) && url.searchParams.has('code'));
    expect(callback?.searchParams.get('code')).toBe(new URL(page.url()).searchParams.get('code'));

    const tokens = await client.authorizationCodeGrant(config, callback as URL, { pkceCodeVerifier: verifier, expectedState: state });
    expect(tokens.claims()?.acr).toBe('urn:tsunagu:loa:card-verified');
    const read = (category: string) =>
      fetch(`${app.origin}/api/linkage/me/${category}`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    const basicFour = await read('basic_four');
    expect(basicFour.status).toBe(200);
    expect(((await basicFour.json()) as { data: { name: string } }).data.name).toBe('鶴ヶ 一郎');
    expect((await read('household')).status).toBe(403);

    // マイデータ: the service is listed with what it may use; the access log shows the reads in plain words.
    await page.goto(`${app.origin}/mydata`);
    const card = page.locator(`li.consent-card[data-client-id="${service.clientId}"]`);
    await expect.poll(() => card.textContent()).toContain('基本4情報');
    await expect.poll(() => page.locator('#access-log-entries').textContent()).toContain('テスト連携サービスが 基本4情報 を 参照しました');
    await expect.poll(() => page.locator('#access-log-entries li[data-outcome="denied"]').count()).toBeGreaterThan(0);
    await shot(page, 'mydata-before-withdrawal.png');

    // She withdraws the basic four items; the service's very next read is refused and logged.
    await card.getByRole('button', { name: /基本4情報.*の提供をやめる/ }).click();
    await page.locator(`#consent-${service.clientId}-confirm`).click();
    await expect.poll(() => card.textContent()).not.toContain('氏名・住所');
    const refused = await read('basic_four');
    expect(refused.status).toBe(403);
    await page.reload();
    await expect.poll(() => page.locator('#access-log-entries li').first().getAttribute('data-outcome')).toBe('denied');
    await shot(page, 'mydata-after-withdrawal.png');

    // The receipt of her consent is signed and verifiable with the published keys.
    const consentId = ((await (await page.request.get(`${app.origin}/api/consent/mine`)).json()) as { consents: { consentId: string }[] }).consents[0]
      ?.consentId;
    const receipt = (await (await page.request.get(`${app.origin}/api/consent/receipts/${consentId}`)).json()) as { jws: string };
    const { compactVerify, createRemoteJWKSet } = await import('jose');
    const verified = await compactVerify(receipt.jws, createRemoteJWKSet(new URL(`${app.origin}/oidc/jwks`)));
    expect(JSON.parse(new TextDecoder().decode(verified.payload))).toMatchObject({ version: 'KI-CR-v1.1.0', jurisdiction: 'JP' });
    await context.close();
  });
});
