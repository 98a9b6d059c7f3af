import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventRepository } from '@services/disaster/event-repository.ts';
import { aizuTestbed, type Testbed } from './support.ts';

describe('people who need support to evacuate', () => {
  let bed: Testbed;
  beforeAll(async () => {
    bed = await aizuTestbed();
    const p = bed.platform;
    p.optIn('grandma', 'support_needed', 'basic_four', 'contact');
    p.data.set('grandma/support_needed', { needed: true, categories: ['wheelchair'], categoryLabels: ['車いす'], reason: '歩行困難' });
    p.data.set('grandma/basic_four', {
      name: '会津 ハナ',
      nameKana: 'アイヅ ハナ',
      address: '福島県会津若松市追手町1-1',
      birthDate: '1938-04-01',
      sex: 'female',
    });
    p.data.set('grandma/contact', { phone: '0242-00-0000', email: null });
    // Needs support but never agreed to share it.
    p.data.set('private/support_needed', { needed: true });
    p.data.set('private/basic_four', { name: '非公開' });
    for (const subject of ['grandma', 'private', 'helper']) await bed.services.citizens.profile(subject);
    await bed.services.support.refreshAll();
  });
  afterAll(async () => bed.stop());

  it('registers only people who opted in, from what linkage gave', async () => {
    const people = await bed.services.support.people();
    expect(people.map((p) => [p.name, p.reason, p.phone, p.categories])).toEqual([['会津 ハナ', '歩行困難', '0242-00-0000', ['車いす']]]);
  });

  it('gives each supporter a task when an event starts; the supporter confirms it; a check-in by printed card fills the shelter and shows on the plan', async () => {
    const [person] = await bed.services.support.people();
    if (!person) throw new Error('not registered');
    const { rows } = await bed.services.shelters.list({ limit: 1, offset: 0 });
    const shelterId = rows[0]?.id ?? '';
    await expect(
      bed.services.support.savePlan(person.id, { destinationSiteId: shelterId, routeNotes: '', needs: [], supporters: ['helper'] }),
    ).rejects.toMatchObject({
      code: 'not_supporter',
    });
    await new EventRepository(bed.test.database.db).grantRole('helper', 'supporter');
    await bed.services.support.savePlan(person.id, {
      destinationSiteId: shelterId,
      routeNotes: '北側スロープ',
      needs: ['wheelchair', 'oxygen'],
      supporters: ['helper'],
    });

    const { event, tasks } = await bed.services.events.declare('staff', { hazard: 'earthquake', title: '地震', shelterIds: [shelterId] });
    expect(tasks).toBe(1);
    const [task] = await bed.services.support.tasks('helper', event.id);
    expect(task).toMatchObject({ person_name: '会津 ハナ', status: 'open', route_notes: '北側スロープ', needs: ['wheelchair', 'oxygen'] });
    await expect(bed.services.support.tasks('someone', event.id)).rejects.toMatchObject({ code: 'not_supporter' });
    await expect(bed.services.support.completeTask('helper', randomUUID(), null)).rejects.toMatchObject({ code: 'task_not_found' });
    expect((await bed.services.support.completeTask('helper', task?.id ?? '', '避難所へ同行')).status).toBe('done');

    await bed.services.shelters.updateStaffFields(shelterId, { capacity: 10 });
    const card = await bed.services.support.cardCode(person.id);
    const forged = `${card.slice(0, -4)}AAAA`;
    await expect(bed.services.support.checkIn('staff', event.id, shelterId, forged)).rejects.toMatchObject({ code: 'invalid_checkin_code' });
    const result = await bed.services.support.checkIn('staff', event.id, shelterId, card);
    expect(result).toMatchObject({ personName: '会津 ハナ', subject: 'grandma' });
    expect(result.site.occupancy).toBe(1);
    await expect(bed.services.support.checkIn('staff', event.id, shelterId, card)).rejects.toMatchObject({ code: 'already_checked_in' });
    const [after] = await bed.services.support.tasks('helper', event.id);
    expect(after?.checked_in_at).toBeInstanceOf(Date);
    expect((await bed.services.citizens.myStatus('grandma', event.id)).latest).toMatchObject({ checked_in_site_id: shelterId });
  });

  it('checks a citizen in by the code from their app; occupancy history and crowding follow', async () => {
    const { rows } = await bed.services.shelters.list({ limit: 2, offset: 1 });
    const site = rows[0];
    if (!site) throw new Error('no site');
    await bed.services.shelters.updateStaffFields(site.id, { capacity: 3 });
    const { event } = await bed.services.events.declare('staff', { hazard: 'earthquake', title: '余震', shelterIds: [site.id] });
    for (const who of ['p1', 'p2', 'p3']) {
      await bed.services.support.checkIn('staff', event.id, site.id, await bed.services.citizens.checkinCode(who));
    }
    const { shelters } = await bed.services.dashboard.dashboard(event.id);
    expect(shelters.map((s) => s.crowding.ja)).toEqual(['満員']);
    await bed.services.support.checkOut(event.id, site.id, await bed.services.citizens.checkinCode('p2'));
    await expect(bed.services.support.checkOut(event.id, site.id, await bed.services.citizens.checkinCode('p2'))).rejects.toMatchObject({
      code: 'not_checked_in',
    });
    const { history, current } = await bed.services.shelters.occupancy(event.id, site.id);
    expect(history.map((h) => [h.occupancy, h.cause])).toEqual([
      [1, 'check-in'],
      [2, 'check-in'],
      [3, 'check-in'],
      [2, 'check-out'],
    ]);
    expect(current.occupancy).toBe(2);
    const other = rows[1];
    await expect(
      bed.services.support.checkIn('staff', event.id, other?.id ?? '', await bed.services.citizens.checkinCode('p4')),
    ).rejects.toMatchObject({
      code: 'shelter_not_open',
    });
  });

  it('takes a person off the register when they withdraw their opt-in', async () => {
    bed.platform.withdraw('grandma');
    expect(await bed.services.support.refreshPerson('grandma')).toBe('removed');
    expect(await bed.services.support.people()).toEqual([]);
  });
});
