import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { STAFF, STATION, SUPPORTER, TARO, TOME, disasterBrowser } from '../support/disaster-browser.ts';

/**
 * The issue's "Done when" walked in Chromium as people do it: the demo staff member declares a
 * flood, demo citizens report (one of them offline), see the nearest open flood shelter and
 * their family live; the demo supporter completes a task; a check-in updates occupancy; the
 * dashboard shows it all. Headquarters' register, plan editor and shelter import are in disaster-staff.
 */
const site = disasterBrowser();
let staff: Page;
let taro: Page;
let tome: Page;
let supporter: Page;
let eventId: string;

describe('デジタル防災 in the browser, as the demo city lives through a flood', () => {
  it('is one tap from the header; asks a visitor to sign in with Tsunagu ID, and shows that there is no alert in force', async () => {
    const page = await site.person('phone');
    await page.goto(site.origin);
    await page.locator('#header-safety-link').click();
    await page.waitForURL(`${site.origin}/safety`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('安否報告・避難案内');
    await expect.poll(() => page.locator('#disaster-no-alert').textContent()).toContain('発令中の災害はありません');
    await expect.poll(() => page.locator('#disaster-signin').textContent()).toBe('つなぐIDでログイン');
    expect(await page.locator('#disaster-signin').getAttribute('href')).toBe('/api/disaster/auth/login?returnTo=%2Fsafety');
    await site.shot(page, 'disaster-safety-signed-out.png');
    await page.getByRole('button', { name: /English/ }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Safety report and evacuation');
    await expect.poll(() => page.locator('#disaster-signin').textContent()).toBe('Sign in with Tsunagu ID');
    await site.shot(page, 'disaster-safety-signed-out-en.png');
  });

  it('lets the demo staff member declare a flood that opens the flood shelters and gives the supporter a task', async () => {
    staff = await site.person('desk');
    await site.signIn(staff, STAFF, '/disaster/staff');
    await expect.poll(() => staff.getByRole('heading', { level: 1 }).textContent()).toBe('災害対策本部ダッシュボード');
    await staff.locator('#declare-hazard').selectOption('flood');
    await staff.locator('#declare-title-input').fill('阿賀川 洪水警報');
    await staff.locator('#declare-areas').fill('北会津町、河東町');
    staff.once('dialog', (dialog) => {
      expect(dialog.message()).toContain('「阿賀川 洪水警報」を発令しますか？');
      void dialog.accept();
    });
    await staff.locator('#declare-submit').click();
    await expect
      .poll(() => staff.locator('#staff-message').textContent())
      .toMatch(/「阿賀川 洪水警報」を発令しました。避難所\d+か所を開設、支援タスク1件。/);
    await expect.poll(() => staff.locator('#staff-event-status').textContent()).toBe('発令中');
    await expect.poll(() => staff.locator('#shelters-table tbody tr').count()).toBeGreaterThan(0);
    const { events } = await site.apiAs<{ events: { id: string; title: string; status: string }[] }>(staff, '/events?status=open');
    expect(events.map((e) => e.title)).toEqual(['阿賀川 洪水警報']);
    eventId = events[0]?.id ?? '';
  });

  it('shows a citizen the alert and the nearest open flood shelter, on a map and in a list', async () => {
    taro = await site.person('phone');
    await site.signIn(taro, TARO, '/safety');
    await expect.poll(() => taro.locator('#disaster-alert').textContent()).toContain('阿賀川 洪水警報');
    await expect.poll(() => taro.locator('#disaster-alert').textContent()).toContain('警戒レベル4');
    await expect.poll(() => taro.locator('#disaster-alert').textContent()).toContain('北会津町、河東町');
    const nearest = await site.apiAs<{ shelters: { shelter: { name: string; hazards: string[] } }[] }>(
      taro,
      `/events/${eventId}/nearest?lat=${STATION.lat}&lon=${STATION.lon}&limit=5`,
    );
    expect(nearest.shelters[0]?.shelter.hazards).toContain('flood');
    await expect.poll(() => taro.locator('#guide-list li').first().locator('h3').textContent()).toBe(nearest.shelters[0]?.shelter.name);
    await expect.poll(() => taro.locator('#guide-list li').first().textContent()).toMatch(/約[\d.]+ ?k?m/);
    await expect.poll(() => taro.locator('#guide-list li').first().textContent()).toMatch(/空き|やや混雑|混雑|満員|定員未設定/);
    await expect.poll(() => taro.locator('#guide-map [data-shelter-id]').count()).toBe(nearest.shelters.length);
    // He picks it as where he is going.
    await taro.locator('#guide-list li').first().getByRole('button', { name: 'ここに避難する' }).click();
    await expect.poll(() => taro.locator('#my-destination').textContent()).toBe(`現在の避難先：${nearest.shelters[0]?.shelter.name}`);
    await site.shot(taro, 'disaster-safety-guidance.png');
  });

  it('connects two family members by invitation code, under the name each chose to show', async () => {
    await taro.locator('#family-my-name').fill('会津 太郎');
    await taro.getByRole('button', { name: '名前を保存' }).click();
    await expect.poll(() => taro.locator('#family-name-saved').isVisible()).toBe(true);
    await taro.locator('#family-invite').click();
    await expect.poll(() => taro.locator('#family-invite-code').textContent()).toMatch(/招待コード：[A-Z2-9]{10}/);
    const code = /[A-Z2-9]{10}/.exec((await taro.locator('#family-invite-code').textContent()) ?? '')?.[0] ?? '';
    tome = await site.person('phone');
    await site.signIn(tome, TOME, '/safety');
    await tome.locator('#family-code').fill(code);
    await tome.getByRole('button', { name: 'つながる' }).click();
    await expect.poll(() => tome.locator('#family-list li').count()).toBe(1);
    await expect.poll(() => tome.locator('#family-list li').first().textContent()).toContain('未報告');
    await expect.poll(() => tome.locator('#family-list li').first().getAttribute('data-member')).toBe('会津 太郎');
    await expect.poll(() => tome.locator('#family-live').textContent()).toBe('リアルタイム更新中');
    // She will go to her son's house rather than a shelter.
    await tome.locator('#own-destination').fill('長男の家（門田町）');
    await tome.getByRole('button', { name: 'この場所を避難先にする' }).click();
    await expect.poll(() => tome.locator('#my-destination').textContent()).toBe('現在の避難先：長男の家（門田町）');
    // 太郎's page hears of it at once, without a reload.
    await expect.poll(() => taro.locator('#family-list li').first().textContent()).toContain('避難先：長男の家（門田町）');
    await expect.poll(() => taro.locator('#family-announcement').textContent()).toMatch(/さんが避難先を「長男の家（門田町）」にしました$/);
  });

  it('queues a report made offline as 送信待ち, sends it once when the network returns, and the family sees it live', async () => {
    expect(await taro.evaluate(async () => Boolean(await navigator.serviceWorker.ready))).toBe(true);
    await taro.context().setOffline(true);
    await expect.poll(() => taro.locator('#disaster-offline').isVisible()).toBe(true);
    await taro.locator('#report-note').fill('自宅の2階にいます');
    await taro.locator('#report-safe').click();
    const queued = taro.locator('#report-queue li').first();
    await expect.poll(() => queued.getAttribute('data-state')).toBe('pending');
    await expect.poll(() => queued.textContent()).toContain('送信待ち');
    await expect.poll(() => queued.textContent()).toContain('無事');
    await site.shot(taro, 'disaster-safety-offline-queued.png');
    // Still waiting after a manual retry while offline.
    await taro.getByRole('button', { name: '今すぐ再送' }).click();
    await expect.poll(() => queued.getAttribute('data-state')).toBe('pending');
    // The page opens again without a connection, and the report is still waiting in it.
    const reloaded = await taro.reload();
    expect(reloaded?.fromServiceWorker()).toBe(true);
    await expect.poll(() => taro.locator('#disaster-alert').textContent()).toContain('阿賀川 洪水警報');
    await expect.poll(() => queued.getAttribute('data-state')).toBe('pending');
    await expect.poll(() => queued.textContent()).toContain('「自宅の2階にいます」');

    await taro.context().setOffline(false);
    await expect.poll(() => queued.getAttribute('data-state')).toBe('sent');
    await expect.poll(() => queued.textContent()).toContain('送信済み');
    await expect.poll(() => taro.locator('#disaster-my-status').textContent()).toContain('現在の安否：無事');
    const mine = await site.apiAs<{ reports: { status: string; note: string | null }[] }>(taro, `/events/${eventId}/me`);
    expect(mine.reports).toEqual([expect.objectContaining({ status: 'safe', note: '自宅の2階にいます' })]);
    await site.shot(taro, 'disaster-safety-sent.png');

    // 星 トメ's page changes without a reload.
    const member = tome.locator('#family-list li').first();
    await expect.poll(() => member.getAttribute('data-status')).toBe('safe');
    await expect.poll(() => member.textContent()).toContain('自宅の2階にいます');
    await expect.poll(() => tome.locator('#family-announcement').textContent()).toBe('会津 太郎さんが「無事」と報告しました');
    await site.shot(tome, 'disaster-family-live.png');
  });

  it('gives the demo supporter the task for 星 トメ with her plan, which they complete', async () => {
    supporter = await site.person('phone');
    await site.signIn(supporter, SUPPORTER, '/safety/support');
    const task = supporter.locator('#support-tasks li').first();
    await expect.poll(() => task.textContent()).toContain('星 トメ');
    await expect.poll(() => task.textContent()).toContain('車いす、服薬');
    await expect.poll(() => task.textContent()).toContain('スロープ板');
    await expect.poll(() => task.getAttribute('data-status')).toBe('open');
    await site.shot(supporter, 'disaster-support-task.png');
    await task.getByLabel('報告メモ（任意）').fill('避難所まで同行しました');
    await task.getByRole('button', { name: '避難完了を報告する' }).click();
    await expect.poll(() => task.getAttribute('data-status')).toBe('done');
    await expect.poll(() => task.textContent()).toContain('「避難所まで同行しました」');
    await site.shot(supporter, 'disaster-support-done.png');
  });

  it('checks 星 トメ in at a shelter by her QR code: occupancy, the dashboard and her family’s view change', async () => {
    // Before she arrives, her family sees where she said she was going.
    await expect.poll(() => taro.locator('#family-list li').first().textContent()).toContain('避難先：長男の家（門田町）');
    const code = await tome.locator('#checkin-qr-image').getAttribute('data-code');
    expect(code).toBeTruthy();
    await expect.poll(() => tome.locator('#checkin-qr-image').getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    await site.shot(tome, 'disaster-safety-qr.png');

    // A forged code is refused in plain words.
    await staff.locator('#checkin-code').fill(`${code}x`);
    await staff.locator('#checkin-submit').click();
    await expect.poll(() => staff.locator('#checkin-form [data-problem]').getAttribute('data-problem')).toBe('invalid_checkin_code');

    const shelterId = await staff.locator('#checkin-shelter').inputValue();
    const shelterName = (await staff.locator('#checkin-shelter option:checked').textContent()) ?? '';
    // 167 shelters are open: the table lists the busiest; staff filter it by name.
    await staff.locator('#shelters-filter').fill(shelterName);
    const row = staff.locator(`#shelters-table tr[data-shelter-id="${shelterId}"]`);
    await expect.poll(() => row.locator('[data-field="occupancy"]').textContent()).toBe('0');
    await staff.locator('#checkin-code').fill(code ?? '');
    await staff.locator('#checkin-submit').click();
    await expect.poll(() => staff.locator('#checkin-done').textContent()).toMatch(/星 トメさんを.+で受付しました（1人・空き）/);
    await expect.poll(() => row.locator('[data-field="occupancy"]').textContent()).toBe('1');
    await expect.poll(() => staff.locator('[data-count="checkedIn"] dd').textContent()).toBe('1');
    await staff.locator('#shelters-filter').fill('');
    await expect.poll(() => staff.locator('#shelters-table tbody tr').first().getAttribute('data-shelter-id')).toBe(shelterId);

    // Her family's page changes by itself: the stream carries the check-in.
    await expect.poll(() => taro.locator('#family-announcement').textContent()).toBe(`星 トメさんが${shelterName}で受付しました`);
    await expect.poll(() => taro.locator('#family-list li').first().textContent()).toContain('避難所で受付済み');
    await expect.poll(() => taro.locator('#family-list li').first().textContent()).toContain(`避難先：${shelterName}`);
    await expect.poll(() => taro.locator('#family-list li').first().textContent()).toContain(shelterName);
  });

  it('shows the dashboard live: a rescue request with its location arrives first, without a reload', async () => {
    // She lets the page use her location; her family does not see it until she chooses to share it.
    await tome.context().grantPermissions(['geolocation'], { origin: site.origin });
    await tome.context().setGeolocation({ latitude: 37.4951, longitude: 139.9262 });
    await tome.locator('#report-note').fill('薬が切れそう');
    await tome.locator('#report-location').check();
    await expect.poll(() => staff.locator('#staff-refreshed').getAttribute('data-live')).toBe('open');
    await tome.locator('#report-rescue').click();
    await expect.poll(() => tome.locator('#report-queue li').first().getAttribute('data-state')).toBe('sent');
    await expect.poll(() => staff.locator('#staff-rescue li').first().textContent()).toContain('星 トメ');
    await expect.poll(() => staff.locator('#staff-rescue li').first().textContent()).toContain('薬が切れそう');
    await expect.poll(() => staff.locator('#staff-rescue li').first().textContent()).toContain('37.4951, 139.9262');
    await taro.reload();
    await expect.poll(() => taro.locator('#family-list li').first().getAttribute('data-status')).toBe('rescue');
    expect(await taro.locator('#family-list li').first().textContent()).not.toContain('位置：');
    await tome.locator('#family-share-location').check();
    await taro.reload();
    await expect.poll(() => taro.locator('#family-list li').first().textContent()).toContain('位置：37.4951, 139.9262');
    await site.shot(taro, 'disaster-family-location.png');
    await expect.poll(() => staff.locator('[data-count="rescue"] dd').textContent()).toBe('1');
    await expect.poll(() => staff.locator('[data-count="safe"] dd').textContent()).toBe('1');
    expect(await staff.locator('#staff-csv').getAttribute('href')).toBe(`/api/disaster/events/${eventId}/export.csv`);
    await site.shot(staff, 'disaster-staff-dashboard.png');
  });

  it('lets staff set a shelter’s capacity and step-free access, and its crowding follows (1 of 1 is 満員)', async () => {
    const shelterId = await staff.locator('#checkin-shelter').inputValue();
    const row = staff.locator(`#shelters-table tr[data-shelter-id="${shelterId}"]`);
    await row.getByRole('button', { name: /編集/ }).click();
    await staff.locator(`#edit-capacity-${shelterId}`).fill('1');
    await staff.locator(`#edit-step-free-${shelterId}`).check();
    await staff.getByRole('button', { name: '保存', exact: true }).click();
    await expect.poll(() => row.locator('[data-field="crowding"]').textContent()).toBe('満員');
    await expect.poll(() => row.textContent()).toContain('段差なし');

    // She leaves the shelter: staff record it with the same code and the occupancy goes down.
    const code = (await tome.locator('#checkin-qr-image').getAttribute('data-code')) ?? '';
    await staff.locator('#checkin-code').fill(code);
    await staff.locator('#checkout-submit').click();
    await staff.locator('#shelters-filter').fill((await staff.locator('#checkin-shelter option:checked').textContent()) ?? '');
    await expect.poll(() => staff.locator('#checkin-done').textContent()).toMatch(/星 トメさんの.+からの退所を記録しました（0人・空き）/);
    await expect.poll(() => row.locator('[data-field="occupancy"]').textContent()).toBe('0');

    // Staff close a shelter (after confirming), and open it again.
    await staff.locator('#shelters-filter').fill('');
    const closing = staff.locator('#shelters-table tbody tr').nth(1);
    const closingName = (await closing.locator('th').textContent()) ?? '';
    staff.once('dialog', (dialog) => void dialog.accept());
    await closing.getByRole('button', { name: /閉鎖/ }).click();
    await expect.poll(() => staff.locator('#shelters-table').textContent()).not.toContain(closingName);
    await staff.locator('#open-more-shelter').selectOption({ label: closingName });
    const more = (await staff.locator('#open-more-shelter option:checked').textContent()) ?? '';
    expect(more).toBe(closingName);
    await staff.locator('#open-more').getByRole('button', { name: '開設する' }).click();
    await expect.poll(() => staff.locator('#open-more').textContent()).toContain(`${more}を開設しました。`);
    await staff.locator('#shelters-filter').fill(more);
    await expect.poll(() => staff.locator('#shelters-table tbody tr').first().textContent()).toContain(more);
  });

  it('closes the event; the citizen page then says there is no alert', async () => {
    staff.once('dialog', (dialog) => void dialog.accept());
    await staff.locator('#staff-close').click();
    await expect.poll(() => staff.locator('#staff-event-status').textContent()).toBe('終了');
    await taro.reload();
    await expect.poll(() => taro.locator('#disaster-no-alert').isVisible()).toBe(true);
  });

  it('shows an area alert in full to a resident inside the area, and subdued, 対象地域外, to one known to be outside', async () => {
    // The area around the city centre, where 星 トメ last reported from; 会津若松駅 is north of it.
    const area = {
      type: 'Polygon',
      coordinates: [
        [
          [139.9, 37.48],
          [139.95, 37.48],
          [139.95, 37.5],
          [139.9, 37.5],
          [139.9, 37.48],
        ],
      ],
    };
    await staff.locator('#declare-hazard').selectOption('inland_flood');
    await staff.locator('#declare-title-input').fill('市街地 内水氾濫');
    await staff.locator('#declare-areas').fill('中心市街地');
    await staff.locator('#declare-geojson').fill(JSON.stringify(area));
    staff.once('dialog', (dialog) => void dialog.accept());
    await staff.locator('#declare-submit').click();
    await expect.poll(() => staff.locator('#staff-message').textContent()).toContain('「市街地 内水氾濫」を発令しました。');

    await tome.reload();
    const tomeAlert = tome.locator('#disaster-alert');
    await expect.poll(() => tomeAlert.getAttribute('data-in-area')).toBe('true');
    await expect.poll(() => tomeAlert.textContent()).toContain('対象地域内');
    await expect.poll(() => tomeAlert.textContent()).toContain('最後に報告した場所は対象地域の中です。');
    await site.shot(tome, 'disaster-alert-inside.png');

    // 太郎 never sent a location: not known, so shown in full; then his phone says he is at the station.
    await taro.reload();
    const taroAlert = taro.locator('#disaster-alert');
    await expect.poll(() => taroAlert.getAttribute('data-in-area')).toBe('null');
    await expect.poll(() => taroAlert.textContent()).toContain('現在地が分からないため');
    await taro.context().grantPermissions(['geolocation'], { origin: site.origin });
    await taro.context().setGeolocation({ latitude: STATION.lat, longitude: STATION.lon });
    await taro.locator('#guide-here').click();
    await expect.poll(() => taroAlert.getAttribute('data-in-area')).toBe('false');
    await expect.poll(() => taroAlert.textContent()).toContain('対象地域外');
    await expect.poll(() => taroAlert.textContent()).toContain('現在地は対象地域の外です。');
    await site.shot(taro, 'disaster-alert-outside.png');
    await taro.getByRole('button', { name: /English/ }).click();
    await expect.poll(() => taroAlert.textContent()).toContain('Outside the affected area');
    await site.shot(taro, 'disaster-alert-outside-en.png');
    await taro.getByRole('button', { name: /日本語/ }).click();

    staff.once('dialog', (dialog) => void dialog.accept());
    await staff.locator('#staff-close').click();
    await expect.poll(() => staff.locator('#staff-event-status').textContent()).toBe('終了');
  });

  it('runs a drill: the citizen answers the satisfaction survey and the city’s KPIs show it with family sharing', async () => {
    staff.once('dialog', (dialog) => void dialog.accept());
    await staff.locator('#declare-hazard').selectOption('earthquake');
    await staff.locator('#declare-title-input').fill('市総合防災訓練');
    await staff.locator('#declare-drill').check();
    await staff.locator('#declare-submit').click();
    await expect.poll(() => staff.locator('#staff-message').textContent()).toContain('「市総合防災訓練」を発令しました。');
    await taro.reload();
    await expect.poll(() => taro.locator('#disaster-alert').textContent()).toContain('訓練');
    await taro.locator('#survey').getByLabel('4 やや満足').check();
    await taro.locator('#survey-comment').fill('家族の様子がすぐ分かりました');
    await taro.locator('#survey').getByRole('button', { name: '回答する' }).click();
    await expect.poll(() => taro.locator('#survey-thanks').textContent()).toBe('ご回答ありがとうございました。');
    await staff.reload();
    await expect.poll(() => staff.locator('#staff-kpis').textContent()).toContain('4.0（1件）');
    await expect.poll(() => staff.locator('#staff-kpis dd').first().textContent()).toBe('2');
    await site.shot(staff, 'disaster-staff-drill-kpis.png');
  });

  it('signs a person out of the service, and the page asks them to sign in again', async () => {
    const [loggedOut] = await Promise.all([
      taro.waitForResponse((r) => r.url().endsWith('/api/disaster/auth/logout')),
      taro.locator('#disaster-signout').click(),
    ]);
    expect(loggedOut.status()).toBe(204);
    await expect.poll(() => taro.locator('#disaster-signin').isVisible()).toBe(true);
    await expect.poll(() => taro.locator('#report-safe').count()).toBe(0);
  });
});
