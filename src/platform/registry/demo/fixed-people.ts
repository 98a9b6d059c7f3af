import type { ChangeKind, FamilyRelation, PersonStatus, Relationship, Sex, SupportCategory } from '../codes.ts';

/**
 * Demo people with fixed names, dates and codes, for tests, the README and demonstrations
 * (listed in docs/registry.md). Synthetic like everyone in the demo city. Their codes use
 * the 90000000xxx range, which the generator never gives out.
 */
export type FixedPerson = {
  residentCode: string;
  name: readonly [family: string, given: string];
  kana: readonly [family: string, given: string];
  birthDate: string;
  sex: Sex;
  relationship: Relationship;
  phone?: string;
  email?: string;
  status?: PersonStatus;
  support?: { categories: SupportCategory[]; reason: string };
  change?: { kind: ChangeKind; date: string };
};

export type FixedHousehold = { code: string; district: string; banchi: string; building?: string; members: readonly FixedPerson[] };

export const AIZU_TARO = '90000000011';
export const HOSHI_TOME = '90000000021';
export const HOSHI_KENICHI = '90000000031';

export const FIXED_HOUSEHOLDS: readonly FixedHousehold[] = [
  {
    code: '90000001',
    district: '追手町',
    banchi: '2-12',
    members: [
      {
        residentCode: AIZU_TARO,
        name: ['会津', '太郎'],
        kana: ['あいづ', 'たろう'],
        birthDate: '1980-04-01',
        sex: 'male',
        relationship: 'head',
        phone: '090-0000-1980',
        email: 'taro.aizu@example.com',
      },
      {
        residentCode: '90000000012',
        name: ['会津', '花子'],
        kana: ['あいづ', 'はなこ'],
        birthDate: '1982-07-15',
        sex: 'female',
        relationship: 'wife',
        phone: '080-0000-1982',
      },
      { residentCode: '90000000013', name: ['会津', '翼'], kana: ['あいづ', 'つばさ'], birthDate: '2012-05-05', sex: 'male', relationship: 'child' },
      {
        residentCode: '90000000014',
        name: ['会津', 'さくら'],
        kana: ['あいづ', 'さくら'],
        birthDate: '2023-03-03',
        sex: 'female',
        relationship: 'child',
        change: { kind: 'birth', date: '2023-03-03' },
      },
    ],
  },
  {
    code: '90000002',
    district: '七日町',
    banchi: '3-8',
    members: [
      {
        residentCode: HOSHI_TOME,
        name: ['星', 'トメ'],
        kana: ['ほし', 'とめ'],
        birthDate: '1936-02-11',
        sex: 'female',
        relationship: 'head',
        phone: '0242-00-1936',
        support: { categories: ['elderly_alone', 'care_level_3_plus'], reason: '一人暮らし。要介護3で車いすを使用し、避難には介助が必要' },
      },
      {
        residentCode: '90000000022',
        name: ['星', '勇'],
        kana: ['ほし', 'いさむ'],
        birthDate: '1933-05-03',
        sex: 'male',
        relationship: 'head',
        status: 'deceased',
        change: { kind: 'death', date: '2021-01-15' },
      },
    ],
  },
  {
    code: '90000003',
    district: '門田町大字飯寺',
    banchi: '123番地',
    members: [
      {
        residentCode: HOSHI_KENICHI,
        name: ['星', '健一'],
        kana: ['ほし', 'けんいち'],
        birthDate: '1962-09-20',
        sex: 'male',
        relationship: 'head',
        phone: '090-0000-1962',
        email: 'kenichi.hoshi@example.net',
      },
      { residentCode: '90000000032', name: ['星', '恵子'], kana: ['ほし', 'けいこ'], birthDate: '1964-11-03', sex: 'female', relationship: 'wife' },
      {
        residentCode: '90000000033',
        name: ['星', '美咲'],
        kana: ['ほし', 'みさき'],
        birthDate: '1990-06-12',
        sex: 'female',
        relationship: 'child',
        status: 'moved_out',
        change: { kind: 'move_out', date: '2013-03-31' },
      },
    ],
  },
];

/** [person, relative, what the relative is to the person]. */
export const FIXED_LINKS: readonly (readonly [string, string, FamilyRelation])[] = [[HOSHI_TOME, HOSHI_KENICHI, 'child']];
