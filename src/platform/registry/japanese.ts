/**
 * Japanese text rules of the registry: readings are stored in hiragana (ふりがな), dates in
 * ISO 8601 though people write them in 和暦, and the same address can be written many ways.
 */

const HIRAGANA_READING = /^[\u3041-\u3096\u309D\u309E\u30FC]+$/;

/**
 * Normalises a reading to hiragana: full-width, NFKC (so half-width ｶﾀｶﾅ and full-width
 * digits become ordinary characters), katakana folded to hiragana. ー stays.
 */
export function toHiragana(value: string): string {
  return value
    .normalize('NFKC')
    .replace(/[\u30A1-\u30F6\u30FD\u30FE]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60))
    .trim();
}

/** True for a non-empty reading of hiragana and ー only (what the registry stores). */
export function isHiraganaReading(value: string): boolean {
  return HIRAGANA_READING.test(value);
}

/** Splits 「会津 太郎」 (half- or full-width space) into family and given name; undefined unless exactly two parts. */
export function splitFullName(value: string): [family: string, given: string] | undefined {
  const parts = value
    .normalize('NFC')
    .trim()
    .split(/[\s\u3000]+/);
  if (parts.length !== 2 || !parts[0] || !parts[1]) return undefined;
  return [parts[0], parts[1]];
}

type Era = { name: string; letter: string; start: string; firstYear: number };

/** Japanese eras with their first day in the Gregorian calendar. */
const ERAS: readonly Era[] = [
  { name: '明治', letter: 'M', start: '1868-01-25', firstYear: 1868 },
  { name: '大正', letter: 'T', start: '1912-07-30', firstYear: 1912 },
  { name: '昭和', letter: 'S', start: '1926-12-25', firstYear: 1926 },
  { name: '平成', letter: 'H', start: '1989-01-08', firstYear: 1989 },
  { name: '令和', letter: 'R', start: '2019-05-01', firstYear: 2019 },
];

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `YYYY-MM-DD` when the three numbers make a real calendar date. */
function calendarDate(year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** True for a real date written `YYYY-MM-DD`. */
export function isIsoDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return !!m && calendarDate(Number(m[1]), Number(m[2]), Number(m[3])) === value;
}

const WAREKI_KANJI = /^(明治|大正|昭和|平成|令和)(元|\d{1,2})年(\d{1,2})月(\d{1,2})日$/;
const WAREKI_LETTER = /^([MTSHR])(\d{1,2})[./-](\d{1,2})[./-](\d{1,2})$/i;
const GREGORIAN = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/;
const GREGORIAN_KANJI = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/;

/**
 * Reads a date written as ISO (`1980-04-01`, also `1980/4/1` and `1980年4月1日`) or in 和暦
 * (`昭和55年4月1日`, `令和元年5月1日`, `S55.4.1`, `R5.4.1`). Returns `YYYY-MM-DD`, or
 * undefined when it is not a real date or not within the named era.
 */
export function parseJapaneseDate(input: string): string | undefined {
  const value = input.normalize('NFKC').replace(/\s+/g, '');
  const gregorian = GREGORIAN.exec(value) ?? GREGORIAN_KANJI.exec(value);
  if (gregorian) return calendarDate(Number(gregorian[1]), Number(gregorian[2]), Number(gregorian[3]));

  const kanji = WAREKI_KANJI.exec(value);
  const letter = kanji ? undefined : WAREKI_LETTER.exec(value);
  const match = kanji ?? letter;
  if (!match) return undefined;
  const eraIndex = ERAS.findIndex((era) => (kanji ? era.name === match[1] : era.letter === match[1]?.toUpperCase()));
  const era = ERAS[eraIndex];
  if (!era) return undefined;
  const eraYear = match[2] === '元' ? 1 : Number(match[2]);
  if (eraYear < 1) return undefined;
  const date = calendarDate(era.firstYear + eraYear - 1, Number(match[3]), Number(match[4]));
  const next = ERAS[eraIndex + 1];
  if (!date || date < era.start || (next && date >= next.start)) return undefined;
  return date;
}

/** Today's date in Asia/Tokyo, where the city keeps its registry. */
export function todayInTokyo(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/**
 * A comparable form of a 番地 (and building) as people type it: 「１丁目２番３号」,
 * 「1-2-3」 and 「1－2－3」 all become `1-2-3`; 「123番地の4」 becomes `123-4`. Spaces go.
 */
export function normalizeBanchi(value: string): string {
  return value
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/(\d)[\u2010-\u2015\u2212\u30FC\uFF70-](?=\d)/g, '$1-')
    .replace(/(\d)(丁目|番地の|番地|番の|番|の)(?=\d)/g, '$1-')
    .replace(/(\d)(丁目|番地|番|号)/g, '$1')
    .replace(/-+/g, '-')
    .replace(/-$/, '');
}

/** 町名 + 番地, then the building (方書) after a space: 「追手町2-12 鶴ヶ城ハイツ101」. */
export function formatStreetAddress(district: string, banchi: string, building: string | null): string {
  return `${district}${banchi}${building ? ` ${building}` : ''}`;
}
