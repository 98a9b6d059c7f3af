import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { SCREENSHOT_DIR } from '../support/browser.ts';
import { STAFF, SUPPORTER, TARO, disasterBrowser } from '../support/disaster-browser.ts';

/**
 * Disaster headquarters between disasters, in Chromium: the demo staff member keeps the support
 * register and 星 トメ's evacuation plan, imports the GSI shelter file, and every page reads in English.
 * The flood itself, as citizens, the supporter and headquarters live it, is in disaster-citizen.
 */
const site = disasterBrowser();
let staff: Page;
let taro: Page;
let supporter: Page;

beforeAll(async () => {
  staff = await site.person('desk');
  await site.signIn(staff, STAFF, '/disaster/staff');
  taro = await site.person('phone');
  await site.signIn(taro, TARO, '/safety');
  supporter = await site.person('phone');
  await site.signIn(supporter, SUPPORTER, '/safety/support');
});

describe('デジタル防災 headquarters in the browser: the support register, plans and shelter data', () => {
  it('lets staff refresh the support register, edit 星 トメ’s plan (shelter, route, needs, supporters) and show her printable check-in card', async () => {
    await staff.locator('#register-refresh').click();
    await expect.poll(() => staff.locator('#register-message').textContent()).toMatch(/^名簿を更新しました（確認\d+人・登録\d+人・削除0人）。$/);
    const row = staff.locator('#register-table tbody tr', { hasText: '星 トメ' });
    await expect.poll(() => row.locator('[data-field="plan"]').textContent()).toBe('作成済み');
    await row.getByRole('button', { name: '開く' }).click();
    await expect.poll(() => staff.locator('#plan-route').inputValue()).toContain('スロープ板');
    expect(await staff.locator('#plan-need-wheelchair').isChecked()).toBe(true);
    expect(await staff.locator('#plan-need-medication').isChecked()).toBe(true);
    expect(await staff.locator('#plan-need-oxygen').isChecked()).toBe(false);
    await expect.poll(() => staff.locator('#plan-editor [data-supporter]:checked').count()).toBe(1);
    await staff.locator('#plan-need-oxygen').check();
    await staff.locator('#plan-need-other').fill('補聴器の電池');
    await staff.locator('#plan-route').fill('玄関の段差にスロープ板を渡す。酸素ボンベと薬を持ち出す。');
    await staff.locator('#plan-destination').selectOption({ index: 3 });
    const destination = (await staff.locator('#plan-destination option:checked').textContent()) ?? '';
    await staff.locator('#plan-save').click();
    await expect.poll(() => staff.locator('#plan-message').textContent()).toBe('星 トメさんの計画を保存しました。');
    const { people } = await site.apiAs<{ people: { id: string; name: string }[] }>(staff, '/support/people');
    const tomeId = people.find((p) => p.name === '星 トメ')?.id ?? '';
    const plan = await site.apiAs<{ needs: string[]; routeNotes: string; destinationShelterId: string; supporters: string[] }>(
      staff,
      `/support/people/${tomeId}/plan`,
    );
    expect(plan.needs).toEqual(['wheelchair', 'medication', 'oxygen', '補聴器の電池']);
    expect(plan.routeNotes).toContain('酸素ボンベ');
    expect(plan.supporters).toHaveLength(1);
    expect((await site.apiAs<{ name: string }>(staff, `/shelters/${plan.destinationShelterId}`)).name).toBe(destination);
    await staff.locator('#plan-card').click();
    await expect.poll(() => staff.locator('#plan-card-qr').getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    await expect.poll(() => staff.locator('#plan-card-figure').textContent()).toContain('避難所でこのQRコードを係員に見せてください。');
    await staff.locator('#support-register').screenshot({ path: path.join(SCREENSHOT_DIR, 'disaster-staff-register.png') });
    // Printed, the card is all there is on the page.
    await staff.emulateMedia({ media: 'print' });
    await staff.screenshot({ path: path.join(SCREENSHOT_DIR, 'disaster-staff-card-print.png') });
    await staff.emulateMedia({ media: 'screen' });
  });

  it('lets staff import a GSI shelter file: a bad one is refused row by row with nothing imported, the real one goes in', async () => {
    const csv = fs.readFileSync('src/services/disaster/data/aizuwakamatsu-evacuation-sites.csv', 'utf8');
    const file = (name: string, text: string) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
    await staff.locator('#shelter-import-file').setInputFiles(file('bad.csv', csv.replace('37.520575993321', 'abc')));
    await staff.locator('#shelter-import-submit').click();
    const problems = staff.locator('#shelter-import-problems');
    await expect.poll(() => problems.textContent()).toContain('1件の誤りがあるため、何も取り込みませんでした。');
    await expect.poll(() => problems.locator('tr[data-line="2"]').textContent()).toMatch(/2行目緯度.*数値/);
    await staff.locator('#shelter-import').screenshot({ path: path.join(SCREENSHOT_DIR, 'disaster-staff-import-errors.png') });
    await staff.locator('#shelter-import-file').setInputFiles(file('aizuwakamatsu-evacuation-sites.csv', csv));
    await staff.locator('#shelter-import-submit').click();
    await expect
      .poll(() => staff.locator('#shelter-import-done').textContent())
      .toBe('指定緊急避難場所を199行取り込みました（新規0・更新0・変更なし199）。');
    expect(await problems.textContent()).toBe('');
  });

  it('reads in English on every page: the resident’s, the supporter’s and the headquarters’', async () => {
    const english = async (page: Page, heading: string, name: string) => {
      await page.getByRole('button', { name: /English/ }).click();
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(heading);
      await site.shot(page, name);
      await page.getByRole('button', { name: /日本語/ }).click();
    };
    await taro.reload();
    await english(taro, 'Safety report and evacuation', 'disaster-safety-en.png');
    await supporter.reload();
    await english(supporter, 'Supporters', 'disaster-support-en.png');
    await staff.reload();
    await staff.getByRole('button', { name: /English/ }).click();
    await expect.poll(() => staff.locator('#register-title').textContent()).toBe('Support register and individual evacuation plans');
    await expect.poll(() => staff.locator('#import-title').textContent()).toBe('Import shelter data (GSI CSV)');
    await site.shot(staff, 'disaster-staff-en.png');
    await staff.getByRole('button', { name: /日本語/ }).click();
  });
});
