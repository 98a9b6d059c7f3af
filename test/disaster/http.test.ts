import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceKit, type SignedIn } from '@lib/service-kit/index.ts';
import { disasterManifest } from '@services/disaster/manifest.ts';
import { DISASTER_DEMO_ACCOUNTS } from '@services/disaster/seed.ts';
import { OPERATOR_TOKEN, startTestApp, type TestApp } from '../support/app.ts';
import { SITES_CSV, STATION } from './support.ts';

const PASSWORD = 'tsunagu-demo-2026';
let app: TestApp;
let staff: SignedIn;
let taro: SignedIn;
let tome: SignedIn;
let supporter: SignedIn;
let eventId: string;

const call = async (who: SignedIn | null, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object) => {
  const response = await app.http.inject({
    method,
    url: `/api/disaster${url}`,
    headers: who ? { cookie: who.cookie } : {},
    ...(payload ? { payload } : {}),
  });
  return {
    status: response.statusCode,
    body: String(response.headers['content-type']).includes('json') ? response.json<Record<string, unknown>>() : {},
    raw: response,
  };
};

beforeAll(async () => {
  app = await startTestApp();
  const kit = serviceKit(app.context, disasterManifest);
  staff = await kit.signIn(DISASTER_DEMO_ACCOUNTS.staff.email, PASSWORD);
  taro = await kit.signIn('taro@demo.tsunagu.example', PASSWORD);
  tome = await kit.signIn(DISASTER_DEMO_ACCOUNTS.supported.email, PASSWORD);
  supporter = await kit.signIn(DISASTER_DEMO_ACCOUNTS.supporter.email, PASSWORD);
}, 120_000);
afterAll(() => app.stop());

describe('the disaster service over HTTP, on the demo city', () => {
  it('has the real Aizuwakamatsu shelters from the demo seed, open to anyone', async () => {
    const { status, body } = await call(null, 'GET', '/shelters?municipality=福島県会津若松市&limit=1');
    expect(status).toBe(200);
    expect(body.total).toBe(301);
  });

  it('lets the operator import a GSI file again, changing nothing, and refuses a bad one with every bad row', async () => {
    const auth = { authorization: `Bearer ${OPERATOR_TOKEN}`, 'content-type': 'text/csv' };
    const again = await app.http.inject({ method: 'POST', url: '/api/disaster/shelters/imports', headers: auth, payload: SITES_CSV });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ kind: 'evacuation_site', rows: 199, created: 0, unchanged: 199 });
    const bad = SITES_CSV.toString().replace('37.520575993321', 'abc');
    const refused = await app.http.inject({ method: 'POST', url: '/api/disaster/shelters/imports', headers: auth, payload: bad });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'invalid_shelter_file', errors: [{ field: '/2/緯度' }] });
    const anonymous = await app.http.inject({
      method: 'POST',
      url: '/api/disaster/shelters/imports',
      headers: { 'content-type': 'text/csv' },
      payload: SITES_CSV,
    });
    expect(anonymous.statusCode).toBe(401);
  });

  it('lets disaster staff import a GSI file from the staff page, all rows or none, and nobody else', async () => {
    const post = (who: SignedIn, payload: string | Buffer) =>
      app.http.inject({
        method: 'POST',
        url: '/api/disaster/shelters/imports/staff',
        headers: { cookie: who.cookie, 'content-type': 'text/csv' },
        payload,
      });
    const again = await post(staff, SITES_CSV);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ kind: 'evacuation_site', rows: 199, unchanged: 199 });
    const bad = SITES_CSV.toString()
      .replace('37.520575993321', 'abc')
      .replace(/^(\d+,E\d+,[^,]*,)[^,]*/m, '$1');
    const refused = await post(staff, bad);
    expect(refused.statusCode).toBe(422);
    expect(refused.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toEqual(expect.arrayContaining(['/2/緯度']));
    expect((await call(null, 'GET', '/shelters?municipality=福島県会津若松市&limit=1')).body.total).toBe(301);
    expect((await post(taro, SITES_CSV)).statusCode).toBe(403);
  });

  it('lets only staff declare a flood; citizens who opted in see the alert', async () => {
    expect((await call(taro, 'POST', '/events', { hazard: 'flood', title: 'x', openAllSuitable: true })).status).toBe(403);
    const declared = await call(staff, 'POST', '/events', { hazard: 'flood', title: '阿賀川 氾濫', openAllSuitable: true, areaNames: ['北会津町'] });
    expect(declared.status).toBe(201);
    expect(declared.body).toMatchObject({ tasksCreated: 1 });
    eventId = (declared.body.event as { id: string }).id;
    const alerts = await call(taro, 'GET', '/me/alerts');
    expect((alerts.body.alerts as { id: string }[]).map((a) => a.id)).toContain(eventId);
  });

  it('guides anyone to the nearest open flood shelters with distance, crowding and a GeoJSON layer; refuses a point outside Japan', async () => {
    const { status, body } = await call(null, 'GET', `/events/${eventId}/nearest?lat=${STATION.lat}&lon=${STATION.lon}&limit=3`);
    expect(status).toBe(200);
    const shelters = body.shelters as { shelter: { hazards: string[] }; distanceMetres: number; crowding: { ja: string } }[];
    expect(shelters).toHaveLength(3);
    expect(shelters.every((s) => s.shelter.hazards.includes('flood'))).toBe(true);
    expect((body.geojson as { features: unknown[] }).features).toHaveLength(3);
    expect((await call(null, 'GET', `/events/${eventId}/nearest?lat=51.5&lon=-0.1`)).status).toBe(400);
    expect((await call(null, 'GET', `/events/${eventId}/nearest?lat=abc&lon=139`)).status).toBe(400);
  });

  it('stores a one-tap report once however often it is resent, and shares it with family who accepted', async () => {
    const invite = await call(taro, 'POST', '/me/family/invites');
    expect(invite.status).toBe(201);
    expect((await call(tome, 'POST', '/me/family/accept', { code: invite.body.code })).status).toBe(200);
    const report = { id: randomUUID(), status: 'safe', note: '自宅の2階にいます' };
    expect((await call(taro, 'POST', `/events/${eventId}/reports`, report)).status).toBe(201);
    const resent = await call(taro, 'POST', `/events/${eventId}/reports`, report);
    expect(resent.status).toBe(200);
    expect(resent.body.stored).toBe('duplicate');
    const family = await call(tome, 'GET', `/me/family?eventId=${eventId}`);
    const members = family.body.members as { state: { status: string; note: string } }[];
    expect(members.map((m) => m.state)).toEqual([expect.objectContaining({ status: 'safe', note: '自宅の2階にいます' })]);
    // Someone else's family member is not found.
    expect((await call(supporter, 'GET', `/me/family/${encodeURIComponent(taro.subject)}?eventId=${eventId}`)).status).toBe(404);
  });

  it('gives the supporter a task for 星 トメ, which they confirm', async () => {
    const tasks = await call(supporter, 'GET', `/me/tasks?eventId=${eventId}`);
    const [task] = tasks.body.tasks as { id: string; person: { name: string }; plan: { needs: string[] } }[];
    expect(task).toMatchObject({ person: { name: '星 トメ' }, plan: { needs: ['wheelchair', 'medication'] } });
    const done = await call(supporter, 'POST', `/me/tasks/${task?.id}/done`, { note: '避難所まで同行しました' });
    expect(done.body).toMatchObject({ status: 'done', note: '避難所まで同行しました' });
    expect((await call(taro, 'GET', `/me/tasks?eventId=${eventId}`)).status).toBe(403);
  });

  it('checks 星 トメ in at a shelter by her printed card: occupancy, the family view and the dashboard change at once; a forged code is refused', async () => {
    const open = await call(null, 'GET', `/events/${eventId}/shelters`);
    const shelter = (open.body.shelters as { shelter: { id: string; capacity: number | null } }[]).find((s) => s.shelter.capacity !== null);
    if (!shelter) throw new Error('no open shelter with a capacity');
    const people = await call(staff, 'GET', '/support/people');
    const [person] = people.body.people as { id: string }[];
    const card = await call(staff, 'GET', `/support/people/${person?.id}/card`);
    const code = card.body.code as string;
    const forged = await call(staff, 'POST', `/events/${eventId}/shelters/${shelter.shelter.id}/check-ins`, {
      code: code.replace(/.$/, code.endsWith('A') ? 'B' : 'A'),
    });
    expect(forged.status).toBe(422);
    const checkedIn = await call(staff, 'POST', `/events/${eventId}/shelters/${shelter.shelter.id}/check-ins`, { code });
    expect(checkedIn.status).toBe(201);
    expect(checkedIn.body).toMatchObject({ personName: '星 トメ', shelter: { occupancy: 1 } });
    const family = await call(taro, 'GET', `/me/family?eventId=${eventId}`);
    expect((family.body.members as { state: { checkedIn: { shelterId: string } } }[])[0]?.state.checkedIn.shelterId).toBe(shelter.shelter.id);
    const history = await call(null, 'GET', `/events/${eventId}/shelters/${shelter.shelter.id}/occupancy`);
    expect((history.body.history as { occupancy: number }[]).map((h) => h.occupancy)).toEqual([1]);
  });

  it('shows the dashboard with rescue requests first, and exports CSV with a BOM and Japanese headers', async () => {
    await call(tome, 'POST', `/events/${eventId}/reports`, { id: randomUUID(), status: 'rescue', note: '薬が切れそう' });
    const dashboard = await call(staff, 'GET', `/events/${eventId}/dashboard`);
    expect(dashboard.status).toBe(200);
    expect(dashboard.body.counts).toMatchObject({ safe: 1, rescue: 1 });
    expect((dashboard.body.people as { state: { status: string } }[]).map((p) => p.state.status)).toEqual(['rescue', 'safe']);
    expect((await call(taro, 'GET', `/events/${eventId}/dashboard`)).status).toBe(403);
    const csv = await call(staff, 'GET', `/events/${eventId}/export.csv`);
    expect(csv.raw.headers['content-type']).toContain('text/csv');
    expect(csv.raw.body.startsWith('\uFEFF災害,利用者ID,表示名,安否')).toBe(true);
    expect(csv.raw.body).toContain('救助を求めます');
  });

  it('refuses reports once staff close the event, and keeps what was recorded', async () => {
    expect((await call(staff, 'POST', `/events/${eventId}/close`)).body).toMatchObject({ status: 'closed' });
    const late = await call(taro, 'POST', `/events/${eventId}/reports`, { id: randomUUID(), status: 'safe' });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('event_closed');
    expect(((await call(staff, 'GET', `/events/${eventId}/dashboard`)).body.counts as { rescue: number }).rescue).toBe(1);
  });

  it('reports the KPIs: family sharing, support-needed users, drill satisfaction', async () => {
    const { body } = await call(staff, 'GET', '/kpis');
    expect(body).toMatchObject({ usersSharingWithFamily: 2, supportNeededRegisteredAsUsers: 1 });
  });
});
