import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@lib/config.ts';
import { AIZUWAKAMATSU_DISTRICTS } from '@platform/registry/demo-districts.ts';
import { ageOn } from '@platform/registry/demo/support.ts';
import { DEMO_REFERENCE_DATE, generateDemoRegistry } from '@platform/registry/demo/residents.ts';
import { registryModule } from '@platform/registry/index.ts';
import { RegistryReader } from '@platform/registry/reader.ts';
import { ResidentRepository } from '@platform/registry/resident-repository.ts';
import { migrate } from '../../src/app.ts';
import { freshDatabase, type TestDatabase } from '../support/database.ts';

let test: TestDatabase;
let residents: ResidentRepository;
let reader: RegistryReader;
const messages: string[] = [];

type Counts = { persons: number; households: number; changes: number; links: number };

async function counts(): Promise<Counts> {
  const { rows } = await sql<Counts>`select
      (select count(*) from registry.person) as persons,
      (select count(*) from registry.household) as households,
      (select count(*) from registry.person_change) as changes,
      (select count(*) from registry.family_link) as links`.execute(test.database.db);
  const [row] = rows;
  if (!row) throw new Error('no counts');
  return row;
}

async function seed() {
  const context = { config: loadConfig({ DATA_DIR: 'memory://' }), database: test.database, log: pino({ level: 'silent' }), platformFetch: fetch };
  await registryModule.seedDemo?.(context, (message) => messages.push(message));
}

beforeAll(async () => {
  test = await freshDatabase();
  await migrate(test.database, [registryModule]);
  residents = new ResidentRepository(test.database.db);
  reader = new RegistryReader(test.database.db);
  await seed();
});
afterAll(async () => {
  await test.drop();
});

type Resident = { birth_date: string; household_id: string; support_needed: boolean; support_reason: string | null; phone: string | null };

async function livingResidents(): Promise<Resident[]> {
  const { rows } = await sql<Resident>`
    select to_char(birth_date, 'YYYY-MM-DD') as birth_date, household_id, support_needed, support_reason, phone
      from registry.person where status = 'resident'`.execute(test.database.db);
  return rows;
}

describe('the demo city’s residents', () => {
  it('number at least 5,000, in households shaped like a Japanese regional city’s', async () => {
    const people = await livingResidents();
    expect(people.length).toBeGreaterThanOrEqual(5000);
    const sizes = new Map<string, number>();
    for (const p of people) sizes.set(p.household_id, (sizes.get(p.household_id) ?? 0) + 1);
    const single = [...sizes.values()].filter((n) => n === 1).length / sizes.size;
    expect(single).toBeGreaterThan(0.25);
    expect(single).toBeLessThan(0.4);
    expect(people.length / sizes.size).toBeGreaterThan(2);
    expect(people.length / sizes.size).toBeLessThan(2.8);
    const elderly = people.filter((p) => ageOn(p.birth_date, DEMO_REFERENCE_DATE) >= 65).length / people.length;
    const children = people.filter((p) => ageOn(p.birth_date, DEMO_REFERENCE_DATE) < 15).length / people.length;
    expect(elderly).toBeGreaterThan(0.27);
    expect(children).toBeLessThan(elderly / 2);
    expect(messages.some((m) => /\d+ residents in \d+ households added/.test(m))).toBe(true);
  });

  it('give every household with residents exactly one 世帯主, whom the household points at', async () => {
    expect(await residents.householdsWithoutOneHead()).toEqual([]);
    const { rows } = await sql<{ n: number }>`
      select count(*) as n from registry.household h
        join registry.person p on p.id = h.head_person_id
       where p.relationship <> 'head' or p.status <> 'resident' or p.household_id <> h.id`.execute(test.database.db);
    expect(Number(rows[0]?.n)).toBe(0);
  });

  it('live in the real 町名 of Aizuwakamatsu, at the address of their household', async () => {
    const { rows } = await sql<{ name: string }>`
      select distinct d.name from registry.person p join registry.district d on d.id = p.district_id`.execute(test.database.db);
    const towns = new Set(AIZUWAKAMATSU_DISTRICTS.map(([name]) => name));
    expect(rows.length).toBeGreaterThan(50);
    expect(rows.filter((r) => !towns.has(r.name))).toEqual([]);
    const { rows: elsewhere } = await sql<{ n: number }>`
      select count(*) as n from registry.person p join registry.household h on h.id = p.household_id
       where p.status = 'resident' and (p.district_id, p.banchi, coalesce(p.building, '')) <> (h.district_id, h.banchi, coalesce(h.building, ''))`.execute(
      test.database.db,
    );
    expect(Number(elsewhere[0]?.n)).toBe(0);
  });

  it('put 2–3 % of residents on the support-needed list, each with a reason', async () => {
    const people = await livingResidents();
    const supported = people.filter((p) => p.support_needed);
    expect(supported.length / people.length).toBeGreaterThan(0.015);
    expect(supported.length / people.length).toBeLessThan(0.035);
    expect(supported.every((p) => !!p.support_reason)).toBe(true);
  });

  it('have phone numbers of Aizuwakamatsu or mobiles that no subscriber holds', async () => {
    const phones = (await livingResidents()).flatMap((p) => (p.phone ? [p.phone] : []));
    expect(phones.length).toBeGreaterThan(3000);
    expect(phones.filter((phone) => !/^(0242-0\d-\d{4}|0[789]0-0\d{3}-\d{4})$/.test(phone))).toEqual([]);
  });

  it('include some former residents, recorded changes and relatives elsewhere in the city', async () => {
    const { persons, changes, links } = await counts();
    expect(persons - (await livingResidents()).length).toBeGreaterThan(50);
    expect(changes).toBeGreaterThan(200);
    expect(links).toBeGreaterThan(100);
  });

  it('include the fixed demo people of docs/registry.md', async () => {
    const taro = await reader.findByResidentCode('90000000011');
    expect(await reader.basicFour(taro ?? '')).toEqual({
      name: '会津 太郎',
      nameKana: 'あいづ たろう',
      address: '福島県会津若松市追手町2-12',
      birthDate: '1980-04-01',
      sex: 'male',
    });
    expect((await reader.household(taro ?? '')).members.map((m) => m.relationshipLabel)).toEqual(['世帯主', '妻', '子', '子']);
    const tome = (await reader.findByResidentCode('90000000021')) ?? '';
    expect(await reader.supportNeeded(tome)).toMatchObject({ needed: true, categories: ['elderly_alone', 'care_level_3_plus'] });
    expect(await reader.family(tome)).toEqual([expect.objectContaining({ name: '星 健一', relation: 'child', livesInCity: true })]);
    expect(await reader.matchPerson({ nameKana: 'アイヅ タロウ', birthDate: '1980-04-01', address: '福島県会津若松市追手町2丁目12番' })).toEqual({
      outcome: 'matched',
      personId: taro,
    });
  });

  it('add nothing when seeded again', async () => {
    const before = await counts();
    await seed();
    expect(await counts()).toEqual(before);
    expect(messages).toContain('registry: demo residents already there');
  });

  it('come out the same from the same seed', () => {
    const districts = AIZUWAKAMATSU_DISTRICTS.map(([name, kana], i) => ({
      id: `01900000-0000-7000-8000-${String(i).padStart(12, '0')}`,
      municipality_code: '072028',
      name,
      name_kana: kana,
    }));
    const shape = (seed: number) =>
      generateDemoRegistry(districts, seed).persons.map((p) => `${p.resident_code} ${p.family_name} ${p.given_name} ${p.birth_date} ${p.banchi}`);
    const first = shape(7);
    expect(shape(7)).toEqual(first);
    expect(shape(8)).not.toEqual(first);
  });
});
