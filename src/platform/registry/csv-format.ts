import { CsvError, parse } from 'csv-parse/sync';

/**
 * The registry's CSV file (docs/registry.md): UTF-8, a header row naming the columns in
 * Japanese or English, one row per person. This file reads the grid; csv-row.ts reads a row.
 */

export const COLUMNS = {
  householdCode: { ja: '世帯番号', en: 'household_code', aliases: ['世帯コード'], required: true },
  residentCode: { ja: '住民票コード', en: 'resident_code', aliases: [], required: true },
  name: { ja: '氏名', en: 'name', aliases: [], required: true },
  nameKana: { ja: 'フリガナ', en: 'name_kana', aliases: ['ふりがな', '氏名フリガナ'], required: true },
  birthDate: { ja: '生年月日', en: 'birth_date', aliases: [], required: true },
  sex: { ja: '性別', en: 'sex', aliases: [], required: true },
  relationship: { ja: '続柄', en: 'relationship', aliases: [], required: true },
  district: { ja: '町名', en: 'district', aliases: [], required: true },
  banchi: { ja: '番地', en: 'banchi', aliases: [], required: true },
  building: { ja: '方書', en: 'building', aliases: ['建物'], required: false },
  phone: { ja: '電話番号', en: 'phone', aliases: ['電話'], required: false },
  email: { ja: 'メールアドレス', en: 'email', aliases: ['メール'], required: false },
  supportNeeded: { ja: '要支援', en: 'support_needed', aliases: [], required: false },
  supportCategories: { ja: '要支援区分', en: 'support_categories', aliases: [], required: false },
  supportReason: { ja: '要支援理由', en: 'support_reason', aliases: [], required: false },
  family: { ja: '別世帯の家族', en: 'family_elsewhere', aliases: ['family'], required: false },
  change: { ja: '異動', en: 'change', aliases: [], required: false },
  changeDate: { ja: '異動日', en: 'change_date', aliases: [], required: false },
} as const;

export type ColumnKey = keyof typeof COLUMNS;

/** One problem in the file: where (row is the line the record starts on; the header is 1) and what, in English and Japanese. */
export type ImportRowError = {
  row: number;
  /** The column as the file's header names it; null for a problem with the whole row or file. */
  column: string | null;
  value?: string;
  message: string;
  messageJa: string;
};

/** A data row: its line number and its cells by column, as written (trimmed). */
export type CsvRecord = { row: number; cells: Partial<Record<ColumnKey, string>>; headers: Partial<Record<ColumnKey, string>> };

export type CsvGrid = { records: CsvRecord[]; columns: Set<ColumnKey>; errors: ImportRowError[] };

const fold = (header: string) => header.normalize('NFKC').trim().toLowerCase();

const HEADER_INDEX = new Map<string, ColumnKey>(
  (Object.entries(COLUMNS) as [ColumnKey, (typeof COLUMNS)[ColumnKey]][]).flatMap(([key, column]) =>
    [column.ja, column.en, ...column.aliases].map((name) => [fold(name), key] as const),
  ),
);

function readHeader(header: readonly string[]): { keys: (ColumnKey | undefined)[]; errors: ImportRowError[] } {
  const errors: ImportRowError[] = [];
  const seen = new Map<ColumnKey, string>();
  const keys = header.map((name) => {
    const key = HEADER_INDEX.get(fold(name));
    if (!key) {
      errors.push({
        row: 1,
        column: name,
        message: `unknown column "${name}" (see docs/registry.md for the columns)`,
        messageJa: `列「${name}」は使えません（列の一覧は docs/registry.md）`,
      });
      return undefined;
    }
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      errors.push({
        row: 1,
        column: name,
        message: `column "${name}" repeats "${earlier}"`,
        messageJa: `列「${name}」は「${earlier}」と重複しています`,
      });
      return undefined;
    }
    seen.set(key, name);
    return key;
  });
  for (const [key, column] of Object.entries(COLUMNS) as [ColumnKey, (typeof COLUMNS)[ColumnKey]][]) {
    if (column.required && !seen.has(key)) {
      errors.push({
        row: 1,
        column: column.ja,
        message: `required column "${column.ja}" (${column.en}) is missing`,
        messageJa: `必須の列「${column.ja}」がありません`,
      });
    }
  }
  const support = (['supportNeeded', 'supportCategories', 'supportReason'] as const).filter((key) => seen.has(key));
  if (support.length > 0 && !seen.has('supportNeeded')) {
    errors.push({
      row: 1,
      column: COLUMNS.supportNeeded.ja,
      message: `column "${COLUMNS.supportNeeded.ja}" (support_needed) must accompany the other support columns`,
      messageJa: `要支援の列を使うときは「${COLUMNS.supportNeeded.ja}」の列も必要です`,
    });
  }
  return { keys, errors };
}

type ParsedRecord = { record: string[]; info: { lines: number; empty_lines: number } };

/** Reads the CSV text into records keyed by column; a malformed file or header yields errors and no records. */
export function readCsv(text: string): CsvGrid {
  let parsed: ParsedRecord[];
  try {
    parsed = parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true }) as unknown as ParsedRecord[];
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    const line = (err as CsvError & { lines?: number }).lines ?? 0;
    return {
      records: [],
      columns: new Set(),
      errors: [
        { row: line, column: null, message: `the file is not valid CSV: ${err.message}`, messageJa: `CSV として読めません（${line} 行目付近）` },
      ],
    };
  }
  const [first, ...rest] = parsed;
  if (!first) {
    return { records: [], columns: new Set(), errors: [{ row: 1, column: null, message: 'the file is empty', messageJa: 'ファイルが空です' }] };
  }
  const { keys, errors } = readHeader(first.record);
  const columns = new Set(keys.filter((key): key is ColumnKey => key !== undefined));
  if (errors.length > 0) return { records: [], columns, errors };
  const headers: Partial<Record<ColumnKey, string>> = {};
  keys.forEach((key, i) => {
    if (key) headers[key] = first.record[i];
  });

  const records: CsvRecord[] = [];
  let previous = first.info;
  for (const { record, info } of rest) {
    const row = previous.lines + 1 + (info.empty_lines - previous.empty_lines);
    previous = info;
    if (record.length !== keys.length) {
      errors.push({
        row,
        column: null,
        message: `has ${record.length} fields but the header has ${keys.length}`,
        messageJa: `項目数が ${record.length} 個です（見出しは ${keys.length} 個）`,
      });
      continue;
    }
    const cells: Partial<Record<ColumnKey, string>> = {};
    keys.forEach((key, i) => {
      if (key) cells[key] = (record[i] ?? '').replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
    });
    records.push({ row, cells, headers });
  }
  if (records.length === 0 && errors.length === 0) {
    errors.push({ row: 2, column: null, message: 'the file has a header but no rows', messageJa: '見出し行のほかに行がありません' });
  }
  return { records, columns, errors };
}
