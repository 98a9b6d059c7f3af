import { migrate } from '../../src/app.ts';
import { AIZUWAKAMATSU_DISTRICTS } from '@platform/registry/demo-districts.ts';
import { registryModule } from '@platform/registry/index.ts';
import { RegistryService } from '@platform/registry/service.ts';
import { freshDatabase, type TestDatabase } from '../support/database.ts';

export const MUNICIPALITY = {
  code: '072028',
  prefecture_ja: '福島県',
  prefecture_en: 'Fukushima',
  name_ja: '会津若松市',
  name_en: 'Aizuwakamatsu',
  name_kana: 'あいづわかまつし',
};

/** A fresh database with the registry's schema and the city with its towns, but no residents. */
export async function emptyCity(): Promise<{ test: TestDatabase; service: RegistryService }> {
  const test = await freshDatabase();
  await migrate(test.database, [registryModule]);
  const service = new RegistryService(test.database.db);
  await service.establish(MUNICIPALITY, AIZUWAKAMATSU_DISTRICTS);
  return { test, service };
}

export const COLUMNS = [
  '世帯番号',
  '住民票コード',
  '氏名',
  'フリガナ',
  '生年月日',
  '性別',
  '続柄',
  '町名',
  '番地',
  '方書',
  '電話番号',
  'メールアドレス',
  '要支援',
  '要支援区分',
  '要支援理由',
  '別世帯の家族',
  '異動',
  '異動日',
] as const;

export type CsvRow = Partial<Record<(typeof COLUMNS)[number], string>>;

const quote = (value: string) => (/[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

/** A registry CSV with the given columns (all of them by default). */
export function csv(rows: readonly CsvRow[], columns: readonly (typeof COLUMNS)[number][] = COLUMNS): string {
  return [columns.join(','), ...rows.map((row) => columns.map((c) => quote(row[c] ?? '')).join(','))].join('\n') + '\n';
}

/** A household of three at 追手町 and an elderly woman living alone at 七日町 whose son is the first household's head. */
export const BASE_ROWS: readonly CsvRow[] = [
  {
    世帯番号: '100001',
    住民票コード: '10000000001',
    氏名: '鶴賀 一郎',
    フリガナ: 'ツルガ イチロウ',
    生年月日: '1975-04-01',
    性別: '男',
    続柄: '世帯主',
    町名: '追手町',
    番地: '1-2-3',
    電話番号: '0242-01-1111',
    メールアドレス: 'ichiro@example.com',
    要支援: 'いいえ',
  },
  {
    世帯番号: '100001',
    住民票コード: '10000000002',
    氏名: '鶴賀 花子',
    フリガナ: 'つるが はなこ',
    生年月日: '1977-08-15',
    性別: '女',
    続柄: '妻',
    町名: '追手町',
    番地: '1-2-3',
  },
  {
    世帯番号: '100001',
    住民票コード: '10000000003',
    氏名: '鶴賀 翔',
    フリガナ: 'つるが しょう',
    生年月日: '2008-01-20',
    性別: '男',
    続柄: '子',
    町名: '追手町',
    番地: '1-2-3',
  },
  {
    世帯番号: '100002',
    住民票コード: '10000000004',
    氏名: '鶴賀 キヨ',
    フリガナ: 'つるが きよ',
    生年月日: '1940-03-10',
    性別: '女',
    続柄: '世帯主',
    町名: '七日町',
    番地: '5番地',
    電話番号: '0242-01-2222',
    要支援: 'はい',
    要支援区分: '一人暮らし高齢者;要介護3以上',
    要支援理由: '一人暮らし。車いすを使用',
    別世帯の家族: '子:10000000001',
  },
];
