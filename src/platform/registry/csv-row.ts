import {
  CHANGE_KIND_LABELS,
  FAMILY_RELATION_LABELS,
  RELATIONSHIP_LABELS,
  SEX_LABELS,
  SUPPORT_CATEGORIES,
  SUPPORT_CATEGORY_LABELS,
  codeFromLabel,
  type FamilyRelation,
  type Relationship,
  type Sex,
  type SupportCategory,
} from './codes.ts';
import { COLUMNS, type ColumnKey, type CsvRecord, type ImportRowError } from './csv-format.ts';
import { isHiraganaReading, parseJapaneseDate, splitFullName, toHiragana } from './japanese.ts';

/** The changes a row may declare; 転居 and 世帯変更 are recorded by comparing with the register. */
export type DeclaredChange = 'move_in' | 'move_out' | 'birth' | 'death';

/** A valid row. `undefined` means the column is absent from the file: the register keeps what it has. */
export type ImportRow = {
  row: number;
  householdCode: string;
  residentCode: string;
  familyName: string;
  givenName: string;
  familyNameKana: string;
  givenNameKana: string;
  birthDate: string;
  sex: Sex;
  relationship: Relationship;
  districtId: string;
  districtName: string;
  banchi: string;
  building: string | null | undefined;
  phone: string | null | undefined;
  email: string | null | undefined;
  support: { needed: boolean; categories: SupportCategory[]; reason: string | null } | undefined;
  family: { relation: FamilyRelation; residentCode: string }[] | undefined;
  change: DeclaredChange | null;
  changeDate: string | null;
  /** Header names as the file wrote them, for error messages about this row. */
  headers: Partial<Record<ColumnKey, string>>;
};

export type RowContext = {
  /** District id by 町名. */
  districts: ReadonlyMap<string, string>;
  /** The latest acceptable date (today in Asia/Tokyo). */
  today: string;
};

const EARLIEST_DATE = '1868-01-25'; // first day of 明治: the 住民票 needs no earlier one

const YES = new Set(['はい', '有', 'あり', '要', '○', '〇', '1', 'true', 'yes', 'y']);
const NO = new Set(['', 'いいえ', '無', 'なし', '否', '×', '0', 'false', 'no', 'n']);

const FAMILY_ALIASES: Record<string, FamilyRelation> = {
  父: 'parent',
  母: 'parent',
  父母: 'parent',
  息子: 'child',
  娘: 'child',
  兄: 'sibling',
  姉: 'sibling',
  弟: 'sibling',
  妹: 'sibling',
  夫: 'spouse',
  妻: 'spouse',
  祖父: 'grandparent',
  祖母: 'grandparent',
};

const SEX_ALIASES: Record<string, Sex> = { m: 'male', f: 'female', '1': 'male', '2': 'female' };

class RowReader {
  readonly errors: ImportRowError[] = [];

  constructor(
    private readonly record: CsvRecord,
    private readonly context: RowContext,
  ) {}

  fail(key: ColumnKey, value: string, message: string, messageJa: string): undefined {
    this.errors.push({ row: this.record.row, column: this.record.headers[key] ?? COLUMNS[key].ja, value, message, messageJa });
    return undefined;
  }

  /** The trimmed cell; undefined when the column is absent. */
  cell(key: ColumnKey): string | undefined {
    return this.record.cells[key];
  }

  required(key: ColumnKey): string | undefined {
    const value = this.cell(key) ?? '';
    if (value === '') return this.fail(key, value, `${COLUMNS[key].en} is required`, `${COLUMNS[key].ja}は必須です`);
    return value;
  }

  /** An optional text: undefined when the column is absent, null when the cell is empty. */
  optional(key: ColumnKey, max: number): string | null | undefined {
    const value = this.cell(key);
    if (value === undefined) return undefined;
    if (value === '') return null;
    if (value.length > max)
      return this.fail(key, value, `${COLUMNS[key].en} is longer than ${max} characters`, `${COLUMNS[key].ja}は ${max} 文字以内です`);
    return value.normalize('NFC');
  }

  date(key: ColumnKey, value: string, notBefore = EARLIEST_DATE): string | undefined {
    const date = parseJapaneseDate(value);
    if (!date) {
      return this.fail(
        key,
        value,
        `"${value}" is not a date (write 1980-04-01, 昭和55年4月1日 or S55.4.1)`,
        `「${value}」は日付として読めません（例: 1980-04-01、昭和55年4月1日、S55.4.1）`,
      );
    }
    if (date > this.context.today) return this.fail(key, value, `${date} is in the future`, `${date} は未来の日付です`);
    if (date < notBefore) return this.fail(key, value, `${date} is before ${notBefore}`, `${date} は ${notBefore} より前です`);
    return date;
  }

  coded<C extends string>(key: ColumnKey, labels: Record<C, { ja: string; en: string }>, aliases: Record<string, C> = {}): C | undefined {
    const value = this.required(key);
    if (value === undefined) return undefined;
    const code = codeFromLabel(labels, value) ?? aliases[value.normalize('NFKC').toLowerCase()];
    if (code) return code;
    const allowed = Object.values<{ ja: string }>(labels)
      .map((label) => label.ja)
      .join('、');
    return this.fail(key, value, `"${value}" is not one of: ${allowed}`, `「${value}」は使えません（${allowed} のいずれか）`);
  }
}

function readName(reader: RowReader): { family: string; given: string; familyKana: string; givenKana: string } | undefined {
  const before = reader.errors.length;
  const name = reader.required('name');
  const kana = reader.required('nameKana');
  const split = name === undefined ? undefined : splitFullName(name);
  if (name !== undefined && !split) {
    reader.fail(
      'name',
      name,
      'write the family and given name separated by one space: 会津 太郎',
      '氏と名を空白ひとつで区切ってください（例: 会津 太郎）',
    );
  } else if (split && split.some((part) => part.length > 30)) {
    reader.fail('name', name ?? '', 'family and given name are 30 characters at most', '氏・名はそれぞれ 30 文字以内です');
  }
  const kanaSplit = kana === undefined ? undefined : splitFullName(toHiragana(kana));
  if (kana !== undefined && !kanaSplit) {
    reader.fail(
      'nameKana',
      kana,
      'write the reading of family and given name separated by one space: あいづ たろう',
      '氏と名のフリガナを空白ひとつで区切ってください（例: あいづ たろう）',
    );
  } else if (kanaSplit && !kanaSplit.every(isHiraganaReading)) {
    reader.fail(
      'nameKana',
      kana ?? '',
      'the reading must be in kana only (hiragana or katakana)',
      'フリガナはかな（ひらがな・カタカナ）だけで書いてください',
    );
  } else if (kanaSplit && kanaSplit.some((part) => part.length > 60)) {
    reader.fail('nameKana', kana ?? '', 'each reading is 60 characters at most', 'フリガナはそれぞれ 60 文字以内です');
  }
  if (!split || !kanaSplit || reader.errors.length > before) return undefined;
  return { family: split[0], given: split[1], familyKana: kanaSplit[0], givenKana: kanaSplit[1] };
}

function readSupport(reader: RowReader): ImportRow['support'] | 'invalid' {
  const raw = reader.cell('supportNeeded');
  if (raw === undefined) return undefined;
  const folded = raw.normalize('NFKC').toLowerCase();
  const needed = YES.has(folded)
    ? true
    : NO.has(folded)
      ? false
      : reader.fail('supportNeeded', raw, `"${raw}" is not はい or いいえ`, `「${raw}」は はい／いいえ で書いてください`);
  if (needed === undefined) return 'invalid';
  const list = reader.cell('supportCategories') ?? '';
  const reason = reader.optional('supportReason', 400) ?? null;
  const categories: SupportCategory[] = [];
  for (const item of list
    .split(/[;；、,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '')) {
    const code = codeFromLabel(SUPPORT_CATEGORY_LABELS, item);
    if (!code) {
      reader.fail('supportCategories', item, `"${item}" is not a support category`, `「${item}」は要支援区分にありません`);
      return 'invalid';
    }
    if (!categories.includes(code)) categories.push(code);
  }
  if (needed && categories.length === 0) {
    reader.fail('supportCategories', list, 'a support-needed person needs at least one category', '要支援の人には要支援区分が必要です');
    return 'invalid';
  }
  if (!needed && (categories.length > 0 || reason !== null)) {
    reader.fail(
      'supportNeeded',
      raw,
      'categories or a reason are given but 要支援 is not はい',
      '要支援区分・理由があるのに要支援が「はい」ではありません',
    );
    return 'invalid';
  }
  categories.sort((a, b) => SUPPORT_CATEGORIES.indexOf(a) - SUPPORT_CATEGORIES.indexOf(b));
  return { needed, categories, reason };
}

function readFamily(reader: RowReader, ownCode: string | undefined): ImportRow['family'] | 'invalid' {
  const raw = reader.cell('family');
  if (raw === undefined) return undefined;
  const links: { relation: FamilyRelation; residentCode: string }[] = [];
  for (const item of raw
    .split(/[;；]/)
    .map((s) => s.trim())
    .filter((s) => s !== '')) {
    const match = /^(.+?)[:：]\s*([0-9０-９]{11})$/.exec(item);
    const relation = match?.[1] ? (codeFromLabel(FAMILY_RELATION_LABELS, match[1]) ?? FAMILY_ALIASES[match[1].trim()]) : undefined;
    const residentCode = match?.[2]?.normalize('NFKC');
    if (!relation || !residentCode) {
      reader.fail(
        'family',
        item,
        `"${item}" is not relation:resident code (e.g. 子:12345678901)`,
        `「${item}」は 続柄:住民票コード の形ではありません（例: 子:12345678901）`,
      );
      return 'invalid';
    }
    if (residentCode === ownCode) {
      reader.fail('family', item, 'a person cannot be their own relative', '本人を家族に指定することはできません');
      return 'invalid';
    }
    if (links.some((link) => link.residentCode === residentCode)) {
      reader.fail('family', item, `${residentCode} is listed twice`, `${residentCode} が二度書かれています`);
      return 'invalid';
    }
    links.push({ relation, residentCode });
  }
  return links;
}

function readChange(reader: RowReader): DeclaredChange | null | undefined {
  const raw = reader.cell('change') ?? '';
  if (raw === '') return null;
  const code = codeFromLabel(CHANGE_KIND_LABELS, raw);
  if (code === 'move_in' || code === 'move_out' || code === 'birth' || code === 'death') return code;
  if (code) {
    return reader.fail(
      'change',
      raw,
      `${raw} is recorded by itself when the address or household differs; leave 異動 empty`,
      `${raw}は住所・世帯の違いから自動で記録されます。異動は空欄にしてください`,
    );
  }
  return reader.fail('change', raw, `"${raw}" is not one of 転入, 転出, 出生, 死亡`, `「${raw}」は使えません（転入・転出・出生・死亡 のいずれか）`);
}

/** Validates one record; returns the row or every problem found in it. */
export function readRow(record: CsvRecord, context: RowContext): { row: ImportRow } | { errors: ImportRowError[] } {
  const reader = new RowReader(record, context);
  const householdCode = reader.required('householdCode')?.normalize('NFKC');
  if (householdCode !== undefined && !/^[0-9A-Za-z-]{1,20}$/.test(householdCode)) {
    reader.fail('householdCode', householdCode, 'a household code is 1–20 letters, digits or hyphens', '世帯番号は英数字とハイフン 20 文字以内です');
  }
  const residentCode = reader.required('residentCode')?.normalize('NFKC');
  if (residentCode !== undefined && !/^[0-9]{11}$/.test(residentCode)) {
    reader.fail('residentCode', residentCode, 'a resident code is 11 digits', '住民票コードは 11 桁の数字です');
  }
  const name = readName(reader);
  const birthRaw = reader.required('birthDate');
  const birthDate = birthRaw === undefined ? undefined : reader.date('birthDate', birthRaw);
  const sex = reader.coded('sex', SEX_LABELS, SEX_ALIASES);
  const relationship = reader.coded('relationship', RELATIONSHIP_LABELS);
  const districtName = reader.required('district')?.normalize('NFC');
  const districtId = districtName === undefined ? undefined : context.districts.get(districtName);
  if (districtName !== undefined && !districtId) {
    reader.fail('district', districtName, `"${districtName}" is not a town (町名) of this city`, `「${districtName}」はこの市の町名にありません`);
  }
  const banchi = reader.required('banchi')?.normalize('NFKC');
  if (banchi !== undefined && banchi.length > 40) reader.fail('banchi', banchi, '番地 is 40 characters at most', '番地は 40 文字以内です');
  const building = reader.optional('building', 80);
  const phone = reader.optional('phone', 20)?.normalize('NFKC');
  if (phone && (!/^0[0-9-]+$/.test(phone) || ![10, 11].includes(phone.replace(/-/g, '').length))) {
    reader.fail(
      'phone',
      phone,
      'a phone number is 10 or 11 digits starting with 0 (hyphens allowed)',
      '電話番号は 0 で始まる 10 桁か 11 桁です（ハイフン可）',
    );
  }
  const email = reader.optional('email', 254)?.normalize('NFKC');
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    reader.fail('email', email, `"${email}" is not an e-mail address`, `「${email}」はメールアドレスではありません`);
  const support = readSupport(reader);
  const family = readFamily(reader, residentCode);
  const change = readChange(reader);
  const changeRaw = reader.cell('changeDate') ?? '';
  let changeDate: string | null | undefined = null;
  if (changeRaw !== '') {
    changeDate = reader.date('changeDate', changeRaw, birthDate);
  }
  if (change === 'birth' && changeDate && birthDate && changeDate !== birthDate) {
    reader.fail(
      'changeDate',
      changeRaw,
      `a birth (出生) is dated on the birth date ${birthDate}`,
      `出生の異動日は生年月日（${birthDate}）と同じです`,
    );
  }

  if (
    reader.errors.length > 0 ||
    householdCode === undefined ||
    residentCode === undefined ||
    !name ||
    !birthDate ||
    !sex ||
    !relationship ||
    !districtId ||
    districtName === undefined ||
    banchi === undefined ||
    support === 'invalid' ||
    family === 'invalid' ||
    change === undefined ||
    changeDate === undefined
  ) {
    return { errors: reader.errors };
  }
  return {
    row: {
      row: record.row,
      householdCode,
      residentCode,
      familyName: name.family,
      givenName: name.given,
      familyNameKana: name.familyKana,
      givenNameKana: name.givenKana,
      birthDate,
      sex,
      relationship,
      districtId,
      districtName,
      banchi,
      building,
      phone,
      email,
      support,
      family,
      change,
      changeDate,
      headers: record.headers,
    },
  };
}
