import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '@lib/db/database.ts';
import type { FamilyReportMessage } from '@services/disaster/live.ts';
import { ReportRepository } from '@services/disaster/report-repository.ts';
import { aizuTestbed, STATION, type Testbed } from './support.ts';

describe('a citizen in a flood', () => {
  let bed: Testbed;
  let eventId: string;
  beforeAll(async () => {
    bed = await aizuTestbed();
    eventId = (await bed.services.events.declare('staff', { hazard: 'flood', title: '洪水', openAllSuitable: true })).event.id;
  });
  afterAll(async () => bed.stop());

  it('reports safe once, however often the queued report is resent, and the latest report counts', async () => {
    const id = randomUUID();
    const first = await bed.services.citizens.report('hanako', eventId, { id, status: 'injured', note: '足を捻挫' });
    const again = await bed.services.citizens.report('hanako', eventId, { id, status: 'injured', note: '足を捻挫' });
    expect([first.stored, again.stored]).toEqual(['new', 'duplicate']);
    await bed.services.citizens.report('hanako', eventId, { id: randomUUID(), status: 'safe' });
    const { latest, reports } = await bed.services.citizens.myStatus('hanako', eventId);
    expect(reports.map((r) => r.status)).toEqual(['injured', 'safe']);
    expect(latest?.status).toBe('safe');
  });

  it('stores a burst of simultaneous reports, each exactly once, in few statements', async () => {
    const ids = Array.from({ length: 300 }, () => randomUUID());
    const results = await Promise.all(
      ids.map((id, i) => bed.services.citizens.report(`burst-${i}`, eventId, { id, status: i % 10 === 0 ? 'rescue' : 'safe' })),
    );
    expect(results.every((r) => r.stored === 'new')).toBe(true);
    const resent = await Promise.all(ids.map((id, i) => bed.services.citizens.report(`burst-${i}`, eventId, { id, status: 'safe' })));
    expect(resent.every((r) => r.stored === 'duplicate')).toBe(true);
    const counts = await bed.services.dashboard.dashboard(eventId);
    expect(counts.counts.rescue).toBe(30);
  });

  it('refuses a report id someone else used, a location without the location opt-in, and coordinates outside Japan', async () => {
    const id = randomUUID();
    await bed.services.citizens.report('a', eventId, { id, status: 'safe' });
    await expect(bed.services.citizens.report('b', eventId, { id, status: 'safe' })).rejects.toMatchObject({ code: 'report_id_taken' });
    await expect(bed.services.citizens.report('b', eventId, { id: randomUUID(), status: 'safe', location: STATION })).rejects.toMatchObject({
      code: 'location_not_consented',
    });
    bed.platform.optIn('c', 'location');
    await expect(
      bed.services.citizens.report('c', eventId, { id: randomUUID(), status: 'safe', location: { lat: 0, lon: 0 } }),
    ).rejects.toMatchObject({
      code: 'invalid_location',
    });
    const ok = await bed.services.citizens.report('c', eventId, { id: randomUUID(), status: 'rescue', location: STATION });
    expect(ok.stored).toBe('new');
    expect((await bed.services.citizens.myStatus('c', eventId)).latest).toMatchObject({ lat: STATION.lat, lon: STATION.lon });
  });

  it('writes each report to linkage as safety status under the opt-in, and records a refusal without one', async () => {
    bed.platform.optIn('linked', 'safety_status');
    await bed.services.citizens.report('linked', eventId, { id: randomUUID(), status: 'safe', note: '自宅' });
    await bed.services.citizens.report('unlinked', eventId, { id: randomUUID(), status: 'safe' });
    // Storing a report starts the outbox; wait until it has sent everything.
    await bed.services.outbox.idle();
    expect(bed.platform.writes.filter((w) => w.subject === 'linked')).toEqual([
      { subject: 'linked', category: 'safety_status', data: expect.objectContaining({ eventId, status: 'safe', note: '自宅' }) },
    ]);
    expect(bed.platform.writes.some((w) => w.subject === 'unlinked')).toBe(false);
  });

  it('refuses reports once the event is closed', async () => {
    const { event } = await bed.services.events.declare('staff', { hazard: 'earthquake', title: '訓練', drill: true });
    await bed.services.events.close('staff', event.id);
    await expect(bed.services.citizens.report('hanako', event.id, { id: randomUUID(), status: 'safe' })).rejects.toMatchObject({
      code: 'event_closed',
    });
    await expect(bed.services.citizens.report('hanako', randomUUID(), { id: randomUUID(), status: 'safe' })).rejects.toMatchObject({
      code: 'event_not_found',
    });
  });

  it('guides to open flood shelters and lets the person choose a shelter or a place of their own', async () => {
    const { shelters, inArea } = await bed.services.citizens.guidance(eventId, { ...STATION, limit: 3 });
    expect(inArea).toBe(true);
    const nearest = shelters[0];
    if (!nearest) throw new Error('no shelter');
    const chosen = await bed.services.citizens.chooseDestination('hanako', eventId, { siteId: nearest.id, label: null, lat: null, lon: null });
    expect(chosen).toMatchObject({ destination_site_id: nearest.id, destination_label: nearest.name });
    const own = await bed.services.citizens.chooseDestination('hanako', eventId, { siteId: null, label: '祖母の家', lat: 37.49, lon: 139.92 });
    expect(own).toMatchObject({ destination_site_id: null, destination_label: '祖母の家' });
    await expect(
      bed.services.citizens.chooseDestination('hanako', eventId, { siteId: randomUUID(), label: null, lat: null, lon: null }),
    ).rejects.toMatchObject({ code: 'shelter_not_found' });
  });

  it('shares status, destination and (if shared) location within a family both accepted, and nobody else', async () => {
    const { code } = await bed.services.citizens.invite('mother');
    await expect(bed.services.citizens.acceptInvite('mother', code)).rejects.toMatchObject({ code: 'invite_own' });
    await bed.services.citizens.acceptInvite('son', code.toLowerCase());
    await expect(bed.services.citizens.acceptInvite('stranger', code)).rejects.toMatchObject({ code: 'invite_not_found' });
    await bed.services.citizens.updateProfile('son', { displayName: '一郎' });
    bed.platform.optIn('son', 'location');
    await bed.services.citizens.report('son', eventId, { id: randomUUID(), status: 'safe', location: STATION });
    await bed.services.citizens.chooseDestination('son', eventId, { siteId: null, label: '会社', lat: null, lon: null });
    const [seen] = await bed.services.citizens.family('mother', eventId);
    expect(seen).toMatchObject({ member: 'son', display_name: '一郎', status: 'safe', destination_label: '会社', lat: null });
    await bed.services.citizens.updateProfile('son', { shareLocation: true });
    expect((await bed.services.citizens.familyMember('mother', 'son', eventId)).lat).toBe(STATION.lat);
    expect((await bed.services.citizens.family('son', eventId)).map((m) => m.member)).toEqual(['mother']);
    await expect(bed.services.citizens.familyMember('stranger', 'son', eventId)).rejects.toMatchObject({ code: 'not_family' });
  });

  it('pushes a family member’s new report to the live stream', async () => {
    const { code } = await bed.services.citizens.invite('father');
    await bed.services.citizens.acceptInvite('daughter', code);
    let deliver: (message: FamilyReportMessage) => void = () => undefined;
    const received = new Promise<FamilyReportMessage>((resolve) => {
      deliver = resolve;
    });
    const unsubscribe = await bed.services.live.subscribe('father', (message) => {
      if (message.type === 'family-report') deliver(message);
    });
    const id = randomUUID();
    await bed.services.citizens.report('daughter', eventId, { id, status: 'rescue', note: '2階にいます' });
    expect(await received).toMatchObject({ type: 'family-report', member: 'daughter', reportId: id, status: 'rescue', note: '2階にいます' });
    unsubscribe();
  });

  it('delivers a family report that committed after a later one (batches commit in any order)', async () => {
    for (const member of ['nephew', 'niece']) {
      const { code } = await bed.services.citizens.invite('aunt');
      await bed.services.citizens.acceptInvite(member, code);
    }
    const waiting = new Map<string, () => void>();
    const arrival = (note: string) => new Promise<void>((resolve) => waiting.set(note, resolve));
    const first = arrival('first');
    const second = arrival('second');
    const arrived: string[] = [];
    const unsubscribe = await bed.services.live.subscribe('aunt', (message) => {
      if (message.type !== 'family-report') return;
      arrived.push(message.note ?? '');
      waiting.get(message.note ?? '')?.();
    });
    const db = bed.test.database.db;
    if (bed.test.database.kind === 'postgres') {
      // The first report takes its sequence number, then its transaction waits until the second one is delivered.
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const slow = withTransaction(db, async (tx) => {
        await new ReportRepository(tx).insertBatch([
          { id: randomUUID(), eventId, subject: 'niece', status: 'safe', note: 'first', lat: null, lon: null },
        ]);
        await gate;
      });
      await bed.services.citizens.report('nephew', eventId, { id: randomUUID(), status: 'safe', note: 'second' });
      await second;
      release();
      await slow;
      await first;
    } else {
      // PGlite runs one transaction at a time: commits come in the order of their numbers.
      await bed.services.citizens.report('niece', eventId, { id: randomUUID(), status: 'safe', note: 'first' });
      await bed.services.citizens.report('nephew', eventId, { id: randomUUID(), status: 'safe', note: 'second' });
      await Promise.all([first, second]);
    }
    unsubscribe();
    expect(arrived).toEqual(bed.test.database.kind === 'postgres' ? ['second', 'first'] : ['first', 'second']);
  });

  it('takes the post-drill survey only for drills', async () => {
    const { event } = await bed.services.events.declare('staff', { hazard: 'earthquake', title: '総合防災訓練', drill: true });
    await bed.services.citizens.answerSurvey('hanako', event.id, 4, 'わかりやすかった');
    await bed.services.citizens.answerSurvey('son', event.id, 5, null);
    await expect(bed.services.citizens.answerSurvey('hanako', eventId, 5, null)).rejects.toMatchObject({ code: 'survey_not_drill' });
    const kpis = await bed.services.dashboard.kpis();
    expect(kpis).toMatchObject({ surveyAnswers: 2, surveyMean: 4.5 });
    expect(kpis.sharing).toBeGreaterThanOrEqual(4);
  });
});
