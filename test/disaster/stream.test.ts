import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceKit } from '@lib/service-kit/index.ts';
import { disasterManifest } from '@services/disaster/manifest.ts';
import { DISASTER_DEMO_ACCOUNTS } from '@services/disaster/seed.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

const PASSWORD = 'tsunagu-demo-2026';
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
}, 120_000);
afterAll(() => app.stop());

describe('the live family stream', () => {
  it('pushes a family member’s report to a signed-in person over server-sent events, and refuses someone not signed in', async () => {
    const kit = serviceKit(app.context, disasterManifest);
    const staff = await kit.signIn(DISASTER_DEMO_ACCOUNTS.staff.email, PASSWORD);
    const taro = await kit.signIn('taro@demo.tsunagu.example', PASSWORD);
    const tome = await kit.signIn(DISASTER_DEMO_ACCOUNTS.supported.email, PASSWORD);
    const inject = (cookie: string, method: 'POST', url: string, payload?: object) =>
      app.http.inject({ method, url: `/api/disaster${url}`, headers: { cookie }, ...(payload ? { payload } : {}) });
    const declared = await inject(staff.cookie, 'POST', '/events', { hazard: 'earthquake', title: '会津地震', openAllSuitable: true });
    const eventId = declared.json<{ event: { id: string } }>().event.id;
    const code = (await inject(tome.cookie, 'POST', '/me/family/invites')).json<{ code: string }>().code;
    await inject(taro.cookie, 'POST', '/me/family/accept', { code });

    await app.http.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.http.server.address() as AddressInfo;
    const base = `http://127.0.0.1:${port}/api/disaster/me/stream`;
    expect((await fetch(base)).status).toBe(401);

    const controller = new AbortController();
    const response = await fetch(base, { headers: { cookie: tome.cookie }, signal: controller.signal });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body?.getReader();
    if (!reader) throw new Error('no stream');
    const decoder = new TextDecoder();
    let text = '';
    const first = await reader.read(); // ": connected" once subscribed
    text += decoder.decode(first.value);
    const reportId = randomUUID();
    await inject(taro.cookie, 'POST', `/events/${eventId}/reports`, { id: reportId, status: 'injured', note: '腕を切った' });
    while (!text.includes('event: family-report')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    controller.abort();
    const data = text.split('\n').find((line) => line.startsWith('data: ')) ?? '';
    expect(JSON.parse(data.slice('data: '.length))).toMatchObject({ member: taro.subject, reportId, status: 'injured', note: '腕を切った' });
  });
});
