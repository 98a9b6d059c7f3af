import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readShelterFile } from '@services/disaster/shelter-file.ts';
import { SHELTERS_CSV, SITES_CSV, testbed, type Testbed } from './support.ts';

const SITE_HEADER =
  'NO,共通ID,都道府県名及び市町村名,施設・場所名,住所,洪水,崖崩れ、土石流及び地滑り,高潮,地震,津波,大規模な火事,内水氾濫,火山現象,指定避難所との住所同一,緯度,経度,備考';

describe('importing the GSI shelter files', () => {
  let bed: Testbed;
  beforeEach(async () => {
    bed = await testbed();
  });
  afterEach(async () => bed.stop());

  it('imports the real Aizuwakamatsu evacuation sites and shelters, telling the kind by the header', async () => {
    const sites = await bed.services.shelters.importFile(SITES_CSV);
    expect(sites).toMatchObject({ kind: 'evacuation_site', rows: 199, created: 199, errors: [] });
    const shelters = await bed.services.shelters.importFile(SHELTERS_CSV);
    expect(shelters).toMatchObject({ kind: 'shelter', rows: 102, created: 102, errors: [] });
    const { total, rows } = await bed.services.shelters.list({ municipality: '福島県会津若松市', limit: 1000, offset: 0 });
    expect(total).toBe(301);
    const first = rows.find((r) => r.common_id === 'E0720200001201');
    expect(first).toMatchObject({ name: '物流修景緑地', kind: 'evacuation_site', lat: 37.520575993321 });
    // 洪水, 崖崩れ, 地震, 大規模な火事, 内水氾濫
    expect(first?.hazards).toBe(0b1101011);
    const welfare = rows.find((r) => r.common_id === 'E0720200004121');
    expect(welfare).toMatchObject({ name: '丘の一番星', accepts: '高齢者', welfare: true });
  });

  it('changes nothing when the same file is imported again, and keeps what staff added', async () => {
    await bed.services.shelters.importFile(SITES_CSV);
    const { rows } = await bed.services.shelters.list({ limit: 1, offset: 0 });
    const site = rows[0];
    if (!site) throw new Error('no site');
    await bed.services.shelters.updateStaffFields(site.id, { capacity: 300, stepFree: true, contact: '0242-39-1111' });
    await bed.services.shelters.importFile(SHELTERS_CSV);
    const again = await bed.services.shelters.importFile(SITES_CSV);
    expect(again).toMatchObject({ rows: 199, created: 0, updated: 0, unchanged: 199 });
    // Shelters inherit hazards from their facility's site; that is no change of the shelters file.
    expect(await bed.services.shelters.importFile(SHELTERS_CSV)).toMatchObject({ rows: 102, created: 0, updated: 0, unchanged: 102 });
    expect(await bed.services.shelters.get(site.id)).toMatchObject({ capacity: 300, step_free: true, contact: '0242-39-1111' });
  });

  it('updates a site whose row changed, by its 共通ID', async () => {
    await bed.services.shelters.importFile(`${SITE_HEADER}\r\n1,E0000000001201,福島県テスト市,旧名,住所1,1,,,,,,,,,37.5,139.9,\r\n`);
    const report = await bed.services.shelters.importFile(`${SITE_HEADER}\r\n1,E0000000001201,福島県テスト市,新名,住所1,1,,,1,,,,,,37.5,139.9,\r\n`);
    expect(report).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
    const { rows } = await bed.services.shelters.list({ municipality: '福島県テスト市', limit: 10, offset: 0 });
    expect(rows.map((r) => [r.name, r.hazards])).toEqual([['新名', 0b1001]]);
  });

  it('gives a shelter the hazards of the evacuation site at the same facility', async () => {
    await bed.services.shelters.importFile(SITES_CSV);
    await bed.services.shelters.importFile(SHELTERS_CSV);
    const { rows } = await bed.services.shelters.list({ limit: 1000, offset: 0 });
    const site = rows.find((r) => r.common_id === 'E0720200006201');
    const shelter = rows.find((r) => r.common_id === 'E0720200006111');
    expect(site?.hazards).toBeGreaterThan(0);
    expect(shelter?.hazards).toBe(site?.hazards);
  });

  it('reports every bad row with its line, column and reason in English and Japanese, and imports nothing', async () => {
    const csv = [
      SITE_HEADER,
      '1,E0000000001201,福島県テスト市,よい行,住所1,1,,,,,,,,,37.5,139.9,',
      '2,E0000000002201,福島県テスト市,緯度が文字,住所2,1,,,,,,,,,北緯37度,139.9,',
      '3,E0000000003201,福島県テスト市,海外,住所3,1,,,,,,,,,48.85,2.35,',
      '4,E0000000001201,福島県テスト市,重複,住所4,2,,,,,,,,,37.5,139.9,',
      '5,E0000000005201,福島県テスト市,,住所5,1,,,,,,,,,37.5,139.9',
    ].join('\r\n');
    const report = await bed.services.shelters.importFile(csv);
    expect(report.created).toBe(0);
    expect(report.errors.map((e) => [e.line, e.column])).toEqual([
      [3, '緯度'],
      [4, '緯度'],
      [5, '共通ID'],
      [5, '洪水'],
      [6, null],
    ]);
    expect(report.errors[0]).toMatchObject({ value: '北緯37度', message: 'is not a number', messageJa: '数値ではありません' });
    expect(report.errors[1]?.messageJa).toBe('位置が日本の範囲外です');
    expect((await bed.services.shelters.list({ limit: 10, offset: 0 })).total).toBe(0);
  });

  it('imports the real files saved as Shift_JIS as it imports them in UTF-8', async () => {
    const sites = await bed.services.shelters.importFile(iconv.encode(SITES_CSV.toString('utf8'), 'windows-31j'));
    expect(sites).toMatchObject({ kind: 'evacuation_site', rows: 199, created: 199, errors: [] });
    expect(await bed.services.shelters.importFile(SITES_CSV)).toMatchObject({ rows: 199, created: 0, updated: 0, unchanged: 199 });
  });

  it('refuses a file that is neither kind, or reads as neither UTF-8 nor Shift_JIS', async () => {
    const neither = await bed.services.shelters.importFile('NO,共通ID,施設・場所名\r\n1,E1,x\r\n');
    expect(neither.errors[0]).toMatchObject({ line: 1, column: null });
    expect(neither.errors[0]?.messageJa).toContain('受入対象者');
    const unreadable = await bed.services.shelters.importFile(new Uint8Array([0x82, 0xa0, 0x85, 0x7f, 0x0d, 0x0a]));
    expect(unreadable.errors[0]?.messageJa).toContain('UTF-8 でも Shift_JIS でもありません');
  });
});

describe('reading a shelter file', () => {
  it('reads a header with a BOM, full-width spaces and 、 or ・ in the landslide column alike', () => {
    const header =
      '\uFEFFNO,共通ID,都道府県名及び市町村名,施設・場所名,住所,洪水,崖崩れ・土石流及び地滑り,高潮,地震,津波,大規模な火事,内水氾濫,火山現象,指定避難所との住所同一,緯度,経度,備考';
    const file = readShelterFile(`${header}\n9,E0000000009201,福島県テスト市,公園\u3000,住所,,1,,,,,,,,37.1,140.1,\n`);
    expect(file.errors).toEqual([]);
    expect(file.rows[0]).toMatchObject({ name: '公園', hazards: 0b10, facilityKey: 'E0000000009' });
  });
});
