import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haversineMetres } from '@services/disaster/geo.ts';
import { hazardBit } from '@services/disaster/hazards.ts';
import { aizuTestbed, STATION, testbed, type Testbed } from './support.ts';

describe('declaring an event and finding the nearest open shelter', () => {
  let bed: Testbed;
  beforeAll(async () => {
    bed = await aizuTestbed();
  });
  afterAll(async () => bed.stop());

  it('opens every flood site of the city, publishes disaster.alert, and guides to the nearest open flood shelter first', async () => {
    const { event, opened } = await bed.services.events.declare('staff-1', { hazard: 'flood', title: '阿賀川 洪水', openAllSuitable: true });
    expect(opened).toBeGreaterThan(100);
    expect(bed.platform.published).toEqual([
      expect.objectContaining({
        type: 'disaster.alert',
        data: expect.objectContaining({ alertId: event.id, status: 'issued', hazard: 'flood', level: 4 }),
      }),
    ]);
    const found = await bed.services.shelters.nearestOpen(event.id, { ...STATION, hazard: 'flood', limit: 5 });
    expect(found).toHaveLength(5);
    const distances = found.map((s) => s.distance_m);
    expect([...distances].sort((a, b) => a - b)).toEqual(distances);
    for (const s of found) {
      expect(s.hazards & hazardBit('flood')).not.toBe(0);
      expect(s.distance_m).toBeCloseTo(haversineMetres(STATION.lat, STATION.lon, s.lat, s.lon), 0);
    }
    // Every other open flood site is farther than the fifth.
    const all = await bed.services.shelters.openIn(event.id, true);
    const fifth = distances[4] ?? 0;
    const nearer = all.filter((s) => haversineMetres(STATION.lat, STATION.lon, s.lat, s.lon) < fifth - 0.01);
    expect(nearer.length).toBeLessThanOrEqual(4);
  });

  it('leaves out a shelter the staff closed, and keeps to step-free ones when asked', async () => {
    const { event } = await bed.services.events.declare('staff-1', { hazard: 'earthquake', title: '地震', openAllSuitable: true });
    const [nearest] = await bed.services.shelters.nearestOpen(event.id, { ...STATION, hazard: 'earthquake', limit: 1 });
    if (!nearest) throw new Error('nothing open');
    await bed.services.shelters.setOpen(event, nearest.id, false);
    const after = await bed.services.shelters.nearestOpen(event.id, { ...STATION, hazard: 'earthquake', limit: 3 });
    expect(after.map((s) => s.id)).not.toContain(nearest.id);
    expect(await bed.services.shelters.nearestOpen(event.id, { ...STATION, hazard: 'earthquake', stepFree: true })).toEqual([]);
    await bed.services.shelters.updateStaffFields(nearest.id, { stepFree: true });
    await bed.services.shelters.setOpen(event, nearest.id, true);
    const stepFree = await bed.services.shelters.nearestOpen(event.id, { ...STATION, hazard: 'earthquake', stepFree: true });
    expect(stepFree.map((s) => s.id)).toEqual([nearest.id]);
  });

  it('finds no shelter for a hazard nothing opened for, and refuses a point outside Japan', async () => {
    const { event } = await bed.services.events.declare('staff-1', { hazard: 'tsunami', title: '津波（内陸）', openAllSuitable: true });
    expect(await bed.services.shelters.nearestOpen(event.id, { ...STATION, hazard: 'tsunami' })).toEqual([]);
    await expect(bed.services.shelters.nearestOpen(event.id, { lat: 48.85, lon: 2.35, hazard: 'tsunami' })).rejects.toMatchObject({
      code: 'invalid_location',
    });
    await expect(bed.services.shelters.nearestOpen(event.id, { lat: Number.NaN, lon: 139, hazard: 'tsunami' })).rejects.toMatchObject({
      code: 'invalid_location',
    });
  });

  it('declares nothing when a shelter id is unknown, and refuses an area outside Japan', async () => {
    const before = (await bed.services.events.list(null)).length;
    await expect(
      bed.services.events.declare('staff-1', { hazard: 'flood', title: 'x', shelterIds: ['00000000-0000-4000-8000-000000000000'] }),
    ).rejects.toMatchObject({ code: 'shelter_not_found' });
    const paris = {
      type: 'Polygon' as const,
      coordinates: [
        [
          [2.3, 48.8],
          [2.4, 48.8],
          [2.4, 48.9],
          [2.3, 48.8],
        ],
      ],
    };
    await expect(bed.services.events.declare('staff-1', { hazard: 'flood', title: 'x', area: paris })).rejects.toMatchObject({
      code: 'invalid_area',
    });
    expect((await bed.services.events.list(null)).length).toBe(before);
  });

  it('closes an event once and keeps it', async () => {
    const { event } = await bed.services.events.declare('staff-1', { hazard: 'large_fire', title: '大火' });
    const closed = await bed.services.events.close('staff-2', event.id);
    expect(closed).toMatchObject({ status: 'closed', closed_by: 'staff-2' });
    await expect(bed.services.events.close('staff-2', event.id)).rejects.toMatchObject({ code: 'event_closed' });
    expect((await bed.services.events.list('closed')).map((e) => e.id)).toContain(event.id);
  });
});

describe('the nearest-shelter search', () => {
  let bed: Testbed;
  beforeAll(async () => {
    bed = await testbed();
  });
  afterAll(async () => bed.stop());

  it('agrees with measuring every open site, wherever the sites and the person are', async () => {
    const header =
      'NO,共通ID,都道府県名及び市町村名,施設・場所名,住所,洪水,崖崩れ、土石流及び地滑り,高潮,地震,津波,大規模な火事,内水氾濫,火山現象,指定避難所との住所同一,緯度,経度,備考';
    const rows = Array.from({ length: 400 }, (_, i) => {
      const lat = 33 + ((i * 7919) % 1000) / 100; // spread over 33–43°N
      const lon = 130 + ((i * 104729) % 1100) / 100; // and 130–141°E
      return `${i},P${String(i).padStart(9, '0')}201,県市,site ${i},addr,${i % 3 === 0 ? '' : '1'},,,1,,,,,,${lat},${lon},`;
    });
    await bed.services.shelters.importFile([header, ...rows].join('\n'));
    const { event } = await bed.services.events.declare('staff', { hazard: 'flood', title: 'property', openAllSuitable: true });
    const all = await bed.services.shelters.openIn(event.id, true);
    await fc.assert(
      fc.asyncProperty(fc.double({ min: 30, max: 45, noNaN: true }), fc.double({ min: 128, max: 145, noNaN: true }), async (lat, lon) => {
        const found = await bed.services.shelters.nearestOpen(event.id, { lat, lon, hazard: 'flood', limit: 3 });
        const brute = all.map((s) => haversineMetres(lat, lon, s.lat, s.lon)).sort((a, b) => a - b);
        const expected = brute.filter((d) => d <= 300_000).slice(0, 3);
        expect(found.map((s) => Math.round(s.distance_m))).toEqual(expected.map((d) => Math.round(d)));
      }),
      { numRuns: 40 },
    );
  });
});
