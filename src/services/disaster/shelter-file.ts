import { CsvError, parse } from 'csv-parse/sync';
import { HAZARDS } from './hazards.ts';
import { inJapan } from './geo.ts';

/**
 * The GSI open-data files (国土地理院「指定緊急避難場所・指定避難所データ」), either kind,
 * for any municipality. The kind is told by the header: the evacuation-sites file has the
 * eight hazard columns, the shelters file has 受入対象者. Every bad row is reported; a file
 * with any error yields no rows at all.
 */

export type ShelterFileKind = 'evacuation_site' | 'shelter';

/** One problem: the line it starts on (the header is line 1), the column as the header names it, why (en/ja). */
export type ShelterRowError = { line: number; column: string | null; value?: string; message: string; messageJa: string };

export type ShelterRow = {
  line: number;
  commonId: string;
  facilityKey: string;
  sourceNo: number | null;
  municipality: string;
  name: string;
  address: string;
  hazards: number;
  sameAddress: boolean;
  otherNotes: string;
  accepts: string;
  remarks: string;
  lat: number;
  lon: number;
};

export type ShelterFile = { kind: ShelterFileKind | null; rows: ShelterRow[]; errors: ShelterRowError[] };

// Headers compared after NFKC, without spaces and with 、・, folded to one mark.
const fold = (header: string) =>
  header
    .normalize('NFKC')
    .replace(/[\s\u3000]/g, '')
    .replace(/[、,・]/g, '・')
    .toLowerCase();

const COMMON = {
  no: 'NO',
  commonId: '共通ID',
  municipality: '都道府県名及び市町村名',
  name: '施設・場所名',
  address: '住所',
  lat: '緯度',
  lon: '経度',
  remarks: '備考',
} as const;
const SITE_ONLY = { sameAddress: '指定避難所との住所同一' } as const;
const SHELTER_ONLY = {
  sameAddress: '指定緊急避難場所との住所同一',
  otherNotes: 'その他市町村長が必要と認める事項',
  accepts: '受入対象者',
} as const;
const REQUIRED = ['commonId', 'municipality', 'name', 'address', 'lat', 'lon'] as const;

const trim = (value: string) => value.replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');

type ParsedRecord = { record: string[]; info: { lines: number; empty_lines: number } };

function fileError(line: number, message: string, messageJa: string): ShelterFile {
  return { kind: null, rows: [], errors: [{ line, column: null, message, messageJa }] };
}

/** Reads the file's text; `errors` lists every problem and, when it is not empty, `rows` is empty. */
export function readShelterFile(text: string): ShelterFile {
  let parsed: ParsedRecord[];
  try {
    parsed = parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true }) as unknown as ParsedRecord[];
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    const line = (err as CsvError & { lines?: number }).lines ?? 0;
    return fileError(line, `the file is not valid CSV: ${err.message}`, `CSV として読めません（${line} 行目付近）`);
  }
  const [head, ...body] = parsed;
  if (!head) return fileError(1, 'the file is empty', 'ファイルが空です');
  const index = new Map(head.record.map((name, i) => [fold(name), i] as const));
  const at = (name: string) => index.get(fold(name));
  const hazardColumns = HAZARDS.map((h) => at(h.ja));
  const isSites = hazardColumns.every((i) => i !== undefined);
  const isShelters = at(SHELTER_ONLY.accepts) !== undefined;
  if (isSites === isShelters) {
    return fileError(
      1,
      isSites
        ? 'the header has both the hazard columns and 受入対象者; it is neither GSI format'
        : 'the header has neither the eight hazard columns (evacuation sites) nor 受入対象者 (shelters)',
      isSites
        ? '見出しに災害種別の列と受入対象者の列が両方あり、どちらの形式か判断できません'
        : '見出しに災害種別8列（指定緊急避難場所）も受入対象者（指定避難所）もありません',
    );
  }
  const kind: ShelterFileKind = isSites ? 'evacuation_site' : 'shelter';
  const missing = REQUIRED.filter((key) => at(COMMON[key]) === undefined);
  if (missing.length > 0) {
    return {
      kind,
      rows: [],
      errors: missing.map((key) => ({
        line: 1,
        column: COMMON[key],
        message: `required column "${COMMON[key]}" is missing`,
        messageJa: `必須の列「${COMMON[key]}」がありません`,
      })),
    };
  }

  const errors: ShelterRowError[] = [];
  const rows: ShelterRow[] = [];
  const seen = new Map<string, number>();
  let previous = head.info;
  for (const { record, info } of body) {
    const line = previous.lines + 1 + (info.empty_lines - previous.empty_lines);
    previous = info;
    if (record.length !== head.record.length) {
      errors.push({
        line,
        column: null,
        message: `has ${record.length} fields but the header has ${head.record.length}`,
        messageJa: `項目数が ${record.length} 個です（見出しは ${head.record.length} 個）`,
      });
      continue;
    }
    const cell = (name: string) => {
      const i = at(name);
      return i === undefined ? '' : trim(record[i] ?? '');
    };
    const problem = (column: string, value: string, message: string, messageJa: string) => errors.push({ line, column, value, message, messageJa });
    const before = errors.length;

    const commonId = cell(COMMON.commonId).normalize('NFKC');
    if (!/^[A-Za-z0-9-]{5,40}$/.test(commonId)) {
      problem(COMMON.commonId, commonId, 'is not a 共通ID (5–40 letters and digits)', '共通IDの形式ではありません（英数字5〜40文字）');
    } else if (seen.has(commonId)) {
      problem(COMMON.commonId, commonId, `repeats line ${seen.get(commonId)}`, `${seen.get(commonId)} 行目と重複しています`);
    } else {
      seen.set(commonId, line);
    }
    for (const key of ['municipality', 'name', 'address'] as const) {
      if (cell(COMMON[key]) === '') problem(COMMON[key], '', 'is empty', '空欄です');
    }
    const latText = cell(COMMON.lat);
    const lonText = cell(COMMON.lon);
    const lat = latText === '' ? NaN : Number(latText.normalize('NFKC'));
    const lon = lonText === '' ? NaN : Number(lonText.normalize('NFKC'));
    if (!Number.isFinite(lat)) problem(COMMON.lat, latText, 'is not a number', '数値ではありません');
    if (!Number.isFinite(lon)) problem(COMMON.lon, lonText, 'is not a number', '数値ではありません');
    if (Number.isFinite(lat) && Number.isFinite(lon) && !inJapan(lat, lon)) {
      problem(COMMON.lat, `${latText},${lonText}`, 'the position is outside Japan', '位置が日本の範囲外です');
    }
    let hazards = 0;
    if (isSites) {
      HAZARDS.forEach((h, bit) => {
        const value = cell(h.ja).normalize('NFKC');
        if (value === '1') hazards |= 1 << bit;
        else if (value !== '' && value !== '0') problem(h.ja, value, 'must be 1 or empty', '1 または空欄にしてください');
      });
    }
    const sameAddressText = cell(isSites ? SITE_ONLY.sameAddress : SHELTER_ONLY.sameAddress).normalize('NFKC');
    if (sameAddressText !== '' && sameAddressText !== '1' && sameAddressText !== '0') {
      problem(isSites ? SITE_ONLY.sameAddress : SHELTER_ONLY.sameAddress, sameAddressText, 'must be 1 or empty', '1 または空欄にしてください');
    }
    const noText = cell(COMMON.no).normalize('NFKC');
    const sourceNo = noText === '' ? null : Number(noText);
    if (sourceNo !== null && !Number.isSafeInteger(sourceNo)) problem(COMMON.no, noText, 'is not a whole number', '整数ではありません');
    if (errors.length > before) continue;
    rows.push({
      line,
      commonId,
      // The facility serial shared by a site and a shelter at the same place (E0720200006201 ↔ E0720200006111).
      facilityKey: commonId.length > 3 ? commonId.slice(0, -3) : commonId,
      sourceNo,
      municipality: cell(COMMON.municipality),
      name: cell(COMMON.name),
      address: cell(COMMON.address),
      hazards,
      sameAddress: sameAddressText === '1',
      otherNotes: isSites ? '' : cell(SHELTER_ONLY.otherNotes),
      accepts: isSites ? '' : cell(SHELTER_ONLY.accepts),
      remarks: cell(COMMON.remarks),
      lat,
      lon,
    });
  }
  if (body.length === 0)
    errors.push({ line: 2, column: null, message: 'the file has a header but no rows', messageJa: '見出し行のほかに行がありません' });
  return { kind, rows: errors.length > 0 ? [] : rows, errors };
}
