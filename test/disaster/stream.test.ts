import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceKit } from '@lib/service-kit/index.ts';
import { disasterManifest } from '@services/disaster/manifest.ts';
import { DISASTER_DEMO_ACCOUNTS } from '@services/disaster/seed.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

const PASSWORD = 'tsunagu-demo-2026';
let app: TestApp;

/** Reads a server-sent event stream over a real socket, one named event at a time. */
async function openStream(url: string, cookie: string) {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { cookie }, signal: controller.signal });
  const reader = response.body?.getReader();
  if (!reader) throw new Error('no stream');
  const decoder = new TextDecoder();
  let buffer = '';
  // The first chunk is ": connected", sent once subscribed.
  buffer += decoder.decode((await reader.read()).value);
  return {
    status: response.status,
    /** The data of the next event of this type (others are skipped). */
    async next<T>(type: string): Promise<T> {
      for (;;) {
        const blocks = buffer.split('\n\n');
        buffer = blocks.pop() ?? '';
        for (const [i, block] of blocks.entries()) {
          if (!block.split('\n').includes(`event: ${type}`)) continue;
          buffer = [...blocks.slice(i + 1), buffer].join('\n\n');
          const data = block.split('\n').find((line) => line.startsWith('data: ')) ?? '';
          return JSON.parse(data.slice('data: '.length)) as T;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${type}`);
        buffer += decoder.decode(value);
      }
    },
    close: () => controller.abort(),
  };
}

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
    // The stream is written raw, past Fastify's reply: it still carries the app's security headers.
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
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

  it('pushes a family member’s destination and check-in, and nudges the staff dashboard on every report and check-in', async () => {
    const kit = serviceKit(app.context, disasterManifest);
    const staff = await kit.signIn(DISASTER_DEMO_ACCOUNTS.staff.email, PASSWORD);
    const taro = await kit.signIn('taro@demo.tsunagu.example', PASSWORD);
    const tome = await kit.signIn(DISASTER_DEMO_ACCOUNTS.supported.email, PASSWORD);
    const call = async (cookie: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
      app.http.inject({ method, url: `/api/disaster${url}`, headers: { cookie }, ...(payload ? { payload } : {}) });
    const eventId = (await call(staff.cookie, 'GET', '/events?status=open')).json<{ events: { id: string }[] }>().events[0]?.id ?? '';
    const nearest = await call(taro.cookie, 'GET', `/events/${eventId}/nearest?lat=37.5077&lon=139.9308&limit=1`);
    const shelter = nearest.json<{ shelters: { shelter: { id: string; name: string } }[] }>().shelters[0]?.shelter;
    if (!shelter) throw new Error('no open shelter');
    const { port } = app.http.server.address() as AddressInfo;
    const base = `http://127.0.0.1:${port}/api/disaster`;

    expect((await openStream(`${base}/events/${eventId}/dashboard/stream`, taro.cookie)).status).toBe(403);
    const family = await openStream(`${base}/me/stream`, tome.cookie);
    const dashboard = await openStream(`${base}/events/${eventId}/dashboard/stream`, staff.cookie);
    expect(dashboard.status).toBe(200);

    expect((await call(taro.cookie, 'PUT', `/events/${eventId}/me/destination`, { shelterId: shelter.id })).statusCode).toBe(200);
    expect(await family.next('family-destination')).toMatchObject({
      eventId,
      member: taro.subject,
      destination: { shelterId: shelter.id, label: shelter.name },
    });

    const code = (await call(taro.cookie, 'GET', '/me/checkin-code')).json<{ code: string }>().code;
    const checkin = await call(staff.cookie, 'POST', `/events/${eventId}/shelters/${shelter.id}/check-ins`, { code });
    expect(checkin.statusCode).toBe(201);
    expect(await family.next('family-checkin')).toMatchObject({ eventId, member: taro.subject, shelterId: shelter.id, shelterName: shelter.name });
    expect(await dashboard.next('dashboard')).toMatchObject({ eventId, checkins: 1 });

    await call(tome.cookie, 'POST', `/events/${eventId}/reports`, { id: randomUUID(), status: 'safe' });
    expect(await dashboard.next('dashboard')).toMatchObject({ eventId, reports: 1, checkins: 0 });
    family.close();
    dashboard.close();
  });
});
