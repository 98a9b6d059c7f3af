import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceKit, type SignedIn } from '@lib/service-kit/index.ts';
import { disasterManifest } from '@services/disaster/manifest.ts';
import { DISASTER_DEMO_ACCOUNTS } from '@services/disaster/seed.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { STATION } from './support.ts';

const PASSWORD = 'tsunagu-demo-2026';
/** Roughly 北会津町, west of the city centre; 会津若松駅 is outside it. */
const KITA_AIZU = {
  type: 'Polygon',
  coordinates: [
    [
      [139.85, 37.45],
      [139.9, 37.45],
      [139.9, 37.5],
      [139.85, 37.5],
      [139.85, 37.45],
    ],
  ],
};
const INSIDE = { lat: 37.48, lon: 139.87 };

type Alert = { id: string; title: string; inAffectedArea: boolean | null; areaBasis: string };
let app: TestApp;
let taro: SignedIn;
let tome: SignedIn;
let floodId: string;
let quakeId: string;

const call = async (who: SignedIn, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => {
  const response = await app.http.inject({ method, url: `/api/disaster${url}`, headers: { cookie: who.cookie }, ...(payload ? { payload } : {}) });
  return { status: response.statusCode, body: response.json<Record<string, unknown>>() };
};
const alertsOf = async (who: SignedIn, query = '') => {
  const { status, body } = await call(who, 'GET', `/me/alerts${query}`);
  expect(status).toBe(200);
  return Object.fromEntries((body.alerts as Alert[]).map((a) => [a.id, { in: a.inAffectedArea, by: a.areaBasis }]));
};

beforeAll(async () => {
  app = await startTestApp();
  const kit = serviceKit(app.context, disasterManifest);
  const staff = await kit.signIn(DISASTER_DEMO_ACCOUNTS.staff.email, PASSWORD);
  taro = await kit.signIn('taro@demo.tsunagu.example', PASSWORD);
  tome = await kit.signIn(DISASTER_DEMO_ACCOUNTS.supported.email, PASSWORD);
  const flood = await call(staff, 'POST', '/events', { hazard: 'flood', title: '北会津 洪水', area: KITA_AIZU, areaNames: ['北会津町'] });
  floodId = (flood.body.event as { id: string }).id;
  quakeId = ((await call(staff, 'POST', '/events', { hazard: 'earthquake', title: '会津地震' })).body.event as { id: string }).id;
}, 120_000);
afterAll(() => app.stop());

describe('alerts for the people in the affected area', () => {
  it('marks an area event by the position the app sends: inside is in the area, outside is not; a whole-city event is everyone’s', async () => {
    expect(await alertsOf(taro, `?lat=${INSIDE.lat}&lon=${INSIDE.lon}`)).toEqual({
      [floodId]: { in: true, by: 'given_position' },
      [quakeId]: { in: true, by: 'whole_city' },
    });
    expect(await alertsOf(taro, `?lat=${STATION.lat}&lon=${STATION.lon}`)).toEqual({
      [floodId]: { in: false, by: 'given_position' },
      [quakeId]: { in: true, by: 'whole_city' },
    });
  });

  it('shows the alert to someone whose position is not known, better safe', async () => {
    expect(await alertsOf(taro)).toEqual({ [floodId]: { in: null, by: 'unknown' }, [quakeId]: { in: true, by: 'whole_city' } });
  });

  it('judges by where the person last reported from, under the location opt-in, when the app sends no position', async () => {
    const report = (location: { lat: number; lon: number }) =>
      call(tome, 'POST', `/events/${quakeId}/reports`, { id: randomUUID(), status: 'safe', location });
    expect((await report(INSIDE)).status).toBe(201);
    expect((await alertsOf(tome))[floodId]).toEqual({ in: true, by: 'last_report' });
    expect((await report(STATION)).status).toBe(201);
    expect((await alertsOf(tome))[floodId]).toEqual({ in: false, by: 'last_report' });
    // The position the app sends now counts over an older report.
    expect((await alertsOf(tome, `?lat=${INSIDE.lat}&lon=${INSIDE.lon}`))[floodId]).toEqual({ in: true, by: 'given_position' });
  });

  it('refuses coordinates outside Japan or only half a position, and gives no alerts to someone who switched them off', async () => {
    expect((await call(taro, 'GET', '/me/alerts?lat=0&lon=0')).status).toBe(400);
    expect((await call(taro, 'GET', '/me/alerts?lat=abc&lon=139.9')).status).toBe(400);
    const half = await call(taro, 'GET', `/me/alerts?lat=${INSIDE.lat}`);
    expect(half).toMatchObject({ status: 422, body: { code: 'invalid_location' } });
    expect((await call(taro, 'PATCH', '/me', { alerts: false })).status).toBe(200);
    expect(await alertsOf(taro, `?lat=${INSIDE.lat}&lon=${INSIDE.lon}`)).toEqual({});
  });
});
