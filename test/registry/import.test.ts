import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResidentRepository } from '@platform/registry/resident-repository.ts';
import type { RegistryService } from '@platform/registry/service.ts';
import type { TestDatabase } from '../support/database.ts';
import { BASE_ROWS, csv, emptyCity, type CsvRow } from './support.ts';

let test: TestDatabase;
let service: RegistryService;
let residents: ResidentRepository;

beforeAll(async () => {
  ({ test, service } = await emptyCity());
  residents = new ResidentRepository(test.database.db);
});
afterAll(async () => {
  await test.drop();
});

/** Rows of one household of its own, so each test works on people no other test touches. */
function household(code: string, firstResident: number, rows: readonly CsvRow[]): CsvRow[] {
  return rows.map((row, i) => ({
    町名: '栄町',
    番地: '3-4',
    性別: '女',
    生年月日: '1990-01-01',
    ...row,
    世帯番号: code,
    住民票コード: String(firstResident + i).padStart(11, '0'),
  }));
}

async function personByCode(code: string) {
  const [person] = await residents.personsByResidentCodes([code]);
  if (!person) throw new Error(`no person ${code}`);
  return person;
}

describe('importing the registry CSV', () => {
  it('creates persons and households from a valid file, storing readings in hiragana', async () => {
    const report = await service.importCsv(csv(BASE_ROWS), { effectiveDate: '2025-04-01' });
    expect(report).toMatchObject({ rows: 4, created: 4, updated: 0, unchanged: 0, changesRecorded: 0, errors: [] });
    const ichiro = await personByCode('10000000001');
    expect(ichiro).toMatchObject({
      family_name: '鶴賀',
      given_name: '一郎',
      family_name_kana: 'つるが',
      given_name_kana: 'いちろう',
      birth_date: '1975-04-01',
    });
    expect(ichiro).toMatchObject({ sex: 'male', relationship: 'head', banchi: '1-2-3', phone: '0242-01-1111', status: 'resident' });
    const [home] = await residents.householdsByCodes(['100001']);
    expect(home?.head_person_id).toBe(ichiro.id);
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = await residents.changesOf((await personByCode('10000000004')).id);
    const report = await service.importCsv(csv(BASE_ROWS), { effectiveDate: '2025-05-01' });
    expect(report).toMatchObject({ created: 0, updated: 0, unchanged: 4, changesRecorded: 0, errors: [] });
    expect(await residents.changesOf((await personByCode('10000000004')).id)).toEqual(before);
    expect(await residents.familyLinksFrom([(await personByCode('10000000004')).id])).toHaveLength(1);
  });

  it('imports nothing from a file with bad rows and reports every bad row with its row number and column', async () => {
    const before = await residents.countPersons();
    const rows = household('200001', 20000000001, [
      { 氏名: '若松 一', フリガナ: 'わかまつ はじめ', 性別: '男', 続柄: '世帯主' },
      { 氏名: '若松 二葉', フリガナ: 'わかまつ ふたば', 続柄: '妻', 生年月日: '1990-02-30' },
      { 氏名: '若松 三太', フリガナ: 'わかまつ さんた', 続柄: '子', 性別: 'X', 町名: '存在しない町' },
      { 氏名: '若松四郎', フリガナ: 'wakamatsu shiro', 続柄: '子' },
      { 氏名: '若松 五月', フリガナ: 'わかまつ さつき', 続柄: '子', 要支援: 'はい' },
    ]);
    rows.push({ ...rows[0], 氏名: '若松 六', フリガナ: 'わかまつ ろく' });
    const report = await service.importCsv(csv(rows));

    expect(report.created).toBe(0);
    expect(report.errors.map((e) => [e.row, e.column])).toEqual([
      [3, '生年月日'],
      [4, '性別'],
      [4, '町名'],
      [5, '氏名'],
      [5, 'フリガナ'],
      [6, '要支援区分'],
      [7, '住民票コード'],
    ]);
    for (const error of report.errors) {
      expect(error.message).not.toBe('');
      expect(error.messageJa).not.toBe('');
    }
    expect(await residents.countPersons()).toBe(before);
    expect(await residents.householdsByCodes(['200001'])).toEqual([]);
  });

  it('refuses a file whose header lacks a required column or names an unknown one', async () => {
    const report = await service.importCsv('世帯番号,住民票コード,氏名,趣味\n1,10000000099,会津 太郎,釣り\n');
    const columns = report.errors.map((e) => e.column);
    expect(report.errors.every((e) => e.row === 1)).toBe(true);
    expect(columns).toContain('趣味');
    expect(columns).toEqual(expect.arrayContaining(['フリガナ', '生年月日', '性別', '続柄', '町名', '番地']));
  });

  it('reads dates written in 和暦 as well as ISO', async () => {
    const rows = household('200002', 20000000101, [
      { 氏名: '白虎 一', フリガナ: 'びゃっこ はじめ', 続柄: '世帯主', 生年月日: '昭和55年4月1日' },
      { 氏名: '白虎 二', フリガナ: 'びゃっこ ふたば', 続柄: '妻', 生年月日: 'S56.12.3' },
      { 氏名: '白虎 三', フリガナ: 'びゃっこ みつ', 続柄: '子', 生年月日: '令和元年5月1日' },
      { 氏名: '白虎 四', フリガナ: 'びゃっこ しろう', 続柄: '子', 生年月日: 'H1.1.8' },
      { 氏名: '白虎 五', フリガナ: 'びゃっこ いつき', 続柄: '子', 生年月日: 'Ｒ５．４．１' },
    ]);
    expect((await service.importCsv(csv(rows))).errors).toEqual([]);
    const dates = (await residents.personsByResidentCodes(rows.map((r) => r.住民票コード ?? ''))).map((p) => p.birth_date).sort();
    expect(dates).toEqual(['1980-04-01', '1981-12-03', '1989-01-08', '2019-05-01', '2023-04-01']);
  });

  it('refuses a 和暦 date outside its era', async () => {
    const rows = household('200003', 20000000201, [
      { 氏名: '猪苗 一', フリガナ: 'いなわ はじめ', 続柄: '世帯主', 生年月日: '平成31年5月1日' },
      { 氏名: '猪苗 二', フリガナ: 'いなわ ふたば', 続柄: '妻', 生年月日: 'S64.1.8' },
    ]);
    const report = await service.importCsv(csv(rows));
    expect(report.errors.map((e) => [e.row, e.column])).toEqual([
      [2, '生年月日'],
      [3, '生年月日'],
    ]);
  });

  it('records a household’s move as an address change on the file’s date, for members the file leaves out too', async () => {
    const rows = household('200004', 20000000301, [
      { 氏名: '飯盛 一', フリガナ: 'いいもり はじめ', 性別: '男', 続柄: '世帯主' },
      { 氏名: '飯盛 二葉', フリガナ: 'いいもり ふたば', 続柄: '妻' },
    ]);
    await service.importCsv(csv(rows), { effectiveDate: '2025-04-01' });
    const onlyHead = [{ ...rows[0], 町名: '城東町', 番地: '7-8', 方書: 'コーポ城東 101' }];
    const report = await service.importCsv(csv(onlyHead), { effectiveDate: '2025-06-01' });
    expect(report).toMatchObject({ updated: 1, changesRecorded: 2, errors: [] });

    for (const code of ['20000000301', '20000000302']) {
      const person = await personByCode(code);
      expect(person).toMatchObject({ banchi: '7-8', building: 'コーポ城東 101' });
      const changes = await residents.changesOf(person.id);
      expect(changes).toHaveLength(1);
      expect(changes[0]).toMatchObject({ kind: 'address_change', effective_date: '2025-06-01' });
      expect(changes[0]?.details).toMatchObject({ from: '栄町3-4', to: '城東町7-8 コーポ城東 101' });
    }
    expect((await service.importCsv(csv(onlyHead), { effectiveDate: '2025-07-01' })).changesRecorded).toBe(0);
  });

  it('records a move out and a return from the 異動 column with their dates', async () => {
    const rows = household('200005', 20000000401, [
      { 氏名: '慶山 一', フリガナ: 'けいざん はじめ', 性別: '男', 続柄: '世帯主' },
      { 氏名: '慶山 二葉', フリガナ: 'けいざん ふたば', 続柄: '子' },
    ]);
    await service.importCsv(csv(rows), { effectiveDate: '2025-04-01' });
    const daughter = rows[1] ?? {};
    const left = [{ ...daughter, 異動: '転出', 異動日: '2025-05-10' }];
    expect(await service.importCsv(csv(left))).toMatchObject({ updated: 1, changesRecorded: 1, errors: [] });
    expect(await service.importCsv(csv(left))).toMatchObject({ unchanged: 1, changesRecorded: 0 });
    const person = await personByCode('20000000402');
    expect(person.status).toBe('moved_out');

    const silentReturn = await service.importCsv(csv([daughter]));
    expect(silentReturn.errors).toEqual([expect.objectContaining({ row: 2, column: '異動' })]);

    await service.importCsv(csv([{ ...daughter, 異動: '転入' }]), { effectiveDate: '2025-08-01' });
    const changes = await residents.changesOf(person.id);
    expect(changes.map((c) => [c.kind, c.effective_date])).toEqual([
      ['move_out', '2025-05-10'],
      ['move_in', '2025-08-01'],
    ]);
    expect((await personByCode('20000000402')).status).toBe('resident');
  });

  it('records a birth on the birth date and a death on its date', async () => {
    const rows = household('200006', 20000000501, [
      { 氏名: '蚕養 一', フリガナ: 'こがい はじめ', 性別: '男', 続柄: '世帯主' },
      { 氏名: '蚕養 祖母', フリガナ: 'こがい そぼ', 続柄: '母', 生年月日: '1930-01-01' },
      { 氏名: '蚕養 陽葵', フリガナ: 'こがい ひまり', 続柄: '子', 生年月日: '2024-06-01', 異動: '出生' },
    ]);
    await service.importCsv(csv(rows), { effectiveDate: '2025-04-01' });
    const baby = await personByCode('20000000503');
    expect((await residents.changesOf(baby.id)).map((c) => [c.kind, c.effective_date])).toEqual([['birth', '2024-06-01']]);

    await service.importCsv(csv([{ ...rows[1], 異動: '死亡', 異動日: 'R7.2.1' }]));
    const grandmother = await personByCode('20000000502');
    expect(grandmother.status).toBe('deceased');
    expect((await residents.changesOf(grandmother.id)).map((c) => [c.kind, c.effective_date])).toEqual([['death', '2025-02-01']]);
  });

  it('refuses a household left without a 世帯主, or given two', async () => {
    const rows = household('200007', 20000000601, [
      { 氏名: '日新 一', フリガナ: 'にっしん はじめ', 性別: '男', 続柄: '世帯主' },
      { 氏名: '日新 二葉', フリガナ: 'にっしん ふたば', 続柄: '妻' },
    ]);
    await service.importCsv(csv(rows));
    const twoHeads = await service.importCsv(csv([{ ...rows[1], 続柄: '世帯主' }]));
    expect(twoHeads.errors).toEqual([expect.objectContaining({ row: 2, column: '続柄' })]);
    expect(twoHeads.errors[0]?.message).toContain('2 世帯主');

    const headLeaves = await service.importCsv(csv([{ ...rows[0], 異動: '転出' }]));
    expect(headLeaves.errors).toEqual([expect.objectContaining({ row: 2, column: '続柄' })]);
    expect(headLeaves.errors[0]?.messageJa).toContain('世帯主がいなくなります');
    expect((await personByCode('20000000601')).status).toBe('resident');

    const handedOver = await service.importCsv(
      csv([
        { ...rows[1], 続柄: '世帯主' },
        { ...rows[0], 続柄: '夫', 異動: '転出' },
      ]),
    );
    expect(handedOver.errors).toEqual([]);
    const [home] = await residents.householdsByCodes(['200007']);
    expect(home?.head_person_id).toBe((await personByCode('20000000602')).id);
  });

  it('refuses a relative who is not in the file or the register', async () => {
    const rows = household('200008', 20000000701, [{ 氏名: '扇 一', フリガナ: 'おうぎ はじめ', 続柄: '世帯主', 別世帯の家族: '子:99999999999' }]);
    const report = await service.importCsv(csv(rows));
    expect(report.errors).toEqual([expect.objectContaining({ row: 2, column: '別世帯の家族', value: '99999999999' })]);
  });

  it('checks the file against the register without writing anything on a dry run', async () => {
    const rows = household('200009', 20000000801, [{ 氏名: '材木 一', フリガナ: 'ざいもく はじめ', 続柄: '世帯主' }]);
    const report = await service.importCsv(csv(rows), { dryRun: true });
    expect(report).toMatchObject({ dryRun: true, created: 1, errors: [] });
    expect(await residents.personsByResidentCodes(['20000000801'])).toEqual([]);
  });

  it('keeps what the register holds for columns the file leaves out', async () => {
    const slim = csv(BASE_ROWS, ['世帯番号', '住民票コード', '氏名', 'フリガナ', '生年月日', '性別', '続柄', '町名', '番地']);
    expect(await service.importCsv(slim)).toMatchObject({ unchanged: 4, errors: [] });
    expect(await personByCode('10000000001')).toMatchObject({ phone: '0242-01-1111', email: 'ichiro@example.com' });
    expect(await personByCode('10000000004')).toMatchObject({ support_needed: true, support_categories: ['elderly_alone', 'care_level_3_plus'] });
  });

  it('reads a file Excel saved as Shift_JIS (Windows-31J) as it reads UTF-8', async () => {
    const rows = household('200901', 20090100001, [{ 氏名: '髙橋 一子', フリガナ: 'タカハシ イチコ', 続柄: '世帯主', 方書: 'ハイツ髙田 ①棟' }]);
    const report = await service.importCsv(iconv.encode(csv(rows), 'windows-31j'), { effectiveDate: '2025-04-01' });
    expect(report).toMatchObject({ created: 1, errors: [] });
    expect(await personByCode('20090100001')).toMatchObject({
      family_name: '髙橋',
      given_name: '一子',
      given_name_kana: 'いちこ',
      building: 'ハイツ髙田 ①棟',
    });
    // The same rows in UTF-8 with a BOM are the same file: nothing changes.
    expect(await service.importCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv(rows))]))).toMatchObject({
      unchanged: 1,
      errors: [],
    });
  });

  it('refuses bytes that read as neither UTF-8 nor Shift_JIS, or not as the charset declared', async () => {
    const neither = await service.importCsv(Buffer.from([0x90, 0xa2, 0x91, 0xd1, 0x85, 0x7f, 0x0a])); // 0x857F is no Windows-31J character
    expect(neither.errors).toEqual([expect.objectContaining({ row: 0, column: null })]);
    expect(neither.errors[0]?.messageJa).toContain('UTF-8 でも Shift_JIS でもありません');
    const declared = await service.importCsv(iconv.encode(csv(BASE_ROWS), 'windows-31j'), { charset: 'utf-8' });
    expect(declared.errors[0]?.message).toBe('the file is not valid UTF-8');
  });

  it('refuses an effective date in the future', async () => {
    await expect(service.importCsv(csv(BASE_ROWS), { effectiveDate: '2999-01-01' })).rejects.toMatchObject({ code: 'invalid_effective_date' });
  });
});
