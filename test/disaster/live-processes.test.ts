import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardMessage, FamilyMessage } from '@services/disaster/live.ts';
import { STATION, aizuTestbed, type Testbed } from './support.ts';

let bed: Testbed;

beforeAll(async () => {
  bed = await aizuTestbed();
}, 60_000);
afterAll(() => bed.stop());

/** Collects what a listener receives and lets a test wait for a message of one kind. */
function inbox<M extends { type: string }>() {
  const seen: M[] = [];
  const waiting: { type: string; resolve: (m: M) => void }[] = [];
  return {
    push(message: M) {
      seen.push(message);
      for (const w of waiting.filter((x) => x.type === message.type)) w.resolve(message);
    },
    next(type: string): Promise<M> {
      const found = seen.find((m) => m.type === type);
      if (found) {
        seen.splice(seen.indexOf(found), 1);
        return Promise.resolve(found);
      }
      return new Promise((resolve) => waiting.push({ type, resolve }));
    },
  };
}

describe('live streams across server processes', () => {
  it('tells a person connected to one process what their family did through another, and that process’s staff dashboard too', async () => {
    const other = bed.process(bed.platform);
    const { event } = await bed.services.events.declare('staff', { hazard: 'flood', title: '阿賀川 洪水', openAllSuitable: true });
    const { code } = await bed.services.citizens.invite('grandma');
    await bed.services.citizens.acceptInvite('grandson', code);
    const family = inbox<FamilyMessage>();
    const dashboard = inbox<DashboardMessage>();
    const stopFamily = await other.live.subscribe('grandma', (m) => family.push(m));
    const stopDashboard = await other.live.subscribeDashboard(event.id, (m) => dashboard.push(m));

    // Everything below happens in the first process; the listeners are in the second.
    const shelter = (await bed.services.citizens.guidance(event.id, { ...STATION, limit: 1 })).shelters[0];
    if (!shelter) throw new Error('no open shelter');
    await bed.services.citizens.chooseDestination('grandson', event.id, { siteId: shelter.id, label: null, lat: null, lon: null });
    expect(await family.next('family-destination')).toMatchObject({
      member: 'grandson',
      destination: { shelterId: shelter.id, label: shelter.name },
    });

    await bed.services.citizens.report('grandson', event.id, { id: randomUUID(), status: 'safe', note: '向かっています' });
    expect(await family.next('family-report')).toMatchObject({ member: 'grandson', status: 'safe', note: '向かっています' });
    expect(await dashboard.next('dashboard')).toMatchObject({ eventId: event.id, reports: 1 });

    const card = await bed.services.citizens.checkinCode('grandson');
    await bed.services.support.checkIn('staff', event.id, shelter.id, card);
    expect(await family.next('family-checkin')).toMatchObject({ member: 'grandson', shelterId: shelter.id, shelterName: shelter.name });
    expect(await dashboard.next('dashboard')).toMatchObject({ eventId: event.id, checkins: 1 });

    await bed.services.support.checkOut(event.id, shelter.id, card);
    expect(await dashboard.next('dashboard')).toMatchObject({ eventId: event.id, checkouts: 1 });
    stopFamily();
    stopDashboard();
    other.live.stop();
  });
});
