import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchRegistryPerson, registryDataReader } from '@platform/registry/linkage-reader.ts';
import type { RegistryReader } from '@platform/registry/reader.ts';
import type { RegistryService } from '@platform/registry/service.ts';
import type { TestDatabase } from '../support/database.ts';
import { BASE_ROWS, csv, emptyCity } from './support.ts';

let test: TestDatabase;
let service: RegistryService;
let reader: RegistryReader;
const id: Record<string, string> = {};

beforeAll(async () => {
  ({ test, service } = await emptyCity());
  reader = service.reader;
  const rows = [
    ...BASE_ROWS,
    // Two residents sharing reading and birth date, at different addresses; and one who moved away.
    {
      世帯番号: '100003',
      住民票コード: '10000000005',
      氏名: '佐藤 誠',
      フリガナ: 'さとう まこと',
      生年月日: '1970-05-05',
      性別: '男',
      続柄: '世帯主',
      町名: '中央',
      番地: '1-1-1',
      方書: 'メゾン若松 203',
    },
    {
      世帯番号: '100004',
      住民票コード: '10000000006',
      氏名: '佐藤 誠',
      フリガナ: 'さとう まこと',
      生年月日: '1970-05-05',
      性別: '男',
      続柄: '世帯主',
      町名: '栄町',
      番地: '9-9',
    },
    {
      世帯番号: '100005',
      住民票コード: '10000000007',
      氏名: '遠藤 実',
      フリガナ: 'えんどう みのる',
      生年月日: '1960-02-02',
      性別: '男',
      続柄: '世帯主',
      町名: '栄町',
      番地: '8-8',
      異動: '転出',
      異動日: '2024-03-31',
    },
  ];
  const report = await service.importCsv(csv(rows), { effectiveDate: '2025-04-01' });
  expect(report.errors).toEqual([]);
  for (const code of rows.map((row) => row.住民票コード ?? '')) {
    const personId = await reader.findByResidentCode(code);
    if (personId) id[code] = personId;
  }
});
afterAll(async () => {
  await test.drop();
});

const ICHIRO = '10000000001';
const KIYO = '10000000004';

describe('RegistryReader', () => {
  it('gives the basic four items with the full Japanese address', async () => {
    expect(await reader.basicFour(id[ICHIRO] ?? '')).toEqual({
      name: '鶴賀 一郎',
      nameKana: 'つるが いちろう',
      address: '福島県会津若松市追手町1-2-3',
      birthDate: '1975-04-01',
      sex: 'male',
    });
    expect((await reader.basicFour(id['10000000005'] ?? '')).address).toBe('福島県会津若松市中央1-1-1 メゾン若松 203');
  });

  it('gives gender, birth year and municipality, and no municipality once the person has moved away', async () => {
    expect(await reader.basicAttributes(id[KIYO] ?? '')).toEqual({
      gender: 'female',
      birthYear: 1940,
      municipality: { code: '072028', name: '会津若松市', prefecture: '福島県' },
    });
    expect((await reader.basicAttributes(id['10000000007'] ?? '')).municipality).toBeNull();
  });

  it('lists the household members with their 続柄, 世帯主 first', async () => {
    const household = await reader.household(id['10000000003'] ?? '');
    expect(household).toMatchObject({ householdCode: '100001', address: '福島県会津若松市追手町1-2-3', headPersonId: id[ICHIRO] });
    expect(household.members.map((m) => [m.name, m.relationshipLabel])).toEqual([
      ['鶴賀 一郎', '世帯主'],
      ['鶴賀 花子', '妻'],
      ['鶴賀 翔', '子'],
    ]);
  });

  it('lists relatives outside the household, seen from either side of the link', async () => {
    expect(await reader.family(id[KIYO] ?? '')).toEqual([
      { personId: id[ICHIRO], name: '鶴賀 一郎', nameKana: 'つるが いちろう', relation: 'child', relationLabel: '子', livesInCity: true },
    ]);
    expect(await reader.family(id[ICHIRO] ?? '')).toEqual([expect.objectContaining({ personId: id[KIYO], relation: 'parent', relationLabel: '親' })]);
    expect(await reader.family(id['10000000002'] ?? '')).toEqual([]);
  });

  it('gives the support-needed status with its categories and reason', async () => {
    expect(await reader.supportNeeded(id[KIYO] ?? '')).toEqual({
      needed: true,
      categories: ['elderly_alone', 'care_level_3_plus'],
      categoryLabels: ['一人暮らし高齢者', '要介護3以上'],
      reason: '一人暮らし。車いすを使用',
    });
    expect(await reader.supportNeeded(id[ICHIRO] ?? '')).toEqual({ needed: false, categories: [], categoryLabels: [], reason: null });
  });

  it('gives the contact details the city holds', async () => {
    expect(await reader.contact(id[ICHIRO] ?? '')).toEqual({ phone: '0242-01-1111', email: 'ichiro@example.com' });
    expect(await reader.contact(id['10000000002'] ?? '')).toEqual({ phone: null, email: null });
  });

  it('finds a person by resident code, written in full-width digits too', async () => {
    expect(await reader.findByResidentCode('１００００００００01')).toBe(id[ICHIRO]);
    expect(await reader.findByResidentCode('12345')).toBeUndefined();
  });

  it('matches a resident by reading, birth date and an address written several ways', async () => {
    for (const address of ['福島県会津若松市追手町1-2-3', '会津若松市追手町１丁目２番３号', '追手町1－2－3']) {
      expect(await reader.matchPerson({ nameKana: 'ツルガ イチロウ', birthDate: '1975-04-01', address })).toEqual({
        outcome: 'matched',
        personId: id[ICHIRO],
      });
    }
    expect(await reader.matchPerson({ nameKana: 'さとうまこと', birthDate: '1970-05-05', address: '中央1-1-1 メゾン若松 203' })).toEqual({
      outcome: 'matched',
      personId: id['10000000005'],
    });
    expect(await reader.matchPerson({ nameKana: 'つるが いちろう', birthDate: '1975-04-02', address: '追手町1-2-3' })).toEqual({
      outcome: 'not_found',
    });
  });

  it('matches by reading and birth date only when exactly one resident has them', async () => {
    expect(await reader.matchByReadingAndBirthDate({ familyNameKana: 'つるが', givenNameKana: 'キヨ', birthDate: '1940-03-10' })).toEqual({
      outcome: 'matched',
      personId: id[KIYO],
    });
    expect(await reader.matchByReadingAndBirthDate({ familyNameKana: 'さとう', givenNameKana: 'まこと', birthDate: '1970-05-05' })).toEqual({
      outcome: 'ambiguous',
      count: 2,
    });
    expect(await reader.matchByReadingAndBirthDate({ familyNameKana: 'えんどう', givenNameKana: 'みのる', birthDate: '1960-02-02' })).toEqual({
      outcome: 'not_found',
    });
  });

  it('refuses an unknown person id with person_not_found', async () => {
    await expect(reader.basicFour('01900000-0000-7000-8000-000000000000')).rejects.toMatchObject({ code: 'person_not_found' });
    await expect(reader.household('not-a-uuid')).rejects.toMatchObject({ code: 'person_not_found' });
  });
});

describe('the adapters the platform core wires in', () => {
  it('read a registry category for linkage, and nothing for an unknown person or a category the registry does not hold', async () => {
    const read = registryDataReader(test.database.db);
    expect(await read(id[ICHIRO] ?? '', 'basic_four')).toMatchObject({ name: '鶴賀 一郎' });
    expect(await read(id[KIYO] ?? '', 'support_needed')).toMatchObject({ needed: true });
    expect(await read(id[ICHIRO] ?? '', 'lifelog')).toBeUndefined();
    expect(await read('01900000-0000-7000-8000-000000000000', 'contact')).toBeUndefined();
  });

  it('match a verified identity to one resident', async () => {
    const match = matchRegistryPerson(test.database.db);
    expect(await match({ familyNameKana: 'つるが', givenNameKana: 'はなこ', birthDate: '1977-08-15' })).toBe(id['10000000002']);
    expect(await match({ familyNameKana: 'さとう', givenNameKana: 'まこと', birthDate: '1970-05-05' })).toBeUndefined();
  });
});
